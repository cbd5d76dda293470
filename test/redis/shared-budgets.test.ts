import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeDiscord, startFakeDiscordServer, type FakeDiscord, type FakeDiscordServer } from '../../fake-discord/index.js';
import { freePort, startProcess, type RunningServer } from '../support/processes.js';
import { describeWithRedis, RedisServer } from '../support/redis-server.js';
import { recordResponse, registerSecret } from '../support/secrets.js';
import { Instance, TEST_SESSION_SECRET } from './instances.js';

const REQUESTS = 300;
const INSTANCES = 3;

describeWithRedis('budgets shared through Redis', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await RedisServer.start();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  describe('the global 50/s of one bot, over three guildgate processes', { timeout: 90_000 }, () => {
    let fake: FakeDiscord;
    let fakeServer: FakeDiscordServer;
    let servers: RunningServer[] = [];
    let token: string;
    let channelIds: string[];

    beforeAll(async () => {
      fake = createFakeDiscord();
      fake.setGlobalLimit(50);
      const bot = fake.addBot();
      token = bot.token;
      registerSecret(token);
      const guildId = fake.addGuild({ botIds: [bot.user.id] }).id;
      channelIds = Array.from({ length: REQUESTS }, () => fake.addChannel(guildId, { type: 0 }).id);
      fakeServer = await startFakeDiscordServer(fake, { port: 0 });
      servers = await Promise.all(Array.from({ length: INSTANCES }, () => startGuildgate(fakeServer.url, redis.url)));
    }, 90_000);

    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()));
      await fakeServer?.close();
    });

    it('sends 300 reads for distinct resources through three instances and Discord answers none of them 429', async () => {
      const sessionId = await login(servers[0]!.url, token);
      fake.resetCalls();
      fake.resetRateLimits();
      const started = Date.now();
      const answers = await Promise.all(
        channelIds.map((channelId, i) =>
          fetch(`${servers[i % INSTANCES]!.url}/api/channels/${channelId}`, { headers: { Authorization: sessionId } }),
        ),
      );
      const elapsedMs = Date.now() - started;
      await Promise.all(answers.map((answer, i) => recordResponse(`instance ${i % INSTANCES}`, answer)));

      expect(answers.filter((answer) => answer.status !== 200).map((answer) => answer.status)).toEqual([]);
      expect(fake.stats.rateLimited).toBe(0);
      const calls = fake.callsTo(/^\/channels\/\d+$/);
      expect(calls).toHaveLength(REQUESTS);
      // 300 requests at 50/s cannot all reach Discord in under 5 s; they did not.
      const spreadMs = Math.max(...calls.map((c) => c.at)) - Math.min(...calls.map((c) => c.at));
      expect(spreadMs).toBeGreaterThanOrEqual(((REQUESTS / 50) - 1) * 1000);
      console.info(
        `global budget: ${REQUESTS} requests over ${INSTANCES} instances took ${elapsedMs} ms (ideal 6000 ms at 50/s; ` +
          `first to last upstream call ${spreadMs} ms; most calls in any 1000 ms: ${mostInAnySecond(calls.map((c) => c.at))}; ` +
          `429s from Discord: ${fake.stats.rateLimited})`,
      );
    });
  });

  describe('the invalid-request budget, over two instances', () => {
    let fake: FakeDiscord;
    let fakeServer: FakeDiscordServer;
    let a: Instance;
    let b: Instance;
    let hidden: string[];
    let visible: string;
    let sessionId: string;

    beforeAll(async () => {
      // One egress address, one count: start it from zero, whatever the suite above spent.
      const client = redis.client();
      await client.flushall();
      client.disconnect();
      fake = createFakeDiscord();
      const bot = fake.addBot();
      const guildId = fake.addGuild({ botIds: [bot.user.id] }).id;
      visible = fake.addChannel(guildId, { type: 0 }).id;
      const elsewhere = fake.addGuild().id; // the bot is not a member: its channels answer 403
      hidden = Array.from({ length: 4 }, () => fake.addChannel(elsewhere, { type: 0 }).id);
      fakeServer = await startFakeDiscordServer(fake, { port: 0 });
      const env = { REDIS_URL: redis.url, DISCORD_API_URL: fakeServer.url, INVALID_REQUEST_BUDGET: '4', INVALID_REQUEST_BUDGET_PER_BOT: '4', NEGATIVE_CACHE_TTL: '0' };
      a = await Instance.start('A', env);
      b = await Instance.start('B', env);
      sessionId = await a.login(bot.token);
    });

    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await fakeServer?.close();
    });

    it('counts the 403s of both instances against one budget, so both refuse once it is spent', async () => {
      for (const [i, channelId] of hidden.entries()) {
        const answer = await (i < 2 ? a : b).get(`/api/channels/${channelId}`, sessionId);
        expect(answer.status).toBe(403);
      }
      fake.resetCalls();
      for (const instance of [a, b]) {
        const refused = await instance.get(`/api/channels/${visible}`, sessionId);
        expect(refused.status).toBe(503);
        expect(await refused.json()).toMatchObject({ code: 'INVALID_REQUEST_BUDGET' });
        expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
      }
      expect(fake.calls).toHaveLength(0);
    });
  });
});

async function startGuildgate(discordApiUrl: string, redisUrl: string): Promise<RunningServer> {
  const port = await freePort();
  return startProcess({
    command: 'node',
    args: ['--import', 'tsx', 'src/runtime/node.ts'],
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DISCORD_API_URL: discordApiUrl,
      SESSION_STORE: 'redis',
      REDIS_URL: redisUrl,
      SESSION_SECRET: TEST_SESSION_SECRET,
      // Waiting for a slot is the point here: neither the ceiling nor REST's timeout may cut it short.
      MAX_RATE_LIMIT_WAIT_MS: '30000',
      UPSTREAM_TIMEOUT_MS: '30000',
      LOG_LEVEL: 'warn',
    },
    port,
    readyPath: '/readyz',
    timeoutMs: 60_000,
  });
}

async function login(baseUrl: string, token: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const { sessionId } = (await response.json()) as { sessionId: string };
  registerSecret(sessionId);
  return sessionId;
}

function mostInAnySecond(times: number[]): number {
  const sorted = [...times].sort((x, y) => x - y);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
