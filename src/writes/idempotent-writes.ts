import { AppError } from '../errors.js';
import { pause } from '../lib/pause.js';
import type { IdempotencyRecord, IdempotencyStore, StoredAnswer } from './idempotency-store.js';

export interface IdempotentRun {
  readonly answer: StoredAnswer;
  /** True when this answer is the stored one of an earlier (or concurrent) request with the key. */
  readonly replayed: boolean;
}

/** How often a duplicate on another instance looks again at a key whose first request is at Discord. */
const POLL_MS = 50;
/** A released key (the first request failed cleanly) is claimed again at most this often in a row. */
const CLAIM_ATTEMPTS = 3;

/**
 * Idempotency-Key on a POST. The same key (of the same bot) with the same request within 24 h
 * answers what the first answered, with no second call; another request under the key is
 * 422 IDEMPOTENCY_KEY_REUSED. Concurrent duplicates wait for the first and share its answer:
 * in this process through the promise, across instances by watching the shared record. A write
 * whose outcome is unknown leaves the key in doubt: 409 IDEMPOTENCY_IN_DOUBT, never a resend.
 * A write that failed before anything was applied (a refusal, a 429) frees the key.
 */
export class IdempotentWrites {
  private readonly inFlight = new Map<string, { fingerprint: string; run: Promise<IdempotentRun> }>();

  constructor(
    private readonly store: IdempotencyStore,
    /** How long a duplicate waits for a first request at another instance before it is in doubt. */
    private readonly waitForOtherMs: number,
  ) {}

  async run(key: string, fingerprint: string, execute: () => Promise<StoredAnswer>): Promise<IdempotentRun> {
    const local = this.inFlight.get(key);
    if (local) return this.join(local, fingerprint);
    const run = this.claimAndRun(key, fingerprint, execute);
    run.catch(() => {}); // its waiters and the caller below each see the failure
    this.inFlight.set(key, { fingerprint, run });
    try {
      return await run;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async join(first: { fingerprint: string; run: Promise<IdempotentRun> }, fingerprint: string): Promise<IdempotentRun> {
    if (first.fingerprint !== fingerprint) throw keyReused();
    try {
      return { answer: (await first.run).answer, replayed: true };
    } catch (error) {
      throw replayedFailure(error);
    }
  }

  private async claimAndRun(key: string, fingerprint: string, execute: () => Promise<StoredAnswer>): Promise<IdempotentRun> {
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const held = await this.store.claim(key, fingerprint);
      if (!held) return { answer: await this.execute(key, fingerprint, execute), replayed: false };
      if (held.fingerprint !== fingerprint) throw keyReused();
      const settled = held.state === 'pending' ? await this.waitForOther(key) : held;
      if (!settled) continue; // the first failed cleanly and freed the key: this one may try
      if (settled.fingerprint !== fingerprint) throw keyReused();
      if (settled.state === 'done') return { answer: settled.answer, replayed: true };
      throw inDoubt();
    }
    throw inDoubt();
  }

  private async execute(key: string, fingerprint: string, execute: () => Promise<StoredAnswer>): Promise<StoredAnswer> {
    let answer: StoredAnswer;
    try {
      answer = await execute();
    } catch (error) {
      if (outcomeUnknown(error)) await this.store.settle(key, { fingerprint, state: 'in-doubt' });
      else await this.store.release(key);
      throw error;
    }
    await this.store.settle(key, { fingerprint, state: 'done', answer });
    return answer;
  }

  /** The record once the first request (at another instance) is done; still pending after the wait means in doubt. */
  private async waitForOther(key: string): Promise<IdempotencyRecord | undefined> {
    let record = await this.store.get(key);
    for (let waited = 0; record?.state === 'pending' && waited < this.waitForOtherMs; waited += POLL_MS) {
      await pause(POLL_MS);
      record = await this.store.get(key);
    }
    return record;
  }
}

/** Set by upstream-errors on a write that was sent and never clearly answered. */
export function outcomeUnknown(error: unknown): boolean {
  return error instanceof AppError && error.details?.outcome === 'unknown';
}

function keyReused(): AppError {
  return new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request in the last 24 hours', {
    details: { parameter: 'Idempotency-Key' },
  });
}

function inDoubt(): AppError {
  return new AppError(
    'IDEMPOTENCY_IN_DOUBT',
    'The first request with this Idempotency-Key reached Discord and its outcome is unknown: it is not sent again. Read the data to see whether it was applied, then use a new key',
    { details: { parameter: 'Idempotency-Key' } },
  );
}

/** A concurrent duplicate answers what the first answered, failure included, marked as a replay. */
function replayedFailure(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  return new AppError(error.code, error.message, {
    ...(error.discord ? { discord: error.discord } : {}),
    ...(error.details ? { details: error.details } : {}),
    headers: { ...error.headers, 'Idempotent-Replayed': 'true' },
  });
}
