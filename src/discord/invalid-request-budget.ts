import type { ResponseLike } from '@discordjs/rest';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { WindowCounter } from './request-window.js';
import type { UpstreamCall, UpstreamGuard } from './upstream-guard.js';

/** Fractions of the budget at which the operator is warned, lowest first. */
const WARN_LEVELS = [0.5, 0.9] as const;

export interface InvalidRequestBudgetOptions {
  /** The rolling 10-minute count, in memory or shared (Redis) across instances. */
  counter: WindowCounter;
  /** How many invalid answers the window may hold before calls are refused (below Discord's 10,000). */
  budget: number;
  logger: Logger;
}

/**
 * Discord bans an IP address for a while after 10,000 answers of 401, 403 or 429 (except 429s of
 * `shared` scope) in ten minutes. This guard counts those answers and, before the budget is
 * spent, refuses further calls with 503 INVALID_REQUEST_BUDGET. Calls in flight reserve a slot,
 * since each of them may still come back invalid: concurrent calls cannot overshoot the budget.
 */
export class InvalidRequestBudget implements UpstreamGuard {
  private pending = 0;
  /** How many WARN_LEVELS the count has crossed; warnings fire once per crossing. */
  private warnedLevels = 0;
  private refusing = false;

  constructor(private readonly options: InvalidRequestBudgetOptions) {}

  get budget(): number {
    return this.options.budget;
  }

  /** Invalid answers counted in the current window. */
  used(): Promise<number> {
    return this.options.counter.total();
  }

  async before(_call: UpstreamCall): Promise<void> {
    const used = await this.options.counter.total();
    if (used + this.pending >= this.options.budget) throw await this.refusal(used);
    this.refusing = false;
    this.pending++;
  }

  async after(_call: UpstreamCall, response: ResponseLike): Promise<void> {
    this.pending--;
    if (!countsAsInvalid(response)) return;
    this.warnOnCrossing(await this.options.counter.add(1));
  }

  failed(): void {
    this.pending--;
  }

  private async refusal(used: number): Promise<AppError> {
    const waitMs = used >= this.options.budget ? await this.options.counter.msUntilOldestExpires() : 1000;
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    if (!this.refusing) {
      this.refusing = true;
      this.options.logger.error('discord.invalid_request_budget_spent', { used, budget: this.options.budget, retryAfter });
    }
    return new AppError(
      'INVALID_REQUEST_BUDGET',
      'Too many of Discord\'s answers in the last 10 minutes were 401, 403 or 429; calls to Discord pause so the server is not banned',
      { headers: { 'Retry-After': String(retryAfter) }, details: { retryAfter } },
    );
  }

  private warnOnCrossing(used: number): void {
    const { budget, logger } = this.options;
    const level = WARN_LEVELS.filter((fraction) => used >= fraction * budget).length;
    if (level > this.warnedLevels) {
      const percent = Math.round((WARN_LEVELS[level - 1] ?? 0) * 100);
      logger.warn('discord.invalid_request_budget', { used, budget, percent });
    }
    this.warnedLevels = level;
  }
}

/** 401, 403 and 429 count against Discord's limit; a 429 of `shared` scope does not. */
export function countsAsInvalid(response: Pick<ResponseLike, 'status' | 'headers'>): boolean {
  if (response.status === 401 || response.status === 403) return true;
  return response.status === 429 && response.headers.get('X-RateLimit-Scope') !== 'shared';
}
