import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MakeRequest } from '../../src/discord/bot-pool.js';
import { Harness } from '../support/harness.js';
import { seedScenario } from '../support/scenario.js';
import { serveOnLoopback, type Served } from './served.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

/** guildgate on @hono/node-server; every upstream call's abort signal is kept for inspection. */
async function setup() {
  const upstreamSignals: AbortSignal[] = [];
  const harness: Harness = new Harness({
    overrides: {
      makeRequest: ((url: string, init: RequestInit) => {
        if (init.signal) upstreamSignals.push(init.signal);
        return harness.fake.makeRequest(url, init);
      }) as unknown as MakeRequest,
    },
  });
  const world = seedScenario(harness.fake);
  const sessionId = await harness.login(world.botA.token);
  upstreamSignals.length = 0;
  served = await serveOnLoopback(harness.app);
  const path = `/api/guilds/${world.guildOne.id}/channels`;
  const start = (signal?: AbortSignal) =>
    fetch(`${served!.url}${path}`, { headers: { Authorization: sessionId }, ...(signal ? { signal } : {}) });
  return { harness, world, upstreamSignals, start, upstreamPath: path.replace('/api', '') };
}

describe('client disconnects', () => {
  it('cancels the upstream call when its only waiter disconnects', async () => {
    const { harness, upstreamSignals, start, upstreamPath } = await setup();
    harness.fake.injectFault({ kind: 'hang', route: /\/channels$/ });
    const client = new AbortController();
    const pending = start(client.signal).catch((error: unknown) => error);
    await vi.waitFor(() => expect(harness.upstreamCalls(upstreamPath)).toBe(1));
    expect(harness.deps.cache.inFlight).toBe(1);
    client.abort();
    await pending;
    // Without cancellation the hung call would stay in flight for UPSTREAM_TIMEOUT_MS x attempts (30 s).
    await vi.waitFor(() => expect(harness.deps.cache.inFlight).toBe(0), { timeout: 2000 });
    expect(upstreamSignals.some((signal) => signal.aborted)).toBe(true);
    expect(harness.upstreamCalls(upstreamPath)).toBe(1);
  });

  it('keeps the upstream call going while another coalesced waiter still needs it', async () => {
    const { harness, upstreamSignals, start, upstreamPath } = await setup();
    harness.fake.setLatency(600);
    const leaving = new AbortController();
    const gone = start(leaving.signal).catch((error: unknown) => error);
    await vi.waitFor(() => expect(harness.upstreamCalls(upstreamPath)).toBe(1));
    const staying = start();
    await vi.waitFor(() => expect(harness.deps.cache.waiting).toBe(2));
    expect(harness.deps.cache.inFlight).toBe(1);
    leaving.abort();
    await gone;
    const response = await staying;
    expect(response.status).toBe(200);
    expect(response.headers.get('X-Cache')).toBe('MISS');
    expect(harness.upstreamCalls(upstreamPath)).toBe(1);
    expect(upstreamSignals.every((signal) => !signal.aborted)).toBe(true);
  });
});
