/** Prometheus text, summed by metric name (and by label value where asked). */
export type Scrape = Map<string, number>;

export function parseMetrics(text: string): Scrape {
  const sums: Scrape = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[4]);
    if (!Number.isFinite(value)) continue;
    const name = match[1]!;
    add(sums, name, value);
    for (const [, label, labelValue] of (match[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) add(sums, `${name}{${label}=${labelValue}}`, value);
  }
  return sums;
}

function add(sums: Scrape, key: string, value: number): void {
  sums.set(key, (sums.get(key) ?? 0) + value);
}

/** One point of each chart, from two scrapes a few seconds apart. */
export interface Point {
  at: number;
  hitRatio: number | undefined;
  upstreamCalls: number;
  rateLimited: number;
  budgetUsed: number | undefined;
  sessions: number | undefined;
  streams: number | undefined;
}

export function pointBetween(previous: Scrape | undefined, current: Scrape, at: number): Point {
  const delta = (key: string) => Math.max(0, (current.get(key) ?? 0) - (previous?.get(key) ?? 0));
  const hits = delta('guildgate_cache_reads_total{result=HIT}');
  const reads = delta('guildgate_cache_reads_total');
  const used = current.get('guildgate_invalid_requests_used');
  const budget = current.get('guildgate_invalid_requests_budget');
  return {
    at,
    hitRatio: reads > 0 ? hits / reads : undefined,
    upstreamCalls: delta('guildgate_upstream_requests_total'),
    rateLimited: delta('guildgate_rate_limited_total'),
    budgetUsed: used !== undefined && budget ? (100 * used) / budget : undefined,
    sessions: current.get('guildgate_sessions'),
    streams: streamsOf(current),
  };
}

/** Open event streams, under whichever name this build reports them. */
function streamsOf(scrape: Scrape): number | undefined {
  for (const [key, value] of scrape) if (!key.includes('{') && /^guildgate_.*streams?(_open|_active)?$/.test(key)) return value;
  return undefined;
}
