import type { ResponseLike } from '@discordjs/rest';
import { LRUCache } from 'lru-cache';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { DISCORD_INVALID_REQUEST_WINDOW, MemoryWindowCounter, type WindowCounter } from './request-window.js';
import type { UpstreamCall, UpstreamGuard } from './upstream-guard.js';

/** Fractions of the budget at which the operator is warned, lowest first. */
const WARN_LEVELS = [0.5, 0.9] as const;

export interface InvalidRequestBudgetOptions {
  /** The rolling 10-minute count, in memory or shared (Redis) across instances. */
  counter: WindowCounter;
  /** How many invalid answers the window may hold before calls are refused (below Discord's 10,000). */
  budget: number;
  /** What one bot (one token) may spend of it: past that, that bot alone is refused. */
  perBot?: number;
  /** Each bot's own count, by token key (memory, or a Redis key per bot). */
  counterFor?: (tokenKey: string) => WindowCounter;
  logger: Logger;
}

/** One bot's part of the count: its own window, and its calls in flight. */
interface BotShare {
  readonly counter: WindowCounter;
  pending: number;
  refusing: boolean;
}

/** Bots whose share is tracked at once; a bot forgotten starts again from zero (the global count still holds). */
const TRACKED_BOTS = 10_000;

/**
 * Discord bans an IP address for a while after 10,000 answers of 401, 403 or 429 (except 429s of
 * `shared` scope) in ten minutes. This guard counts those answers and, before the budget is
 * spent, refuses further calls with 503 INVALID_REQUEST_BUDGET. Calls in flight reserve a slot,
 * since each of them may still come back invalid: concurrent calls cannot overshoot the budget.
 * The budget protects the server's IP, so it is one for all bots; but no bot may spend more than
 * its share (INVALID_REQUEST_BUDGET_PER_BOT), so one bot's 403s cannot lock the others out.
 */
export class InvalidRequestBudget implements UpstreamGuard {
  private pending = 0;
  /** How many WARN_LEVELS the count has crossed; warnings fire once per crossing. */
  private warnedLevels = 0;
  private refusing = false;
  private readonly bots = new LRUCache<string, BotShare>({ max: TRACKED_BOTS });

  constructor(private readonly options: InvalidRequestBudgetOptions) {}

  /** One bot's share: the whole budget when no share is set. */
  get perBot(): number {
    return Math.min(this.options.perBot ?? this.options.budget, this.options.budget);
  }

  /** Invalid answers one bot (by token key) drew in the current window. */
  usedBy(tokenKey: string): Promise<number> {
    return this.shareOf(tokenKey).counter.total();
  }

  get budget(): number {
    return this.options.budget;
  }

  /** Invalid answers counted in the current window. */
  used(): Promise<number> {
    return this.options.counter.total();
  }

  async before(call: UpstreamCall): Promise<void> {
    const share = this.shareOf(call.tokenKey);
    // Both counts at once: on Redis each is a round trip, and a call must not wait for two in a row.
    const [botUsed, used] = await Promise.all([share.counter.total(), this.options.counter.total()]);
    if (botUsed + share.pending >= this.perBot) throw await this.botRefusal(call.tokenKey, share, botUsed);
    if (used + this.pending >= this.options.budget) throw await this.refusal(used);
    this.refusing = false;
    share.refusing = false;
    this.pending++;
    share.pending++;
  }

  async after(call: UpstreamCall, response: ResponseLike): Promise<void> {
    const share = this.shareOf(call.tokenKey);
    this.pending--;
    share.pending--;
    if (!countsAsInvalid(response)) return;
    const [, used] = await Promise.all([share.counter.add(1), this.options.counter.add(1)]);
    this.warnOnCrossing(used);
  }

  failed(call: UpstreamCall): void {
    this.pending--;
    this.shareOf(call.tokenKey).pending--;
  }

  private shareOf(tokenKey: string): BotShare {
    let share = this.bots.get(tokenKey);
    if (!share) {
      const counter = this.options.counterFor?.(tokenKey) ?? new MemoryWindowCounter(DISCORD_INVALID_REQUEST_WINDOW, () => Date.now());
      this.bots.set(tokenKey, (share = { counter, pending: 0, refusing: false }));
    }
    return share;
  }

  /** This bot spent its share: it alone waits, the others go on. */
  private async botRefusal(tokenKey: string, share: BotShare, used: number): Promise<AppError> {
    const waitMs = used >= this.perBot ? await share.counter.msUntilOldestExpires() : 1000;
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    if (!share.refusing) {
      share.refusing = true;
      this.options.logger.warn('discord.invalid_request_share_spent', { tokenKey: tokenKey.slice(0, 10), used, share: this.perBot, retryAfter });
    }
    return new AppError(
      'INVALID_REQUEST_BUDGET',
      'Too many of Discord\'s answers to this bot in the last 10 minutes were 401, 403 or 429; its calls to Discord pause so the server is not banned',
      { headers: { 'Retry-After': String(retryAfter) }, details: { retryAfter, scope: 'bot' } },
    );
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
