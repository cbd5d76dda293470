import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFakeDiscord } from '../../fake-discord/index.js';
import { Harness } from '../support/harness.js';
import { seedScenario } from '../support/scenario.js';

/** Answers that mean "your input was wrong": each must be given without asking Discord. */
const INPUT_ERRORS = new Set([
  'INVALID_INPUT',
  'INVALID_JSON',
  'IDEMPOTENCY_KEY_REUSED',
  'INVALID_TOKEN_FORMAT',
  'MISSING_SESSION',
  'INVALID_SESSION',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'NO_DEFAULT_GUILD',
  'OAUTH_STATE_MISMATCH',
  'USER_SESSION_REQUIRED',
  'INVALID_SIGNATURE',
  'CSRF_REJECTED',
]);

/** Fast enough (a few seconds) to run the full count everywhere, CI included. */
const NUM_RUNS = 2000;

/** Every feature on: Login with Discord (bot A's application) and Webhook Events (the fake's key). */
async function setup() {
  const fake = createFakeDiscord();
  const world = seedScenario(fake);
  const { clientSecret } = fake.oauthApp(world.botA.user.id);
  const harness = new Harness({
    fake,
    env: {
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '100000',
      DISCORD_CLIENT_ID: world.botA.user.id,
      DISCORD_CLIENT_SECRET: clientSecret,
      DISCORD_BOT_TOKEN: world.botA.token,
      OAUTH_REDIRECT_URI: 'http://localhost/api/oauth/callback',
      DISCORD_PUBLIC_KEY: await fake.webhookEvents.publicKeyHex(),
    },
  });
  return { harness, world };
}

function arbitraries(world: Awaited<ReturnType<typeof setup>>['world']) {
  const ids = [world.guildOne.id, world.guildTwo.id, world.text.id, world.hidden.id, world.members[0]!.user.id];
  const segment = fc.oneof(
    fc.constantFrom(...ids, '@me', '', '..', '%00', '123', '1'.repeat(25), '18446744073709551616', 'null', 'true'),
    fc.string({ maxLength: 24 }),
    fc.stringMatching(/^\d{15,22}$/),
  );
  const template = fc.constantFrom(
    '/api/auth/login', '/api/auth/logout', '/api/auth/session', '/api/guilds', '/api/guilds/:a', '/api/guilds/:a/channels',
    '/api/guilds/:a/roles', '/api/guilds/:a/members', '/api/guilds/:a/members/:b', '/api/channels/:a',
    '/api/channels/:a/messages', '/api/members', '/api/channels', '/api/messages', '/healthz', '/readyz', '/metrics',
    '/api/cache/invalidate', '/:a', '/api/:a/:b',
    // The writes, and the reads that came with them.
    '/api/channels/:a/messages/:b', '/api/guilds/:a/roles/:b', '/api/guilds/:a/members/:b/roles/:a', '/api/guilds/:a/members/search',
    // Login with Discord, Webhook Events, the reference and the console (not /api/events: a stream stays open).
    '/api/oauth/status', '/api/oauth/login', '/api/oauth/callback', '/api/oauth/token', '/api/me', '/api/me/guilds',
    '/api/discord/webhook-events', '/openapi.json', '/docs', '/docs/:a', '/console', '/console/:a', '/favicon.ico',
  );
  const path = fc.tuple(template, segment, segment).map(([t, a, b]) =>
    t.replace(':a', encodeURIComponent(a)).replace(':b', encodeURIComponent(b)),
  );
  const queryValue = fc.oneof(fc.constantFrom(...ids, '0', '1', '100', '1000', '1001', '-1', 'true', 'false', '', '0,2', 'abc'), fc.string({ maxLength: 12 }));
  const query = fc
    .array(fc.tuple(fc.constantFrom('limit', 'after', 'before', 'around', 'all', 'type', 'guildId', 'channelId', 'fresh', 'x', 'query', 'manageable', 'returnTo', 'code', 'state'), queryValue), { maxLength: 4 })
    .map((pairs) => (pairs.length === 0 ? '' : `?${new URLSearchParams(pairs).toString()}`));
  const headerValue = fc.oneof(fc.constantFrom('no-cache', '*', '"abc"', 'Bearer', 'Bearer x', 'application/json', 'text/plain', ''), fc.string({ maxLength: 40 }));
  const headers = fc.dictionary(
    fc.constantFrom('Cache-Control', 'If-None-Match', 'Content-Type', 'Origin', 'X-Forwarded-For', 'CF-Connecting-IP', 'Accept', 'Content-Length', 'Idempotency-Key', 'X-Audit-Log-Reason', 'Cookie', 'X-Signature-Ed25519', 'X-Signature-Timestamp'),
    headerValue.map((value) => value.replace(/[^\x20-\x7e]/g, '')),
    { maxKeys: 4 },
  );
  // Write bodies near Discord's limits: most are invalid (a key too many, a field too long), some are sent.
  const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('x'.repeat(2000), 'x'.repeat(2001), 'é'.repeat(101), ''));
  const embed = fc.record({ title: text, description: text, fields: fc.array(fc.record({ name: text, value: text }), { maxLength: 3 }) }, { requiredKeys: [] });
  const writeBody = fc.record(
    {
      content: fc.oneof(text, fc.integer(), fc.constant(null)),
      embeds: fc.oneof(fc.array(embed, { maxLength: 12 }), fc.constant('no')),
      allowed_mentions: fc.oneof(fc.constant({ parse: [] }), fc.constant({ parse: ['everyone'], x: 1 })),
      name: text,
      nick: fc.oneof(text, fc.constant(null)),
      color: fc.oneof(fc.integer(), fc.constant(0x1000000)),
      permissions: fc.oneof(fc.constantFrom('8', '0', 'abc'), fc.integer()),
      rate_limit_per_user: fc.integer({ min: -1, max: 30000 }),
      communication_disabled_until: fc.oneof(fc.constant(null), fc.constantFrom('2000-01-01T00:00:00Z', 'soon')),
      roles: fc.array(fc.constantFrom(...ids, 'x'), { maxLength: 3 }),
      unknown_key: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  );
  const tokenLike = fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}$/));
  const body = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 200 }),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
    fc.record({ token: fc.oneof(tokenLike, fc.integer(), fc.constant(null)), guildId: fc.oneof(fc.constantFrom(...ids), fc.string(), fc.integer()) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
    fc.constant('x'.repeat(9000)),
    writeBody.map((value) => JSON.stringify(value)),
  );
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
  const auth = fc.constantFrom('session', 'bearer', 'none', 'garbage');
  return fc.record({ method, path, query, headers, body, auth });
}

describe('fuzzing every route', () => {
  it(`never answers 5xx, never crashes, never calls Discord for invalid input (${NUM_RUNS} cases)`, { timeout: 300_000 }, async () => {
    const { harness, world } = await setup();
    const seen = { inputErrors: 0, upstreamCalls: 0 };
    let sessionId = await harness.login(world.botA.token, world.guildOne.id);
    await fc.assert(
      fc.asyncProperty(arbitraries(world), async (input) => {
        const headers = new Headers(input.headers);
        if (input.auth === 'session') headers.set('Authorization', sessionId);
        if (input.auth === 'bearer') headers.set('Authorization', `Bearer ${sessionId}`);
        if (input.auth === 'garbage') headers.set('Authorization', 'Bearer V1StGXR8_Z5jdHi6B-myT');
        const withBody = input.body !== undefined && input.method !== 'GET' && input.method !== 'HEAD';
        const callsBefore = harness.fake.calls.length;
        const response = await harness.request(`${input.path}${input.query}`, {
          method: input.method,
          headers,
          ...(withBody ? { body: input.body } : {}),
        });
        expect(response.status).toBeLessThan(500);
        // A fuzzed logout may end the session; keep fuzzing the routes behind it.
        if (input.path.startsWith('/api/auth/logout') && response.status === 200) {
          sessionId = await harness.login(world.botA.token, world.guildOne.id);
        }
        if (response.status >= 400 && input.method !== 'HEAD') {
          const answer = (await response.json()) as { code: string; requestId: string };
          expect(answer.requestId).toEqual(expect.any(String));
          if (INPUT_ERRORS.has(answer.code)) {
            seen.inputErrors++;
            expect(harness.fake.calls.length, answer.code).toBe(callsBefore);
          }
        }
        if (harness.fake.calls.length > callsBefore) seen.upstreamCalls++;
      }),
      { numRuns: NUM_RUNS },
    );
    // The property told both kinds apart: invalid inputs were refused, valid ones reached Discord.
    expect(seen.inputErrors).toBeGreaterThan(NUM_RUNS / 4);
    expect(seen.upstreamCalls).toBeGreaterThan(0);
    expect((await harness.request('/healthz')).status).toBe(200);
    expect((await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sessionId)).status).toBe(200);
  });
});
