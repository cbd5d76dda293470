import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';

/** `Authorization: <id>` or `Authorization: Bearer <id>`. */
export function sessionIdFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const value = header.trim();
  const id = /^bearer\s+/i.test(value) ? value.replace(/^bearer\s+/i, '') : value;
  return id === '' ? undefined : id;
}

export function sessionAuth(deps: Pick<Deps, 'sessions'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const sessionId = sessionIdFrom(c.req.header('Authorization'));
    if (!sessionId) {
      throw new AppError('MISSING_SESSION', 'Send your session id in the Authorization header (log in first)');
    }
    c.set('session', await deps.sessions.resolve(sessionId));
    await next();
  };
}
