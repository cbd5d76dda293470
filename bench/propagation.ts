// Scenario 8, run in its own process:
//   node --import tsx bench/propagation.ts '{"redisUrl":"redis://…","rounds":200}'
// Two guildgate instances (built as the Node entry builds them) share one Redis, both in this
// process so one clock times both. Each round: a session logged in on A and read on B until
// B's memo holds it; then the logout on A (or the revocation A does when Discord answers 401),
// timed until B's memo no longer answers for it. Prints one JSON line.
import { createFakeDiscord } from '../fake-discord/index.js';
import type { MakeRequest } from '../src/discord/bot-pool.js';
import { BotIdentities } from '../src/discord/bot-identities.js';
import { buildProcessService } from '../src/runtime/process-service.js';
import type { Service } from '../src/service.js';
import { redisSessionsEnv } from './redis.js';

interface Instances {
  a: Service;
  b: Service;
  guildId: string;
}

/** Polls at the event loop's own pace (setImmediate): fine-grained, and lets every socket be read. */
async function until(condition: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return performance.now() - started;
}

async function login(service: Service, token: string): Promise<string> {
  const response = await service.app.request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) });
  if (response.status !== 200) throw new Error(`login answered ${response.status}`);
  return ((await response.json()) as { sessionId: string }).sessionId;
}

/** Reads on B until B answers the session from its memo, as the cached-read lane would. */
async function warmOnB({ b, guildId }: Instances, sessionId: string): Promise<void> {
  const response = await b.app.request(`/api/guilds/${guildId}/channels`, { headers: { Authorization: sessionId } });
  await response.arrayBuffer();
  await until(() => b.deps.sessions.peek(sessionId) !== undefined, 5000);
}

async function main(): Promise<void> {
  const { redisUrl, rounds } = JSON.parse(process.argv[2] ?? '{}') as { redisUrl: string; rounds: number };
  const fake = createFakeDiscord({ globalLimitPerSecond: 1_000_000 });
  fake.setBucket(/.*/, { limit: 1_000_000, windowMs: 1000 });
  const bots = Array.from({ length: rounds + 1 }, () => fake.addBot());
  const guildId = fake.addGuild({ botIds: bots.map((bot) => bot.user.id) }).id;
  fake.addChannel(guildId, { type: 0 });
  const env = { ...redisSessionsEnv(redisUrl), LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT: '100000' };
  const overrides = { makeRequest: fake.makeRequest as unknown as MakeRequest, logSink: () => {} };
  const [a, b] = await Promise.all([buildProcessService(env, overrides), buildProcessService(env, overrides)]);
  const instances = { a, b, guildId };
  const logout: number[] = [];
  const revocation: number[] = [];
  let heldAfterAnswer = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      const sessionId = await login(a, bots[0]!.token);
      await warmOnB(instances, sessionId);
      const started = performance.now();
      await a.app.request('/api/auth/logout', { method: 'POST', headers: { Authorization: sessionId } });
      // Has B already forgotten it when A answers? (Same process: B's socket may not be read yet.)
      if (b.deps.sessions.peek(sessionId) !== undefined) heldAfterAnswer++;
      await until(() => b.deps.sessions.peek(sessionId) === undefined, 5000);
      logout.push(performance.now() - started);

      const bot = bots[round + 1]!;
      const revokedSession = await login(a, bot.token);
      await warmOnB(instances, revokedSession);
      const tokenKey = await BotIdentities.tokenKeyOf(bot.token);
      const revokedAt = performance.now();
      await a.deps.sessions.revokeToken(tokenKey); // what A does when Discord answers 401 for it
      await until(() => b.deps.sessions.peek(revokedSession) === undefined, 5000);
      revocation.push(performance.now() - revokedAt);
    }
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
  process.stdout.write(`${JSON.stringify({ logout, revocation, heldAfterAnswer })}\n`);
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`propagation bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
