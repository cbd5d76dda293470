// Scenario 2: what guildgate adds on a miss, against @discordjs/rest called directly; the fake
// answers in 0 ms. The paced reads run in their own process (bench/miss-sampler.ts).
import { DEFAULT_BUCKET_RULE } from '../../fake-discord/rate-limits.js';
import { withGuildgate, type BenchContext } from '../context.js';
import type { MissSamplerSpec, MissSamples } from '../miss-sampler.js';
import { NODE_TS, ROOT, runScript } from '../processes.js';
import { fmt, type Row } from '../report.js';
import { median, medianRatio, percentile } from '../stats.js';

export async function missOverhead(ctx: BenchContext): Promise<Row[]> {
  // Overhead, not limits: both clients share the bot's 50/s, so lift the limits for this one.
  ctx.fake.setLatency(0);
  ctx.fake.setGlobalLimit(1_000_000);
  ctx.fake.setBucket(/.*/, { limit: 1_000_000, windowMs: 1000 });
  const perRound = Math.ceil(ctx.settings.missSamples / ctx.settings.rounds);
  try {
    const samples = await withGuildgate(ctx, async (gateway, sessionId) => {
      const spec: MissSamplerSpec = {
        api: ctx.server.url, token: ctx.demo.bot.token, gateway: gateway.origin, sessionId,
        guildId: ctx.demo.guilds.small, rounds: ctx.settings.rounds, perRound,
      };
      return JSON.parse(await runScript([...NODE_TS, `${ROOT}bench/miss-sampler.ts`, JSON.stringify(spec)])) as MissSamples;
    });
    return missRows(samples, perRound);
  } finally {
    ctx.fake.setGlobalLimit(50);
    ctx.fake.setBucket(/.*/, { ...DEFAULT_BUCKET_RULE });
  }
}

/** Each figure per round first; then the median over rounds of the figure, the ratio and the difference. */
function missRows({ rounds }: MissSamples, perRound: number): Row[] {
  const scenario = '2 miss-path overhead over @discordjs/rest direct';
  return ([50, 99] as const).map((p) => {
    const gg = rounds.map((r) => percentile(r.gateway, p));
    const direct = rounds.map((r) => percentile(r.direct, p));
    const added = median(gg.map((ms, i) => ms - direct[i]!));
    return {
      scenario,
      measure: `p${p} latency, ${perRound} paced sequential reads per round, fake at 0 ms (added: ${fmt.ms(added)})`,
      guildgate: fmt.ms(median(gg)),
      baseline: fmt.ms(median(direct)),
      ratio: fmt.ratio(medianRatio(gg, direct)),
    };
  });
}
