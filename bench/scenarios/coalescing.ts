// Scenario 4: 1,000 concurrent cold reads of one key (one connection each) make how many
// upstream calls? Three rounds, each on a key nobody has read yet; Discord answers in 50 ms.
import { login, startGuildgate, type BenchContext } from '../context.js';
import { runLoad } from '../processes.js';
import { fmt, type Row } from '../report.js';
import { median } from '../settings.js';

export async function coalescing(ctx: BenchContext): Promise<Row[]> {
  const { fake, demo, settings } = ctx;
  fake.setLatency(50);
  const gateway = await startGuildgate(ctx, 'node');
  try {
    const sessionId = await login(gateway.origin, demo.bot.token);
    const coldRoutes = [`/guilds/${demo.guilds.large}/roles`, `/guilds/${demo.guilds.small}/roles`, `/guilds/${demo.guilds.small}`];
    const upstream: number[] = [];
    const ok: number[] = [];
    for (const route of coldRoutes.slice(0, settings.quick ? 1 : settings.rounds)) {
      const before = fake.callsTo(route).length;
      const load = await runLoad({
        origin: gateway.origin, paths: [`/api${route}`], connections: settings.coalescedReads, amount: settings.coalescedReads,
        headers: { Authorization: sessionId },
      });
      upstream.push(fake.callsTo(route).length - before);
      ok.push(load.statuses['200'] ?? 0);
    }
    return [{
      scenario: '4 coalescing',
      measure: `upstream calls for ${fmt.count(settings.coalescedReads)} concurrent cold reads of one key (200 answers: ${ok.join(', ')}; worst round: ${Math.max(...upstream)})`,
      guildgate: fmt.count(median(upstream)),
      goal: '1',
    }];
  } finally {
    fake.setLatency(0);
    await gateway.stop();
  }
}
