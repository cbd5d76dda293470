import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import { sizeOf, type CachedResponse } from './cached-response.js';
import { matchesFilter, type InvalidationFilter, type ResponseStore } from './response-store.js';

export interface MemoryResponseStoreOptions {
  maxBytes: number;
  clock: Clock;
  /** Keeps no entry longer than this, whatever its own expiry (the local tier in front of Redis). */
  maxTtlMs?: number;
}

/** Cached answers in process memory, bounded by bytes; entries expire at their own expiresAt. */
export class MemoryResponseStore implements ResponseStore {
  private readonly lru: LRUCache<string, CachedResponse>;
  private readonly invalidationListeners: ((filter: InvalidationFilter) => void)[] = [];

  constructor(private readonly options: MemoryResponseStoreOptions) {
    this.lru = new LRUCache<string, CachedResponse>({
      maxSize: Math.max(1, options.maxBytes),
      sizeCalculation: (entry, key) => sizeOf(key, entry),
      perf: { now: () => options.clock.now() },
      ttlResolution: 0,
    });
  }

  get(key: string): CachedResponse | undefined {
    return this.lru.get(key);
  }

  peek(key: string): CachedResponse | undefined {
    return this.lru.get(key);
  }

  set(key: string, entry: CachedResponse): void {
    const ttl = Math.min(this.options.maxTtlMs ?? Infinity, entry.expiresAt - this.options.clock.now());
    if (ttl <= 0) return;
    this.lru.set(key, entry, { ttl });
  }

  onInvalidate(listener: (filter: InvalidationFilter) => void): void {
    this.invalidationListeners.push(listener);
  }

  invalidate(filter: InvalidationFilter): number {
    for (const listener of this.invalidationListeners) listener(filter);
    let dropped = 0;
    for (const [key, entry] of this.lru.entries()) {
      if (!matchesFilter(key, entry, filter)) continue;
      this.lru.delete(key);
      dropped++;
    }
    return dropped;
  }

  get entries(): number {
    return this.lru.size;
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }
}
