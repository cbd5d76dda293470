import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * How long a command may take before it counts as failed. A dead Redis must turn into a fast
 * 503, not a request that hangs until the client gives up.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 500;
/**
 * A Redis that hangs (stopped, swapped out, a stuck network path) keeps the TCP connection open
 * and answers nothing, so without this every caller would wait out its own command timeout, one
 * step after another. When nothing comes back this long while commands are pending, the
 * connection is dropped: every pending command fails at once, and until a reconnect completes its
 * handshake (which a hung Redis never answers) new commands fail at once too. That is the circuit
 * breaker: one timeout detects the hang, then callers skip Redis until it answers again.
 */
const HUNG_AFTER_MS = REDIS_COMMAND_TIMEOUT_MS;
/** Reconnect attempts back off to this ceiling, so a returning Redis is found within a second. */
const MAX_RECONNECT_DELAY_MS = 1000;

export interface RedisConnectionOptions {
  url: string;
  /** Shown in logs and in Redis's CLIENT LIST, to tell the connections of an instance apart. */
  name: string;
  logger: Logger;
}

/**
 * A Redis connection that fails fast and heals itself: no offline queue (a command sent while
 * disconnected fails at once instead of waiting), short connect and command timeouts, a hung
 * Redis treated as a lost one, endless reconnects, and every 'error' event handled so a lost
 * Redis never crashes the process.
 */
export function connectRedis(options: RedisConnectionOptions): Redis {
  const redis = new Redis(options.url, {
    connectionName: `guildgate-${options.name}`,
    enableOfflineQueue: false,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    socketTimeout: HUNG_AFTER_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(50 * attempt, MAX_RECONNECT_DELAY_MS),
  });
  watchHealth(redis, options);
  return redis;
}

/** Logs each change between up and down once, not every failed reconnect attempt. */
function watchHealth(redis: Redis, options: RedisConnectionOptions): void {
  let down = false;
  const lost = (reason: string) => {
    if (down) return;
    down = true;
    options.logger.warn('redis.unavailable', { connection: options.name, error: reason });
  };
  // The URL may hold a password: log only what kind of failure it was.
  redis.on('error', (error: Error) => lost(errorKind(error)));
  // A Redis that goes away and is back before the first reconnect attempt raises no error:
  // the reconnect itself is the sign it was lost.
  redis.on('reconnecting', () => lost('connection lost'));
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    options.logger.info('redis.recovered', { connection: options.name });
  });
}

function errorKind(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name;
}

/** Waits for the first connection, but at most `timeoutMs`: a Redis that is down at start is
 * reported by /readyz, and the service still starts and recovers when Redis comes up. */
export async function waitUntilReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.once('ready', onReady);
  });
}

/** Closes without waiting for a Redis that may be gone. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    if (redis.status === 'ready') await redis.quit();
    else redis.disconnect();
  } catch {
    redis.disconnect();
  }
}
