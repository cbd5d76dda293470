import { Routes } from 'discord-api-types/v10';
import type { ResourceKind } from '../cache/resource-kind.js';
import type { WriteOperation } from './write-operation.js';

/** The guild object carries its roles too, so a role change makes both stale. */
const ROLE_CHANGES: readonly ResourceKind[] = ['roles', 'guild'];

export function createRole(guildId: string, body: Readonly<Record<string, unknown>>): WriteOperation {
  return { method: 'POST', route: Routes.guildRoles(guildId), body, target: { guildId }, changes: ROLE_CHANGES };
}

export function modifyRole(guildId: string, roleId: string, body: Readonly<Record<string, unknown>>): WriteOperation {
  return { method: 'PATCH', route: Routes.guildRole(guildId, roleId), body, target: { guildId }, changes: ROLE_CHANGES };
}

/** A deleted role also leaves every member who held it. */
export function deleteRole(guildId: string, roleId: string): WriteOperation {
  return { method: 'DELETE', route: Routes.guildRole(guildId, roleId), target: { guildId }, changes: [...ROLE_CHANGES, 'members'] };
}
