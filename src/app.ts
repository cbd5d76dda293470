import { Hono, type Context } from 'hono';
import type { Deps } from './deps.js';
import type { AppEnv } from './env.js';
import { AppError, errorBody, toAppError } from './errors.js';
import { cachedHitLane, type CachedHitLane } from './middleware/cached-hit-lane.js';
import { cors, CorsPolicy } from './middleware/cors.js';
import { requestIdGenerator } from './middleware/request-ids.js';
import { requestLog } from './middleware/request-log.js';
import { recordRequests } from './middleware/record-requests.js';
import { sessionAuth } from './middleware/session-auth.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerCacheRoutes } from './routes/cache.js';
import { registerChannelRoutes } from './routes/channels.js';
import { registerCompatRoutes } from './routes/compat.js';
import { registerGuildRoutes } from './routes/guilds.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerMetricsRoute } from './routes/metrics.js';

/**
 * The whole gateway as one Hono app. It reads no environment and starts no timers, so every
 * runtime serves the same `app.fetch`, and tests drive it with `app.request()`.
 */
export function createApp(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const nextRequestId = requestIdGenerator();
  const corsPolicy = new CorsPolicy(deps.config.corsOrigins);
  app.use('*', requestLog(deps, nextRequestId));
  app.use('*', recordRequests(deps.metrics));
  app.use('*', cors(corsPolicy));
  registerHealthRoutes(app, deps);
  registerMetricsRoute(app, deps.metricsExporter, deps.config.metricsToken);
  registerAuthRoutes(app, deps);
  app.use('/api/guilds/*', sessionAuth(deps));
  app.use('/api/guilds', sessionAuth(deps));
  app.use('/api/channels/*', sessionAuth(deps));
  app.use('/api/channels', sessionAuth(deps));
  app.use('/api/members', sessionAuth(deps));
  app.use('/api/messages', sessionAuth(deps));
  registerGuildRoutes(app, deps);
  registerChannelRoutes(app, deps);
  registerCompatRoutes(app, deps);
  registerCacheRoutes(app, deps);
  app.notFound((c) => renderError(c, new AppError('NOT_FOUND', 'No such route; see the API reference'), deps));
  app.onError((error, c) => renderError(c, toAppError(error), deps));
  return withCachedHitLane(app, cachedHitLane(deps, nextRequestId, corsPolicy));
}

/**
 * Puts the cached-read lane in front of the router: `app.fetch` (which every runtime serves and
 * `app.request()` calls) answers hits synchronously and hands everything else to Hono.
 */
function withCachedHitLane(app: Hono<AppEnv>, lane: CachedHitLane): Hono<AppEnv> {
  const routed = app.fetch;
  app.fetch = (request, env, executionContext) => lane(request) ?? routed(request, env, executionContext);
  return app;
}

function renderError(c: Context<AppEnv>, error: AppError, deps: Deps): Response {
  if (error.status >= 500 && error.code === 'INTERNAL_ERROR') {
    const cause = error.cause instanceof Error ? error.cause.name : typeof error.cause;
    deps.logger.error('request.failed', { requestId: c.get('requestId'), cause });
  }
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(errorBody(error, c.get('requestId') ?? ''), error.status as 400);
}
