import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';
import { seedScenario } from '../support/scenario.js';
import { serveOnLoopback, type Served } from '../limits/served.js';

function logLines(harness: Harness): { level: string; event: string; status?: number }[] {
  return harness.logs.map((line) => JSON.parse(line) as { level: string; event: string; status?: number });
}

describe('a client that hangs up mid-body', () => {
  let served: Served | undefined;
  afterEach(async () => served?.close());

  it('is answered 400, not 500, and logs no error (in process: the body stream fails)', async () => {
    const harness = new Harness();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"token":"'));
        controller.error(new Error('aborted'));
      },
    });
    const response = await harness.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': '100' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'REQUEST_ABORTED' });
    expect(logLines(harness).filter((line) => line.level === 'error')).toEqual([]);
  });

  it('sends 9 of 100 declared bytes and closes: no 500 and no error-level log (real socket)', async () => {
    const harness = new Harness();
    served = await serveOnLoopback(harness.app);
    const { port } = new URL(served.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"token":');
    socket.destroy();
    // Bounded: the request line is logged once the app has given up on the body.
    for (let i = 0; i < 200 && !logLines(harness).some((line) => line.event === 'request'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const lines = logLines(harness);
    expect(lines.find((line) => line.event === 'request')?.status).toBe(400);
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
  });
});

describe('a 404', () => {
  it('does not echo the path, where a token or session id may have been pasted by mistake', async () => {
    const harness = new Harness();
    const secretLooking = 'm0xDdSecretSessionIdPastedHere';
    const response = await harness.request(`/api/${secretLooking}`);
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(text).not.toContain(secretLooking);
    expect(JSON.parse(text)).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('per-session answers', () => {
  it('carry Vary: Authorization and Cookie, on the router and on the cached-read lane alike', async () => {
    const harness = new Harness({ env: { CORS_ORIGINS: 'https://dash.example' } });
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    const path = `/api/guilds/${world.guildOne.id}/roles`;
    const miss = await harness.get(path, sessionId, { Origin: 'https://dash.example' });
    const hit = await harness.get(path, sessionId, { Origin: 'https://dash.example' });
    const filtered = await harness.get(`/api/guilds/${world.guildOne.id}/channels?type=0`, sessionId);
    expect(hit.headers.get('X-Cache')).toBe('HIT');
    for (const response of [miss, hit, filtered]) {
      const vary = (response.headers.get('Vary') ?? '').split(',').map((name) => name.trim());
      expect(vary).toEqual(expect.arrayContaining(['Authorization', 'Cookie']));
    }
    for (const response of [miss, hit]) expect(response.headers.get('Vary')).toContain('Origin');
  });
});
