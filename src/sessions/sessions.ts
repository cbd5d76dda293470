import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { fingerprint, newSessionId, SESSION_ID_PATTERN, type SessionKeys } from './session-keys.js';
import type { BotIdentity } from '../discord/bot-identity.js';
import type { Session, UserSession } from './session.js';
import type { SessionStore } from './store.js';

export interface ResolvedSession {
  /** Store key (hash of the id), for logs as a fingerprint and for ending the session. */
  readonly key: string;
  readonly session: Session;
}

/**
 * The session lifecycle on top of any SessionStore: creation, lookup with both expiries,
 * logout, and the rule that a revoked bot token ends every session of it.
 */
export class Sessions {
  private readonly endedListeners: ((key: string) => void)[] = [];

  constructor(
    private readonly store: SessionStore,
    private readonly keys: SessionKeys,
    private readonly clock: Clock,
    private readonly limits: { idleTtlSeconds: number; maxAgeSeconds: number },
    private readonly logger: Logger,
  ) {}

  async create(identity: BotIdentity, guildId: string | null): Promise<{ sessionId: string; session: Session }> {
    const createdAt = this.clock.now();
    return this.store_({ kind: 'bot', identity, guildId, createdAt, maxExpiresAt: createdAt + this.limits.maxAgeSeconds * 1000 });
  }

  /** A user session ("Login with Discord"), reading through the application's bot. */
  async createUser(
    identity: BotIdentity,
    fields: Pick<UserSession, 'user' | 'grant' | 'guilds' | 'guildsCheckedAt'>,
  ): Promise<{ sessionId: string; session: UserSession }> {
    const createdAt = this.clock.now();
    const maxExpiresAt = createdAt + this.limits.maxAgeSeconds * 1000;
    return this.store_({ kind: 'user', identity, guildId: null, createdAt, maxExpiresAt, ...fields });
  }

  private async store_<S extends Session>(session: S): Promise<{ sessionId: string; session: S }> {
    const sessionId = newSessionId();
    const key = await this.keys.keyOf(sessionId);
    await guardStore(() => this.store.set(key, session, this.limits.idleTtlSeconds));
    const user = session.kind === 'user' ? { user: session.user.id } : {};
    this.logger.info('session.created', { session: fingerprint(key), kind: session.kind, bot: session.identity.bot.id, ...user });
    return { sessionId, session };
  }

  /** Writes a changed session back (new OAuth tokens, a re-read guild list) under its key. */
  async replace(key: string, session: Session): Promise<void> {
    await guardStore(() => this.store.set(key, session, this.limits.idleTtlSeconds));
  }

  /** Ends a session whose grant Discord no longer honours. */
  async expire(key: string, reason: string): Promise<void> {
    await this.endByKey(key, reason);
  }

  /** The live session for an Authorization value, or a 401 AppError saying why not. */
  async resolve(sessionId: string): Promise<ResolvedSession> {
    if (!SESSION_ID_PATTERN.test(sessionId)) throw unknownSession();
    const key = this.keys.peek(sessionId) ?? (await this.keys.keyOf(sessionId));
    // The store is guarded inline rather than through guardStore: this runs on every read,
    // and the two closures and wrapper promises per request showed up in the profile.
    let session: Session | undefined;
    try {
      session = await this.store.get(key);
    } catch (error) {
      throw storeFailure(error);
    }
    if (!session) throw unknownSession();
    if (this.clock.now() >= session.maxExpiresAt) {
      await this.endByKey(key, 'max-age');
      throw unknownSession();
    }
    let revoked: boolean;
    try {
      revoked = await this.store.isTokenRevoked(session.identity.tokenKey);
    } catch (error) {
      throw storeFailure(error);
    }
    if (revoked) {
      await this.endByKey(key, 'token-revoked');
      throw tokenRevoked();
    }
    return { key, session };
  }

  /**
   * The session when it resolves without waiting and without anything to do (a known id, a
   * store in memory, neither expiry reached, token not revoked); otherwise undefined, and the
   * caller takes `resolve`, which handles every other case.
   */
  peek(sessionId: string): ResolvedSession | undefined {
    const key = this.keys.peek(sessionId);
    if (key === undefined) return undefined;
    const session = this.store.peek?.(key);
    if (!session || this.clock.now() >= session.maxExpiresAt) return undefined;
    if (this.store.peekTokenRevoked?.(session.identity.tokenKey) !== false) return undefined;
    return { key, session };
  }

  async end(sessionId: string, key: string): Promise<void> {
    this.keys.forget(sessionId);
    await this.endByKey(key, 'logout');
  }

  /** Discord said 401 for this token: it is dead for every session, now and later. */
  async revokeToken(tokenKey: string): Promise<void> {
    await guardStore(() => this.store.revokeToken(tokenKey));
    this.logger.warn('bot.token_revoked', { tokenKey: tokenKey.slice(0, 10) });
  }

  async isTokenRevoked(tokenKey: string): Promise<boolean> {
    return guardStore(() => this.store.isTokenRevoked(tokenKey));
  }

  /** When the session ends if it stays idle from now: the sliding expiry, capped by max age. */
  expiresAt(session: Session): number {
    return Math.min(this.clock.now() + this.limits.idleTtlSeconds * 1000, session.maxExpiresAt);
  }

  /** Called with the store key of every session that ends in this process (live streams end with it). */
  onEnded(listener: (key: string) => void): void {
    this.endedListeners.push(listener);
  }

  private async endByKey(key: string, reason: string): Promise<void> {
    for (const listener of this.endedListeners) listener(key);
    await guardStore(() => this.store.delete(key));
    this.logger.info('session.ended', { session: fingerprint(key), reason });
  }
}

function unknownSession(): AppError {
  return new AppError('INVALID_SESSION', 'Session is unknown or expired; log in again');
}

export function tokenRevoked(): AppError {
  return new AppError('BOT_TOKEN_REVOKED', 'Discord no longer accepts this bot token; every session of it has ended');
}

/** A store that fails (Redis down, KV error) is a 503, never a 500 or a hang. */
export async function guardStore<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw storeFailure(error);
  }
}

function storeFailure(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('SESSION_STORE_UNAVAILABLE', 'The session store is unavailable; try again shortly', {
    cause: error,
    headers: { 'Retry-After': '5' },
  });
}
