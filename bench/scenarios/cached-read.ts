// Scenario 1: a cached read (HIT) against a bare Hono server on the same runtime that sends the
// same status, body and headers. Rounds alternate which server goes first.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countCalls, login, runtimeCommand, startGuildgate, type BenchContext, type Runtime } from '../context.js';
import { cpuMicros, freePort, runLoad, startServer, type Child } from '../processes.js';
import { fmt, type Row } from '../report.js';
import { median } from '../stats.js';
import type { LoadResult, LoadSpec } from '../load.js';

/** Per-connection and per-date headers the server adds by itself; the rest are copied. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

export async function recordHit(origin: string, path: string, sessionId: string): Promise<string> {
  await fetch(`${origin}${path}`, { headers: { Authorization: sessionId } }).then((r) => r.arrayBuffer());
  const response = await fetch(`${origin}${path}`, { headers: { Authorization: sessionId } });
  if (response.headers.get('x-cache') !== 'HIT') throw new Error(`expected a HIT, got ${response.headers.get('x-cache')}`);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!TRANSPORT_HEADERS.has(name)) headers[name] = value;
  });
  const body = Buffer.from(await response.arrayBuffer());
  const file = join(tmpdir(), `guildgate-bench-response-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ status: response.status, headers, bodyBase64: body.toString('base64') }));
  return file;
}

export interface CachedReadFigures {
  guildgate: LoadResult[];
  bare: LoadResult[];
  /** Server CPU microseconds per request, per round (NaN where /proc is missing). */
  guildgateCpu: number[];
  bareCpu: number[];
  upstreamCalls: number;
}

/** A load against one server, with the CPU time the server spent per answered request. */
export async function measured(server: Child, spec: LoadSpec): Promise<{ load: LoadResult; cpuPerRequest: number }> {
  const before = cpuMicros(server.pid);
  const load = await runLoad(spec);
  const after = cpuMicros(server.pid);
  return { load, cpuPerRequest: before === undefined || after === undefined ? Number.NaN : (after - before) / load.requests };
}

export async function measureCachedRead(ctx: BenchContext, runtime: Runtime, env: Record<string, string> = {}): Promise<CachedReadFigures> {
  const { settings } = ctx;
  const path = `/api/guilds/${ctx.demo.guildId}/channels`;
  const servers: Child[] = [];
  try {
    const gateway = await startGuildgate(ctx, runtime, env);
    servers.push(gateway);
    const sessionId = await login(gateway.origin, ctx.demo.bot.token);
    const responseFile = await recordHit(gateway.origin, path, sessionId);
    const bareCommand = runtimeCommand(runtime, { node: 'bench/servers/bare-hono.ts', bun: 'bench/servers/bare-hono.ts' });
    const bare = await startServer(bareCommand, { BENCH_RESPONSE_FILE: responseFile }, await freePort());
    servers.push(bare);
    const spec = (origin: string, durationSec: number): LoadSpec => ({
      origin, paths: [path], connections: settings.connections, durationSec, headers: { Authorization: sessionId },
    });
    await runLoad(spec(gateway.origin, settings.warmupSec));
    await runLoad(spec(bare.origin, settings.warmupSec));
    const figures: CachedReadFigures = { guildgate: [], bare: [], guildgateCpu: [], bareCpu: [], upstreamCalls: 0 };
    const { calls } = await countCalls(ctx.fake, async () => {
      for (let round = 0; round < settings.rounds; round++) {
        const order = round % 2 === 0 ? ['gg', 'bare'] : ['bare', 'gg'];
        for (const which of order) {
          const server = which === 'gg' ? gateway : bare;
          const { load, cpuPerRequest } = await measured(server, spec(server.origin, settings.loadSec));
          (which === 'gg' ? figures.guildgate : figures.bare).push(load);
          (which === 'gg' ? figures.guildgateCpu : figures.bareCpu).push(cpuPerRequest);
        }
      }
    });
    figures.upstreamCalls = calls;
    return figures;
  } finally {
    for (const server of servers) await server.stop();
  }
}

export function cachedReadRows(runtime: Runtime, figures: CachedReadFigures, label = '', goal?: string): Row[] {
  const ratios = figures.guildgate.map((gg, i) => gg.rps / (figures.bare[i]?.rps ?? Number.NaN));
  const p99Ratios = figures.guildgate.map((gg, i) => gg.p99 / Math.max(1, figures.bare[i]?.p99 ?? Number.NaN));
  const failures = [...figures.guildgate, ...figures.bare].reduce((sum, r) => sum + r.errors + (r.requests - (r.statuses['200'] ?? 0)), 0);
  const scenario = `1 cached read vs bare Hono, ${runtime === 'node' ? 'Node' : 'Bun'}${label}`;
  return [
    {
      scenario,
      measure: 'throughput (HIT)',
      guildgate: fmt.rps(median(figures.guildgate.map((r) => r.rps))),
      baseline: fmt.rps(median(figures.bare.map((r) => r.rps))),
      ratio: fmt.ratio(median(ratios)),
      goal: goal ?? (runtime === 'node' && !label ? '≥ 0.90' : ''),
    },
    {
      scenario,
      measure: `p99 latency (non-200 or errors: ${failures}, upstream calls during load: ${figures.upstreamCalls})`,
      guildgate: fmt.ms(median(figures.guildgate.map((r) => r.p99))),
      baseline: fmt.ms(median(figures.bare.map((r) => r.p99))),
      ratio: fmt.ratio(median(p99Ratios)),
    },
    {
      scenario,
      measure: 'server CPU per request (steadier than req/s on a shared machine; ratio: baseline / guildgate)',
      guildgate: `${median(figures.guildgateCpu).toFixed(0)} µs`,
      baseline: `${median(figures.bareCpu).toFixed(0)} µs`,
      ratio: fmt.ratio(median(figures.guildgateCpu.map((gg, i) => (figures.bareCpu[i] ?? Number.NaN) / gg))),
    },
  ];
}
