import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createFakeDiscord, startFakeDiscordServer, type FakeDiscord, type FakeDiscordServer } from '../../fake-discord/index.js';
import { describeWithRedis, RedisServer } from '../support/redis-server.js';
import { Instance } from './instances.js';

describeWithRedis('writes on two instances sharing Redis', () => {
  let redis: RedisServer;
  let fake: FakeDiscord;
  let fakeServer: FakeDiscordServer;
  let a: Instance;
  let b: Instance;
  let listener: Redis;
  const heard: string[] = [];
  let botId: string;
  let guildId: string;
  let channelId: string;
  let sessionId: string;

  beforeAll(async () => {
    redis = await RedisServer.start();
    listener = redis.client();
    await listener.subscribe('config:update');
    listener.on('message', (_channel: string, message: string) => heard.push(message));
    fake = createFakeDiscord();
    const bot = fake.addBot();
    botId = bot.user.id;
    guildId = fake.addGuild({ botIds: [bot.user.id] }).id;
    channelId = fake.addChannel(guildId, { type: 0 }).id;
    fakeServer = await startFakeDiscordServer(fake, { port: 0 });
    const env = { REDIS_URL: redis.url, DISCORD_API_URL: fakeServer.url };
    a = await Instance.start('A', env);
    b = await Instance.start('B', env);
    sessionId = await a.login(bot.token);
  }, 60_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    listener?.disconnect();
    await fakeServer?.close();
    await redis?.stop();
  });

  const write = (instance: Instance, method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    instance.request(path, {
      method,
      headers: { Authorization: sessionId, 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it("makes B's next read of the roles fresh after a role is created on A, telling every instance with botId and source", { timeout: 60_000 }, async () => {
    const roles = `/api/guilds/${guildId}/roles`;
    expect((await b.get(roles, sessionId)).status).toBe(200);
    expect((await b.get(roles, sessionId)).headers.get('X-Cache')).toBe('HIT');
    const markerB = b.logs.length;
    const created = await write(a, 'POST', roles, { name: 'from-a' });
    expect(created.status).toBe(200);
    await b.waitForLog((line) => line.event === 'cache.invalidated' && line.kind === 'roles' && line.botId === botId, 5000, markerB);
    const next = await b.get(roles, sessionId);
    expect(next.headers.get('X-Cache')).toBe('MISS');
    expect(((await next.json()) as { name: string }[]).map((role) => role.name)).toContain('from-a');
    const message = heard.map((text) => JSON.parse(text) as Record<string, unknown>).find((m) => m.module === 'ROLES');
    expect(message).toMatchObject({ guildId, module: 'ROLES', action: 'INVALIDATE', botId, source: expect.any(String) });
  });

  it("makes B's next read of the channel's messages show a message sent on A", { timeout: 60_000 }, async () => {
    const messages = `/api/channels/${channelId}/messages?limit=5`;
    await b.get(messages, sessionId);
    const markerB = b.logs.length;
    const sent = (await (await write(a, 'POST', `/api/channels/${channelId}/messages`, { content: 'seen on B' })).json()) as { id: string };
    await b.waitForLog((line) => line.event === 'cache.invalidated' && line.kind === 'messages', 5000, markerB);
    const next = (await (await b.get(messages, sessionId)).json()) as { id: string }[];
    expect(next[0]!.id).toBe(sent.id);
  });

  it('shares Idempotency-Keys: a retry on B replays what A answered, and concurrent duplicates make one call', { timeout: 60_000 }, async () => {
    const path = `/api/channels/${channelId}/messages`;
    const posts = () => fake.callsTo(`/channels/${channelId}/messages`).filter((call) => call.method === 'POST').length;
    const before = posts();
    const first = await write(a, 'POST', path, { content: 'keyed' }, { 'Idempotency-Key': 'shared-1' });
    const retry = await write(b, 'POST', path, { content: 'keyed' }, { 'Idempotency-Key': 'shared-1' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await retry.text()).toBe(await first.text());
    expect((await write(b, 'POST', path, { content: 'other' }, { 'Idempotency-Key': 'shared-1' })).status).toBe(422);
    expect(posts()).toBe(before + 1);
    fake.setLatency(200);
    try {
      const answers = await Promise.all([a, b, a, b].map((instance) => write(instance, 'POST', path, { content: 'race' }, { 'Idempotency-Key': 'shared-2' })));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      expect(new Set(await Promise.all(answers.map((answer) => answer.text()))).size).toBe(1);
    } finally {
      fake.setLatency(0);
    }
    expect(posts()).toBe(before + 2);
  });
});
