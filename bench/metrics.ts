// guildgate's own count of cache reads by result, read from its /metrics (Prometheus text):
// what the fake's call log cannot tell, whether a read waited on an upstream call or found it
// done. Start guildgate with METRICS_ENV so a METRICS_TOKEN set in the shell cannot lock it.

export const METRICS_ENV = { METRICS_TOKEN: 'bench' };

export type CacheReads = Record<'HIT' | 'MISS' | 'BYPASS', number>;

export async function cacheReads(origin: string): Promise<CacheReads> {
  const response = await fetch(`${origin}/metrics`, { headers: { Authorization: `Bearer ${METRICS_ENV.METRICS_TOKEN}` } });
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  const text = await response.text();
  const count = (result: string) => Number(new RegExp(`^guildgate_cache_reads_total\\{result="${result}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { HIT: count('HIT'), MISS: count('MISS'), BYPASS: count('BYPASS') };
}
