/** What a POST with an Idempotency-Key answered: replayed as it was for 24 hours. */
export interface StoredAnswer {
  readonly status: number;
  /** The JSON text of the body ('' for none). */
  readonly body: string;
}

/**
 * One key's record. `pending`: the first request is at Discord now. `done`: its answer.
 * `in-doubt`: it was sent and no answer said whether Discord applied it (timeout, lost
 * connection, 5xx), so nothing may resend it under this key.
 */
export type IdempotencyRecord =
  | { readonly fingerprint: string; readonly state: 'pending' | 'in-doubt' }
  | { readonly fingerprint: string; readonly state: 'done'; readonly answer: StoredAnswer };

/** How long a key is remembered: Stripe's and DESIGN's 24 hours. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

/**
 * Where Idempotency-Keys live: in process by default, in Redis when configured, so that a
 * retry that lands on another instance is still recognised. Keys are already scoped to a bot.
 */
export interface IdempotencyStore {
  /** Takes the key for a new request (undefined), or hands back the record someone else holds. */
  claim(key: string, fingerprint: string): Promise<IdempotencyRecord | undefined>;
  get(key: string): Promise<IdempotencyRecord | undefined>;
  /** Records the outcome of the request that claimed the key. */
  settle(key: string, record: IdempotencyRecord): Promise<void>;
  /** The request failed before anything was applied: a retry with the key may try again. */
  release(key: string): Promise<void>;
}
