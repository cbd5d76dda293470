import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { globalBudgetSpent } from '../discord/global-budget-spent.js';
import { GlobalRateGuard } from '../discord/global-rate-guard.js';
import { pause } from '../lib/pause.js';
import type { UpstreamCall, UpstreamGuard } from '../discord/upstream-guard.js';
import { redisKeys } from './redis-keys.js';

/**
 * Takes one of the bot's slots, atomically, in one round trip, on Redis's own clock (so
 * instances with drifting clocks agree). A slot is a member of a sorted set scored by when it
 * frees: while its request is in flight, `holdMs` from now (a crashed instance's slot frees by
 * itself); once answered, `windowMs` after the answer (RELEASE). Returns 0 when a slot was
 * taken, else how long to wait before asking again.
 * KEYS[1] the bot's key; ARGV: limit, window ms, hold ms, slot id, poll ms.
 */
const TAKE_SLOT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
  return 0
end
local first = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
local wait = first - now
if wait > tonumber(ARGV[2]) then wait = tonumber(ARGV[5]) end
return math.max(1, wait)
`;

/** The request was answered: its slot frees one window from now. KEYS[1]; ARGV: slot id, window ms. */
const RELEASE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
return 0
`;

/** How often a full budget whose every slot is still in flight is asked again. */
const IN_FLIGHT_POLL_MS = 25;

export interface RedisGlobalRateGuardOptions {
  redis: Redis;
  logger: Logger;
  /** Discord's global limit: 50 requests per second per bot. */
  limit?: number;
  windowMs?: number;
  /** The longest a request can be in flight (UPSTREAM_TIMEOUT_MS): a lost slot frees after it. */
  inFlightMs: number;
  /** MAX_RATE_LIMIT_WAIT_MS: a request that would wait longer is answered 429 instead. */
  maxWaitMs: number;
}

/**
 * One global budget per bot across every instance. Before each HTTP call to Discord the call
 * takes a slot of the bot's Redis window; a full window makes it wait for the next free slot,
 * up to the wait ceiling. A slot counts from when it is taken until one window after Discord's
 * answer came back: Discord counts requests when they arrive, and however long one spends on
 * the way, no `windowMs` at Discord can then hold more than `limit` arrivals.
 * Within an instance, calls of one bot queue for slots in order, so a full window is polled by
 * one caller per instance instead of all of them.
 * Every call also takes a slot of this process's own GlobalRateGuard. While Redis answers that
 * count never binds (this process's slots are a subset of the shared ones); when Redis cannot be
 * asked it is the one that holds, the per-process 50/s, and it already knows the calls this
 * process made just before Redis went away.
 */
export class RedisGlobalRateGuard implements UpstreamGuard {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly instanceId = crypto.randomUUID().slice(0, 8);
  private slotCount = 0;
  private readonly lines = new Map<string, Promise<unknown>>();
  private readonly slots = new WeakMap<UpstreamCall, string>();
  private readonly local: GlobalRateGuard;

  constructor(private readonly options: RedisGlobalRateGuardOptions) {
    this.limit = options.limit ?? 50;
    this.windowMs = options.windowMs ?? 1000;
    const { maxWaitMs, inFlightMs } = options;
    this.local = new GlobalRateGuard({ maxWaitMs, inFlightMs, limit: this.limit, windowMs: this.windowMs });
  }

  async before(call: UpstreamCall): Promise<void> {
    const deadline = Date.now() + this.options.maxWaitMs;
    const slot = await this.inLine(call.tokenKey, deadline, call.signal, () => this.acquire(call, deadline));
    if (slot !== undefined) this.slots.set(call, slot);
    // Waits only when Redis could not be asked (the shared wait was then nil), so the two waits
    // do not add up past the ceiling.
    try {
      await this.local.before(call);
    } catch (error) {
      this.release(call); // refused or abandoned: the shared slot must not stay held as in flight
      throw error;
    }
  }

  after(call: UpstreamCall): void {
    this.local.after(call);
    this.release(call);
  }

  failed(call: UpstreamCall): void {
    this.local.failed(call);
    this.release(call);
  }

  /**
   * Runs `task` after the calls ahead of it in this bot's line. A call still waiting for its
   * turn at its deadline, or whose client went away, leaves the line without running.
   */
  private inLine<T>(tokenKey: string, deadline: number, signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T | undefined> {
    let state: 'waiting' | 'running' | 'gone' = 'waiting';
    const turn = (this.lines.get(tokenKey) ?? Promise.resolve()).then(() => {
      if (state === 'gone') return undefined;
      state = 'running';
      return task();
    });
    const tail = turn.catch(() => {});
    this.lines.set(tokenKey, tail);
    void tail.then(() => {
      if (this.lines.get(tokenKey) === tail) this.lines.delete(tokenKey);
    });
    return new Promise<T | undefined>((resolve, reject) => {
      const leave = (error: unknown) => {
        if (state !== 'waiting') return;
        state = 'gone';
        reject(error);
      };
      const timer = setTimeout(() => leave(globalBudgetSpent(this.options.maxWaitMs, 'shared')), Math.max(0, deadline - Date.now()));
      const onAbort = () => leave(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      turn.then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }

  private async acquire(call: UpstreamCall, deadline: number): Promise<string | undefined> {
    const slot = `${this.instanceId}:${++this.slotCount}`;
    for (;;) {
      call.signal?.throwIfAborted();
      const waitMs = await this.takeSlot(call.tokenKey, slot);
      if (waitMs === 0) return slot;
      if (waitMs === undefined) return undefined;
      if (Date.now() + waitMs > deadline) throw globalBudgetSpent(deadline - Date.now() + waitMs, 'shared');
      await pause(waitMs, call.signal);
    }
  }

  /** 0 when the slot was taken, undefined when Redis cannot be asked, else how long to wait. */
  private async takeSlot(tokenKey: string, slot: string): Promise<number | undefined> {
    const { redis, inFlightMs } = this.options;
    const holdMs = inFlightMs + this.windowMs;
    try {
      const key = redisKeys.globalRate(tokenKey);
      return Number(await redis.eval(TAKE_SLOT, 1, key, this.limit, this.windowMs, holdMs, slot, IN_FLIGHT_POLL_MS));
    } catch (error) {
      this.options.logger.warn('ratelimit.shared_unavailable', { error: error instanceof Error ? error.name : typeof error });
      return undefined;
    }
  }

  private release(call: UpstreamCall): void {
    const slot = this.slots.get(call);
    if (slot === undefined) return;
    this.slots.delete(call);
    // Not awaited: the answer goes on at once; the slot's own hold frees it if this fails.
    this.options.redis.eval(RELEASE, 1, redisKeys.globalRate(call.tokenKey), slot, this.windowMs).catch(() => {});
  }
}
