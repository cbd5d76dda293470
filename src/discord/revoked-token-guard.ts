import { LRUCache } from 'lru-cache';
import { AppError } from '../errors.js';
import type { UpstreamCall, UpstreamGuard } from './upstream-guard.js';

/** Dead tokens remembered by this process (a token reset makes a new token, so this only grows slowly). */
const REMEMBERED = 10_000;

/**
 * Once Discord answers 401 for a token, no further request with it leaves this process. The
 * sessions are ended where the 401 is handled, but requests already queued in the token's REST
 * client (a dashboard's parallel reads) would still go out, each one more invalid request.
 */
export class RevokedTokenGuard implements UpstreamGuard {
  private readonly revoked = new LRUCache<string, true>({ max: REMEMBERED });

  before(call: UpstreamCall): void {
    if (this.revoked.has(call.tokenKey)) {
      throw new AppError('BOT_TOKEN_REVOKED', 'Discord rejected the bot token; every session of it has ended');
    }
  }

  after(call: UpstreamCall, response: { status: number }): void {
    if (response.status === 401) this.revoked.set(call.tokenKey, true);
  }
}
