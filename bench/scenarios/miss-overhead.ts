// Scenario 2: what guildgate adds on a miss. One client, one request at a time, alternating:
// @discordjs/rest straight at the fake, and guildgate with ?fresh=true (always upstream).
// Both bodies are parsed as JSON, as a dashboard backend would. The fake answers in 0 ms.
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { DEFAULT_BUCKET_RULE } from '../../test/fake-discord/rate-limits.js';
import { login, startGuildgate, type BenchContext } from '../context.js';
import { fmt, type Row } from '../report.js';
import { median, percentile } from '../settings.js';

/**
 * One direct and one gateway read every 25 ms: each REST client (the direct one and guildgate's)
 * then sends 40 a second, under @discordjs/rest's own 50/s global limit, whose waits would
 * otherwise be measured instead of the overhead.
 */
const PAIR_INTERVAL_MS = 25;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function missOverhead(ctx: BenchContext): Promise<Row[]> {
  // Overhead, not limits: both clients share the bot's 50/s, so lift the limits for this one.
  ctx.fake.setLatency(0);
  ctx.fake.setGlobalLimit(1_000_000);
  ctx.fake.setBucket(/.*/, { limit: 1_000_000, windowMs: 1000 });
  const gateway = await startGuildgate(ctx, 'node');
  try {
    const sessionId = await login(gateway.origin, ctx.demo.bot.token);
    const rest = new REST({ api: ctx.server.url }).setToken(ctx.demo.bot.token);
    const guildId = ctx.demo.guilds.small;
    const direct = () => rest.get(Routes.guildChannels(guildId));
    const viaGateway = async () => {
      const response = await fetch(`${gateway.origin}/api/guilds/${guildId}/channels?fresh=true`, { headers: { Authorization: sessionId } });
      if (response.status !== 200) throw new Error(`guildgate answered ${response.status}`);
      return response.json();
    };
    for (let i = 0; i < 30; i++) await Promise.all([direct(), viaGateway(), sleep(PAIR_INTERVAL_MS)]); // warm both paths
    const rounds: { direct: number[]; gateway: number[] }[] = [];
    const perRound = Math.ceil(ctx.settings.missSamples / ctx.settings.rounds);
    for (let round = 0; round < ctx.settings.rounds; round++) {
      const samples = { direct: [] as number[], gateway: [] as number[] };
      for (let i = 0; i < perRound; i++) {
        const paced = sleep(PAIR_INTERVAL_MS);
        samples.direct.push(await timed(direct));
        samples.gateway.push(await timed(viaGateway));
        await paced;
      }
      rounds.push(samples);
    }
    return missRows(rounds, perRound);
  } finally {
    ctx.fake.setGlobalLimit(50);
    ctx.fake.setBucket(/.*/, { ...DEFAULT_BUCKET_RULE });
    await gateway.stop();
  }
}

function missRows(rounds: { direct: number[]; gateway: number[] }[], perRound: number): Row[] {
  const scenario = '2 miss-path overhead over @discordjs/rest direct';
  return ([50, 99] as const).map((p) => {
    const gg = median(rounds.map((r) => percentile(r.gateway, p)));
    const direct = median(rounds.map((r) => percentile(r.direct, p)));
    return {
      scenario,
      measure: `p${p} latency, ${perRound} paced sequential reads per round, fake at 0 ms (added: ${fmt.ms(gg - direct)})`,
      guildgate: fmt.ms(gg),
      baseline: fmt.ms(direct),
      ratio: fmt.ratio(gg / direct),
    };
  });
}
