import v8 from 'node:v8';
import vm from 'node:vm';
import { DefaultRestOptions } from '@discordjs/rest';
import { afterEach, describe, expect, it } from 'vitest';
import type { MakeRequest } from '../../src/discord/bot-pool.js';
import { createFakeDiscord, startFakeDiscordServer, type FakeDiscordServer } from '../../fake-discord/index.js';
import { Harness } from '../support/harness.js';
import { seedScenario } from '../support/scenario.js';

const TIMEOUT_MS = 300;
const RETRIES = 2;
const CEILING_MS = 1000;
/** The promise: timeout x attempts + wait ceiling; a little slack for the event loop. */
const BOUND_MS = TIMEOUT_MS * (RETRIES + 1) + CEILING_MS + 250;

let server: FakeDiscordServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** guildgate in process, calling the fake Discord over a real loopback socket with REST's own HTTP client. */
async function overRealSocket() {
  const fake = createFakeDiscord();
  const world = seedScenario(fake);
  server = await startFakeDiscordServer(fake, { port: 0 });
  const harness = new Harness({
    fake,
    env: {
      DISCORD_API_URL: server.url,
      UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
      UPSTREAM_RETRIES: String(RETRIES),
      MAX_RATE_LIMIT_WAIT_MS: String(CEILING_MS),
    },
    overrides: { makeRequest: DefaultRestOptions.makeRequest as MakeRequest },
  });
  const sessionId = await harness.login(world.botA.token);
  const read = async (path: string) => {
    const started = Date.now();
    const response = await harness.get(path, sessionId);
    return { response, ms: Date.now() - started, body: (await response.clone().json()) as { code?: string } };
  };
  return { fake, world, harness, sessionId, read };
}

async function stillServes(harness: Harness, sessionId: string, guildId: string): Promise<void> {
  expect((await harness.request('/healthz')).status).toBe(200);
  expect((await harness.get(`/api/guilds/${guildId}/roles?fresh=true`, sessionId)).status).toBe(200);
}

describe('upstream faults', () => {
  it('answers 502 to a 5xx storm after the retries, then serves again', async () => {
    const { fake, world, harness, sessionId, read } = await overRealSocket();
    fake.injectFault({ kind: 'status', status: 500, route: /\/channels$/ });
    const reads = await Promise.all(
      [world.guildOne.id, world.guildTwo.id].flatMap((id) => [read(`/api/guilds/${id}/channels`), read(`/api/guilds/${id}/channels?type=0`)]),
    );
    for (const { response, ms, body } of reads) {
      expect(response.status).toBe(502);
      expect(body.code).toBe('UPSTREAM_ERROR');
      expect(ms).toBeLessThan(BOUND_MS);
    }
    expect(fake.callsTo(`/guilds/${world.guildOne.id}/channels`)).toHaveLength(RETRIES + 1);
    for (const status of [502, 503, 504]) {
      fake.injectFault({ kind: 'status', status, times: RETRIES + 1, route: /\/roles$/ });
      expect((await read(`/api/guilds/${world.guildOne.id}/roles?fresh=true`)).response.status).toBe(502);
    }
    fake.clearFaults();
    await stillServes(harness, sessionId, world.guildOne.id);
  });

  it('answers 504 when Discord stays silent, within timeout x attempts + ceiling', async () => {
    const { fake, world, harness, sessionId, read } = await overRealSocket();
    fake.injectFault({ kind: 'hang', route: /\/channels$/ });
    const { response, ms, body } = await read(`/api/guilds/${world.guildOne.id}/channels`);
    expect(response.status).toBe(504);
    expect(body.code).toBe('UPSTREAM_TIMEOUT');
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(fake.callsTo(`/guilds/${world.guildOne.id}/channels`)).toHaveLength(RETRIES + 1);
    fake.clearFaults();
    await stillServes(harness, sessionId, world.guildOne.id);
  });

  it('answers 502 when Discord drops the connection', async () => {
    const { fake, world, harness, sessionId, read } = await overRealSocket();
    fake.injectFault({ kind: 'drop', route: /\/channels$/ });
    const { response, ms, body } = await read(`/api/guilds/${world.guildOne.id}/channels`);
    expect(response.status).toBe(502);
    expect(body.code).toBe('UPSTREAM_UNREACHABLE');
    expect(ms).toBeLessThan(BOUND_MS);
    fake.clearFaults();
    await stillServes(harness, sessionId, world.guildOne.id);
  });

  it('answers 502 when Discord refuses connections', async () => {
    const { world, harness, read } = await overRealSocket();
    await server!.close();
    server = undefined;
    const { response, ms, body } = await read(`/api/guilds/${world.guildOne.id}/channels`);
    expect(response.status).toBe(502);
    expect(body.code).toBe('UPSTREAM_UNREACHABLE');
    expect(ms).toBeLessThan(BOUND_MS);
    expect((await harness.request('/healthz')).status).toBe(200);
  });

  it('keeps that bound while the garbage collector runs (no deadline timer may be collected)', async () => {
    v8.setFlagsFromString('--expose-gc');
    const collectGarbage = vm.runInNewContext('gc') as () => void;
    const { harness, world, sessionId, blackHole } = await withBlackHole();
    blackHole.open = true;
    const collecting = setInterval(collectGarbage, 10);
    try {
      const answer = await Promise.race([
        harness.get(`/api/guilds/${world.guildOne.id}/channels`, sessionId).then((response) => response.status),
        new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3000)),
      ]);
      expect(answer).toBe(504);
    } finally {
      clearInterval(collecting);
    }
  });

  it('holds no client past the bound even when the HTTP call ignores its abort signal', async () => {
    const { harness, world, sessionId, blackHole } = await withBlackHole();
    blackHole.open = true;
    const started = Date.now();
    const response = await harness.get(`/api/guilds/${world.guildOne.id}/channels`, sessionId);
    const ms = Date.now() - started;
    expect(response.status).toBe(504);
    expect(ms).toBeGreaterThanOrEqual(100 * 2 + 200 - 20);
    expect(ms).toBeLessThan(100 * 2 + 200 + 250);
    blackHole.open = false;
    expect((await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sessionId)).status).toBe(200);
  });
});

/**
 * guildgate in process whose HTTP call, while the black hole is open, never answers and
 * ignores its abort signal; 100 ms timeout, one retry, 200 ms ceiling: a 400 ms bound.
 */
async function withBlackHole() {
  const blackHole = { open: false };
  const harness: Harness = new Harness({
    env: { UPSTREAM_TIMEOUT_MS: '100', UPSTREAM_RETRIES: '1', MAX_RATE_LIMIT_WAIT_MS: '200' },
    overrides: {
      makeRequest: ((url: string, init: RequestInit) =>
        blackHole.open ? new Promise(() => {}) : harness.fake.makeRequest(url, init)) as unknown as MakeRequest,
    },
  });
  const world = seedScenario(harness.fake);
  const sessionId = await harness.login(world.botA.token);
  return { harness, world, sessionId, blackHole };
}
