import { describe, expect, it } from 'vitest';
import { MemoryResponseStore } from '../../src/cache/memory-response-store.js';
import { twoBots } from './tenants.js';

function readsOfA(guildId: string): string[] {
  return [`/api/guilds/${guildId}`, `/api/guilds/${guildId}/roles`, `/api/guilds/${guildId}/channels`];
}

describe('the response cache is shared fairly between bots', () => {
  it("keeps every one of bot A's cached reads while bot B makes 400 ?type= filter reads", async () => {
    const { harness, world, sessionA, sessionB } = await twoBots({ CACHE_MAX_BYTES: '20000' });
    for (const path of readsOfA(world.guildOne.id)) await harness.get(path, sessionA);
    for (let i = 0; i < 400; i++) {
      const types = `${i % 20},${20 + Math.floor(i / 20)}`; // 400 different filters
      const response = await harness.get(`/api/guilds/${world.guildTwo.id}/channels?type=${types}`, sessionB);
      expect(response.status).toBe(200);
    }
    expect(harness.upstreamCalls(`/guilds/${world.guildTwo.id}/channels`)).toBe(1);
    for (const path of readsOfA(world.guildOne.id)) expect((await harness.get(path, sessionA)).headers.get('X-Cache'), path).toBe('HIT');
    // Filters are derived from the cached full list: B holds one entry, not one per filter.
    expect(harness.deps.cache.store.entries).toBe(4);
  });

  it("makes bot B evict its own entries, not bot A's, when B's reads fill CACHE_MAX_BYTES", async () => {
    const { harness, world, sessionA, sessionB } = await twoBots({ CACHE_MAX_BYTES: '20000' });
    for (const path of readsOfA(world.guildOne.id)) await harness.get(path, sessionA);
    for (let limit = 1; limit <= 40; limit++) await harness.get(`/api/channels/${world.twoText.id}/messages?limit=${limit}`, sessionB);
    const store = harness.deps.cache.store as MemoryResponseStore;
    expect(store.bytes).toBeLessThanOrEqual(20_000);
    expect(store.bytesOf(world.botB.user.id)).toBeGreaterThan(store.bytesOf(world.botA.user.id));
    for (const path of readsOfA(world.guildOne.id)) expect((await harness.get(path, sessionA)).headers.get('X-Cache'), path).toBe('HIT');
  });

  it('holds one bot to CACHE_MAX_BYTES_PER_BOT even while the cache has room', async () => {
    const { harness, world, sessionB } = await twoBots({ CACHE_MAX_BYTES: '100000', CACHE_MAX_BYTES_PER_BOT: '5000' });
    for (let limit = 1; limit <= 40; limit++) await harness.get(`/api/channels/${world.twoText.id}/messages?limit=${limit}`, sessionB);
    const store = harness.deps.cache.store as MemoryResponseStore;
    expect(store.bytesOf(world.botB.user.id)).toBeLessThanOrEqual(5000);
    expect(store.bytesOf(world.botB.user.id)).toBeGreaterThan(2500);
  });
});
