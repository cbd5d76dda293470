import { describe, expect, it } from 'vitest';
import { UNKNOWN_ID } from '../support/scenario.js';
import { twoBots } from './tenants.js';

describe('the invalid-request budget is shared fairly between bots', () => {
  it("refuses bot B alone once B has drawn its quarter of INVALID_REQUEST_BUDGET=12; bot A still reads its guild", async () => {
    const { harness, world, sessionA, sessionB } = await twoBots({ INVALID_REQUEST_BUDGET: '12' });
    const strangers = Array.from({ length: 12 }, () => harness.fake.addGuild({ name: 'not B' }));
    const statuses = [];
    for (const guild of strangers) statuses.push((await harness.get(`/api/guilds/${guild.id}`, sessionB)).status);
    expect(statuses).toEqual([403, 403, 403, ...Array(9).fill(503)]);
    expect(harness.fake.calls.filter((call) => call.status === 403)).toHaveLength(3);
    const refusal = await harness.get(`/api/guilds/${UNKNOWN_ID}`, sessionB);
    expect(await refusal.json()).toMatchObject({ code: 'INVALID_REQUEST_BUDGET', scope: 'bot' });
    expect((await harness.get(`/api/guilds/${world.guildOne.id}`, sessionA)).status).toBe(200);
  });

  it('answers ?fresh=true from the remembered refusal instead of asking Discord again', async () => {
    const { harness, world, sessionB } = await twoBots();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await harness.get(`/api/guilds/${world.guildOne.id}?fresh=true`, sessionB)).status);
    expect(statuses).toEqual([403, 403, 403, 403, 403]);
    expect(harness.upstreamCalls(`/guilds/${world.guildOne.id}`)).toBe(1);
    harness.clock.advance(30_000); // NEGATIVE_CACHE_TTL: then Discord may be asked again
    await harness.get(`/api/guilds/${world.guildOne.id}?fresh=true`, sessionB);
    expect(harness.upstreamCalls(`/guilds/${world.guildOne.id}`)).toBe(2);
  });
});
