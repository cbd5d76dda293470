import { describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';
import { seedScenario, UNKNOWN_ID } from './support/scenario.js';

async function setup() {
  const harness = new Harness();
  const world = seedScenario(harness.fake);
  const sessionA = await harness.login(world.botA.token);
  const sessionB = await harness.login(world.botB.token);
  const json = async (path: string, session = sessionA) => {
    const response = await harness.get(path, session);
    return { status: response.status, body: (await response.json()) as any, response };
  };
  return { harness, world, sessionA, sessionB, json };
}

describe('guild routes', () => {
  it('lists the bot’s guilds', async () => {
    const { json, world } = await setup();
    const { status, body } = await json('/api/guilds');
    expect(status).toBe(200);
    expect(body.map((guild: { id: string }) => guild.id).sort()).toEqual([world.guildOne.id, world.guildTwo.id].sort());
  });

  it('answers a guild with approximate counts', async () => {
    const { json, world } = await setup();
    const { status, body } = await json(`/api/guilds/${world.guildOne.id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: world.guildOne.id, name: 'One', approximate_member_count: expect.any(Number) });
  });

  it('answers the channels, filtered by type when asked', async () => {
    const { json, world, harness } = await setup();
    const all = await json(`/api/guilds/${world.guildOne.id}/channels`);
    expect(all.status).toBe(200);
    expect(all.body.length).toBeGreaterThanOrEqual(4);
    const voice = await json(`/api/guilds/${world.guildOne.id}/channels?type=2`);
    expect(voice.body.map((channel: { id: string }) => channel.id)).toEqual([world.voice.id]);
    const some = await json(`/api/guilds/${world.guildOne.id}/channels?type=2,4`);
    expect(some.body.map((channel: { type: number }) => channel.type).sort()).toEqual([2, 4]);
    expect(harness.upstreamCalls(`/guilds/${world.guildOne.id}/channels`)).toBe(1);
  });

  it('answers the roles', async () => {
    const { json, world } = await setup();
    const { status, body } = await json(`/api/guilds/${world.guildOne.id}/roles`);
    expect(status).toBe(200);
    expect(body.some((role: { name: string }) => role.name === 'mods')).toBe(true);
  });

  it('answers members with limit and after, one member, and 404 for an unknown one', async () => {
    const { json, world } = await setup();
    const page = await json(`/api/guilds/${world.guildOne.id}/members?limit=10`);
    expect(page.status).toBe(200);
    expect(page.body).toHaveLength(10);
    const next = await json(`/api/guilds/${world.guildOne.id}/members?limit=10&after=${page.body[9].user.id}`);
    expect(next.body[0].user.id).toBe(world.members[10]!.user!.id);
    const fromStart = await json(`/api/guilds/${world.guildOne.id}/members?limit=10&after=0`); // Discord's own start
    expect(fromStart.body).toEqual(page.body);
    const defaultLimit = await json(`/api/guilds/${world.guildOne.id}/members`);
    expect(defaultLimit.body).toHaveLength(30);
    const one = await json(`/api/guilds/${world.guildOne.id}/members/${world.members[3]!.user!.id}`);
    expect(one.body.user.id).toBe(world.members[3]!.user!.id);
    const unknown = await json(`/api/guilds/${world.guildOne.id}/members/${UNKNOWN_ID}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_RESOURCE', discord: { code: 10007 } });
  });

  it('names the members intent when Discord refuses the member list', async () => {
    const { json, world, sessionB } = await setup();
    const { status, body } = await json(`/api/guilds/${world.guildTwo.id}/members`, sessionB);
    expect(status).toBe(403);
    expect(body.code).toBe('MEMBERS_INTENT_REQUIRED');
    expect(body.error).toMatch(/Server Members Intent/);
    expect(body.discord).toEqual({ code: 50001, message: 'Missing Access' });
  });

  it('answers 403 MISSING_ACCESS for a guild the bot is not in', async () => {
    const { json, world, sessionB } = await setup();
    const { status, body } = await json(`/api/guilds/${world.guildOne.id}/channels`, sessionB);
    expect(status).toBe(403);
    expect(body).toMatchObject({ code: 'MISSING_ACCESS', discord: { code: 50001 }, requestId: expect.any(String) });
  });

  it('refuses bad ids and limits with 400 before any upstream call', async () => {
    const { json, world, harness } = await setup();
    const before = harness.fake.calls.length;
    const cases = [
      '/api/guilds/abc',
      '/api/guilds/123/channels',
      `/api/guilds/${world.guildOne.id}/channels?type=text`,
      `/api/guilds/${world.guildOne.id}/members?limit=0`,
      `/api/guilds/${world.guildOne.id}/members?limit=1001`,
      `/api/guilds/${world.guildOne.id}/members?after=me`,
      `/api/guilds/${world.guildOne.id}/members?all=maybe`,
      `/api/guilds/${world.guildOne.id}/members/not-a-user`,
    ];
    for (const path of cases) {
      const { status, body } = await json(path);
      expect(status, path).toBe(400);
      expect(body.code, path).toBe('INVALID_INPUT');
    }
    expect(harness.fake.calls.length).toBe(before);
  });

  it('answers 401 to every data route without a session, with no upstream call', async () => {
    const { harness, world } = await setup();
    const guild = world.guildOne.id;
    const before = harness.fake.calls.length;
    const reads = [
      '/api/guilds',
      `/api/guilds/${guild}`,
      `/api/guilds/${guild}/channels`,
      `/api/guilds/${guild}/roles`,
      `/api/guilds/${guild}/members`,
      `/api/guilds/${guild}/members/${world.members[0]!.user!.id}`,
      `/api/channels/${world.text.id}`,
      `/api/channels/${world.text.id}/messages`,
      '/api/members',
      '/api/channels',
      `/api/messages?channelId=${world.text.id}`,
      '/api/auth/session',
    ];
    const writes = ['/api/auth/logout', '/api/cache/invalidate'];
    const answers = [
      ...(await Promise.all(reads.map(async (path) => [path, await harness.request(path)] as const))),
      ...(await Promise.all(writes.map(async (path) => [path, await harness.request(path, { method: 'POST' })] as const))),
    ];
    for (const [path, response] of answers) {
      expect(response.status, path).toBe(401);
      expect(((await response.json()) as { code: string }).code, path).toBe('MISSING_SESSION');
    }
    expect(harness.fake.calls.length).toBe(before);
  });

  it("maps Discord's refusals of a guild, its roles and its members: 404 unknown, 403 not a member", async () => {
    const { json, world, harness } = await setup();
    const elsewhere = harness.fake.addGuild({ name: 'Elsewhere', botIds: [world.botB.user.id] });
    for (const suffix of ['', '/roles', '/channels', '/members']) {
      const unknown = await json(`/api/guilds/${UNKNOWN_ID}${suffix}`);
      expect(unknown.status, `unknown${suffix}`).toBe(404);
      expect(unknown.body, `unknown${suffix}`).toMatchObject({ code: 'UNKNOWN_RESOURCE', discord: { code: 10004 }, requestId: expect.any(String) });
      const notMember = await json(`/api/guilds/${elsewhere.id}${suffix}`);
      expect(notMember.status, `not a member${suffix}`).toBe(403);
      // Discord's 403 for a member list reads the same for both causes; the hint names both.
      const code = suffix === '/members' ? 'MEMBERS_INTENT_REQUIRED' : 'MISSING_ACCESS';
      expect(notMember.body, `not a member${suffix}`).toMatchObject({ code, discord: { code: 50001 } });
    }
  });
});

describe('channel routes', () => {
  it('answers a channel, 404 for an unknown one, 403 for a hidden one', async () => {
    const { json, world } = await setup();
    expect((await json(`/api/channels/${world.text.id}`)).body).toMatchObject({ id: world.text.id, name: 'general' });
    const unknown = await json(`/api/channels/${UNKNOWN_ID}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_RESOURCE', discord: { code: 10003 } });
    const hidden = await json(`/api/channels/${world.hidden.id}`);
    expect(hidden.status).toBe(403);
    expect(hidden.body).toMatchObject({ code: 'MISSING_ACCESS', discord: { code: 50001 } });
  });

  it('answers messages newest first, 100 by default, with before/after/around', async () => {
    const { json, world } = await setup();
    const latest = await json(`/api/channels/${world.text.id}/messages`);
    expect(latest.body).toHaveLength(100);
    const ids: string[] = latest.body.map((message: { id: string }) => message.id);
    expect([...ids].sort().reverse()).toEqual(ids);
    const before = await json(`/api/channels/${world.text.id}/messages?limit=5&before=${ids[0]}`);
    expect(before.body).toHaveLength(5);
    expect(before.body.every((message: { id: string }) => BigInt(message.id) < BigInt(ids[0]!))).toBe(true);
    const around = await json(`/api/channels/${world.text.id}/messages?limit=3&around=${ids[50]}`);
    expect(around.status).toBe(200);
  });

  it("maps Discord's refusals of messages: 404 for an unknown channel, 403 for a hidden one", async () => {
    const { json, world } = await setup();
    const unknown = await json(`/api/channels/${UNKNOWN_ID}/messages`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_RESOURCE', discord: { code: 10003 } });
    const hidden = await json(`/api/channels/${world.hidden.id}/messages?limit=250`);
    expect(hidden.status).toBe(403);
    expect(hidden.body).toMatchObject({ code: 'MISSING_ACCESS', discord: { code: 50001 } });
  });

  it('refuses mixed anchors, bad limits and bad ids with 400', async () => {
    const { json, world, harness } = await setup();
    const before = harness.fake.calls.length;
    for (const query of ['limit=0', 'limit=1001', 'limit=ten', `before=1&after=2`, `before=${world.text.id}&around=${world.text.id}`, 'around=12345678901234567890&limit=101']) {
      const { status, body } = await json(`/api/channels/${world.text.id}/messages?${query}`);
      expect(status, query).toBe(400);
      expect(body.code).toBe('INVALID_INPUT');
    }
    expect((await json('/api/channels/general/messages')).status).toBe(400);
    expect(harness.fake.calls.length).toBe(before);
  });
});

describe('flat routes', () => {
  it('use guildId when given, else the session default guild', async () => {
    const { harness, world, json } = await setup();
    const withGuild = await json(`/api/channels?guildId=${world.guildOne.id}`);
    expect(withGuild.status).toBe(200);
    const sessionWithDefault = await harness.login(world.botA.token, world.guildOne.id);
    const members = await json('/api/members?limit=5', sessionWithDefault);
    expect(members.body).toHaveLength(5);
    const channels = await json('/api/channels', sessionWithDefault);
    expect(channels.body).toEqual(withGuild.body);
  });

  it('use the bot’s only guild when there is no default, else answer 400', async () => {
    const { world, json, sessionA, sessionB } = await setup();
    const onlyGuild = await json('/api/channels', sessionB);
    expect(onlyGuild.status).toBe(200);
    expect(onlyGuild.body.map((channel: { id: string }) => channel.id)).toEqual([world.twoText.id]);
    const ambiguous = await json('/api/channels', sessionA);
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body).toMatchObject({ code: 'NO_DEFAULT_GUILD' });
  });

  it('check their query before asking Discord which guild is meant', async () => {
    const { json, harness, sessionA } = await setup();
    const before = harness.fake.calls.length;
    for (const [path, parameter] of [
      ['/api/members?limit=abc', 'limit'],
      ['/api/members?after=12', 'after'],
      ['/api/members?all=maybe', 'all'],
      ['/api/channels?type=x', 'type'],
      ['/api/channels?guildId=12', 'guildId'],
    ] as const) {
      const { status, body } = await json(path, sessionA); // no default guild, and the bot is in two
      expect(status, path).toBe(400);
      expect(body, path).toMatchObject({ code: 'INVALID_INPUT', parameter });
    }
    expect(harness.fake.calls.length).toBe(before);
  });

  it('answers messages of a channel and 400 without channelId', async () => {
    const { world, json } = await setup();
    const messages = await json(`/api/messages?channelId=${world.text.id}&limit=7`);
    expect(messages.body).toHaveLength(7);
    const missing = await json('/api/messages');
    expect(missing.status).toBe(400);
  });
});

describe('unknown routes', () => {
  it('answer 404 JSON with a request id', async () => {
    const { harness } = await setup();
    const response = await harness.request('/api/nope');
    expect(response.status).toBe(404);
    const body = (await response.json()) as { code: string; requestId: string };
    expect(body.code).toBe('NOT_FOUND');
    expect(body.requestId).toBe(response.headers.get('X-Request-Id'));
  });
});
