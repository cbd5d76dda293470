import { describe, expect, it } from 'vitest';
import { MemoryResponseStore } from '../../src/cache/memory-response-store.js';
import { BotIdentities } from '../../src/discord/bot-identities.js';
import { registerSecret } from '../support/secrets.js';
import { twoBots } from './tenants.js';

describe('a noisy neighbour', () => {
  it("leaves the other bot's sessions, cached entries, budget and reads as they were", { timeout: 30_000 }, async () => {
    const { harness, world, held, sessionA, sessionB, invalidate } = await twoBots({
      MAX_SESSIONS: '50',
      CACHE_MAX_BYTES: '20000',
      INVALID_REQUEST_BUDGET: '40',
      LOGIN_RATE_LIMIT: '5',
      TRUST_PROXY: 'x-forwarded-for',
    });
    const readsOfA = ['/api/guilds', `/api/guilds/${world.guildOne.id}`, `/api/guilds/${world.guildOne.id}/channels`];
    for (const path of readsOfA) await harness.get(path, sessionA);

    // B invalidates A's guild while A is asking Discord for its roles.
    const roles = `/api/guilds/${world.guildOne.id}/roles`;
    const gate = held.hold(/\/roles$/);
    const fillA = harness.get(roles, sessionA);
    await gate.arrived;
    for (let i = 0; i < 40; i++) await invalidate(sessionB, world.guildOne.id, i % 2 ? 'ROLES' : 'GUILD');
    gate.release();
    expect((await fillA).status).toBe(200);

    // B logs in 200 times, reads 12 guilds it is not in (and again with ?fresh=true), makes
    // 400 filter reads and 12 message reads, and sends 16 anonymous logins with a forged CF-Connecting-IP.
    let noisy = sessionB;
    for (let i = 0; i < 200; i++) noisy = await harness.login(world.botB.token);
    for (let i = 0; i < 12; i++) {
      const stranger = harness.fake.addGuild({ name: `stranger ${i}` });
      await harness.get(`/api/guilds/${stranger.id}`, noisy);
      await harness.get(`/api/guilds/${stranger.id}?fresh=true`, noisy);
    }
    for (let i = 0; i < 400; i++) await harness.get(`/api/guilds/${world.guildTwo.id}/channels?type=${i % 20},${20 + Math.floor(i / 20)}`, noisy);
    for (let limit = 1; limit <= 12; limit++) await harness.get(`/api/channels/${world.twoText.id}/messages?limit=${limit}`, noisy);
    for (let i = 0; i < 16; i++) {
      const token = `${Buffer.from(String(200_000_000_000_000_000n + BigInt(i))).toString('base64url')}.AAAAAA.${'y'.repeat(38)}`;
      registerSecret(token);
      await harness.request('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': `203.0.113.${i}`, 'X-Forwarded-For': '198.51.100.66' },
        body: JSON.stringify({ token }),
      });
    }

    // A: its session lives, its entries are still cached (the fill B invalidated was stored),
    // it has spent none of its budget, and it still reads from Discord.
    expect((await harness.get('/api/auth/session', sessionA)).status).toBe(200);
    for (const path of [...readsOfA, roles]) expect((await harness.get(path, sessionA)).headers.get('X-Cache'), path).toBe('HIT');
    expect(harness.upstreamCalls(`/guilds/${world.guildOne.id}/roles`)).toBe(1);
    const tokenKeyA = await BotIdentities.tokenKeyOf(world.botA.token);
    expect(await harness.deps.invalidRequests.usedBy(tokenKeyA)).toBe(0);
    const fresh = await harness.get(`/api/guilds/${world.guildTwo.id}/roles`, sessionA);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('X-Cache')).toBe('MISS');
    // And B was held to its shares.
    const store = harness.deps.cache.store as MemoryResponseStore;
    expect(store.bytes).toBeLessThanOrEqual(20_000);
    expect(harness.deps.sessionStore.count()).toBeLessThanOrEqual(50);
    expect(harness.fake.calls.filter((call) => call.status === 403).length).toBe(10);
    expect(harness.upstreamCalls('/users/@me')).toBe(2 + 5); // A and B once, then LOGIN_RATE_LIMIT anonymous
  });
});
