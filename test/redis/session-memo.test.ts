import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createFakeDiscord, startFakeDiscordServer, type FakeDiscord, type FakeDiscordServer } from '../../fake-discord/index.js';
import { sha256Base64Url } from '../../src/lib/hashing.js';
import { redisKeys } from '../../src/scale/redis-keys.js';
import { describeWithRedis, RedisServer } from '../support/redis-server.js';
import { Instance } from './instances.js';

/**
 * Two instances on one Redis, each with its session memo: what the cached-read lane answers
 * from without asking Redis. Every test first makes B's memo hold the session (B answers a
 * cached read through the lane), then changes the session elsewhere and reads on B at once.
 */
describeWithRedis('the session memo of instances sharing Redis sessions', () => {
  let redis: RedisServer;
  let look: Redis;
  let fake: FakeDiscord;
  let fakeServer: FakeDiscordServer;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    redis = await RedisServer.start();
    look = redis.client();
    fake = createFakeDiscord();
    fakeServer = await startFakeDiscordServer(fake, { port: 0 });
    const env = { REDIS_URL: redis.url, DISCORD_API_URL: fakeServer.url, CACHE_LOCAL_TTL_MS: '60000' };
    a = await Instance.start('A', env);
    b = await Instance.start('B', env);
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    look?.disconnect();
    await fakeServer?.close();
    await redis?.stop();
  });

  let guildId = '';

  /** A bot and guild of its own for each test: a revoked token stays revoked. */
  const newBot = () => {
    const bot = fake.addBot();
    guildId = fake.addGuild({ botIds: [bot.user.id] }).id;
    fake.addChannel(guildId, { type: 0 });
    return bot;
  };

  const channels = () => `/api/guilds/${guildId}/channels`;

  /** Reads on B until its memo answers for the session without Redis (the lane can serve it). */
  const warmOnB = async (sessionId: string) => {
    const deadline = Date.now() + 5000;
    while (b.service.deps.sessions.peek(sessionId) === undefined) {
      if (Date.now() > deadline) throw new Error('B never remembered the session');
      expect((await b.get(channels(), sessionId)).status).toBe(200);
    }
    expect((await b.get(channels(), sessionId)).headers.get('X-Cache')).toBe('HIT');
  };

  it('ends a session on B before B\'s next read when it is logged out on A', async () => {
    const bot = newBot();
    const sessionId = await a.login(bot.token);
    await warmOnB(sessionId);

    expect((await a.post('/api/auth/logout', sessionId, {})).status).toBe(200);
    const read = await b.get(channels(), sessionId);
    expect(read.status).toBe(401);
    expect(await read.json()).toMatchObject({ code: 'INVALID_SESSION' });
  });

  it('ends every session of a token on B before B\'s next read when A sees Discord revoke it', async () => {
    const bot = newBot();
    const sessionId = await a.login(bot.token);
    await warmOnB(sessionId);

    fake.revokeToken(bot.token);
    // A miss on A reaches Discord, which answers 401: A revokes the token for every instance.
    const onA = await a.get(`/api/guilds/${guildId}/roles`, sessionId);
    expect(onA.status).toBe(401);
    expect(await onA.json()).toMatchObject({ code: 'BOT_TOKEN_REVOKED' });
    const read = await b.get(channels(), sessionId);
    expect(read.status).toBe(401);
    expect(await read.json()).toMatchObject({ code: 'BOT_TOKEN_REVOKED' });
  });

  it('drops the whole memo when B loses its subscription: the next read asks Redis', async () => {
    const bot = newBot();
    const sessionId = await a.login(bot.token);
    await warmOnB(sessionId);

    // Gone from Redis without a message (as if the message were lost), then the subscription too.
    await look.del(redisKeys.session(await sha256Base64Url(sessionId)));
    await look.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    const read = await b.get(channels(), sessionId);
    expect(read.status).toBe(401);
    expect(await read.json()).toMatchObject({ code: 'INVALID_SESSION' });
  });

  it('serves from the memo again once the subscription is back', async () => {
    const bot = newBot();
    const sessionId = await a.login(bot.token);
    await warmOnB(sessionId);
    await look.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    expect((await b.get(channels(), sessionId)).status).toBe(200); // the long way: Redis still has it
    await warmOnB(sessionId); // ioredis subscribes again, a heartbeat answers, the memo is trusted
    expect((await a.post('/api/auth/logout', sessionId, {})).status).toBe(200);
    expect((await b.get(channels(), sessionId)).status).toBe(401);
  });
});
