import type { Context } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { userSessionRequired } from '../middleware/session-auth.js';
import type { UserContext } from '../oauth/oauth-service.js';
import { guildIdsOf } from '../reads/guild-ids.js';
import * as resources from '../reads/resources.js';
import type { ManagedGuild } from '../sessions/session.js';
import type { RouteInput, RouteSpec } from './route.js';
import { readResource } from './serve-resource.js';

/**
 * What a user session may reach: guilds they own or hold ADMINISTRATOR or MANAGE_GUILD in,
 * where the application's bot is too (the mutual, manageable set). Checked after the input is
 * valid and before the route asks Discord anything; bot sessions pass untouched. A channel
 * counts as its guild (read through the cache as the configured bot); a DM channel never passes.
 */
export async function checkUserScope(c: Context<AppEnv>, spec: RouteSpec, input: RouteInput<unknown, unknown, unknown>, deps: Deps): Promise<void> {
  const scope = spec.scope;
  if (!scope || c.get('session').session.kind !== 'user') return;
  if ('channel' in scope) {
    const channelId = named(input, scope.channel);
    if (channelId) await requireMutual(c, deps, await channelGuild(c, deps, channelId));
    return;
  }
  // No guild named (the flat routes' default): the handler picks the user's only mutual guild.
  const guildId = named(input, scope.guild);
  if (guildId) await requireMutual(c, deps, guildId);
}

/** The user session of the request with its guild list no older than CACHE_TTL_USER_GUILDS. */
export async function currentUser(c: Context<AppEnv>, deps: Deps, fresh = false): Promise<UserContext> {
  const resolved = c.get('session');
  if (resolved.session.kind !== 'user') throw userSessionRequired();
  const context = { key: resolved.key, session: resolved.session };
  if (!deps.oauth) return context;
  const current = await deps.oauth.managedGuilds(context, fresh);
  if (current !== context) c.set('session', current);
  return current;
}

/** The user's manageable guilds where the bot is too, in the user's order. */
export async function mutualGuilds(c: Context<AppEnv>, deps: Deps): Promise<ManagedGuild[]> {
  const { session } = await currentUser(c, deps);
  const botGuilds = await botGuildIds(c, deps);
  return session.guilds.filter((guild) => botGuilds.has(guild.id));
}

/** The flat routes without guildId, for a user session: their only mutual guild, else 400. */
export async function onlyMutualGuild(c: Context<AppEnv>, deps: Deps): Promise<string> {
  const guilds = await mutualGuilds(c, deps);
  const only = guilds.length === 1 ? guilds[0] : undefined;
  if (only) return only.id;
  throw new AppError('NO_DEFAULT_GUILD', `Pass guildId: you can manage ${guilds.length} guilds with this bot`, {
    details: { parameter: 'guildId' },
  });
}

async function requireMutual(c: Context<AppEnv>, deps: Deps, guildId: string | undefined): Promise<void> {
  const { session } = await currentUser(c, deps);
  // The user's own list first: a guild they do not manage costs Discord nothing at all.
  if (guildId && session.guilds.some((guild) => guild.id === guildId) && (await botGuildIds(c, deps)).has(guildId)) return;
  throw new AppError('GUILD_NOT_MANAGEABLE', 'You do not manage this guild, or the bot is not in it');
}

/** The guild of a channel, from the cached channel read; undefined for a DM. */
async function channelGuild(c: Context<AppEnv>, deps: Deps, channelId: string): Promise<string | undefined> {
  const { entry } = await readResource(c, deps, resources.channel(channelId), false);
  const channel = JSON.parse(decoder.decode(entry.body)) as { guild_id?: string };
  return channel.guild_id;
}

const decoder = new TextDecoder();

/** The ids of the bot's guilds, from the cached guild list (never a bypass: that is the route's business). */
export async function botGuildIds(c: Context<AppEnv>, deps: Deps): Promise<ReadonlySet<string>> {
  const { entry } = await readResource(c, deps, resources.guildList(), false);
  return guildIdsOf(entry);
}

/** A parameter named by the route's scope, from its path, query or body. */
function named(input: RouteInput<unknown, unknown, unknown>, name: string): string | undefined {
  for (const part of [input.params, input.query, input.body]) {
    const value = (part as Record<string, unknown> | undefined)?.[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/**
 * `GET /api/guilds` for a user session: the bot's guild list (from the shared cache) cut down
 * to the guilds this user manages. Private to the user: never stored by a shared cache.
 */
export async function mutualGuildList(c: Context<AppEnv>, deps: Deps): Promise<Response> {
  const { session } = await currentUser(c, deps);
  const mine = new Set(session.guilds.map((guild) => guild.id));
  const { entry } = await readResource(c, deps, resources.guildList());
  const guilds = (JSON.parse(decoder.decode(entry.body)) as { id: string }[]).filter((guild) => mine.has(guild.id));
  return c.json(guilds, 200, { 'Cache-Control': 'private, no-store', 'X-Cache': 'BYPASS' });
}
