import type { Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';

export function registerHealthRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  /**
   * Ready when the session store answers (without it no request can be served) and, with
   * REDIS_URL, when Redis answers a PING: without it the instance still serves, but its cache and
   * budgets are its own, no longer shared. The PING is bounded by the connection's command
   * timeout, and a Redis already known to be gone fails it at once.
   */
  app.get('/readyz', async (c) => {
    await sessionStoreAnswers(deps);
    const redis = deps.redisPing;
    if (redis && !(await answers(redis))) throw redisUnavailable();
    return c.json({ status: 'ready', sessionStore: deps.sessionStore.kind, ...(redis ? { redis: 'ok' } : {}) });
  });
}

async function sessionStoreAnswers(deps: Deps): Promise<void> {
  try {
    await deps.sessionStore.ping();
  } catch (error) {
    throw new AppError('SESSION_STORE_UNAVAILABLE', 'The session store is not answering', {
      cause: error,
      headers: { 'Retry-After': '5' },
    });
  }
}

async function answers(ping: () => Promise<unknown>): Promise<boolean> {
  try {
    await ping();
    return true;
  } catch {
    return false;
  }
}

function redisUnavailable(): AppError {
  return new AppError('REDIS_UNAVAILABLE', 'Redis (REDIS_URL) is not answering: cache and budgets are per process until it does', {
    headers: { 'Retry-After': '5' },
    details: { redis: 'unavailable' },
  });
}
