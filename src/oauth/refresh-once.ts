import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import { Singleflight } from '../lib/singleflight.js';

/** How long the outcome of a refresh is kept for latecomers holding the old refresh token. */
export const REFRESH_OUTCOME_MS = 60_000;

/**
 * Discord's refresh tokens rotate and work once: two servers that both spend one end the
 * user's grant. A RefreshOnce runs the refresh of one grant (keyed by a hash of its refresh
 * token) at most once, across every instance that shares it, and hands everyone else the
 * outcome. The outcome is opaque text (the caller seals it: no token is kept in the clear).
 * In process by default; with Redis, a `SET NX PX` lock (scale/redis-refresh-lock.ts).
 */
export interface RefreshOnce {
  run(grantKey: string, refresh: () => Promise<string>): Promise<string>;
}

/** One process: concurrent refreshes of a grant share one call; its outcome is remembered a minute. */
export class InProcessRefreshOnce implements RefreshOnce {
  private readonly flights = new Singleflight<string>();
  private readonly outcomes: LRUCache<string, string>;

  constructor(clock: Clock) {
    this.outcomes = new LRUCache({ max: 10_000, ttl: REFRESH_OUTCOME_MS, perf: { now: () => clock.now() }, ttlResolution: 0 });
  }

  run(grantKey: string, refresh: () => Promise<string>): Promise<string> {
    const known = this.outcomes.get(grantKey);
    if (known !== undefined) return Promise.resolve(known);
    return this.flights.run(grantKey, async () => {
      const outcome = await refresh();
      this.outcomes.set(grantKey, outcome);
      return outcome;
    });
  }
}
