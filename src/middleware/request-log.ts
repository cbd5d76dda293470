import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { fingerprint } from '../sessions/session-keys.js';

/**
 * One JSON line per request. The path is logged with anything that is not a route word or a
 * snowflake replaced, because a mistaken client can put a token or session id in a path.
 */
export function requestLog(deps: Pick<Deps, 'clock' | 'logger'>, nextId: () => string): MiddlewareHandler<AppEnv> {
  const { clock, logger } = deps;
  const logging = logger.enabled('info');
  return async (c, next) => {
    const started = clock.now();
    const requestId = nextId();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    await next();
    if (!logging) return;
    const resolved = c.get('session');
    logger.info('request', {
      requestId,
      method: c.req.method,
      path: safePath(c.req.path),
      status: c.res.status,
      ms: clock.now() - started,
      cache: c.res.headers.get('X-Cache') ?? undefined,
      session: resolved ? fingerprint(resolved.key) : undefined,
    });
  };
}

const SAFE_SEGMENT = /^(?:[a-z@][a-z@-]{0,30}|\d{1,20})$/;
/** Every segment safe: the usual case, answered without splitting the path. */
const SAFE_PATH = /^(?:\/(?:[a-z@][a-z@-]{0,30}|\d{1,20})?)*$/;

export function safePath(path: string): string {
  if (path.length > 200) return '[long path]';
  if (SAFE_PATH.test(path)) return path;
  return path
    .split('/')
    .map((segment) => (segment === '' || SAFE_SEGMENT.test(segment) ? segment : ':redacted'))
    .join('/');
}
