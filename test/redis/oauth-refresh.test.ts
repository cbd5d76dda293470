import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createFakeDiscord, startFakeDiscordServer, type FakeDiscord, type FakeDiscordServer } from '../../fake-discord/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { describeWithRedis, RedisServer } from '../support/redis-server.js';
import { registerSecret } from '../support/secrets.js';
import { Instance } from './instances.js';

/**
 * Two guildgate instances sharing one Redis serve one person's user session. Discord's refresh
 * tokens work once: when the access token nears its end, both instances need a new one at the
 * same moment, and exactly one refresh must reach Discord.
 */
describeWithRedis('Login with Discord on two instances sharing Redis', () => {
  let redis: RedisServer;
  let look: Redis;
  let fake: FakeDiscord;
  let fakeServer: FakeDiscordServer;
  let a: Instance;
  let b: Instance;
  let userId: string;
  let guildId: string;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    redis = await RedisServer.start();
    look = redis.client();
    fake = createFakeDiscord();
    const bot = fake.addBot();
    const user = fake.addUser('pat.owner');
    userId = user.id;
    guildId = fake.addGuild({ botIds: [bot.user.id], ownerId: user.id }).id;
    fake.addChannel(guildId, { type: 0 });
    fake.oauth.setAccessTokenTtl(3600);
    fakeServer = await startFakeDiscordServer(fake, { port: 0 });
    const app = fake.oauthApp(bot.user.id);
    registerSecret(app.clientSecret);
    registerSecret(bot.token);
    const env = {
      REDIS_URL: redis.url,
      DISCORD_API_URL: fakeServer.url,
      DISCORD_CLIENT_ID: app.clientId,
      DISCORD_CLIENT_SECRET: app.clientSecret,
      DISCORD_BOT_TOKEN: bot.token,
      OAUTH_REDIRECT_URI: 'http://guildgate.test/api/oauth/callback',
      DISCORD_OAUTH_AUTHORIZE_URL: `${new URL(fakeServer.url).origin}/oauth2/authorize`,
    };
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

  /** The browser flow on instance A: login, Discord's page (auto-approved), callback. */
  async function loginWithDiscord(): Promise<string> {
    const login = await fetch(`${a.url}/api/oauth/login`, { redirect: 'manual' });
    const oauthCookie = login.headers.getSetCookie().find((line) => line.startsWith('gg_oauth='))!.split(';')[0]!;
    fake.oauth.autoApprove(userId);
    const authorize = await fetch(login.headers.get('Location')!, { redirect: 'manual' });
    const callback = new URL(authorize.headers.get('Location')!);
    registerSecret(callback.searchParams.get('code')!);
    const done = await fetch(`${a.url}${callback.pathname}${callback.search}`, { redirect: 'manual', headers: { Cookie: oauthCookie } });
    expect(done.status).toBe(302);
    const sessionId = done.headers.getSetCookie().find((line) => line.startsWith('gg_session='))!.split(';')[0]!.slice('gg_session='.length);
    registerSecret(sessionId);
    return sessionId;
  }

  it('refreshes a grant near its end exactly once when both instances need it at the same moment', async () => {
    const sessionId = await loginWithDiscord();
    expect((await b.get(`/api/guilds/${guildId}/channels`, sessionId)).status).toBe(200);
    const refreshes = () =>
      fake.callsTo('/oauth2/token').filter((call) => (call.body as Record<string, string> | undefined)?.grant_type === 'refresh_token');
    expect(refreshes()).toHaveLength(0);

    clock.advance(3400_000); // 200 s left on the access token, and the guild list is stale
    const answers = await Promise.all([
      a.get('/api/me/guilds', sessionId),
      b.get('/api/me/guilds', sessionId),
      a.get(`/api/guilds/${guildId}/channels`, sessionId),
      b.get(`/api/guilds/${guildId}/channels`, sessionId),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(refreshes()).toHaveLength(1);
    // Both instances use the new grant from now on: a later read on either refreshes nothing.
    clock.advance(61_000);
    expect((await b.get('/api/me/guilds?fresh=true', sessionId)).status).toBe(200);
    expect((await a.get('/api/me/guilds?fresh=true', sessionId)).status).toBe(200);
    expect(refreshes()).toHaveLength(1);
  });

  it('keeps the OAuth tokens sealed in Redis', async () => {
    const sessionId = await loginWithDiscord();
    const keys = await look.keys('gg:*');
    const values = await Promise.all(keys.map(async (key) => ((await look.type(key)) === 'string' ? ((await look.get(key)) ?? '') : '')));
    const dump = `${keys.join('\n')}\n${values.join('\n')}`;
    expect(dump).toContain('sealedGrant');
    expect(dump).not.toContain(sessionId);
    for (const call of fake.callsTo(/^\/users\/@me/)) if (call.bearer) expect(dump).not.toContain(call.bearer);
  });
});
