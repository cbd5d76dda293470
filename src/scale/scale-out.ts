import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { DepsOverrides } from '../deps.js';
import type { Logger } from '../logger.js';
import type { InvalidationFilter } from '../cache/response-store.js';
import { RedisResponseStore } from './redis-response-store.js';
import { TieredResponseStore } from './tiered-response-store.js';
import { DISCORD_INVALID_REQUEST_WINDOW } from '../discord/request-window.js';
import { RedisSessionStore } from './redis-session-store.js';
import { TokenSealer } from '../sessions/token-seal.js';
import { InvalidationSubscriber, publishInvalidation } from './invalidation-subscriber.js';
import { closeRedis, connectRedis, waitUntilReady } from './redis-connection.js';
import { RedisFillLock } from './redis-fill-lock.js';
import { RedisIdempotencyStore } from './redis-idempotency-store.js';
import { RedisGlobalRateGuard } from './redis-global-rate-guard.js';
import { RedisRefreshOnce } from './redis-refresh-once.js';
import { RedisWindowCounter } from './redis-window-counter.js';
import { MemoizedSessionStore } from './memoized-session-store.js';
import { MemoLiveness } from './memo-liveness.js';
import { SessionEndsSubscriber } from './session-ends.js';
import { SessionMemo } from './session-memo.js';
import { ChangeFeed } from '../live/change-feed.js';
import { relayedChange } from './relayed-change.js';

/** The local tier of the shared cache stays small: it only has to hold the hottest keys. */
const LOCAL_CACHE_MAX_BYTES = 16 * 1024 * 1024;
/** How long one instance waits for another's fill before it asks Discord itself. */
const FILL_LOCK_MS = 5000;
/** How long startup waits for Redis; a Redis that is down then is reported by /readyz. */
const STARTUP_WAIT_MS = 2000;
/**
 * Sessions each process remembers for the cached-read lane. About 300 B each with the token
 * opened: 3 MB at most, whatever the number of sessions in Redis.
 */
const SESSION_MEMO_MAX_ENTRIES = 10_000;
/**
 * How long the memo is trusted after a heartbeat was sent without a newer answer (MemoLiveness
 * sends one every 250 ms): the worst-case staleness of a remembered session when the
 * subscription stops delivering without the connection failing.
 */
const SESSION_MEMO_TRUST_MS = 1000;

/** What several instances share through Redis, ready to hand to createDeps. */
export interface ScaleOut {
  readonly overrides: DepsOverrides;
  /** Starts listening for invalidations on `config:update` and, with Redis sessions, for session ends. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds the Redis-backed parts: sessions (when SESSION_STORE=redis), the tiered response
 * cache with its cross-instance fill lock and invalidation channel, the global 50/s budget
 * per bot and the shared invalid-request count. Two connections: one for commands, one that
 * only listens.
 */
export async function createScaleOut(config: Config, logger: Logger, clock: Clock): Promise<ScaleOut> {
  const redis = connectRedis({ url: config.redisUrl, name: 'commands', logger });
  const subscriber = connectRedis({ url: config.redisUrl, name: 'invalidations', logger });
  await Promise.all([waitUntilReady(redis, STARTUP_WAIT_MS), waitUntilReady(subscriber, STARTUP_WAIT_MS)]);
  const shared = new RedisResponseStore(redis, clock);
  // Names this instance's invalidation messages, so that it does not act on its own.
  const instanceId = crypto.randomUUID();
  const responseStore = new TieredResponseStore({
    shared,
    clock,
    logger,
    localTtlMs: config.cacheLocalTtlMs,
    localMaxBytes: Math.min(config.cacheMaxBytes, LOCAL_CACHE_MAX_BYTES),
    broadcast: (filter) => publishInvalidation(redis, filter, instanceId),
  });
  // This instance's live events: its own changes, and those config:update relays (below).
  const changes = new ChangeFeed();
  const overrides: DepsOverrides = {
    logger,
    changes,
    // The commands connection: the one the cache, the budgets and sessions depend on.
    redisPing: () => redis.ping(),
    responseStore,
    fillCoordinator: new RedisFillLock({ redis, readShared: (key) => responseStore.getShared(key), logger, lockMs: FILL_LOCK_MS }),
    globalRateGuard: new RedisGlobalRateGuard({ redis, logger, maxWaitMs: config.maxRateLimitWaitMs, inFlightMs: config.upstreamTimeoutMs }),
    invalidRequestCounter: new RedisWindowCounter({ redis, shape: DISCORD_INVALID_REQUEST_WINDOW, now: () => clock.now(), logger }),
    invalidRequestCounterFor: (tokenKey) =>
      new RedisWindowCounter({ redis, shape: DISCORD_INVALID_REQUEST_WINDOW, now: () => clock.now(), logger, scope: `bot:${tokenKey}` }),
    // Login with Discord: one refresh per grant across instances (rotating refresh tokens work once).
    refreshOnce: new RedisRefreshOnce({ redis, logger, lockMs: config.upstreamTimeoutMs * 2 }),
    idempotencyStore: new RedisIdempotencyStore(redis, logger),
  };
  const sessionStarters: (() => Promise<void>)[] = [];
  const sessionStoppers: (() => void)[] = [];
  if (config.sessionStore === 'redis') {
    const memo = new SessionMemo({ clock, maxEntries: SESSION_MEMO_MAX_ENTRIES, trustMs: SESSION_MEMO_TRUST_MS });
    const ends = new SessionEndsSubscriber(subscriber, memo, logger);
    const liveness = new MemoLiveness({ memo, clock, subscriber, ends, commands: redis });
    overrides.sessionStore = new MemoizedSessionStore(await redisSessionStore(redis, config, clock), memo, clock, config.sessionIdleTtl);
    sessionStarters.push(async () => {
      await ends.start();
      liveness.start();
    });
    sessionStoppers.push(() => liveness.stop());
  }
  // A bot's message: drop here and in Redis. Another instance's: it did Redis, drop here only
  // (doing Redis again would throw away what was refilled since, and cost those calls again).
  // Then this instance's streams hear of it, once the entries are gone: a dashboard that re-reads
  // on the event must not get the old answer.
  const drop = async (filter: InvalidationFilter, relayed: boolean) => {
    const dropped = relayed ? responseStore.invalidateLocal(filter) : await responseStore.invalidateHereAndShared(filter);
    changes.publish(relayedChange(filter, relayed));
    return dropped;
  };
  const invalidations = new InvalidationSubscriber(subscriber, logger, drop, instanceId);
  return {
    overrides,
    start: async () => {
      await Promise.all([invalidations.start(), ...sessionStarters.map((start) => start())]);
    },
    close: async () => {
      for (const stop of sessionStoppers) stop();
      await Promise.all([closeRedis(subscriber), closeRedis(redis)]);
    },
  };
}

async function redisSessionStore(redis: Redis, config: Config, clock: Clock): Promise<RedisSessionStore> {
  // fromSecret refuses a short secret: no start without one (config checks it first).
  const sealer = await TokenSealer.fromSecret(config.sessionSecret);
  return new RedisSessionStore({
    redis,
    sealer,
    clock,
    idleTtlSeconds: config.sessionIdleTtl,
    maxAgeSeconds: config.sessionMaxAge,
  });
}
