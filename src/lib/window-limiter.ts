import { LRUCache } from 'lru-cache';

export interface WindowLimiterOptions {
  /** Events per key per window. */
  limit: number;
  windowMs: number;
  now: () => number;
  /** Keys remembered at once; the least recently seen go first. */
  maxKeys?: number;
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Counts events per key in fixed windows. `spend` answers how long to wait when the key's
 * window is full (0: counted, go ahead), so each caller words its own refusal.
 */
export class WindowLimiter {
  private readonly windows: LRUCache<string, Window>;

  constructor(private readonly options: WindowLimiterOptions) {
    this.windows = new LRUCache({ max: options.maxKeys ?? 100_000 });
  }

  spend(key: string): number {
    const now = this.options.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.options.windowMs };
      this.windows.set(key, window);
    }
    if (window.count >= this.options.limit) return Math.max(1, window.resetAt - now);
    window.count++;
    return 0;
  }
}
