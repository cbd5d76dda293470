// /users/@me, /users/@me/guilds and /users/:userId.
import type { Hono } from 'hono';
import type { RESTAPIPartialCurrentUserGuild } from 'discord-api-types/v10';
import { checkSnowflake } from '../access.js';
import { bucketed, pathParam } from '../bucketed.js';
import type { FakeContext } from '../context.js';
import { respond, unknownUser } from '../errors.js';
import { pageAscending, parseCursor, parseLimit } from '../paging.js';
import type { GuildRecord } from '../store.js';
import { compareIds } from '../snowflake.js';
import type { FakeEnv } from '../types.js';

/** What a typical dashboard bot is granted: view, send, read history, manage messages, ... */
const BOT_PERMISSIONS = '1099511627775';

function partialGuild(record: GuildRecord, withCounts: boolean): RESTAPIPartialCurrentUserGuild {
  const { id, name, icon, banner, features } = record.guild;
  const partial: RESTAPIPartialCurrentUserGuild = { id, name, icon, banner, owner: false, permissions: BOT_PERMISSIONS, features };
  if (withCounts) Object.assign(partial, approximateCounts(record));
  return partial;
}

export function approximateCounts(record: GuildRecord) {
  const members = record.members.length;
  return { approximate_member_count: members, approximate_presence_count: Math.floor(members / 4) };
}

export function registerUserRoutes(api: Hono<FakeEnv>, ctx: FakeContext): void {
  api.get('/users/@me', bucketed(ctx, '/users/@me', (c, bot) => c.json(bot.user)));

  api.get('/users/@me/guilds', bucketed(ctx, '/users/@me/guilds', (c, bot) => {
    const limit = parseLimit(c.req.query('limit'), { fallback: 200, max: 200 });
    if (!limit.ok) return respond(c, limit.error);
    const before = parseCursor('before', c.req.query('before'));
    if (!before.ok) return respond(c, before.error);
    const after = parseCursor('after', c.req.query('after'));
    if (!after.ok) return respond(c, after.error);
    const mine = [...ctx.store.guilds.values()]
      .filter((record) => record.botIds.has(bot.user.id))
      .sort((a, b) => compareIds(a.guild.id, b.guild.id));
    const page = pageAscending(mine, (r) => r.guild.id, { before: before.value, after: after.value }, limit.value);
    const withCounts = c.req.query('with_counts') === 'true';
    return c.json(page.map((record) => partialGuild(record, withCounts)));
  }));

  // Registered after the @me routes so those win for the literal '@me'.
  api.get('/users/:userId', bucketed(ctx, '/users/:userId', (c) => {
    const id = checkSnowflake('user_id', pathParam(c, 'userId'));
    if (!id.ok) return respond(c, id.error);
    const user = ctx.store.users.get(id.value);
    return user ? c.json(user) : respond(c, unknownUser());
  }));
}
