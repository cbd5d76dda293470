import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery: a browser sends the gg_session cookie along with a request any
 * site makes. So a cookie-authenticated POST, PUT, PATCH or DELETE must carry an `Origin` that
 * is guildgate's own (the request's origin, or OAUTH_REDIRECT_URI's) or one listed in
 * CORS_ORIGINS (`*` never counts); else 403 CSRF_REJECTED. Requests authenticated by the
 * Authorization header are not at risk (a browser never adds that header by itself).
 * Runs after session auth, which records how the session id came.
 */
export function csrfGuard(config: Pick<Config, 'corsOrigins' | 'oauth'>): MiddlewareHandler<AppEnv> {
  const trusted = trustedOrigins(config);
  return async (c, next) => {
    if (UNSAFE.has(c.req.method) && c.get('credential')?.via === 'cookie') {
      const origin = c.req.header('Origin');
      if (!origin || (!trusted.has(origin) && origin !== new URL(c.req.url).origin)) {
        throw new AppError('CSRF_REJECTED', 'Cookie-authenticated changes need an allowed Origin');
      }
    }
    await next();
  };
}

function trustedOrigins(config: Pick<Config, 'corsOrigins' | 'oauth'>): Set<string> {
  const origins = new Set(config.corsOrigins.filter((origin) => origin !== '*'));
  if (config.oauth) origins.add(new URL(config.oauth.redirectUri).origin);
  return origins;
}
