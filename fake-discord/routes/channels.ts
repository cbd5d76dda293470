// /channels/:id and its messages.
import type { Hono } from 'hono';
import { checkSnowflake, visibleChannel } from '../access.js';
import { bucketed, pathParam } from '../bucketed.js';
import type { FakeContext } from '../context.js';
import { respond, unknownMessage } from '../errors.js';
import { pageMessages, parseCursor, parseLimit } from '../paging.js';
import type { FakeEnv } from '../types.js';

export function registerChannelRoutes(api: Hono<FakeEnv>, ctx: FakeContext): void {
  api.get('/channels/:id', bucketed(ctx, '/channels/:id', (c, bot) => {
    const channel = visibleChannel(ctx.store, bot, pathParam(c, 'id'));
    return channel.ok ? c.json(channel.value.channel) : respond(c, channel.error);
  }));

  api.get('/channels/:id/messages', bucketed(ctx, '/channels/:id/messages', (c, bot) => {
    const channel = visibleChannel(ctx.store, bot, pathParam(c, 'id'));
    if (!channel.ok) return respond(c, channel.error);
    const limit = parseLimit(c.req.query('limit'), { fallback: 50, max: 100 });
    if (!limit.ok) return respond(c, limit.error);
    const cursor: Record<'before' | 'after' | 'around', string | undefined> = { before: undefined, after: undefined, around: undefined };
    for (const field of ['before', 'after', 'around'] as const) {
      const parsed = parseCursor(field, c.req.query(field));
      if (!parsed.ok) return respond(c, parsed.error);
      cursor[field] = parsed.value;
    }
    return c.json(pageMessages(channel.value.messages, cursor, limit.value));
  }));

  api.get('/channels/:id/messages/:messageId', bucketed(ctx, '/channels/:id/messages/:messageId', (c, bot) => {
    const channel = visibleChannel(ctx.store, bot, pathParam(c, 'id'));
    if (!channel.ok) return respond(c, channel.error);
    const messageId = checkSnowflake('message_id', pathParam(c, 'messageId'));
    if (!messageId.ok) return respond(c, messageId.error);
    const message = channel.value.messages.find((m) => m.id === messageId.value);
    return message ? c.json(message) : respond(c, unknownMessage());
  }));
}
