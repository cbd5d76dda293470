// /guilds/:id and its channels, roles and members.
import type { Hono } from 'hono';
import type { APIGuildMember } from 'discord-api-types/v10';
import { checkSnowflake, visibleGuild } from '../access.js';
import { bucketed, pathParam } from '../bucketed.js';
import type { FakeContext } from '../context.js';
import { invalidFormBody, missingAccess, respond, unknownMember } from '../errors.js';
import { pageMembers, parseCursor, parseLimit } from '../paging.js';
import type { GuildRecord } from '../store.js';
import type { FakeEnv } from '../types.js';
import { approximateCounts } from './users.js';

export function registerGuildRoutes(api: Hono<FakeEnv>, ctx: FakeContext): void {
  api.get('/guilds/:id', bucketed(ctx, '/guilds/:id', (c, bot) => {
    const guild = visibleGuild(ctx.store, bot, pathParam(c, 'id'));
    if (!guild.ok) return respond(c, guild.error);
    const body = { ...guild.value.guild, roles: guild.value.roles };
    const withCounts = c.req.query('with_counts') === 'true';
    return c.json(withCounts ? { ...body, ...approximateCounts(guild.value) } : body);
  }));

  api.get('/guilds/:id/channels', bucketed(ctx, '/guilds/:id/channels', (c, bot) => {
    const guild = visibleGuild(ctx.store, bot, pathParam(c, 'id'));
    if (!guild.ok) return respond(c, guild.error);
    // Like Discord, the list includes channels the bot cannot view; GET /channels/:id is where it gets 403.
    return c.json(guild.value.channelIds.map((id) => ctx.store.channels.get(id)?.channel));
  }));

  api.get('/guilds/:id/roles', bucketed(ctx, '/guilds/:id/roles', (c, bot) => {
    const guild = visibleGuild(ctx.store, bot, pathParam(c, 'id'));
    if (!guild.ok) return respond(c, guild.error);
    return c.json(guild.value.roles);
  }));

  api.get('/guilds/:id/members', bucketed(ctx, '/guilds/:id/members', (c, bot) => {
    const guild = visibleGuild(ctx.store, bot, pathParam(c, 'id'));
    if (!guild.ok) return respond(c, guild.error);
    // The member list needs the privileged GUILD_MEMBERS intent; a single member does not.
    if (!bot.membersIntent) return respond(c, missingAccess());
    const limit = parseLimit(c.req.query('limit'), { fallback: 1, max: 1000 });
    if (!limit.ok) return respond(c, limit.error);
    const after = parseCursor('after', c.req.query('after'));
    if (!after.ok) return respond(c, after.error);
    return c.json(pageMembers(guild.value.members, after.value, limit.value));
  }));

  // Registered before /members/:userId so that 'search' is not taken for a user id.
  api.get('/guilds/:id/members/search', bucketed(ctx, '/guilds/:id/members/search', (c, bot) => {
    const guild = visibleGuild(ctx.store, bot, pathParam(c, 'id'));
    if (!guild.ok) return respond(c, guild.error);
    if (!bot.membersIntent) return respond(c, missingAccess());
    const query = c.req.query('query');
    if (query === undefined) return respond(c, invalidFormBody('query', 'BASE_TYPE_REQUIRED', 'This field is required'));
    const limit = parseLimit(c.req.query('limit'), { fallback: 1, max: 1000 });
    if (!limit.ok) return respond(c, limit.error);
    const prefix = query.toLowerCase();
    const matches = guild.value.members.filter((m) =>
      m.user.username.toLowerCase().startsWith(prefix) || (m.nick?.toLowerCase().startsWith(prefix) ?? false));
    return c.json(matches.slice(0, limit.value));
  }));

  api.get('/guilds/:id/members/:userId', bucketed(ctx, '/guilds/:id/members/:userId', (c, bot) => {
    const guild = visibleGuild(ctx.store, bot, pathParam(c, 'id'));
    if (!guild.ok) return respond(c, guild.error);
    const userId = checkSnowflake('user_id', pathParam(c, 'userId'));
    if (!userId.ok) return respond(c, userId.error);
    const member = guild.value.memberById.get(userId.value) ?? botMember(ctx, guild.value, userId.value);
    return member ? c.json(member) : respond(c, unknownMember());
  }));
}

/** A bot in the guild is a member too, holding its managed role (what a client reads to know its own roles). */
function botMember(ctx: FakeContext, record: GuildRecord, userId: string): APIGuildMember | undefined {
  const user = ctx.store.users.get(userId);
  if (!record.botIds.has(userId) || !user) return undefined;
  return {
    user, nick: null, avatar: null, roles: record.botRoleIds.get(userId) ?? [], joined_at: new Date(0).toISOString(),
    premium_since: null, deaf: false, mute: false, flags: 0 as APIGuildMember['flags'], pending: false, communication_disabled_until: null,
  };
}
