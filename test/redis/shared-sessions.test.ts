import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { buildProcessService as buildService } from '../../src/runtime/process-service.js';
import type { FakeDiscord, FakeDiscordServer } from '../../fake-discord/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { describeWithRedis, RedisServer } from '../support/redis-server.js';
import { Instance } from './instances.js';
import { startOneBotDiscord } from './one-bot-discord.js';

describeWithRedis('sessions shared through Redis by two instances', () => {
  let redis: RedisServer;
  let fake: FakeDiscord;
  let fakeServer: FakeDiscordServer;
  let a: Instance;
  let b: Instance;
  let look: Redis;
  let token: string;
  let guildId: string;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    redis = await RedisServer.start();
    look = redis.client();
    const discord = await startOneBotDiscord();
    ({ fake, guildId } = discord);
    fakeServer = discord.server;
    token = discord.bot.token;
    const env = { REDIS_URL: redis.url, DISCORD_API_URL: fakeServer.url, SESSION_IDLE_TTL: '3600', SESSION_MAX_AGE: '7200' };
    a = await Instance.start('A', env, { clock });
    b = await Instance.start('B', env, { clock });
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    look?.disconnect();
    await fakeServer?.close();
    await redis?.stop();
  });

  it('accepts on instance B a session created on instance A, and a logout on B ends it on A', async () => {
    const sessionId = await a.login(token);
    const onB = await b.get('/api/auth/session', sessionId);
    expect(onB.status).toBe(200);
    expect(await onB.json()).toMatchObject({ bot: { id: expect.any(String) } });
    expect((await b.get(`/api/guilds/${guildId}/channels`, sessionId)).status).toBe(200);

    const logout = await b.post('/api/auth/logout', sessionId, {});
    expect(logout.status).toBe(200);
    const onA = await a.get('/api/auth/session', sessionId);
    expect(onA.status).toBe(401);
    expect(await onA.json()).toMatchObject({ code: 'INVALID_SESSION' });
  });

  it('keeps neither the bot token nor any session id in plaintext anywhere in Redis', async () => {
    const sessionIds = [await a.login(token), await b.login(token)];
    await a.get(`/api/guilds/${guildId}/channels`, sessionIds[0]!);
    const dump = await dumpRedis(look);
    expect(dump.keys).toBeGreaterThan(2);
    for (const secret of [token, ...sessionIds]) expect(dump.text).not.toContain(secret);
    // What is there instead: the sealed token, never its plaintext.
    expect(dump.text).toContain('sealedToken');
  });

  it('slides the Redis TTL of a session on use, but never past its absolute maximum age', async () => {
    const before = new Set(await look.keys('gg:session:*'));
    const sessionId = await a.login(token);
    const [key] = (await look.keys('gg:session:*')).filter((k) => !before.has(k));
    if (!key) throw new Error('the login wrote no session key');
    expect(await look.pttl(key)).toBeGreaterThan(3500_000);
    expect(await look.pttl(key)).toBeLessThanOrEqual(3600_000);

    clock.advance(3000_000); // 50 min idle: still alive, and using it slides the expiry to a full hour again
    await look.pexpire(key, 600_000); // what Redis would have left by now
    expect((await b.get('/api/auth/session', sessionId)).status).toBe(200);
    expect(await look.pttl(key)).toBeGreaterThan(3500_000);

    clock.advance(3000_000); // 100 min after login: only 20 min of the 2 h max age are left
    expect((await a.get('/api/auth/session', sessionId)).status).toBe(200);
    expect(await look.pttl(key)).toBeLessThanOrEqual(1200_000);
    expect(await look.pttl(key)).toBeGreaterThan(1100_000);

    clock.advance(1200_000); // at the max age, however active
    expect((await b.get('/api/auth/session', sessionId)).status).toBe(401);
    expect(await look.exists(key)).toBe(0);
  });

  it('refuses to start with Redis sessions but without a SESSION_SECRET to seal tokens', async () => {
    await expect(
      buildService({ SESSION_STORE: 'redis', REDIS_URL: redis.url, DISCORD_API_URL: fakeServer.url, LOG_LEVEL: 'silent' }),
    ).rejects.toThrow(/SESSION_SECRET/);
  });
});

/** Every key and every value (strings, hashes, sets, sorted sets) as one text. */
async function dumpRedis(redis: Redis): Promise<{ keys: number; text: string }> {
  const parts: string[] = [];
  let cursor = '0';
  let keys = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'COUNT', 100);
    cursor = next;
    for (const key of batch) {
      keys++;
      parts.push(key, await valueText(redis, key));
    }
  } while (cursor !== '0');
  return { keys, text: parts.join('\n') };
}

async function valueText(redis: Redis, key: string): Promise<string> {
  switch (await redis.type(key)) {
    case 'string':
      return (await redis.getBuffer(key))?.toString('latin1') ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, '0', '-1', 'WITHSCORES'));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    default:
      return '';
  }
}
