import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';

const EXPOSED = 'X-Cache, X-Request-Id, Retry-After, ETag, Age, X-RateLimit-Scope, X-RateLimit-Global, X-RateLimit-Source';
const ALLOWED_HEADERS = 'Authorization, Content-Type, If-None-Match, Cache-Control';

/**
 * CORS headers decided before the route runs, never by rewriting the finished response
 * (that rewrite is what made hono/cors cost most of a cached read). With `*` the headers are
 * the same for every request and built once.
 */
export function cors(origins: readonly string[]): MiddlewareHandler<AppEnv> {
  const anyOrigin = origins.includes('*');
  const allowed = new Set(origins);
  return async (c, next) => {
    const origin = c.req.header('Origin');
    const allowOrigin = anyOrigin ? '*' : origin && allowed.has(origin) ? origin : undefined;
    if (allowOrigin) {
      c.header('Access-Control-Allow-Origin', allowOrigin);
      c.header('Access-Control-Expose-Headers', EXPOSED);
    }
    if (!anyOrigin) c.header('Vary', 'Origin');
    if (c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method')) {
      c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    await next();
  };
}
