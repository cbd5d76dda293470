// /users/@me, /users/@me/guilds and /users/:userId. The two @me routes also answer an OAuth2
// Bearer token, for the user who granted it.
import type { Context, Handler, Hono } from 'hono';
import type { RESTAPIPartialCurrentUserGuild } from 'discord-api-types/v10';
import { checkSnowflake } from '../access.js';
import { bucketed, pathParam } from '../bucketed.js';
import type { FakeContext } from '../context.js';
import { respond, unknownUser } from '../errors.js';
import { pageAscending, parseCursor, parseLimit } from '../paging.js';
import { permissionsOf } from '../permissions.js';
import type { GuildRecord } from '../store.js';
import { compareIds } from '../snowflake.js';
import type { BearerGrant, FakeEnv } from '../types.js';

/** `permissions` is the user's computed guild-level set, as a decimal string. */
function partialGuild(record: GuildRecord, userId: string, withCounts: boolean): RESTAPIPartialCurrentUserGuild {
  const { id, name, icon, banner, features } = record.guild;
  const owner = record.guild.owner_id === userId;
  const partial: RESTAPIPartialCurrentUserGuild = { id, name, icon, banner, owner, permissions: permissionsOf(record, userId).toString(), features };
  if (withCounts) Object.assign(partial, approximateCounts(record));
  return partial;
}

/** UserPIIResponse: what /users/@me answers a Bearer token (email only with the email scope). */
function currentUser(ctx: FakeContext, grant: BearerGrant) {
  const user = ctx.store.users.get(grant.userId);
  const pii = { ...user, mfa_enabled: false, locale: 'en-US', premium_type: 0 };
  if (!grant.scopes.includes('email')) return pii;
  return { ...pii, email: `${user?.username ?? 'user'}@users.fake-discord.test`, verified: true };
}

/** The Bearer grant's handler when the request carried one, the bot's otherwise. */
function eitherAuth(forBearer: (c: Context<FakeEnv>, grant: BearerGrant) => Response, forBot: Handler<FakeEnv>): Handler<FakeEnv> {
  return (c, next) => {
    const grant = c.get('bearer');
    return grant ? forBearer(c, grant) : forBot(c, next);
  };
}

/** The guilds a user is in (as owner or member) or a bot is in, one page of them. */
function guildPage(ctx: FakeContext, c: Context<FakeEnv>, userId: string, isIn: (record: GuildRecord) => boolean): Response {
  const limit = parseLimit(c.req.query('limit'), { fallback: 200, max: 200 });
  if (!limit.ok) return respond(c, limit.error);
  const before = parseCursor('before', c.req.query('before'));
  if (!before.ok) return respond(c, before.error);
  const after = parseCursor('after', c.req.query('after'));
  if (!after.ok) return respond(c, after.error);
  const mine = [...ctx.store.guilds.values()].filter(isIn).sort((a, b) => compareIds(a.guild.id, b.guild.id));
  const page = pageAscending(mine, (r) => r.guild.id, { before: before.value, after: after.value }, limit.value);
  const withCounts = c.req.query('with_counts') === 'true';
  return c.json(page.map((record) => partialGuild(record, userId, withCounts)));
}

export function approximateCounts(record: GuildRecord) {
  const members = record.members.length;
  return { approximate_member_count: members, approximate_presence_count: Math.floor(members / 4) };
}

export function registerUserRoutes(api: Hono<FakeEnv>, ctx: FakeContext): void {
  api.get('/users/@me', eitherAuth(
    (c, grant) => c.json(currentUser(ctx, grant)),
    bucketed(ctx, '/users/@me', (c, bot) => c.json(bot.user)),
  ));

  api.get('/users/@me/guilds', eitherAuth(
    (c, grant) => guildPage(ctx, c, grant.userId, (r) => r.guild.owner_id === grant.userId || r.memberById.has(grant.userId)),
    bucketed(ctx, '/users/@me/guilds', (c, bot) => guildPage(ctx, c, bot.user.id, (r) => r.botIds.has(bot.user.id))),
  ));

  // Registered after the @me routes so those win for the literal '@me'.
  api.get('/users/:userId', bucketed(ctx, '/users/:userId', (c) => {
    const id = checkSnowflake('user_id', pathParam(c, 'userId'));
    if (!id.ok) return respond(c, id.error);
    const user = ctx.store.users.get(id.value);
    return user ? c.json(user) : respond(c, unknownUser());
  }));
}
