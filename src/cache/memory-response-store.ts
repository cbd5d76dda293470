import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import { sizeOf, type CachedResponse } from './cached-response.js';
import { matchesFilter, type InvalidationFilter, type ResponseStore } from './response-store.js';

/** Cached answers in process memory, bounded by bytes; entries expire at their own expiresAt. */
export class MemoryResponseStore implements ResponseStore {
  private readonly lru: LRUCache<string, CachedResponse>;

  constructor(options: { maxBytes: number; clock: Clock }) {
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
    const ttl = entry.expiresAt - entry.storedAt;
    if (ttl <= 0) return;
    this.lru.set(key, entry, { ttl });
  }

  invalidate(filter: InvalidationFilter): number {
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
