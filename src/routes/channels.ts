import type { Context, Hono } from 'hono';
import type { Resource } from '../cache/response-cache.js';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import * as resources from '../reads/resources.js';
import { AROUND_MAX, intInRange, messageAnchor, MESSAGES_DEFAULT, MESSAGES_MAX, snowflake } from './params.js';
import { serveResource } from './serve-resource.js';

export function registerChannelRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/api/channels/:channelId', (c) =>
    serveResource(c, deps, resources.channel(snowflake(c.req.param('channelId'), 'channelId'))),
  );

  app.get('/api/channels/:channelId/messages', (c) =>
    serveResource(c, deps, messagesResource(c, snowflake(c.req.param('channelId'), 'channelId'))),
  );
}

/** `limit` 1..1000 (default 100); `around` is a single Discord page, so at most 100 there. */
export function messagesResource(c: Context, channelId: string): Resource {
  const limit = intInRange(c.req.query('limit'), 'limit', 1, MESSAGES_MAX, MESSAGES_DEFAULT);
  const anchor = messageAnchor(c);
  if ('around' in anchor && limit > AROUND_MAX) {
    throw new AppError('INVALID_INPUT', `limit must be at most ${AROUND_MAX} with around`, {
      details: { parameter: 'limit' },
    });
  }
  return resources.channelMessages(channelId, limit, anchor);
}
