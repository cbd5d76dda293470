import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { APIGuildMember, APIMessage, APIRole } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, createFakeDiscord, seedDemo, Permission, type FakeDiscord, type FakeDiscordOptions } from '../fake-discord/index.js';

const REDIRECT = 'https://dash.example/api/oauth/callback';

function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function setup(options: FakeDiscordOptions = {}) {
  const fake = createFakeDiscord(options);
  const demo = seedDemo(fake);
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fake.fetch(new Request(`http://discord.test/api/v10${path}`, {
      method,
      headers: { Authorization: `Bot ${demo.bot.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }));
  const basic = `Basic ${btoa(`${demo.oauth.clientId}:${demo.oauth.clientSecret}`)}`;
  const token = (form: Record<string, string>, auth = basic) => fake.fetch(new Request('http://discord.test/api/v10/oauth2/token', {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  }));
  const bearer = (path: string, accessToken: string) =>
    fake.fetch(new Request(`http://discord.test/api/v10${path}`, { headers: { Authorization: `Bearer ${accessToken}` } }));
  return { fake, demo, call, token, bearer, basic };
}

type Env = ReturnType<typeof setup>;

async function login(env: Env, userId: string, scope = 'identify guilds') {
  const { verifier, challenge } = pkce();
  const code = env.fake.oauth.authorize({ clientId: env.demo.oauth.clientId, userId, redirectUri: REDIRECT, scope, codeChallenge: challenge });
  const response = await env.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
  expect(response.status).toBe(200);
  return (await response.json()) as { access_token: string; refresh_token: string; expires_in: number; scope: string; token_type: string };
}

describe('OAuth2: authorize page', () => {
  function authorizeUrl(env: Env, extra: Record<string, string> = {}) {
    const query = new URLSearchParams({
      response_type: 'code', client_id: env.demo.oauth.clientId, scope: 'identify guilds', redirect_uri: REDIRECT,
      state: 'st-123', code_challenge: pkce().challenge, code_challenge_method: 'S256', prompt: 'none', ...extra,
    });
    return `http://discord.test/oauth2/authorize?${query}`;
  }

  it('shows a form listing the seeded users, with Authorize and Cancel', async () => {
    const env = setup();
    const response = await env.fake.fetch(new Request(authorizeUrl(env)));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<label for="user_id">Log in as</label>');
    for (const user of Object.values(env.demo.users)) expect(html).toContain(`<option value="${user.id}">`);
    expect(html).toContain('>Authorize</button>');
    expect(html).toContain('>Cancel</button>');
    expect(html).not.toContain('<script');
  });

  it('redirects with a code and the state on Authorize, with access_denied on Cancel', async () => {
    const env = setup();
    const page = new URL(authorizeUrl(env));
    const submit = (action: string) => {
      const form = new URLSearchParams(page.searchParams);
      form.set('user_id', env.demo.users.admin.id);
      form.set('action', action);
      return env.fake.fetch(new Request('http://discord.test/oauth2/authorize', {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(),
      }));
    };
    const approved = await submit('authorize');
    expect(approved.status).toBe(302);
    const target = new URL(approved.headers.get('location') ?? '');
    expect(`${target.origin}${target.pathname}`).toBe(REDIRECT);
    expect(target.searchParams.get('state')).toBe('st-123');
    expect(target.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
    const cancelled = new URL((await submit('cancel')).headers.get('location') ?? '');
    expect(cancelled.searchParams.get('error')).toBe('access_denied');
    expect(cancelled.searchParams.get('error_description')).toBeTruthy();
    expect(cancelled.searchParams.get('state')).toBe('st-123');
    expect(cancelled.searchParams.has('code')).toBe(false);
  });

  it('answers 400 for an unknown client, a missing redirect_uri or one not registered', async () => {
    const env = setup();
    expect((await env.fake.fetch(new Request(authorizeUrl(env, { client_id: '123456789012345678' })))).status).toBe(400);
    const noRedirect = new URL(authorizeUrl(env));
    noRedirect.searchParams.delete('redirect_uri');
    expect((await env.fake.fetch(new Request(noRedirect))).status).toBe(400);
    env.fake.oauth.setRedirectUris(env.demo.oauth.clientId, ['https://other.example/cb']);
    expect((await env.fake.fetch(new Request(authorizeUrl(env)))).status).toBe(400);
    expect((await env.fake.fetch(new Request(authorizeUrl(env, { redirect_uri: 'https://other.example/cb' })))).status).toBe(200);
  });

  it('approves at once for the auto-approved user, and the code is theirs', async () => {
    const env = setup();
    env.fake.oauth.autoApprove(env.demo.users.manager.id);
    const { verifier, challenge } = pkce();
    const response = await env.fake.fetch(new Request(authorizeUrl(env, { code_challenge: challenge })));
    expect(response.status).toBe(302);
    const code = new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const tokens = (await (await env.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json()) as { access_token: string };
    const me = (await (await env.bearer('/users/@me', tokens.access_token)).json()) as { id: string };
    expect(me.id).toBe(env.demo.users.manager.id);
  });
});

describe('OAuth2: token endpoint and Bearer reads', () => {
  it('exchanges a code for tokens, then lists each user\'s guilds with their computed permissions', async () => {
    const env = setup();
    const { demo } = env;
    const all = ALL_PERMISSIONS.toString();
    const guildsOf = async (userId: string) => {
      const tokens = await login(env, userId);
      expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 604_800, scope: 'identify guilds' });
      const response = await env.bearer('/users/@me/guilds', tokens.access_token);
      expect(response.status).toBe(200);
      return (await response.json()) as { id: string; owner: boolean; permissions: string }[];
    };
    expect(await guildsOf(demo.users.owner.id)).toEqual([
      expect.objectContaining({ id: demo.guilds.large, owner: true, permissions: all }),
      expect.objectContaining({ id: demo.botlessGuildId, owner: true, permissions: all }),
    ]);
    const everyone = 1071698660929n;
    const manager = await guildsOf(demo.users.manager.id);
    expect(manager.map((g) => [g.id, g.owner, g.permissions])).toEqual([
      [demo.guilds.large, false, (everyone | Permission.MANAGE_GUILD).toString()],
      [demo.botlessGuildId, false, (everyone | Permission.MANAGE_GUILD).toString()],
    ]);
    const admin = await guildsOf(demo.users.admin.id);
    expect(admin.map((g) => [g.id, g.permissions])).toEqual([[demo.guilds.large, all], [demo.botlessGuildId, all]]);
    expect((await guildsOf(demo.users.nobody.id)).map((g) => [g.id, g.permissions])).toEqual([[demo.guilds.large, everyone.toString()]]);
    expect(env.fake.callsTo('/oauth2/token').length).toBe(4);
  });

  it('answers /users/@me with the user\'s PII shape for a Bearer token', async () => {
    const env = setup();
    const tokens = await login(env, env.demo.users.admin.id, 'identify guilds email');
    const me = (await (await env.bearer('/users/@me', tokens.access_token)).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ id: env.demo.users.admin.id, username: 'ada.admin', discriminator: '0', avatar: null, mfa_enabled: false, locale: 'en-US', verified: true });
    expect(me).toHaveProperty('global_name');
    expect(me).not.toHaveProperty('bot');
  });

  it('refuses a wrong PKCE verifier, a reused code, a redirect_uri mismatch and a wrong secret', async () => {
    const env = setup();
    const { challenge } = pkce();
    const authorize = () => env.fake.oauth.authorize({ clientId: env.demo.oauth.clientId, userId: env.demo.users.owner.id, redirectUri: REDIRECT, scope: 'identify', codeChallenge: challenge });
    const wrong = await env.token({ grant_type: 'authorization_code', code: authorize(), redirect_uri: REDIRECT, code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('code_verifier') });
    const mismatch = await env.token({ grant_type: 'authorization_code', code: authorize(), redirect_uri: 'https://dash.example/other', code_verifier: 'x' });
    expect(await mismatch.json()).toMatchObject({ error: 'invalid_grant' });

    const { verifier, challenge: good } = pkce();
    const code = env.fake.oauth.authorize({ clientId: env.demo.oauth.clientId, userId: env.demo.users.owner.id, redirectUri: REDIRECT, scope: 'identify', codeChallenge: good });
    const badSecret = await env.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
      `Basic ${btoa(`${env.demo.oauth.clientId}:nope`)}`);
    expect(badSecret.status).toBe(401);
    expect(await badSecret.json()).toEqual({ error: 'invalid_client' });
    // Client credentials in the form work too.
    const inForm = await env.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier,
      client_id: env.demo.oauth.clientId, client_secret: env.demo.oauth.clientSecret }, '');
    expect(inForm.status).toBe(200);
    const reused = await env.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('expires codes after 10 minutes and access tokens after expires_in, on the fake\'s clock', async () => {
    const clock = manualClock();
    const env = setup({ now: clock.now, oauthAccessTokenTtlSeconds: 3600 });
    const tokens = await login(env, env.demo.users.owner.id);
    expect(tokens.expires_in).toBe(3600);
    expect((await env.bearer('/users/@me', tokens.access_token)).status).toBe(200);
    clock.advance(3600_000);
    const expired = await env.bearer('/users/@me', tokens.access_token);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ message: '401: Unauthorized', code: 0 });
    const code = env.fake.oauth.authorize({ clientId: env.demo.oauth.clientId, userId: env.demo.users.owner.id, redirectUri: REDIRECT, scope: 'identify' });
    clock.advance(10 * 60_000);
    expect(await (await env.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('rotates refresh tokens: each works once, and the old access token stops working', async () => {
    const env = setup();
    const first = await login(env, env.demo.users.manager.id);
    const refreshed = await env.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as { access_token: string; refresh_token: string };
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await env.bearer('/users/@me/guilds', second.access_token)).status).toBe(200);
    expect((await env.bearer('/users/@me/guilds', first.access_token)).status).toBe(401);
    const reuse = await env.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('revokes a grant: the access token answers 401 and the refresh token is invalid_grant', async () => {
    const env = setup();
    const tokens = await login(env, env.demo.users.admin.id);
    expect(env.fake.oauth.isRevoked(tokens.access_token)).toBe(false);
    const revoke = await env.fake.fetch(new Request('http://discord.test/api/v10/oauth2/token/revoke', {
      method: 'POST', headers: { Authorization: env.basic, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token, token_type_hint: 'access_token' }).toString(),
    }));
    expect(revoke.status).toBe(200);
    expect(await revoke.json()).toEqual({});
    expect(env.fake.oauth.isRevoked(tokens.access_token)).toBe(true);
    expect((await env.bearer('/users/@me', tokens.access_token)).status).toBe(401);
    expect(await (await env.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json()).toMatchObject({ error: 'invalid_grant' });
    expect(env.fake.callsTo('/oauth2/token/revoke')[0]?.body).toEqual({ token: tokens.access_token, token_type_hint: 'access_token' });
  });

  it('refuses a Bearer token on bot routes and without the needed scope; bot tokens still work', async () => {
    const env = setup();
    const tokens = await login(env, env.demo.users.owner.id, 'identify');
    expect((await env.bearer('/users/@me', tokens.access_token)).status).toBe(200);
    expect((await env.bearer('/users/@me/guilds', tokens.access_token)).status).toBe(401);
    expect((await env.bearer(`/guilds/${env.demo.guildId}`, tokens.access_token)).status).toBe(401);
    expect(await (await env.call('GET', '/users/@me')).json()).toMatchObject({ id: env.demo.bot.user.id, bot: true });
  });
});

describe('writes: messages', () => {
  it('creates a message that shows first in later reads, and records the body and audit reason', async () => {
    const env = setup();
    const created = await env.call('POST', `/channels/${env.demo.channelId}/messages`, { content: 'hello', allowed_mentions: { parse: [] } },
      { 'X-Audit-Log-Reason': 'because%20tests' });
    expect(created.status).toBe(200);
    const message = (await created.json()) as APIMessage;
    expect(message).toMatchObject({ content: 'hello', channel_id: env.demo.channelId, author: { id: env.demo.bot.user.id } });
    const [newest] = (await (await env.call('GET', `/channels/${env.demo.channelId}/messages?limit=1`)).json()) as APIMessage[];
    expect(newest?.id).toBe(message.id);
    const recorded = env.fake.callsTo(`/channels/${env.demo.channelId}/messages`).find((c) => c.method === 'POST');
    expect(recorded).toMatchObject({ status: 200, auditLogReason: 'because%20tests', body: { content: 'hello', allowed_mentions: { parse: [] } } });
  });

  it('answers 50006 for an empty message and 50035 with Discord\'s errors tree for a long one', async () => {
    const env = setup();
    const path = `/channels/${env.demo.channelId}/messages`;
    const empty = await env.call('POST', path, { content: '' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ message: 'Cannot send an empty message', code: 50006 });
    const long = await env.call('POST', path, { content: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({
      message: 'Invalid Form Body', code: 50035,
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } },
    });
    const embed = await env.call('POST', path, { embeds: [{ title: 't'.repeat(257) }] });
    expect(await embed.json()).toMatchObject({ code: 50035, errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } });
  });

  it('edits only the bot\'s own messages (50005) and deletes others\' only with MANAGE_MESSAGES', async () => {
    const env = setup();
    const { fake, demo, call } = env;
    const channel = demo.channelId;
    const own = (await (await call('POST', `/channels/${channel}/messages`, { content: 'v1' })).json()) as APIMessage;
    const edited = await call('PATCH', `/channels/${channel}/messages/${own.id}`, { content: 'v2' });
    expect(await edited.json()).toMatchObject({ id: own.id, content: 'v2', edited_timestamp: expect.any(String) });
    const [others] = (await (await call('GET', `/channels/${channel}/messages?limit=2`)).json() as APIMessage[]).filter((m) => m.id !== own.id);
    const refused = await call('PATCH', `/channels/${channel}/messages/${others?.id}`, { content: 'mine now' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ message: 'Cannot edit a message authored by another user', code: 50005 });

    fake.updateRole(demo.guildId, demo.botRoleId, { permissions: (BigInt(fake.botRole(demo.guildId, demo.bot.user.id).permissions) & ~Permission.MANAGE_MESSAGES).toString() });
    const noRight = await call('DELETE', `/channels/${channel}/messages/${others?.id}`);
    expect(noRight.status).toBe(403);
    expect(await noRight.json()).toEqual({ message: 'Missing Permissions', code: 50013 });
    expect((await call('DELETE', `/channels/${channel}/messages/${own.id}`)).status).toBe(204);
    const gone = await call('DELETE', `/channels/${channel}/messages/${own.id}`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ message: 'Unknown Message', code: 10008 });
    expect((await call('GET', `/channels/${channel}/messages/${own.id}`)).status).toBe(404);
  });

  it('needs SEND_MESSAGES to send, and answers 50001 in a channel hidden from the bot', async () => {
    const env = setup();
    const { fake, demo, call } = env;
    expect(await (await call('POST', `/channels/${demo.hiddenChannelId}/messages`, { content: 'hi' })).json()).toEqual({ message: 'Missing Access', code: 50001 });
    const role = fake.botRole(demo.guildId, demo.bot.user.id);
    fake.updateRole(demo.guildId, role.id, { permissions: (BigInt(role.permissions) & ~Permission.SEND_MESSAGES).toString() });
    fake.updateRole(demo.guildId, demo.guildId, { permissions: '0' });
    const refused = await call('POST', `/channels/${demo.channelId}/messages`, { content: 'hi' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ message: 'Missing Permissions', code: 50013 });
  });

  it('limits sending to 5 per 5 s per channel, with the bucket headers', async () => {
    const clock = manualClock();
    const env = setup({ now: clock.now });
    const send = (channel: string) => env.call('POST', `/channels/${channel}/messages`, { content: 'spam' });
    const answers = [];
    for (let i = 0; i < 6; i += 1) answers.push(await send(env.demo.channelId));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    const first = answers[0]?.headers;
    expect(first?.get('X-RateLimit-Limit')).toBe('5');
    expect(first?.get('X-RateLimit-Remaining')).toBe('4');
    expect(first?.get('X-RateLimit-Reset-After')).toBe('5.000');
    expect(first?.get('X-RateLimit-Bucket')).toMatch(/^[0-9a-f]{32}$/);
    const limited = answers[5];
    expect(await limited?.json()).toMatchObject({ retry_after: 5, global: false });
    expect(limited?.headers.get('X-RateLimit-Bucket')).toBe(first?.get('X-RateLimit-Bucket'));
    // Another channel has its own bucket; reads are not in this one; the window reopens.
    expect((await send(env.demo.channels.announcements)).status).toBe(200);
    expect((await env.call('GET', `/channels/${env.demo.channelId}/messages`)).status).toBe(200);
    clock.advance(5_000);
    expect((await send(env.demo.channelId)).status).toBe(200);
  });

  it('can create the message and then drop the connection (afterEffect), or drop before it', async () => {
    const env = setup();
    const path = `/channels/${env.demo.channelId}/messages`;
    const count = () => env.fake.callsTo(path).length;
    const newest = async () => ((await (await env.call('GET', `${path}?limit=1`)).json()) as APIMessage[])[0]?.content;
    env.fake.injectFault({ kind: 'drop', method: 'POST', route: /\/messages$/, times: 1 });
    await expect(env.call('POST', path, { content: 'lost before' })).rejects.toMatchObject({ message: 'fetch failed' });
    expect(await newest()).not.toBe('lost before');
    env.fake.injectFault({ kind: 'drop', method: 'POST', route: /\/messages$/, times: 1, afterEffect: true });
    await expect(env.call('POST', path, { content: 'written, then lost' })).rejects.toMatchObject({ message: 'fetch failed' });
    expect(await newest()).toBe('written, then lost');
    expect(count()).toBe(4);
  });

  it('can do the write and answer a 5xx anyway (afterEffect status)', async () => {
    const env = setup();
    const path = `/channels/${env.demo.channelId}/messages`;
    env.fake.injectFault({ kind: 'status', status: 502, method: 'POST', times: 1, afterEffect: true });
    const answer = await env.call('POST', path, { content: 'did it land?' });
    expect(answer.status).toBe(502);
    expect(answer.headers.get('content-type')).toContain('application/json');
    const [newest] = (await (await env.call('GET', `${path}?limit=1`)).json()) as APIMessage[];
    expect(newest?.content).toBe('did it land?');
  });

  it('answers 50035 with a chosen errors tree to a write it would accept, when asked', async () => {
    const env = setup();
    const errors = { content: { _errors: [{ code: 'CONTENT_BLOCKED', message: 'Blocked by AutoMod' }] } };
    env.fake.injectFault({ kind: 'invalidFormBody', errors, method: 'POST', times: 1 });
    const refused = await env.call('POST', `/channels/${env.demo.channelId}/messages`, { content: 'fine' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ message: 'Invalid Form Body', code: 50035, errors });
    expect((await env.call('POST', `/channels/${env.demo.channelId}/messages`, { content: 'fine' })).status).toBe(200);
  });
});

describe('writes: channels, roles and members', () => {
  it('modifies a channel with MANAGE_CHANNELS, and checks the name', async () => {
    const env = setup();
    const { fake, demo, call } = env;
    const renamed = await call('PATCH', `/channels/${demo.channelId}`, { name: 'lobby', topic: 'Say hi' });
    expect(await renamed.json()).toMatchObject({ id: demo.channelId, name: 'lobby', topic: 'Say hi' });
    expect(await (await call('GET', `/channels/${demo.channelId}`)).json()).toMatchObject({ name: 'lobby' });
    const empty = await call('PATCH', `/channels/${demo.channelId}`, { name: '' });
    expect(await empty.json()).toMatchObject({ code: 50035, errors: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } });
    const role = fake.botRole(demo.guildId, demo.bot.user.id);
    fake.updateRole(demo.guildId, role.id, { permissions: (BigInt(role.permissions) & ~Permission.MANAGE_CHANNELS).toString() });
    expect(await (await call('PATCH', `/channels/${demo.channelId}`, { name: 'x' })).json()).toEqual({ message: 'Missing Permissions', code: 50013 });
  });

  it('creates roles at the bottom, modifies and deletes roles below the bot, refuses those at or above it', async () => {
    const env = setup();
    const { fake, demo, call } = env;
    const [moderator, member] = demo.roleIds;
    const botRole = fake.botRole(demo.guildId, demo.bot.user.id);
    const created = (await (await call('POST', `/guilds/${demo.guildId}/roles`, { name: 'Helpers', color: 0x00ff00, hoist: true })).json()) as APIRole;
    expect(created).toMatchObject({ name: 'Helpers', color: 0x00ff00, hoist: true, position: 1, managed: false });
    expect((await (await call('PATCH', `/guilds/${demo.guildId}/roles/${member}`, { name: 'Members' })).json() as APIRole).name).toBe('Members');
    const above = await call('PATCH', `/guilds/${demo.guildId}/roles/${moderator}`, { name: 'Mods' });
    expect(above.status).toBe(403);
    expect(await above.json()).toEqual({ message: 'Missing Permissions', code: 50013 });
    expect((await call('PATCH', `/guilds/${demo.guildId}/roles/${botRole.id}`, { name: 'me' })).status).toBe(403);
    // Same position: the lower id counts as the higher role.
    const tied = fake.addRole(demo.guildId, { name: 'Tied' });
    fake.updateRole(demo.guildId, tied.id, { position: botRole.position });
    expect((await call('PATCH', `/guilds/${demo.guildId}/roles/${tied.id}`, { name: 'Tied 2' })).status).toBe(200);
    const older = fake.botRole(demo.guildId, demo.bot.user.id);
    expect(BigInt(older.id) < BigInt(tied.id)).toBe(true);
    const tooLong = await call('POST', `/guilds/${demo.guildId}/roles`, { name: 'r'.repeat(101) });
    expect(await tooLong.json()).toEqual({
      message: 'Invalid Form Body', code: 50035, errors: { name: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' }] } },
    });
    const grantsAdmin = await call('POST', `/guilds/${demo.guildId}/roles`, { permissions: Permission.ADMINISTRATOR.toString() });
    expect(grantsAdmin.status).toBe(403);
    expect((await call('DELETE', `/guilds/${demo.guildId}/roles/${created.id}`, undefined, { 'X-Audit-Log-Reason': 'cleanup' })).status).toBe(204);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'DELETE', auditLogReason: 'cleanup', status: 204 });
    expect((await call('DELETE', `/guilds/${demo.guildId}/roles/${moderator}`)).status).toBe(403);
    const roles = (await (await call('GET', `/guilds/${demo.guildId}/roles`)).json()) as APIRole[];
    expect(roles.map((r) => r.id)).not.toContain(created.id);
  });

  it('adds and removes member roles within the hierarchy, never managed ones', async () => {
    const env = setup();
    const { fake, demo, call } = env;
    const [moderator, member] = demo.roleIds;
    const user = demo.users.nobody.id;
    const path = (role: string | undefined) => `/guilds/${demo.guildId}/members/${user}/roles/${role}`;
    expect((await call('PUT', path(member))).status).toBe(204);
    expect(((await (await call('GET', `/guilds/${demo.guildId}/members/${user}`)).json()) as APIGuildMember).roles).toEqual([member]);
    expect(await (await call('PUT', path(moderator))).json()).toEqual({ message: 'Missing Permissions', code: 50013 });
    const managed = fake.addRole(demo.guildId, { name: 'Booster', position: 1, managed: true });
    expect((await call('PUT', path(managed.id))).status).toBe(403);
    expect((await call('DELETE', path(member))).status).toBe(204);
    expect(((await (await call('GET', `/guilds/${demo.guildId}/members/${user}`)).json()) as APIGuildMember).roles).toEqual([]);
    expect(await (await call('PUT', `/guilds/${demo.guildId}/members/123456789012345678/roles/${member}`)).json()).toMatchObject({ code: 10007 });
    expect(await (await call('PUT', path('123456789012345678'))).json()).toMatchObject({ code: 10011 });
    const role = fake.botRole(demo.guildId, demo.bot.user.id);
    fake.updateRole(demo.guildId, role.id, { permissions: (BigInt(role.permissions) & ~Permission.MANAGE_ROLES).toString() });
    expect((await call('PUT', path(member))).status).toBe(403);
  });

  it('modifies a member: nick, roles and timeout, with form errors and hierarchy', async () => {
    const clock = manualClock();
    const env = setup({ now: clock.now });
    const { demo, call } = env;
    const [, member] = demo.roleIds;
    const path = (user: string) => `/guilds/${demo.guildId}/members/${user}`;
    const until = new Date(clock.now() + 60_000).toISOString();
    const changed = await call('PATCH', path(demo.users.nobody.id), { nick: 'Nora', roles: [member], communication_disabled_until: until });
    expect(await changed.json()).toMatchObject({ nick: 'Nora', roles: [member], communication_disabled_until: until });
    const long = await call('PATCH', path(demo.users.nobody.id), { nick: 'n'.repeat(33) });
    expect(await long.json()).toMatchObject({ code: 50035, errors: { nick: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
    const far = await call('PATCH', path(demo.users.nobody.id), { communication_disabled_until: new Date(clock.now() + 29 * 86_400_000).toISOString() });
    expect(await far.json()).toMatchObject({ code: 50035, errors: { communication_disabled_until: expect.anything() } });
    // The admin's role sits above the bot's: no nickname, no timeout.
    expect((await call('PATCH', path(demo.users.admin.id), { nick: 'Boss' })).status).toBe(403);
    expect((await call('PATCH', path(demo.users.admin.id), { communication_disabled_until: until })).status).toBe(403);
    expect((await call('PATCH', path('123456789012345678'), { nick: 'x' })).status).toBe(404);
  });
});

describe('member search', () => {
  it('matches username or nick prefixes, case-insensitively, default limit 1, max 1000', async () => {
    const env = setup();
    const { demo, call } = env;
    await call('PATCH', `/guilds/${demo.guildId}/members/${demo.users.admin.id}`, {});
    await call('PATCH', `/guilds/${demo.guildId}/members/${demo.users.nobody.id}`, { nick: 'Zed' });
    const search = async (query: string) => {
      const response = await call('GET', `/guilds/${demo.guildId}/members/search?${query}`);
      return response.status === 200 ? ((await response.json()) as APIGuildMember[]).map((m) => m.user.id) : response.status;
    };
    expect(await search('query=ADA.ADM&limit=10')).toEqual([demo.users.admin.id]);
    expect(await search('query=zE&limit=10')).toEqual([demo.users.nobody.id]);
    expect(await search('query=nora')).toEqual([demo.users.nobody.id]);
    expect((await search('query=a')) as string[]).toHaveLength(1);
    expect(((await search('query=a&limit=1000')) as string[]).length).toBeGreaterThan(100);
    expect(await search('query=a&limit=1001')).toBe(400);
    expect(await search('limit=5')).toBe(400);
    const noIntent = await env.fake.fetch(new Request(`http://d.test/api/v10/guilds/${demo.guilds.other}/members/search?query=a`, {
      headers: { Authorization: `Bot ${demo.otherBot.token}` },
    }));
    expect(noIntent.status).toBe(403);
  });
});

describe('Webhook Events signer', () => {
  async function verify(publicKeyHex: string, signatureHex: string, message: string): Promise<boolean> {
    const key = await crypto.subtle.importKey('raw', Buffer.from(publicKeyHex, 'hex'), { name: 'Ed25519' }, false, ['verify']);
    return crypto.subtle.verify({ name: 'Ed25519' }, key, Buffer.from(signatureHex, 'hex'), new TextEncoder().encode(message));
  }

  function receiver(fake: FakeDiscord) {
    const received: { headers: Headers; body: string }[] = [];
    const fetch = async (request: Request) => {
      received.push({ headers: request.headers, body: await request.text() });
      return new Response(null, { status: 204 });
    };
    return { received, fetch, publicKey: () => fake.webhookEvents.publicKeyHex() };
  }

  it('signs timestamp + body with a key whose raw public key is published in hex', async () => {
    const { fake } = setup();
    const publicKey = await fake.webhookEvents.publicKeyHex();
    expect(publicKey).toMatch(/^[0-9a-f]{64}$/);
    const signature = await fake.webhookEvents.sign('1700000000', '{"type":0}');
    expect(signature).toMatch(/^[0-9a-f]{128}$/);
    expect(await verify(publicKey, signature, '1700000000{"type":0}')).toBe(true);
    expect(await verify(publicKey, signature, '1700000001{"type":0}')).toBe(false);
  });

  it('delivers signed events that verify, and tampered ones that do not', async () => {
    const { fake, demo } = setup();
    const sink = receiver(fake);
    const event = fake.webhookEvents.ping(demo.bot.user.id);
    expect(event).toEqual({ version: 1, application_id: demo.bot.user.id, type: 0 });
    const check = async (tamper?: 'body' | 'signature' | 'missing' | 'wrongKey') => {
      const response = await fake.webhookEvents.deliver('https://gg.example/api/discord/webhook-events', event, { fetch: sink.fetch, ...(tamper ? { tamper } : {}) });
      expect(response.status).toBe(204);
      const sent = sink.received.at(-1);
      const signature = sent?.headers.get('x-signature-ed25519');
      const timestamp = sent?.headers.get('x-signature-timestamp');
      if (!signature || !timestamp) return 'missing';
      return verify(await sink.publicKey(), signature, timestamp + (sent?.body ?? ''));
    };
    expect(await check()).toBe(true);
    expect(JSON.parse(sink.received.at(-1)?.body ?? '{}')).toEqual(event);
    expect(await check('body')).toBe(false);
    expect(await check('signature')).toBe(false);
    expect(await check('wrongKey')).toBe(false);
    expect(await check('missing')).toBe('missing');
  });

  it('builds APPLICATION_AUTHORIZED (the bot joins the guild) and APPLICATION_DEAUTHORIZED', async () => {
    const { fake, demo, call } = setup();
    const authorized = fake.webhookEvents.applicationAuthorized(demo.bot.user.id, demo.botlessGuildId, demo.users.owner.id);
    expect(authorized).toMatchObject({
      version: 1, application_id: demo.bot.user.id, type: 1,
      event: {
        type: 'APPLICATION_AUTHORIZED', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        data: { integration_type: 0, scopes: ['applications.commands', 'bot'], user: { id: demo.users.owner.id }, guild: { id: demo.botlessGuildId, name: 'Side Project' } },
      },
    });
    const guilds = (await (await call('GET', '/users/@me/guilds')).json()) as { id: string }[];
    expect(guilds.map((g) => g.id)).toContain(demo.botlessGuildId);
    expect(fake.webhookEvents.applicationDeauthorized(demo.bot.user.id, demo.users.nobody.id)).toMatchObject({
      type: 1, event: { type: 'APPLICATION_DEAUTHORIZED', data: { user: { id: demo.users.nobody.id, username: 'nora.nobody' } } },
    });
  });
});

describe('demo data for Part 2', () => {
  it('exposes the OAuth client, the users to log in as, and keeps 2,500 members in the large guild', async () => {
    const { fake, demo, call } = setup();
    expect(demo.oauth).toEqual({ clientId: demo.bot.user.id, clientSecret: demo.bot.clientSecret });
    expect(fake.oauthApp(demo.bot.user.id).clientSecret).toBe(demo.oauth.clientSecret);
    expect(Object.values(demo.users).map((u) => u.username)).toEqual(['olivia.owner', 'manny.manager', 'ada.admin', 'nora.nobody']);
    const guild = (await (await call('GET', `/guilds/${demo.guildId}?with_counts=true`)).json()) as { owner_id: string; approximate_member_count: number };
    expect(guild).toMatchObject({ owner_id: demo.users.owner.id, approximate_member_count: 2_500 });
  });
});

describe('standalone server', () => {
  it('prints the OAuth client, the authorize URL, the users and the webhook public key', async () => {
    const script = fileURLToPath(new URL('../fake-discord/server.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const info = JSON.parse(line) as {
        url: string; webhookPublicKey: string;
        oauth: { clientId: string; clientSecret: string; authorizeUrl: string; tokenUrl: string; users: Record<string, { id: string; username: string }> };
      };
      expect(info.webhookPublicKey).toMatch(/^[0-9a-f]{64}$/);
      expect(info.oauth.authorizeUrl).toBe(`${info.url.replace(/\/api$/, '')}/oauth2/authorize`);
      expect(Object.keys(info.oauth.users)).toEqual(['owner', 'manager', 'admin', 'nobody']);
      const query = new URLSearchParams({ response_type: 'code', client_id: info.oauth.clientId, scope: 'identify guilds', redirect_uri: REDIRECT });
      const page = await fetch(`${info.oauth.authorizeUrl}?${query}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(info.oauth.users.manager?.username ?? 'missing');
      const tokenCall = await fetch(info.oauth.tokenUrl, {
        method: 'POST', headers: { Authorization: `Basic ${btoa(`${info.oauth.clientId}:${info.oauth.clientSecret}`)}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=authorization_code&code=nope&redirect_uri=x',
      });
      expect(await tokenCall.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      child.kill('SIGTERM');
    }
  }, 10_000);
});
