// The arithmetic behind "median of the rounds" and "ratio against a baseline of the same run".

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

/**
 * The median of the per-round ratios values[i] / baselines[i]: each round measures both sides
 * back to back, so the ratio within a round is steadier than a ratio of medians taken from
 * different moments of a shared machine. Undefined when a round's baseline is 0: no ratio.
 */
export function medianRatio(values: readonly number[], baselines: readonly number[]): number | undefined {
  if (baselines.some((baseline) => baseline === 0)) return undefined;
  return median(values.map((value, i) => value / baselines[i]!));
}
