import { describe, expect, it } from 'vitest';
import { writeWorld } from './writes-support.js';

describe('roles the bot can assign', () => {
  it('refuses a role at or above the bot with 403 MISSING_PERMISSIONS, and lists exactly the assignable roles', { timeout: 120_000 }, async () => {
    const { world, send, json, fake, harness, sessionId } = await writeWorld();
    const guildId = world.guildOne.id;
    const botId = world.botA.user.id;
    const low = fake.addRole(guildId, { name: 'low', position: 1 }); // ties with the bot's role, which has the lower id
    const high = fake.addRole(guildId, { name: 'high' });
    const managed = fake.addRole(guildId, { name: 'integration', position: 1, managed: true });
    const userId = world.members[0]!.user.id;
    const above = await send('PUT', `/api/guilds/${guildId}/members/${userId}/roles/${high.id}`);
    expect(above.status).toBe(403);
    expect(await json(above)).toMatchObject({ code: 'MISSING_PERMISSIONS', discord: { code: 50013 } });

    const answer = await harness.get(`/api/guilds/${guildId}/roles?manageable=true`, sessionId);
    expect(answer.status).toBe(200);
    const manageable = (await json<{ id: string }[]>(answer)).map((role) => role.id);
    expect(manageable).toEqual([low.id]);
    // Exactly the set Discord lets the bot assign: try every role but @everyone.
    const all = (await json<{ id: string }[]>(await harness.get(`/api/guilds/${guildId}/roles`, sessionId))).filter((role) => role.id !== guildId);
    const assignable: string[] = [];
    for (const role of all) {
      const given = await send('PUT', `/api/guilds/${guildId}/members/${userId}/roles/${role.id}`);
      if (given.status === 204) assignable.push(role.id);
      else expect(given.status).toBe(403);
    }
    expect(assignable).toEqual(manageable);
    expect(all.map((role) => role.id)).toEqual(expect.arrayContaining([managed.id, fake.botRole(guildId, botId).id]));

    // Raised above "high", the bot may assign it too; without MANAGE_ROLES, nothing.
    fake.updateRole(guildId, fake.botRole(guildId, botId).id, { position: 50 });
    const raised = await json<{ id: string }[]>(await harness.get(`/api/guilds/${guildId}/roles?manageable=true&fresh=true`, sessionId));
    expect(raised.map((role) => role.id).sort()).toEqual([low.id, high.id, ...guildRoleIds(all, ['mods'])].sort());
    fake.updateRole(guildId, fake.botRole(guildId, botId).id, { permissions: '0' });
    expect(await json(await harness.get(`/api/guilds/${guildId}/roles?manageable=true&fresh=true`, sessionId))).toEqual([]);
  });
});

function guildRoleIds(roles: { id: string; name?: string }[], names: string[]): string[] {
  return roles.filter((role) => names.includes(role.name ?? '')).map((role) => role.id);
}

describe('member search', () => {
  it("answers Discord's member search, cached as members and dropped by a member write", { timeout: 120_000 }, async () => {
    const { world, send, json, harness, sessionId } = await writeWorld();
    const guildId = world.guildOne.id;
    const member = world.members[0]!;
    const prefix = member.user.username.slice(0, 6);
    const search = `/api/guilds/${guildId}/members/search?query=${encodeURIComponent(prefix)}&limit=50`;
    const first = await harness.get(search, sessionId);
    expect(first.status).toBe(200);
    expect((await json<{ user: { id: string } }[]>(first)).map((m) => m.user.id)).toContain(member.user.id);
    expect((await harness.get(search, sessionId)).headers.get('X-Cache')).toBe('HIT');
    expect((await send('PATCH', `/api/guilds/${guildId}/members/${member.user.id}`, { nick: 'zz-renamed' })).status).toBe(200);
    const renamed = await harness.get(`/api/guilds/${guildId}/members/search?query=zz-ren`, sessionId);
    expect((await json<{ nick: string }[]>(renamed))[0]!.nick).toBe('zz-renamed');
    expect((await harness.get(search, sessionId)).headers.get('X-Cache')).toBe('MISS');
    expect((await harness.get(`/api/guilds/${guildId}/members/search`, sessionId)).status).toBe(400);
  });
});

describe('a burst of sends to one channel', () => {
  it('answers only 200s and 429s with Retry-After, and no 429 reaches Discord', { timeout: 120_000 }, async () => {
    const { world, send, fake } = await writeWorld({ MAX_RATE_LIMIT_WAIT_MS: '1000' });
    const messages = `/api/channels/${world.text.id}/messages`;
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => send('POST', messages, { content: `burst ${i}` })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const answer of limited) expect(Number(answer.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(fake.stats.rateLimited).toBe(0);
    const posts = fake.callsTo(`/channels/${world.text.id}/messages`).filter((call) => call.method === 'POST');
    expect(posts).toHaveLength(statuses.filter((status) => status === 200).length);
  });
});
