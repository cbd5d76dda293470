import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createFakeDiscord, startFakeDiscordServer, type FakeDiscord, type FakeDiscordServer } from '../../fake-discord/index.js';
import { MODULE_TO_KIND } from '../../src/cache/resource-kind.js';
import { describeWithRedis, RedisServer } from '../support/redis-server.js';
import { Instance } from './instances.js';

describeWithRedis('a response cache shared through Redis by two instances', () => {
  let redis: RedisServer;
  let fake: FakeDiscord;
  let fakeServer: FakeDiscordServer;
  let a: Instance;
  let b: Instance;
  let look: Redis;
  let token: string;
  let otherToken: string;
  let guildId: string;
  let sessionId: string;

  beforeAll(async () => {
    redis = await RedisServer.start();
    look = redis.client();
    fake = createFakeDiscord();
    const bot = fake.addBot();
    const other = fake.addBot();
    token = bot.token;
    otherToken = other.token;
    guildId = fake.addGuild({ botIds: [bot.user.id, other.user.id] }).id;
    fake.addChannel(guildId, { type: 0 });
    fake.addRole(guildId, { name: 'mods' });
    fakeServer = await startFakeDiscordServer(fake, { port: 0 });
    const env = { REDIS_URL: redis.url, DISCORD_API_URL: fakeServer.url };
    a = await Instance.start('A', env);
    b = await Instance.start('B', env);
    sessionId = await a.login(token);
  });

  beforeEach(async () => {
    // Each test starts cold: nothing cached in Redis nor in either instance's local tier. B
    // hears of it on config:update; wait for that, or a late drop could hit the test's reads.
    const markerB = b.logs.length;
    for (const module of ['CHANNELS', 'ROLES', 'GUILD', 'MESSAGES']) {
      await a.post('/api/cache/invalidate', sessionId, { guildId, module });
      await b.waitForLog((line) => line.event === 'cache.invalidated' && line.kind === MODULE_TO_KIND[module], 5000, markerB);
    }
    fake.resetCalls();
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    look?.disconnect();
    await fakeServer?.close();
    await redis?.stop();
  });

  const channels = () => `/api/guilds/${guildId}/channels`;

  it('answers a read on B after A fetched it as a HIT, with one upstream call in total', async () => {
    const first = await a.get(channels(), sessionId);
    expect(first.headers.get('X-Cache')).toBe('MISS');
    const second = await b.get(channels(), sessionId);
    expect(second.status).toBe(200);
    expect(second.headers.get('X-Cache')).toBe('HIT');
    expect(second.headers.get('ETag')).toBe(first.headers.get('ETag'));
    expect(await second.json()).toEqual(await first.json());
    expect(fake.callsTo(`/guilds/${guildId}/channels`)).toHaveLength(1);
  });

  it('makes one upstream call for 100 concurrent cold reads spread over both instances', async () => {
    fake.setLatency(100); // a slow Discord: the reads really overlap
    try {
      const reads = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).get(`/api/guilds/${guildId}/roles`, sessionId));
      const answers = await Promise.all(reads);
      expect(answers.map((r) => r.status)).toEqual(Array(100).fill(200));
      expect(new Set(await Promise.all(answers.map((r) => r.text()))).size).toBe(1);
    } finally {
      fake.setLatency(0);
    }
    expect(fake.callsTo(`/guilds/${guildId}/roles`)).toHaveLength(1);
  });

  it('makes the next read a MISS on both instances after a bot publishes on config:update', async () => {
    await a.get(channels(), sessionId);
    expect((await b.get(channels(), sessionId)).headers.get('X-Cache')).toBe('HIT'); // now in B's local tier too
    expect((await a.get(channels(), sessionId)).headers.get('X-Cache')).toBe('HIT');

    const marker = a.logs.length;
    const markerB = b.logs.length;
    await look.publish('config:update', JSON.stringify({ guildId, module: 'CHANNELS', action: 'INVALIDATE' }));
    await a.waitForLog((line) => line.event === 'cache.invalidated' && line.kind === 'channels', 5000, marker);
    await b.waitForLog((line) => line.event === 'cache.invalidated' && line.kind === 'channels', 5000, markerB);

    // Both at once: had either kept a local or a Redis copy, it would answer HIT.
    const [onA, onB] = await Promise.all([a.get(channels(), sessionId), b.get(channels(), sessionId)]);
    expect(onA.headers.get('X-Cache')).toBe('MISS');
    expect(onB.headers.get('X-Cache')).toBe('MISS');
    expect(fake.callsTo(`/guilds/${guildId}/channels`)).toHaveLength(2);
  });

  it('drops messages and the guild list, which belong to no single guild, from Redis on MESSAGES and GUILD', async () => {
    const channelId = fake.addChannel(guildId, { type: 0, name: 'with-messages' }).id;
    fake.addMessages(channelId, 3);
    const messages = `/api/channels/${channelId}/messages?limit=3`;
    await a.get(messages, sessionId);
    await a.get('/api/guilds', sessionId);
    expect((await b.get(messages, sessionId)).headers.get('X-Cache')).toBe('HIT'); // from Redis
    expect((await b.get('/api/guilds', sessionId)).headers.get('X-Cache')).toBe('HIT');

    for (const module of ['MESSAGES', 'GUILD']) {
      const markers = [a.logs.length, b.logs.length];
      await look.publish('config:update', JSON.stringify({ guildId, module, action: 'INVALIDATE' }));
      const kind = module === 'MESSAGES' ? 'messages' : 'guild';
      await a.waitForLog((line) => line.event === 'cache.invalidated' && line.kind === kind, 5000, markers[0]);
      await b.waitForLog((line) => line.event === 'cache.invalidated' && line.kind === kind, 5000, markers[1]);
    }
    // Had Redis or either local tier kept a copy, these would be HITs.
    expect((await b.get(messages, sessionId)).headers.get('X-Cache')).toBe('MISS');
    expect((await a.get('/api/guilds', sessionId)).headers.get('X-Cache')).toBe('MISS');
    expect(fake.callsTo(`/channels/${channelId}/messages`)).toHaveLength(2);
  });

  it('logs and ignores malformed invalidation messages, and keeps serving', async () => {
    await a.get(channels(), sessionId);
    const markerA = a.logs.length;
    const markerB = b.logs.length;
    const malformed = [
      'not json at all',
      '["CHANNELS"]',
      JSON.stringify({ guildId, module: 'CHANNELS' }),
      JSON.stringify({ guildId: 'not-an-id', module: 'CHANNELS', action: 'INVALIDATE' }),
      JSON.stringify({ guildId, module: 'EMOJIS', action: 'INVALIDATE' }),
      JSON.stringify({ guildId, module: 'CHANNELS', action: 'INVALIDATE', botId: 42 }),
    ];
    for (const message of malformed) await look.publish('config:update', message);
    // A valid message for another kind, published last: once it is seen, all the others were.
    await look.publish('config:update', JSON.stringify({ guildId, module: 'ROLES', action: 'INVALIDATE' }));
    for (const [instance, marker] of [[a, markerA], [b, markerB]] as const) {
      await instance.waitForLog((line) => line.event === 'cache.invalidated' && line.kind === 'roles', 5000, marker);
      const ignored = instance.logs.slice(marker).filter((line) => JSON.parse(line).event === 'cache.invalidation_ignored');
      expect(ignored).toHaveLength(malformed.length);
      expect(JSON.parse(ignored[0]!)).toMatchObject({ level: 'warn', reason: 'not JSON' });
    }
    expect((await b.get(channels(), sessionId)).headers.get('X-Cache')).toBe('HIT');
    expect(fake.callsTo(`/guilds/${guildId}/channels`)).toHaveLength(1);
  });

  it('drops only the calling bot\'s entries on POST /api/cache/invalidate, on every instance', async () => {
    const otherSession = await b.login(otherToken);
    await a.get(channels(), sessionId);
    expect((await b.get(channels(), sessionId)).headers.get('X-Cache')).toBe('HIT'); // in B's local tier
    await a.get(channels(), otherSession);
    expect(fake.callsTo(`/guilds/${guildId}/channels`)).toHaveLength(2);

    const markerB = b.logs.length;
    const markerA = a.logs.length;
    const answer = await a.post('/api/cache/invalidate', sessionId, { guildId, module: 'channels' });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ message: 'Cache invalidated', guildId, module: 'CHANNELS', dropped: 1 });
    await b.waitForLog((line) => line.event === 'cache.invalidated' && line.source === 'config:update', 5000, markerB);

    expect((await b.get(channels(), sessionId)).headers.get('X-Cache')).toBe('MISS');
    expect((await b.get(channels(), otherSession)).headers.get('X-Cache')).toBe('HIT');
    expect(fake.callsTo(`/guilds/${guildId}/channels`)).toHaveLength(3);

    // A dropped its entries before it published, and ignores its own message: what B just
    // cached again stays. (Messages arrive in order: once A logs the next one, it saw its own.)
    await look.publish('config:update', JSON.stringify({ guildId, module: 'ROLES', action: 'INVALIDATE' }));
    await a.waitForLog((line) => line.event === 'cache.invalidated' && line.kind === 'roles', 5000, markerA);
    const ownRelayed = a.logs.slice(markerA).filter((line) => line.includes('"source":"config:update"') && line.includes('"kind":"channels"'));
    expect(ownRelayed).toHaveLength(0);
    expect((await a.get(channels(), sessionId)).headers.get('X-Cache')).toBe('HIT');
  });

  it('answers 400 to an invalid invalidation request and 401 without a session, with no upstream call', async () => {
    const cases: [unknown, string, string][] = [
      [{ module: 'CHANNELS' }, 'INVALID_INPUT', 'guildId'],
      [{ guildId: '12', module: 'CHANNELS' }, 'INVALID_INPUT', 'guildId'],
      [{ guildId, module: 'EMOJIS' }, 'INVALID_INPUT', 'module'],
      [{ guildId }, 'INVALID_INPUT', 'module'],
      ['{"guildId": ', 'INVALID_JSON', ''],
      ['[1, 2]', 'INVALID_JSON', ''],
    ];
    for (const [body, code, parameter] of cases) {
      const answer = await b.post('/api/cache/invalidate', sessionId, body);
      expect(answer.status).toBe(400);
      const json = (await answer.json()) as Record<string, unknown>;
      expect(json).toMatchObject({ code, requestId: expect.any(String) });
      if (parameter) expect(json.parameter).toBe(parameter);
    }
    const anonymous = await b.request('/api/cache/invalidate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ guildId, module: 'CHANNELS' }),
    });
    expect(anonymous.status).toBe(401);
    expect(fake.calls).toHaveLength(0);
  });
});
