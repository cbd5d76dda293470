// Scenario 6: heap per session and per cached entry, after full GCs, in a child process.
import type { BenchContext } from '../context.js';
import { ROOT, runScript } from '../processes.js';
import { fmt, type Row } from '../report.js';

interface MemoryFigures {
  sessions: number;
  bytesPerSession: number;
  loginMs: number;
  sessionsHeld: number | null;
  entries: number;
  bytesPerEntry: number;
  bodyBytes: number;
}

export async function memory(ctx: BenchContext): Promise<Row[]> {
  const { sessions, cacheEntries } = ctx.settings;
  const output = await runScript([process.execPath, '--expose-gc', '--import', 'tsx', `${ROOT}bench/memory.ts`, JSON.stringify({ sessions, entries: cacheEntries + 1 })]);
  const m = JSON.parse(output) as MemoryFigures;
  const scenario = `6 memory${ctx.settings.quick ? ` (quick: ${fmt.count(sessions)} sessions, not 100,000)` : ''}`;
  const perSecond = m.sessions / (m.loginMs / 1000);
  return [
    { scenario, measure: `heap per session at ${fmt.count(m.sessions)} sessions (held: ${m.sessionsHeld ?? '?'}), after full GC`, guildgate: fmt.bytes(m.bytesPerSession), goal: '≤ 512 B' },
    { scenario, measure: `heap per cached entry (one member, body ${m.bodyBytes} B), ${fmt.count(m.entries)} entries`, guildgate: fmt.bytes(m.bytesPerEntry) },
    { scenario, measure: `time for ${fmt.count(m.sessions)} logins of one bot (app.request, token validated once) vs Discord's 50/s`, guildgate: `${(m.loginMs / 1000).toFixed(1)} s (${fmt.rps(perSecond).replace('req', 'logins')})`, baseline: `${(m.sessions / 50).toFixed(0)} s at 50/s`, ratio: fmt.ratio(perSecond / 50) },
  ];
}
