import { describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';
import { seedScenario } from '../support/scenario.js';

function budgetEvents(harness: Harness): { event: string; percent?: number }[] {
  return harness.logs
    .map((line) => JSON.parse(line) as { event: string; percent?: number })
    .filter((line) => line.event.startsWith('discord.invalid_request_budget'));
}

describe('invalid-request budget', () => {
  it('sends at most INVALID_REQUEST_BUDGET forbidden reads to Discord and answers the rest 503 with Retry-After', async () => {
    const harness = new Harness({ env: { INVALID_REQUEST_BUDGET: '25', INVALID_REQUEST_BUDGET_PER_BOT: '25', NEGATIVE_CACHE_TTL: '0' } });
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let i = 0; i < 60; i++) {
      const response = await harness.get(`/api/channels/${world.hidden.id}`, sessionId);
      statuses.push(response.status);
      if (response.status === 503) refusal = response;
    }
    expect(harness.upstreamCalls(`/channels/${world.hidden.id}`)).toBe(25);
    expect(statuses.filter((status) => status === 403)).toHaveLength(25);
    expect(statuses.filter((status) => status === 503)).toHaveLength(35);
    expect(await refusal!.json()).toMatchObject({ code: 'INVALID_REQUEST_BUDGET' });
    // The first invalid answer leaves the window 10 minutes (plus its 10 s slot) after it came.
    const retryAfter = Number(refusal!.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(590);
    expect(retryAfter).toBeLessThanOrEqual(610);
  });

  it('never lets concurrent forbidden reads overshoot the budget', async () => {
    const harness = new Harness({ env: { INVALID_REQUEST_BUDGET: '25', INVALID_REQUEST_BUDGET_PER_BOT: '25' } });
    const world = seedScenario(harness.fake);
    const hidden = Array.from({ length: 60 }, (_, i) =>
      harness.fake.addChannel(world.guildOne.id, { name: `hidden-${i}`, hiddenFrom: [world.botA.user.id] }),
    );
    const sessionId = await harness.login(world.botA.token);
    const responses = await Promise.all(hidden.map((channel) => harness.get(`/api/channels/${channel.id}`, sessionId)));
    const forbiddenCalls = harness.fake.calls.filter((call) => call.status === 403).length;
    expect(forbiddenCalls).toBeLessThanOrEqual(25);
    expect(forbiddenCalls).toBeGreaterThan(0);
    for (const response of responses) {
      expect([403, 503]).toContain(response.status);
      if (response.status === 503) expect(Number(response.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    }
    expect(responses.filter((response) => response.status === 503).length).toBe(60 - forbiddenCalls);
  });

  it('resumes calls to Discord once the window has moved past the counted answers', async () => {
    const harness = new Harness({ env: { INVALID_REQUEST_BUDGET: '5', INVALID_REQUEST_BUDGET_PER_BOT: '5', NEGATIVE_CACHE_TTL: '0' } });
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    for (let i = 0; i < 5; i++) await harness.get(`/api/channels/${world.hidden.id}`, sessionId);
    const refused = await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sessionId);
    expect(refused.status).toBe(503);
    harness.clock.advance(Number(refused.headers.get('Retry-After')) * 1000);
    const resumed = await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sessionId);
    expect(resumed.status).toBe(200);
  });

  it('warns once at 50% and once at 90% of the budget', async () => {
    const harness = new Harness({ env: { INVALID_REQUEST_BUDGET: '10', INVALID_REQUEST_BUDGET_PER_BOT: '10', NEGATIVE_CACHE_TTL: '0' } });
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    for (let i = 0; i < 4; i++) await harness.get(`/api/channels/${world.hidden.id}`, sessionId);
    expect(budgetEvents(harness)).toEqual([]);
    for (let i = 0; i < 6; i++) await harness.get(`/api/channels/${world.hidden.id}`, sessionId);
    const warnings = budgetEvents(harness).filter((line) => line.event === 'discord.invalid_request_budget');
    expect(warnings.map((line) => line.percent)).toEqual([50, 90]);
  });

  it('counts 401 and user-scope 429 answers but not shared-scope 429s', async () => {
    const harness = new Harness({ env: { MAX_RATE_LIMIT_WAIT_MS: '100' } });
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    // A bucket of limit 1 draws one 429 on first contact (see docs/architecture.md): the 429 reaches the fake.
    harness.fake.setBucket('/guilds/:id/roles', { limit: 1, windowMs: 60_000, scope: 'shared' });
    for (let i = 0; i < 2; i++) await harness.get(`/api/guilds/${world.guildOne.id}/roles?fresh=true`, sessionId);
    expect(harness.fake.calls.filter((call) => call.status === 429)).toHaveLength(1);
    expect(await harness.deps.invalidRequests.used()).toBe(0);

    harness.fake.setBucket('/guilds/:id/channels', { limit: 1, windowMs: 60_000 });
    for (let i = 0; i < 2; i++) await harness.get(`/api/guilds/${world.guildOne.id}/channels?fresh=true`, sessionId);
    expect(harness.fake.calls.filter((call) => call.status === 429)).toHaveLength(2);
    expect(await harness.deps.invalidRequests.used()).toBe(1);

    const wrongToken = `${world.botB.token.slice(0, -4)}AAAA`;
    expect((await harness.postLogin({ token: wrongToken })).status).toBe(401);
    expect(await harness.deps.invalidRequests.used()).toBe(2);
  });
});
