import { LRUCache } from 'lru-cache';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryResponseStore } from '../../src/cache/memory-response-store.js';
import type { CachedResponse } from '../../src/cache/cached-response.js';
import { cacheKey } from '../../src/cache/response-store.js';
import { ManualClock } from '../support/manual-clock.js';
import { twoBots } from './tenants.js';

describe('an invalidation is scoped to the bot that asked', () => {
  it("does not stop another bot's concurrent fill of MESSAGES from being stored", async () => {
    const { harness, world, held, sessionA, sessionB, invalidate } = await twoBots();
    const messages = `/api/channels/${world.twoText.id}/messages?limit=3`;
    const gate = held.hold(/\/messages$/);
    const fillB = harness.get(messages, sessionB);
    await gate.arrived; // B's fill is asking Discord
    expect((await invalidate(sessionA, world.guildOne.id, 'MESSAGES')).status).toBe(200);
    gate.release();
    expect((await fillB).status).toBe(200);
    expect((await harness.get(messages, sessionB)).headers.get('X-Cache')).toBe('HIT');
    expect(harness.upstreamCalls(`/channels/${world.twoText.id}/messages`)).toBe(1);
  });

  it("does not stop another bot's fill of ROLES when it names a guild the asking bot is not in", async () => {
    const { harness, world, held, sessionA, sessionB, invalidate } = await twoBots();
    const roles = `/api/guilds/${world.guildOne.id}/roles`;
    const gate = held.hold(/\/roles$/);
    const fillA = harness.get(roles, sessionA);
    await gate.arrived;
    expect((await invalidate(sessionB, world.guildOne.id, 'ROLES')).status).toBe(200);
    gate.release();
    expect((await fillA).status).toBe(200);
    expect((await harness.get(roles, sessionA)).headers.get('X-Cache')).toBe('HIT');
    expect(harness.upstreamCalls(`/guilds/${world.guildOne.id}/roles`)).toBe(1);
  });

  it("still stops the asking bot's own fill, and drops none of the other bot's entries", async () => {
    const { harness, world, held, sessionA, sessionB, invalidate } = await twoBots();
    const roles = `/api/guilds/${world.guildTwo.id}/roles`;
    await harness.get(roles, sessionB);
    const gate = held.hold(/\/roles$/);
    const fillA = harness.get(roles, sessionA);
    await gate.arrived;
    expect(await (await invalidate(sessionA, world.guildTwo.id, 'ROLES')).json()).toMatchObject({ dropped: 0 });
    gate.release();
    await fillA;
    expect((await harness.get(roles, sessionA)).headers.get('X-Cache')).toBe('MISS');
    expect((await harness.get(roles, sessionB)).headers.get('X-Cache')).toBe('HIT');
  });

  it('rate-limits POST /api/cache/invalidate per session', async () => {
    const { harness, world, sessionA, sessionB, invalidate } = await twoBots({ INVALIDATE_RATE_LIMIT: '3' });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await invalidate(sessionA, world.guildOne.id, 'ROLES')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await invalidate(sessionA, world.guildOne.id, 'ROLES');
    expect(Number(refused.headers.get('Retry-After'))).toBe(60);
    expect(await refused.json()).toMatchObject({ code: 'INVALIDATE_RATE_LIMITED' });
    expect((await invalidate(sessionB, world.guildTwo.id, 'ROLES')).status).toBe(200);
    harness.clock.advance(60_000);
    expect((await invalidate(sessionA, world.guildOne.id, 'ROLES')).status).toBe(200);
  });
});

describe('the memory cache indexes entries by bot, kind and guild', () => {
  afterEach(() => vi.restoreAllMocks());

  function entry(clock: ManualClock, guildId: string | null, kind: CachedResponse['kind'] = 'roles'): CachedResponse {
    const now = clock.now();
    return { status: 200, body: new Uint8Array(10), etag: '"a"', storedAt: now, expiresAt: now + 60_000, kind, guildId };
  }

  it('drops what an invalidation names without walking the other 100,000 entries', () => {
    const clock = new ManualClock();
    const store = new MemoryResponseStore({ maxBytes: 1 << 30, clock });
    for (let i = 0; i < 100_000; i++) store.set(cacheKey(`10000000000000${i % 50}`, `/guilds/${i}/roles`), entry(clock, String(i)));
    store.set(cacheKey('20000000000000000', '/guilds/7/roles'), entry(clock, '7'));
    store.set(cacheKey('20000000000000000', '/channels/9/messages?latest=&limit=5'), entry(clock, null, 'messages'));
    const walks = ['entries', 'keys', 'values', 'forEach', 'rentries', 'rkeys', 'rvalues'] as const;
    const spies = walks.map((name) => vi.spyOn(LRUCache.prototype, name));

    expect(store.invalidate({ botId: '20000000000000000', guildId: '7', kind: 'roles' })).toBe(1);
    expect(store.invalidate({ botId: '20000000000000000', guildId: '8', kind: 'messages' })).toBe(1);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    expect(store.entries).toBe(100_000);
    // A bot's own config:update names no bot: every bot's entries of that guild go.
    expect(store.invalidate({ guildId: '123', kind: 'roles' })).toBe(1);
    expect(store.entries).toBe(99_999);
  });
});
