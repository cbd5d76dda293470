import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { createFakeDiscord } from '../../fake-discord/index.js';
import { Harness } from '../support/harness.js';
import { serveOnLoopback, type Served } from '../limits/served.js';
import { recordEmitted } from '../support/secrets.js';
import { dataOf, SseReader } from '../support/sse-reader.js';

/** The event stream over a real socket on Node (@hono/node-server), with the real heartbeat timer. */
describe('GET /api/events on a real socket', () => {
  let harness: Harness;
  let served: Served;
  let token: string;
  let guildId: string;

  beforeAll(async () => {
    const fake = createFakeDiscord();
    const bot = fake.addBot();
    token = bot.token;
    guildId = fake.addGuild({ botIds: [bot.user.id] }).id;
    // A short heartbeat, so the real timer is seen to fire.
    harness = new Harness({ fake, env: { EVENTS_HEARTBEAT_MS: '50' } });
    served = await serveOnLoopback(harness.app);
  });

  afterAll(async () => {
    await served?.close();
  });

  async function open(sessionId: string): Promise<SseReader> {
    const response = await fetch(`${served.url}/api/events`, { headers: { Authorization: `Bearer ${sessionId}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/event-stream/);
    recordEmitted('GET /api/events', [...response.headers].join('\n'));
    return new SseReader(response);
  }

  it('delivers an invalidation and heartbeats, then ends every stream at shutdown and lets the server close', async () => {
    const sessionId = await harness.login(token);
    const reader = await open(sessionId);
    await reader.next((frame) => frame.retry === '3000');
    const answer = await fetch(`${served.url}/api/cache/invalidate`, {
      method: 'POST',
      headers: { Authorization: sessionId, 'Content-Type': 'application/json' },
      body: JSON.stringify({ guildId, module: 'messages' }),
    });
    expect(answer.status).toBe(200);
    expect(dataOf(await reader.next((frame) => frame.event === 'invalidate'))).toEqual({ guildId, module: 'MESSAGES', source: 'invalidate' });
    await reader.next((frame) => frame.comment === 'heartbeat', 5000);

    harness.deps.events.closeAll();
    expect(await reader.end(5000)).toBe('done');
    expect(harness.deps.events.size).toBe(0);
  });

  it('forgets a stream whose client went away', async () => {
    const sessionId = await harness.login(token);
    const reader = await open(sessionId);
    await reader.next((frame) => frame.retry === '3000');
    expect(harness.deps.events.size).toBe(1);
    await reader.cancel();
    // The server learns of the closed socket at its next write (a heartbeat, 50 ms apart).
    const deadline = Date.now() + 5000;
    while (harness.deps.events.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(harness.deps.events.size).toBe(0);
  });
});
