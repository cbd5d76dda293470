// Where a cached read spends its time: runs guildgate (or the bare baseline) on Node under the
// V8 profiler (after warm-up), drives it with the scenario-1 load, and prints the top self-time
// functions and self time per request grouped by package.
//   npx tsx bench/profile.ts [--target=guildgate|bare] [--seconds=5] [--top=25]
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, login, startGuildgate } from './context.js';
import { freePort, NODE_TS, runLoad, startServer, stopLoadGenerator } from './processes.js';
import { settingsFor } from './settings.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function arg(name: string, fallback: string): string {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

/** Self time per function (name + file:line), as a share of the busy (non-idle) samples. */
export function topSelfTime(profile: CpuProfile, top: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const delta = profile.timeDeltas[i] ?? 0;
    if (!frame || frame.functionName === '(idle)') return;
    all += delta;
    const file = frame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/main\//, '');
    const key = `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}` : ''}`;
    totals.set(key, (totals.get(key) ?? 0) + delta);
  });
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, micros]) => `${((100 * micros) / all).toFixed(1).padStart(5)}%  ${key}`);
}

/** Self time grouped by where the code lives: guildgate, hono, the node server, lru-cache, Node itself. */
export function selfTimeByOrigin(profile: CpuProfile, requests: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    const delta = profile.timeDeltas[i] ?? 0;
    all += delta;
    const url = frame.url;
    const origin = url.includes('/node_modules/')
      ? url.replace(/^.*\/node_modules\/((?:@[^/]+\/)?[^/]+).*$/, '$1')
      : url.includes('/src/') ? 'guildgate src/' : url.startsWith('node:') ? 'node internals' : url === '' ? `native: ${frame.functionName}` : 'other';
    totals.set(origin, (totals.get(origin) ?? 0) + delta);
  });
  const lines = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 15);
  return [`${(all / requests).toFixed(1).padStart(6)} µs busy per request`].concat(
    lines.map(([key, micros]) => `${((100 * micros) / all).toFixed(1).padStart(5)}%  ${(micros / requests).toFixed(1).padStart(5)} µs  ${key}`),
  );
}

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`no profile written to ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}

async function main(): Promise<void> {
  const target = arg('target', 'guildgate');
  const seconds = Number(arg('seconds', '5'));
  const warmup = 2;
  const ctx = await createContext(settingsFor(true));
  const dir = mkdtempSync(join(tmpdir(), 'guildgate-prof-'));
  const out = join(dir, `${target}.cpuprofile`);
  const path = `/api/guilds/${ctx.demo.guildId}/channels`;
  const profiling = { PROFILE_START_MS: String(warmup * 1000 + 500), PROFILE_DURATION_MS: String((seconds - 1) * 1000), PROFILE_OUT: out };
  const command = [...NODE_TS, 'bench/servers/profiled.ts'];
  try {
    let headers: Record<string, string> = {};
    let server;
    if (target === 'bare') {
      const file = join(dir, 'response.json');
      const probe = await startGuildgate(ctx, 'node');
      const sessionId = await login(probe.origin, ctx.demo.bot.token);
      await fetch(`${probe.origin}${path}`, { headers: { Authorization: sessionId } }).then((r) => r.arrayBuffer());
      const response = await fetch(`${probe.origin}${path}`, { headers: { Authorization: sessionId } });
      const recorded: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (!['date', 'connection', 'keep-alive', 'content-length'].includes(name)) recorded[name] = value;
      });
      writeFileSync(file, JSON.stringify({ status: 200, headers: recorded, bodyBase64: Buffer.from(await response.arrayBuffer()).toString('base64') }));
      await probe.stop();
      server = await startServer(command, { ...profiling, PROFILE_ENTRY: 'bench/servers/bare-hono.ts', BENCH_RESPONSE_FILE: file }, await freePort());
    } else {
      const env = { HOST: '127.0.0.1', DISCORD_API_URL: ctx.server.url, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };
      server = await startServer(command, { ...profiling, ...env, PROFILE_ENTRY: 'src/runtime/node.ts' }, await freePort());
      headers = { Authorization: await login(server.origin, ctx.demo.bot.token) };
    }
    await runLoad({ origin: server.origin, paths: [path], connections: 50, durationSec: warmup, headers });
    const load = await runLoad({ origin: server.origin, paths: [path], connections: 50, durationSec: seconds, headers });
    process.stdout.write(`${target}: ${Math.round(load.rps)} req/s, p99 ${load.p99} ms, statuses ${JSON.stringify(load.statuses)}\n`);
    await waitForFile(out, 10_000);
    await server.stop();
    const profile = JSON.parse(readFileSync(out, 'utf8')) as CpuProfile;
    const profiledRequests = load.rps * ((seconds - 1));
    process.stdout.write(`${topSelfTime(profile, Number(arg('top', '25'))).join('\n')}\n`);
    process.stdout.write(`by origin (per request: over ~${Math.round(profiledRequests)} requests in the profiled window):\n${selfTimeByOrigin(profile, profiledRequests).join('\n')}\n(profile: ${out})\n`);
  } finally {
    stopLoadGenerator();
    await ctx.server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
