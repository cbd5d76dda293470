// `npm run bench` (full) or `npm run bench -- --quick` (CI: every scenario, briefly, < 60 s).
// Writes bench/RESULTS.md (quick mode: a file in the temporary directory). For quick comparisons while optimising: `--only=1,3` runs some
// scenarios (the file then holds only those), `--node-only` skips Bun in scenario 1, and
// `--seconds=N` sets the load per round.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, type BenchContext } from './context.js';
import { BUN, ROOT, stopLoadGenerator } from './processes.js';
import { machineInfo, renderResults, type Row } from './report.js';
import { burst } from './scenarios/burst.js';
import { bundleSize } from './scenarios/bundle-size.js';
import { cachedReadRows, measureCachedRead } from './scenarios/cached-read.js';
import { coalescing } from './scenarios/coalescing.js';
import { dashboardWorkload } from './scenarios/dashboard.js';
import { eventStreams } from './scenarios/event-streams.js';
import { memory } from './scenarios/memory.js';
import { missOverhead } from './scenarios/miss-overhead.js';
import { propagation } from './scenarios/propagation.js';
import { heapOutside } from './scenarios/heap-outside.js';
import { settingsFor } from './settings.js';
import { redisSessionsEnv, withRedisServer } from './redis.js';

const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<Row[]>> = {
  1: async (ctx) => [
    ...cachedReadRows('node', await measureCachedRead(ctx, 'node')),
    ...(process.argv.includes('--node-only') ? [] : cachedReadRows('bun', await measureCachedRead(ctx, 'bun'))),
    // What the request log costs: the same read with the log line switched off (full run only).
    ...(ctx.settings.quick ? [] : cachedReadRows('node', await measureCachedRead(ctx, 'node', { LOG_LEVEL: 'warn' }), ', LOG_LEVEL=warn (no request log)')),
    // What a fleet runs: sessions in Redis, read through each process's session memo.
    ...(await withRedisServer(async (url) =>
      cachedReadRows('node', await measureCachedRead(ctx, 'node', redisSessionsEnv(url)), ', SESSION_STORE=redis (real redis-server)', '≥ 0.85'),
    )),
  ],
  2: missOverhead,
  3: dashboardWorkload,
  4: coalescing,
  5: burst,
  6: memory,
  7: () => bundleSize(),
  8: propagation,
  9: heapOutside,
  10: eventStreams,
};

function selected(args: string[]): string[] {
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  return only ? only.split(',').filter((id) => id in SCENARIOS) : Object.keys(SCENARIOS);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const settings = settingsFor(args.includes('--quick'));
  const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.slice('--seconds='.length));
  if (seconds > 0) settings.loadSec = seconds;
  const started = performance.now();
  const machine = machineInfo(execFileSync(BUN, ['--version']).toString().trim());
  const ctx = await createContext(settings);
  const rows: Row[] = [];
  try {
    for (const id of selected(args)) {
      const t0 = performance.now();
      const scenarioRows = await SCENARIOS[id]!(ctx);
      rows.push(...scenarioRows);
      process.stderr.write(`scenario ${id}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      for (const row of scenarioRows) process.stderr.write(`  ${row.measure}: ${row.guildgate}${row.baseline ? ` vs ${row.baseline}` : ''}${row.ratio ? ` (ratio ${row.ratio})` : ''}\n`);
    }
  } finally {
    stopLoadGenerator();
    await ctx.server.close();
  }
  const markdown = renderResults(machine, settings, rows, (performance.now() - started) / 1000);
  // Quick figures are not worth keeping: they go to a temporary file, never over RESULTS.md.
  const file = settings.quick ? join(tmpdir(), 'guildgate-bench-quick.md') : `${ROOT}bench/RESULTS.md`;
  writeFileSync(file, markdown);
  process.stdout.write(`${markdown}\n(written to ${file})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
