import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import { redisKeys, SESSION_ENDS_CHANNEL } from './redis-keys.js';
import { sessionEnded, tokenRevoked } from './session-ends.js';
import { fromRecord, toRecord, type SessionRecord } from '../sessions/session-record.js';
import type { Session } from '../sessions/session.js';
import type { SessionStore } from '../sessions/store.js';
import type { TokenSealer } from '../sessions/token-seal.js';

/**
 * Reads a session, slides its expiry and checks its token in one round trip: the new TTL is the
 * idle TTL, but never past the record's absolute end (maxExpiresAt), so Redis itself forgets a
 * session at its max age even when it is used until the last second. The revoked-token key is
 * built here from the record (single-node Redis: a cluster would need it in KEYS).
 * KEYS[1] session key; ARGV[1] idle TTL ms; ARGV[2] now ms; ARGV[3] revoked-token key prefix.
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
return { value, redis.call('EXISTS', ARGV[3] .. record.tokenKey) }
`;

/** What one read of a session tells: the session, and whether its token is revoked. */
export interface SessionRead {
  readonly session: Session;
  readonly revoked: boolean;
}

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
    return (await this.read(key))?.session;
  }

  /** The session (its expiry slid) and its token's revocation, in one round trip. */
  async read(key: string): Promise<SessionRead | undefined> {
    const { redis, clock, idleTtlSeconds, sealer } = this.options;
    const args = [idleTtlSeconds * 1000, clock.now(), redisKeys.revokedToken('')];
    const reply = (await redis.eval(GET_AND_SLIDE, 1, redisKeys.session(key), ...args)) as [string, number] | null;
    if (reply === null) return undefined;
    const session = await fromRecord(JSON.parse(reply[0]) as SessionRecord, sealer);
    return { session, revoked: reply[1] === 1 };
  }

  async set(key: string, session: Session, idleTtlSeconds: number): Promise<void> {
    const ttlMs = Math.min(idleTtlSeconds * 1000, session.maxExpiresAt - this.options.clock.now());
    if (ttlMs <= 0) return;
    const record = await toRecord(session, this.options.sealer);
    await this.options.redis.set(redisKeys.session(key), JSON.stringify(record), 'PX', ttlMs);
  }

  /**
   * Deletes the session and tells every instance in the same round trip (MULTI): no instance
   * can learn of the delete without the message having been sent. PUBLISH returns once Redis has
   * written the message to every subscriber's connection.
   */
  async delete(key: string): Promise<void> {
    const { redis } = this.options;
    await checked(redis.multi().del(redisKeys.session(key)).publish(SESSION_ENDS_CHANNEL, sessionEnded(key)).exec());
  }

  async revokeToken(tokenKey: string): Promise<void> {
    const { redis, maxAgeSeconds } = this.options;
    const marker = redis.multi().set(redisKeys.revokedToken(tokenKey), '1', 'EX', maxAgeSeconds);
    await checked(marker.publish(SESSION_ENDS_CHANNEL, tokenRevoked(tokenKey)).exec());
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

/** A MULTI answers null when aborted and an error per failed command: either is a failure. */
async function checked(replies: Promise<[Error | null, unknown][] | null>): Promise<void> {
  const answered = await replies;
  if (answered === null) throw new Error('Redis aborted the transaction');
  const failed = answered.find(([error]) => error !== null);
  if (failed) throw failed[0];
}
