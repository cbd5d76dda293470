// Scenario 3: dashboards polling 8 resources while Discord answers in 50 ms, against guildgate
// and against @discordjs/proxy (no cache). Both use the same bot token and the same fake.
// Each round starts both sides afresh, guildgate with a cold cache, and alternates which goes
// first, so that neither inherits a warm cache or always meets the machine in the same state.
import { countCalls, withGuildgate, type BenchContext } from '../context.js';
import type { LoadResult, LoadSpec } from '../load.js';
import { freePort, NODE_TS, runLoad, startServer } from '../processes.js';
import { fmt, type Row } from '../report.js';
import { median, medianRatio } from '../stats.js';

interface Round {
  load: LoadResult;
  upstream: number;
  fake429: number;
}

type Target = Pick<LoadSpec, 'origin' | 'paths' | 'headers'>;

function resourcePaths(ctx: BenchContext): { gateway: string[]; proxy: string[] } {
  const { large, small } = ctx.demo.guilds;
  const channel = ctx.demo.channelId;
  const perGuild = (g: string) => [`/guilds/${g}/channels`, `/guilds/${g}/roles`, `/guilds/${g}`];
  const discord = [...perGuild(large), ...perGuild(small), '/users/@me/guilds', `/channels/${channel}`];
  const gateway = [...perGuild(large), ...perGuild(small)].map((p) => `/api${p}`).concat('/api/guilds', `/api/channels/${channel}`);
  return { gateway, proxy: discord.map((p) => `/api/v10${p}`) };
}

/** One round of load, from fresh fake rate-limit windows, counting what reached the fake. */
async function measure(ctx: BenchContext, target: Target): Promise<Round> {
  ctx.fake.resetRateLimits();
  const { result, calls, rateLimited } = await countCalls(ctx.fake, () =>
    runLoad({ ...target, connections: 50, durationSec: ctx.settings.loadSec }),
  );
  return { load: result, upstream: calls, fake429: rateLimited };
}

function guildgateRound(ctx: BenchContext, paths: string[]): Promise<Round> {
  return withGuildgate(ctx, (gateway, sessionId) => measure(ctx, { origin: gateway.origin, paths, headers: { Authorization: sessionId } }));
}

/**
 * The proxy's container dies when a client leaves in the middle of an answer (an unhandled
 * ERR_STREAM_PREMATURE_CLOSE), as autocannon's connections do at the end of a round, and its
 * container restarts it. So the proxy gets a fresh process for each round.
 */
async function proxyRound(ctx: BenchContext, paths: string[]): Promise<Round> {
  const proxy = await startServer([...NODE_TS, 'bench/servers/discordjs-proxy.ts'], { DISCORD_API_URL: ctx.server.url }, await freePort());
  try {
    return await measure(ctx, { origin: proxy.origin, paths, headers: { Authorization: `Bot ${ctx.demo.bot.token}` } });
  } finally {
    await proxy.stop();
  }
}

export async function dashboardWorkload(ctx: BenchContext): Promise<Row[]> {
  const paths = resourcePaths(ctx);
  const rounds = { guildgate: [] as Round[], proxy: [] as Round[] };
  ctx.fake.setLatency(50);
  try {
    for (let round = 0; round < ctx.settings.coldRounds; round++) {
      for (const side of round % 2 === 0 ? (['guildgate', 'proxy'] as const) : (['proxy', 'guildgate'] as const)) {
        rounds[side].push(side === 'guildgate' ? await guildgateRound(ctx, paths.gateway) : await proxyRound(ctx, paths.proxy));
      }
    }
  } finally {
    ctx.fake.setLatency(0);
  }
  return dashboardRows(rounds.guildgate, rounds.proxy, ctx.settings.loadSec);
}

/** Medians over rounds; the ratio (guildgate / proxy) is the median of the per-round ratios. */
function dashboardRows(gg: Round[], proxy: Round[], seconds: number): Row[] {
  const scenario = '3 dashboard workload vs @discordjs/proxy';
  const row = (measure: string, figure: (r: Round) => number, format: (n: number) => string): Row => {
    const [ours, theirs] = [gg.map(figure), proxy.map(figure)];
    return { scenario, measure, guildgate: format(median(ours)), baseline: format(median(theirs)), ratio: fmt.ratio(medianRatio(ours, theirs)) };
  };
  return [
    row('200 answers per second (50 connections, 8 resources, Discord 50 ms; both start cold each round)', (r) => (r.load.statuses['200'] ?? 0) / seconds, fmt.rps),
    row('p99 latency', (r) => r.load.p99, fmt.ms),
    row(`upstream calls per ${seconds} s round`, (r) => r.upstream, fmt.count),
    row('answers other than 200 per round (client 429s etc.)', (r) => r.load.requests - (r.load.statuses['200'] ?? 0) + r.load.errors, fmt.count),
    row('429s from the fake per round', (r) => r.fake429, fmt.count),
  ];
}
