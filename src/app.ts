import { Hono, type Context } from 'hono';
import type { Deps } from './deps.js';
import type { AppEnv } from './env.js';
import { AppError, errorBody, toAppError } from './errors.js';
import { upstreamFailureCause } from './discord/upstream-errors.js';
import { cachedHitLane, type CachedHitLane } from './routes/cached-hit-lane.js';
import { cors, CorsPolicy } from './middleware/cors.js';
import { requestIdGenerator } from './middleware/request-ids.js';
import { requestLog } from './middleware/request-log.js';
import { recordRequests } from './middleware/record-requests.js';
import { registerRoutes, unmatchedRoute } from './routes/register.js';
import { ROUTES } from './routes/table.js';

/**
 * The whole gateway as one Hono app. It reads no environment and starts no timers, so every
 * runtime serves the same `app.fetch`, and tests drive it with `app.request()`. Its routes are
 * the route table's (routes/table.ts).
 */
export function createApp(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const nextRequestId = requestIdGenerator();
  const corsPolicy = new CorsPolicy(deps.config.corsOrigins);
  app.use('*', requestLog(deps, nextRequestId));
  app.use('*', recordRequests(deps.metrics));
  app.use('*', cors(corsPolicy));
  registerRoutes(app, deps, ROUTES);
  const unmatched = unmatchedRoute(ROUTES);
  app.notFound((c) => renderError(c, unmatched(c), deps));
  app.onError((error, c) => renderError(c, toAppError(error), deps));
  return withCachedHitLane(app, cachedHitLane(deps, ROUTES, nextRequestId, corsPolicy));
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
  const upstream = upstreamFailureCause(error, deps.config.discordApiUrl);
  if (upstream) deps.logger.warn('upstream.failed', { requestId: c.get('requestId'), ...upstream });
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(errorBody(error, c.get('requestId') ?? ''), error.status as 400);
}
