import { CounterFamily, GaugeFamily, type Cell, type Family } from './cells.js';

/** Where the scrape-time numbers come from; built by createDeps from the live objects. */
export interface MetricSources {
  sessions(): number | undefined;
  restClients(): number;
  upstreamInFlight(): number;
  invalidRequestsUsed(): Promise<number>;
  invalidRequestBudget: number;
  cacheReads(): Readonly<Record<'HIT' | 'MISS' | 'BYPASS', number>>;
}

/**
 * guildgate's metrics: counters the request path bumps (through Cells it keeps) and gauges read
 * when /metrics is scraped. No Prometheus library here, so the Workers bundle stays free of
 * one; an exporter turns `families` into text.
 */
export class Metrics {
  readonly requests = new CounterFamily('guildgate_http_requests_total', 'HTTP requests answered, by route and status', ['route', 'status']);
  readonly upstream = new CounterFamily('guildgate_upstream_requests_total', 'Calls to Discord, by route and status (error: no answer)', ['route', 'status']);
  readonly rateLimited = new CounterFamily('guildgate_rate_limited_total', '429 answers to clients, by who decided (guildgate or discord)', ['source']);
  private readonly families: Family[];

  constructor(sources: MetricSources) {
    this.families = [
      this.requests,
      cacheFamily(sources),
      this.upstream,
      this.rateLimited,
      new GaugeFamily('guildgate_invalid_requests_used', "Discord's 401/403/429 answers in the last 10 minutes", () => sources.invalidRequestsUsed()),
      new GaugeFamily('guildgate_invalid_requests_budget', 'INVALID_REQUEST_BUDGET: where calls to Discord stop', () => sources.invalidRequestBudget),
      new GaugeFamily('guildgate_sessions', 'Live sessions (memory store only)', () => sources.sessions()),
      new GaugeFamily('guildgate_rest_clients', 'REST clients, one per bot token in use', () => sources.restClients()),
      new GaugeFamily('guildgate_upstream_in_flight', 'Distinct calls to Discord in progress', () => sources.upstreamInFlight()),
    ];
  }

  all(): readonly Family[] {
    return this.families;
  }

  /** A Cell for 429s of this source; kept by the caller. */
  rateLimitedCell(source: string): Cell {
    return this.rateLimited.cell(source);
  }
}

/** Cache reads are counted by the cache itself (three plain numbers); exposed as a counter. */
function cacheFamily(sources: MetricSources): Family {
  return {
    name: 'guildgate_cache_reads_total',
    help: 'Cached reads by result: HIT, MISS or BYPASS',
    type: 'counter',
    labelNames: ['result'],
    samples: () => Object.entries(sources.cacheReads()).map(([result, value]) => ({ labels: { result }, value })),
  };
}
