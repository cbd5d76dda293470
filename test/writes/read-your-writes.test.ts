import { describe, expect, it } from 'vitest';
import { writeWorld } from './writes-support.js';

describe('read your writes', () => {
  it('shows a sent message on the next read, with one upstream read after the write', { timeout: 120_000 }, async () => {
    const { harness, world, sessionId, send, json } = await writeWorld();
    const path = `/api/channels/${world.text.id}/messages?limit=5`;
    const before = await harness.get(path, sessionId);
    expect(before.headers.get('X-Cache')).toBe('MISS');
    expect((await harness.get(path, sessionId)).headers.get('X-Cache')).toBe('HIT');
    const sent = await send('POST', `/api/channels/${world.text.id}/messages`, { content: 'hello from the dashboard' });
    expect(sent.status).toBe(200);
    const message = await json<{ id: string; content: string }>(sent);
    const readsBefore = harness.upstreamCalls(`/channels/${world.text.id}/messages`) - 1; // minus the POST
    const after = await harness.get(path, sessionId);
    expect(after.headers.get('X-Cache')).toBe('MISS');
    const messages = await json<{ id: string }[]>(after);
    expect(messages[0]!.id).toBe(message.id);
    expect(harness.fake.callsTo(`/channels/${world.text.id}/messages`).filter((call) => call.method === 'GET')).toHaveLength(readsBefore + 1);
    expect((await harness.get(path, sessionId)).headers.get('X-Cache')).toBe('HIT');
  });

  it('shows an edit and a delete on the next read', { timeout: 120_000 }, async () => {
    const { harness, world, sessionId, send, json } = await writeWorld();
    const message = await json<{ id: string }>(await send('POST', `/api/channels/${world.text.id}/messages`, { content: 'first' }));
    const path = `/api/channels/${world.text.id}/messages?limit=1`;
    expect((await json<{ content: string }[]>(await harness.get(path, sessionId)))[0]!.content).toBe('first');
    const edited = await send('PATCH', `/api/channels/${world.text.id}/messages/${message.id}`, { content: 'second' });
    expect(edited.status).toBe(200);
    expect((await json<{ content: string }[]>(await harness.get(path, sessionId)))[0]!.content).toBe('second');
    const deleted = await send('DELETE', `/api/channels/${world.text.id}/messages/${message.id}`);
    expect(deleted.status).toBe(204);
    const latest = await json<{ id: string }[]>(await harness.get(path, sessionId));
    expect(latest[0]!.id).not.toBe(message.id);
  });

  it('shows a created, changed and deleted role on the next read of the roles and of the guild', { timeout: 120_000 }, async () => {
    const { harness, world, sessionId, send, json } = await writeWorld();
    const roles = `/api/guilds/${world.guildOne.id}/roles`;
    const names = async () => (await json<{ name: string }[]>(await harness.get(roles, sessionId))).map((role) => role.name);
    expect(await names()).not.toContain('helpers');
    const created = await send('POST', roles, { name: 'helpers', color: 0x00ff00 });
    expect(created.status).toBe(200);
    const role = await json<{ id: string }>(created);
    const callsBefore = harness.upstreamCalls(`/guilds/${world.guildOne.id}/roles`);
    expect(await names()).toContain('helpers');
    expect(harness.upstreamCalls(`/guilds/${world.guildOne.id}/roles`)).toBe(callsBefore + 1);
    const guildRoles = async () => (await json<{ roles: { name: string }[] }>(await harness.get(`/api/guilds/${world.guildOne.id}`, sessionId))).roles.map((r) => r.name);
    expect(await guildRoles()).toContain('helpers');
    expect((await send('PATCH', `${roles}/${role.id}`, { name: 'helpers-2' })).status).toBe(200);
    expect(await names()).toContain('helpers-2');
    expect(await guildRoles()).toContain('helpers-2');
    expect((await send('DELETE', `${roles}/${role.id}`)).status).toBe(204);
    expect(await names()).not.toContain('helpers-2');
  });

  it("shows a member's new role, nickname and a removed role on the next reads", { timeout: 120_000 }, async () => {
    const { harness, world, sessionId, send, json } = await writeWorld();
    const guildId = world.guildOne.id;
    const userId = world.members[0]!.user.id;
    const role = harness.fake.addRole(guildId, { name: 'assignable', position: 1 });
    const member = `/api/guilds/${guildId}/members/${userId}`;
    const list = `/api/guilds/${guildId}/members?limit=5`;
    const rolesOf = async (path: string) => (await json<{ roles: string[] }>(await harness.get(path, sessionId))).roles;
    const listedRoles = async () => (await json<{ user: { id: string }; roles: string[] }[]>(await harness.get(list, sessionId))).find((m) => m.user.id === userId)!.roles;
    expect(await rolesOf(member)).not.toContain(role.id);
    expect(await listedRoles()).not.toContain(role.id);
    expect((await send('PUT', `${member}/roles/${role.id}`)).status).toBe(204);
    expect(await rolesOf(member)).toContain(role.id);
    expect(await listedRoles()).toContain(role.id);
    const patched = await send('PATCH', member, { nick: 'Renamed' });
    expect(patched.status).toBe(200);
    expect((await json<{ nick: string }>(await harness.get(member, sessionId))).nick).toBe('Renamed');
    expect((await send('DELETE', `${member}/roles/${role.id}`)).status).toBe(204);
    expect(await rolesOf(member)).not.toContain(role.id);
  });

  it("shows a channel's change on the channel and on the guild's channel lists", { timeout: 120_000 }, async () => {
    const { harness, world, sessionId, send, json } = await writeWorld();
    const channel = `/api/channels/${world.text.id}`;
    const list = `/api/guilds/${world.guildOne.id}/channels`;
    const filtered = `${list}?type=0`;
    const named = async (path: string) => (await json<{ id: string; name: string }[]>(await harness.get(path, sessionId))).find((c) => c.id === world.text.id)!.name;
    expect((await json<{ name: string }>(await harness.get(channel, sessionId))).name).toBe('general');
    expect(await named(list)).toBe('general');
    expect(await named(filtered)).toBe('general');
    const patched = await send('PATCH', channel, { name: 'announcements', topic: 'news' }, { 'X-Audit-Log-Reason': 'tidy%20up' });
    expect(patched.status).toBe(200);
    expect((await json<{ name: string }>(await harness.get(channel, sessionId))).name).toBe('announcements');
    expect(await named(list)).toBe('announcements');
    expect(await named(filtered)).toBe('announcements');
  });

  it('publishes each write to the live feed with source "write"', { timeout: 120_000 }, async () => {
    const { harness, world, send } = await writeWorld();
    const changes: unknown[] = [];
    harness.deps.changes.subscribe((change) => changes.push(change));
    await send('POST', `/api/channels/${world.text.id}/messages`, { content: 'hi' });
    await send('POST', `/api/guilds/${world.guildOne.id}/roles`, { name: 'r' });
    expect(changes).toEqual([
      { botId: world.botA.user.id, guildId: world.guildOne.id, kind: 'messages', source: 'write' },
      { botId: world.botA.user.id, guildId: world.guildOne.id, kind: 'roles', source: 'write' },
      { botId: world.botA.user.id, guildId: world.guildOne.id, kind: 'guild', source: 'write' },
    ]);
  });
});
