import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import type { Session } from './session.js';
import type { SessionStore } from './store.js';

/**
 * Sessions in process memory: bounded (least recently used goes first), sliding idle expiry.
 * The absolute age limit is enforced by Sessions, not here, so every store behaves alike.
 */
export class MemorySessionStore implements SessionStore {
  readonly kind = 'memory' as const;
  private readonly sessions: LRUCache<string, Session>;
  /** Revoked token keys, kept as long as any session of them could still be alive. */
  private readonly revoked: LRUCache<string, true>;

  constructor(options: { maxSessions: number; maxAgeSeconds: number; clock: Clock }) {
    // ttlResolution 0: read the injected clock on every check (lru-cache otherwise caches it for 1 ms)
    const timing = { perf: { now: () => options.clock.now() }, ttlResolution: 0 };
    this.sessions = new LRUCache({ max: options.maxSessions, updateAgeOnGet: true, ...timing });
    this.revoked = new LRUCache({ max: 10_000, ttl: options.maxAgeSeconds * 1000, ...timing });
  }

  async get(key: string): Promise<Session | undefined> {
    return this.sessions.get(key);
  }

  peek(key: string): Session | undefined {
    return this.sessions.get(key);
  }

  peekTokenRevoked(tokenKey: string): boolean {
    return this.revoked.has(tokenKey);
  }

  async set(key: string, session: Session, idleTtlSeconds: number): Promise<void> {
    this.sessions.set(key, session, { ttl: idleTtlSeconds * 1000 });
  }

  async delete(key: string): Promise<void> {
    this.sessions.delete(key);
  }

  async revokeToken(tokenKey: string): Promise<void> {
    this.revoked.set(tokenKey, true);
  }

  async isTokenRevoked(tokenKey: string): Promise<boolean> {
    return this.revoked.has(tokenKey);
  }

  async ping(): Promise<void> {}

  count(): number {
    return this.sessions.size;
  }
}
