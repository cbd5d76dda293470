// PATCH /guilds/:id/members/:userId (modify member). Each field needs its own permission:
// nick MANAGE_NICKNAMES, roles MANAGE_ROLES (every role added or removed below the bot's top),
// communication_disabled_until MODERATE_MEMBERS, mute MUTE_MEMBERS, deaf DEAFEN_MEMBERS,
// channel_id MOVE_MEMBERS; a nickname or timeout also needs the bot to outrank the member.
import type { Hono } from 'hono';
import type { APIGuildMember } from 'discord-api-types/v10';
import { ChannelType } from 'discord-api-types/v10';
import { checkSnowflake, visibleGuild } from '../access.js';
import { bucketed, pathParam } from '../bucketed.js';
import type { FakeContext } from '../context.js';
import { fail, missingPermissions, ok, respond, unknownMember, type Result } from '../errors.js';
import { FormErrors, readJsonObject, type Json } from '../forms.js';
import { requirePermissions } from '../guild-access.js';
import { ALL_PERMISSIONS, Permission, outranksMember, permissionsOf } from '../permissions.js';
import type { FakeStore, GuildRecord } from '../store.js';
import type { FakeBot, FakeEnv } from '../types.js';
import { assignableRole } from './role-writes.js';

const MAX_TIMEOUT_MS = 28 * 24 * 60 * 60_000;

function checkMemberBody(store: FakeStore, record: GuildRecord, body: Json, now: number): Result<Json> {
  const errors = new FormErrors();
  errors.string(body, 'nick', { max: 32 });
  errors.boolean(body, 'mute');
  errors.boolean(body, 'deaf');
  if (body.roles !== undefined && body.roles !== null) {
    if (!Array.isArray(body.roles)) errors.add(['roles'], 'BASE_TYPE_LIST', 'Must be a list.');
    else body.roles.forEach((id, i) => {
      if (typeof id !== 'string' || !record.roles.some((r) => r.id === id)) errors.add(['roles', i], 'UNKNOWN_ROLE', 'Unknown role');
    });
  }
  const until = body.communication_disabled_until;
  if (until !== undefined && until !== null) {
    const at = typeof until === 'string' ? Date.parse(until) : Number.NaN;
    if (Number.isNaN(at)) errors.add(['communication_disabled_until'], 'DATE_TYPE_PARSE', `Could not parse ${String(until)}. Should be ISO8601.`);
    else if (at > now + MAX_TIMEOUT_MS) {
      errors.add(['communication_disabled_until'], 'BASE_TYPE_BAD_VALUE', 'Timeout cannot be more than 28 days in the future.');
    }
  }
  const channelId = body.channel_id;
  if (channelId !== undefined && channelId !== null) {
    const channel = typeof channelId === 'string' ? store.channels.get(channelId) : undefined;
    const voice = channel?.channel.type === ChannelType.GuildVoice || channel?.channel.type === ChannelType.GuildStageVoice;
    if (!channel || channel.guildId !== record.guild.id || !voice) errors.add(['channel_id'], 'CHANNEL_TYPE_INVALID', 'Not a voice channel.');
  }
  return errors.result(body);
}

/** Whether the bot may make every change the body asks for. */
function mayModify(record: GuildRecord, bot: FakeBot, member: APIGuildMember, body: Json): boolean {
  const need = (key: string, bit: bigint) => !(key in body) || requirePermissions(record, bot, bit).ok;
  if (!need('nick', Permission.MANAGE_NICKNAMES) || !need('roles', Permission.MANAGE_ROLES)) return false;
  if (!need('mute', Permission.MUTE_MEMBERS) || !need('deaf', Permission.DEAFEN_MEMBERS)) return false;
  if (!need('channel_id', Permission.MOVE_MEMBERS) || !need('communication_disabled_until', Permission.MODERATE_MEMBERS)) return false;
  const outranks = outranksMember(record, bot.user.id, member.user.id);
  if ('nick' in body && !outranks) return false;
  if (typeof body.communication_disabled_until === 'string') {
    // Administrators cannot be timed out, whoever asks.
    if (!outranks || permissionsOf(record, member.user.id) === ALL_PERMISSIONS) return false;
  }
  if (Array.isArray(body.roles)) {
    const wanted = new Set(body.roles as string[]);
    const changed = [...wanted].filter((id) => !member.roles.includes(id)).concat(member.roles.filter((id) => !wanted.has(id)));
    return changed.every((id) => id === record.guild.id || assignableRole(record, bot, id).ok);
  }
  return true;
}

function applyMemberFields(member: APIGuildMember, body: Json): void {
  if ('nick' in body) member.nick = typeof body.nick === 'string' && body.nick !== '' ? body.nick : null;
  if (Array.isArray(body.roles)) member.roles = [...new Set(body.roles as string[])];
  if ('communication_disabled_until' in body) {
    const until = body.communication_disabled_until;
    member.communication_disabled_until = typeof until === 'string' ? new Date(until).toISOString() : null;
  }
  if (typeof body.mute === 'boolean') member.mute = body.mute;
  if (typeof body.deaf === 'boolean') member.deaf = body.deaf;
}

function findMember(record: GuildRecord, rawId: string): Result<APIGuildMember> {
  const id = checkSnowflake('user_id', rawId);
  if (!id.ok) return id;
  const member = record.memberById.get(id.value);
  return member ? ok(member) : fail(unknownMember());
}

export function registerMemberWriteRoutes(api: Hono<FakeEnv>, ctx: FakeContext): void {
  api.patch('/guilds/:id/members/:userId', bucketed(ctx, 'PATCH /guilds/:id/members/:userId', async (c, bot) => {
    const guild = visibleGuild(ctx.store, bot, pathParam(c, 'id'));
    if (!guild.ok) return respond(c, guild.error);
    const member = findMember(guild.value, pathParam(c, 'userId'));
    if (!member.ok) return respond(c, member.error);
    const parsed = await readJsonObject(c.req);
    if (!parsed.ok) return respond(c, parsed.error);
    const body = checkMemberBody(ctx.store, guild.value, parsed.value, ctx.now());
    if (!body.ok) return respond(c, body.error);
    if (!mayModify(guild.value, bot, member.value, body.value)) return respond(c, missingPermissions());
    applyMemberFields(member.value, body.value);
    return c.json(member.value);
  }));
}
