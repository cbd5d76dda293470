import type { Clock } from '../clock.js';
import { TenantLru } from '../lib/tenant-lru.js';
import { sizeOf, type CachedResponse } from './cached-response.js';
import { botIdOfKey, type InvalidationFilter, type ResponseStore } from './response-store.js';

export interface MemoryResponseStoreOptions {
  maxBytes: number;
  /** One bot's bound (CACHE_MAX_BYTES_PER_BOT); maxBytes when absent. */
  maxBytesPerBot?: number;
  clock: Clock;
  /** Keeps no entry longer than this, whatever its own expiry (the local tier in front of Redis). */
  maxTtlMs?: number;
}

/** Entries that belong to no single guild are indexed under this guild: every guild's invalidation drops them. */
const ANY_GUILD = '*';

/**
 * Cached answers in process memory, bounded by bytes; entries expire at their own expiresAt.
 * Each bot has its own share (TenantLru): a bot that fills the cache evicts its own entries,
 * not another bot's. Entries are indexed by bot, kind and guild, so an invalidation touches
 * only what it drops, however large the cache.
 */
export class MemoryResponseStore implements ResponseStore {
  private readonly lru: TenantLru<CachedResponse>;
  /** `bot|kind|guild` -> the cache keys of those entries. */
  private readonly index = new Map<string, Set<string>>();
  private readonly invalidationListeners: ((filter: InvalidationFilter) => void)[] = [];

  constructor(private readonly options: MemoryResponseStoreOptions) {
    const maxTotal = Math.max(1, options.maxBytes);
    this.lru = new TenantLru<CachedResponse>({
      maxTotal,
      maxPerTenant: Math.min(maxTotal, Math.max(1, options.maxBytesPerBot ?? maxTotal)),
      sizeOf: (key, entry) => sizeOf(key, entry),
      now: () => options.clock.now(),
      onRemove: (bot, key, entry) => this.unindex(bot, key, entry),
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
    const bot = botIdOfKey(key);
    if (this.lru.set(bot, key, entry, ttl)) this.indexed(bot, entry.kind, entry.guildId).add(key);
  }

  onInvalidate(listener: (filter: InvalidationFilter) => void): void {
    this.invalidationListeners.push(listener);
  }

  /** Costs what it drops: one bot's index for that kind and guild (every bot's, when no bot is named). */
  invalidate(filter: InvalidationFilter): number {
    for (const listener of this.invalidationListeners) listener(filter);
    const bots = filter.botId === undefined ? this.lru.tenantNames() : [filter.botId];
    let dropped = 0;
    for (const bot of bots) {
      for (const guild of [filter.guildId, ANY_GUILD]) {
        const keys = this.index.get(indexKey(bot, filter.kind, guild));
        if (!keys) continue;
        for (const key of [...keys]) if (this.lru.delete(key)) dropped++;
      }
    }
    return dropped;
  }

  get entries(): number {
    return this.lru.size;
  }

  get bytes(): number {
    return this.lru.totalSize;
  }

  /** Bytes one bot's entries take (its share of CACHE_MAX_BYTES). */
  bytesOf(botId: string): number {
    return this.lru.sizeOfTenant(botId);
  }

  private indexed(bot: string, kind: string, guildId: string | null): Set<string> {
    const name = indexKey(bot, kind, guildId ?? ANY_GUILD);
    let keys = this.index.get(name);
    if (!keys) this.index.set(name, (keys = new Set()));
    return keys;
  }

  private unindex(bot: string, key: string, entry: CachedResponse): void {
    const name = indexKey(bot, entry.kind, entry.guildId ?? ANY_GUILD);
    const keys = this.index.get(name);
    if (!keys) return;
    keys.delete(key);
    if (keys.size === 0) this.index.delete(name);
  }
}

function indexKey(bot: string, kind: string, guild: string): string {
  return `${bot}|${kind}|${guild}`;
}
