import { describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';
import { seedScenario } from './support/scenario.js';

async function setup(env = {}) {
  const harness = new Harness({ env });
  const world = seedScenario(harness.fake);
  const sessionA = await harness.login(world.botA.token);
  const channelsPath = `/api/guilds/${world.guildOne.id}/channels`;
  const upstreamChannels = () => harness.upstreamCalls(`/guilds/${world.guildOne.id}/channels`);
  return { harness, world, sessionA, channelsPath, upstreamChannels };
}

describe('response cache', () => {
  it('answers a second read from the cache with no upstream call', async () => {
    const { harness, sessionA, channelsPath, upstreamChannels } = await setup();
    const first = await harness.get(channelsPath, sessionA);
    expect(first.headers.get('X-Cache')).toBe('MISS');
    const second = await harness.get(channelsPath, sessionA);
    expect(second.headers.get('X-Cache')).toBe('HIT');
    expect(await second.text()).toBe(await first.text());
    expect(upstreamChannels()).toBe(1);
  });

  it('sends Age, ETag and Cache-Control with the remaining freshness', async () => {
    const { harness, sessionA, channelsPath } = await setup();
    await harness.get(channelsPath, sessionA);
    harness.clock.advance(100_000);
    const hit = await harness.get(channelsPath, sessionA);
    expect(hit.headers.get('Age')).toBe('100');
    expect(hit.headers.get('ETag')).toMatch(/^".+"$/);
    expect(hit.headers.get('Cache-Control')).toBe('private, max-age=200');
    expect(hit.headers.get('Content-Type')).toMatch(/application\/json/);
  });

  it('expires each kind after its own TTL', async () => {
    const { harness, world, sessionA, channelsPath, upstreamChannels } = await setup({ CACHE_TTL_CHANNELS: '30' });
    const messagesPath = `/api/channels/${world.text.id}/messages?limit=5`;
    await harness.get(channelsPath, sessionA);
    await harness.get(messagesPath, sessionA);
    harness.clock.advance(11_000);
    expect((await harness.get(messagesPath, sessionA)).headers.get('X-Cache')).toBe('MISS');
    expect((await harness.get(channelsPath, sessionA)).headers.get('X-Cache')).toBe('HIT');
    harness.clock.advance(20_000);
    expect((await harness.get(channelsPath, sessionA)).headers.get('X-Cache')).toBe('MISS');
    expect(upstreamChannels()).toBe(2);
  });

  it('never gives one bot another bot’s cached data', async () => {
    const { harness, world, sessionA } = await setup();
    const sessionB = await harness.login(world.botB.token);
    const shared = `/api/guilds/${world.guildTwo.id}/channels`;
    expect((await harness.get(shared, sessionA)).headers.get('X-Cache')).toBe('MISS');
    expect((await harness.get(shared, sessionB)).headers.get('X-Cache')).toBe('MISS');
    expect(harness.upstreamCalls(`/guilds/${world.guildTwo.id}/channels`)).toBe(2);
    const onlyA = `/api/guilds/${world.guildOne.id}/channels`;
    expect((await harness.get(onlyA, sessionA)).status).toBe(200);
    const asB = await harness.get(onlyA, sessionB);
    expect(asB.status).toBe(403);
    expect(await asB.json()).toMatchObject({ code: 'MISSING_ACCESS' });
  });

  it('shares entries between sessions of one bot', async () => {
    const { harness, world, sessionA, channelsPath, upstreamChannels } = await setup();
    const otherSession = await harness.login(world.botA.token);
    await harness.get(channelsPath, sessionA);
    expect((await harness.get(channelsPath, otherSession)).headers.get('X-Cache')).toBe('HIT');
    expect(upstreamChannels()).toBe(1);
  });

  it('makes one upstream call for 100 concurrent misses of one key', async () => {
    const { harness, sessionA, channelsPath, upstreamChannels } = await setup();
    harness.fake.setLatency(20);
    const responses = await Promise.all(Array.from({ length: 100 }, () => harness.get(channelsPath, sessionA)));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(upstreamChannels()).toBe(1);
  });

  it('answers 304 to If-None-Match with the current ETag, 200 to a stale one', async () => {
    const { harness, sessionA, channelsPath } = await setup();
    const etag = (await harness.get(channelsPath, sessionA)).headers.get('ETag')!;
    const notModified = await harness.get(channelsPath, sessionA, { 'If-None-Match': etag });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('ETag')).toBe(etag);
    const stale = await harness.get(channelsPath, sessionA, { 'If-None-Match': '"other"' });
    expect(stale.status).toBe(200);
  });

  it('treats a conditional request with Cache-Control: no-cache (as fetch sends it) as a revalidation', async () => {
    const { harness, sessionA, channelsPath, upstreamChannels } = await setup();
    const etag = (await harness.get(channelsPath, sessionA)).headers.get('ETag')!;
    const revalidated = await harness.get(channelsPath, sessionA, { 'If-None-Match': etag, 'Cache-Control': 'no-cache' });
    expect(revalidated.status).toBe(304);
    expect(upstreamChannels()).toBe(1);
  });

  it('bypasses the cache for Cache-Control: no-cache and ?fresh=true, storing the fresh answer', async () => {
    const { harness, sessionA, channelsPath, upstreamChannels } = await setup();
    await harness.get(channelsPath, sessionA);
    const noCache = await harness.get(channelsPath, sessionA, { 'Cache-Control': 'no-cache' });
    expect(noCache.headers.get('X-Cache')).toBe('BYPASS');
    const fresh = await harness.get(`${channelsPath}?fresh=true`, sessionA);
    expect(fresh.headers.get('X-Cache')).toBe('BYPASS');
    expect(upstreamChannels()).toBe(3);
    expect((await harness.get(channelsPath, sessionA)).headers.get('X-Cache')).toBe('HIT');
  });

  it('reaches Discord for a type-filtered list read with ?fresh=true, and stores the fresh full list too', async () => {
    const { harness, world, sessionA, channelsPath, upstreamChannels } = await setup();
    const idsOf = async (response: Response) => ((await response.json()) as { id: string }[]).map((channel) => channel.id);
    expect((await harness.get(`${channelsPath}?type=0`, sessionA)).headers.get('X-Cache')).toBe('MISS');
    const added = harness.fake.addChannel(world.guildOne.id, { name: 'new-text', type: 0 });

    const fresh = await harness.get(`${channelsPath}?type=0&fresh=true`, sessionA);
    expect(fresh.headers.get('X-Cache')).toBe('BYPASS');
    expect(await idsOf(fresh)).toContain(added.id);
    expect(upstreamChannels()).toBe(2);
    const full = await harness.get(channelsPath, sessionA);
    expect(full.headers.get('X-Cache')).toBe('HIT');
    expect(await idsOf(full)).toContain(added.id);
  });

  it('stays within CACHE_MAX_BYTES, evicting the least recently used entries', async () => {
    const { harness, world, sessionA } = await setup({ CACHE_MAX_BYTES: '6000' });
    const pathOf = (limit: number) => `/api/channels/${world.text.id}/messages?limit=${limit}`;
    for (const limit of [1, 2, 3, 4, 5, 6]) await harness.get(pathOf(limit), sessionA);
    expect(harness.deps.cache.store.bytes!).toBeLessThanOrEqual(6000);
    expect((await harness.get(pathOf(1), sessionA)).headers.get('X-Cache')).toBe('MISS');
  });

  it('remembers Discord’s 404 briefly, so repeated reads cost one upstream call', async () => {
    const { harness, sessionA } = await setup();
    const path = '/api/channels/999999999999999999';
    expect((await harness.get(path, sessionA)).status).toBe(404);
    const again = await harness.get(path, sessionA);
    expect(again.status).toBe(404);
    expect(again.headers.get('X-Cache')).toBe('HIT');
    expect(harness.upstreamCalls('/channels/999999999999999999')).toBe(1);
  });
});
