import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import { redisKeys } from './redis-keys.js';
import { fromRecord, toRecord, type SessionRecord } from '../sessions/session-record.js';
import type { Session } from '../sessions/session.js';
import type { SessionStore } from '../sessions/store.js';
import type { TokenSealer } from '../sessions/token-seal.js';

/**
 * Reads a session and slides its expiry in one round trip: the new TTL is the idle TTL, but
 * never past the record's absolute end (maxExpiresAt), so Redis itself forgets a session at
 * its max age even when it is used until the last second.
 * KEYS[1] session key; ARGV[1] idle TTL ms; ARGV[2] now ms.
 */
const GET_AND_SLIDE = `
local value = redis.call('GET', KEYS[1])
if not value then return false end
local record = cjson.decode(value)
local left = tonumber(record.maxExpiresAt) - tonumber(ARGV[2])
if left <= 0 then
  redis.call('DEL', KEYS[1])
  return false
end
redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[1]), left))
return value
`;

export interface RedisSessionStoreOptions {
  redis: Redis;
  sealer: TokenSealer;
  clock: Clock;
  /** The sliding expiry: get() refreshes it (the SessionStore interface does not pass it). */
  idleTtlSeconds: number;
  /** How long a revoked token is remembered: as long as any session of it could live. */
  maxAgeSeconds: number;
}

/**
 * Sessions in Redis, shared by every instance: keyed by SHA-256 of the session id, the bot token
 * sealed with AES-GCM, expiry by Redis TTLs. A logout deletes the key, so it ends the session on
 * every instance at once. Any Redis failure is thrown; Sessions turns it into a 503.
 */
export class RedisSessionStore implements SessionStore {
  readonly kind = 'redis' as const;

  constructor(private readonly options: RedisSessionStoreOptions) {}

  async get(key: string): Promise<Session | undefined> {
    const { redis, clock, idleTtlSeconds, sealer } = this.options;
    const value = (await redis.eval(GET_AND_SLIDE, 1, redisKeys.session(key), idleTtlSeconds * 1000, clock.now())) as
      | string
      | null;
    if (value === null) return undefined;
    return fromRecord(JSON.parse(value) as SessionRecord, sealer);
  }

  async set(key: string, session: Session, idleTtlSeconds: number): Promise<void> {
    const ttlMs = Math.min(idleTtlSeconds * 1000, session.maxExpiresAt - this.options.clock.now());
    if (ttlMs <= 0) return;
    const record = await toRecord(session, this.options.sealer);
    await this.options.redis.set(redisKeys.session(key), JSON.stringify(record), 'PX', ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.options.redis.del(redisKeys.session(key));
  }

  async revokeToken(tokenKey: string): Promise<void> {
    await this.options.redis.set(redisKeys.revokedToken(tokenKey), '1', 'EX', this.options.maxAgeSeconds);
  }

  async isTokenRevoked(tokenKey: string): Promise<boolean> {
    return (await this.options.redis.exists(redisKeys.revokedToken(tokenKey))) === 1;
  }

  async ping(): Promise<void> {
    await this.options.redis.ping();
  }

  /** Counting would mean scanning Redis: not cheap, so not told. */
  count(): undefined {
    return undefined;
  }
}
