import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';

const EXPOSED = 'X-Cache, X-Request-Id, Retry-After, ETag, Age, X-RateLimit-Scope, X-RateLimit-Global, X-RateLimit-Source';
const ALLOWED_HEADERS = 'Authorization, Content-Type, If-None-Match, Cache-Control';

/**
 * Which CORS headers an answer carries, decided from the request's Origin alone. Every
 * possible header set is built once, up front: a request only picks one.
 */
export class CorsPolicy {
  private readonly anyOrigin: boolean;
  private readonly wildcard = Object.freeze({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED });
  private readonly perOrigin = new Map<string, Readonly<Record<string, string>>>();
  private readonly refused = Object.freeze({ Vary: 'Origin' });

  constructor(origins: readonly string[]) {
    this.anyOrigin = origins.includes('*');
    for (const origin of origins) {
      // Credentials (the gg_session cookie) only ever with a named origin, never with `*`.
      const headers = {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Expose-Headers': EXPOSED,
        Vary: 'Origin',
      };
      this.perOrigin.set(origin, Object.freeze(headers));
    }
  }

  /** False when every request gets the same headers (`*`): no need to read its Origin. */
  get dependsOnOrigin(): boolean {
    return !this.anyOrigin;
  }

  headersFor(origin: string | undefined): Readonly<Record<string, string>> {
    if (this.anyOrigin) return this.wildcard;
    return (origin === undefined ? undefined : this.perOrigin.get(origin)) ?? this.refused;
  }
}

/**
 * CORS headers set before the route runs, never by rewriting the finished response (that
 * rewrite is what made hono/cors cost most of a cached read). Preflights are answered here.
 */
export function cors(policy: CorsPolicy): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const headers = policy.headersFor(c.req.header('Origin'));
    for (const name in headers) c.header(name, headers[name]);
    if (c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method')) {
      c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    await next();
  };
}
