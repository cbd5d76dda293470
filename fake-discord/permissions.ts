// Discord's permission model, as far as the fake's writes need it: a member's guild-level
// permissions are the union of @everyone and their roles (the owner and ADMINISTRATOR have all),
// and roles are ordered by position, ties broken by id with the lower id counting as higher.
import type { APIRole } from 'discord-api-types/v10';
import { compareIds } from './snowflake.js';
import type { GuildRecord } from './store.js';

export const Permission = {
  MANAGE_CHANNELS: 1n << 4n,
  ADMINISTRATOR: 1n << 3n,
  MANAGE_GUILD: 1n << 5n,
  ADD_REACTIONS: 1n << 6n,
  VIEW_CHANNEL: 1n << 10n,
  SEND_MESSAGES: 1n << 11n,
  MANAGE_MESSAGES: 1n << 13n,
  EMBED_LINKS: 1n << 14n,
  ATTACH_FILES: 1n << 15n,
  READ_MESSAGE_HISTORY: 1n << 16n,
  MUTE_MEMBERS: 1n << 22n,
  DEAFEN_MEMBERS: 1n << 23n,
  MOVE_MEMBERS: 1n << 24n,
  CHANGE_NICKNAME: 1n << 26n,
  MANAGE_NICKNAMES: 1n << 27n,
  MANAGE_ROLES: 1n << 28n,
  MODERATE_MEMBERS: 1n << 40n,
} as const;

/** Every permission bit Discord defines today (up to bit 50); what the owner and admins hold. */
export const ALL_PERMISSIONS = (1n << 51n) - 1n;

/** The seeded bot role: what a dashboard bot is typically invited with, but not ADMINISTRATOR. */
export const BOT_ROLE_PERMISSIONS = [
  Permission.MANAGE_ROLES, Permission.MANAGE_CHANNELS, Permission.SEND_MESSAGES, Permission.MANAGE_MESSAGES,
  Permission.MANAGE_NICKNAMES, Permission.MODERATE_MEMBERS, Permission.VIEW_CHANNEL, Permission.READ_MESSAGE_HISTORY,
  Permission.EMBED_LINKS, Permission.ATTACH_FILES, Permission.ADD_REACTIONS, Permission.MUTE_MEMBERS,
  Permission.DEAFEN_MEMBERS, Permission.MOVE_MEMBERS, Permission.CHANGE_NICKNAME,
].reduce((all, bit) => all | bit, 0n);

export const has = (permissions: bigint, bit: bigint): boolean =>
  (permissions & Permission.ADMINISTRATOR) !== 0n || (permissions & bit) === bit;

/** The role ids a user holds in the guild: a bot's seeded roles or a member's roles. */
export function roleIdsOf(record: GuildRecord, userId: string): string[] {
  return record.botRoleIds.get(userId) ?? record.memberById.get(userId)?.roles ?? [];
}

export function permissionsOf(record: GuildRecord, userId: string): bigint {
  if (record.guild.owner_id === userId) return ALL_PERMISSIONS;
  const everyone = record.roles.find((role) => role.id === record.guild.id);
  let permissions = BigInt(everyone?.permissions ?? '0');
  for (const roleId of roleIdsOf(record, userId)) {
    const role = record.roles.find((r) => r.id === roleId);
    if (role) permissions |= BigInt(role.permissions);
  }
  return (permissions & Permission.ADMINISTRATOR) !== 0n ? ALL_PERMISSIONS : permissions;
}

/** Positive when `a` sits above `b` in the role list. */
export function compareRoles(a: APIRole, b: APIRole): number {
  if (a.position !== b.position) return a.position - b.position;
  return -compareIds(a.id, b.id);
}

/** The user's highest role, @everyone when they hold none. */
export function highestRole(record: GuildRecord, userId: string): APIRole | undefined {
  const everyone = record.roles.find((role) => role.id === record.guild.id);
  let top = everyone;
  for (const roleId of roleIdsOf(record, userId)) {
    const role = record.roles.find((r) => r.id === roleId);
    if (role && (!top || compareRoles(role, top) > 0)) top = role;
  }
  return top;
}

/** Whether `actorId` may act on `role` by hierarchy alone: the owner may, others only below their top. */
export function outranksRole(record: GuildRecord, actorId: string, role: APIRole): boolean {
  if (record.guild.owner_id === actorId) return true;
  const top = highestRole(record, actorId);
  return top !== undefined && compareRoles(top, role) > 0;
}

/** Whether `actorId` outranks the member `targetId` (nicknames, timeouts): never the owner. */
export function outranksMember(record: GuildRecord, actorId: string, targetId: string): boolean {
  if (record.guild.owner_id === targetId) return false;
  if (record.guild.owner_id === actorId) return true;
  const mine = highestRole(record, actorId);
  const theirs = highestRole(record, targetId);
  if (!mine || !theirs) return false;
  return compareRoles(mine, theirs) > 0;
}
