// The headers and 429 bodies Discord sends, in the forms @discordjs/rest reads them.
import type { Context } from 'hono';
import type { WindowState } from './rate-limits.js';

const seconds = (ms: number) => Number((ms / 1000).toFixed(3));

export function bucketHeaders(state: WindowState, bucket: string): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': (state.resetAt / 1000).toFixed(3),
    'X-RateLimit-Reset-After': (state.resetAfter / 1000).toFixed(3),
    'X-RateLimit-Bucket': bucket,
  };
}

/** `code: 0` is included because the OpenAPI's RatelimitedResponse extends Error (code required). */
function rateLimitedBody(resetAfterMs: number, global: boolean) {
  return { message: 'You are being rate limited.', retry_after: seconds(resetAfterMs), global, code: 0 };
}

export function bucketRateLimited(c: Context, state: WindowState, bucket: string, scope: 'user' | 'shared'): Response {
  const headers = {
    ...bucketHeaders(state, bucket),
    'Retry-After': String(Math.ceil(state.resetAfter / 1000)),
    'X-RateLimit-Scope': scope,
  };
  return c.json(rateLimitedBody(state.resetAfter, false), 429, headers);
}

export function globalRateLimited(c: Context, state: WindowState): Response {
  const headers = {
    'Retry-After': String(Math.ceil(state.resetAfter / 1000)),
    'X-RateLimit-Global': 'true',
    'X-RateLimit-Scope': 'global',
  };
  return c.json(rateLimitedBody(state.resetAfter, true), 429, headers);
}
