import { DefaultRestOptions } from '@discordjs/rest';
import { describe, expect, it } from 'vitest';
import type { MakeRequest } from '../src/discord/bot-pool.js';
import { createFakeDiscord, startFakeDiscordServer } from '../fake-discord/index.js';
import { Harness } from './support/harness.js';
import { freePort } from './support/processes.js';
import { seedScenario } from './support/scenario.js';

/** guildgate in process with REST's own HTTP client, so network failures are real ones. */
function overTheNetwork(discordApiUrl: string, fake = createFakeDiscord()) {
  return new Harness({
    fake,
    env: { DISCORD_API_URL: discordApiUrl, UPSTREAM_RETRIES: '0', UPSTREAM_TIMEOUT_MS: '3000' },
    overrides: { makeRequest: DefaultRestOptions.makeRequest as MakeRequest },
  });
}

function failures(harness: Harness): Record<string, unknown>[] {
  return harness.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.event === 'upstream.failed');
}

describe('upstream failures say why in the log', () => {
  it('logs a refused connection with its code and host, under the request id; the answer stays 502', async () => {
    const port = await freePort(); // nothing listens there
    const harness = overTheNetwork(`http://127.0.0.1:${port}/api`);
    const response = await harness.postLogin({ token: seedScenario(harness.fake).botA.token });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
    expect(failures(harness)).toEqual([
      expect.objectContaining({
        level: 'warn',
        code: 'UPSTREAM_UNREACHABLE',
        cause: 'ECONNREFUSED',
        host: `127.0.0.1:${port}`,
        requestId: response.headers.get('X-Request-Id'),
      }),
    ]);
  });

  it('logs a connection closed under a read with the peer it was talking to', async () => {
    const fake = createFakeDiscord();
    const world = seedScenario(fake);
    const server = await startFakeDiscordServer(fake, { port: 0 });
    const harness = overTheNetwork(server.url, fake);
    const sessionId = await harness.login(world.botA.token);
    await server.close();
    const response = await harness.get(`/api/guilds/${world.guildOne.id}/roles`, sessionId);
    expect(response.status).toBe(502);
    const [logged] = failures(harness);
    expect(logged).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', cause: expect.stringMatching(/^(?:UND_ERR_SOCKET|ECONNREFUSED|ECONNRESET)$/) });
    expect(logged?.host).toBe(new URL(server.url).host);
  });

  it('logs a DNS failure differently from a refused connection: its own code and the host name', async () => {
    const harness = overTheNetwork('http://guildgate-no-such-host.invalid/api');
    const token = seedScenario(harness.fake).botA.token;
    const response = await harness.postLogin({ token });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
    const [logged, ...more] = failures(harness);
    expect(more).toHaveLength(0);
    expect(logged).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', host: 'guildgate-no-such-host.invalid' });
    expect(String(logged?.cause)).toMatch(/^(?:ENOTFOUND|EAI_AGAIN)$/);
    expect(harness.logs.join('\n')).not.toContain(token);
  });

  it('logs nothing of the kind for a Discord refusal (403), which is not a failure to reach it', async () => {
    const harness = new Harness();
    const world = seedScenario(harness.fake);
    const sessionId = await harness.login(world.botA.token);
    expect((await harness.get(`/api/channels/${world.hidden.id}`, sessionId)).status).toBe(403);
    expect(failures(harness)).toHaveLength(0);
  });
});
