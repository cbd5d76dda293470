import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeDiscord, FakeDiscordServer } from '../../fake-discord/index.js';
import { describeWithRedis, RedisServer } from '../support/redis-server.js';
import { Instance } from './instances.js';
import { startOneBotDiscord } from './one-bot-discord.js';

/** A request that hangs fails the test here instead of passing late: 'quickly' made checkable. */
const HANG_MS = 2000;

describeWithRedis('an instance whose Redis goes away and comes back', () => {
  let redis: RedisServer;
  let fake: FakeDiscord;
  let fakeServer: FakeDiscordServer;
  let a: Instance;
  let token: string;
  let guildId: string;

  beforeAll(async () => {
    redis = await RedisServer.start();
    const discord = await startOneBotDiscord();
    ({ fake, guildId } = discord);
    fakeServer = discord.server;
    token = discord.bot.token;
    a = await Instance.start('A', { REDIS_URL: redis.url, DISCORD_API_URL: fakeServer.url });
  });

  afterAll(async () => {
    await a?.stop();
    await fakeServer?.close();
    await redis?.stop();
  });

  const withinHangLimit = (path: string, init: RequestInit = {}) =>
    a.request(path, { ...init, signal: AbortSignal.timeout(HANG_MS) });

  it('answers 503 SESSION_STORE_UNAVAILABLE JSON and /readyz 503 while Redis is down, then recovers by itself', async () => {
    const sessionId = await a.login(token);
    expect((await a.get(`/api/guilds/${guildId}/channels`, sessionId)).status).toBe(200);
    expect((await a.request('/readyz')).status).toBe(200);

    await redis.kill();
    const started = Date.now();
    const read = await withinHangLimit(`/api/guilds/${guildId}/channels`, { headers: { Authorization: sessionId } });
    const readMs = Date.now() - started;
    expect(read.status).toBe(503);
    expect(read.headers.get('Content-Type')).toMatch(/application\/json/);
    expect(read.headers.get('Retry-After')).toBe('5');
    expect(await read.json()).toMatchObject({ code: 'SESSION_STORE_UNAVAILABLE', requestId: expect.any(String) });
    const login = await withinHangLimit('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(login.status).toBe(503);
    expect(await login.json()).toMatchObject({ code: 'SESSION_STORE_UNAVAILABLE' });
    const ready = await withinHangLimit('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ code: 'SESSION_STORE_UNAVAILABLE' });
    expect((await withinHangLimit('/healthz')).status).toBe(200); // alive, just not ready
    console.info(`redis down: a session read answered 503 in ${readMs} ms`);

    await redis.restart();
    const restarted = Date.now();
    await waitUntilReady(a);
    console.info(`redis back: ready again ${Date.now() - restarted} ms after redis-server answered`);
    // The session survived (Redis keeps an append-only file); the service needed no restart.
    const again = await a.get(`/api/guilds/${guildId}/channels`, sessionId);
    expect(again.status).toBe(200);
    expect((await a.get('/api/auth/session', await a.login(token))).status).toBe(200);
    await a.waitForLog((line) => line.event === 'redis.recovered');
  });
});

describeWithRedis('an instance started while Redis is down', () => {
  it('starts anyway, is not ready, and once Redis comes up serves sessions and hears config:update', async () => {
    const redis = await RedisServer.notStarted();
    const { server: fakeServer, bot, guildId } = await startOneBotDiscord();
    const instance = await Instance.start('late', { REDIS_URL: redis.url, DISCORD_API_URL: fakeServer.url });
    try {
      expect((await instance.request('/readyz', { signal: AbortSignal.timeout(HANG_MS) })).status).toBe(503);
      await redis.launchNow();
      await waitUntilReady(instance);
      const sessionId = await instance.login(bot.token);
      expect((await instance.get(`/api/guilds/${guildId}/channels`, sessionId)).headers.get('X-Cache')).toBe('MISS');
      const look = redis.client();
      await look.publish('config:update', JSON.stringify({ guildId, module: 'CHANNELS', action: 'INVALIDATE' }));
      look.disconnect();
      await instance.waitForLog((line) => line.event === 'cache.invalidated' && line.source === 'config:update');
      expect((await instance.get(`/api/guilds/${guildId}/channels`, sessionId)).headers.get('X-Cache')).toBe('MISS');
    } finally {
      await instance.stop();
      await fakeServer.close();
      await redis.stop();
    }
  });
});

async function waitUntilReady(instance: Instance): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if ((await instance.request('/readyz')).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the instance did not become ready again within 10 s of Redis coming back');
}
