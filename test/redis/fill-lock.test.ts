import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { CachedResponse } from '../../src/cache/cached-response.js';
import { createLogger } from '../../src/logger.js';
import { RedisFillLock } from '../../src/scale/redis-fill-lock.js';
import { redisKeys } from '../../src/scale/redis-keys.js';
import { describeWithRedis, RedisServer } from '../support/redis-server.js';

/**
 * The cross-instance fill lock on a real redis-server, with the two instances' response stores
 * reduced to one shared map: what is checked here is who calls Discord, and how often.
 */
describeWithRedis('the Redis fill lock shared by two instances', () => {
  let redis: RedisServer;
  let connections: Redis[];
  let shared: Map<string, CachedResponse>;
  let a: RedisFillLock;
  let b: RedisFillLock;
  let keyNumber = 0;

  beforeAll(async () => {
    redis = await RedisServer.start();
    connections = [redis.client(), redis.client(), redis.client()];
    shared = new Map();
    const lockFor = (connection: Redis) =>
      new RedisFillLock({
        redis: connection,
        readShared: async (key) => shared.get(key),
        logger: createLogger({ level: 'silent' }),
        lockMs: 5000,
        pollMs: 5,
      });
    a = lockFor(connections[0]!);
    b = lockFor(connections[1]!);
  });

  afterAll(async () => {
    for (const connection of connections ?? []) connection.disconnect();
    await redis?.stop();
  });

  const look = () => connections[2]!;
  const freshKey = () => `test-key-${++keyNumber}`;
  const noAbort = () => new AbortController().signal;

  /** A fill that takes `ms`, stores its value where the other instance looks, and counts itself. */
  function countingFill(key: string, ms: number) {
    const fill = async () => {
      fill.calls++;
      await new Promise((resolve) => setTimeout(resolve, ms));
      const entry = entryNamed(`fill ${fill.calls}`);
      shared.set(key, entry);
      return entry;
    };
    fill.calls = 0;
    return fill;
  }

  async function lockReleased(key: string): Promise<void> {
    for (let i = 0; i < 200 && (await look().exists(redisKeys.fillLock(key))); i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await look().exists(redisKeys.fillLock(key))).toBe(0);
  }

  it('answers from Redis without filling when the other instance stored the value and freed the lock just before', async () => {
    const key = freshKey();
    const fill = countingFill(key, 0);
    const first = await a.coordinate(key, fill, noAbort());
    await lockReleased(key);

    // B saw its miss before A stored the value; its lock now comes free, and the value is there.
    const second = await b.coordinate(key, fill, noAbort());
    expect(fill.calls).toBe(1);
    expect(second).toBe(first);
  });

  it('fills once for misses that arrive over a whole slow fill and just after it, on both instances', async () => {
    const key = freshKey();
    const fill = countingFill(key, 50);
    const arrivals = Array.from({ length: 40 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 3)); // 0..117 ms: before, during, after
      return (i % 2 === 0 ? a : b).coordinate(key, fill, noAbort());
    });
    const entries = await Promise.all(arrivals);
    expect(fill.calls).toBe(1);
    expect(new Set(entries.map((entry) => new TextDecoder().decode(entry.body)))).toEqual(new Set(['fill 1']));
  });

  it('lets a waiting instance fill when the lock holder failed', async () => {
    const key = freshKey();
    let releaseFailure: (() => void) | undefined;
    const failing = a.coordinate(
      key,
      () => new Promise<CachedResponse>((_, reject) => (releaseFailure = () => reject(new Error('Discord said no')))),
      noAbort(),
    );
    await expect.poll(() => releaseFailure).toBeDefined(); // A holds the lock and is asking Discord
    const fill = countingFill(key, 0);
    const waiting = b.coordinate(key, fill, noAbort());
    releaseFailure!();
    await expect(failing).rejects.toThrow('Discord said no');
    expect(new TextDecoder().decode((await waiting).body)).toBe('fill 1');
    expect(fill.calls).toBe(1);
  });
});

function entryNamed(text: string): CachedResponse {
  const now = Date.now();
  return {
    status: 200,
    body: new TextEncoder().encode(text),
    etag: `"${text}"`,
    storedAt: now,
    expiresAt: now + 60_000,
    kind: 'channels',
    guildId: null,
  };
}
