import * as v from 'valibot';
import { MODULE_TO_KIND } from '../cache/resource-kind.js';
import { InvalidateAnswer } from './answers.js';
import { BODY_ERRORS, DISCORD_ERRORS, SESSION_ERRORS, USER_SCOPE_ERRORS } from './error-groups.js';
import { route } from './route.js';
import { snowflake } from './schemas.js';

const INVALIDATE_BODY_MAX_BYTES = 1024;
const MODULES = Object.keys(MODULE_TO_KIND);
const moduleMessage = `module must be one of ${MODULES.join(', ')}`;

const invalidateBody = v.object({
  guildId: snowflake('guildId'),
  module: v.pipe(
    v.string(moduleMessage),
    v.transform((name) => name.toUpperCase()),
    v.picklist(MODULES, moduleMessage),
    v.description(`The kind of data to drop: ${MODULES.join(', ')} (case does not matter).`),
  ),
});

/**
 * `POST /api/cache/invalidate {guildId, module}`: what a bot publishes on `config:update`,
 * for a session of that bot. Only that bot's entries go, on this instance, in Redis and (by
 * the invalidation channel) on every other instance.
 */
export const cacheRoutes = [
  route({
    method: 'POST',
    path: '/api/cache/invalidate',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Cache',
    summary: "Drop this bot's cached data of one kind for a guild",
    description: 'On every instance when Redis is configured. The body is at most 1 KB; INVALIDATE_RATE_LIMIT invalidations per session per minute.',
    body: { schema: invalidateBody, maxBytes: INVALIDATE_BODY_MAX_BYTES },
    answers: { 200: { description: 'Dropped', schema: InvalidateAnswer } },
    // A user session's scope check may read the bot's guild list: Discord's errors too.
    errors: [...BODY_ERRORS, ...SESSION_ERRORS, ...USER_SCOPE_ERRORS, ...DISCORD_ERRORS, 'CSRF_REJECTED', 'INVALIDATE_RATE_LIMITED'],
    handle: async (c, { body }, deps) => {
      deps.invalidationThrottle(c.get('session').key);
      const botId = c.get('session').session.identity.bot.id;
      const filter = { guildId: body.guildId, kind: MODULE_TO_KIND[body.module]!, botId, cause: 'invalidate' as const };
      const dropped = await deps.cache.store.invalidate(filter);
      deps.logger.info('cache.invalidated', { source: 'api', guildId: filter.guildId, kind: filter.kind, botId, dropped });
      deps.changes.publish({ botId, guildId: filter.guildId, kind: filter.kind, source: 'invalidate' });
      return c.json({ message: 'Cache invalidated', guildId: filter.guildId, module: body.module, dropped });
    },
  }),
];
