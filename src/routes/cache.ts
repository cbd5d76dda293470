import type { Hono } from 'hono';
import { MODULE_TO_KIND } from '../cache/resource-kind.js';
import type { InvalidationFilter } from '../cache/response-store.js';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { invalidationThrottle } from '../cache/invalidation-throttle.js';
import { sessionAuth } from '../middleware/session-auth.js';
import { readJsonObject } from './json-body.js';
import { snowflake } from './params.js';

const INVALIDATE_BODY_MAX_BYTES = 1024;
const MODULES = Object.keys(MODULE_TO_KIND);

/**
 * `POST /api/cache/invalidate {guildId, module}`: what a bot publishes on `config:update`,
 * for a session of that bot. Only that bot's entries go, on this instance, in Redis and (by
 * the invalidation channel) on every other instance.
 */
export function registerCacheRoutes(app: Hono<AppEnv>, deps: Deps): void {
  const throttle = invalidationThrottle(deps.config.invalidateRateLimit, deps.clock);
  app.post('/api/cache/invalidate', sessionAuth(deps), async (c) => {
    throttle(c.get('session').key);
    const body = await readJsonObject(c, INVALIDATE_BODY_MAX_BYTES);
    const botId = c.get('session').session.identity.bot.id;
    const filter = parseInvalidation(body, botId);
    const dropped = await deps.cache.store.invalidate(filter);
    deps.logger.info('cache.invalidated', { source: 'api', ...filter, dropped });
    return c.json({ message: 'Cache invalidated', guildId: filter.guildId, module: moduleOf(body), dropped });
  });
}

function parseInvalidation(body: Record<string, unknown>, botId: string): InvalidationFilter {
  const guildId = snowflake(typeof body.guildId === 'string' ? body.guildId : undefined, 'guildId');
  const kind = typeof body.module === 'string' ? MODULE_TO_KIND[body.module.toUpperCase()] : undefined;
  if (!kind) {
    throw new AppError('INVALID_INPUT', `module must be one of ${MODULES.join(', ')}`, {
      details: { parameter: 'module', allowed: MODULES },
    });
  }
  return { guildId, kind, botId };
}

function moduleOf(body: Record<string, unknown>): string {
  return String(body.module).toUpperCase();
}
