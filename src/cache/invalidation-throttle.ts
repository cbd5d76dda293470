import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { WindowLimiter } from '../lib/window-limiter.js';

const WINDOW_MS = 60_000;

/**
 * INVALIDATE_RATE_LIMIT invalidations per session per minute. An invalidation is cheap now
 * (it costs what it drops), but each one also stops the bot's fills in flight from being
 * stored and is broadcast to every instance: a loop that calls it must not turn the cache off.
 * Throws 429 INVALIDATE_RATE_LIMITED with Retry-After past the limit.
 */
export function invalidationThrottle(limit: number, clock: Clock): (sessionKey: string) => void {
  const limiter = new WindowLimiter({ limit, windowMs: WINDOW_MS, now: () => clock.now() });
  return (sessionKey) => {
    const waitMs = limiter.spend(sessionKey);
    if (waitMs === 0) return;
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError('INVALIDATE_RATE_LIMITED', `Too many cache invalidations from this session; try again in ${retryAfter}s`, {
      headers: { 'Retry-After': String(retryAfter), 'X-RateLimit-Source': 'guildgate' },
      details: { retryAfter },
    });
  };
}
