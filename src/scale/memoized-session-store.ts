import type { Clock } from '../clock.js';
import type { Session } from '../sessions/session.js';
import type { SessionStore } from '../sessions/store.js';
import type { RedisSessionStore } from './redis-session-store.js';
import type { SessionMemo } from './session-memo.js';

/**
 * A session's sliding expiry in Redis is pushed back at most once per this fraction of the idle
 * TTL, as the KV store does: a remembered session is answered from memory until then, and the
 * next read after that goes to Redis, which slides it.
 */
export const MEMO_REFRESH_FRACTION = 10;

/**
 * Redis sessions with a memo in front for the cached-read lane (`peek`). `peek` and
 * `peekTokenRevoked` answer from the memo while it is trusted (see MemoLiveness); every other
 * read still asks Redis, in one round trip that also learns the token's revocation state, and
 * fills the memo. Ends and revocations forget locally first, then tell every instance.
 *
 * Why only the lane uses the memo: every other request already waits for something (Discord,
 * the shared cache, a body), so the round trip costs little there, and Redis stays the one
 * judge of a session whenever a request goes the long way.
 */
export class MemoizedSessionStore implements SessionStore {
  readonly kind = 'redis' as const;

  constructor(
    private readonly redis: RedisSessionStore,
    private readonly memo: SessionMemo,
    private readonly clock: Clock,
    private readonly idleTtlSeconds: number,
  ) {}

  async get(key: string): Promise<Session | undefined> {
    const stamp = this.memo.stamp();
    const read = await this.redis.read(key);
    if (!read) return undefined;
    this.memo.remember(stamp, key, read.session, read.revoked, this.memoTtlMs(read.session));
    return read.session;
  }

  peek(key: string): Session | undefined {
    return this.memo.peek(key);
  }

  peekTokenRevoked(tokenKey: string): boolean | undefined {
    return this.memo.tokenRevoked(tokenKey);
  }

  /** Right after get() (Sessions.resolve asks both), the state get() just learned; else Redis. */
  async isTokenRevoked(tokenKey: string): Promise<boolean> {
    return this.memo.tokenRevoked(tokenKey) ?? this.redis.isTokenRevoked(tokenKey);
  }

  /** Not remembered: a login is no sign the id will be read here, and the memo fills on first read. */
  set(key: string, session: Session, idleTtlSeconds: number): Promise<void> {
    return this.redis.set(key, session, idleTtlSeconds);
  }

  async delete(key: string): Promise<void> {
    this.memo.forget(key);
    await this.redis.delete(key);
  }

  async revokeToken(tokenKey: string): Promise<void> {
    this.memo.forgetToken(tokenKey);
    await this.redis.revokeToken(tokenKey);
  }

  ping(): Promise<void> {
    return this.redis.ping();
  }

  count(): undefined {
    return undefined;
  }

  /** Until the next slide is due, never past the session's absolute end. */
  private memoTtlMs(session: Session): number {
    const untilRefresh = (this.idleTtlSeconds * 1000) / MEMO_REFRESH_FRACTION;
    return Math.min(untilRefresh, session.maxExpiresAt - this.clock.now());
  }
}
