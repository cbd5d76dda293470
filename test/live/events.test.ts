import { describe, expect, it } from 'vitest';
import { createFakeDiscord, type FakeDiscord } from '../../fake-discord/index.js';
import { checkConformance } from '../support/conformance.js';
import { Harness } from '../support/harness.js';
import { ManualTicker } from '../support/manual-ticker.js';
import { recordEmitted, recordResponse } from '../support/secrets.js';
import { dataOf, SseReader } from '../support/sse-reader.js';

const WEBHOOK_URL = 'http://guildgate.test/api/discord/webhook-events';

interface World {
  harness: Harness;
  fake: FakeDiscord;
  ticker: ManualTicker;
  bots: { token: string; id: string }[];
  guildId: string;
  otherGuildId: string;
}

/** Two bots; the first is in two guilds, the second in the first of them only. */
async function world(env: Record<string, string> = {}, options: { publicKey?: boolean; fake?: FakeDiscord } = {}): Promise<World> {
  const fake = options.fake ?? createFakeDiscord();
  const [a, b] = [fake.addBot(), fake.addBot()];
  const guild = fake.addGuild({ botIds: [a.user.id, b.user.id] });
  const other = fake.addGuild({ botIds: [a.user.id] });
  fake.addChannel(guild.id, { type: 0 });
  const ticker = new ManualTicker();
  const key = options.publicKey === false ? {} : { DISCORD_PUBLIC_KEY: await fake.webhookEvents.publicKeyHex() };
  const harness = new Harness({ fake, env: { ...key, ...env }, overrides: { ticker } });
  return {
    harness, fake, ticker, guildId: guild.id, otherGuildId: other.id,
    bots: [a, b].map((bot) => ({ token: bot.token, id: bot.user.id })),
  };
}

/** GET /api/events, checked against the document; its frames go to the secret guard as they come. */
async function openStream(harness: Harness, sessionId: string): Promise<{ response: Response; reader?: SseReader }> {
  const response = await harness.app.request('/api/events', { headers: { Authorization: sessionId } });
  await checkConformance('GET', '/api/events', response);
  if (response.status !== 200) {
    await recordResponse('GET /api/events', response);
    return { response };
  }
  recordEmitted('GET /api/events', [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n'));
  return { response, reader: new SseReader(response) };
}

async function stream(harness: Harness, sessionId: string): Promise<SseReader> {
  const { response, reader } = await openStream(harness, sessionId);
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toMatch(/^text\/event-stream/);
  return reader!;
}

function invalidate(harness: Harness, sessionId: string, guildId: string, module: string): Promise<Response> {
  return harness.request('/api/cache/invalidate', {
    method: 'POST',
    headers: { Authorization: sessionId, 'Content-Type': 'application/json' },
    body: JSON.stringify({ guildId, module }),
  });
}

/** Delivers a Webhook Event to the in-process app, checking and recording the answer like the harness does. */
function deliverTo(harness: Harness) {
  return async (request: Request): Promise<Response> => {
    const response = await harness.app.fetch(request);
    await recordResponse('POST /api/discord/webhook-events', response);
    await checkConformance('POST', '/api/discord/webhook-events', response);
    return response;
  };
}

const isEvent = (event: string) => (frame: { event?: string }) => frame.event === event;

describe('GET /api/events', () => {
  it('starts with retry: 3000, and an invalidation reaches its bot\'s stream, never another bot\'s', async () => {
    const { harness, bots, guildId } = await world();
    const [a, b] = [await harness.login(bots[0]!.token), await harness.login(bots[1]!.token)];
    const [streamA, streamB] = [await stream(harness, a), await stream(harness, b)];
    expect((await streamA.next((frame) => frame.retry !== undefined)).retry).toBe('3000');

    expect((await invalidate(harness, a, guildId, 'channels')).status).toBe(200);
    const event = await streamA.next(isEvent('invalidate'));
    expect(dataOf(event)).toEqual({ guildId, module: 'CHANNELS', source: 'invalidate' });
    expect(event.id).toMatch(/\S/);

    // B's own invalidation is the first event B's stream sees: A's never reached it.
    await invalidate(harness, b, guildId, 'roles');
    const first = await streamB.next(isEvent('invalidate'));
    expect(dataOf(first)).toEqual({ guildId, module: 'ROLES', source: 'invalidate' });
    expect(streamB.frames.filter((frame) => frame.event !== undefined)).toHaveLength(1);
    const second = await streamA.next((frame) => frame.event === 'invalidate' && frame !== event, 200).catch(() => undefined);
    expect(second).toBeUndefined();
    await Promise.all([streamA.cancel(), streamB.cancel()]);
  });

  it("sends a bot's config:update (no bot named) to streams of bots in that guild only", async () => {
    const { harness, bots, otherGuildId } = await world();
    const [a, b] = [await harness.login(bots[0]!.token), await harness.login(bots[1]!.token)];
    // Each bot's guild list is cached: it says who is in the other guild (only A).
    for (const session of [a, b]) expect((await harness.get('/api/guilds', session)).status).toBe(200);
    const [streamA, streamB] = [await stream(harness, a), await stream(harness, b)];
    harness.deps.changes.publish({ botId: null, guildId: otherGuildId, kind: 'roles', source: 'bot' });
    expect(dataOf(await streamA.next(isEvent('invalidate')))).toEqual({ guildId: otherGuildId, module: 'ROLES', source: 'bot' });
    expect(streamB.frames.some((frame) => frame.event !== undefined)).toBe(false);
    await Promise.all([streamA.cancel(), streamB.cancel()]);
  });

  it('sends a comment line on every heartbeat', async () => {
    const { harness, bots, ticker } = await world();
    const session = await harness.login(bots[0]!.token);
    const reader = await stream(harness, session);
    ticker.fire();
    expect((await reader.next((frame) => frame.comment !== undefined)).comment).toBe('heartbeat');
    await reader.cancel();
    expect(ticker.running).toBe(0);
  });

  it('refuses the sixth stream of a session with 429, and streams past MAX_EVENT_STREAMS', async () => {
    const { harness, bots } = await world({ MAX_EVENT_STREAMS: '7' });
    const session = await harness.login(bots[0]!.token);
    const open = [];
    for (let i = 0; i < 5; i++) open.push(await stream(harness, session));
    const sixth = await openStream(harness, session);
    expect(sixth.response.status).toBe(429);
    expect(await sixth.response.json()).toMatchObject({ code: 'TOO_MANY_EVENT_STREAMS' });

    const other = await harness.login(bots[1]!.token);
    open.push(await stream(harness, other), await stream(harness, other));
    const eighth = await openStream(harness, other);
    expect(eighth.response.status).toBe(429);
    expect(await eighth.response.json()).toMatchObject({ code: 'TOO_MANY_EVENT_STREAMS' });

    // A closed stream frees its place.
    await open.pop()!.cancel();
    open.push(await stream(harness, other));
    await Promise.all(open.map((reader) => reader.cancel()));
  });

  it('answers 401 without a session', async () => {
    const { harness } = await world();
    const response = await harness.request('/api/events');
    expect(response.status).toBe(401);
  });

  it('ends the stream at logout', async () => {
    const { harness, bots } = await world();
    const session = await harness.login(bots[0]!.token);
    const reader = await stream(harness, session);
    const logout = await harness.request('/api/auth/logout', { method: 'POST', headers: { Authorization: session } });
    expect(logout.status).toBe(200);
    expect(await reader.end()).toBe('done');
    expect(harness.deps.events.size).toBe(0);
  });

  it('ends the stream at the next heartbeat once the session has expired', async () => {
    const { harness, bots, ticker } = await world({ SESSION_MAX_AGE: '60' });
    const session = await harness.login(bots[0]!.token);
    const reader = await stream(harness, session);
    ticker.fire();
    await reader.next((frame) => frame.comment !== undefined);
    expect(reader.ended).toBeUndefined();
    harness.clock.advance(61_000);
    ticker.fire();
    expect(await reader.end()).toBe('done');
  });

  it('cuts off a consumer more than 256 KB behind, and holds nothing more for it', async () => {
    const { harness, bots, guildId } = await world();
    const session = await harness.login(bots[0]!.token);
    const response = await harness.app.request('/api/events', { headers: { Authorization: session } });
    expect(response.status).toBe(200);
    // Nobody reads this stream: each event (about 100 bytes) stays queued.
    const body = response.body!;
    let published = 0;
    while (harness.deps.events.size > 0 && published < 10_000) {
      harness.deps.changes.publish({ botId: bots[0]!.id, guildId, kind: 'channels', source: 'invalidate' });
      published++;
    }
    expect(harness.deps.events.size).toBe(0);
    expect(published).toBeGreaterThan(2000); // 256 KB of ~100-byte events: not cut off early
    expect(published).toBeLessThan(4000);
    // Cut off: the feed has no listener left, so later changes cost (and queue) nothing.
    expect(harness.deps.changes.listening).toBe(0);
    await expect(body.getReader().read()).rejects.toThrow();
  });

  it('ends every stream cleanly at shutdown', async () => {
    const { harness, bots } = await world();
    const session = await harness.login(bots[0]!.token);
    const readers = [await stream(harness, session), await stream(harness, session)];
    harness.deps.events.closeAll();
    for (const reader of readers) expect(await reader.end()).toBe('done');
  });

  it('emits event: guild removed when Discord refuses a guild the bot had, and drops its guild list', async () => {
    const fake = createFakeDiscord();
    let left: string | undefined;
    // The bot leaves the guild: Discord answers Missing Access for it from then on.
    const makeRequest = (url: string, init: RequestInit) =>
      left && url.includes(`/guilds/${left}`)
        ? Promise.resolve(Response.json({ message: 'Missing Access', code: 50001 }, { status: 403 }))
        : fake.makeRequest(url, init);
    const w = await world({}, { fake });
    const harness = new Harness({ fake, overrides: { ticker: w.ticker, makeRequest: makeRequest as never } });
    const session = await harness.login(w.bots[0]!.token);
    expect((await harness.get('/api/guilds', session)).headers.get('X-Cache')).toBe('MISS');
    const reader = await stream(harness, session);
    left = w.otherGuildId;
    expect((await harness.get(`/api/guilds/${w.otherGuildId}`, session)).status).toBe(403);
    expect(dataOf(await reader.next(isEvent('guild')))).toEqual({ guildId: w.otherGuildId, action: 'removed' });
    expect((await harness.get('/api/guilds', session)).headers.get('X-Cache')).toBe('MISS');
    // A guild never in the list: no event.
    left = '123456789012345678';
    await harness.get(`/api/guilds/${left}`, session);
    expect(reader.frames.filter((frame) => frame.event === 'guild')).toHaveLength(1);
    await reader.cancel();
  });
});

describe('POST /api/discord/webhook-events', () => {
  it('is off without DISCORD_PUBLIC_KEY: 404 WEBHOOK_EVENTS_NOT_CONFIGURED', async () => {
    const { harness, fake, bots } = await world({}, { publicKey: false });
    const response = await fake.webhookEvents.deliver(WEBHOOK_URL, fake.webhookEvents.ping(bots[0]!.id), { fetch: deliverTo(harness) });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'WEBHOOK_EVENTS_NOT_CONFIGURED' });
  });

  it('answers 401 JSON to a missing signature, a wrong one, an altered body and another key', async () => {
    const { harness, fake, bots } = await world();
    for (const tamper of ['missing', 'signature', 'body', 'wrongKey'] as const) {
      const response = await fake.webhookEvents.deliver(WEBHOOK_URL, fake.webhookEvents.ping(bots[0]!.id), { tamper, fetch: deliverTo(harness) });
      expect(response.status, tamper).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'INVALID_SIGNATURE', requestId: expect.any(String) });
    }
  });

  it('answers a signed PING with 204', async () => {
    const { harness, fake, bots } = await world();
    const response = await fake.webhookEvents.deliver(WEBHOOK_URL, fake.webhookEvents.ping(bots[0]!.id), { fetch: deliverTo(harness) });
    expect(response.status).toBe(204);
  });

  it('refuses a body over 64 KB with 413, before checking anything else', async () => {
    const { harness } = await world();
    const response = await harness.request('/api/discord/webhook-events', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Signature-Ed25519': 'ab'.repeat(64), 'X-Signature-Timestamp': '1' },
      body: JSON.stringify({ padding: 'x'.repeat(70 * 1024) }),
    });
    expect(response.status).toBe(413);
  });

  it('sends APPLICATION_AUTHORIZED to the bot\'s stream as event: guild added, and the next GET /api/guilds is a MISS', async () => {
    const { harness, fake, bots } = await world();
    const session = await harness.login(bots[1]!.token);
    expect((await harness.get('/api/guilds', session)).headers.get('X-Cache')).toBe('MISS');
    expect((await harness.get('/api/guilds', session)).headers.get('X-Cache')).toBe('HIT');
    const [reader, otherReader] = [await stream(harness, session), await stream(harness, await harness.login(bots[0]!.token))];
    const newGuild = fake.addGuild({ botIds: [] });
    const installer = fake.addUser('installer');
    const event = fake.webhookEvents.applicationAuthorized(bots[1]!.id, newGuild.id, installer.id);
    const response = await fake.webhookEvents.deliver(WEBHOOK_URL, event, { fetch: deliverTo(harness) });
    expect(response.status).toBe(204);
    expect(dataOf(await reader.next(isEvent('guild')))).toEqual({ guildId: newGuild.id, action: 'added' });
    const guilds = await harness.get('/api/guilds', session);
    expect(guilds.headers.get('X-Cache')).toBe('MISS');
    expect(((await guilds.json()) as { id: string }[]).map((guild) => guild.id)).toContain(newGuild.id);
    expect(otherReader.frames.some((frame) => frame.event !== undefined)).toBe(false);
    await Promise.all([reader.cancel(), otherReader.cancel()]);
  });

  it('sends APPLICATION_DEAUTHORIZED as event: guild removed (no guild named) and drops the guild list', async () => {
    const { harness, fake, bots } = await world();
    const session = await harness.login(bots[0]!.token);
    await harness.get('/api/guilds', session);
    const reader = await stream(harness, session);
    const user = fake.addUser('leaver');
    const response = await fake.webhookEvents.deliver(WEBHOOK_URL, fake.webhookEvents.applicationDeauthorized(bots[0]!.id, user.id), {
      fetch: deliverTo(harness),
    });
    expect(response.status).toBe(204);
    expect(dataOf(await reader.next(isEvent('guild')))).toEqual({ guildId: null, action: 'removed' });
    expect((await harness.get('/api/guilds', session)).headers.get('X-Cache')).toBe('MISS');
    await reader.cancel();
  });
});
