import { describe, expect, it } from 'vitest';
import { writeWorld } from './writes-support.js';

const keyed = (key: string) => ({ 'Idempotency-Key': key });

describe('Idempotency-Key on POST', () => {
  it('replays the stored answer with Idempotent-Replayed and no second POST', { timeout: 120_000 }, async () => {
    const { world, send, json, fake } = await writeWorld();
    const messages = `/api/channels/${world.text.id}/messages`;
    const first = await send('POST', messages, { content: 'once' }, keyed('order-1'));
    expect(first.status).toBe(200);
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    const replay = await send('POST', messages, { content: 'once' }, keyed('order-1'));
    expect(replay.status).toBe(200);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await json(replay)).toEqual(await json(first));
    expect(fake.callsTo(`/channels/${world.text.id}/messages`)).toHaveLength(1);
    // Another key is another message.
    expect((await send('POST', messages, { content: 'once' }, keyed('order-2'))).headers.get('Idempotent-Replayed')).toBeNull();
    expect(fake.callsTo(`/channels/${world.text.id}/messages`)).toHaveLength(2);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body, with no call', { timeout: 120_000 }, async () => {
    const { world, send, json, fake } = await writeWorld();
    const roles = `/api/guilds/${world.guildOne.id}/roles`;
    expect((await send('POST', roles, { name: 'a' }, keyed('k'))).status).toBe(200);
    const reused = await send('POST', roles, { name: 'b' }, keyed('k'));
    expect(reused.status).toBe(422);
    expect((await json<{ code: string }>(reused)).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(fake.callsTo(`/guilds/${world.guildOne.id}/roles`)).toHaveLength(1);
  });

  it('makes one call for 10 concurrent POSTs with one key, and all answer the same', { timeout: 120_000 }, async () => {
    const { world, send, fake } = await writeWorld();
    fake.setLatency(50);
    const messages = `/api/channels/${world.text.id}/messages`;
    const answers = await Promise.all(Array.from({ length: 10 }, () => send('POST', messages, { content: 'burst' }, keyed('same'))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(new Set(await Promise.all(answers.map((answer) => answer.text()))).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('Idempotent-Replayed') === 'true')).toHaveLength(9);
    expect(fake.callsTo(`/channels/${world.text.id}/messages`)).toHaveLength(1);
  });

  it('frees the key when Discord refused the write, so a retry is a real attempt', { timeout: 120_000 }, async () => {
    const { world, send, fake } = await writeWorld();
    const messages = `/api/channels/${world.text.id}/messages`;
    fake.injectFault({ kind: 'status', status: 403, times: 1, method: 'POST' });
    expect((await send('POST', messages, { content: 'x' }, keyed('retry-me'))).status).toBe(403);
    const retried = await send('POST', messages, { content: 'x' }, keyed('retry-me'));
    expect(retried.status).toBe(200);
    expect(retried.headers.get('Idempotent-Replayed')).toBeNull();
  });

  it('refuses a key that is not 1 to 255 visible ASCII characters, with no call', { timeout: 120_000 }, async () => {
    const { world, send, fake } = await writeWorld();
    fake.resetCalls();
    for (const key of ['x'.repeat(256), 'has space']) {
      const response = await send('POST', `/api/channels/${world.text.id}/messages`, { content: 'x' }, keyed(key));
      expect(response.status).toBe(400);
    }
    expect(fake.calls).toHaveLength(0);
  });
});

describe('no resend of a write whose outcome is unknown', () => {
  const env = { UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_RETRIES: '2' };

  it('answers 504 to a timed-out POST, then 409 IDEMPOTENCY_IN_DOUBT to its retry: one message, never two', { timeout: 120_000 }, async () => {
    const { world, send, json, fake } = await writeWorld(env);
    const messages = `/api/channels/${world.text.id}/messages`;
    fake.injectFault({ kind: 'hang', method: 'POST', afterEffect: true, times: 5 });
    const timedOut = await send('POST', messages, { content: 'pay once' }, keyed('pay-1'));
    expect(timedOut.status).toBe(504);
    expect(await json(timedOut)).toMatchObject({ code: 'UPSTREAM_TIMEOUT', outcome: 'unknown' });
    fake.clearFaults();
    const retry = await send('POST', messages, { content: 'pay once' }, keyed('pay-1'));
    expect(retry.status).toBe(409);
    expect((await json<{ code: string }>(retry)).code).toBe('IDEMPOTENCY_IN_DOUBT');
    expect(fake.callsTo(`/channels/${world.text.id}/messages`).filter((call) => call.method === 'POST')).toHaveLength(1);
  });

  it('sends a POST or PATCH once on a dropped connection or a 5xx, while reads are still retried', { timeout: 120_000 }, async () => {
    const { world, send, json, fake, harness, sessionId } = await writeWorld(env);
    const messages = `/api/channels/${world.text.id}/messages`;
    fake.injectFault({ kind: 'drop', method: 'POST', afterEffect: true, times: 1 });
    const dropped = await send('POST', messages, { content: 'a' }, keyed('drop-1'));
    expect(dropped.status).toBe(502);
    expect((await json<{ code: string }>(dropped)).code).toBe('UPSTREAM_UNREACHABLE');
    expect((await send('POST', messages, { content: 'a' }, keyed('drop-1'))).status).toBe(409);
    fake.injectFault({ kind: 'status', status: 500, method: 'PATCH', afterEffect: true, times: 3 });
    const patched = await send('PATCH', `/api/channels/${world.text.id}`, { topic: 'once' });
    expect(patched.status).toBe(502);
    expect(fake.callsTo(`/channels/${world.text.id}`).filter((call) => call.method === 'PATCH')).toHaveLength(1);
    expect(fake.callsTo(`/channels/${world.text.id}/messages`).filter((call) => call.method === 'POST')).toHaveLength(1);
    fake.clearFaults();
    // GET keeps REST's retries: one 500, then the answer.
    fake.injectFault({ kind: 'status', status: 500, method: 'GET', times: 1 });
    expect((await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sessionId)).status).toBe(200);
    expect(fake.callsTo(`/guilds/${world.guildOne.id}/roles`)).toHaveLength(2);
  });
});

describe('a write with a revoked token', () => {
  it('ends every session of the token, and the token is never sent again', { timeout: 120_000 }, async () => {
    const { world, send, json, fake, harness, sessionId } = await writeWorld();
    const sibling = await harness.login(world.botA.token);
    fake.revokeToken(world.botA.token);
    const withToken = () => fake.calls.filter((call) => call.token === world.botA.token).length;
    const before = withToken();
    const refused = await send('POST', `/api/channels/${world.text.id}/messages`, { content: 'x' });
    expect(refused.status).toBe(401);
    expect((await json<{ code: string }>(refused)).code).toBe('BOT_TOKEN_REVOKED');
    expect(withToken()).toBe(before + 1);
    expect((await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sessionId)).status).toBe(401);
    expect((await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sibling)).status).toBe(401);
    expect(withToken()).toBe(before + 1);
  });
});
