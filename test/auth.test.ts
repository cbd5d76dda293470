import { describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';
import { seedScenario } from './support/scenario.js';
import { registerSecret } from './support/secrets.js';

function setup(env = {}) {
  const harness = new Harness({ env });
  return { harness, world: seedScenario(harness.fake) };
}

describe('login', () => {
  it('checks the token with Discord and answers the session id, the bot and the expiry', async () => {
    const { harness, world } = setup();
    const response = await harness.postLogin({ token: world.botA.token, guildId: world.guildOne.id });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.message).toBe('Logged in successfully');
    expect(body.sessionId).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(body.bot).toMatchObject({ id: world.botA.user.id, username: 'Alpha', bot: true });
    expect(Date.parse(body.expiresAt as string)).toBeGreaterThan(harness.clock.now());
    expect(JSON.stringify(body)).not.toContain(world.botA.token);
    expect(harness.upstreamCalls('/users/@me')).toBe(1);
  });

  it('does not ask Discord again for a token it checked within the guild-info TTL', async () => {
    const { harness, world } = setup();
    await harness.login(world.botA.token);
    await harness.login(world.botA.token);
    expect(harness.upstreamCalls('/users/@me')).toBe(1);
    harness.clock.advance(901_000);
    await harness.login(world.botA.token);
    expect(harness.upstreamCalls('/users/@me')).toBe(2);
  });

  it('answers 401 INVALID_BOT_TOKEN when Discord rejects the token', async () => {
    const { harness, world } = setup();
    harness.fake.revokeToken(world.botB.token);
    const response = await harness.postLogin({ token: world.botB.token });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'INVALID_BOT_TOKEN', requestId: expect.any(String) });
  });

  it('refuses a token that cannot be a bot token with 400, without asking Discord', async () => {
    const { harness } = setup();
    for (const token of ['hello', 'a.b.c', 'x'.repeat(70), '']) {
      const response = await harness.postLogin({ token });
      expect(response.status).toBe(400);
    }
    expect(harness.fake.calls).toHaveLength(0);
  });

  it('answers 400 for a body that is not a JSON object, and for a bad guildId', async () => {
    const { harness, world } = setup();
    const notJson = await harness.request('/api/auth/login', { method: 'POST', body: '{nope' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ code: 'INVALID_JSON' });
    const array = await harness.request('/api/auth/login', { method: 'POST', body: '[]' });
    expect(array.status).toBe(400);
    const badGuild = await harness.postLogin({ token: world.botA.token, guildId: 'general' });
    expect(badGuild.status).toBe(400);
    expect(await badGuild.json()).toMatchObject({ code: 'INVALID_INPUT', parameter: 'guildId' });
    expect(harness.fake.calls).toHaveLength(0);
  });

  it('answers 400 naming a default guildId the bot is not in, and creates no session', async () => {
    const { harness, world } = setup();
    registerSecret(world.botB.token);
    const response = await harness.postLogin({ token: world.botB.token, guildId: world.guildOne.id });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; error: string; parameter?: string };
    expect(body).toMatchObject({ code: 'INVALID_INPUT', parameter: 'guildId' });
    expect(body.error).toContain(world.guildOne.id);
    expect(harness.logs.filter((line) => line.includes('"session.created"'))).toHaveLength(0);
  });

  it('checks the default guildId against the cached guild list: no call to Discord once it is cached', async () => {
    const { harness, world } = setup();
    await harness.login(world.botA.token, world.guildOne.id);
    expect(harness.upstreamCalls('/users/@me/guilds')).toBe(1);
    harness.fake.resetCalls();
    await harness.login(world.botA.token, world.guildTwo.id);
    const refused = await harness.postLogin({ token: world.botA.token, guildId: '999999999999999999' });
    expect(refused.status).toBe(400);
    await harness.get('/api/guilds', await harness.login(world.botA.token));
    expect(harness.fake.callsTo(/./)).toHaveLength(0);
  });

  it('answers 413 for a login body over 8 KB', async () => {
    const { harness, world } = setup();
    const response = await harness.postLogin({ token: world.botA.token, padding: 'x'.repeat(9000) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(harness.fake.calls).toHaveLength(0);
  });
});

describe('session', () => {
  it('accepts the id bare and as a Bearer credential', async () => {
    const { harness, world } = setup();
    const sessionId = await harness.login(world.botA.token, world.guildOne.id);
    for (const authorization of [sessionId, `Bearer ${sessionId}`, `bearer ${sessionId}`]) {
      const response = await harness.request('/api/auth/session', { headers: { Authorization: authorization } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ guildId: world.guildOne.id, bot: { id: world.botA.user.id } });
    }
  });

  it('answers 401 without a session id and with an unknown one', async () => {
    const { harness } = setup();
    const missing = await harness.request('/api/auth/session');
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: 'MISSING_SESSION' });
    const unknown = await harness.get('/api/auth/session', 'A'.repeat(21));
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ code: 'INVALID_SESSION' });
  });

  it('ends at logout', async () => {
    const { harness, world } = setup();
    const sessionId = await harness.login(world.botA.token);
    const logout = await harness.request('/api/auth/logout', { method: 'POST', headers: { Authorization: sessionId } });
    expect(logout.status).toBe(200);
    expect(await logout.json()).toEqual({ message: 'Logged out successfully' });
    expect((await harness.get('/api/auth/session', sessionId)).status).toBe(401);
  });

  it('expires after SESSION_IDLE_TTL without use, and slides with use', async () => {
    const { harness, world } = setup({ SESSION_IDLE_TTL: '60', SESSION_MAX_AGE: '3600' });
    const sessionId = await harness.login(world.botA.token);
    harness.clock.advance(50_000);
    expect((await harness.get('/api/auth/session', sessionId)).status).toBe(200);
    harness.clock.advance(50_000);
    expect((await harness.get('/api/auth/session', sessionId)).status).toBe(200);
    harness.clock.advance(61_000);
    expect((await harness.get('/api/auth/session', sessionId)).status).toBe(401);
  });

  it('ends at SESSION_MAX_AGE however active it is', async () => {
    const { harness, world } = setup({ SESSION_IDLE_TTL: '60', SESSION_MAX_AGE: '120' });
    const sessionId = await harness.login(world.botA.token);
    for (let step = 0; step < 3; step++) {
      harness.clock.advance(35_000);
      expect((await harness.get('/api/auth/session', sessionId)).status).toBe(200);
    }
    harness.clock.advance(20_000);
    expect((await harness.get('/api/auth/session', sessionId)).status).toBe(401);
  });

  it('keeps at most MAX_SESSIONS sessions, dropping the least recently used', async () => {
    const { harness, world } = setup({ MAX_SESSIONS: '2' });
    const first = await harness.login(world.botA.token);
    const second = await harness.login(world.botA.token);
    const third = await harness.login(world.botA.token);
    expect((await harness.get('/api/auth/session', first)).status).toBe(401);
    expect((await harness.get('/api/auth/session', second)).status).toBe(200);
    expect((await harness.get('/api/auth/session', third)).status).toBe(200);
  });

  it('stores sessions under the SHA-256 of the id, never the id itself', async () => {
    const { harness, world } = setup();
    const keys: string[] = [];
    const store = harness.deps.sessionStore;
    const originalSet = store.set.bind(store);
    store.set = async (key, session, ttl) => {
      keys.push(key);
      return originalSet(key, session, ttl);
    };
    const sessionId = await harness.login(world.botA.token);
    const expected = Buffer.from(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(sessionId)),
    ).toString('base64url');
    expect(keys).toEqual([expected]);
  });
});
