import { describe, expect, it } from 'vitest';
import { promClientExporter } from '../../src/metrics/prom-client-exporter.js';
import { Harness } from '../support/harness.js';
import { seedScenario } from '../support/scenario.js';
import { registerSecret } from '../support/secrets.js';

async function scrape(harness: Harness, headers: Record<string, string> = {}): Promise<string> {
  const response = await harness.request('/metrics', { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample line, e.g. value(text, 'guildgate_sessions'). */
function value(text: string, sample: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}

describe('GET /metrics', () => {
  it('counts requests by route and status, cache results, upstream calls, sessions and REST clients', async () => {
    const harness = new Harness({ env: { METRICS_PUBLIC: 'true' } });
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    const roles = `/api/guilds/${world.guildOne.id}/roles`;
    await harness.get(roles, sessionId);
    await harness.get(roles, sessionId);
    await harness.get(`${roles}?fresh=true`, sessionId);
    await harness.get(`/api/channels/${world.hidden.id}`, sessionId);
    await harness.request('/api/nothing-here');
    await harness.get(`/api/guilds/${world.botA.token}/roles`, sessionId);

    const text = await scrape(harness);
    expect(value(text, 'guildgate_http_requests_total{route="GET /api/guilds/:guildId/roles",status="200"}')).toBe(3);
    expect(value(text, 'guildgate_http_requests_total{route="GET /api/guilds/:guildId/roles",status="400"}')).toBe(1);
    expect(value(text, 'guildgate_http_requests_total{route="POST /api/auth/login",status="200"}')).toBe(1);
    expect(value(text, 'guildgate_http_requests_total{route="GET /api/channels/:channelId",status="403"}')).toBe(1);
    expect(value(text, 'guildgate_http_requests_total{route="unmatched",status="404"}')).toBe(1);
    expect(value(text, 'guildgate_cache_reads_total{result="HIT"}')).toBe(1);
    expect(value(text, 'guildgate_cache_reads_total{result="MISS"}')).toBe(2);
    expect(value(text, 'guildgate_cache_reads_total{result="BYPASS"}')).toBe(1);
    expect(value(text, 'guildgate_upstream_requests_total{route="/guilds/:id/roles",status="200"}')).toBe(2);
    expect(value(text, 'guildgate_upstream_requests_total{route="/users/@me",status="200"}')).toBe(1);
    expect(value(text, 'guildgate_upstream_requests_total{route="/channels/:id",status="403"}')).toBe(1);
    expect(value(text, 'guildgate_invalid_requests_used')).toBe(1);
    expect(value(text, 'guildgate_invalid_requests_budget')).toBe(8000);
    expect(value(text, 'guildgate_sessions')).toBe(1);
    expect(value(text, 'guildgate_rest_clients')).toBe(1);
    expect(text).not.toContain(world.botA.token);
  });

  it('counts rate-limited answers by who decided', async () => {
    const harness = new Harness({ env: { METRICS_PUBLIC: 'true' } });
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    harness.fake.setBucket('/guilds/:id/channels', { limit: 2, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) await harness.get(`/api/guilds/${world.guildOne.id}/channels?fresh=true`, sessionId);
    const text = await scrape(harness);
    expect(value(text, 'guildgate_rate_limited_total{source="guildgate"}')).toBe(1);
    expect(value(text, 'guildgate_http_requests_total{route="GET /api/guilds/:guildId/channels",status="429"}')).toBe(1);
  });

  it('is closed by default: 401 naming METRICS_TOKEN and METRICS_PUBLIC, whatever the request sends', async () => {
    const harness = new Harness();
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer anything' }];
    for (const headers of attempts) {
      const refused = await harness.request('/metrics', { headers });
      expect(refused.status).toBe(401);
      const body = (await refused.json()) as { code: string; error: string };
      expect(body.code).toBe('METRICS_UNAUTHORIZED');
      expect(body.error).toContain('METRICS_TOKEN');
      expect(body.error).toContain('METRICS_PUBLIC=true');
    }
  });

  it('refuses METRICS_PUBLIC=true together with METRICS_TOKEN as a configuration error', () => {
    expect(() => new Harness({ env: { METRICS_PUBLIC: 'true', METRICS_TOKEN: 'x'.repeat(32) } })).toThrow(/METRICS_PUBLIC/);
  });

  it('asks for METRICS_TOKEN when it is set', async () => {
    const metricsToken = 'metrics-token-for-tests-0123456789';
    registerSecret(metricsToken);
    const harness = new Harness({ env: { METRICS_TOKEN: metricsToken } });
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer wrong' }, { Authorization: metricsToken }];
    for (const headers of attempts) {
      const refused = await harness.request('/metrics', { headers });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ code: 'METRICS_UNAUTHORIZED' });
    }
    expect(await scrape(harness, { Authorization: `Bearer ${metricsToken}` })).toContain('guildgate_http_requests_total');
  });

  it('serves the same numbers plus process metrics through prom-client on Node', async () => {
    const harness = new Harness({ env: { METRICS_PUBLIC: 'true' }, overrides: { metricsExporter: promClientExporter } });
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sessionId);
    await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sessionId);
    const text = await scrape(harness);
    expect(text).toContain('# TYPE guildgate_http_requests_total counter');
    expect(value(text, 'guildgate_http_requests_total{route="GET /api/guilds/:guildId/roles",status="200"}')).toBe(2);
    expect(value(text, 'guildgate_cache_reads_total{result="HIT"}')).toBe(1);
    expect(value(text, 'guildgate_rest_clients')).toBe(1);
    expect(text).toContain('process_cpu_user_seconds_total');
    // Scraping twice does not double the counters (they are copied, not added, at each scrape).
    expect(value(await scrape(harness), 'guildgate_cache_reads_total{result="HIT"}')).toBe(1);
  });
});
