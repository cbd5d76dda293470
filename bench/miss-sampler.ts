// Scenario 2's sampler, in a process of its own: the bench's main process also serves the fake
// Discord, and a latency taken on that event loop would include the fake's work for the other
// client. One client, one request at a time, alternating: @discordjs/rest straight at the fake,
// and guildgate with ?fresh=true (always upstream). Both bodies are parsed as JSON, as a
// dashboard backend would. Prints the milliseconds of each read as JSON, one line.
//   node --import tsx bench/miss-sampler.ts '<MissSamplerSpec as JSON>'
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';

export interface MissSamplerSpec {
  /** The fake Discord's API URL, for the direct client. */
  api: string;
  token: string;
  gateway: string;
  sessionId: string;
  guildId: string;
  rounds: number;
  perRound: number;
}

export interface MissSamples {
  rounds: { direct: number[]; gateway: number[] }[];
}

/**
 * One direct and one gateway read every 25 ms: each REST client (the direct one and guildgate's)
 * then sends 40 a second, under @discordjs/rest's own 50/s global limit, whose waits would
 * otherwise be measured instead of the overhead.
 */
const PAIR_INTERVAL_MS = 25;
const WARM_UP_PAIRS = 30;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return Math.round((performance.now() - started) * 1000) / 1000;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as MissSamplerSpec;
  const rest = new REST({ api: spec.api }).setToken(spec.token);
  const direct = () => rest.get(Routes.guildChannels(spec.guildId));
  const viaGateway = async () => {
    const response = await fetch(`${spec.gateway}/api/guilds/${spec.guildId}/channels?fresh=true`, { headers: { Authorization: spec.sessionId } });
    if (response.status !== 200) throw new Error(`guildgate answered ${response.status}`);
    return response.json();
  };
  for (let i = 0; i < WARM_UP_PAIRS; i++) await Promise.all([direct(), viaGateway(), sleep(PAIR_INTERVAL_MS)]);
  const samples: MissSamples = { rounds: [] };
  for (let round = 0; round < spec.rounds; round++) {
    const times = { direct: [] as number[], gateway: [] as number[] };
    for (let i = 0; i < spec.perRound; i++) {
      const paced = sleep(PAIR_INTERVAL_MS);
      times.direct.push(await timed(direct));
      times.gateway.push(await timed(viaGateway));
      await paced;
    }
    samples.rounds.push(times);
  }
  process.stdout.write(`${JSON.stringify(samples)}\n`);
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`miss sampler failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
