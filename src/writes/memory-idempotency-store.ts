import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import { IDEMPOTENCY_TTL_MS, type IdempotencyRecord, type IdempotencyStore } from './idempotency-store.js';

/** Keys remembered per process; the oldest go first beyond it (each holds one answer, a few KB). */
const MAX_KEYS = 10_000;

/** Idempotency-Keys in this process: bounded, each kept 24 hours on the injected clock. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records: LRUCache<string, IdempotencyRecord>;

  constructor(clock: Clock, maxKeys = MAX_KEYS) {
    this.records = new LRUCache({ max: maxKeys, ttl: IDEMPOTENCY_TTL_MS, perf: { now: () => clock.now() }, ttlResolution: 0 });
  }

  async claim(key: string, fingerprint: string): Promise<IdempotencyRecord | undefined> {
    const existing = this.records.get(key);
    if (existing) return existing;
    this.records.set(key, { fingerprint, state: 'pending' });
    return undefined;
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    return this.records.get(key);
  }

  async settle(key: string, record: IdempotencyRecord): Promise<void> {
    this.records.set(key, record);
  }

  async release(key: string): Promise<void> {
    this.records.delete(key);
  }
}
