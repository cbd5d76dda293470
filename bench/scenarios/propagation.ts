// Scenario 8: how long a logout or a token revocation on one instance takes to end the session
// in another instance's session memo (Redis sessions, real redis-server, two instances).
import type { BenchContext } from '../context.js';
import { ROOT, runScript } from '../processes.js';
import { withRedisServer } from '../redis.js';
import { fmt, type Row } from '../report.js';
import { percentile } from '../stats.js';

interface PropagationFigures {
  logout: number[];
  revocation: number[];
  heldAfterAnswer: number;
}

export async function propagation(ctx: BenchContext): Promise<Row[]> {
  const rounds = ctx.settings.quick ? 50 : 500;
  const figures = await withRedisServer(async (redisUrl) => {
    const output = await runScript([process.execPath, '--import', 'tsx', `${ROOT}bench/propagation.ts`, JSON.stringify({ redisUrl, rounds })]);
    return JSON.parse(output) as PropagationFigures;
  });
  const scenario = '8 session end across two instances (SESSION_STORE=redis)';
  const row = (what: string, times: number[]): Row => ({
    scenario,
    measure: `${what}, p50 / p99 of ${fmt.count(times.length)} (from the request on A until B's memo no longer answers)`,
    guildgate: `${fmt.ms(percentile(times, 50))} / ${fmt.ms(percentile(times, 99))}`,
  });
  return [
    row('logout on A', figures.logout),
    row('token revocation on A', figures.revocation),
    {
      scenario,
      measure: `logouts after which B still held the session when A had answered (both in one process, so B may not have read its socket yet)`,
      guildgate: `${figures.heldAfterAnswer} of ${fmt.count(figures.logout.length)}`,
    },
  ];
}
