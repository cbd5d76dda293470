import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { pause } from '../lib/pause.js';
import { REFRESH_OUTCOME_MS, type RefreshOnce } from '../oauth/refresh-once.js';
import { redisKeys } from './redis-keys.js';

/** Deletes the lock only while it is still ours. */
const RELEASE_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface RedisRefreshOnceOptions {
  redis: Redis;
  logger: Logger;
  /** How long the lock holds: past it, a waiter takes it (the holder died mid-refresh). */
  lockMs: number;
  pollMs?: number;
}

/**
 * One OAuth refresh per grant across every instance: the instance that takes the lock
 * (`SET NX PX`) spends the refresh token and leaves the (sealed) outcome in Redis for a minute;
 * the others wait for that outcome instead of spending the token again, which Discord would
 * answer with invalid_grant and so end the person's login. A refresh that fails leaves no
 * outcome: the lock is freed and the next to take it tries (and fails the same way, or not).
 */
export class RedisRefreshOnce implements RefreshOnce {
  private readonly pollMs: number;

  constructor(private readonly options: RedisRefreshOnceOptions) {
    this.pollMs = options.pollMs ?? 25;
  }

  async run(grantKey: string, refresh: () => Promise<string>): Promise<string> {
    try {
      return await this.runLocked(grantKey, refresh);
    } catch (error) {
      if (error instanceof Error && error.name === 'GrantRefused') throw error;
      if (error instanceof AppError) throw error;
      // Refreshing without the lock could spend the token twice: refuse for now instead.
      throw new AppError('SESSION_STORE_UNAVAILABLE', 'Redis is unavailable; try again shortly', { cause: error, headers: { 'Retry-After': '5' } });
    }
  }

  private async runLocked(grantKey: string, refresh: () => Promise<string>): Promise<string> {
    const { redis, lockMs } = this.options;
    const outcomeKey = redisKeys.oauthRefreshed(grantKey);
    const lockKey = redisKeys.oauthRefreshLock(grantKey);
    for (;;) {
      const known = await redis.get(outcomeKey);
      if (known !== null) return known;
      const token = crypto.randomUUID();
      if ((await redis.set(lockKey, token, 'PX', lockMs, 'NX')) === 'OK') return this.refreshHolding(grantKey, token, refresh);
      await pause(this.pollMs);
    }
  }

  private async refreshHolding(grantKey: string, token: string, refresh: () => Promise<string>): Promise<string> {
    const { redis } = this.options;
    try {
      // Someone may have finished between our look and our lock.
      const known = await redis.get(redisKeys.oauthRefreshed(grantKey));
      if (known !== null) return known;
      const outcome = await refresh();
      await redis.set(redisKeys.oauthRefreshed(grantKey), outcome, 'PX', REFRESH_OUTCOME_MS);
      return outcome;
    } finally {
      redis.eval(RELEASE_IF_OWNER, 1, redisKeys.oauthRefreshLock(grantKey), token).catch((error: unknown) => {
        this.options.logger.debug('oauth.refresh_unlock_failed', { error: error instanceof Error ? error.name : typeof error });
      });
    }
  }
}
