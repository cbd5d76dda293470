import { describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';
import { seedScenario } from './support/scenario.js';

describe('one REST client per bot token', () => {
  it('shares one client among every session of a token, and keeps bots apart', async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    const sessions = [
      await harness.login(world.botA.token),
      await harness.login(world.botA.token),
      await harness.login(world.botA.token),
    ];
    for (const sessionId of sessions) {
      await harness.get(`/api/guilds/${world.guildOne.id}/roles?fresh=true`, sessionId);
    }
    expect(harness.deps.pool.size).toBe(1);
    const sessionB = await harness.login(world.botB.token);
    await harness.get(`/api/guilds/${world.guildTwo.id}/roles`, sessionB);
    expect(harness.deps.pool.size).toBe(2);
    const tokens = new Set(harness.fake.calls.map((call) => call.token));
    expect(tokens).toEqual(new Set([world.botA.token, world.botB.token]));
  });

  it('evicts an idle client and rebuilds it on the next read', async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sessionId);
    expect(harness.deps.pool.size).toBe(1);
    harness.clock.advance(16 * 60_000);
    expect(harness.deps.pool.size).toBe(0);
    const response = await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sessionId);
    expect(response.status).toBe(200);
    expect(response.headers.get('X-Cache')).toBe('MISS');
    expect(harness.deps.pool.size).toBe(1);
  });
});
