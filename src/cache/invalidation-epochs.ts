import { LRUCache } from 'lru-cache';
import type { ResourceKind } from './resource-kind.js';
import type { InvalidationFilter } from './response-store.js';

/** Kinds and guilds whose last invalidation is remembered. */
const REMEMBERED = 10_000;

/**
 * When each kind of data of each guild was last invalidated, as a number that only grows. A
 * fill notes the number when it starts: if it changed by the time Discord answered, the answer
 * may predate the invalidation, so it is handed to the readers who were already waiting but
 * not stored, and later readers start a fill of their own instead of joining it.
 * Data that belongs to no single guild (the guild list, messages) changes with every guild.
 */
export class InvalidationEpochs {
  private last = 0;
  private readonly epochs = new LRUCache<string, number>({ max: REMEMBERED });

  bump(filter: InvalidationFilter): void {
    const epoch = ++this.last;
    this.epochs.set(epochKey(filter.kind, filter.guildId), epoch);
    this.epochs.set(epochKey(filter.kind, null), epoch);
  }

  /** 0 when never invalidated (or long forgotten: a fill that noted a number then sees a change, and stores nothing). */
  of(kind: ResourceKind, guildId: string | null): number {
    return this.epochs.get(epochKey(kind, guildId)) ?? 0;
  }
}

function epochKey(kind: ResourceKind, guildId: string | null): string {
  return `${kind}:${guildId ?? '*'}`;
}
