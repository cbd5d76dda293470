import type { ResponseLike } from '@discordjs/rest';
import { AppError } from '../errors.js';

/** What the client is told to wait: no Retry-After often means Cloudflare is limiting the address. */
const RETRY_AFTER_SECONDS = 60;

/**
 * A 429 without Retry-After (or with 0) is refused here instead of handed to REST: REST would
 * retry it at once and for ever, since a 429 is not counted as a retry, and every attempt is
 * one more invalid request against the server's address.
 */
export function refuseRateLimitWithoutRetryAfter(response: ResponseLike): void {
  if (response.status !== 429) return;
  const retryAfter = Number(response.headers.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return;
  throw new AppError('RATE_LIMITED', 'Discord answered 429 without saying when to retry; not retried', {
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS), 'X-RateLimit-Source': 'discord' },
    details: { retryAfter: RETRY_AFTER_SECONDS },
  });
}
