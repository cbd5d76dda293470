// Scenario 3: dashboards polling 8 resources while Discord answers in 50 ms, against guildgate
// and against @discordjs/proxy (no cache). Both use the same bot token and the same fake.
import { countCalls, login, startGuildgate, type BenchContext } from '../context.js';
import type { LoadResult } from '../load.js';
import { freePort, NODE_TS, runLoad, startServer } from '../processes.js';
import { fmt, type Row } from '../report.js';
import { median } from '../settings.js';

interface Side {
  loads: LoadResult[];
  upstream: number[];
  fake429: number[];
}

function resourcePaths(ctx: BenchContext): { gateway: string[]; proxy: string[] } {
  const { large, small } = ctx.demo.guilds;
  const channel = ctx.demo.channelId;
  const perGuild = (g: string) => [`/guilds/${g}/channels`, `/guilds/${g}/roles`, `/guilds/${g}`];
  const discord = [...perGuild(large), ...perGuild(small), '/users/@me/guilds', `/channels/${channel}`];
  const gateway = [...perGuild(large), ...perGuild(small)].map((p) => `/api${p}`).concat('/api/guilds', `/api/channels/${channel}`);
  return { gateway, proxy: discord.map((p) => `/api/v10${p}`) };
}

/**
 * The proxy's container dies when a client leaves in the middle of an answer (an unhandled
 * ERR_STREAM_PREMATURE_CLOSE), as autocannon's connections do at the end of a round, and its
 * container restarts it. So the proxy gets a fresh process for each round.
 */
export async function dashboardWorkload(ctx: BenchContext): Promise<Row[]> {
  const { settings, fake } = ctx;
  fake.setLatency(50);
  const paths = resourcePaths(ctx);
  const gateway = await startGuildgate(ctx, 'node');
  try {
    const sessionId = await login(gateway.origin, ctx.demo.bot.token);
    const sides = { guildgate: { loads: [], upstream: [], fake429: [] } as Side, proxy: { loads: [], upstream: [], fake429: [] } as Side };
    // Quick mode: one round (a fresh proxy process each round is the slow part).
    const rounds = settings.quick ? 1 : settings.rounds;
    for (let round = 0; round < rounds; round++) {
      for (const which of ['guildgate', 'proxy'] as const) {
        fake.resetRateLimits();
        const proxy = which === 'proxy' ? await startServer([...NODE_TS, 'bench/servers/discordjs-proxy.ts'], { DISCORD_API_URL: ctx.server.url }, await freePort()) : undefined;
        const spec = proxy
          ? { origin: proxy.origin, paths: paths.proxy, headers: { Authorization: `Bot ${ctx.demo.bot.token}` } }
          : { origin: gateway.origin, paths: paths.gateway, headers: { Authorization: sessionId } };
        const { result, calls, rateLimited } = await countCalls(fake, () => runLoad({ ...spec, connections: 50, durationSec: settings.loadSec }));
        await proxy?.stop();
        sides[which].loads.push(result);
        sides[which].upstream.push(calls);
        sides[which].fake429.push(rateLimited);
      }
    }
    return dashboardRows(sides.guildgate, sides.proxy, settings.loadSec);
  } finally {
    fake.setLatency(0);
    await gateway.stop();
  }
}

function okRps(load: LoadResult, seconds: number): number {
  return (load.statuses['200'] ?? 0) / seconds;
}

function dashboardRows(gg: Side, proxy: Side, seconds: number): Row[] {
  const scenario = '3 dashboard workload vs @discordjs/proxy';
  const ratioOf = (f: (s: Side, i: number) => number) => fmt.ratio(median(gg.loads.map((_, i) => f(gg, i) / f(proxy, i))));
  const rps = (s: Side, i: number) => okRps(s.loads[i]!, seconds);
  const p99 = (s: Side, i: number) => s.loads[i]!.p99;
  const rejected = (s: Side) => median(s.loads.map((l) => l.requests - (l.statuses['200'] ?? 0) + l.errors));
  return [
    { scenario, measure: '200 answers per second (50 connections, 8 resources, Discord 50 ms)', guildgate: fmt.rps(median(gg.loads.map((_, i) => rps(gg, i)))), baseline: fmt.rps(median(proxy.loads.map((_, i) => rps(proxy, i)))), ratio: ratioOf(rps) },
    { scenario, measure: 'p99 latency', guildgate: fmt.ms(median(gg.loads.map((l) => l.p99))), baseline: fmt.ms(median(proxy.loads.map((l) => l.p99))), ratio: ratioOf(p99) },
    { scenario, measure: `upstream calls per ${seconds} s round`, guildgate: fmt.count(median(gg.upstream)), baseline: fmt.count(median(proxy.upstream)) },
    { scenario, measure: 'answers other than 200 per round (client 429s etc.)', guildgate: fmt.count(rejected(gg)), baseline: fmt.count(rejected(proxy)) },
    { scenario, measure: '429s from the fake per round', guildgate: fmt.count(median(gg.fake429)), baseline: fmt.count(median(proxy.fake429)) },
  ];
}
