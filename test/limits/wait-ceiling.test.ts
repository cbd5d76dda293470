import { describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';
import { seedScenario } from '../support/scenario.js';

describe('rate-limit wait ceiling', () => {
  it('answers 429 at once when a bucket resets in 30 s, with Retry-After about 30 and the bucket scope', async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    harness.fake.setBucket('/guilds/:id/channels', { limit: 2, windowMs: 30_000 });
    const path = `/api/guilds/${world.guildOne.id}/channels?fresh=true`;
    for (let i = 0; i < 2; i++) expect((await harness.get(path, sessionId)).status).toBe(200);

    const started = Date.now();
    const limited = await harness.get(path, sessionId);
    const waitedMs = Date.now() - started;

    expect(limited.status).toBe(429);
    expect(waitedMs).toBeLessThan(harness.deps.config.maxRateLimitWaitMs);
    const retryAfter = Number(limited.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(29);
    expect(retryAfter).toBeLessThanOrEqual(31); // REST adds a 50 ms safety offset; Retry-After rounds up
    expect(limited.headers.get('X-RateLimit-Scope')).toBe('user');
    expect(limited.headers.get('X-RateLimit-Global')).toBeNull();
    expect(limited.headers.get('X-RateLimit-Source')).toBe('guildgate');
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    // The gateway knew the bucket was empty: Discord never saw the refused request.
    expect(harness.fake.stats.rateLimited).toBe(0);
    expect(harness.upstreamCalls(`/guilds/${world.guildOne.id}/channels`)).toBe(2);
  });

  it('waits out a reset shorter than the ceiling instead of refusing', async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    harness.fake.setBucket('/guilds/:id/roles', { limit: 2, windowMs: 300 });
    const path = `/api/guilds/${world.guildOne.id}/roles?fresh=true`;
    for (let i = 0; i < 4; i++) expect((await harness.get(path, sessionId)).status).toBe(200);
    expect(harness.fake.stats.rateLimited).toBe(0);
  });

  it('marks a global limit that would hold the client too long as global', async () => {
    const harness = new Harness({ env: { MAX_RATE_LIMIT_WAIT_MS: '0' } });
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    harness.fake.setGlobalLimit(2);
    harness.fake.resetRateLimits();
    const answers: Response[] = [];
    for (let i = 0; i < 3; i++) answers.push(await harness.get(`/api/guilds/${world.guildOne.id}/roles?fresh=true`, sessionId));
    const limited = answers.at(-1)!;
    expect(answers.slice(0, 2).map((answer) => answer.status)).toEqual([200, 200]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('X-RateLimit-Global')).toBe('true');
    expect(limited.headers.get('X-RateLimit-Scope')).toBe('global');
    expect(limited.headers.get('X-RateLimit-Source')).toBe('guildgate');
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED', global: true });
  });

  it('does not retry a 429 that says nothing of when to retry: one call to Discord, and a 429 with Retry-After', async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    harness.fake.injectFault({ kind: 'status', status: 429, route: /\/roles$/ }); // no Retry-After, for ever
    const limited = await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sessionId);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(limited.headers.get('X-RateLimit-Source')).toBe('discord');
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED', requestId: expect.any(String) });
    expect(harness.upstreamCalls(`/guilds/${world.guildOne.id}/roles`)).toBe(1);
    expect(await harness.deps.invalidRequests.used()).toBe(1);
  });
});
