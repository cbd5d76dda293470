import type { Context, MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv, SessionCredential } from '../env.js';
import { AppError } from '../errors.js';
import { readCookie } from '../lib/cookies.js';

/** The browser's session cookie (user sessions from "Login with Discord"). */
export const SESSION_COOKIE = 'gg_session';

/** `Authorization: <id>` or `Authorization: Bearer <id>`. */
export function sessionIdFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const value = header.trim();
  const id = /^bearer\s+/i.test(value) ? value.replace(/^bearer\s+/i, '') : value;
  return id === '' ? undefined : id;
}

/** The header wins over the cookie: a backend that sends one means that one. */
export function credentialOf(c: Context): SessionCredential | undefined {
  const fromHeader = sessionIdFrom(c.req.header('Authorization'));
  if (fromHeader) return { id: fromHeader, via: 'header' };
  const fromCookie = readCookie(c.req.header('Cookie'), SESSION_COOKIE);
  return fromCookie ? { id: fromCookie, via: 'cookie' } : undefined;
}

/**
 * Resolves the session of the request (after the CSRF check, for a cookie), then holds it to the
 * route's kind: `bot` routes refuse user sessions and `user` routes refuse bot sessions (403).
 */
export function sessionAuth(
  deps: Pick<Deps, 'sessions'>,
  kind: 'bot' | 'user' | 'any' = 'any',
  /** Run for a cookie credential before the session is looked up: the CSRF check. */
  checkCookieRequest?: (c: Context) => void,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const credential = credentialOf(c);
    if (!credential) {
      throw new AppError('MISSING_SESSION', 'Send your session id in the Authorization header (log in first)');
    }
    if (credential.via === 'cookie') checkCookieRequest?.(c);
    const resolved = await deps.sessions.resolve(credential.id);
    if (kind === 'bot' && resolved.session.kind !== 'bot') {
      throw new AppError('BOT_SESSION_REQUIRED', 'This endpoint is for bot sessions');
    }
    if (kind === 'user' && resolved.session.kind !== 'user') throw userSessionRequired();
    c.set('session', resolved);
    c.set('credential', credential);
    await next();
  };
}

export function userSessionRequired(): AppError {
  return new AppError('USER_SESSION_REQUIRED', 'This endpoint is for user sessions (Login with Discord)');
}
