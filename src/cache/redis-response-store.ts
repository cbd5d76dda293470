import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import { redisKeys } from '../scale/redis-keys.js';
import type { CachedResponse } from './cached-response.js';
import { botIdOfKey, type InvalidationFilter } from './response-store.js';
import { cacheKeyOfEntryKey } from '../scale/redis-keys.js';

/** An entry's fields besides the body bytes, stored as one JSON line in front of them. */
type EntryMeta = Omit<CachedResponse, 'body'>;

const NEWLINE = 0x0a;
/** The index of entries that belong to no single guild: every guild's invalidation drops them (matchesFilter). */
const NO_GUILD = 'any';

/**
 * Cached answers in Redis, shared by every instance. One string per entry: a JSON line with
 * the metadata, then the body bytes as they are (no base64, no re-serialising on a hit).
 * Each entry is also listed in a set per guild and kind, which is what invalidation drops.
 * Errors are thrown; the tiered store in front decides what a failure means.
 */
export class RedisResponseStore {
  constructor(
    private readonly redis: Redis,
    private readonly clock: Clock,
  ) {}

  async get(key: string): Promise<CachedResponse | undefined> {
    const value = await this.redis.getBuffer(redisKeys.cacheEntry(key));
    if (value === null) return undefined;
    const entry = decodeEntry(value);
    return entry && entry.expiresAt > this.clock.now() ? entry : undefined;
  }

  async set(key: string, entry: CachedResponse): Promise<void> {
    const ttlMs = entry.expiresAt - this.clock.now();
    if (ttlMs <= 0) return;
    const entryKey = redisKeys.cacheEntry(key);
    const indexKey = redisKeys.cacheIndex(entry.guildId ?? NO_GUILD, entry.kind);
    // The index lives as long as its longest-lived entry; stale members only cost a DEL.
    await this.redis
      .multi()
      .set(entryKey, encodeEntry(entry), 'PX', ttlMs)
      .sadd(indexKey, entryKey)
      .pexpire(indexKey, ttlMs, 'GT')
      .pexpire(indexKey, ttlMs, 'NX')
      .exec();
  }

  /** Drops the matching entries; resolves to how many were dropped. */
  async invalidate(filter: InvalidationFilter): Promise<number> {
    const dropped = await Promise.all(
      [filter.guildId, NO_GUILD].map((guildId) => this.dropIndexed(redisKeys.cacheIndex(guildId, filter.kind), filter.botId)),
    );
    return dropped[0]! + dropped[1]!;
  }

  /** Drops the entries one index lists (only `botId`'s when given) and their index members. */
  private async dropIndexed(indexKey: string, botId: string | undefined): Promise<number> {
    const members = await this.redis.smembers(indexKey);
    const doomed = members.filter((entryKey) => botId === undefined || botIdOfKey(cacheKeyOfEntryKey(entryKey)) === botId);
    if (doomed.length === 0) return 0;
    const [deleted] = (await this.redis.multi().del(...doomed).srem(indexKey, ...doomed).exec()) ?? [];
    const count = deleted?.[1];
    return typeof count === 'number' ? count : 0;
  }
}

function encodeEntry(entry: CachedResponse): Buffer {
  const { body, ...meta } = entry;
  return Buffer.concat([Buffer.from(`${JSON.stringify(meta)}\n`), body]);
}

/** undefined for a value this version cannot read (written by an older layout): a miss. */
function decodeEntry(value: Buffer): CachedResponse | undefined {
  const split = value.indexOf(NEWLINE);
  if (split < 0) return undefined;
  try {
    const meta = JSON.parse(value.subarray(0, split).toString('utf8')) as EntryMeta;
    // A copy: the body must not keep the whole reply buffer alive, nor be a Node Buffer.
    return { ...meta, body: new Uint8Array(value.subarray(split + 1)) };
  } catch {
    return undefined;
  }
}
