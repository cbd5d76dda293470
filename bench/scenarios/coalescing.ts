// Scenario 4: 1,000 concurrent cold reads of one key (one connection each) make how many
// upstream calls? Each round reads a key nobody has read yet. Discord takes a slow second to
// answer, so that all 1,000 reads are really in flight together (at 50 ms, 4 in 10 came after
// the fill and were plain hits): autocannon needs a few hundred ms to open 1,000 connections.
// One upstream call alone does not prove coalescing: reads that arrive after the fill are
// answered from cache. So guildgate's own count of cache reads (/metrics, before and after
// each round) splits the reads into MISS (waited on the upstream call) and HIT (came later).
import { withGuildgate, type BenchContext } from '../context.js';
import { cacheReads, METRICS_ENV } from '../metrics.js';
import { runLoad } from '../processes.js';
import { fmt, type Row } from '../report.js';
import { median } from '../stats.js';

const SLOW_DISCORD_MS = 1000;

export async function coalescing(ctx: BenchContext): Promise<Row[]> {
  const { fake, demo, settings } = ctx;
  fake.setLatency(SLOW_DISCORD_MS);
  try {
    return await withGuildgate(ctx, async (gateway, sessionId) => {
      const coldRoutes = [`/guilds/${demo.guilds.large}/roles`, `/guilds/${demo.guilds.small}/roles`, `/guilds/${demo.guilds.small}`];
      const rounds = { upstream: [] as number[], ok: [] as number[], miss: [] as number[], hit: [] as number[] };
      for (const route of coldRoutes.slice(0, settings.coldRounds)) {
        const callsBefore = fake.callsTo(route).length;
        const readsBefore = await cacheReads(gateway.origin);
        const load = await runLoad({
          origin: gateway.origin, paths: [`/api${route}`], connections: settings.coalescedReads, amount: settings.coalescedReads,
          headers: { Authorization: sessionId },
        });
        const reads = await cacheReads(gateway.origin);
        rounds.upstream.push(fake.callsTo(route).length - callsBefore);
        rounds.ok.push(load.statuses['200'] ?? 0);
        rounds.miss.push(reads.MISS - readsBefore.MISS);
        rounds.hit.push(reads.HIT - readsBefore.HIT);
      }
      const scenario = '4 coalescing';
      const reads = fmt.count(settings.coalescedReads);
      return [
        {
          scenario,
          measure: `upstream calls for ${reads} concurrent cold reads of one key, Discord answering in ${SLOW_DISCORD_MS / 1000} s (200 answers: ${rounds.ok.join(', ')}; worst round: ${Math.max(...rounds.upstream)})`,
          guildgate: fmt.count(median(rounds.upstream)),
          goal: '1',
        },
        { scenario, measure: `of the ${reads} reads, MISS (waited on the upstream call; guildgate's /metrics)`, guildgate: fmt.count(median(rounds.miss)) },
        { scenario, measure: `of the ${reads} reads, HIT (came after the fill, answered from cache)`, guildgate: fmt.count(median(rounds.hit)) },
      ];
    }, METRICS_ENV);
  } finally {
    fake.setLatency(0);
  }
}
