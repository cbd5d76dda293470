// Load generator, run as its own process so it never shares an event loop with a server or the
// fake. Forked once per bench run (node --import tsx, with an IPC channel): each LoadSpec message
// is answered with one LoadResult message. Paths are dealt out round-robin across all connections,
// so a list of distinct paths is requested once each before any repeats.
import { createRequire } from 'node:module';

export interface LoadSpec {
  origin: string;
  paths: string[];
  connections: number;
  /** Seconds; ignored when amount is set. */
  durationSec?: number;
  amount?: number;
  headers?: Record<string, string>;
  timeoutSec?: number;
  /** GET unless given (the logins of scenario 9 POST). */
  method?: string;
  body?: string;
}

export interface LoadResult {
  requests: number;
  /** Completed requests per second over the whole run. */
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  elapsedMs: number;
}

interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  statusCodeStats: Record<string, { count: number }>;
  errors: number;
  timeouts: number;
  duration: number;
}

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

function pathDealer(paths: string[]): () => string {
  let next = 0;
  return () => paths[next++ % paths.length] ?? '/';
}

async function runSpec(spec: LoadSpec): Promise<LoadResult> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const nextPath = pathDealer(spec.paths);
  const started = performance.now();
  const result = await autocannon({
    url: spec.origin,
    connections: spec.connections,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.durationSec ?? 5 }),
    timeout: spec.timeoutSec ?? 30,
    headers: spec.headers ?? {},
    requests: [{ method: spec.method ?? 'GET', ...(spec.body === undefined ? {} : { body: spec.body }), setupRequest: (request: Record<string, unknown>) => ({ ...request, path: nextPath() }) }],
  });
  const elapsedMs = performance.now() - started;
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) statuses[status] = count;
  return {
    requests: result.requests.total,
    rps: result.requests.total / (spec.amount ? elapsedMs / 1000 : result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors + result.timeouts,
    elapsedMs,
  };
}

process.on('message', (spec: LoadSpec) => {
  runSpec(spec).then(
    (result) => process.send?.({ result }),
    (error: unknown) => process.send?.({ error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
