import { beforeEach, describe, expect, it } from 'vitest';
import { createFakeDiscord, seedDemo, type DemoData, type FakeDiscord } from '../fake-discord/index.js';
import { s256 } from '../fake-discord/oauth.js';
import { ConfigError, parseConfig } from '../src/config.js';
import { sha256Base64Url } from '../src/lib/hashing.js';
import type { UserSession } from '../src/sessions/session.js';
import { checkConformance } from './support/conformance.js';
import { Harness } from './support/harness.js';
import { dataOf, SseReader } from './support/sse-reader.js';
import { recordResponse, registerSecret } from './support/secrets.js';

/**
 * Login with Discord, through guildgate's HTTP API against the in-process fake Discord: the
 * browser's redirects are followed by hand, carrying cookies, as a browser would.
 */
const ORIGIN = 'https://gg.example';
const REDIRECT_URI = `${ORIGIN}/api/oauth/callback`;
const FAKE_ORIGIN = 'http://fake-discord.test';

interface World {
  fake: FakeDiscord;
  demo: DemoData;
  h: Harness;
}

function oauthEnv(demo: DemoData, extra: Record<string, string> = {}): Record<string, string> {
  registerSecret(demo.oauth.clientSecret);
  registerSecret(demo.bot.token);
  return {
    DISCORD_CLIENT_ID: demo.oauth.clientId,
    DISCORD_CLIENT_SECRET: demo.oauth.clientSecret,
    DISCORD_BOT_TOKEN: demo.bot.token,
    OAUTH_REDIRECT_URI: REDIRECT_URI,
    DISCORD_OAUTH_AUTHORIZE_URL: `${FAKE_ORIGIN}/oauth2/authorize`,
    BOT_INVITE_PERMISSIONS: '268435456',
    ...extra,
  };
}

function world(extra: Record<string, string> = {}): World {
  const fake = createFakeDiscord();
  const demo = seedDemo(fake);
  const h = new Harness({ fake, env: oauthEnv(demo, extra) });
  return { fake, demo, h };
}

/** The value a Set-Cookie header sets for `name`, and its attributes. */
function cookieFrom(response: Response, name: string): { value: string; attributes: string } | undefined {
  for (const line of response.headers.getSetCookie()) {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const at = pair.indexOf('=');
    if (pair.slice(0, at) === name) return { value: pair.slice(at + 1), attributes: attributes.join('; ') };
  }
  return undefined;
}

/** GET /api/oauth/login, then Discord's page (auto-approved for `userId`): the callback URL and the gg_oauth cookie. */
async function throughDiscord(w: World, userId: string | undefined, returnTo = '/console/') {
  const login = await w.h.request(`/api/oauth/login?returnTo=${encodeURIComponent(returnTo)}`);
  expect(login.status).toBe(302);
  const oauthCookie = cookieFrom(login, 'gg_oauth')!;
  w.fake.oauth.autoApprove(userId);
  const authorize = await w.fake.fetch(new Request(login.headers.get('Location')!, { redirect: 'manual' }));
  expect(authorize.status).toBe(302);
  const callback = new URL(authorize.headers.get('Location')!);
  const code = callback.searchParams.get('code');
  if (code) registerSecret(code);
  return { login, callback, oauthCookie, code };
}

/** The callback request. Its answer sets the session cookie (it hands out the id), so it is not recorded. */
async function callback(w: World, url: URL, cookie: string | undefined): Promise<Response> {
  const path = `${url.pathname}${url.search}`;
  const response = await w.h.app.request(path, { headers: cookie ? { Cookie: `gg_oauth=${cookie}` } : {} });
  await checkConformance('GET', path, response);
  return response;
}

/** The whole browser flow for one user: the session id (from gg_session) and the callback's answer. */
async function browserLogin(w: World, userId: string, returnTo = '/console/') {
  const { callback: url, oauthCookie } = await throughDiscord(w, userId, returnTo);
  const answer = await callback(w, url, oauthCookie.value);
  expect(answer.status).toBe(302);
  const session = cookieFrom(answer, 'gg_session');
  expect(session).toBeDefined();
  registerSecret(session!.value);
  await rememberGrant(w, session!.value);
  return { sessionId: session!.value, answer, sessionCookie: session! };
}

/** The session's OAuth tokens, registered as secrets: they must never come back out. */
async function rememberGrant(w: World, sessionId: string): Promise<UserSession> {
  const session = (await w.h.deps.sessionStore.get(await sha256Base64Url(sessionId))) as UserSession;
  expect(session.kind).toBe('user');
  registerSecret(session.grant.accessToken);
  registerSecret(session.grant.refreshToken);
  return session;
}

const withCookie = (sessionId: string, headers: Record<string, string> = {}) => ({ headers: { Cookie: `gg_session=${sessionId}`, ...headers } });

describe('Login with Discord: the browser flow', () => {
  let w: World;
  beforeEach(() => {
    w = world();
  });

  it('redirects to Discord with state, PKCE S256 and prompt=none, and seals the attempt in an HttpOnly cookie', async () => {
    const login = await w.h.request('/api/oauth/login?returnTo=/console/guilds');
    expect(login.status).toBe(302);
    const target = new URL(login.headers.get('Location')!);
    expect(`${target.origin}${target.pathname}`).toBe(`${FAKE_ORIGIN}/oauth2/authorize`);
    const query = Object.fromEntries(target.searchParams);
    expect(query).toMatchObject({
      response_type: 'code',
      client_id: w.demo.oauth.clientId,
      scope: 'identify guilds',
      redirect_uri: REDIRECT_URI,
      code_challenge_method: 'S256',
      prompt: 'none',
    });
    // 128 bits at least: 22 base64url characters carry 132.
    expect(query.state).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(query.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = cookieFrom(login, 'gg_oauth')!;
    expect(cookie.attributes).toMatch(/HttpOnly/);
    expect(cookie.attributes).toMatch(/SameSite=Lax/);
    expect(cookie.attributes).toMatch(/Path=\/api\/oauth/);
    expect(cookie.attributes).toMatch(/Max-Age=600/);
    expect(cookie.attributes).toMatch(/Secure/); // the redirect URI is https
    // Sealed, not signed: neither the state nor the return path can be read from it.
    expect(cookie.value).not.toContain(query.state!);
    expect(decodeURIComponent(cookie.value)).not.toContain('console');
    // Two logins never share a state.
    const again = new URL((await w.h.request('/api/oauth/login')).headers.get('Location')!);
    expect(again.searchParams.get('state')).not.toBe(query.state);
  });

  it('ends with a cookie session whose /api/me/guilds is exactly the manageable set, with botInGuild and inviteUrl', async () => {
    const { sessionId, answer, sessionCookie } = await browserLogin(w, w.demo.users.manager.id, '/console/?tab=guilds');
    expect(answer.headers.get('Location')).toBe('/console/?tab=guilds');
    expect(sessionCookie.attributes).toMatch(/HttpOnly/);
    expect(sessionCookie.attributes).toMatch(/SameSite=Lax/);
    expect(sessionCookie.attributes).toMatch(/Path=\//);
    expect(sessionCookie.attributes).toMatch(/Secure/);
    expect(sessionCookie.attributes).toMatch(new RegExp(`Max-Age=${7 * 24 * 3600}`));
    expect(cookieFrom(answer, 'gg_oauth')?.attributes).toMatch(/Max-Age=0/);

    const me = await w.h.request('/api/me', withCookie(sessionId));
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ id: w.demo.users.manager.id, username: 'manny.manager', global_name: 'manny manager', avatar: null });

    const guilds = (await (await w.h.request('/api/me/guilds', withCookie(sessionId))).json()) as Record<string, unknown>[];
    expect(guilds.map((guild) => guild.id).sort()).toEqual([w.demo.guildId, w.demo.botlessGuildId].sort());
    const large = guilds.find((guild) => guild.id === w.demo.guildId)!;
    expect(large).toMatchObject({ name: 'Guildgate Lounge', owner: false, botInGuild: true });
    expect(BigInt(large.permissions as string) & 0x20n).toBe(0x20n);
    expect(large.inviteUrl).toBeUndefined();
    const botless = guilds.find((guild) => guild.id === w.demo.botlessGuildId)!;
    expect(botless).toMatchObject({ botInGuild: false });
    const invite = new URL(botless.inviteUrl as string);
    expect(Object.fromEntries(invite.searchParams)).toEqual({
      client_id: w.demo.oauth.clientId,
      scope: 'bot applications.commands',
      permissions: '268435456',
      guild_id: w.demo.botlessGuildId,
      disable_guild_select: 'true',
    });

    const session = await w.h.request('/api/auth/session', withCookie(sessionId));
    expect(await session.json()).toMatchObject({ kind: 'user', bot: { id: w.demo.bot.user.id }, user: { id: w.demo.users.manager.id } });
    // GET /api/guilds is the mutual set: the bot is in two guilds, this user manages one of them.
    const mutual = (await (await w.h.request('/api/guilds', withCookie(sessionId))).json()) as { id: string }[];
    expect(mutual.map((guild) => guild.id)).toEqual([w.demo.guildId]);
    // And the Authorization header works as well as the cookie.
    const channels = await w.h.get(`/api/guilds/${w.demo.guildId}/channels`, sessionId);
    expect(channels.status).toBe(200);
  });

  it('gives the owner and the admin their guilds too, each with the bot where it is', async () => {
    for (const user of [w.demo.users.owner, w.demo.users.admin]) {
      const { sessionId } = await browserLogin(w, user.id);
      const guilds = (await (await w.h.request('/api/me/guilds', withCookie(sessionId))).json()) as { id: string; owner: boolean }[];
      expect(guilds.map((guild) => guild.id).sort(), user.username).toEqual([w.demo.guildId, w.demo.botlessGuildId].sort());
      expect(guilds.every((guild) => guild.owner === (user === w.demo.users.owner)), user.username).toBe(true);
    }
  });

  it('shows a user without rights nothing at all', async () => {
    const { sessionId } = await browserLogin(w, w.demo.users.nobody.id);
    expect(await (await w.h.request('/api/me/guilds', withCookie(sessionId))).json()).toEqual([]);
    expect(await (await w.h.request('/api/guilds', withCookie(sessionId))).json()).toEqual([]);
    const read = await w.h.request(`/api/guilds/${w.demo.guildId}/channels`, withCookie(sessionId));
    expect(read.status).toBe(403);
    expect(await read.json()).toMatchObject({ code: 'GUILD_NOT_MANAGEABLE' });
    const flat = await w.h.request('/api/channels', withCookie(sessionId));
    expect(flat.status).toBe(400);
    expect(await flat.json()).toMatchObject({ code: 'NO_DEFAULT_GUILD', parameter: 'guildId' });
  });

  it('refuses a state that does not match the cookie with 400, without calling Discord', async () => {
    const { callback: url, oauthCookie } = await throughDiscord(w, w.demo.users.manager.id);
    w.fake.resetCalls();
    const forged = new URL(url);
    forged.searchParams.set('state', 'A'.repeat(43));
    const mismatch = await callback(w, forged, oauthCookie.value);
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toMatchObject({ code: 'OAUTH_STATE_MISMATCH' });
    const noCookie = await callback(w, url, undefined);
    expect(noCookie.status).toBe(400);
    const tampered = await callback(w, url, `${oauthCookie.value.slice(0, -2)}AA`);
    expect(tampered.status).toBe(400);
    expect(w.fake.callsTo('/oauth2/token')).toHaveLength(0);
    expect(w.fake.calls).toHaveLength(0);
  });

  it('sends a person who cancels back to returnTo with oauth_error=access_denied', async () => {
    const login = await w.h.request('/api/oauth/login?returnTo=/console/');
    const cookie = cookieFrom(login, 'gg_oauth')!.value;
    w.fake.oauth.autoApprove(undefined);
    const form = new URLSearchParams(new URL(login.headers.get('Location')!).searchParams);
    form.set('action', 'cancel');
    const page = await w.fake.fetch(new Request(`${FAKE_ORIGIN}/oauth2/authorize`, { method: 'POST', body: form, redirect: 'manual' }));
    const denied = await callback(w, new URL(page.headers.get('Location')!), cookie);
    expect(denied.status).toBe(302);
    expect(denied.headers.get('Location')).toBe('/console/?oauth_error=access_denied');
    expect(cookieFrom(denied, 'gg_session')).toBeUndefined();
  });

  it('refuses a returnTo that is not a path on this origin with 400', async () => {
    for (const returnTo of ['https://evil.example', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/a\nb', 'console']) {
      const response = await w.h.request(`/api/oauth/login?returnTo=${encodeURIComponent(returnTo)}`);
      expect(response.status, returnTo).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'INVALID_INPUT', parameter: 'returnTo' });
      expect(response.headers.get('Location')).toBeNull();
    }
  });

  it('answers 401 OAUTH_CODE_REJECTED to a code Discord refuses', async () => {
    const { callback: url, oauthCookie } = await throughDiscord(w, w.demo.users.manager.id);
    expect((await callback(w, url, oauthCookie.value)).status).toBe(302);
    // The same code again: Discord's codes work once.
    const replay = await callback(w, url, oauthCookie.value);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'OAUTH_CODE_REJECTED' });
  });
});

describe('Login with Discord: what a user session may reach', () => {
  let w: World;
  let sessionId: string;
  beforeEach(async () => {
    w = world();
    ({ sessionId } = await browserLogin(w, w.demo.users.manager.id));
    // The bot's guild list is cached by the login's first check; start counting from here.
    await w.h.request(`/api/guilds/${w.demo.guildId}`, withCookie(sessionId));
    w.fake.resetCalls();
  });

  it('answers 403 GUILD_NOT_MANAGEABLE for a guild outside the set, with zero upstream calls', async () => {
    const outside = [w.demo.guilds.small, w.demo.guilds.other, w.demo.botlessGuildId];
    for (const guildId of outside) {
      for (const path of [`/api/guilds/${guildId}`, `/api/guilds/${guildId}/channels`, `/api/guilds/${guildId}/roles`,
        `/api/guilds/${guildId}/members?limit=5`, `/api/channels?guildId=${guildId}`, `/api/members?guildId=${guildId}`]) {
        const response = await w.h.request(path, withCookie(sessionId));
        expect(response.status, path).toBe(403);
        expect(await response.json()).toMatchObject({ code: 'GUILD_NOT_MANAGEABLE' });
      }
    }
    expect(w.fake.calls).toHaveLength(0);
  });

  it('reads guilds in the set through the bot, sharing its cache with bot sessions', async () => {
    const botSession = await w.h.login(w.demo.bot.token);
    const first = await w.h.get(`/api/guilds/${w.demo.guildId}/roles`, botSession);
    expect(first.headers.get('X-Cache')).toBe('MISS');
    const mine = await w.h.request(`/api/guilds/${w.demo.guildId}/roles`, withCookie(sessionId));
    expect(mine.status).toBe(200);
    expect(mine.headers.get('X-Cache')).toBe('HIT');
    expect(w.h.upstreamCalls(`/guilds/${w.demo.guildId}/roles`)).toBe(1);
    // The flat routes default to the user's only mutual guild.
    const flat = await w.h.request('/api/channels', withCookie(sessionId));
    expect(flat.status).toBe(200);
    expect(((await flat.json()) as { guild_id: string }[]).every((channel) => channel.guild_id === w.demo.guildId)).toBe(true);
  });

  it("allows a channel of a guild in the set and refuses a channel of another guild", async () => {
    const mine = await w.h.request(`/api/channels/${w.demo.channelId}/messages?limit=5`, withCookie(sessionId));
    expect(mine.status).toBe(200);
    const smallChannels = w.fake.calls.length;
    const botSession = await w.h.login(w.demo.bot.token);
    const channels = (await (await w.h.get(`/api/guilds/${w.demo.guilds.small}/channels`, botSession)).json()) as { id: string }[];
    w.fake.resetCalls();
    const theirs = await w.h.request(`/api/channels/${channels[0]!.id}/messages`, withCookie(sessionId));
    expect(theirs.status).toBe(403);
    expect(await theirs.json()).toMatchObject({ code: 'GUILD_NOT_MANAGEABLE' });
    // Only the channel itself was read (as the configured bot), never its messages.
    expect(w.fake.calls.map((call) => call.path)).toEqual([`/channels/${channels[0]!.id}`]);
    expect(smallChannels).toBeGreaterThan(0);
  });

  it('is never served by the cached-read lane: a hit the bot holds is still refused', async () => {
    const botSession = await w.h.login(w.demo.bot.token);
    const path = `/api/guilds/${w.demo.guilds.small}/channels`;
    expect((await w.h.get(path, botSession)).status).toBe(200);
    expect((await w.h.get(path, botSession)).headers.get('X-Cache')).toBe('HIT');
    const asUser = await w.h.get(path, sessionId);
    expect(asUser.status).toBe(403);
    expect(await asUser.json()).toMatchObject({ code: 'GUILD_NOT_MANAGEABLE' });
  });

  it('loses a guild within CACHE_TTL_USER_GUILDS of losing MANAGE_GUILD at Discord', async () => {
    const path = `/api/guilds/${w.demo.guildId}/channels`;
    expect((await w.h.request(path, withCookie(sessionId))).status).toBe(200);
    w.fake.addMember(w.demo.guildId, w.demo.users.manager.id, { roles: [] });
    expect((await w.h.request(path, withCookie(sessionId))).status).toBe(200);
    w.h.clock.advance(61_000);
    const after = await w.h.request(path, withCookie(sessionId));
    expect(after.status).toBe(403);
    expect(w.fake.calls.filter((call) => call.bearer !== undefined).map((call) => call.path)).toEqual(['/users/@me/guilds']);
  });

  it('re-asks Discord for ?fresh=true at most once per 10 s per user', async () => {
    const bearerCalls = () => w.fake.calls.filter((call) => call.bearer !== undefined).length;
    await w.h.request('/api/me/guilds?fresh=true', withCookie(sessionId));
    expect(bearerCalls()).toBe(0); // read at login, less than 10 s ago
    w.h.clock.advance(10_000);
    await w.h.request('/api/me/guilds?fresh=true', withCookie(sessionId));
    await w.h.request('/api/me/guilds?fresh=true', withCookie(sessionId));
    expect(bearerCalls()).toBe(1);
  });

  it('keeps bot sessions as they were, and refuses them the user routes', async () => {
    const botSession = await w.h.login(w.demo.bot.token);
    const me = await w.h.get('/api/me', botSession);
    expect(me.status).toBe(403);
    expect(await me.json()).toMatchObject({ code: 'USER_SESSION_REQUIRED' });
    expect(await (await w.h.get('/api/auth/session', botSession)).json()).toMatchObject({ kind: 'bot' });
    const all = (await (await w.h.get('/api/guilds', botSession)).json()) as unknown[];
    expect(all).toHaveLength(2); // the large and the small guild: every guild of the bot
  });

  it('lets a user session invalidate the cache of its own guilds only', async () => {
    const post = (guildId: string) =>
      w.h.request('/api/cache/invalidate', {
        method: 'POST',
        headers: { Cookie: `gg_session=${sessionId}`, Origin: ORIGIN, 'Content-Type': 'application/json' },
        body: JSON.stringify({ guildId, module: 'channels' }),
      });
    expect((await post(w.demo.guildId)).status).toBe(200);
    const refused = await post(w.demo.guilds.small);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'GUILD_NOT_MANAGEABLE' });
  });

  it("streams a person only the events of their own guilds, never another guild of the bot", async () => {
    const response = await w.h.app.request('/api/events', withCookie(sessionId));
    expect(response.status).toBe(200);
    const reader = new SseReader(response, 'user event stream');
    try {
      await reader.next((frame) => frame.retry !== undefined, 5_000);
      // The bot (another session) changes a guild the person does not manage, then one they do.
      const botSession = await w.h.login(w.demo.bot.token);
      for (const guildId of [w.demo.guilds.small, w.demo.guildId]) {
        const invalidated = await w.h.request('/api/cache/invalidate', {
          method: 'POST',
          headers: { Authorization: botSession, 'Content-Type': 'application/json' },
          body: JSON.stringify({ guildId, module: 'ROLES' }),
        });
        expect(invalidated.status).toBe(200);
      }
      const first = await reader.next((frame) => frame.event === 'invalidate', 5_000);
      expect(dataOf(first)).toMatchObject({ guildId: w.demo.guildId, module: 'ROLES' });
    } finally {
      await reader.cancel();
    }
  });
});

describe('Login with Discord: tokens', () => {
  let w: World;
  beforeEach(() => {
    w = world();
    w.fake.oauth.setAccessTokenTtl(3600);
  });

  it('refreshes the access token before it expires, once, and keeps the session', async () => {
    const { sessionId } = await browserLogin(w, w.demo.users.manager.id);
    const before = await rememberGrant(w, sessionId);
    w.h.clock.advance(3400_000); // 200 s left: inside the refresh margin
    const guilds = await w.h.request('/api/me/guilds', withCookie(sessionId));
    expect(guilds.status).toBe(200);
    expect(w.fake.callsTo('/oauth2/token').filter((call) => (call.body as Record<string, string> | undefined)?.grant_type === 'refresh_token')).toHaveLength(1);
    const after = await rememberGrant(w, sessionId);
    expect(after.grant.refreshToken).not.toBe(before.grant.refreshToken);
    expect(w.fake.oauth.isRevoked(before.grant.refreshToken)).toBe(true);
    expect(w.fake.oauth.isRevoked(after.grant.accessToken)).toBe(false);
  });

  it('ends the session cleanly when its refresh token was already spent (401 OAUTH_SESSION_EXPIRED, then 401)', async () => {
    const { sessionId } = await browserLogin(w, w.demo.users.manager.id);
    const { grant } = await rememberGrant(w, sessionId);
    // Someone else spends it first (another server without the lock, say).
    const spent = await w.fake.fetch(new Request(`${FAKE_ORIGIN}/api/v10/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: grant.refreshToken, client_id: w.demo.oauth.clientId, client_secret: w.demo.oauth.clientSecret }),
    }));
    expect(spent.status).toBe(200);
    const rotated = (await spent.json()) as { access_token: string; refresh_token: string };
    registerSecret(rotated.access_token);
    registerSecret(rotated.refresh_token);
    w.h.clock.advance(3400_000);
    const expired = await w.h.request('/api/me/guilds', withCookie(sessionId));
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ code: 'OAUTH_SESSION_EXPIRED' });
    const next = await w.h.request('/api/auth/session', withCookie(sessionId));
    expect(next.status).toBe(401);
    expect(await next.json()).toMatchObject({ code: 'INVALID_SESSION' });
  });

  it('revokes the grant at Discord on logout and clears the cookie', async () => {
    const { sessionId } = await browserLogin(w, w.demo.users.manager.id);
    const { grant } = await rememberGrant(w, sessionId);
    const logout = await w.h.request('/api/auth/logout', { method: 'POST', ...withCookie(sessionId, { Origin: ORIGIN }) });
    expect(logout.status).toBe(200);
    expect(cookieFrom(logout, 'gg_session')?.attributes).toMatch(/Max-Age=0/);
    expect(w.fake.oauth.isRevoked(grant.accessToken)).toBe(true);
    expect(w.fake.oauth.isRevoked(grant.refreshToken)).toBe(true);
    expect((await w.h.request('/api/me', withCookie(sessionId))).status).toBe(401);
  });

  it('exchanges a code for a backend with POST /api/oauth/token, and the fake refuses a wrong PKCE verifier', async () => {
    const verifier = 'v'.repeat(20) + crypto.randomUUID().replace(/-/g, '');
    registerSecret(verifier);
    const issue = async () => {
      const code = w.fake.oauth.authorize({
        clientId: w.demo.oauth.clientId, userId: w.demo.users.admin.id, redirectUri: 'https://dash.example/cb',
        scope: 'identify guilds', codeChallenge: await s256(verifier),
      });
      registerSecret(code);
      return code;
    };
    const post = (body: unknown) =>
      w.h.request('/api/oauth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const wrong = await post({ code: await issue(), codeVerifier: 'w'.repeat(43), redirectUri: 'https://dash.example/cb' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'OAUTH_CODE_REJECTED' });

    const right = await w.h.app.request('/api/oauth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: await issue(), codeVerifier: verifier, redirectUri: 'https://dash.example/cb' }),
    });
    expect(right.status).toBe(200);
    const answer = (await right.json()) as { sessionId: string; user: { id: string }; expiresAt: string };
    registerSecret(answer.sessionId);
    await rememberGrant(w, answer.sessionId);
    expect(answer.user.id).toBe(w.demo.users.admin.id);
    expect(right.headers.get('Set-Cookie')).toBeNull();
    expect(await (await w.h.get('/api/me', answer.sessionId)).json()).toMatchObject({ id: w.demo.users.admin.id });
    const bad = await post({ code: 'x', codeVerifier: 'short', redirectUri: 'https://dash.example/cb' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'INVALID_INPUT', parameter: 'codeVerifier' });
  });
});

describe('Login with Discord: CSRF and CORS', () => {
  it('refuses a cookie-authenticated POST without a good Origin, and takes one from guildgate or CORS_ORIGINS', async () => {
    const w = world({ CORS_ORIGINS: 'https://dash.example' });
    const logout = (sessionId: string, headers: Record<string, string>) =>
      w.h.request('/api/auth/logout', { method: 'POST', headers: { Cookie: `gg_session=${sessionId}`, ...headers } });
    const { sessionId } = await browserLogin(w, w.demo.users.manager.id);
    for (const headers of [{}, { Origin: 'https://evil.example' }, { Origin: 'null' }] as Record<string, string>[]) {
      const refused = await logout(sessionId, headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'CSRF_REJECTED' });
    }
    expect((await w.h.request('/api/me', withCookie(sessionId))).status).toBe(200); // still logged in
    expect((await logout(sessionId, { Origin: 'https://dash.example' })).status).toBe(200);
    const second = await browserLogin(w, w.demo.users.manager.id);
    expect((await logout(second.sessionId, { Origin: ORIGIN })).status).toBe(200);
    // The Authorization header needs no Origin: a browser never adds it by itself.
    const third = await browserLogin(w, w.demo.users.manager.id);
    expect((await w.h.request('/api/auth/logout', { method: 'POST', headers: { Authorization: third.sessionId } })).status).toBe(200);
  });

  it('sends credentialed CORS only to a named origin, never with *', async () => {
    const named = world({ CORS_ORIGINS: 'https://dash.example' });
    const answer = await named.h.request('/healthz', { headers: { Origin: 'https://dash.example' } });
    expect(answer.headers.get('Access-Control-Allow-Origin')).toBe('https://dash.example');
    expect(answer.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    const any = world();
    const wildcard = await any.h.request('/healthz', { headers: { Origin: 'https://dash.example' } });
    expect(wildcard.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(wildcard.headers.get('Access-Control-Allow-Credentials')).toBeNull();
  });
});

describe('Login with Discord: configuration', () => {
  it('says whether it is on at /api/oauth/status, without starting a login or calling Discord', async () => {
    const on = world();
    const upstreamBefore = on.fake.calls.length;
    const answer = await on.h.request('/api/oauth/status');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('Set-Cookie')).toBeNull();
    expect(await answer.json()).toEqual({ enabled: true });
    expect(on.fake.calls.length).toBe(upstreamBefore);
    expect(await (await new Harness().request('/api/oauth/status')).json()).toEqual({ enabled: false });
  });

  it('answers 404 OAUTH_NOT_CONFIGURED on every other /api/oauth/* route when it is off', async () => {
    const h = new Harness();
    const calls = [
      h.request('/api/oauth/login?returnTo=https://evil.example'),
      h.request('/api/oauth/callback?code=abc&state=def'),
      h.request('/api/oauth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"nope":1}' }),
    ];
    for (const response of await Promise.all(calls)) {
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'OAUTH_NOT_CONFIGURED' });
    }
  });

  it('refuses a partial configuration, naming the missing keys and no secret', () => {
    const secret = 'partial-config-client-secret-0123456789';
    registerSecret(secret);
    let error: unknown;
    try {
      parseConfig({ DISCORD_CLIENT_SECRET: secret, DISCORD_CLIENT_ID: '123456789012345678' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('DISCORD_BOT_TOKEN');
    expect(message).toContain('OAUTH_REDIRECT_URI');
    expect(message).toMatch(/: DISCORD_BOT_TOKEN, OAUTH_REDIRECT_URI missing: Login with Discord needs all of/);
    expect(message).not.toContain(secret);
  });

  it('takes the Part 2 defaults', () => {
    const config = parseConfig({
      DISCORD_CLIENT_ID: '123456789012345678', DISCORD_CLIENT_SECRET: 's', DISCORD_BOT_TOKEN: 't', OAUTH_REDIRECT_URI: 'http://localhost:3000/api/oauth/callback',
    });
    expect(config.oauth).toMatchObject({
      successUrl: '/console/', scopes: 'identify guilds', authorizeUrl: 'https://discord.com/oauth2/authorize', invitePermissions: '0', userGuildsTtl: 60,
    });
  });
});

describe('Login with Discord: secrets', () => {
  it('never puts a token, code, verifier, client secret or session id in a response or a log line', async () => {
    const w = world();
    const { sessionId } = await browserLogin(w, w.demo.users.owner.id);
    await w.h.request('/api/me/guilds', withCookie(sessionId));
    await w.h.request('/api/auth/session', withCookie(sessionId));
    const { grant } = await rememberGrant(w, sessionId);
    const logs = w.h.logs.join('\n');
    for (const secret of [grant.accessToken, grant.refreshToken, w.demo.oauth.clientSecret, w.demo.bot.token, sessionId]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).toContain('session.created');
    // The secret guard (after this file) checks every recorded answer and log line as well.
    await recordResponse('logs', new Response(logs));
  });
});
