import { describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';
import { seedScenario } from './support/scenario.js';

describe('observability', () => {
  it('sends X-Request-Id on every response, errors included', async () => {
    const harness = new Harness();
    const ids = new Set<string>();
    for (const path of ['/healthz', '/api/nope', '/api/guilds']) {
      const response = await harness.request(path);
      const id = response.headers.get('X-Request-Id');
      expect(id, path).toBeTruthy();
      ids.add(id!);
    }
    expect(ids.size).toBe(3);
  });

  it('writes one JSON log line per request with a session fingerprint, never the id or token', async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    harness.logs.length = 0;
    await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sessionId);
    const lines = harness.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter((line) => line.event === 'request');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      path: `/api/guilds/${world.guildOne.id}/roles`,
      status: 200,
      cache: 'MISS',
      session: expect.stringMatching(/^[A-Za-z0-9_-]{10}$/),
      requestId: expect.any(String),
      ms: expect.any(Number),
    });
    const text = harness.logs.join('\n');
    expect(text).not.toContain(sessionId);
    expect(text).not.toContain(world.botA.token);
  });

  it('logs session creation and end as events', async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    await harness.request('/api/auth/logout', { method: 'POST', headers: { Authorization: sessionId } });
    const events = harness.logs.map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toContain('session.created');
    expect(events).toContain('session.ended');
  });

  it('redacts path segments that could hold a secret', async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    await harness.request(`/api/guilds/${world.botA.token}/channels`);
    expect(harness.logs.join('\n')).not.toContain(world.botA.token);
    expect(harness.logs.at(-1)).toContain(':redacted');
  });

  it('answers CORS with * by default, exposing the cache and request headers', async () => {
    const harness = new Harness();
    const response = await harness.request('/healthz', { headers: { Origin: 'https://dash.example' } });
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const exposed = response.headers.get('Access-Control-Expose-Headers')!;
    for (const name of ['X-Cache', 'X-Request-Id', 'Retry-After', 'ETag']) expect(exposed).toContain(name);
  });

  it('answers preflights and allows only CORS_ORIGINS when set', async () => {
    const harness = new Harness({ env: { CORS_ORIGINS: 'https://a.example, https://b.example' } });
    const preflight = await harness.request('/api/guilds', {
      method: 'OPTIONS',
      headers: { Origin: 'https://b.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('https://b.example');
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toContain('Authorization');
    const foreign = await harness.request('/healthz', { headers: { Origin: 'https://evil.example' } });
    expect(foreign.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('answers /healthz and /readyz', async () => {
    const harness = new Harness();
    expect(await (await harness.request('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await harness.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', sessionStore: 'memory' });
  });
});
