import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import { KvSessionStore, type KvNamespace } from '../src/sessions/kv-store.js';
import { TokenSealer } from '../src/sessions/token-seal.js';
import { createFakeDiscord, type FakeDiscord } from '../fake-discord/index.js';
import { Harness } from './support/harness.js';
import { ManualClock } from './support/manual-clock.js';
import { registerSecret } from './support/secrets.js';

/**
 * The KV session store against a real local KV namespace (Miniflare's, as wrangler dev uses),
 * driven through guildgate's HTTP API in process with an injected clock. KV's own expiry runs
 * on real time, so these tests read the expiry KV reports instead of waiting for it.
 */
interface LocalKv extends KvNamespace {
  list(options?: { prefix?: string }): Promise<{ keys: { name: string; expiration?: number }[] }>;
}

const SECRET = `kv-test-${randomBytes(24).toString('hex')}`;
registerSecret(SECRET);

let dispose: () => Promise<void>;
let kv: LocalKv;

beforeAll(async () => {
  const proxy = await getPlatformProxy<{ SESSIONS: LocalKv }>({
    configPath: 'wrangler.toml',
    persist: false,
    envFiles: [],
    remoteBindings: false,
  });
  dispose = proxy.dispose;
  kv = proxy.env.SESSIONS;
}, 60_000);

afterAll(async () => {
  await dispose?.();
});

beforeEach(async () => {
  const { keys } = await kv.list();
  await Promise.all(keys.map((key) => kv.delete(key.name)));
});

interface Isolate {
  harness: Harness;
  clock: ManualClock;
}

/** One guildgate "isolate": its own memory, the shared KV namespace. */
async function isolate(fake: FakeDiscord, env: Record<string, string> = {}, secret = SECRET): Promise<Isolate> {
  const clock = new ManualClock(Date.now());
  const sealer = await TokenSealer.fromSecret(secret);
  const sessionStore = new KvSessionStore({ namespace: kv, sealer, clock, maxAgeSeconds: 7 * 24 * 3600 });
  const harness = new Harness({ fake, env: { SESSION_IDLE_TTL: '3600', ...env }, overrides: { clock, sessionStore } });
  return { harness, clock };
}

function seeded(): { fake: FakeDiscord; token: string; guildId: string } {
  const fake = createFakeDiscord();
  const bot = fake.addBot();
  const guild = fake.addGuild({ botIds: [bot.user.id] });
  fake.addChannel(guild.id, { type: 0 });
  return { fake, token: bot.token, guildId: guild.id };
}

async function sessionEntries(): Promise<{ name: string; expiration?: number; value: string }[]> {
  const { keys } = await kv.list({ prefix: 'session:' });
  return Promise.all(keys.map(async (key) => ({ ...key, value: (await kv.get(key.name, 'text')) ?? '' })));
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('sessions in Workers KV', () => {
  it('keys a session by a hash of its id, seals its token, and lets it expire with the idle TTL', async () => {
    const { fake, token } = seeded();
    const { harness } = await isolate(fake);
    const sessionId = await harness.login(token);
    const entries = await sessionEntries();
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry!.name).not.toContain(sessionId);
    expect(entry!.value).toContain('sealedToken');
    expect(entry!.value).not.toContain(token);
    expect(entry!.expiration).toBeGreaterThanOrEqual(nowSeconds() + 3600 - 5);
    expect(entry!.expiration).toBeLessThanOrEqual(nowSeconds() + 3600 + 1);
  });

  it('raises an idle TTL under a minute to the 60 s KV requires', async () => {
    const { fake, token } = seeded();
    const { harness } = await isolate(fake, { SESSION_IDLE_TTL: '10' });
    const sessionId = await harness.login(token);
    expect((await harness.get('/api/auth/session', sessionId)).status).toBe(200);
    const [entry] = await sessionEntries();
    expect(entry!.expiration).toBeGreaterThanOrEqual(nowSeconds() + 60 - 5);
    expect(entry!.expiration).toBeLessThanOrEqual(nowSeconds() + 60 + 1);
  });

  it('slides the idle expiry with at most one write per tenth of the idle TTL', async () => {
    const { fake, token } = seeded();
    const { harness, clock } = await isolate(fake, { SESSION_IDLE_TTL: '1000' });
    const sessionId = await harness.login(token);
    const refreshedAt = async () => (JSON.parse((await sessionEntries())[0]!.value) as { refreshedAt: number }).refreshedAt;
    const loggedInAt = clock.now();
    expect(await refreshedAt()).toBe(loggedInAt);

    clock.advance(50_000); // under a tenth of 1000 s: reads do not write
    expect((await harness.get('/api/auth/session', sessionId)).status).toBe(200);
    expect((await harness.get('/api/auth/session', sessionId)).status).toBe(200);
    expect(await refreshedAt()).toBe(loggedInAt);

    clock.advance(60_000); // past a tenth: the next read pushes the expiry back
    expect((await harness.get('/api/auth/session', sessionId)).status).toBe(200);
    expect(await refreshedAt()).toBe(clock.now());
  });

  it('keeps answering when KV refuses the sliding refresh (one write per key per second)', async () => {
    const { fake, token, guildId } = seeded();
    let refusedPuts = 0;
    let refusing = false;
    const picky: KvNamespace = {
      get: (key, type) => kv.get(key, type),
      delete: (key) => kv.delete(key),
      put: async (key, value, options) => {
        if (!refusing) return kv.put(key, value, options);
        refusedPuts++;
        throw new Error('KV PUT failed: 429 Too Many Requests');
      },
    };
    const clock = new ManualClock(Date.now());
    const sealer = await TokenSealer.fromSecret(SECRET);
    const sessionStore = new KvSessionStore({ namespace: picky, sealer, clock, maxAgeSeconds: 7 * 24 * 3600 });
    const harness = new Harness({ fake, env: { SESSION_IDLE_TTL: '1000' }, overrides: { clock, sessionStore } });
    const sessionId = await harness.login(token);
    clock.advance(200_000); // past a tenth of the idle TTL: every read finds the entry due
    refusing = true;
    const reads = await Promise.all(Array.from({ length: 8 }, () => harness.get(`/api/guilds/${guildId}/channels`, sessionId)));
    expect(reads.map((read) => read.status)).toEqual(Array(8).fill(200));
    expect(refusedPuts).toBeGreaterThan(0);
    refusing = false;
    expect((await harness.get('/api/auth/session', sessionId)).status).toBe(200);
  });

  it('shares sessions between isolates, and logout removes them from KV', async () => {
    const { fake, token, guildId } = seeded();
    const first = await isolate(fake);
    const second = await isolate(fake);
    const sessionId = await first.harness.login(token);
    expect((await second.harness.get(`/api/guilds/${guildId}/channels`, sessionId)).status).toBe(200);
    expect((await second.harness.request('/api/auth/logout', { method: 'POST', headers: { Authorization: sessionId } })).status).toBe(200);
    expect(await sessionEntries()).toEqual([]);
    expect((await first.harness.get('/api/auth/session', sessionId)).status).toBe(401);
  });

  it('ends the sessions of a revoked token in every isolate, through a marker in KV', async () => {
    const { fake, token, guildId } = seeded();
    const first = await isolate(fake);
    const second = await isolate(fake);
    const sessionA = await first.harness.login(token);
    const sessionB = await first.harness.login(token);
    fake.revokeToken(token);
    const revoked = await first.harness.get(`/api/guilds/${guildId}/channels`, sessionA);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'BOT_TOKEN_REVOKED' });
    expect((await kv.list({ prefix: 'revoked:' })).keys).toHaveLength(1);
    const elsewhere = await second.harness.get('/api/auth/session', sessionB);
    expect(elsewhere.status).toBe(401);
    expect(await elsewhere.json()).toMatchObject({ code: 'BOT_TOKEN_REVOKED' });
  });

  it('treats a session sealed under another SESSION_SECRET as unknown: 401, not 500', async () => {
    const { fake, token } = seeded();
    const before = await isolate(fake);
    const sessionId = await before.harness.login(token);
    const rotated = `rotated-${randomBytes(24).toString('hex')}`;
    registerSecret(rotated);
    const after = await isolate(fake, {}, rotated);
    const response = await after.harness.get('/api/auth/session', sessionId);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'INVALID_SESSION' });
  });
});
