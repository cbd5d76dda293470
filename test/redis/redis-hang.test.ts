import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createFakeDiscord, startFakeDiscordServer, type FakeDiscord, type FakeDiscordServer } from '../../fake-discord/index.js';
import { describeWithRedis, RedisServer } from '../support/redis-server.js';
import { Instance } from './instances.js';

/**
 * A hung Redis (SIGSTOPped: the port accepts, nothing answers) is worse than a dead one: every
 * command waits out its timeout. Redis here only shares the cache and the budgets
 * (SESSION_STORE=memory), so reads must go on, quickly, on the process's own cache and counts.
 */
/** About 0.5 s here (one command timeout); before the fix 3 s. Wide: CI machines are shared and noisy. */
const READ_BOUND_MS = 2500;
/**
 * Thirty misses at once: one command timeout (500 ms) to notice the hang, then the burst's own
 * work, which on a loaded two-core machine took up to 2.1 s. Before the fix: 7 to 8 s, and 429s.
 */
const BURST_BOUND_MS = 5000;
/** About 0.5 s here; before the fix /readyz said 200, which the status checks catch anyway. */
const READY_BOUND_MS = 2000;
const CHANNELS = 200;

describeWithRedis('an instance whose Redis hangs (SESSION_STORE=memory)', () => {
  let redis: RedisServer;
  let fake: FakeDiscord;
  let fakeServer: FakeDiscordServer;
  let a: Instance;
  let sessionId: string;
  let token: string;
  let channelIds: string[];
  let nextChannel = 0;

  beforeAll(async () => {
    redis = await RedisServer.start();
    fake = createFakeDiscord();
    fake.setGlobalLimit(50);
    const bot = fake.addBot();
    const guildId = fake.addGuild({ botIds: [bot.user.id] }).id;
    channelIds = Array.from({ length: CHANNELS }, () => fake.addChannel(guildId, { type: 0 }).id);
    fakeServer = await startFakeDiscordServer(fake, { port: 0 });
    a = await Instance.start('A', { SESSION_STORE: 'memory', REDIS_URL: redis.url, DISCORD_API_URL: fakeServer.url });
    token = bot.token;
    sessionId = await a.login(token);
  });

  afterEach(() => {
    redis.resume(); // a failed test must not leave the next one a hung Redis
  });

  afterAll(async () => {
    await a?.stop();
    await fakeServer?.close();
    await redis?.stop();
  });

  /** A read of a channel nobody has read yet: a cache miss, with its time. */
  const freshRead = async () => {
    const channelId = channelIds[nextChannel++]!;
    const started = Date.now();
    const response = await a.get(`/api/channels/${channelId}`, sessionId);
    await response.arrayBuffer();
    return { status: response.status, cache: response.headers.get('X-Cache'), ms: Date.now() - started };
  };

  const readyz = async () => {
    const started = Date.now();
    const response = await a.request('/readyz', { signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, ms: Date.now() - started };
  };

  it('answers /readyz 503 naming Redis, quickly, while Redis hangs, and 200 once it answers again', async () => {
    expect((await readyz()).status).toBe(200);
    redis.pause();
    const hung = await readyz();
    expect(hung.status).toBe(503);
    expect(hung.body).toMatchObject({ code: 'REDIS_UNAVAILABLE', error: expect.stringMatching(/Redis/) });
    expect(hung.ms).toBeLessThan(READY_BOUND_MS);
    const again = await readyz(); // the second ask does not wait out a timeout again
    expect(again.status).toBe(503);
    console.info(`redis hung: /readyz 503 in ${hung.ms} ms, then in ${again.ms} ms`);

    redis.resume();
    const resumed = Date.now();
    await waitForReady();
    console.info(`redis resumed: /readyz 200 again after ${Date.now() - resumed} ms`);
  });

  it('answers /readyz 503 when Redis is killed, and 200 once it is back', async () => {
    await redis.kill();
    try {
      const dead = await readyz();
      expect(dead.status).toBe(503);
      expect(dead.body).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
      expect(dead.ms).toBeLessThan(READY_BOUND_MS);
    } finally {
      await redis.restart();
    }
    await waitForReady();
  });

  it('serves a cache miss quickly while Redis hangs, and uses Redis again once it answers', async () => {
    await waitForReady();
    redis.pause();
    const miss = await freshRead();
    console.info(`redis hung: one cache miss took ${miss.ms} ms`);
    expect(miss).toMatchObject({ status: 200, cache: 'MISS' });
    expect(miss.ms).toBeLessThan(READ_BOUND_MS);

    redis.resume();
    await waitForReady();
    const after = await freshRead(); // lands in the shared cache again
    expect(after).toMatchObject({ status: 200, cache: 'MISS' });
    const look = redis.client();
    try {
      expect(await look.keys(`gg:cache:*${channelIds[nextChannel - 1]}*`)).toHaveLength(1);
    } finally {
      look.disconnect();
    }
  });

  it('serves 30 concurrent misses quickly when Redis has just hung: no 429 from the gateway or from Discord', async () => {
    await waitForReady();
    fake.resetRateLimits();
    const rateLimitedBefore = fake.stats.rateLimited;
    redis.pause();
    const burst = await Promise.all(Array.from({ length: 30 }, freshRead));
    const times = burst.map((read) => read.ms);
    const refused = burst.filter((read) => read.status === 429).length;
    console.info(`redis hung: 30 concurrent misses: ${refused} × 429, fastest ${Math.min(...times)} ms, median ${median(times)} ms, slowest ${Math.max(...times)} ms`);
    expect(burst.map((read) => read.status)).toEqual(burst.map(() => 200));
    expect(Math.max(...times)).toBeLessThan(BURST_BOUND_MS);
    expect(fake.stats.rateLimited - rateLimitedBefore).toBe(0);
  });

  it('with sessions in Redis too, answers 503 SESSION_STORE_UNAVAILABLE quickly while Redis hangs', async () => {
    await waitForReady();
    const b = await Instance.start('B', { SESSION_STORE: 'redis', REDIS_URL: redis.url, DISCORD_API_URL: fakeServer.url });
    try {
      const bSession = await b.login(token);
      redis.pause();
      for (const path of [`/api/channels/${channelIds[nextChannel++]!}`, '/api/auth/session']) {
        const started = Date.now();
        const response = await b.get(path, bSession);
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({ code: 'SESSION_STORE_UNAVAILABLE' });
        expect(Date.now() - started).toBeLessThan(READ_BOUND_MS);
      }
      const ready = await b.request('/readyz', { signal: AbortSignal.timeout(READY_BOUND_MS) });
      expect(ready.status).toBe(503);
      redis.resume();
    } finally {
      await b.stop();
    }
  });

  it('keeps the per-process 50/s while Redis hangs: 100 misses at once reach Discord over two windows, none 429', async () => {
    await waitForReady();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the earlier tests' slots free
    fake.resetRateLimits();
    fake.resetCalls();
    const rateLimitedBefore = fake.stats.rateLimited;
    redis.pause();
    const reads = await Promise.all(Array.from({ length: 100 }, freshRead));
    expect(reads.map((read) => read.status)).toEqual(reads.map(() => 200));
    expect(fake.stats.rateLimited - rateLimitedBefore).toBe(0);
    const at = fake.callsTo(/^\/channels\/\d+$/).map((call) => call.at);
    expect(at).toHaveLength(100);
    expect(mostInAnySecond(at)).toBeLessThanOrEqual(50);
    console.info(`redis hung: 100 concurrent misses took ${Math.max(...reads.map((read) => read.ms))} ms; most calls in any 1000 ms at Discord: ${mostInAnySecond(at)}`);
  });

  async function waitForReady(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if ((await a.request('/readyz')).status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the instance was not ready again within 10 s of Redis answering');
  }
});

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function mostInAnySecond(times: number[]): number {
  const sorted = [...times].sort((x, y) => x - y);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= 1000) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}
