import { describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';
import { seedScenario } from './support/scenario.js';

async function setup() {
  const harness = new Harness();
  const world = seedScenario(harness.fake);
  const sessionId = await harness.login(world.botA.token);
  const read = (path: string) => harness.get(path, sessionId);
  const invalidate = async (guildId: string, module: string) => {
    const response = await harness.request('/api/cache/invalidate', {
      method: 'POST',
      headers: { Authorization: sessionId, 'Content-Type': 'application/json' },
      body: JSON.stringify({ guildId, module }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { dropped: number };
  };
  return { harness, world, read, invalidate };
}

describe('POST /api/cache/invalidate on one instance', () => {
  it('drops messages of the guild: Discord does not say whose they are, so MESSAGES of any guild drops them', async () => {
    const { world, read, invalidate, harness } = await setup();
    const messages = `/api/channels/${world.text.id}/messages?limit=5`;
    await read(messages);
    expect((await read(messages)).headers.get('X-Cache')).toBe('HIT');
    expect((await invalidate(world.guildOne.id, 'MESSAGES')).dropped).toBe(1);
    expect((await read(messages)).headers.get('X-Cache')).toBe('MISS');
    expect(harness.upstreamCalls(`/channels/${world.text.id}/messages`)).toBe(2);
  });

  it('drops the guild and the guild list on GUILD, and leaves the other kinds', async () => {
    const { world, read, invalidate } = await setup();
    const paths = ['/api/guilds', `/api/guilds/${world.guildOne.id}`, `/api/guilds/${world.guildOne.id}/roles`];
    for (const path of paths) await read(path);
    expect((await invalidate(world.guildOne.id, 'GUILD')).dropped).toBe(2);
    const states = await Promise.all(paths.map(async (path) => (await read(path)).headers.get('X-Cache')));
    expect(states).toEqual(['MISS', 'MISS', 'HIT']);
  });

  it('stores nothing from a read that was asking Discord when the invalidation came, and later reads do not join it', async () => {
    const { harness, world, read, invalidate } = await setup();
    const roles = `/api/guilds/${world.guildOne.id}/roles`;
    const names = async (response: Response) => ((await response.json()) as { name: string }[]).map((role) => role.name);
    harness.fake.setLatency(300);
    const before = read(roles); // Discord is asked; the answer will predate what follows
    await new Promise((resolve) => setTimeout(resolve, 100));
    harness.fake.addRole(world.guildOne.id, { name: 'added' });
    await invalidate(world.guildOne.id, 'ROLES'); // what a bot does after changing roles
    const after = read(roles);

    expect(await names(await before)).not.toContain('added');
    const afterAnswer = await after;
    expect(afterAnswer.headers.get('X-Cache')).toBe('MISS');
    expect(await names(afterAnswer)).toContain('added');
    harness.fake.setLatency(0);
    const next = await read(roles);
    expect(next.headers.get('X-Cache')).toBe('HIT');
    expect(await names(next)).toContain('added');
    expect(harness.upstreamCalls(`/guilds/${world.guildOne.id}/roles`)).toBe(2);
  });
});
