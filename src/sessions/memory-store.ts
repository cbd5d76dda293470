import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import { TenantLru } from '../lib/tenant-lru.js';
import type { Session } from './session.js';
import type { SessionStore } from './store.js';

/**
 * Sessions in process memory: bounded, sliding idle expiry. The bound is shared fairly between
 * bots (TenantLru): logins of one bot, past MAX_SESSIONS_PER_BOT or when the store is full and
 * it holds the most, push out that bot's own least recently used sessions, never another's.
 * The absolute age limit is enforced by Sessions, not here, so every store behaves alike.
 */
export class MemorySessionStore implements SessionStore {
  readonly kind = 'memory' as const;
  private readonly sessions: TenantLru<Session>;
  /** Revoked token keys, kept as long as any session of them could still be alive. */
  private readonly revoked: LRUCache<string, true>;

  constructor(options: { maxSessions: number; maxSessionsPerBot?: number; maxAgeSeconds: number; clock: Clock }) {
    // ttlResolution 0: read the injected clock on every check (lru-cache otherwise caches it for 1 ms)
    const timing = { perf: { now: () => options.clock.now() }, ttlResolution: 0 };
    const perBot = Math.min(options.maxSessions, options.maxSessionsPerBot ?? options.maxSessions);
    this.sessions = new TenantLru({ maxTotal: options.maxSessions, maxPerTenant: perBot, updateAgeOnGet: true, now: timing.perf.now });
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
    this.sessions.set(session.identity.bot.id, key, session, idleTtlSeconds * 1000);
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
