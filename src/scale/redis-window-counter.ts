import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { MemoryWindowCounter, type WindowCounter, type WindowShape } from '../discord/request-window.js';
import { redisKeys } from './redis-keys.js';

/**
 * Adds n (when n > 0) to the current slot, drops slots that left the window, and answers the
 * total and the oldest live slot (-1 when empty), in one atomic round trip. Slots are fields of
 * one hash, so the whole window is one key that expires when nothing is added for a window.
 * KEYS[1] the counter; ARGV[1] n; ARGV[2] now ms; ARGV[3] slot ms; ARGV[4] window ms.
 */
const COUNT = `
local n = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local slotMs = tonumber(ARGV[3])
local windowMs = tonumber(ARGV[4])
if n > 0 then
  redis.call('HINCRBY', KEYS[1], math.floor(now / slotMs), n)
  redis.call('PEXPIRE', KEYS[1], windowMs + slotMs)
end
local firstLive = math.floor((now - windowMs) / slotMs) + 1
local fields = redis.call('HGETALL', KEYS[1])
local total = 0
local oldest = -1
for i = 1, #fields, 2 do
  local slot = tonumber(fields[i])
  if slot < firstLive then
    redis.call('HDEL', KEYS[1], fields[i])
  else
    total = total + tonumber(fields[i + 1])
    if oldest < 0 or slot < oldest then oldest = slot end
  end
end
return {total, oldest}
`;

export interface RedisWindowCounterOptions {
  redis: Redis;
  shape: WindowShape;
  now: () => number;
  logger: Logger;
  /** Which egress address the count is for: instances behind one address share one count. */
  scope?: string;
}

/**
 * The WindowCounter of request-window.ts, shared through Redis: every instance behind one
 * egress address spends one invalid-request budget. A drop-in for MemoryWindowCounter.
 * This process's own events are also counted in memory, and when Redis cannot be asked the
 * answers come from there: the budget then holds per process instead of not at all.
 */
export class RedisWindowCounter implements WindowCounter {
  private readonly key: string;
  private readonly local: MemoryWindowCounter;

  constructor(private readonly options: RedisWindowCounterOptions) {
    this.key = redisKeys.invalidRequests(options.scope ?? 'egress');
    this.local = new MemoryWindowCounter(options.shape, options.now);
  }

  async add(n: number): Promise<number> {
    const local = await this.local.add(n);
    const shared = await this.count(n);
    return shared ? shared.total : local;
  }

  async total(): Promise<number> {
    const shared = await this.count(0);
    return shared ? shared.total : this.local.total();
  }

  async msUntilOldestExpires(): Promise<number> {
    const shared = await this.count(0);
    if (!shared) return this.local.msUntilOldestExpires();
    if (shared.oldestSlot < 0) return 0;
    const { slotMs, windowMs } = this.options.shape;
    return Math.max(0, (shared.oldestSlot + 1) * slotMs + windowMs - this.options.now());
  }

  private async count(n: number): Promise<{ total: number; oldestSlot: number } | undefined> {
    const { redis, shape, now, logger } = this.options;
    try {
      const [total, oldestSlot] = (await redis.eval(COUNT, 1, this.key, n, now(), shape.slotMs, shape.windowMs)) as [
        number,
        number,
      ];
      return { total: Number(total), oldestSlot: Number(oldestSlot) };
    } catch (error) {
      logger.warn('invalid_requests.shared_unavailable', { error: error instanceof Error ? error.name : typeof error });
      return undefined;
    }
  }
}
