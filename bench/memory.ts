// Scenario 6, run in its own process with --expose-gc:
//   node --expose-gc --import tsx bench/memory.ts '{"sessions":100000,"entries":5000}'
// The app runs in process against the in-process fake; logins and reads go through
// app.request(), so the whole HTTP stack runs but no socket limits the rate. Prints one JSON line.
import { createFakeDiscord, seedDemo } from '../fake-discord/index.js';
import type { MakeRequest } from '../src/discord/bot-pool.js';
import { buildProcessService as buildService } from '../src/runtime/process-service.js';

declare const gc: () => void;

function heap(): { heap: number; buffers: number } {
  for (let i = 0; i < 3; i++) gc();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, buffers: usage.arrayBuffers };
}

async function main(): Promise<void> {
  const { sessions, entries } = JSON.parse(process.argv[2] ?? '{}') as { sessions: number; entries: number };
  const fake = createFakeDiscord({ globalLimitPerSecond: 1_000_000 });
  fake.setBucket(/.*/, { limit: 1_000_000, windowMs: 1000 });
  const demo = seedDemo(fake);
  const guild = fake.addGuild({ name: 'Memory', botIds: [demo.bot.user.id] });
  const memberIds = fake.addMembers(guild.id, entries).map((m) => m.user.id);
  const service = await buildService(
    { LOG_LEVEL: 'info', MAX_SESSIONS: String(sessions + 100), LOGIN_RATE_LIMIT: '100000' },
    { makeRequest: fake.makeRequest as unknown as MakeRequest, logSink: () => {} },
  );
  const { app } = service;
  const body = JSON.stringify({ token: demo.bot.token });
  const loginOnce = async () => {
    const response = await app.request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    if (response.status !== 200) throw new Error(`login answered ${response.status}`);
    return ((await response.json()) as { sessionId: string }).sessionId;
  };
  const sessionId = await loginOnce(); // validates the token once; later logins use the cache
  const beforeSessions = heap();
  const started = performance.now();
  for (let i = 0; i < sessions; i++) await loginOnce();
  const loginMs = performance.now() - started;
  fake.resetCalls();
  const afterSessions = heap();

  const read = (id: string) => app.request(`/api/guilds/${guild.id}/members/${id}`, { headers: { Authorization: sessionId } });
  const sample = await read(memberIds[0]!);
  const bodyBytes = (await sample.arrayBuffer()).byteLength;
  const beforeEntries = heap();
  for (const id of memberIds.slice(1)) await (await read(id)).arrayBuffer();
  fake.resetCalls();
  const afterEntries = heap();
  const stored = memberIds.length - 1;
  process.stdout.write(`${JSON.stringify({
    sessions,
    bytesPerSession: (afterSessions.heap - beforeSessions.heap + afterSessions.buffers - beforeSessions.buffers) / sessions,
    loginMs,
    sessionsHeld: (service.deps.sessionStore as { count?: () => number }).count?.() ?? null,
    entries: stored,
    bytesPerEntry: (afterEntries.heap - beforeEntries.heap + afterEntries.buffers - beforeEntries.buffers) / stored,
    bodyBytes,
    upstreamValidations: 1,
  })}\n`);
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`memory bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
