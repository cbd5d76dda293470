import type { ResponseLike } from '@discordjs/rest';

/**
 * A check around every HTTP call to Discord, per bot: the place for budgets that must hold
 * across all of a bot's requests (the invalid-request budget, a cross-instance 50/s slot,
 * metrics). `before` may wait or throw an AppError; `after` sees every answer.
 */
export interface UpstreamGuard {
  before?(call: UpstreamCall): Promise<void> | void;
  after?(call: UpstreamCall, response: ResponseLike): Promise<void> | void;
  /** The call passed `before` but got no answer (network error, timeout, abort). */
  failed?(call: UpstreamCall, error: unknown): Promise<void> | void;
}

export interface UpstreamCall {
  /** Hash of the bot token (never the token). */
  readonly tokenKey: string;
  readonly method: string;
  /** Full URL of the call; holds ids only, no secrets. */
  readonly url: string;
  readonly signal: AbortSignal | undefined;
}
