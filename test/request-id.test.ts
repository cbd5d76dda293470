import { describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';
import { seedScenario } from './support/scenario.js';

function requestLines(logs: string[]): Record<string, unknown>[] {
  return logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.event === 'request');
}

describe('incoming X-Request-Id', () => {
  it('echoes a well-formed X-Request-Id and logs the request under it', async () => {
    const harness = new Harness();
    const response = await harness.request('/healthz', { headers: { 'X-Request-Id': 'dash-7f3a:42' } });
    expect(response.headers.get('X-Request-Id')).toBe('dash-7f3a:42');
    expect(requestLines(harness.logs).at(-1)).toMatchObject({ requestId: 'dash-7f3a:42', path: '/healthz' });
  });

  it('puts the incoming id in error bodies too', async () => {
    const harness = new Harness();
    const id = '0b0e8c4e-6a4e-4c8f-9d07-2f1b3c2a9e11';
    const response = await harness.request('/api/guilds', { headers: { 'X-Request-Id': id } });
    expect(response.status).toBe(401);
    expect(response.headers.get('X-Request-Id')).toBe(id);
    expect(await response.json()).toMatchObject({ requestId: id });
  });

  it('echoes it on a hit answered by the cached-read lane as well', async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    const path = `/api/guilds/${world.guildOne.id}/roles`;
    expect((await harness.get(path, sessionId)).headers.get('X-Cache')).toBe('MISS');
    const hit = await harness.get(path, sessionId, { 'X-Request-Id': 'lane_trace.1' });
    expect(hit.headers.get('X-Cache')).toBe('HIT');
    expect(hit.headers.get('X-Request-Id')).toBe('lane_trace.1');
    expect(requestLines(harness.logs).at(-1)).toMatchObject({ requestId: 'lane_trace.1', cache: 'HIT' });
  });

  it.each([
    ['too long', 'a'.repeat(65)],
    ['a space', 'trace 1'],
    ['a quote', 'trace"1'],
    ['a slash', 'trace/1'],
    ['a non-ASCII letter', 'tracé'],
  ])('refuses one with %s and answers with an id of its own', async (_, incoming) => {
    const harness = new Harness();
    const response = await harness.request('/healthz', { headers: { 'X-Request-Id': incoming } });
    const id = response.headers.get('X-Request-Id');
    expect(id).toMatch(/^[a-z0-9]{7,}-[a-z0-9]+$/);
    expect(id).not.toBe(incoming);
    const logged = requestLines(harness.logs).at(-1);
    expect(logged?.requestId).toBe(id);
  });

  it('refuses a malformed one on a lane hit too', async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    const path = `/api/guilds/${world.guildOne.id}/roles`;
    await harness.get(path, sessionId);
    const hit = await harness.get(path, sessionId, { 'X-Request-Id': 'x'.repeat(100) });
    expect(hit.headers.get('X-Cache')).toBe('HIT');
    expect(hit.headers.get('X-Request-Id')).toMatch(/^[a-z0-9]{7,}-[a-z0-9]+$/);
  });
});
