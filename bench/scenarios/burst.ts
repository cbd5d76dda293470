// Scenario 5: a burst of reads of distinct resources of one bot (one member each), with the fake
// enforcing its per-route buckets and 50/s globally. Ideal time: reads / 50 per second.
// Every round gets a fresh guildgate (a warm cache would answer the reads without Discord, and
// its limiters would remember the last burst) and fresh fake windows (none starts in debt).
import { countCalls, withGuildgate, type BenchContext } from '../context.js';
import { runLoad } from '../processes.js';
import { fmt, type Row } from '../report.js';
import { median } from '../stats.js';

interface BurstRound {
  upstream: number;
  fake429: number;
  client429: number;
  /** Answers other than 200 and 429, and requests that got no answer. */
  other: number;
  seconds: number;
}

function burstRound(ctx: BenchContext): Promise<BurstRound> {
  const { fake, settings, burstGuild } = ctx;
  return withGuildgate(ctx, async (gateway, sessionId) => {
    await new Promise((resolve) => setTimeout(resolve, 1100)); // let the login's global window close
    fake.resetRateLimits();
    const reads = settings.burstReads;
    const paths = burstGuild.memberIds.slice(0, reads).map((id) => `/api/guilds/${burstGuild.id}/members/${id}`);
    const { result, calls, rateLimited } = await countCalls(fake, () =>
      runLoad({ origin: gateway.origin, paths, connections: 50, amount: reads, headers: { Authorization: sessionId }, timeoutSec: 60 }),
    );
    const client429 = result.statuses['429'] ?? 0;
    const other = result.requests - (result.statuses['200'] ?? 0) - client429 + result.errors;
    return { upstream: calls, fake429: rateLimited, client429, other, seconds: result.elapsedMs / 1000 };
  });
}

export async function burst(ctx: BenchContext): Promise<Row[]> {
  const { fake, settings } = ctx;
  fake.setLatency(0);
  fake.setGlobalLimit(50);
  const rounds: BurstRound[] = [];
  for (let round = 0; round < settings.coldRounds; round++) rounds.push(await burstRound(ctx));
  const of = (figure: keyof BurstRound) => median(rounds.map((r) => r[figure]));
  const reads = settings.burstReads;
  const ideal = reads / 50;
  const scenario = `5 burst against limits${settings.quick ? ` (quick: ${reads} reads, not 1,000)` : ''}`;
  return [
    {
      scenario,
      measure: `429s from the fake (${fmt.count(of('upstream'))} upstream calls for ${fmt.count(reads)} distinct reads; worst round: ${fmt.count(Math.max(...rounds.map((r) => r.fake429)))})`,
      guildgate: fmt.count(of('fake429')),
      goal: '0',
    },
    { scenario, measure: 'client-side 429s', guildgate: fmt.count(of('client429')) },
    { scenario, measure: 'other non-200 answers or errors', guildgate: fmt.count(of('other')) },
    {
      scenario,
      measure: `time for ${fmt.count(reads)} reads vs ideal ${ideal.toFixed(1)} s (${reads} / 50 per s)`,
      guildgate: `${of('seconds').toFixed(1)} s`,
      baseline: `${ideal.toFixed(1)} s`,
      ratio: fmt.ratio(median(rounds.map((r) => r.seconds / ideal))),
    },
  ];
}
