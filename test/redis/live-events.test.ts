import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createFakeDiscord, startFakeDiscordServer, type FakeDiscord, type FakeDiscordServer } from '../../fake-discord/index.js';
import { describeWithRedis, RedisServer } from '../support/redis-server.js';
import { recordEmitted, recordResponse } from '../support/secrets.js';
import { dataOf, SseReader, type SseFrame } from '../support/sse-reader.js';
import { Instance } from './instances.js';

/** Events of every instance reach every instance's streams, through config:update. */
describeWithRedis('live updates across two instances sharing Redis', () => {
  let redis: RedisServer;
  let fake: FakeDiscord;
  let fakeServer: FakeDiscordServer;
  let a: Instance;
  let b: Instance;
  let look: Redis;
  let botId: string;
  let guildId: string;
  let sessions: { a: string; b: string; otherOnB: string };
  const readers: SseReader[] = [];

  beforeAll(async () => {
    redis = await RedisServer.start();
    look = redis.client();
    fake = createFakeDiscord();
    const bot = fake.addBot();
    const other = fake.addBot();
    botId = bot.user.id;
    guildId = fake.addGuild({ botIds: [bot.user.id, other.user.id] }).id;
    fakeServer = await startFakeDiscordServer(fake, { port: 0 });
    const env = { REDIS_URL: redis.url, DISCORD_API_URL: fakeServer.url, DISCORD_PUBLIC_KEY: await fake.webhookEvents.publicKeyHex() };
    a = await Instance.start('A', env);
    b = await Instance.start('B', env);
    sessions = { a: await a.login(bot.token), b: await b.login(bot.token), otherOnB: await b.login(other.token) };
  });

  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.cancel()));
    await a?.stop();
    await b?.stop();
    look?.disconnect();
    await fakeServer?.close();
    await redis?.stop();
  });

  async function open(instance: Instance, sessionId: string): Promise<SseReader> {
    const response = await fetch(`${instance.url}/api/events`, { headers: { Authorization: sessionId } });
    expect(response.status).toBe(200);
    recordEmitted(`${instance.name} GET /api/events`, [...response.headers].join('\n'));
    const reader = new SseReader(response, `${instance.name} event stream`);
    readers.push(reader);
    await reader.next((frame) => frame.retry !== undefined);
    return reader;
  }

  const invalidation = (module: string) => (frame: SseFrame) => frame.event === 'invalidate' && dataOf(frame).module === module;

  it("sends a bot's config:update on Redis to the streams of both instances, as source: bot", async () => {
    const [onA, onB] = [await open(a, sessions.a), await open(b, sessions.b)];
    await look.publish('config:update', JSON.stringify({ guildId, module: 'CHANNELS', action: 'INVALIDATE' }));
    for (const reader of [onA, onB]) {
      expect(dataOf(await reader.next(invalidation('CHANNELS'), 5000))).toEqual({ guildId, module: 'CHANNELS', source: 'bot' });
    }
  });

  it("sends an invalidation made on A to the bot's stream on B with its source, and not to another bot's", async () => {
    const [onB, otherOnB] = [await open(b, sessions.b), await open(b, sessions.otherOnB)];
    const answer = await a.post('/api/cache/invalidate', sessions.a, { guildId, module: 'ROLES' });
    expect(answer.status).toBe(200);
    expect(dataOf(await onB.next(invalidation('ROLES'), 5000))).toEqual({ guildId, module: 'ROLES', source: 'invalidate' });
    // The other bot's own invalidation is the first event its stream gets.
    await b.post('/api/cache/invalidate', sessions.otherOnB, { guildId, module: 'MEMBERS' });
    expect(dataOf(await otherOnB.next((frame) => frame.event !== undefined, 5000))).toMatchObject({ module: 'MEMBERS' });
  });

  it('sends a Webhook Event received by A to the stream on B as event: guild', async () => {
    const onB = await open(b, sessions.b);
    const newGuild = fake.addGuild({ botIds: [] });
    const user = fake.addUser('installer');
    const response = await fake.webhookEvents.deliver(
      `${a.url}/api/discord/webhook-events`,
      fake.webhookEvents.applicationAuthorized(botId, newGuild.id, user.id),
    );
    await recordResponse('A POST /api/discord/webhook-events', response);
    expect(response.status).toBe(204);
    expect(dataOf(await onB.next((frame) => frame.event === 'guild', 5000))).toEqual({ guildId: newGuild.id, action: 'added' });
  });
});
