import { describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';

const SESSIONS = 10;
const READS = 300;
const BUCKET_LIMIT = 5;

describe('a burst against Discord-like buckets', () => {
  it('sends no request Discord would refuse: every answer is 200, or 429 with Retry-After', { timeout: 30_000 }, async () => {
    // TTLs of 0 keep the cache out of the way: every read that is not coalesced goes to Discord.
    const harness = new Harness({ env: { CACHE_TTL_CHANNELS: '0', CACHE_TTL_ROLES: '0', LOG_LEVEL: 'warn' } });
    const { fake } = harness;
    fake.setBucket('/guilds/:id/channels', { limit: BUCKET_LIMIT, windowMs: 1000 });
    fake.setBucket('/guilds/:id/roles', { limit: BUCKET_LIMIT, windowMs: 1000 });
    fake.setGlobalLimit(50);
    const bot = fake.addBot();
    const guilds = Array.from({ length: 10 }, (_, i) => fake.addGuild({ name: `g${i}`, botIds: [bot.user.id] }));
    for (const guild of guilds) fake.addChannel(guild.id, { type: 0 });
    const resources = guilds.flatMap((guild) => [`/api/guilds/${guild.id}/channels`, `/api/guilds/${guild.id}/roles`]);
    expect(resources).toHaveLength(20);
    const sessions: string[] = [];
    for (let i = 0; i < SESSIONS; i++) sessions.push(await harness.login(bot.token));
    fake.resetCalls();

    const answers: Response[] = [];
    await Promise.all(
      sessions.map(async (sessionId, s) => {
        for (let i = 0; i < READS / SESSIONS; i++) {
          const path = resources[(s * 7 + i * 3) % resources.length]!;
          answers.push(await harness.get(path, sessionId));
        }
      }),
    );

    expect(answers).toHaveLength(READS);
    expect(fake.stats.rateLimited).toBe(0);
    for (const answer of answers) {
      expect([200, 429]).toContain(answer.status);
      if (answer.status === 429) expect(Number(answer.headers.get('Retry-After'))).toBeGreaterThan(0);
    }
    // The buckets were really exercised: more reads went to Discord than one window of every
    // bucket allows (how many more depends on how many concurrent reads were coalesced).
    expect(fake.calls.length).toBeGreaterThan(resources.length * BUCKET_LIMIT);
  });
});
