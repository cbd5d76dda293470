// Scenario 8's server, in its own Node process (--expose-gc): guildgate with N open event
// streams, opened in process through app.fetch (each read by its own reader, as a runtime would),
// so the heap per stream is guildgate's own cost, not sockets'. It measures the heap per stream
// and how long one invalidation takes to reach every stream, writes them to stderr as one
// `BENCH_STREAMS {json}` line; it serves on PORT from the start (opening 10,000 streams can take
// longer than a start-up wait), and the cached-read load comes once that line is written. Env: PORT, DISCORD_API_URL, BENCH_STREAMS (count), BENCH_TOKEN, BENCH_GUILD.
import { serve } from '@hono/node-server';
import { buildProcessService } from '../src/runtime/process-service.js';

declare const gc: () => void;

const streams = Number(process.env.BENCH_STREAMS ?? '10000');
const token = process.env.BENCH_TOKEN ?? '';
const guildId = process.env.BENCH_GUILD ?? '';
const TRIALS = 5;
const SESSIONS_PER_STREAM_LIMIT = 5;

function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** Waits for the next event on one stream and says when it came. */
interface Waiter {
  reader: ReadableStreamDefaultReader<Uint8Array>;
  arrived: number;
}

async function main(): Promise<void> {
  const service = await buildProcessService(
    { ...process.env, LOG_LEVEL: 'warn', MAX_EVENT_STREAMS: String(streams + 10), MAX_SESSIONS: String(streams), LOGIN_RATE_LIMIT: '100000' },
    { logSink: () => {} },
  );
  const { app } = service;
  serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
  process.once('SIGTERM', () => process.exit(0));
  const login = async () => {
    const response = await app.request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) });
    return ((await response.json()) as { sessionId: string }).sessionId;
  };
  const sessionIds: string[] = [];
  for (let i = 0; i < Math.ceil(streams / SESSIONS_PER_STREAM_LIMIT); i++) sessionIds.push(await login());
  const waiters: Waiter[] = [];
  const before = heapUsed();
  for (let i = 0; i < streams; i++) {
    const response = await app.fetch(new Request('http://gg/api/events', { headers: { Authorization: sessionIds[Math.floor(i / SESSIONS_PER_STREAM_LIMIT)]! } }));
    if (response.status !== 200) throw new Error(`stream ${i} answered ${response.status}`);
    const reader = response.body!.getReader();
    await reader.read(); // retry: 3000
    waiters.push({ reader, arrived: 0 });
  }
  const bytesPerStream = (heapUsed() - before) / streams;

  const p99s: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const reads = waiters.map(async (waiter) => {
      await waiter.reader.read();
      waiter.arrived = performance.now();
    });
    const sent = performance.now();
    const answer = await app.request('/api/cache/invalidate', {
      method: 'POST',
      headers: { Authorization: sessionIds[0]!, 'Content-Type': 'application/json' },
      body: JSON.stringify({ guildId, module: 'CHANNELS' }),
    });
    if (answer.status !== 200) throw new Error(`invalidate answered ${answer.status}`);
    await Promise.all(reads);
    const latencies = waiters.map((waiter) => waiter.arrived - sent).sort((a, b) => a - b);
    p99s.push(latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)]!);
  }
  const open = service.deps.events.size;
  process.stderr.write(`BENCH_STREAMS ${JSON.stringify({ streams, open, bytesPerStream, p99s })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`event-streams bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
