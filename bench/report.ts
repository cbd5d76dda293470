import { cpus, loadavg, release, type } from 'node:os';
import type { BenchSettings } from './settings.js';

/** One line of the results table. Numbers are already formatted by the scenario. */
export interface Row {
  scenario: string;
  measure: string;
  guildgate: string;
  baseline?: string;
  ratio?: string;
  goal?: string;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  os: string;
  node: string;
  bun: string;
  loadAverage: string;
}

export function machineInfo(bunVersion: string): MachineInfo {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    os: `${type()} ${release()}`,
    node: process.version,
    bun: bunVersion,
    loadAverage: loadavg().map((n) => n.toFixed(2)).join(' '),
  };
}

export const fmt = {
  rps: (n: number) => `${Math.round(n).toLocaleString('en-US')} req/s`,
  ms: (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`,
  /** Undefined (no ratio) where the baseline was 0. */
  ratio: (n: number | undefined) => n?.toFixed(2),
  count: (n: number) => Math.round(n).toLocaleString('en-US'),
  bytes: (n: number) => `${Math.round(n).toLocaleString('en-US')} B`,
};

/** How the figures were taken; docs/benchmarks.md says the same in prose. */
function methodText(settings: BenchSettings): string {
  const cold = `${settings.coldRounds} round${settings.coldRounds === 1 ? '' : 's'}`;
  return [
    `Method: each figure is the median of its rounds: ${settings.rounds} in scenarios 1 and 2; ${cold} in scenarios 3 to 6, each from cold`,
    '(3: a fresh guildgate and a fresh @discordjs/proxy, alternating which goes first; 4: a key not read before; 5: a fresh guildgate and fresh fake rate-limit windows; 6: a new child process).',
    'A ratio compares guildgate with a baseline measured in the same run (in scenarios 5 and 6, with Discord\'s 50/s), round by round: the median of the per-round ratios, left out where a round\'s baseline is 0;',
    'scenario 2\'s "added" is the median of the per-round differences.',
    `Load: autocannon in its own process over loopback, ${settings.connections} connections, ${settings.loadSec} s per round (scenario 1 after ${settings.warmupSec} s of warm-up);`,
    'scenario 2\'s paced sequential reads come from a process of their own (bench/miss-sampler.ts); scenario 4 splits the reads into MISS and HIT by guildgate\'s /metrics.',
    'Discord: the fake (fake-discord) on a loopback socket in the bench\'s main process. guildgate runs its real entry (src/runtime/node.ts, src/runtime/bun.ts) with LOG_LEVEL=info, one JSON line per request written to stdout redirected to /dev/null.',
  ].join(' ');
}

export function renderResults(machine: MachineInfo, settings: BenchSettings, rows: Row[], elapsedSec: number): string {
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${settings.quick ? ' -- --quick' : ''}\` on ${new Date().toISOString()} in ${elapsedSec.toFixed(0)} s.`,
    settings.quick ? '**Quick mode**: short rounds, one round in scenarios 3 to 6 and smaller counts, to keep the benchmark from rotting in CI; do not quote these figures.' : '',
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.os}; Node ${machine.node}, Bun ${machine.bun}; load average at start ${machine.loadAverage}.`,
    '',
    methodText(settings),
    '',
    '| # | scenario | measure | guildgate | baseline | ratio | goal |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.scenario.split(' ')[0]} | ${row.scenario.split(' ').slice(1).join(' ')} | ${row.measure} | ${row.guildgate} | ${row.baseline ?? ''} | ${row.ratio ?? ''} | ${row.goal ?? ''} |`),
    '',
  ];
  return lines.filter((line, i) => line !== '' || lines[i - 1] !== '').join('\n');
}
