import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { UpstreamCall, UpstreamGuard } from '../discord/upstream-guard.js';
import { redisKeys } from './redis-keys.js';

/**
 * Takes one slot of the bot's global budget, atomically, in one round trip. The budget is a
 * sliding window (a sorted set of slot times): at most `limit` slots in any `windowMs`, on
 * Redis's own clock so instances with drifting clocks still agree. Returns 0 when the slot was
 * taken, else the milliseconds until the oldest slot leaves the window.
 * KEYS[1] the bot's key; ARGV[1] limit; ARGV[2] window ms; ARGV[3] a unique slot id.
 */
const TAKE_SLOT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

export interface RedisGlobalRateGuardOptions {
  redis: Redis;
  logger: Logger;
  /** Discord's global limit: 50 requests per second per bot. */
  limit?: number;
  /**
   * The window, a little over Discord's second: a slot is taken a few milliseconds before the
   * request reaches Discord, and that delay varies, so two batches a bare second apart could
   * arrive closer together than that.
   */
  windowMs?: number;
  /** MAX_RATE_LIMIT_WAIT_MS: a request that would wait longer is answered 429 instead. */
  maxWaitMs: number;
}

/**
 * One global budget per bot across every instance: before each HTTP call to Discord, a slot of
 * the bot's Redis window; when the window is full, the call waits for the next free slot, up
 * to the wait ceiling. If Redis cannot be asked, the call goes ahead: each process's REST
 * client still keeps its own 50/s, and Discord's 429s are still handled.
 */
export class RedisGlobalRateGuard implements UpstreamGuard {
  private readonly limit: number;
  private readonly windowMs: number;
  private slotIds = 0;
  private readonly instanceId = crypto.randomUUID().slice(0, 8);

  constructor(private readonly options: RedisGlobalRateGuardOptions) {
    this.limit = options.limit ?? 50;
    this.windowMs = options.windowMs ?? 1050;
  }

  async before(call: UpstreamCall): Promise<void> {
    const started = Date.now();
    for (;;) {
      const waitMs = await this.takeSlot(call.tokenKey);
      if (waitMs === 0) return;
      const waitedMs = Date.now() - started;
      if (waitedMs + waitMs > this.options.maxWaitMs) throw tooLong(waitedMs + waitMs);
      await pause(waitMs, call.signal);
    }
  }

  /** 0 when a slot was taken (or Redis cannot be asked), else how long to wait. */
  private async takeSlot(tokenKey: string): Promise<number> {
    const slotId = `${this.instanceId}:${++this.slotIds}`;
    try {
      const key = redisKeys.globalRate(tokenKey);
      return Number(await this.options.redis.eval(TAKE_SLOT, 1, key, this.limit, this.windowMs, slotId));
    } catch (error) {
      this.options.logger.warn('ratelimit.shared_unavailable', { error: error instanceof Error ? error.name : typeof error });
      return 0;
    }
  }
}

function tooLong(waitMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError('RATE_LIMITED', "This bot's global request budget (shared by every instance) is spent; retry later", {
    headers: { 'Retry-After': String(seconds), 'X-RateLimit-Global': 'true', 'X-RateLimit-Source': 'guildgate' },
    details: { retryAfter: waitMs / 1000, global: true },
  });
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
