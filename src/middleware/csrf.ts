import type { Context } from 'hono';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery: a browser sends the gg_session cookie along with a request any
 * site makes. So a cookie-authenticated POST, PUT, PATCH or DELETE must carry an `Origin` that
 * is guildgate's own (the request's origin, or OAUTH_REDIRECT_URI's) or one listed in
 * CORS_ORIGINS (`*` never counts); else 403 CSRF_REJECTED. Requests authenticated by the
 * Authorization header are not at risk (a browser never adds that header by itself).
 * Session auth calls it for cookie-authenticated requests only (no extra middleware hop).
 */
export function csrfCheck(config: Pick<Config, 'corsOrigins' | 'oauth'>): (c: Context) => void {
  const trusted = trustedOrigins(config);
  return (c) => {
    if (!UNSAFE.has(c.req.method)) return;
    const origin = c.req.header('Origin');
    if (!origin || (!trusted.has(origin) && origin !== new URL(c.req.url).origin)) {
      throw new AppError('CSRF_REJECTED', 'Cookie-authenticated changes need an allowed Origin');
    }
  };
}

function trustedOrigins(config: Pick<Config, 'corsOrigins' | 'oauth'>): Set<string> {
  const origins = new Set(config.corsOrigins.filter((origin) => origin !== '*'));
  if (config.oauth) origins.add(new URL(config.oauth.redirectUri).origin);
  return origins;
}
