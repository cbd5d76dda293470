import type { Session } from './session.js';

/**
 * Where sessions live. Keys are always SHA-256 of the session id (see SessionKeys), never the
 * id. Memory, Workers KV and Redis implement it; stores outside the process seal the token.
 */
export interface SessionStore {
  readonly kind: 'memory' | 'kv' | 'redis';
  /** The session, refreshing its idle expiry (sliding); undefined when unknown or idle too long. */
  get(key: string): Promise<Session | undefined>;
  /** Stores a session that expires after `idleTtlSeconds` without use. */
  set(key: string, session: Session, idleTtlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Marks a bot token (by its key) as revoked; every session of it ends on next use. */
  revokeToken(tokenKey: string): Promise<void>;
  isTokenRevoked(tokenKey: string): Promise<boolean>;
  /** Resolves when the store answers; readiness checks call it. */
  ping(): Promise<void>;
  /**
   * The session when the store can tell without waiting (memory), sliding its expiry like get;
   * undefined means "unknown here and now", never "no such session". Lets cached reads skip a
   * promise; stores outside the process leave it out.
   */
  peek?(key: string): Session | undefined;
  /** Whether the token is revoked, when the store can tell without waiting. */
  peekTokenRevoked?(tokenKey: string): boolean | undefined;
  /** Live sessions where the store can tell cheaply (metrics). */
  count(): number | undefined;
  close?(): Promise<void>;
}
