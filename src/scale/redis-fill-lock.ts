import type { Redis } from 'ioredis';
import type { CachedResponse } from '../cache/cached-response.js';
import type { FillCoordinator } from '../cache/response-cache.js';
import type { Logger } from '../logger.js';
import { pause } from '../lib/pause.js';
import { redisKeys } from './redis-keys.js';

/** Deletes the lock only while it is still ours: an expired lock may belong to someone else. */
const RELEASE_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface RedisFillLockOptions {
  redis: Redis;
  /** Reads what another instance's fill left in Redis (never a local copy); a failing Redis reads as a miss. */
  readShared(key: string): Promise<CachedResponse | undefined>;
  logger: Logger;
  /** How long a lock holds; past it a waiter stops waiting and fills by itself. */
  lockMs: number;
  /** How often a waiting instance looks for the value. */
  pollMs?: number;
}

/**
 * Cross-instance singleflight: concurrent misses of one key on several instances make one
 * upstream call. The first takes a short lock (SET NX PX) and fills; the others poll Redis for
 * the value, take the lock themselves if it is freed without a value (the fill failed), and
 * after `lockMs` fill on their own rather than wait for ever. Without Redis, each fills alone.
 *
 * Whoever takes the lock looks in Redis once more before filling: another instance may have
 * stored the value and freed the lock between this one's miss and its lock.
 */
export class RedisFillLock implements FillCoordinator {
  private readonly pollMs: number;

  constructor(private readonly options: RedisFillLockOptions) {
    this.pollMs = options.pollMs ?? 20;
  }

  async coordinate(key: string, fill: () => Promise<CachedResponse>, signal: AbortSignal): Promise<CachedResponse> {
    const deadline = Date.now() + this.options.lockMs;
    for (;;) {
      const lock = await this.tryLock(key);
      if (lock !== undefined) return this.fillHolding(key, lock, () => this.sharedOr(key, fill));
      await pause(this.pollMs, signal);
      const entry = await this.options.readShared(key);
      if (entry) return entry;
      if (Date.now() >= deadline) return fill();
    }
  }

  /** A lock token, '' when Redis cannot be asked (fill without a lock), undefined when taken. */
  private async tryLock(key: string): Promise<string | undefined> {
    const token = crypto.randomUUID();
    try {
      const taken = await this.options.redis.set(redisKeys.fillLock(key), token, 'PX', this.options.lockMs, 'NX');
      return taken === 'OK' ? token : undefined;
    } catch {
      return '';
    }
  }

  private async sharedOr(key: string, fill: () => Promise<CachedResponse>): Promise<CachedResponse> {
    return (await this.options.readShared(key)) ?? fill();
  }

  private async fillHolding(key: string, lock: string, fill: () => Promise<CachedResponse>): Promise<CachedResponse> {
    try {
      return await fill();
    } finally {
      if (lock !== '') this.release(key, lock);
    }
  }

  private release(key: string, lock: string): void {
    this.options.redis.eval(RELEASE_IF_OWNER, 1, redisKeys.fillLock(key), lock).catch((error: unknown) => {
      // The lock expires by itself; waiters only wait a little longer.
      this.options.logger.debug('cache.fill_unlock_failed', { error: error instanceof Error ? error.name : typeof error });
    });
  }
}
