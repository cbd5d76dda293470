// Scenario 6: heap per session and per cached entry, after full GCs, in a child process; one
// new child per round, so no round measures a heap another has shaped.
import type { BenchContext } from '../context.js';
import { ROOT, runScript } from '../processes.js';
import { fmt, type Row } from '../report.js';
import { median } from '../stats.js';

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
  const { sessions, cacheEntries, coldRounds, quick } = ctx.settings;
  const rounds: MemoryFigures[] = [];
  for (let round = 0; round < coldRounds; round++) {
    const output = await runScript([process.execPath, '--expose-gc', '--import', 'tsx', `${ROOT}bench/memory.ts`, JSON.stringify({ sessions, entries: cacheEntries + 1 })]);
    rounds.push(JSON.parse(output) as MemoryFigures);
  }
  const of = (figure: 'bytesPerSession' | 'bytesPerEntry' | 'loginMs') => median(rounds.map((r) => r[figure]));
  const { entries, bodyBytes } = rounds[0]!;
  const held = [...new Set(rounds.map((r) => r.sessionsHeld ?? '?'))].join(', ');
  const perSecond = sessions / (of('loginMs') / 1000);
  const scenario = `6 memory${quick ? ` (quick: ${fmt.count(sessions)} sessions, not 100,000)` : ''}`;
  return [
    { scenario, measure: `heap per session at ${fmt.count(sessions)} sessions (held: ${held}), after full GC`, guildgate: fmt.bytes(of('bytesPerSession')), goal: '≤ 512 B' },
    { scenario, measure: `heap per cached entry (one member, body ${bodyBytes} B), ${fmt.count(entries)} entries`, guildgate: fmt.bytes(of('bytesPerEntry')) },
    { scenario, measure: `time for ${fmt.count(sessions)} logins of one bot (app.request, token validated once) vs Discord's 50/s`, guildgate: `${(of('loginMs') / 1000).toFixed(1)} s (${fmt.rps(perSecond).replace('req', 'logins')})`, baseline: `${(sessions / 50).toFixed(0)} s at 50/s`, ratio: fmt.ratio(perSecond / 50) },
  ];
}
