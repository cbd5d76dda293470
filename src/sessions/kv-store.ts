import type { Clock } from '../clock.js';
import type { Session } from './session.js';
import { fromRecord, toRecord, type SessionRecord } from './session-record.js';
import type { SessionStore } from './store.js';
import type { TokenSealer } from './token-seal.js';

/**
 * The part of a Workers KV namespace this store uses. Declared here, narrowly, so the code
 * type-checks without @cloudflare/workers-types and tests could hand in any look-alike.
 */
export interface KvNamespace {
  get(key: string, type: 'text'): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** KV refuses an expirationTtl under 60 seconds. */
export const KV_MIN_TTL_SECONDS = 60;

/**
 * A session is re-written (its expiry pushed back) at most once per this fraction of the idle
 * TTL. KV allows one write per second per key and bills every write; a dashboard polling every
 * second must not re-write its session every second.
 */
export const KV_REFRESH_FRACTION = 10;

/** What one KV value holds: the sealed session plus what sliding expiry needs. */
interface KvSessionEntry {
  record: SessionRecord;
  idleTtlSeconds: number;
  /** When the entry's expiry was last pushed back (ms since the epoch). */
  refreshedAt: number;
}

/**
 * Sessions in Workers KV, keyed by the SHA-256 of the session id (the key Sessions hands in),
 * the bot token sealed with AES-GCM under SESSION_SECRET. Each entry expires with the idle TTL
 * (at least KV's 60 s); a read re-writes it only when a tenth of the idle TTL has passed since
 * the last write, so an active session stays alive without a write per request, and a session
 * left idle ends between 90% and 100% of the idle TTL after its last use.
 */
export class KvSessionStore implements SessionStore {
  readonly kind = 'kv' as const;
  private readonly refreshing = new Set<string>();

  constructor(
    private readonly options: {
      namespace: KvNamespace;
      sealer: TokenSealer;
      clock: Clock;
      /** How long a revoked-token marker is kept: as long as any session of it could live. */
      maxAgeSeconds: number;
    },
  ) {}

  async get(key: string): Promise<Session | undefined> {
    const entry = await this.readEntry(key);
    if (!entry) return undefined;
    const session = await this.open(entry.record);
    if (!session) return undefined;
    if (this.dueForRefresh(entry)) await this.refresh(key, entry, session.maxExpiresAt);
    return session;
  }

  /**
   * Best effort, once at a time per key in this isolate: KV takes one write per key per second,
   * and a dashboard's parallel reads all find the same entry due. A refused or failed write
   * costs nothing now (the entry still has a tenth of its idle TTL left) and the next read
   * tries again, so it must not turn a valid read into a 503.
   */
  private async refresh(key: string, entry: KvSessionEntry, maxExpiresAt: number): Promise<void> {
    if (this.refreshing.has(key)) return;
    this.refreshing.add(key);
    try {
      await this.writeEntry(key, entry.record, entry.idleTtlSeconds, maxExpiresAt);
    } catch {
      // See above: the next read refreshes.
    } finally {
      this.refreshing.delete(key);
    }
  }

  async set(key: string, session: Session, idleTtlSeconds: number): Promise<void> {
    const record = await toRecord(session, this.options.sealer);
    await this.writeEntry(key, record, idleTtlSeconds, session.maxExpiresAt);
  }

  async delete(key: string): Promise<void> {
    await this.options.namespace.delete(sessionKey(key));
  }

  async revokeToken(tokenKey: string): Promise<void> {
    await this.options.namespace.put(revokedKey(tokenKey), '1', {
      expirationTtl: clampTtl(this.options.maxAgeSeconds),
    });
  }

  async isTokenRevoked(tokenKey: string): Promise<boolean> {
    return (await this.options.namespace.get(revokedKey(tokenKey), 'text')) !== null;
  }

  /** A read of a key that never exists: proves the binding answers. */
  async ping(): Promise<void> {
    await this.options.namespace.get('guildgate:ping', 'text');
  }

  /** KV cannot count its keys cheaply. */
  count(): undefined {
    return undefined;
  }

  private async readEntry(key: string): Promise<KvSessionEntry | undefined> {
    const text = await this.options.namespace.get(sessionKey(key), 'text');
    if (text === null) return undefined;
    try {
      return JSON.parse(text) as KvSessionEntry;
    } catch {
      return undefined;
    }
  }

  /** A record sealed under another secret (SESSION_SECRET rotated) is no session at all. */
  private async open(record: SessionRecord): Promise<Session | undefined> {
    try {
      return await fromRecord(record, this.options.sealer);
    } catch {
      return undefined;
    }
  }

  private dueForRefresh(entry: KvSessionEntry): boolean {
    const interval = (entry.idleTtlSeconds * 1000) / KV_REFRESH_FRACTION;
    return this.options.clock.now() - entry.refreshedAt >= interval;
  }

  private async writeEntry(key: string, record: SessionRecord, idleTtlSeconds: number, maxExpiresAt: number): Promise<void> {
    const now = this.options.clock.now();
    const entry: KvSessionEntry = { record, idleTtlSeconds, refreshedAt: now };
    // Never keep an entry past the session's absolute end; Sessions refuses it then anyway.
    const untilMaxAge = Math.ceil((maxExpiresAt - now) / 1000);
    await this.options.namespace.put(sessionKey(key), JSON.stringify(entry), {
      expirationTtl: clampTtl(Math.min(idleTtlSeconds, untilMaxAge)),
    });
  }
}

function sessionKey(key: string): string {
  return `session:${key}`;
}

function revokedKey(tokenKey: string): string {
  return `revoked:${tokenKey}`;
}

function clampTtl(seconds: number): number {
  return Math.max(KV_MIN_TTL_SECONDS, Math.ceil(seconds));
}
