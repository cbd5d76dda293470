import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { CachedResponse } from '../../src/cache/cached-response.js';
import { RedisResponseStore } from '../../src/scale/redis-response-store.js';
import { TieredResponseStore } from '../../src/scale/tiered-response-store.js';
import { systemClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';
import { describeWithRedis, RedisServer } from '../support/redis-server.js';

const GUILD = '100000000000000001';

describeWithRedis('the local tier during an invalidation', () => {
  let redis: RedisServer;
  let connection: Redis;
  let tiered: TieredResponseStore;

  beforeAll(async () => {
    redis = await RedisServer.start();
    connection = redis.client();
    tiered = new TieredResponseStore({
      shared: new RedisResponseStore(connection, systemClock),
      clock: systemClock,
      logger: createLogger({ level: 'silent' }),
      localTtlMs: 60_000,
      localMaxBytes: 1_000_000,
    });
  });

  afterAll(async () => {
    connection?.disconnect();
    await redis?.stop();
  });

  it('keeps no old copy that a read took from Redis while Redis was still being cleared', async () => {
    const key = '42:/guilds/100000000000000001/roles';
    await tiered.set(key, entryOf('roles'));
    const invalidation = tiered.invalidate({ guildId: GUILD, kind: 'roles' }); // local tier cleared at once
    const readMeanwhile = await tiered.get(key); // Redis still has it: copied back to the local tier
    await invalidation;
    expect(readMeanwhile).toBeDefined(); // the race really happened
    expect(tiered.peek(key)).toBeUndefined();
    expect(await tiered.get(key)).toBeUndefined();
  });
});

function entryOf(kind: CachedResponse['kind']): CachedResponse {
  const now = Date.now();
  return { status: 200, body: new TextEncoder().encode('[]'), etag: '"2-x"', storedAt: now, expiresAt: now + 60_000, kind, guildId: GUILD };
}
