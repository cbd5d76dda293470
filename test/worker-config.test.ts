import { describe, expect, it } from 'vitest';
import { buildWorkerHandler } from '../src/runtime/worker-service.js';

describe('a Worker with an invalid configuration', () => {
  const handler = buildWorkerHandler({ CACHE_TTL_MEMBERS: 'soon' });

  it('still answers /healthz 200: the isolate is alive', async () => {
    const response = await (await handler)(new Request('http://worker.test/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 503 CONFIG_ERROR naming the bad key', async () => {
    const response = await (await handler)(new Request('http://worker.test/readyz'));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: 'CONFIG_ERROR', keys: ['CACHE_TTL_MEMBERS'] });
  });

  it('answers everything else 500 CONFIG_ERROR, with the request id echoed', async () => {
    const response = await (await handler)(new Request('http://worker.test/api/guilds', { headers: { 'X-Request-Id': 'trace-1' } }));
    expect(response.status).toBe(500);
    expect(response.headers.get('X-Request-Id')).toBe('trace-1');
    expect(await response.json()).toMatchObject({ code: 'CONFIG_ERROR', requestId: 'trace-1' });
  });
});
