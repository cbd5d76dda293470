import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { IDEMPOTENCY_TTL_MS, type IdempotencyRecord, type IdempotencyStore } from '../writes/idempotency-store.js';
import { redisKeys } from './redis-keys.js';

/**
 * Idempotency-Keys shared by every instance: a retry that lands elsewhere is still recognised,
 * and a duplicate on another instance sees the first one pending. The claim is one SET NX, so
 * two instances never both send. A Redis that cannot be asked refuses the keyed write (503):
 * sending without the key's protection could post twice. Recording the outcome afterwards
 * never fails the write that already happened.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {}

  async claim(key: string, fingerprint: string): Promise<IdempotencyRecord | undefined> {
    const record: IdempotencyRecord = { fingerprint, state: 'pending' };
    const [set, existing] = await this.ask(async () => {
      const claimed = await this.redis.set(redisKeys.idempotency(key), JSON.stringify(record), 'PX', IDEMPOTENCY_TTL_MS, 'NX');
      return claimed === 'OK' ? ([true, null] as const) : ([false, await this.redis.get(redisKeys.idempotency(key))] as const);
    });
    if (set) return undefined;
    // Gone between the two commands (freed by a failed first request): report it pending, and the caller looks again.
    return existing === null ? { fingerprint, state: 'pending' } : decode(existing);
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const value = await this.ask(() => this.redis.get(redisKeys.idempotency(key)));
    return value === null ? undefined : decode(value);
  }

  async settle(key: string, record: IdempotencyRecord): Promise<void> {
    try {
      await this.redis.set(redisKeys.idempotency(key), JSON.stringify(record), 'PX', IDEMPOTENCY_TTL_MS);
    } catch (error) {
      this.logger.warn('idempotency.record_failed', { error: error instanceof Error ? error.name : typeof error });
    }
  }

  async release(key: string): Promise<void> {
    try {
      await this.redis.del(redisKeys.idempotency(key));
    } catch (error) {
      this.logger.warn('idempotency.release_failed', { error: error instanceof Error ? error.name : typeof error });
    }
  }

  private async ask<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new AppError('REDIS_UNAVAILABLE', 'The shared Idempotency-Key store (Redis) cannot be reached; the write was not sent', { cause: error });
    }
  }
}

function decode(value: string): IdempotencyRecord {
  return JSON.parse(value) as IdempotencyRecord;
}
