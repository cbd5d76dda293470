import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { HealthAnswer, ReadyAnswer } from './answers.js';
import { route } from './route.js';

export const healthRoutes = [
  route({
    method: 'GET',
    path: '/healthz',
    auth: 'none',
    tag: 'Operations',
    summary: 'Liveness: the process answers',
    answers: { 200: { description: 'Alive', schema: HealthAnswer } },
    errors: [],
    handle: (c) => c.json({ status: 'ok' }),
  }),
  route({
    method: 'GET',
    path: '/readyz',
    auth: 'none',
    tag: 'Operations',
    summary: 'Readiness: the session store (and Redis, when configured) answers',
    answers: { 200: { description: 'Ready', schema: ReadyAnswer } },
    errors: ['SESSION_STORE_UNAVAILABLE', 'REDIS_UNAVAILABLE'],
    /**
     * Ready when the session store answers (without it no request can be served) and, with
     * REDIS_URL, when Redis answers a PING: without it the instance still serves, but its cache
     * and budgets are its own, no longer shared. The PING is bounded by the connection's command
     * timeout, and a Redis already known to be gone fails it at once.
     */
    handle: async (c, _input, deps) => {
      await sessionStoreAnswers(deps);
      const redis = deps.redisPing;
      if (redis && !(await answers(redis))) throw redisUnavailable();
      return c.json({ status: 'ready', sessionStore: deps.sessionStore.kind, ...(redis ? { redis: 'ok' } : {}) });
    },
  }),
];

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
