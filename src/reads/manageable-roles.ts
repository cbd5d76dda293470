import type { APIGuild, APIGuildMember, APIRole } from 'discord-api-types/v10';
import { compareSnowflakes } from '../discord/snowflake.js';

const ADMINISTRATOR = 1n << 3n;
const MANAGE_ROLES = 1n << 28n;

/**
 * The roles a bot can assign, as Discord decides it: the bot owns the guild, or holds
 * MANAGE_ROLES or ADMINISTRATOR through @everyone and its roles; and then only roles below its
 * highest role (the owner: every role), never a managed role (bots', boosters', integrations'),
 * never @everyone. What a role picker should offer, in Discord's order (highest first).
 */
export function manageableRoles(guild: Pick<APIGuild, 'id' | 'owner_id'>, roles: readonly APIRole[], bot: Pick<APIGuildMember, 'roles'>, botId: string): APIRole[] {
  const candidates = roles.filter((role) => !role.managed && role.id !== guild.id);
  if (guild.owner_id === botId) return sortHighestFirst(candidates);
  const held = roles.filter((role) => role.id === guild.id || bot.roles.includes(role.id));
  const permissions = held.reduce((bits, role) => bits | BigInt(role.permissions), 0n);
  if ((permissions & (ADMINISTRATOR | MANAGE_ROLES)) === 0n) return [];
  const top = held.reduce<APIRole | undefined>((best, role) => (!best || compareRoles(role, best) > 0 ? role : best), undefined);
  if (!top) return [];
  return sortHighestFirst(candidates.filter((role) => compareRoles(top, role) > 0));
}

/** Positive when `a` sits above `b`: by position, and on a tie the lower id is the higher role (as on Discord). */
export function compareRoles(a: Pick<APIRole, 'id' | 'position'>, b: Pick<APIRole, 'id' | 'position'>): number {
  if (a.position !== b.position) return a.position - b.position;
  return -compareSnowflakes(a.id, b.id);
}

function sortHighestFirst(roles: APIRole[]): APIRole[] {
  return roles.sort((a, b) => compareRoles(b, a));
}
