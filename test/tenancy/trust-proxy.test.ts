import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { addressKey } from '../../src/lib/address-key.js';
import { Harness } from '../support/harness.js';
import { registerSecret } from '../support/secrets.js';

/** A well-formed token that no bot has (the fake answers 401). */
function strangerToken(i: number): string {
  const token = `${Buffer.from(String(100_000_000_000_000_000n + BigInt(i))).toString('base64url')}.AAAAAA.${'x'.repeat(38)}`;
  registerSecret(token);
  return token;
}

async function loginStatuses(harness: Harness, count: number, headers: (i: number) => Record<string, string>): Promise<number[]> {
  const statuses = [];
  for (let i = 0; i < count; i++) {
    const response = await harness.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers(i) },
      body: JSON.stringify({ token: strangerToken(i) }),
    });
    statuses.push(response.status);
  }
  return statuses;
}

describe('TRUST_PROXY names the header it trusts', () => {
  it('refuses TRUST_PROXY=true with a ConfigError that says what to write instead', () => {
    expect(() => parseConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY.*cloudflare.*x-forwarded-for/);
    expect(parseConfig({}).trustProxy).toEqual({ kind: 'none' });
    expect(parseConfig({ TRUST_PROXY: 'cloudflare' }).trustProxy).toEqual({ kind: 'cloudflare' });
    expect(parseConfig({ TRUST_PROXY: 'x-forwarded-for' }).trustProxy).toEqual({ kind: 'forwarded', hops: 1 });
    expect(parseConfig({ TRUST_PROXY: '2' }).trustProxy).toEqual({ kind: 'forwarded', hops: 2 });
  });

  it('throttles 16 anonymous logins that each claim another CF-Connecting-IP behind a plain proxy', async () => {
    const harness = new Harness({ env: { TRUST_PROXY: 'x-forwarded-for', LOGIN_RATE_LIMIT: '10' } });
    const statuses = await loginStatuses(harness, 16, (i) => ({ 'CF-Connecting-IP': `203.0.113.${i}`, 'X-Forwarded-For': '198.51.100.1' }));
    expect(statuses.filter((status) => status === 429)).toHaveLength(6);
    expect(harness.upstreamCalls('/users/@me')).toBe(10);
  });

  it('reads CF-Connecting-IP behind Cloudflare, and X-Forwarded-For hops from the right', async () => {
    const cloudflare = new Harness({ env: { TRUST_PROXY: 'cloudflare', LOGIN_RATE_LIMIT: '2' } });
    expect(await loginStatuses(cloudflare, 3, () => ({ 'CF-Connecting-IP': '203.0.113.9', 'X-Forwarded-For': '10.0.0.1' }))).toEqual([401, 401, 429]);
    expect(await loginStatuses(cloudflare, 1, () => ({ 'CF-Connecting-IP': '203.0.113.10' }))).toEqual([401]);

    const twoHops = new Harness({ env: { TRUST_PROXY: '2', LOGIN_RATE_LIMIT: '2' } });
    // client-written, client (added by the outer proxy), outer proxy (added by the inner one)
    const statuses = await loginStatuses(twoHops, 3, (i) => ({ 'X-Forwarded-For': `10.9.9.${i}, 203.0.113.7, 192.0.2.1` }));
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('keys IPv6 clients by their /64', async () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::ffff:192.0.2.5')).toBe('192.0.2.5');
    expect(addressKey('192.0.2.5')).toBe('192.0.2.5');
    const harness = new Harness({ env: { TRUST_PROXY: 'cloudflare', LOGIN_RATE_LIMIT: '3' } });
    const statuses = await loginStatuses(harness, 5, (i) => ({ 'CF-Connecting-IP': `2001:db8:1:2::${i + 1}` }));
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});
