import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CachedResponse } from '../cache/cached-response.js';
import type { ResourceKind } from '../cache/resource-kind.js';
import { MemoryResponseStore } from '../cache/memory-response-store.js';
import type { RedisResponseStore } from './redis-response-store.js';
import type { InvalidationFilter, ResponseStore, SharedEpoch } from '../cache/response-store.js';

export interface TieredResponseStoreOptions {
  shared: RedisResponseStore;
  clock: Clock;
  logger: Logger;
  /** How long an entry may be answered from this process without asking Redis. */
  localTtlMs: number;
  localMaxBytes: number;
  /** Tells the other instances to drop their local copies (the invalidation channel). */
  broadcast?: (filter: InvalidationFilter) => Promise<void>;
}

/**
 * A small in-process LRU in front of the shared Redis cache. The hottest keys are answered
 * without a round trip; a local copy lives at most `localTtlMs` (or until its own expiry), which
 * bounds how stale an instance can be when it misses an invalidation message.
 * A failing Redis degrades to the local tier: reads miss, writes stay local, nothing throws.
 */
export class TieredResponseStore implements ResponseStore {
  private readonly local: MemoryResponseStore;

  constructor(private readonly options: TieredResponseStoreOptions) {
    this.local = new MemoryResponseStore({ maxBytes: options.localMaxBytes, clock: options.clock, maxTtlMs: options.localTtlMs });
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const near = this.local.peek(key);
    if (near) return near;
    const far = await this.sharedOrUndefined(key);
    if (far) this.keepLocally(key, far);
    return far;
  }

  /** The local copy only: what this instance may answer without asking Redis. */
  peek(key: string): CachedResponse | undefined {
    return this.local.peek(key);
  }

  /** Only Redis, never the local copy: what another instance's fill left there. */
  async getShared(key: string): Promise<CachedResponse | undefined> {
    return this.sharedOrUndefined(key);
  }

  /** Redis's invalidation count for a fill to note; undefined when Redis cannot say (then set() does not check). */
  async sharedEpoch(kind: ResourceKind, guildId: string | null): Promise<SharedEpoch | undefined> {
    try {
      return await this.options.shared.epoch(kind, guildId);
    } catch (error) {
      this.warn('cache.shared_read_failed', error);
      return undefined;
    }
  }

  async set(key: string, entry: CachedResponse, sharedEpoch?: SharedEpoch): Promise<void> {
    this.keepLocally(key, entry);
    try {
      await this.options.shared.set(key, entry, sharedEpoch);
    } catch (error) {
      this.warn('cache.shared_write_failed', error);
    }
  }

  /** Drops the entries here and in Redis, then tells every other instance to drop theirs. */
  async invalidate(filter: InvalidationFilter): Promise<number> {
    const dropped = await this.invalidateHereAndShared(filter);
    try {
      await this.options.broadcast?.(filter);
    } catch (error) {
      this.warn('cache.broadcast_failed', error);
    }
    return dropped;
  }

  /**
   * What a bot's invalidation message does: no broadcast again. The local tier is cleared a
   * second time once Redis is done: a read in between may have copied the old entry back from
   * Redis before it was deleted there.
   */
  async invalidateHereAndShared(filter: InvalidationFilter): Promise<number> {
    const local = this.invalidateLocal(filter);
    try {
      return Math.max(local, await this.options.shared.invalidate(filter));
    } catch (error) {
      this.warn('cache.shared_invalidate_failed', error);
      return local;
    } finally {
      this.invalidateLocal(filter);
    }
  }

  /** Every invalidation here goes through the local tier first, whatever its source. */
  onInvalidate(listener: (filter: InvalidationFilter) => void): void {
    this.local.onInvalidate(listener);
  }

  invalidateLocal(filter: InvalidationFilter): number {
    return this.local.invalidate(filter);
  }

  get entries(): number {
    return this.local.entries;
  }

  get bytes(): number {
    return this.local.bytes;
  }

  /** A local copy lives at most localTtlMs (MemoryResponseStore's maxTtlMs), never past its expiry. */
  private keepLocally(key: string, entry: CachedResponse): void {
    this.local.set(key, entry);
  }

  private async sharedOrUndefined(key: string): Promise<CachedResponse | undefined> {
    try {
      return await this.options.shared.get(key);
    } catch (error) {
      this.warn('cache.shared_read_failed', error);
      return undefined;
    }
  }

  private warn(event: string, error: unknown): void {
    this.options.logger.warn(event, { error: error instanceof Error ? error.name : typeof error });
  }
}
