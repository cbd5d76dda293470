/** How long and how big each scenario runs: the full run, or `--quick` (CI, under a minute). */
export interface BenchSettings {
  quick: boolean;
  rounds: number;
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
    ? { quick, rounds: 3, loadSec: 0.8, warmupSec: 0.3, connections: 50, missSamples: 120, coalescedReads: 1000, burstReads: 150, sessions: 4_000, cacheEntries: 300 }
    : { quick, rounds: 3, loadSec: 8, warmupSec: 2, connections: 50, missSamples: 900, coalescedReads: 1000, burstReads: 1000, sessions: 100_000, cacheEntries: 5000 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
