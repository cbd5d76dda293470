// Scenario 9: heap per session measured from outside, as an operator would: guildgate's real
// Node entry on a socket (bench/servers/heap-probe.ts), 20,000 logins of one bot over HTTP,
// full GC, heap and array buffers read before and after. Unlike scenario 6 (in process,
// app.request) it counts everything a login leaves in the server: the store, the session-id
// memo, the HTTP stack, the log.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from '../context.js';
import { login } from '../context.js';
import { freePort, runLoad, startServer } from '../processes.js';
import { fmt, type Row } from '../report.js';
import { median } from '../stats.js';

const LOGINS = 20_000;
/**
 * Logins before the first reading, so that what V8 compiles for the login path (about 1.3 MB of
 * code and deopt data, ~65 B per session over 20,000) is in both readings: a one-off, not a
 * cost per session. They leave 1,000 sessions in the baseline, under 5% of the count.
 */
const WARM_UP_LOGINS = 1_000;

interface MemoryUsage {
  heapUsed: number;
  arrayBuffers: number;
  rss: number;
}

/** Asks the server for a full GC and its memory usage, and waits for the answer. */
async function probe(pid: number, file: string): Promise<MemoryUsage> {
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 10_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error('the heap probe did not answer');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  return JSON.parse(readFileSync(file, 'utf8')) as MemoryUsage;
}

async function oneRound(ctx: BenchContext, round: number): Promise<{ heap: number; rss: number }> {
  const out = join(tmpdir(), `guildgate-heap-${process.pid}-${round}.json`);
  const env = { HOST: '127.0.0.1', DISCORD_API_URL: ctx.server.url, LOG_LEVEL: 'info', HEAP_PROBE_OUT: out, LOGIN_RATE_LIMIT: '100000' };
  const server = await startServer([process.execPath, '--expose-gc', '--import', 'tsx', 'bench/servers/heap-probe.ts'], env, await freePort());
  try {
    await login(server.origin, ctx.demo.bot.token); // validates the token once; the logins below use the cache
    await logins(server.origin, ctx.demo.bot.token, WARM_UP_LOGINS);
    const before = await probe(server.pid, out);
    await logins(server.origin, ctx.demo.bot.token, LOGINS);
    const after = await probe(server.pid, out);
    return {
      heap: (after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers) / LOGINS,
      rss: (after.rss - before.rss) / LOGINS,
    };
  } finally {
    await server.stop();
    rmSync(out, { force: true });
  }
}

async function logins(origin: string, token: string, amount: number): Promise<void> {
  const load = await runLoad({
    origin, paths: ['/api/auth/login'], connections: 20, amount,
    method: 'POST', body: JSON.stringify({ token }), headers: { 'Content-Type': 'application/json' },
  });
  if ((load.statuses['200'] ?? 0) !== amount) throw new Error(`logins answered ${JSON.stringify(load.statuses)}`);
}

export async function heapOutside(ctx: BenchContext): Promise<Row[]> {
  const rounds: { heap: number; rss: number }[] = [];
  for (let round = 0; round < ctx.settings.coldRounds; round++) rounds.push(await oneRound(ctx, round));
  const scenario = '9 memory from outside (Node entry, memory sessions)';
  return [
    {
      scenario,
      measure: `heap + array buffers per session after ${fmt.count(LOGINS)} logins of one bot over HTTP (after ${fmt.count(WARM_UP_LOGINS)} warm-up logins), full GC (server process)`,
      guildgate: fmt.bytes(median(rounds.map((r) => r.heap))),
      goal: '≤ 400 B (aim 256)',
    },
    { scenario, measure: 'resident set size per session, same logins (includes memory V8 keeps after GC)', guildgate: fmt.bytes(median(rounds.map((r) => r.rss))) },
  ];
}
