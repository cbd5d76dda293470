import { describe, expect, it } from 'vitest';
import { writeWorld } from './writes-support.js';

const embedOf = (description: string) => ({ description });

describe('write bodies and headers', () => {
  it('refuses bodies Discord would refuse, naming the field, with zero upstream calls', { timeout: 120_000 }, async () => {
    const { world, send, json, fake } = await writeWorld();
    const messages = `/api/channels/${world.text.id}/messages`;
    const cases: [unknown, string][] = [
      [{ content: 'x'.repeat(2001) }, 'content'],
      [{ embeds: Array.from({ length: 11 }, () => embedOf('x')) }, 'embeds'],
      [{ embeds: [embedOf('x'.repeat(4000)), embedOf('y'.repeat(2001))] }, 'embeds'],
      [{ content: 'hi', extra: true }, 'extra'],
      [{ content: 'hi', allowed_mentions: { parse: ['everyone'], sneaky: 1 } }, 'allowed_mentions.sneaky'],
      [{ embeds: [{ title: 't', fields: [{ name: 'a', value: 'b', colour: 1 }] }] }, 'embeds.0.fields.0.colour'],
      [{}, 'body'],
      [{ content: '' }, 'body'],
    ];
    fake.resetCalls();
    for (const [body, parameter] of cases) {
      const response = await send('POST', messages, body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      const answer = await json<{ code: string; parameter: string; error: string }>(response);
      expect(answer.code).toBe('INVALID_INPUT');
      expect(answer.parameter).toBe(parameter);
      if (parameter === 'extra') expect(answer.error).toBe('extra is not a field this endpoint takes');
    }
    const others: [string, string, unknown][] = [
      ['PATCH', `/api/channels/${world.text.id}`, { name: '' }],
      ['PATCH', `/api/channels/${world.text.id}`, { rate_limit_per_user: 21601 }],
      ['PATCH', `/api/channels/${world.text.id}`, { type: 2 }],
      ['POST', `/api/guilds/${world.guildOne.id}/roles`, { permissions: 8 }],
      ['POST', `/api/guilds/${world.guildOne.id}/roles`, { color: 0x1000000 }],
      ['POST', `/api/guilds/${world.guildOne.id}/roles`, { name: 'x'.repeat(101) }],
      ['PATCH', `/api/guilds/${world.guildOne.id}/members/${world.members[0]!.user.id}`, { nick: 'x'.repeat(33) }],
      ['PATCH', `/api/guilds/${world.guildOne.id}/members/${world.members[0]!.user.id}`, { communication_disabled_until: '2999-01-01T00:00:00.000Z' }],
      ['PATCH', `/api/guilds/${world.guildOne.id}/members/${world.members[0]!.user.id}`, { communication_disabled_until: 'tomorrow' }],
      ['PATCH', `/api/guilds/${world.guildOne.id}/members/${world.members[0]!.user.id}`, { bio: 'x' }],
      ['POST', messages, 'not json'],
    ];
    for (const [method, path, body] of others) {
      const response = await send(method, path, body);
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
    }
    const tooLarge = await send('POST', messages, { content: 'x', embeds: [{ description: 'é'.repeat(40_000) }] });
    expect(tooLarge.status).toBe(413);
    expect(fake.calls).toHaveLength(0);
  });

  it('sends a message with allowed_mentions {"parse": []} unless the body gives its own', { timeout: 120_000 }, async () => {
    const { world, send, fake } = await writeWorld();
    const messages = `/api/channels/${world.text.id}/messages`;
    expect((await send('POST', messages, { content: '@everyone hello' })).status).toBe(200);
    expect((await send('POST', messages, { content: 'hi <@1>', allowed_mentions: { parse: ['users'] } })).status).toBe(200);
    const bodies = fake.callsTo(`/channels/${world.text.id}/messages`).map((call) => call.body as { allowed_mentions: unknown });
    expect(bodies[0]!.allowed_mentions).toEqual({ parse: [] });
    expect(bodies[1]!.allowed_mentions).toEqual({ parse: ['users'] });
  });

  it('forwards X-Audit-Log-Reason unchanged, and refuses one that is empty, too long or badly encoded', { timeout: 120_000 }, async () => {
    const { world, send, fake } = await writeWorld();
    const role = `/api/guilds/${world.guildOne.id}/roles`;
    const reason = encodeURIComponent('Spring clean-up: ünïcode & spaces');
    expect((await send('POST', role, { name: 'a' }, { 'X-Audit-Log-Reason': reason })).status).toBe(200);
    expect(fake.callsTo(`/guilds/${world.guildOne.id}/roles`)[0]!.auditLogReason).toBe(reason);
    fake.resetCalls();
    for (const bad of ['', '%E0%A4%A', encodeURIComponent('x'.repeat(513))]) {
      const response = await send('POST', role, { name: 'a' }, { 'X-Audit-Log-Reason': bad });
      expect(response.status, bad.slice(0, 20)).toBe(400);
      expect(((await response.json()) as { parameter: string }).parameter).toBe('X-Audit-Log-Reason');
    }
    expect((await send('POST', role, { name: 'a' }, { 'X-Audit-Log-Reason': encodeURIComponent('é'.repeat(512)) })).status).toBe(200);
    expect(fake.calls).toHaveLength(1);
  });

  it("passes on Discord's refusals: 50035 with its errors, 10008, 50005 and 50006", { timeout: 120_000 }, async () => {
    const { world, send, json, fake, harness } = await writeWorld();
    const messages = `/api/channels/${world.text.id}/messages`;
    fake.injectFault({ kind: 'invalidFormBody', times: 1, errors: { content: { _errors: [{ code: 'BASE_TYPE_BAD', message: 'Nope' }] } } });
    const rejected = await send('POST', messages, { content: 'hi' });
    expect(rejected.status).toBe(400);
    const body = await json<{ code: string; errors: unknown; discord: { code: number } }>(rejected);
    expect(body.code).toBe('DISCORD_REJECTED_INPUT');
    expect(body.discord.code).toBe(50035);
    expect(body.errors).toEqual({ content: { _errors: [{ code: 'BASE_TYPE_BAD', message: 'Nope' }] } });
    const unknown = await send('DELETE', `${messages}/999999999999999999`);
    expect(unknown.status).toBe(404);
    expect((await json<{ code: string }>(unknown)).code).toBe('UNKNOWN_RESOURCE');
    const theirs = harness.fake.addMessages(world.text.id, 1)[0]!;
    const notMine = await send('PATCH', `${messages}/${theirs.id}`, { content: 'edited' });
    expect(notMine.status).toBe(403);
    expect((await json<{ discord: { code: number } }>(notMine)).discord.code).toBe(50005);
    const mine = await json<{ id: string }>(await send('POST', messages, { content: 'hi' }));
    const emptied = await send('PATCH', `${messages}/${mine.id}`, { content: '' });
    expect(emptied.status).toBe(400);
    expect(await json(emptied)).toMatchObject({ code: 'DISCORD_REJECTED_INPUT', discord: { code: 50006 } });
  });

  it('counts writes by route and status in /metrics', { timeout: 120_000 }, async () => {
    const { world, send, harness } = await writeWorld({ METRICS_PUBLIC: 'true' });
    await send('POST', `/api/channels/${world.text.id}/messages`, { content: 'hi' });
    await send('POST', `/api/channels/${world.text.id}/messages`, { content: 'x'.repeat(2001) });
    const metrics = await (await harness.request('/metrics')).text();
    expect(metrics).toMatch(/route="POST \/api\/channels\/:channelId\/messages",status="200"} 1/);
    expect(metrics).toMatch(/route="POST \/api\/channels\/:channelId\/messages",status="400"} 1/);
  });
});
