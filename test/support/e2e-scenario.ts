import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeDiscord, startFakeDiscordServer, type FakeDiscord } from '../../fake-discord/index.js';
import { freePort, type RunningServer } from './processes.js';
import { recordEmitted, recordResponse, registerSecret } from './secrets.js';
import { dataOf, SseReader } from './sse-reader.js';

export interface E2EWorld {
  fake: FakeDiscord;
  token: string;
  botId: string;
  guildId: string;
  memberCount: number;
  /** Login with Discord: a person who owns `managedGuildId` (the bot is there) and `botlessGuildId`. */
  userId: string;
  managedGuildId: string;
  botlessGuildId: string;
  clientSecret: string;
}

/**
 * How a runtime's suite starts guildgate: given the fake's URL, a free port, and more settings
 * (Login with Discord's secrets among them: pass them as the runtime passes secrets).
 */
export type StartGuildgate = (discordApiUrl: string, port: number, env: Record<string, string>) => Promise<RunningServer>;

/** Login with Discord against the fake: its app is the bot's, its authorize page on the fake's origin. */
function oauthEnvFor(world: E2EWorld, botId: string, discordApiUrl: string, port: number): Record<string, string> {
  return {
    DISCORD_CLIENT_ID: botId,
    DISCORD_CLIENT_SECRET: world.clientSecret,
    DISCORD_BOT_TOKEN: world.token,
    OAUTH_REDIRECT_URI: `http://127.0.0.1:${port}/api/oauth/callback`,
    DISCORD_OAUTH_AUTHORIZE_URL: `${new URL(discordApiUrl).origin}/oauth2/authorize`,
  };
}

/** `name=value` of the cookie a response sets, as a browser would send it back. */
function cookiePair(response: Response, name: string): string {
  const line = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  expect(line, `${name} cookie`).toBeDefined();
  return line!.split(';')[0]!;
}

/**
 * The same end-to-end checks for every runtime, over real sockets, against the standalone
 * fake Discord: log in, read channels twice (MISS then HIT), read all members, a bad session
 * gets 401 JSON, after logout the next read gets 401, and Login with Discord runs its whole
 * redirect flow (followed by hand, carrying cookies) to a user session limited to its guilds.
 */
export function describeEndToEnd(runtime: string, start: StartGuildgate, options: { timeoutMs?: number } = {}): void {
  describe(`end to end on ${runtime}`, { timeout: options.timeoutMs ?? 60_000 }, () => {
    const world = {} as E2EWorld;
    let fakeServer: { url: string; close(): Promise<void> };
    let server: RunningServer;

    beforeAll(async () => {
      world.fake = createFakeDiscord();
      const bot = world.fake.addBot({ membersIntent: true });
      const guild = world.fake.addGuild({ botIds: [bot.user.id] });
      world.fake.addChannel(guild.id, { type: 0 });
      world.fake.addChannel(guild.id, { type: 2 });
      world.fake.addMembers(guild.id, 1500);
      Object.assign(world, { token: bot.token, botId: bot.user.id, guildId: guild.id, memberCount: 1500 });
      const user = world.fake.addUser('erin.e2e');
      const managed = world.fake.addGuild({ botIds: [bot.user.id], ownerId: user.id });
      world.fake.addChannel(managed.id, { type: 0 });
      const botless = world.fake.addGuild({ ownerId: user.id });
      const { clientSecret } = world.fake.oauthApp(bot.user.id);
      Object.assign(world, { userId: user.id, managedGuildId: managed.id, botlessGuildId: botless.id, clientSecret });
      registerSecret(bot.token);
      registerSecret(clientSecret);
      fakeServer = await startFakeDiscordServer(world.fake, { port: 0 });
      const port = await freePort();
      // Webhook Events on: the fake signs them with the key whose public half guildgate checks.
      const DISCORD_PUBLIC_KEY = await world.fake.webhookEvents.publicKeyHex();
      server = await start(fakeServer.url, port, { ...oauthEnvFor(world, bot.user.id, fakeServer.url, port), DISCORD_PUBLIC_KEY });
    }, options.timeoutMs ?? 120_000);

    afterAll(async () => {
      await server?.stop();
      await fakeServer?.close();
    });

    const call = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${server.url}${path}`, init);
      if (!path.startsWith('/api/auth/login')) await recordResponse(`${runtime} ${path}`, response);
      return response;
    };
    const login = async () => {
      const response = await call('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: world.token }),
      });
      expect(response.status).toBe(200);
      const { sessionId } = (await response.json()) as { sessionId: string };
      registerSecret(sessionId);
      return sessionId;
    };

    it('logs in, reads channels twice (MISS then HIT), and reads all members', async () => {
      const sessionId = await login();
      const channelsPath = `/api/guilds/${world.guildId}/channels`;
      const first = await call(channelsPath, { headers: { Authorization: `Bearer ${sessionId}` } });
      expect(first.status).toBe(200);
      expect(first.headers.get('X-Cache')).toBe('MISS');
      const second = await call(channelsPath, { headers: { Authorization: sessionId } });
      expect(second.headers.get('X-Cache')).toBe('HIT');
      expect(await second.json()).toHaveLength(2);
      const members = await call(`/api/guilds/${world.guildId}/members?all=true`, { headers: { Authorization: sessionId } });
      expect(members.status).toBe(200);
      expect(((await members.json()) as unknown[]).length).toBe(world.memberCount);
    });

    it('answers 401 JSON to a malformed session id, and to a well-formed one the store does not hold', async () => {
      // The second shape passes the format check, so the runtime's session store is asked.
      for (const id of ['not-a-session', 'AAAAAAAAAAAAAAAAAAAAA']) {
        const response = await call('/api/guilds', { headers: { Authorization: `Bearer ${id}` } });
        expect(response.status, id).toBe(401);
        expect(response.headers.get('Content-Type')).toMatch(/application\/json/);
        expect(await response.json()).toMatchObject({ code: 'INVALID_SESSION', requestId: expect.any(String) });
      }
    });

    it('ends the session at logout: the next read gets 401', async () => {
      const sessionId = await login();
      const logout = await call('/api/auth/logout', { method: 'POST', headers: { Authorization: sessionId } });
      expect(logout.status).toBe(200);
      const after = await call(`/api/guilds/${world.guildId}/channels`, { headers: { Authorization: sessionId } });
      expect(after.status).toBe(401);
    });

    it('logs in with Discord: a cookie session that sees only the guilds the person manages', async () => {
      const login = await call('/api/oauth/login?returnTo=/console/', { redirect: 'manual' });
      expect(login.status).toBe(302);
      const oauthCookie = cookiePair(login, 'gg_oauth');
      world.fake.oauth.autoApprove(world.userId);
      const authorize = await fetch(login.headers.get('Location')!, { redirect: 'manual' });
      expect(authorize.status).toBe(302);
      const back = new URL(authorize.headers.get('Location')!);
      registerSecret(back.searchParams.get('code')!);
      // The callback hands out the session id in its cookie: like a login, it is not recorded.
      const done = await fetch(`${server.url}${back.pathname}${back.search}`, { redirect: 'manual', headers: { Cookie: oauthCookie } });
      expect(done.status).toBe(302);
      expect(done.headers.get('Location')).toBe('/console/');
      const sessionCookie = cookiePair(done, 'gg_session');
      registerSecret(sessionCookie.slice('gg_session='.length));
      const asUser = { headers: { Cookie: sessionCookie } };

      const me = await call('/api/me', asUser);
      expect(await me.json()).toMatchObject({ id: world.userId, username: 'erin.e2e' });
      const session = await call('/api/auth/session', asUser);
      expect(await session.json()).toMatchObject({ kind: 'user', user: { id: world.userId } });
      const guilds = (await (await call('/api/me/guilds', asUser)).json()) as { id: string; botInGuild: boolean; inviteUrl?: string }[];
      expect(guilds.map((guild) => [guild.id, guild.botInGuild]).sort()).toEqual(
        [[world.managedGuildId, true], [world.botlessGuildId, false]].sort(),
      );
      expect(guilds.find((guild) => !guild.botInGuild)?.inviteUrl).toContain(`guild_id=${world.botlessGuildId}`);
      expect((await call(`/api/guilds/${world.managedGuildId}/channels`, asUser)).status).toBe(200);
      const outside = await call(`/api/guilds/${world.guildId}/channels`, asUser);
      expect(outside.status).toBe(403);
      expect(await outside.json()).toMatchObject({ code: 'GUILD_NOT_MANAGEABLE' });

      const csrf = await call('/api/auth/logout', { method: 'POST', headers: { Cookie: sessionCookie, Origin: 'https://evil.example' } });
      expect(csrf.status).toBe(403);
      const logout = await call('/api/auth/logout', { method: 'POST', headers: { Cookie: sessionCookie, Origin: server.url } });
      expect(logout.status).toBe(200);
      expect((await call('/api/me', asUser)).status).toBe(401);
    });

    it('streams an invalidation to GET /api/events, and a signed Webhook Event as event: guild', async () => {
      const sessionId = await login();
      const response = await fetch(`${server.url}/api/events`, { headers: { Authorization: sessionId } });
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toMatch(/^text\/event-stream/);
      recordEmitted(`${runtime} GET /api/events`, [...response.headers].join('\n'));
      const reader = new SseReader(response, `${runtime} event stream`);
      try {
        await reader.next((frame) => frame.retry === '3000', 10_000);
        const invalidated = await call('/api/cache/invalidate', {
          method: 'POST',
          headers: { Authorization: sessionId, 'Content-Type': 'application/json' },
          body: JSON.stringify({ guildId: world.guildId, module: 'CHANNELS' }),
        });
        expect(invalidated.status).toBe(200);
        const event = await reader.next((frame) => frame.event === 'invalidate', 10_000);
        expect(dataOf(event)).toEqual({ guildId: world.guildId, module: 'CHANNELS', source: 'invalidate' });

        const webhookUrl = `${server.url}/api/discord/webhook-events`;
        const { webhookEvents } = world.fake;
        const ping = await webhookEvents.deliver(webhookUrl, webhookEvents.ping(world.botId));
        expect(ping.status).toBe(204);
        const forged = await webhookEvents.deliver(webhookUrl, webhookEvents.ping(world.botId), { tamper: 'signature' });
        expect(forged.status).toBe(401);
        expect(await forged.json()).toMatchObject({ code: 'INVALID_SIGNATURE' });
        const newGuild = world.fake.addGuild({ botIds: [] });
        const user = world.fake.addUser('installer');
        const added = await webhookEvents.deliver(webhookUrl, webhookEvents.applicationAuthorized(world.botId, newGuild.id, user.id));
        expect(added.status).toBe(204);
        const guildEvent = await reader.next((frame) => frame.event === 'guild', 10_000);
        expect(dataOf(guildEvent)).toEqual({ guildId: newGuild.id, action: 'added' });
      } finally {
        await reader.cancel();
      }
    });

    it('never printed the token or a session id', () => {
      const printed = server.output.join('');
      expect(printed.length).toBeGreaterThan(0);
      expect(printed).not.toContain(world.token);
    });
  });
}
