// POST, PATCH and DELETE of /channels/:id/messages: sending needs VIEW_CHANNEL + SEND_MESSAGES,
// only the author may edit (50005), deleting another's message needs MANAGE_MESSAGES. Sending
// has Discord's tight per-channel bucket (5 per 5 s).
import type { Context, Hono } from 'hono';
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { checkSnowflake, visibleChannel } from '../access.js';
import { bucketed, pathParam } from '../bucketed.js';
import type { FakeContext } from '../context.js';
import { cannotEditOthers, emptyMessage, fail, ok, respond, unknownMessage, type Result } from '../errors.js';
import { makeMessage } from '../fixtures.js';
import { readJsonObject, type Json } from '../forms.js';
import { requirePermissions } from '../guild-access.js';
import { checkMessageBody, isEmptyMessage } from '../message-forms.js';
import { Permission } from '../permissions.js';
import { CREATE_MESSAGE_TEMPLATE } from '../rate-limits.js';
import type { ChannelRecord } from '../store.js';
import type { FakeBot, FakeEnv } from '../types.js';

/** The channel, visible to the bot, in a guild where it holds `bits`. */
function writableChannel(ctx: FakeContext, c: Context<FakeEnv>, bot: FakeBot, ...bits: bigint[]): Result<ChannelRecord> {
  const channel = visibleChannel(ctx.store, bot, pathParam(c, 'id'));
  if (!channel.ok) return channel;
  const allowed = requirePermissions(ctx.store.requireGuild(channel.value.guildId), bot, Permission.VIEW_CHANNEL, ...bits);
  return allowed.ok ? channel : fail(allowed.error);
}

function findMessage(c: Context<FakeEnv>, channel: ChannelRecord): Result<APIMessage> {
  const id = checkSnowflake('message_id', pathParam(c, 'messageId'));
  if (!id.ok) return id;
  const message = channel.messages.find((m) => m.id === id.value);
  return message ? ok(message) : fail(unknownMessage());
}

/** Copies the fields a create or edit may set onto the stored message. */
function applyMessageFields(message: APIMessage, body: Json): void {
  if (typeof body.content === 'string') message.content = body.content;
  if (Array.isArray(body.embeds)) message.embeds = body.embeds as APIEmbed[];
  if (Array.isArray(body.components)) message.components = body.components as APIMessage['components'];
  if (typeof body.flags === 'number') message.flags = body.flags;
}

async function createMessage(ctx: FakeContext, c: Context<FakeEnv>, bot: FakeBot): Promise<Response> {
  const channel = writableChannel(ctx, c, bot, Permission.SEND_MESSAGES);
  if (!channel.ok) return respond(c, channel.error);
  const parsed = await readJsonObject(c.req);
  if (!parsed.ok) return respond(c, parsed.error);
  const body = checkMessageBody(parsed.value);
  if (!body.ok) return respond(c, body.error);
  if (isEmptyMessage(body.value)) return respond(c, emptyMessage());
  const message = makeMessage(ctx.store.nextId(), channel.value.channel.id, bot.user, '');
  message.tts = body.value.tts === true;
  applyMessageFields(message, body.value);
  channel.value.messages.push(message);
  if ('last_message_id' in channel.value.channel) channel.value.channel.last_message_id = message.id;
  return c.json(message);
}

async function editMessage(ctx: FakeContext, c: Context<FakeEnv>, bot: FakeBot): Promise<Response> {
  const channel = writableChannel(ctx, c, bot);
  if (!channel.ok) return respond(c, channel.error);
  const message = findMessage(c, channel.value);
  if (!message.ok) return respond(c, message.error);
  if (message.value.author.id !== bot.user.id) return respond(c, cannotEditOthers());
  const parsed = await readJsonObject(c.req);
  if (!parsed.ok) return respond(c, parsed.error);
  const body = checkMessageBody(parsed.value);
  if (!body.ok) return respond(c, body.error);
  if (isEmptyMessage({ ...message.value, ...body.value })) return respond(c, emptyMessage());
  applyMessageFields(message.value, body.value);
  message.value.edited_timestamp = new Date(ctx.now()).toISOString();
  return c.json(message.value);
}

function deleteMessage(ctx: FakeContext, c: Context<FakeEnv>, bot: FakeBot): Response {
  const channel = writableChannel(ctx, c, bot);
  if (!channel.ok) return respond(c, channel.error);
  const message = findMessage(c, channel.value);
  if (!message.ok) return respond(c, message.error);
  if (message.value.author.id !== bot.user.id) {
    const allowed = requirePermissions(ctx.store.requireGuild(channel.value.guildId), bot, Permission.MANAGE_MESSAGES);
    if (!allowed.ok) return respond(c, allowed.error);
  }
  channel.value.messages.splice(channel.value.messages.indexOf(message.value), 1);
  return c.body(null, 204);
}

export function registerMessageWriteRoutes(api: Hono<FakeEnv>, ctx: FakeContext): void {
  api.post('/channels/:id/messages', bucketed(ctx, CREATE_MESSAGE_TEMPLATE, (c, bot) => createMessage(ctx, c, bot)));
  api.patch('/channels/:id/messages/:messageId',
    bucketed(ctx, 'PATCH /channels/:id/messages/:messageId', (c, bot) => editMessage(ctx, c, bot)));
  api.delete('/channels/:id/messages/:messageId',
    bucketed(ctx, 'DELETE /channels/:id/messages/:messageId', (c, bot) => deleteMessage(ctx, c, bot)));
}
