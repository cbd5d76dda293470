import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REST } from '@discordjs/rest';
import { Routes, type APIGuildMember, type APIMessage } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  createFakeDiscord,
  seedDemo,
  startFakeDiscordServer,
  type FakeBot,
  type FakeDiscord,
  type FakeDiscordOptions,
} from '../fake-discord/index.js';

interface DiscordErrorJson { message: string; code: number; errors?: unknown }

/** A fake with one bot in one guild, and a GET helper that sends that bot's token. */
function setup(options: FakeDiscordOptions = {}) {
  const fake = createFakeDiscord(options);
  const bot = fake.addBot();
  const guild = fake.addGuild({ name: 'Test Guild', botIds: [bot.user.id] });
  const get = (path: string, as: FakeBot | string = bot, signal?: AbortSignal) =>
    fake.fetch(new Request(`http://discord.test/api/v10${path}`, {
      headers: { Authorization: typeof as === 'string' ? as : `Bot ${as.token}` },
      ...(signal ? { signal } : {}),
    }));
  return { fake, bot, guild, get };
}

async function errorOf(response: Response): Promise<DiscordErrorJson> {
  return (await response.json()) as DiscordErrorJson;
}

function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

describe('authentication', () => {
  it('answers 401 code 0 without a Bot authorization, for an unknown token and for a Bearer one', async () => {
    const { fake, bot, get } = setup();
    const stranger = createFakeDiscord().addBot();
    for (const response of [
      await fake.fetch(new Request('http://discord.test/api/v10/users/@me')),
      await get('/users/@me', stranger),
      await get('/users/@me', `Bearer ${bot.token}`),
      await get('/users/@me', bot.token),
    ]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: '401: Unauthorized', code: 0 });
    }
  });

  it('mints tokens shaped like real bot tokens', () => {
    const { bot } = setup();
    const [idPart, middle, last] = bot.token.split('.');
    expect(Buffer.from(idPart ?? '', 'base64url').toString()).toBe(bot.user.id);
    expect(middle).toMatch(/^[\w-]{6,}$/);
    expect(last).toMatch(/^[\w-]{27,}$/);
    expect(bot.user.id).toMatch(/^\d{18,19}$/);
  });

  it('answers 401 for a token once it is revoked', async () => {
    const { fake, bot, get } = setup();
    expect((await get('/users/@me')).status).toBe(200);
    fake.revokeToken(bot.token);
    const response = await get('/users/@me');
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toEqual({ message: '401: Unauthorized', code: 0 });
  });

  it('serves the unversioned /api prefix and any origin, and records paths without the prefix', async () => {
    const { fake, bot } = setup();
    const response = await fake.fetch(new Request('https://elsewhere.example/api/users/@me?x=1', {
      headers: { Authorization: `Bot ${bot.token}` },
    }));
    expect(response.status).toBe(200);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: '/users/@me', query: 'x=1', token: bot.token, status: 200 });
  });
});

describe('users and guilds', () => {
  it('answers /users/@me with the bot user, also when the @ is percent-encoded', async () => {
    const { fake, bot, get } = setup();
    expect(await (await get('/users/@me')).json()).toEqual({ ...bot.user, bot: true });
    expect((await get('/users/%40me/guilds')).status).toBe(200);
    expect(fake.callsTo('/users/@me/guilds').length).toBe(1);
  });

  it('pages /users/@me/guilds by before and after, listing only the bot\'s guilds', async () => {
    const { fake, bot, guild, get } = setup();
    const more = [1, 2, 3].map((n) => fake.addGuild({ name: `G${n}`, botIds: [bot.user.id] }).id);
    fake.addGuild({ name: 'not mine' });
    const all = (await (await get('/users/@me/guilds')).json()) as { id: string; permissions: string; owner: boolean }[];
    expect(all.map((g) => g.id)).toEqual([guild.id, ...more]);
    expect(all[0]).toMatchObject({ owner: false, permissions: expect.stringMatching(/^\d+$/) });
    const after = (await (await get(`/users/@me/guilds?after=${guild.id}&limit=2`)).json()) as { id: string }[];
    expect(after.map((g) => g.id)).toEqual(more.slice(0, 2));
    const before = (await (await get(`/users/@me/guilds?before=${more[2]}&limit=1`)).json()) as { id: string }[];
    expect(before.map((g) => g.id)).toEqual([more[1]]);
    expect((await get('/users/@me/guilds?limit=201')).status).toBe(400);
  });

  it('answers 404 10004 for an unknown guild and 403 50001 for a guild the bot is not in', async () => {
    const { fake, get } = setup();
    const unknown = await get('/guilds/123456789012345678');
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toEqual({ message: 'Unknown Guild', code: 10004 });
    const foreign = fake.addGuild();
    for (const path of ['', '/channels', '/roles', '/members']) {
      const response = await get(`/guilds/${foreign.id}${path}`);
      expect(response.status).toBe(403);
      expect(await errorOf(response)).toEqual({ message: 'Missing Access', code: 50001 });
    }
  });

  it('adds approximate counts with with_counts=true', async () => {
    const { fake, guild, get } = setup();
    fake.addMembers(guild.id, 10);
    const plain = (await (await get(`/guilds/${guild.id}`)).json()) as Record<string, unknown>;
    expect(plain).not.toHaveProperty('approximate_member_count');
    const counted = (await (await get(`/guilds/${guild.id}?with_counts=true`)).json()) as Record<string, unknown>;
    expect(counted).toMatchObject({ id: guild.id, approximate_member_count: 10 });
  });

  it('answers 400 50035 for a path id that is not a snowflake, and 404 code 0 for unknown routes', async () => {
    const { get } = setup();
    const bad = await get('/guilds/abc/channels');
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: 50035, errors: { guild_id: expect.anything() } });
    const missing = await get('/guilds/1/nothing-here');
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toEqual({ message: '404: Not Found', code: 0 });
  });
});

describe('members', () => {
  it('defaults to one member, caps limit at 1000 and pages ascending by user id with after', async () => {
    const { fake, guild, get } = setup();
    fake.addMembers(guild.id, 1_200);
    const path = `/guilds/${guild.id}/members`;
    expect(((await (await get(path)).json()) as unknown[]).length).toBe(1);
    for (const limit of ['0', '1001', 'x']) {
      const response = await get(`${path}?limit=${limit}`);
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({ message: 'Invalid Form Body', code: 50035, errors: { limit: expect.anything() } });
    }
    const seen: string[] = [];
    let after = '0';
    for (;;) {
      const page = (await (await get(`${path}?limit=1000&after=${after}`)).json()) as APIGuildMember[];
      if (page.length === 0) break;
      seen.push(...page.map((m) => m.user.id));
      after = page.at(-1)?.user.id ?? after;
    }
    expect(seen.length).toBe(1_200);
    expect([...seen].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))).toEqual(seen);
    expect(fake.callsTo(path).filter((c) => c.query.startsWith('limit=1000')).length).toBe(3);
  });

  it('refuses the member list without the members intent but serves one member', async () => {
    const { fake } = setup();
    const bot = fake.addBot({ membersIntent: false });
    const guild = fake.addGuild({ botIds: [bot.user.id] });
    const [member] = fake.addMembers(guild.id, 3);
    const get = (path: string) => fake.fetch(new Request(`http://d.test/api/v10${path}`, { headers: { Authorization: `Bot ${bot.token}` } }));
    const list = await get(`/guilds/${guild.id}/members?limit=10`);
    expect(list.status).toBe(403);
    expect(await errorOf(list)).toEqual({ message: 'Missing Access', code: 50001 });
    const one = await get(`/guilds/${guild.id}/members/${member?.user.id}`);
    expect(one.status).toBe(200);
    const unknown = await get(`/guilds/${guild.id}/members/123456789012345678`);
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toEqual({ message: 'Unknown Member', code: 10007 });
  });
});

describe('channels and messages', () => {
  it('answers 404 10003 for an unknown channel and 403 50001 when hidden or in a foreign guild', async () => {
    const { fake, bot, guild, get } = setup();
    const hidden = fake.addChannel(guild.id, { hiddenFrom: [bot.user.id] });
    const foreign = fake.addChannel(fake.addGuild().id);
    const unknown = await get('/channels/123456789012345678');
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toEqual({ message: 'Unknown Channel', code: 10003 });
    for (const id of [hidden.id, foreign.id]) {
      for (const path of [`/channels/${id}`, `/channels/${id}/messages`]) {
        const response = await get(path);
        expect(response.status).toBe(403);
        expect(await errorOf(response)).toEqual({ message: 'Missing Access', code: 50001 });
      }
    }
    const listed = (await (await get(`/guilds/${guild.id}/channels`)).json()) as { id: string }[];
    expect(listed.map((c) => c.id)).toContain(hidden.id);
  });

  function withMessages(count: number) {
    const env = setup();
    const channel = env.fake.addChannel(env.guild.id, { name: 'general' });
    const messages = env.fake.addMessages(channel.id, count);
    const ids = messages.map((m) => m.id);
    const page = async (query: string) =>
      ((await (await env.get(`/channels/${channel.id}/messages${query}`)).json()) as APIMessage[]).map((m) => m.id);
    return { ...env, channel, ids, page };
  }

  it('answers the newest 50 by default, newest first, and at most 100', async () => {
    const { ids, page, get, channel } = withMessages(150);
    expect(await page('')).toEqual(ids.slice(100).reverse());
    expect(await page('?limit=100')).toEqual(ids.slice(50).reverse());
    const tooMany = await get(`/channels/${channel.id}/messages?limit=101`);
    expect(tooMany.status).toBe(400);
    expect(await errorOf(tooMany)).toMatchObject({ code: 50035 });
  });

  it('pages with before, after (the ones right after, newest first) and around', async () => {
    const { ids, page } = withMessages(30);
    const id = (i: number) => ids[i] as string;
    expect(await page(`?before=${id(10)}&limit=3`)).toEqual([id(9), id(8), id(7)]);
    expect(await page(`?after=${id(10)}&limit=3`)).toEqual([id(13), id(12), id(11)]);
    expect(await page(`?around=${id(10)}&limit=5`)).toEqual([id(12), id(11), id(10), id(9), id(8)]);
    // Only one cursor is honoured: around over before over after.
    expect(await page(`?around=${id(10)}&before=${id(3)}&limit=1`)).toEqual([id(10)]);
    expect(await page(`?before=${id(3)}&after=${id(20)}&limit=2`)).toEqual([id(2), id(1)]);
  });

  it('answers one message or 404 10008', async () => {
    const { ids, get, channel } = withMessages(3);
    expect((await get(`/channels/${channel.id}/messages/${ids[1]}`)).status).toBe(200);
    const missing = await get(`/channels/${channel.id}/messages/123456789012345678`);
    expect(await errorOf(missing)).toEqual({ message: 'Unknown Message', code: 10008 });
  });
});

describe('rate limits', () => {
  it('sends X-RateLimit-* headers and a 429 with retry_after once a bucket is spent', async () => {
    const clock = manualClock();
    const { fake, guild, get } = setup({ now: clock.now });
    fake.setBucket('/guilds/:id/channels', { limit: 2, windowMs: 2_000 });
    const first = await get(`/guilds/${guild.id}/channels`);
    expect(first.headers.get('X-RateLimit-Limit')).toBe('2');
    expect(first.headers.get('X-RateLimit-Remaining')).toBe('1');
    expect(first.headers.get('X-RateLimit-Reset-After')).toBe('2.000');
    expect(Number(first.headers.get('X-RateLimit-Reset'))).toBeCloseTo((clock.now() + 2_000) / 1000, 3);
    const bucket = first.headers.get('X-RateLimit-Bucket');
    expect(bucket).toMatch(/^[0-9a-f]{32}$/);
    clock.advance(500);
    expect((await get(`/guilds/${guild.id}/channels`)).headers.get('X-RateLimit-Remaining')).toBe('0');
    const limited = await get(`/guilds/${guild.id}/channels`);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ message: 'You are being rate limited.', retry_after: 1.5, global: false, code: 0 });
    expect(limited.headers.get('Retry-After')).toBe('2');
    expect(limited.headers.get('X-RateLimit-Scope')).toBe('user');
    expect(limited.headers.get('X-RateLimit-Remaining')).toBe('0');
    expect(limited.headers.get('X-RateLimit-Bucket')).toBe(bucket);
    expect(limited.headers.get('X-RateLimit-Global')).toBeNull();
    expect(fake.stats.rateLimited).toBe(1);
    expect(fake.calls.at(-1)?.status).toBe(429);
    // Other routes and other major parameters have their own buckets; the window reopens.
    expect((await get(`/guilds/${guild.id}/roles`)).status).toBe(200);
    clock.advance(1_500);
    expect((await get(`/guilds/${guild.id}/channels`)).status).toBe(200);
  });

  it('keys buckets by major parameter and by token', async () => {
    const { fake, bot, guild, get } = setup();
    fake.setBucket(/^\/guilds\/:id\/roles$/, { limit: 2, windowMs: 60_000 });
    const second = fake.addGuild({ botIds: [bot.user.id] });
    const otherBot = fake.addBot();
    const shared = fake.addGuild({ botIds: [bot.user.id, otherBot.user.id] });
    for (let i = 0; i < 2; i += 1) await get(`/guilds/${shared.id}/roles`);
    expect((await get(`/guilds/${shared.id}/roles`)).status).toBe(429);
    expect((await get(`/guilds/${second.id}/roles`)).status).toBe(200);
    expect((await get(`/guilds/${guild.id}/roles`)).status).toBe(200);
    expect((await get(`/guilds/${shared.id}/roles`, otherBot)).status).toBe(200);
  });

  it('counts requests on arrival, before the latency', async () => {
    const { fake, get } = setup({ latencyMs: 40 });
    fake.setBucket('/users/@me', { limit: 2, windowMs: 60_000 });
    const statuses = (await Promise.all([get('/users/@me'), get('/users/@me'), get('/users/@me')])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 200, 429]);
  });

  it('answers a global 429 per token after globalLimitPerSecond requests in one second', async () => {
    const clock = manualClock();
    const { fake, guild, get } = setup({ globalLimitPerSecond: 3, now: clock.now });
    const other = fake.addBot();
    for (const path of ['/users/@me', `/guilds/${guild.id}`, `/guilds/${guild.id}/roles`]) expect((await get(path)).status).toBe(200);
    clock.advance(250);
    const limited = await get(`/guilds/${guild.id}/channels`);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ message: 'You are being rate limited.', retry_after: 0.75, global: true, code: 0 });
    expect(limited.headers.get('X-RateLimit-Global')).toBe('true');
    expect(limited.headers.get('X-RateLimit-Scope')).toBe('global');
    expect(limited.headers.get('Retry-After')).toBe('1');
    expect((await get('/users/@me', other)).status).toBe(200);
    clock.advance(750);
    expect((await get('/users/@me')).status).toBe(200);
    fake.setGlobalLimit(0);
    for (let i = 0; i < 5; i += 1) expect((await get('/users/@me')).status).toBe(200);
  });

  it('sends no bucket headers when buckets are not enforced', async () => {
    const { get } = setup({ enforceBuckets: false });
    expect((await get('/users/@me')).headers.get('X-RateLimit-Bucket')).toBeNull();
  });

  it('works as @discordjs/rest makeRequest, which waits out the buckets it learns', async () => {
    const { fake, bot, guild } = setup();
    fake.setBucket('/guilds/:id/roles', { limit: 2, windowMs: 40 });
    const rest = new REST({ api: 'http://discord.test/api', makeRequest: fake.makeRequest as never, handlerSweepInterval: 0, hashSweepInterval: 0 })
      .setToken(bot.token);
    for (let i = 0; i < 5; i += 1) await rest.get(Routes.guildRoles(guild.id));
    expect(fake.callsTo(`/guilds/${guild.id}/roles`).map((c) => c.status)).toEqual([200, 200, 200, 200, 200]);
  });
});

describe('faults and latency', () => {
  it('answers an injected status on matching routes, the given number of times', async () => {
    const { fake, guild, get } = setup();
    fake.injectFault({ kind: 'status', status: 503, times: 2, route: /\/channels$/ });
    expect((await get('/users/@me')).status).toBe(200);
    const failed = await get(`/guilds/${guild.id}/channels`);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toEqual({ message: 'Internal Server Error', code: 0 });
    expect((await get(`/guilds/${guild.id}/channels`)).status).toBe(503);
    expect((await get(`/guilds/${guild.id}/channels`)).status).toBe(200);
    fake.injectFault({ kind: 'status', status: 500 });
    expect((await get('/users/@me')).status).toBe(500);
    fake.clearFaults();
    expect((await get('/users/@me')).status).toBe(200);
  });

  it('hangs until the caller aborts', async () => {
    const { fake, bot } = setup();
    fake.injectFault({ kind: 'hang', times: 1 });
    const started = Date.now();
    const hung = fake.makeRequest('http://discord.test/api/v10/users/@me', {
      headers: { Authorization: `Bot ${bot.token}` },
      signal: AbortSignal.timeout(30),
    });
    await expect(hung).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(fake.calls.at(-1)?.status).toBe(0);
  });

  it('drops the connection like undici does', async () => {
    const { fake, get } = setup();
    fake.injectFault({ kind: 'drop', times: 1 });
    const error = await get('/users/@me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNRESET' } });
    expect((await get('/users/@me')).status).toBe(200);
  });

  it('adds latency to every answer', async () => {
    const { fake, get } = setup();
    fake.setLatency(30);
    const started = Date.now();
    expect((await get('/users/@me', 'nobody')).status).toBe(401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});

describe('fixtures against the OpenAPI document', () => {
  // Required fields extracted from shared/discord-openapi.json (see the file's _source note).
  const specPath = fileURLToPath(new URL('./fixtures/openapi-required.json', import.meta.url));

  it('fills every required field of the documented responses', async () => {
    const spec = JSON.parse(readFileSync(specPath, 'utf8')) as { schemas: Record<string, { required?: string[] }> };
    const required = (name: string) => spec.schemas[name]?.required ?? [];
    const expectShape = (body: object, schema: string) => {
      expect(required(schema).length, schema).toBeGreaterThan(0);
      expect(required(schema).filter((key) => !(key in body)), schema).toEqual([]);
    };
    const fake = createFakeDiscord();
    const demo = seedDemo(fake);
    const get = async (path: string) => (await fake.fetch(new Request(`http://d.test/api/v10${path}`, {
      headers: { Authorization: `Bot ${demo.bot.token}` },
    }))).json() as Promise<object & Record<string, unknown>>;
    expectShape(await get('/users/@me'), 'UserResponse');
    expectShape(await get(`/guilds/${demo.guildId}?with_counts=true`), 'GuildWithCountsResponse');
    for (const guild of (await get('/users/@me/guilds')) as unknown as object[]) expectShape(guild, 'MyGuildResponse');
    const channels = (await get(`/guilds/${demo.guildId}/channels`)) as unknown as { type: number }[];
    expect(new Set(channels.map((c) => c.type))).toEqual(new Set([0, 2, 4, 5, 15]));
    for (const channel of channels) expectShape(channel, 'GuildChannelResponse');
    for (const role of (await get(`/guilds/${demo.guildId}/roles`)) as unknown as object[]) expectShape(role, 'GuildRoleResponse');
    const [member] = (await get(`/guilds/${demo.guildId}/members?limit=5`)) as unknown as APIGuildMember[];
    expectShape(member ?? {}, 'GuildMemberResponse');
    expectShape(member?.user ?? {}, 'UserResponse');
    const messages = (await get(`/channels/${demo.channelId}/messages?limit=100`)) as unknown as APIMessage[];
    expect(messages.length).toBe(100);
    expectShape(messages[0] ?? {}, 'MessageResponse');
  });
});

describe('seedDemo', () => {
  it('seeds two guilds for the main bot and one for a bot without the members intent', async () => {
    const fake = createFakeDiscord();
    const demo = seedDemo(fake);
    const get = (path: string, bot: FakeBot) => fake.fetch(new Request(`http://d.test/api/v10${path}`, {
      headers: { Authorization: `Bot ${bot.token}` },
    }));
    const guilds = (await (await get('/users/@me/guilds?with_counts=true', demo.bot)).json()) as { id: string; approximate_member_count: number }[];
    expect(guilds.map((g) => g.id)).toEqual([demo.guilds.large, demo.guilds.small]);
    expect(guilds[0]?.approximate_member_count).toBe(2_500);
    expect((await get(`/channels/${demo.hiddenChannelId}`, demo.bot)).status).toBe(403);
    expect(demo.otherBot.membersIntent).toBe(false);
    expect((await get(`/guilds/${demo.guilds.other}/members`, demo.otherBot)).status).toBe(403);
    expect((await get(`/guilds/${demo.guildId}`, demo.otherBot)).status).toBe(403);
  });
});

describe('standalone server', () => {
  async function serve(fake: FakeDiscord) {
    return startFakeDiscordServer(fake, { port: 0 });
  }

  it('serves over a real socket, drops connections and survives hung requests on close', async () => {
    const { fake, bot } = setup();
    const server = await serve(fake);
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/api`);
      const headers = { Authorization: `Bot ${bot.token}` };
      const ok = await fetch(`${server.url}/v10/users/@me`, { headers });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-limit')).toBe('50');
      expect(await ok.json()).toMatchObject({ id: bot.user.id, bot: true });

      fake.injectFault({ kind: 'drop', times: 1 });
      await expect(fetch(`${server.url}/v10/users/@me`, { headers })).rejects.toThrow(TypeError);

      fake.injectFault({ kind: 'hang', times: 1 });
      await expect(fetch(`${server.url}/v10/users/@me`, { headers, signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ name: 'TimeoutError' });
      fake.injectFault({ kind: 'hang', times: 1 });
      void fetch(`${server.url}/v10/users/@me`, { headers }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await server.close();
    }
  });

  it('runs as a script: prints one JSON line, then exits on SIGTERM', async () => {
    const script = fileURLToPath(new URL('../fake-discord/server.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, PORT: '0', FAKE_LATENCY_MS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const info = JSON.parse(line) as { url: string; token: string; otherToken: string; guildId: string; channelId: string };
    const response = await fetch(`${info.url}/v10/channels/${info.channelId}/messages?limit=2`, {
      headers: { Authorization: `Bot ${info.token}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBe(2);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 10_000);
});
