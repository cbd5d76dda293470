/** How long and how big each scenario runs: the full run, or `--quick` (CI, under a minute). */
export interface BenchSettings {
  quick: boolean;
  rounds: number;
  /** Rounds of the scenarios that start fresh processes or a cold cache for every round (3 to 6). */
  coldRounds: number;
  /** Seconds of load per measured round of a throughput scenario. */
  loadSec: number;
  warmupSec: number;
  connections: number;
  missSamples: number;
  coalescedReads: number;
  burstReads: number;
  sessions: number;
  cacheEntries: number;
}

export function settingsFor(quick: boolean): BenchSettings {
  return quick
    ? { quick, rounds: 3, coldRounds: 1, loadSec: 0.8, warmupSec: 0.3, connections: 50, missSamples: 120, coalescedReads: 1000, burstReads: 150, sessions: 4_000, cacheEntries: 300 }
    : { quick, rounds: 3, coldRounds: 3, loadSec: 8, warmupSec: 2, connections: 50, missSamples: 900, coalescedReads: 1000, burstReads: 1000, sessions: 100_000, cacheEntries: 5000 };
}
