import { Routes } from 'discord-api-types/v10';
import type { WriteOperation } from './write-operation.js';

/** Changes the member, and so every member list, search and the manageable roles it feeds. */
export function addMemberRole(guildId: string, userId: string, roleId: string): WriteOperation {
  return { method: 'PUT', route: Routes.guildMemberRole(guildId, userId, roleId), target: { guildId }, changes: ['members'] };
}

export function removeMemberRole(guildId: string, userId: string, roleId: string): WriteOperation {
  return { method: 'DELETE', route: Routes.guildMemberRole(guildId, userId, roleId), target: { guildId }, changes: ['members'] };
}

export function modifyMember(guildId: string, userId: string, body: Readonly<Record<string, unknown>>): WriteOperation {
  return { method: 'PATCH', route: Routes.guildMember(guildId, userId), body, target: { guildId }, changes: ['members'] };
}
