// Scenario 5: a burst of reads of distinct resources of one bot (one member each), with the fake
// enforcing its per-route buckets and 50/s globally. Ideal time: reads / 50 per second.
import { countCalls, login, startGuildgate, type BenchContext } from '../context.js';
import { runLoad } from '../processes.js';
import { fmt, type Row } from '../report.js';

export async function burst(ctx: BenchContext): Promise<Row[]> {
  const { fake, demo, settings, burstGuild } = ctx;
  fake.setLatency(0);
  fake.setGlobalLimit(50);
  fake.resetRateLimits();
  const gateway = await startGuildgate(ctx, 'node');
  try {
    const sessionId = await login(gateway.origin, demo.bot.token);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // let the login's global window close
    fake.resetRateLimits();
    const reads = settings.burstReads;
    const paths = burstGuild.memberIds.slice(0, reads).map((id) => `/api/guilds/${burstGuild.id}/members/${id}`);
    const { result, calls, rateLimited } = await countCalls(fake, () =>
      runLoad({ origin: gateway.origin, paths, connections: 50, amount: reads, headers: { Authorization: sessionId }, timeoutSec: 60 }),
    );
    const ideal = reads / 50;
    const seconds = result.elapsedMs / 1000;
    const scenario = `5 burst against limits${settings.quick ? ` (quick: ${reads} reads, not 1,000)` : ''}`;
    return [
      { scenario, measure: `429s from the fake (${fmt.count(calls)} upstream calls for ${fmt.count(reads)} distinct reads)`, guildgate: fmt.count(rateLimited), goal: '0' },
      { scenario, measure: 'client-side 429s', guildgate: fmt.count(result.statuses['429'] ?? 0) },
      { scenario, measure: `other non-200 answers or errors`, guildgate: fmt.count(result.requests - (result.statuses['200'] ?? 0) - (result.statuses['429'] ?? 0) + result.errors) },
      { scenario, measure: `time for ${fmt.count(reads)} reads vs ideal ${ideal.toFixed(1)} s (${reads} / 50 per s)`, guildgate: `${seconds.toFixed(1)} s`, baseline: `${ideal.toFixed(1)} s`, ratio: fmt.ratio(seconds / ideal) },
    ];
  } finally {
    await gateway.stop();
  }
}
