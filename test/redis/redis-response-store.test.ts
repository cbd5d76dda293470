import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { CachedResponse } from '../../src/cache/cached-response.js';
import { RedisResponseStore } from '../../src/scale/redis-response-store.js';
import { systemClock } from '../../src/clock.js';
import { redisKeys } from '../../src/scale/redis-keys.js';
import { describeWithRedis, RedisServer } from '../support/redis-server.js';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';

/**
 * The race between instances that the local epoch cannot see: instance B's fill began before
 * instance A's invalidation and writes before B hears of it. The write checks Redis's own
 * count of invalidations, which A moved before dropping anything.
 */
describeWithRedis('the Redis response store: fills an invalidation on another instance overtook, and its index', () => {
  let redis: RedisServer;
  let connection: Redis;
  let store: RedisResponseStore;
  let n = 0;

  beforeAll(async () => {
    redis = await RedisServer.start();
    connection = redis.client();
    store = new RedisResponseStore(connection, systemClock);
  });

  afterAll(async () => {
    connection?.disconnect();
    await redis?.stop();
  });

  const freshKey = () => `42:/test/${++n}`;

  it('stores a fill when nothing was invalidated meanwhile', async () => {
    const key = freshKey();
    const noted = await store.epoch('roles', GUILD);
    await store.set(key, entryOf('roles', GUILD), noted);
    expect(await store.get(key)).toMatchObject({ kind: 'roles' });
  });

  it("stores nothing when the kind of that guild was invalidated since the fill noted Redis's count", async () => {
    const key = freshKey();
    const noted = await store.epoch('roles', GUILD);
    await store.invalidate({ guildId: GUILD, kind: 'roles' });
    await store.set(key, entryOf('roles', GUILD), noted);
    expect(await store.get(key)).toBeUndefined();
  });

  it('stores nothing of no single guild (messages) when any guild invalidated that kind', async () => {
    const key = freshKey();
    const noted = await store.epoch('messages', null);
    await store.invalidate({ guildId: OTHER_GUILD, kind: 'messages' });
    await store.set(key, entryOf('messages', null), noted);
    expect(await store.get(key)).toBeUndefined();
  });

  it('checks the count the fill noted, even when the answer names its guild only afterwards', async () => {
    const key = freshKey();
    const noted = await store.epoch('channels', null); // a channel by id: its guild is known from the answer
    await store.invalidate({ guildId: GUILD, kind: 'channels' });
    await store.set(key, entryOf('channels', GUILD), noted);
    expect(await store.get(key)).toBeUndefined();
  });

  it('leaves other guilds and kinds alone', async () => {
    const key = freshKey();
    const noted = await store.epoch('roles', GUILD);
    await store.invalidate({ guildId: OTHER_GUILD, kind: 'roles' });
    await store.invalidate({ guildId: GUILD, kind: 'channels' });
    await store.set(key, entryOf('roles', GUILD), noted);
    expect(await store.get(key)).toMatchObject({ kind: 'roles' });
  });

  it('lists only what is still cached, though traffic keeps the index itself alive', async () => {
    await store.set('42:/channels/1/messages?page=first', entryOf('messages', null)); // keeps the index alive
    for (let i = 0; i < 20; i++) await store.set(`42:/channels/1/messages?page=${i}`, entryOf('messages', null, 30));
    await new Promise((resolve) => setTimeout(resolve, 60)); // those 20 have expired
    await store.set('42:/channels/1/messages?page=last', entryOf('messages', null));
    const listed = await connection.zrange(redisKeys.cacheIndex('any', 'messages'), '0', '-1');
    expect(listed.sort()).toEqual(['first', 'last'].map((page) => redisKeys.cacheEntry(`42:/channels/1/messages?page=${page}`)).sort());
  });
});

function entryOf(kind: CachedResponse['kind'], guildId: string | null, ttlMs = 60_000): CachedResponse {
  const now = Date.now();
  return { status: 200, body: new TextEncoder().encode('[]'), etag: '"2-x"', storedAt: now, expiresAt: now + ttlMs, kind, guildId };
}
