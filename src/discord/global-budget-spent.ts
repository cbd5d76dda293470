import { AppError } from '../errors.js';

/**
 * The 429 guildgate answers itself when a bot's global budget (50 requests a second) would make
 * a call wait longer than MAX_RATE_LIMIT_WAIT_MS: the client learns when to come back, and
 * Discord sees no request it would refuse.
 */
export function globalBudgetSpent(waitMs: number, scope: 'instance' | 'shared'): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const whose = scope === 'shared' ? "This bot's global request budget (shared by every instance)" : "This bot's global request budget";
  return new AppError('RATE_LIMITED', `${whose} is spent; retry later`, {
    headers: { 'Retry-After': String(seconds), 'X-RateLimit-Scope': 'global', 'X-RateLimit-Global': 'true', 'X-RateLimit-Source': 'guildgate' },
    details: { retryAfter: waitMs / 1000, global: true, scope: 'global' },
  });
}
