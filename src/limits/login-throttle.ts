import type { Context } from 'hono';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import type { TrustProxy } from '../config.js';
import { addressKey } from '../lib/address-key.js';
import { AppError } from '../errors.js';
import type { PeerAddress } from '../env.js';
import { clientAddress } from './client-address.js';

const WINDOW_MS = 60_000;

interface Window {
  count: number;
  resetAt: number;
}

export interface LoginThrottleOptions {
  /** Logins per client address per minute (LOGIN_RATE_LIMIT). */
  limit: number;
  trustProxy: TrustProxy;
  peerAddress: PeerAddress;
  clock: Clock;
  /** Addresses remembered at once; the least recently seen go first. */
  maxAddresses?: number;
}

/**
 * Logins that would ask Discord, counted per client address in one-minute windows. Each wrong
 * token costs a 401 against the server's invalid-request limit, so guessing tokens (or a
 * broken client retrying) must stop here, not at Discord.
 */
export class LoginThrottle {
  private readonly windows: LRUCache<string, Window>;

  constructor(private readonly options: LoginThrottleOptions) {
    this.windows = new LRUCache({ max: options.maxAddresses ?? 100_000 });
  }

  /** Counts one attempt from this request's address, or throws 429 LOGIN_RATE_LIMITED. */
  spend(c: Context): void {
    const address = addressKey(clientAddress(c, this.options.trustProxy, this.options.peerAddress));
    const now = this.options.clock.now();
    let window = this.windows.get(address);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + WINDOW_MS };
      this.windows.set(address, window);
    }
    if (window.count >= this.options.limit) throw throttled(window.resetAt - now);
    window.count++;
  }
}

function throttled(waitMs: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError('LOGIN_RATE_LIMITED', `Too many logins from this address; try again in ${retryAfter}s`, {
    headers: { 'Retry-After': String(retryAfter), 'X-RateLimit-Source': 'guildgate' },
    details: { retryAfter },
  });
}
