import { describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';
import { seedScenario } from './support/scenario.js';

/** Headers that must agree between the lane and the full route (X-Request-Id differs by design). */
function comparable(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'x-request-id') headers[name] = value;
  });
  return headers;
}

async function setup(env = {}) {
  const harness = new Harness({ env: { METRICS_PUBLIC: 'true', ...env } });
  const world = seedScenario(harness.fake);
  const sessionId = await harness.login(world.botA.token);
  return { harness, world, sessionId };
}

describe('cached reads answered before routing', () => {
  it('answer a hit exactly as the full route does', async () => {
    const { harness, world, sessionId } = await setup({ CORS_ORIGINS: 'https://dash.example' });
    const origin = { Origin: 'https://dash.example' };
    for (const path of ['/api/guilds', `/api/guilds/${world.guildOne.id}`, `/api/guilds/${world.guildOne.id}/channels`, `/api/guilds/${world.guildOne.id}/roles`, `/api/channels/${world.text.id}`]) {
      await harness.get(path, sessionId, origin);
      // A query string (even an empty one) sends the read through the router and handlers.
      const routed = await harness.get(`${path}?`, sessionId, origin);
      const laned = await harness.get(path, sessionId, origin);
      expect(laned.status, path).toBe(200);
      expect(comparable(laned), path).toEqual(comparable(routed));
      expect(laned.headers.get('X-Cache')).toBe('HIT');
      expect(laned.headers.get('X-Request-Id')).toMatch(/.+/);
      expect(await laned.text()).toBe(await routed.text());
    }
  });

  it('answers 304 to a matching If-None-Match, even with the no-cache fetch adds', async () => {
    const { harness, world, sessionId } = await setup();
    const path = `/api/guilds/${world.guildOne.id}/roles`;
    const etag = (await harness.get(path, sessionId)).headers.get('ETag')!;
    const revalidated = await harness.get(path, sessionId, { 'If-None-Match': etag, 'Cache-Control': 'no-cache' });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('ETag')).toBe(etag);
  });

  it('leaves bypasses, unknown sessions and revoked tokens to the full app', async () => {
    const { harness, world, sessionId } = await setup();
    const path = `/api/guilds/${world.guildOne.id}/channels`;
    await harness.get(path, sessionId);
    expect((await harness.get(path, sessionId, { 'Cache-Control': 'no-cache' })).headers.get('X-Cache')).toBe('BYPASS');
    expect((await harness.get(path, 'A'.repeat(21))).status).toBe(401);
    await harness.deps.sessions.revokeToken(await tokenKeyOf(world.botA.token));
    const revoked = await harness.get(path, sessionId);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'BOT_TOKEN_REVOKED' });
  });

  it('counts and logs each hit like any other request', async () => {
    const { harness, world, sessionId } = await setup();
    const path = `/api/guilds/${world.guildOne.id}/channels`;
    await harness.get(path, sessionId);
    harness.logs.length = 0;
    await harness.get(path, sessionId);
    const lines = harness.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ event: 'request', level: 'info', method: 'GET', path, status: 200, cache: 'HIT', session: expect.any(String) }),
    ]);
    const metrics = await (await harness.request('/metrics')).text();
    expect(metrics).toMatch(/guildgate_http_requests_total\{route="GET \/api\/guilds\/:guildId\/channels",status="200"\} 2/);
  });
});

async function tokenKeyOf(token: string): Promise<string> {
  const { BotIdentities } = await import('../src/discord/bot-identities.js');
  return BotIdentities.tokenKeyOf(token);
}
