import { nodePeerAddress } from '../../src/runtime/node-peer-address.js';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';
import { seedScenario } from '../support/scenario.js';
import { recordResponse, registerSecret } from '../support/secrets.js';
import { serveOnLoopback, type Served } from './served.js';

/** A string with a bot token's shape (user id, timestamp, HMAC) that no bot has. */
function randomWellFormedToken(): string {
  const userId = String(100_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e15)));
  const random = (length: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(length))).toString('base64url').slice(0, length);
  const token = `${Buffer.from(userId).toString('base64url')}.${random(6)}.${random(38)}`;
  registerSecret(token);
  return token;
}

function loginWith(harness: Harness, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return harness.request('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ token }),
  });
}

describe('login guard', () => {
  it('refuses tokens of the wrong shape or length with 400, without asking Discord', async () => {
    const harness = new Harness();
    for (const token of ['abc', 'a.b.c', 'x'.repeat(200), `${'A'.repeat(24)}.${'B'.repeat(6)}`, 'not a token at all, really, honestly, truly!']) {
      const response = await loginWith(harness, token);
      expect(response.status, token).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'INVALID_TOKEN_FORMAT' });
    }
    expect(harness.fake.calls).toHaveLength(0);
  });

  it('lets at most LOGIN_RATE_LIMIT of 30 random well-formed tokens from one address reach Discord', async () => {
    const harness = new Harness();
    const answers: Response[] = [];
    for (let i = 0; i < 30; i++) answers.push(await loginWith(harness, randomWellFormedToken()));
    expect(harness.upstreamCalls('/users/@me')).toBe(10);
    expect(answers.slice(0, 10).every((answer) => answer.status === 401)).toBe(true);
    const refused = answers.slice(10);
    expect(refused.every((answer) => answer.status === 429)).toBe(true);
    expect(Number(refused[0]!.headers.get('Retry-After'))).toBe(60);
    expect(await refused[0]!.json()).toMatchObject({ code: 'LOGIN_RATE_LIMITED' });

    harness.clock.advance(60_000);
    expect((await loginWith(harness, randomWellFormedToken())).status).toBe(401);
    expect(harness.upstreamCalls('/users/@me')).toBe(11);
  });

  it('does not count logins with a token checked recently: they cost Discord nothing', async () => {
    const harness = new Harness({ env: { LOGIN_RATE_LIMIT: '2' } });
    const world = seedScenario(harness.fake);
    for (let i = 0; i < 20; i++) await harness.login(world.botA.token);
    expect(harness.upstreamCalls('/users/@me')).toBe(1);
  });

  it('believes X-Forwarded-For only with TRUST_PROXY=x-forwarded-for, and never a CF-Connecting-IP a client sent', async () => {
    const untrusting = new Harness({ env: { LOGIN_RATE_LIMIT: '3' } });
    const spoofed = [];
    for (let i = 0; i < 6; i++) spoofed.push((await loginWith(untrusting, randomWellFormedToken(), { 'X-Forwarded-For': `10.0.0.${i}` })).status);
    expect(spoofed).toEqual([401, 401, 401, 429, 429, 429]);

    const trusting = new Harness({ env: { LOGIN_RATE_LIMIT: '3', TRUST_PROXY: 'x-forwarded-for' } });
    const statusesFrom = async (headers: Record<string, string>) => {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await loginWith(trusting, randomWellFormedToken(), headers)).status);
      return statuses;
    };
    expect(await statusesFrom({ 'X-Forwarded-For': '198.51.100.7' })).toEqual([401, 401, 401, 429]);
    // The client may prepend hops; the last one is what the trusted proxy saw.
    expect(await statusesFrom({ 'X-Forwarded-For': '1.2.3.4, 198.51.100.7' })).toEqual([429, 429, 429, 429]);
    expect(await statusesFrom({ 'X-Forwarded-For': '198.51.100.8' })).toEqual([401, 401, 401, 429]);
    // Behind a plain proxy, CF-Connecting-IP is whatever the client wrote: ignored.
    expect(await statusesFrom({ 'CF-Connecting-IP': '2001:db8::1', 'X-Forwarded-For': '198.51.100.8' })).toEqual([429, 429, 429, 429]);
  });

  describe('over a real socket', () => {
    let served: Served | undefined;
    afterEach(async () => served?.close());

    /** A login from a chosen loopback source address (Linux routes all of 127/8 to lo). */
    function loginFrom(localAddress: string, token: string): Promise<number> {
      const body = JSON.stringify({ token });
      const url = new URL('/api/auth/login', served!.url);
      return new Promise((resolve, reject) => {
        const req = request(url, { method: 'POST', localAddress, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            void recordResponse(`login from ${localAddress}`, new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0 }));
            resolve(res.statusCode ?? 0);
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    }

    it('throttles per socket address on @hono/node-server', async () => {
      const harness = new Harness({ env: { LOGIN_RATE_LIMIT: '2' }, overrides: { peerAddress: nodePeerAddress } });
      served = await serveOnLoopback(harness.app);
      const first = [];
      for (let i = 0; i < 3; i++) first.push(await loginFrom('127.0.0.1', randomWellFormedToken()));
      expect(first).toEqual([401, 401, 429]);
      const second = [];
      for (let i = 0; i < 3; i++) second.push(await loginFrom('127.0.0.2', randomWellFormedToken()));
      expect(second).toEqual([401, 401, 429]);
    });
  });
});
