import type { Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';

export function registerHealthRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  /** Ready when the session store answers: without it no request can be served. */
  app.get('/readyz', async (c) => {
    try {
      await deps.sessionStore.ping();
    } catch (error) {
      throw new AppError('SESSION_STORE_UNAVAILABLE', 'The session store is not answering', {
        cause: error,
        headers: { 'Retry-After': '5' },
      });
    }
    return c.json({ status: 'ready', sessionStore: deps.sessionStore.kind });
  });
}
