// Shared shapes of the fake: what tests configure and what the fake records.
import type { APIUser } from 'discord-api-types/v10';

export interface FakeDiscordOptions {
  /** Added to every answer, after the request has been counted (default 0). */
  latencyMs?: number;
  /** Requests per bot token per fixed 1 s window (default 50); 0 or Infinity turns it off. */
  globalLimitPerSecond?: number;
  /** Per-route buckets with X-RateLimit-* headers and 429s (default true). */
  enforceBuckets?: boolean;
  /** Clock for rate-limit windows and call timestamps (default Date.now). */
  now?: () => number;
}

export interface FakeBot {
  /** Generated at runtime; never written down anywhere. */
  token: string;
  user: APIUser;
  /** Without it, GET /guilds/:id/members answers 403 50001 like Discord. */
  membersIntent: boolean;
}

export interface RecordedCall {
  method: string;
  /** Path without the /api/v10 (or /api) prefix, e.g. '/guilds/123/channels'. */
  path: string;
  /** Raw search string without the leading '?'. */
  query: string;
  /** The token from `Authorization: Bot <token>`, if the header had that form. */
  token: string | undefined;
  /** Status answered; 0 while pending and for hung or dropped requests. */
  status: number;
  at: number;
}

export interface BucketRule {
  limit: number;
  windowMs: number;
  /** X-RateLimit-Scope of this bucket's 429s (default 'user'). */
  scope?: 'user' | 'shared';
}

export type Fault =
  | { kind: 'status'; status: number; times?: number; route?: RegExp }
  | { kind: 'hang'; times?: number; route?: RegExp }
  | { kind: 'drop'; times?: number; route?: RegExp };

export interface FakeStats {
  /** 429s sent by the fake's own rate limiting (not injected 'status' faults). */
  rateLimited: number;
}

/** Hono environment: the auth middleware puts the calling bot here. */
export interface FakeEnv {
  Variables: { bot: FakeBot };
}
