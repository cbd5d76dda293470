// Same-run comparison of two versions of guildgate's cached read (Node), with the bare Hono
// baseline alongside, for the notes on each optimisation:
//   git archive <rev> src package.json tsconfig.json | tar -x -C /tmp/gg-before
//   ln -s "$PWD/node_modules" /tmp/gg-before/node_modules
//   npx tsx bench/before-after.ts --before=/tmp/gg-before [--seconds=3] [--rounds=3]
import { createContext, login, type BenchContext } from './context.js';
import { freePort, NODE_TS, startServer, stopLoadGenerator, type Child } from './processes.js';
import { measured, recordHit } from './scenarios/cached-read.js';
import { settingsFor } from './settings.js';
import { median } from './stats.js';

function arg(name: string, fallback: string): string {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

async function gateway(ctx: BenchContext, root: string): Promise<Child> {
  const env = { HOST: '127.0.0.1', DISCORD_API_URL: ctx.server.url, LOG_LEVEL: 'info' };
  return startServer([...NODE_TS, `${root}/src/runtime/node.ts`], env, await freePort());
}

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '3'));
  const rounds = Number(arg('rounds', '3'));
  const ctx = await createContext(settingsFor(true));
  const path = `/api/guilds/${ctx.demo.guildId}/channels`;
  const servers: Child[] = [];
  try {
    const before = await gateway(ctx, arg('before', '/tmp/gg-before'));
    const after = await gateway(ctx, '.');
    servers.push(before, after);
    const sessions = new Map([[before, await login(before.origin, ctx.demo.bot.token)], [after, await login(after.origin, ctx.demo.bot.token)]]);
    const file = await recordHit(after.origin, path, sessions.get(after)!);
    await recordHit(before.origin, path, sessions.get(before)!);
    const bare = await startServer([...NODE_TS, 'bench/servers/bare-hono.ts'], { BENCH_RESPONSE_FILE: file }, await freePort());
    servers.push(bare);
    const named = [['before', before], ['after', after], ['bare', bare]] as const;
    const results = new Map<string, { rps: number[]; cpu: number[] }>(named.map(([name]) => [name, { rps: [], cpu: [] }]));
    const spec = (server: Child, durationSec: number) => ({
      origin: server.origin, paths: [path], connections: 50, durationSec, headers: { Authorization: sessions.get(server) ?? '' },
    });
    for (const [, server] of named) await measured(server, spec(server, 1));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? named : [...named].reverse();
      for (const [name, server] of order) {
        const { load, cpuPerRequest } = await measured(server, spec(server, seconds));
        results.get(name)!.rps.push(load.rps);
        results.get(name)!.cpu.push(cpuPerRequest);
      }
    }
    const bareRps = results.get('bare')!.rps;
    const bareCpu = results.get('bare')!.cpu;
    for (const [name, { rps, cpu }] of results) {
      const ratio = median(rps.map((r, i) => r / bareRps[i]!));
      const cpuRatio = median(cpu.map((c, i) => bareCpu[i]! / c));
      process.stdout.write(`${name.padEnd(7)} ${Math.round(median(rps))} req/s (ratio to bare ${ratio.toFixed(2)}), CPU ${median(cpu).toFixed(0)} µs/request (bare/this ${cpuRatio.toFixed(2)})\n`);
    }
  } finally {
    stopLoadGenerator();
    for (const server of servers) await server.stop();
    await ctx.server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
