import { describe, expect, it } from 'vitest';
import type { MakeRequest } from '../../src/discord/bot-pool.js';
import { createFakeDiscord } from '../../fake-discord/index.js';
import { Harness } from '../support/harness.js';

const GUILDS = 150;
/** Requests 31 to 50 of the burst spend this long on the way to Discord, as on a busy host. */
const SLOW_CALLS = { from: 31, to: 50, transitMs: 1500 };

/**
 * One bot in 150 guilds, and a network where 20 of the first 50 requests arrive 1.5 s late:
 * Discord counts them in its second window, where REST, which counts on sending, sends fifty more.
 */
async function lateArrivals(env: Record<string, string>) {
  const fake = createFakeDiscord();
  const bot = fake.addBot();
  const guilds = Array.from({ length: GUILDS }, (_, i) => fake.addGuild({ name: `g${i}`, botIds: [bot.user.id] }));
  let sent = 0;
  const slowOnTheWay: MakeRequest = async (url, init) => {
    sent++;
    if (sent >= SLOW_CALLS.from && sent <= SLOW_CALLS.to) await new Promise((resolve) => setTimeout(resolve, SLOW_CALLS.transitMs));
    return (fake.makeRequest as unknown as MakeRequest)(url, init);
  };
  const harness = new Harness({ fake, env: { LOG_LEVEL: 'warn', ...env }, overrides: { makeRequest: slowOnTheWay } });
  const sessionId = await harness.login(bot.token);
  fake.resetRateLimits();
  fake.resetCalls();
  sent = 0;
  // One read per guild: 150 buckets, so only the global limit holds them back.
  const answers = await Promise.all(guilds.map((guild) => harness.get(`/api/guilds/${guild.id}/channels`, sessionId)));
  return { fake, answers };
}

describe("Discord's global limit when some requests arrive late", () => {
  it('sends no request Discord would refuse, although Discord counts them in a later window', { timeout: 30_000 }, async () => {
    const { fake, answers } = await lateArrivals({ MAX_RATE_LIMIT_WAIT_MS: '10000' });
    expect(fake.stats.rateLimited).toBe(0);
    expect(answers.map((answer) => answer.status)).toEqual(Array(GUILDS).fill(200));
    expect(fake.calls.filter((call) => call.path.endsWith('/channels'))).toHaveLength(GUILDS);
  });

  it('answers 429 itself, with Retry-After, to reads that would wait past MAX_RATE_LIMIT_WAIT_MS', { timeout: 30_000 }, async () => {
    const { fake, answers } = await lateArrivals({ MAX_RATE_LIMIT_WAIT_MS: '300' });
    expect(fake.stats.rateLimited).toBe(0);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.length - refused.length).toBe(fake.calls.filter((call) => call.path.endsWith('/channels')).length);
    for (const answer of refused) {
      expect(Number(answer.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect(await answer.json()).toMatchObject({ code: 'RATE_LIMITED', requestId: expect.any(String) });
    }
    const ours = refused.filter((answer) => answer.headers.get('X-RateLimit-Source') === 'guildgate');
    expect(ours.length).toBeGreaterThan(0);
    for (const answer of ours) {
      expect(answer.headers.get('X-RateLimit-Scope')).toBe('global');
      expect(answer.headers.get('X-RateLimit-Global')).toBe('true');
    }
  });
});
