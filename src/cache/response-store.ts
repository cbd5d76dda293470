import type { CachedResponse } from './cached-response.js';
import type { ResourceKind } from './resource-kind.js';

/** Which entries an invalidation drops: one kind of data of one guild, for one bot or all. */
export interface InvalidationFilter {
  guildId: string;
  kind: ResourceKind;
  botId?: string;
  /** For live events on the other instances: what caused it (a bot's own message names none). */
  cause?: 'write' | 'invalidate';
  /** For live events on the other instances: the bot joined or left the guild. */
  guild?: 'added' | 'removed';
}

/** Where a shared store counts invalidations of what a fill is for, and the count it noted: opaque to the cache. */
export interface SharedEpoch {
  readonly key: string;
  readonly value: string;
}

/**
 * Where cached answers live. The memory store is the default; a shared store (Redis) puts a
 * small memory store in front of itself. Methods may answer synchronously.
 */
export interface ResponseStore {
  get(key: string): CachedResponse | undefined | Promise<CachedResponse | undefined>;
  /** The entry when it is in this process (no I/O); undefined means "not here", not "absent". */
  peek?(key: string): CachedResponse | undefined;
  /** `sharedEpoch`: what sharedEpoch() said when the fill began; a shared store then writes only if it still holds. */
  set(key: string, entry: CachedResponse, sharedEpoch?: SharedEpoch): void | Promise<void>;
  /** A store shared by instances: its invalidation count for one kind and guild, noted by a fill before it asks Discord. */
  sharedEpoch?(kind: ResourceKind, guildId: string | null): Promise<SharedEpoch | undefined>;
  invalidate(filter: InvalidationFilter): number | Promise<number>;
  /** Called at every invalidation this store carries out, from any source, before entries go. */
  onInvalidate?(listener: (filter: InvalidationFilter) => void): void;
  readonly entries?: number;
  readonly bytes?: number;
}

/** Cache keys start with the bot id, so two bots never share an entry. */
export function cacheKey(botId: string, route: string): string {
  return `${botId}:${route}`;
}

export function botIdOfKey(key: string): string {
  return key.slice(0, key.indexOf(':'));
}

/**
 * An entry that belongs to no single guild (the guild list, a channel's messages: Discord does
 * not say whose) goes with every guild's invalidation of its kind.
 */
export function matchesFilter(key: string, entry: CachedResponse, filter: InvalidationFilter): boolean {
  if (entry.kind !== filter.kind) return false;
  if (entry.guildId !== null && entry.guildId !== filter.guildId) return false;
  return filter.botId === undefined || botIdOfKey(key) === filter.botId;
}
