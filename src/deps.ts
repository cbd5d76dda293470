import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import type { PeerAddress } from './env.js';
import { LoginThrottle } from './limits/login-throttle.js';
import { invalidationThrottle } from './cache/invalidation-throttle.js';
import { ChangeFeed } from './live/change-feed.js';
import { sessionStillLive } from './live/session-check.js';
import { EventStreams } from './live/stream-registry.js';
import { intervalTicker, type Ticker } from './live/ticker.js';
import { noPublicFiles, type PublicFiles } from './public-files.js';
import { createLogger, type Logger, type LogSink } from './logger.js';
import { BotIdentities } from './discord/bot-identities.js';
import { BotPool, type MakeRequest } from './discord/bot-pool.js';
import { GlobalRateGuard } from './discord/global-rate-guard.js';
import { RevokedTokenGuard } from './discord/revoked-token-guard.js';
import type { UpstreamGuard } from './discord/upstream-guard.js';
import { InvalidRequestBudget } from './discord/invalid-request-budget.js';
import { DISCORD_INVALID_REQUEST_WINDOW, MemoryWindowCounter, type WindowCounter } from './discord/request-window.js';
import { Metrics } from './metrics/metrics.js';
import { textExporter, type MetricsExporter, type MetricsExporterFactory } from './metrics/exporter.js';
import { upstreamMetrics } from './metrics/upstream-metrics.js';
import { MemoryResponseStore } from './cache/memory-response-store.js';
import { ResponseCache, type FillCoordinator } from './cache/response-cache.js';
import type { ResponseStore } from './cache/response-store.js';
import { memorySessionStore } from './sessions/choose-store.js';
import { SessionKeys } from './sessions/session-keys.js';
import { Sessions } from './sessions/sessions.js';
import type { SessionStore } from './sessions/store.js';
import { OAuthClient } from './oauth/oauth-client.js';
import { OAuthService } from './oauth/oauth-service.js';
import { InProcessRefreshOnce, type RefreshOnce } from './oauth/refresh-once.js';
import type { IdempotencyStore } from './writes/idempotency-store.js';
import { IdempotentWrites } from './writes/idempotent-writes.js';
import { MemoryIdempotencyStore } from './writes/memory-idempotency-store.js';

/** Everything the app talks to. `createApp(deps)` does no I/O of its own. */
export interface Deps {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sessionStore: SessionStore;
  readonly sessions: Sessions;
  readonly pool: BotPool;
  readonly identities: BotIdentities;
  readonly cache: ResponseCache;
  /** Discord's 401/403/429 answers of the last 10 minutes, and the refusal before the ban. */
  readonly invalidRequests: InvalidRequestBudget;
  readonly metrics: Metrics;
  /** Renders /metrics: prom-client on Node and Bun, plain text elsewhere. */
  readonly metricsExporter: MetricsExporter;
  /** Asks the shared Redis (REDIS_URL) for a PING, for /readyz; absent without one. */
  readonly redisPing?: () => Promise<unknown>;
  /** The socket peer's address, from the runtime entry. */
  readonly peerAddress: PeerAddress;
  /** Logins that would ask Discord, per client address. */
  readonly loginThrottle: LoginThrottle;
  /** Spends one of a session's INVALIDATE_RATE_LIMIT invalidations a minute; throws 429 past it. */
  readonly invalidationThrottle: (sessionKey: string) => void;
  /** The static files the runtime ships (the /docs renderer, the console). */
  readonly publicFiles: PublicFiles;
  /** Changes to cached data (writes, invalidations), for the live-updates stream. */
  readonly changes: ChangeFeed;
  /** Login with Discord; absent when it is not configured. */
  readonly oauth?: OAuthService;
  /** Idempotency-Keys of POST writes (in process, or shared through Redis). */
  readonly idempotentWrites: IdempotentWrites;
  /** The open event streams (GET /api/events) of this process. */
  readonly events: EventStreams;
}

/** What a runtime entry or a test may replace; the rest is built from the config. */
export interface DepsOverrides {
  clock?: Clock;
  logSink?: LogSink;
  logger?: Logger;
  makeRequest?: MakeRequest;
  sessionStore?: SessionStore;
  responseStore?: ResponseStore;
  /** Asks the shared Redis for a PING (scale-out): /readyz reports it. */
  redisPing?: () => Promise<unknown>;
  /** Makes concurrent misses across instances one upstream call (a Redis lock). */
  fillCoordinator?: FillCoordinator;
  /** REST's sweep timers; off on Workers. */
  sweepers?: boolean;
  /** Keeps each bot within Discord's 50/s; one shared by every instance on Redis. */
  globalRateGuard?: UpstreamGuard;
  /** Extra checks around every Discord call. */
  guards?: UpstreamGuard[];
  /** Where the invalid-request budget counts (shared on Redis: one budget per egress address). */
  invalidRequestCounter?: WindowCounter;
  /** Where one bot's share of it counts, by token key (a Redis key per bot on Redis). */
  invalidRequestCounterFor?: (tokenKey: string) => WindowCounter;
  /** How /metrics is written; plain text unless a runtime entry brings prom-client. */
  metricsExporter?: MetricsExporterFactory;
  /** The socket peer's address: each runtime entry brings its adapter's getConnInfo. */
  peerAddress?: PeerAddress;
  /** Where the runtime keeps its static files; none unless the entry brings them. */
  publicFiles?: PublicFiles;
  /** How guildgate's own calls to Discord's OAuth2 endpoints are made (tests: the fake's fetch). */
  fetch?: typeof fetch;
  /** Runs each OAuth refresh once across instances (a Redis lock when scaled out). */
  refreshOnce?: RefreshOnce;
  /** Where Idempotency-Keys live: shared through Redis when several instances serve. */
  idempotencyStore?: IdempotencyStore;
  /** The change feed: scale-out brings one that config:update relays to. */
  changes?: ChangeFeed;
  /** Event streams' heartbeats; tests fire them by hand. */
  ticker?: Ticker;
}

/** The logger the overrides bring, else one at LOG_LEVEL on the overrides' clock and sink. */
export function loggerFor(config: Config, overrides: Pick<DepsOverrides, 'logger' | 'logSink' | 'clock'>): Logger {
  if (overrides.logger) return overrides.logger;
  const clock = overrides.clock ?? systemClock;
  return createLogger({ level: config.logLevel, now: () => clock.now(), ...(overrides.logSink ? { sink: overrides.logSink } : {}) });
}

export function createDeps(config: Config, overrides: DepsOverrides = {}): Deps {
  const clock = overrides.clock ?? systemClock;
  const logger = loggerFor(config, overrides);
  const sessionStore = overrides.sessionStore ?? memorySessionStore(config, clock);
  const sessions = new Sessions(
    sessionStore,
    new SessionKeys(),
    clock,
    { idleTtlSeconds: config.sessionIdleTtl, maxAgeSeconds: config.sessionMaxAge },
    logger,
  );
  const invalidRequests = new InvalidRequestBudget({
    counter: overrides.invalidRequestCounter ?? new MemoryWindowCounter(DISCORD_INVALID_REQUEST_WINDOW, () => clock.now()),
    budget: config.invalidRequestBudget,
    perBot: config.invalidRequestBudgetPerBot,
    counterFor: overrides.invalidRequestCounterFor ?? (() => new MemoryWindowCounter(DISCORD_INVALID_REQUEST_WINDOW, () => clock.now())),
    logger,
  });
  // The gauges read pool and cache when scraped, after both exist.
  const metrics: Metrics = new Metrics({
    sessions: () => sessionStore.count(),
    restClients: () => pool.size,
    upstreamInFlight: () => cache.inFlight,
    invalidRequestsUsed: () => invalidRequests.used(),
    invalidRequestBudget: config.invalidRequestBudget,
    cacheReads: () => cache.reads,
  });
  const revokedTokens = new RevokedTokenGuard();
  const pool: BotPool = new BotPool({
    api: config.discordApiUrl,
    version: config.discordApiVersion,
    timeoutMs: config.upstreamTimeoutMs,
    retries: config.upstreamRetries,
    maxRateLimitWaitMs: config.maxRateLimitWaitMs,
    clock,
    guards: [
      revokedTokens, // first: a token known dead takes no budget
      invalidRequests,
      overrides.globalRateGuard ?? new GlobalRateGuard({ maxWaitMs: config.maxRateLimitWaitMs, inFlightMs: config.upstreamTimeoutMs }),
      ...(overrides.guards ?? []),
      revokedTokens, // and again after the waits: the token may have died while this call waited for a slot
      upstreamMetrics(metrics),
    ],
    ...(overrides.makeRequest ? { makeRequest: overrides.makeRequest } : {}),
    ...(overrides.sweepers === undefined ? {} : { sweepers: overrides.sweepers }),
  });
  const responseStore = overrides.responseStore ?? new MemoryResponseStore({ maxBytes: config.cacheMaxBytes, maxBytesPerBot: config.cacheMaxBytesPerBot, clock });
  // One waiter never waits longer than every attempt timing out plus the longest rate-limit wait.
  const upstreamDeadlineMs = config.upstreamTimeoutMs * (config.upstreamRetries + 1) + config.maxRateLimitWaitMs;
  const { fillCoordinator } = overrides;
  const cache = new ResponseCache(responseStore, config.ttl, config.negativeCacheTtl, clock, fillCoordinator, upstreamDeadlineMs);
  const identities = new BotIdentities(pool, clock, config.ttl.guild);
  const metricsExporter = (overrides.metricsExporter ?? textExporter)(metrics);
  const { redisPing } = overrides;
  const peerAddress = overrides.peerAddress ?? (() => undefined);
  const loginThrottle = new LoginThrottle({ limit: config.loginRateLimit, trustProxy: config.trustProxy, peerAddress, clock });
  const publicFiles = overrides.publicFiles ?? noPublicFiles;
  const oauth = oauthService(config, overrides, { sessions, identities, clock, logger });
  // A duplicate waits for a first request at another instance as long as that one can take.
  const idempotentWrites = new IdempotentWrites(
    overrides.idempotencyStore ?? new MemoryIdempotencyStore(clock),
    config.upstreamTimeoutMs + config.maxRateLimitWaitMs + 1000,
  );
  const changes = overrides.changes ?? new ChangeFeed();
  const events = new EventStreams({
    feed: changes,
    store: responseStore,
    ticker: overrides.ticker ?? intervalTicker,
    sessionStillLive: sessionStillLive(sessionStore, clock),
    logger,
    maxStreams: config.maxEventStreams,
    heartbeatMs: config.eventsHeartbeatMs,
  });
  // A session ended here (logout, expiry, revoked token) ends its streams at once.
  sessions.onEnded((key) => events.endSession(key));
  return {
    config, clock, logger, sessionStore, sessions, pool, identities, cache, invalidRequests, metrics, metricsExporter, peerAddress,
    loginThrottle, publicFiles, changes, events, idempotentWrites,
    invalidationThrottle: invalidationThrottle(config.invalidateRateLimit, clock),
    ...(redisPing ? { redisPing } : {}),
    ...(oauth ? { oauth } : {}),
  };
}

function oauthService(
  config: Config,
  overrides: DepsOverrides,
  parts: Pick<Deps, 'sessions' | 'identities' | 'clock' | 'logger'>,
): OAuthService | undefined {
  if (!config.oauth) return undefined;
  const client = new OAuthClient({
    api: config.discordApiUrl,
    version: config.discordApiVersion,
    clientId: config.oauth.clientId,
    clientSecret: config.oauth.clientSecret,
    timeoutMs: config.upstreamTimeoutMs,
    // Late-bound: a runtime may install its fetch after this module loads.
    fetch: overrides.fetch ?? ((input, init) => fetch(input, init)),
  });
  const refreshOnce = overrides.refreshOnce ?? new InProcessRefreshOnce(parts.clock);
  return new OAuthService({ config: config.oauth, client, sessionSecret: config.sessionSecret, refreshOnce, ...parts });
}
