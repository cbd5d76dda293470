import type { Context } from 'hono';
import type { APIGuild, APIGuildMember, APIRole } from 'discord-api-types/v10';
import type { CachedResponse } from '../cache/cached-response.js';
import { etagOf } from '../cache/cached-response.js';
import type { CacheRead, CacheState } from '../cache/response-cache.js';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { manageableRoles } from '../reads/manageable-roles.js';
import * as resources from '../reads/resources.js';
import { readResource, respondWithEntry } from './serve-resource.js';

export const MANAGEABLE_DESCRIPTION =
  '`manageable=true`: the roles the bot can assign. It owns the guild or holds MANAGE_ROLES or ADMINISTRATOR; each role sits ' +
  'below its highest role (ties: the lower id is higher), is not managed and is not @everyone. Derived from the cached ' +
  "roles, guild and the bot's own member record, so it changes with them; `X-Cache` is HIT only when all three were.";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Worked out on each request from three cached reads, so it is never staler than they are. */
export async function serveManageableRoles(c: Context<AppEnv>, deps: Deps, guildId: string): Promise<Response> {
  const botId = c.get('session').session.identity.bot.id;
  const [roles, guild, member] = await Promise.all([
    readResource(c, deps, resources.guildRoles(guildId)),
    readResource(c, deps, resources.guild(guildId)),
    readResource(c, deps, resources.guildMember(guildId, botId)),
  ]);
  const assignable = manageableRoles(parse<APIGuild>(guild), parse<APIRole[]>(roles), parse<APIGuildMember>(member), botId);
  return respondWithEntry(c, derivedRead([roles, guild, member], encoder.encode(JSON.stringify(assignable))), deps.clock.now());
}

function parse<T>(read: CacheRead): T {
  return JSON.parse(decoder.decode(read.entry.body)) as T;
}

/** As old as the oldest part, expiring with the first to expire; a HIT only when every part was. */
function derivedRead(parts: readonly CacheRead[], body: Uint8Array): CacheRead {
  const first = parts[0]!.entry;
  const entry: CachedResponse = {
    ...first,
    body,
    etag: etagOf(body),
    storedAt: Math.min(...parts.map((part) => part.entry.storedAt)),
    expiresAt: Math.min(...parts.map((part) => part.entry.expiresAt)),
  };
  const states = new Set<CacheState>(parts.map((part) => part.state));
  const state: CacheState = states.has('BYPASS') ? 'BYPASS' : states.has('MISS') ? 'MISS' : 'HIT';
  return { entry, state };
}
