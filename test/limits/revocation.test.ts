import { describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';
import { seedScenario, UNKNOWN_ID } from '../support/scenario.js';

describe('revoked bot tokens', () => {
  it('ends every session of a token Discord stops accepting, and never sends the token again', async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    const first = await harness.login(world.botA.token);
    const second = await harness.login(world.botA.token);
    const other = await harness.login(world.botB.token);
    harness.fake.revokeToken(world.botA.token);
    const callsWithToken = () => harness.fake.calls.filter((call) => call.token === world.botA.token).length;
    const before = callsWithToken();

    const revoked = await harness.get(`/api/guilds/${world.guildOne.id}/roles`, first);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'BOT_TOKEN_REVOKED' });
    expect(callsWithToken()).toBe(before + 1);

    const sibling = await harness.get(`/api/guilds/${world.guildOne.id}/channels`, second);
    expect(sibling.status).toBe(401);
    expect(await sibling.json()).toMatchObject({ code: 'BOT_TOKEN_REVOKED' });
    const again = await harness.postLogin({ token: world.botA.token });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ code: 'BOT_TOKEN_REVOKED' });
    expect(callsWithToken()).toBe(before + 1);
    expect(harness.deps.pool.size).toBe(1);

    // Another bot is untouched.
    expect((await harness.get(`/api/guilds/${world.guildTwo.id}/roles`, other)).status).toBe(200);
  });
});

describe('revoked bot tokens, read in parallel', () => {
  it('sends the dead token once, not once per read already queued behind the first', async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    harness.fake.revokeToken(world.botA.token);
    const callsWithToken = () => harness.fake.calls.filter((call) => call.token === world.botA.token).length;
    const before = callsWithToken();

    // One channel: one Discord bucket, so REST queues these reads behind the first.
    const reads = [1, 2, 3, 4, 5, 6].map((limit) => harness.get(`/api/channels/${world.text.id}/messages?limit=${limit}`, sessionId));
    const answers = await Promise.all(reads);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(await answer.json()).toMatchObject({ code: 'BOT_TOKEN_REVOKED' });
    }
    expect(callsWithToken()).toBe(before + 1);
  });
});

describe('revoked bot tokens, with reads waiting for a global slot', () => {
  it('does not send the reads that were waiting for one of the 50 slots when the 401 came', { timeout: 15_000 }, async () => {
    const harness = new Harness();
    const bot = harness.fake.addBot();
    const guilds = Array.from({ length: 60 }, (_, i) => harness.fake.addGuild({ name: `g${i}`, botIds: [bot.user.id] }));
    const sessionId = await harness.login(bot.token);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the login's slot frees
    harness.fake.revokeToken(bot.token);
    // Discord takes longer than a second: REST's next one-second window lets the other 10 go on
    // to the global slots before any 401 is back, and they wait there until after it.
    harness.fake.setLatency(1200);
    const before = harness.fake.calls.filter((call) => call.token === bot.token).length;

    // 60 guilds, 60 buckets: only the global 50 holds the last 10 back, until after the 401s.
    const answers = await Promise.all(guilds.map((guild) => harness.get(`/api/guilds/${guild.id}/roles`, sessionId)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(60).fill(401));
    expect(harness.fake.calls.filter((call) => call.token === bot.token).length - before).toBe(50);
  });
});

describe('negative cache', () => {
  it("remembers Discord's 403 per bot and resource for NEGATIVE_CACHE_TTL", async () => {
    const harness = new Harness({ env: { NEGATIVE_CACHE_TTL: '30' } });
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    const path = `/api/channels/${world.hidden.id}`;
    const answers: Response[] = [];
    for (let i = 0; i < 50; i++) answers.push(await harness.get(path, sessionId));
    expect(answers.every((answer) => answer.status === 403)).toBe(true);
    expect(answers.at(-1)!.headers.get('X-Cache')).toBe('HIT');
    expect(await answers.at(-1)!.json()).toMatchObject({ code: 'MISSING_ACCESS', discord: { code: 50001 } });
    expect(harness.upstreamCalls(`/channels/${world.hidden.id}`)).toBe(1);
    expect(await harness.deps.invalidRequests.used()).toBe(1);

    harness.clock.advance(30_000);
    expect((await harness.get(path, sessionId)).headers.get('X-Cache')).toBe('MISS');
    expect(harness.upstreamCalls(`/channels/${world.hidden.id}`)).toBe(2);
  });

  it("remembers Discord's 404 too, and keeps bots apart", async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    const sessionA = await harness.login(world.botA.token);
    const sessionB = await harness.login(world.botB.token);
    const path = `/api/channels/${UNKNOWN_ID}`;
    for (let i = 0; i < 5; i++) expect((await harness.get(path, sessionA)).status).toBe(404);
    expect(harness.upstreamCalls(`/channels/${UNKNOWN_ID}`)).toBe(1);
    expect((await harness.get(path, sessionB)).status).toBe(404);
    expect(harness.upstreamCalls(`/channels/${UNKNOWN_ID}`)).toBe(2);
  });
});
