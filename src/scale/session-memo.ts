import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import type { Session } from '../sessions/session.js';

export interface SessionMemoOptions {
  clock: Clock;
  /** Most sessions remembered; least recently used go first. The memo's whole memory bound. */
  maxEntries: number;
  /**
   * How long after a heartbeat was sent the memo may still be trusted without a newer answer.
   * Its reply proves every message published before it has been read, so this bounds how stale
   * an entry can be when the subscription silently stops delivering.
   */
  trustMs: number;
}

/**
 * What this process remembers of Redis sessions, so that a cached read needs no round trip:
 * resolved sessions (until their next sliding refresh is due) and the revocation state of their
 * tokens. Trusted only while the subscription to session ends is known to deliver (a recent
 * heartbeat answer); a loss of Redis or of the subscription drops everything.
 *
 * An entry is never put back from a Redis read that raced with an invalidation: every forget
 * bumps `changes`, and a read only remembers what it fetched when nothing changed meanwhile.
 */
export class SessionMemo {
  private readonly sessions: LRUCache<string, Session>;
  /** Revoked or not, by token key; the same bound and lifetime as the sessions. */
  private readonly tokens: LRUCache<string, boolean>;
  private trustedUntil = 0;
  private changes = 0;

  constructor(private readonly options: SessionMemoOptions) {
    // ttlResolution 0: read the injected clock on every check, as the memory store does.
    const timing = { perf: { now: () => options.clock.now() }, ttlResolution: 0 };
    this.sessions = new LRUCache({ max: options.maxEntries, ...timing });
    this.tokens = new LRUCache({ max: options.maxEntries, ...timing });
  }

  get trusted(): boolean {
    return this.options.clock.now() < this.trustedUntil;
  }

  /** A remembered session, when the memo may be trusted; undefined means "ask Redis". */
  peek(key: string): Session | undefined {
    return this.trusted ? this.sessions.get(key) : undefined;
  }

  /** false when the token is known not revoked, true when known revoked, undefined when unknown. */
  tokenRevoked(tokenKey: string): boolean | undefined {
    return this.trusted ? this.tokens.get(tokenKey) : undefined;
  }

  /** A stamp to take before a Redis read; `remember` ignores the answer if anything changed since. */
  stamp(): number {
    return this.changes;
  }

  remember(stamp: number, key: string, session: Session, revoked: boolean, ttlMs: number): void {
    if (stamp !== this.changes || ttlMs <= 0) return;
    this.sessions.set(key, session, { ttl: ttlMs });
    this.tokens.set(session.identity.tokenKey, revoked, { ttl: ttlMs });
  }

  /** A session ended (logout, expiry) here or on another instance. */
  forget(key: string): void {
    this.changes++;
    this.sessions.delete(key);
  }

  /** A token revoked: its state and every session of it go (rare: a scan of the bounded memo is fine). */
  forgetToken(tokenKey: string): void {
    this.changes++;
    this.tokens.delete(tokenKey);
    for (const [key, session] of this.sessions.entries()) {
      if (session.identity.tokenKey === tokenKey) this.sessions.delete(key);
    }
  }

  /** A heartbeat sent at `sentAt` came back: every message published before it has been read. */
  confirmLive(sentAt: number): void {
    this.trustedUntil = Math.max(this.trustedUntil, sentAt + this.options.trustMs);
  }

  /** Redis or the subscription is lost: nothing remembered may be trusted any more. */
  distrust(): void {
    this.changes++;
    this.trustedUntil = 0;
    this.sessions.clear();
    this.tokens.clear();
  }

  get size(): number {
    return this.sessions.size;
  }
}
