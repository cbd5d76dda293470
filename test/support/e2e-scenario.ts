import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeDiscord, startFakeDiscordServer, type FakeDiscord } from '../../fake-discord/index.js';
import { freePort, type RunningServer } from './processes.js';
import { recordResponse, registerSecret } from './secrets.js';

export interface E2EWorld {
  fake: FakeDiscord;
  token: string;
  guildId: string;
  memberCount: number;
}

/** How a runtime's suite starts guildgate: given the fake's URL and a free port. */
export type StartGuildgate = (discordApiUrl: string, port: number) => Promise<RunningServer>;

/**
 * The same end-to-end checks for every runtime, over real sockets, against the standalone
 * fake Discord: log in, read channels twice (MISS then HIT), read all members, a bad session
 * gets 401 JSON, and after logout the next read gets 401.
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
      Object.assign(world, { token: bot.token, guildId: guild.id, memberCount: 1500 });
      registerSecret(bot.token);
      fakeServer = await startFakeDiscordServer(world.fake, { port: 0 });
      server = await start(fakeServer.url, await freePort());
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

    it('never printed the token or a session id', () => {
      const printed = server.output.join('');
      expect(printed.length).toBeGreaterThan(0);
      expect(printed).not.toContain(world.token);
    });
  });
}
