// Shared shapes of the fake: what tests configure and what the fake records.
import type { APIUser } from 'discord-api-types/v10';
import type { DiscordErrorTree } from './errors.js';

export interface FakeDiscordOptions {
  /** Added to every answer, after the request has been counted (default 0). */
  latencyMs?: number;
  /** Requests per bot token per fixed 1 s window (default 50); 0 or Infinity turns it off. */
  globalLimitPerSecond?: number;
  /** Per-route buckets with X-RateLimit-* headers and 429s (default true). */
  enforceBuckets?: boolean;
  /** Clock for rate-limit windows, call timestamps and OAuth expiry (default Date.now). */
  now?: () => number;
  /** Lifetime of OAuth2 access tokens, in seconds (default 604800, Discord's 7 days). */
  oauthAccessTokenTtlSeconds?: number;
}

export interface FakeBot {
  /** Generated at runtime; never written down anywhere. */
  token: string;
  user: APIUser;
  /** Without it, GET /guilds/:id/members answers 403 50001 like Discord. */
  membersIntent: boolean;
  /** The OAuth2 client secret of the bot's application, whose client id is `user.id`. */
  clientSecret: string;
}

export interface RecordedCall {
  method: string;
  /** Path without the /api/v10 (or /api) prefix, e.g. '/guilds/123/channels'. */
  path: string;
  /** Raw search string without the leading '?'. */
  query: string;
  /** The token from `Authorization: Bot <token>`, if the header had that form. */
  token: string | undefined;
  /** The token of `Authorization: Bearer <token>` (an OAuth2 access token), if any. */
  bearer: string | undefined;
  /** The raw (URL-encoded) `X-Audit-Log-Reason` header, if sent. */
  auditLogReason: string | undefined;
  /**
   * The request body of a POST, PUT, PATCH or DELETE: parsed JSON, the fields of a form, the
   * raw text when neither parses, undefined when empty.
   */
  body: unknown;
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

interface FaultScope {
  /** How many requests it affects (default: every one until clearFaults). */
  times?: number;
  /** Tested against the path without /api/v10. */
  route?: RegExp;
  /** Only requests with this method (e.g. 'POST'); default any. */
  method?: string;
  /**
   * Let the request take effect first (the message is created, the role deleted), then fail:
   * the client cannot know the write happened, which is what proves it is never resent.
   */
  afterEffect?: boolean;
}

export type Fault =
  | ({ kind: 'status'; status: number } & FaultScope)
  | ({ kind: 'hang' } & FaultScope)
  | ({ kind: 'drop' } & FaultScope)
  /** A 400 50035 with this `errors` tree (default: one error on `content`), for writes Discord would refuse. */
  | ({ kind: 'invalidFormBody'; errors?: DiscordErrorTree } & FaultScope);

export interface FakeStats {
  /** 429s sent by the fake's own rate limiting (not injected 'status' faults). */
  rateLimited: number;
}

/** What an OAuth2 access token grants, as the Bearer auth middleware finds it. */
export interface BearerGrant {
  accessToken: string;
  userId: string;
  clientId: string;
  scopes: string[];
}

/**
 * Hono environment: the auth middleware puts the calling bot here, or, for the few routes an
 * OAuth2 access token may call, the bearer grant (and then no bot).
 */
export interface FakeEnv {
  Variables: { bot: FakeBot; bearer: BearerGrant | undefined };
}
