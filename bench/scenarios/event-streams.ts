// Scenario 10: live updates. 10,000 open event streams in one Node process (1,000 in --quick):
// the heap each costs, how long one invalidation takes to reach all of them (p99), and the
// cached read measured while they are open, against bare Hono in the same run.
import { login, type BenchContext } from '../context.js';
import { freePort, NODE_TS, runLoad, startServer, type Child } from '../processes.js';
import { fmt, type Row } from '../report.js';
import { median } from '../stats.js';
import { recordHit } from './cached-read.js';

interface StreamFigures {
  streams: number;
  open: number;
  bytesPerStream: number;
  p99s: number[];
}

/** The server's figures, once it has opened its streams and measured them (minutes on a busy machine). */
async function figuresOf(server: Child): Promise<StreamFigures> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const line = server.stderr.join('').split('\n').find((text) => text.startsWith('BENCH_STREAMS '));
    if (line) return JSON.parse(line.slice('BENCH_STREAMS '.length)) as StreamFigures;
    if (server.exited() || Date.now() > deadline) throw new Error(`no figures from the streams server: ${server.stderr.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function eventStreams(ctx: BenchContext): Promise<Row[]> {
  const { settings } = ctx;
  const count = settings.quick ? 1000 : 10_000;
  const path = `/api/guilds/${ctx.demo.guildId}/channels`;
  const servers: Child[] = [];
  try {
    const env = { HOST: '127.0.0.1', DISCORD_API_URL: ctx.server.url, BENCH_STREAMS: String(count), BENCH_TOKEN: ctx.demo.bot.token, BENCH_GUILD: ctx.demo.guildId };
    const gateway = await startServer([process.execPath, '--expose-gc', '--import', 'tsx', 'bench/event-streams.ts'], env, await freePort());
    servers.push(gateway);
    const figures = await figuresOf(gateway);
    const sessionId = await login(gateway.origin, ctx.demo.bot.token);
    const responseFile = await recordHit(gateway.origin, path, sessionId);
    const bare = await startServer([...NODE_TS, 'bench/servers/bare-hono.ts'], { BENCH_RESPONSE_FILE: responseFile }, await freePort());
    servers.push(bare);
    const spec = (origin: string, durationSec: number) => ({ origin, paths: [path], connections: settings.connections, durationSec, headers: { Authorization: sessionId } });
    await runLoad(spec(gateway.origin, settings.warmupSec));
    await runLoad(spec(bare.origin, settings.warmupSec));
    const ratios: number[] = [];
    const rps = { gg: [] as number[], bare: [] as number[] };
    for (let round = 0; round < settings.rounds; round++) {
      const order = round % 2 === 0 ? (['gg', 'bare'] as const) : (['bare', 'gg'] as const);
      const roundRps = { gg: 0, bare: 0 };
      for (const which of order) {
        const load = await runLoad(spec(which === 'gg' ? gateway.origin : bare.origin, settings.loadSec));
        roundRps[which] = (load.statuses['200'] ?? 0) / settings.loadSec;
        rps[which].push(roundRps[which]);
      }
      ratios.push(roundRps.gg / roundRps.bare);
    }
    const scenario = `10 live updates${settings.quick ? ` (quick: ${fmt.count(count)} streams, not 10,000)` : ''}`;
    return [
      { scenario, measure: `heap per open event stream, ${fmt.count(figures.open)} streams in one process, after full GC`, guildgate: fmt.bytes(figures.bytesPerStream), goal: '≤ 4 KB' },
      { scenario, measure: `p99 delivery of one invalidation to all ${fmt.count(figures.open)} streams (median of ${figures.p99s.length} invalidations)`, guildgate: fmt.ms(median(figures.p99s)), goal: '≤ 100 ms' },
      { scenario, measure: `cached read (HIT) per second with the streams open, vs bare Hono`, guildgate: fmt.rps(median(rps.gg)), baseline: fmt.rps(median(rps.bare)), ratio: fmt.ratio(median(ratios)), goal: '≥ 0.9' },
    ];
  } finally {
    for (const server of servers) await server.stop();
  }
}
