import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import { redisKeys } from './redis-keys.js';
import type { CachedResponse } from '../cache/cached-response.js';
import { botIdOfKey, type InvalidationFilter, type SharedEpoch } from '../cache/response-store.js';
import { cacheKeyOfEntryKey } from './redis-keys.js';

/** An entry's fields besides the body bytes, stored as one JSON line in front of them. */
type EntryMeta = Omit<CachedResponse, 'body'>;

const NEWLINE = 0x0a;
/** Longer than any fill takes; a forgotten epoch reads '0', so a fill that noted more stores nothing. */
const EPOCH_TTL_MS = 24 * 3600_000;

/**
 * KEYS: entry, index, epoch; ARGV: value, ttl ms, the epoch the fill noted ('' = no check),
 * the entry's expiry and now (ms). The index is scored by expiry, and each write prunes the
 * members whose entries have expired: an index that traffic keeps alive (the one of messages)
 * stays the size of what is cached. It lives as long as its longest-lived entry.
 */
const SET_IF_EPOCH = `
if ARGV[3] ~= '' and (redis.call('GET', KEYS[3]) or '0') ~= ARGV[3] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[4], KEYS[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[2], 'GT')
redis.call('PEXPIRE', KEYS[2], ARGV[2], 'NX')
return 1
`;
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

  /** The invalidation count a fill notes before it asks Discord, and hands back to set(). */
  async epoch(kind: string, guildId: string | null): Promise<SharedEpoch> {
    const key = redisKeys.invalidationEpoch(guildId ?? NO_GUILD, kind);
    return { key, value: (await this.redis.get(key)) ?? '0' };
  }

  /**
   * Writes the entry and lists it in its index, in one script; with `expected`, only if
   * no instance invalidated its kind and guild since the fill noted it: an instance that has
   * not yet heard of an invalidation must not put the older answer back for everyone.
   */
  async set(key: string, entry: CachedResponse, expected?: SharedEpoch): Promise<void> {
    const now = this.clock.now();
    const ttlMs = entry.expiresAt - now;
    if (ttlMs <= 0) return;
    const indexKey = redisKeys.cacheIndex(entry.guildId ?? NO_GUILD, entry.kind);
    // With no epoch to check, KEYS[3] is the index again, and ARGV[3] '' skips the check.
    const keys = [redisKeys.cacheEntry(key), indexKey, expected?.key ?? indexKey];
    await this.redis.eval(SET_IF_EPOCH, keys.length, ...keys, encodeEntry(entry), ttlMs, expected?.value ?? '', entry.expiresAt, now);
  }

  /** Drops the matching entries; resolves to how many were dropped. */
  async invalidate(filter: InvalidationFilter): Promise<number> {
    // First the epochs: a fill that writes after this point finds them moved and stores nothing.
    await Promise.all([filter.guildId, NO_GUILD].map((guildId) => this.bumpEpoch(guildId, filter.kind)));
    const dropped = await Promise.all(
      [filter.guildId, NO_GUILD].map((guildId) => this.dropIndexed(redisKeys.cacheIndex(guildId, filter.kind), filter.botId)),
    );
    return dropped[0]! + dropped[1]!;
  }

  private async bumpEpoch(guildId: string, kind: string): Promise<void> {
    const key = redisKeys.invalidationEpoch(guildId, kind);
    await this.redis.multi().incr(key).pexpire(key, EPOCH_TTL_MS).exec();
  }

  /** Drops the entries one index lists (only `botId`'s when given) and their index members. */
  private async dropIndexed(indexKey: string, botId: string | undefined): Promise<number> {
    const members = await this.redis.zrange(indexKey, '0', '-1');
    const doomed = members.filter((entryKey) => botId === undefined || botIdOfKey(cacheKeyOfEntryKey(entryKey)) === botId);
    if (doomed.length === 0) return 0;
    const [deleted] = (await this.redis.multi().del(...doomed).zrem(indexKey, ...doomed).exec()) ?? [];
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
