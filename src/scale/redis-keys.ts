/**
 * Every key guildgate writes to Redis, in one place (docs/redis-keys.md, "Redis key layout", lists
 * the same). No key or value holds a bot token or a session id in plaintext: sessions are
 * keyed by SHA-256 of the id, tokens appear only sealed or as their SHA-256 (tokenKey).
 */
const PREFIX = 'gg:';

export const redisKeys = {
  /** A session record (token sealed), expiring after the idle TTL, capped by the max age. */
  session: (sessionKey: string) => `${PREFIX}session:${sessionKey}`,
  /** A bot token Discord rejected, kept as long as any of its sessions could live. */
  revokedToken: (tokenKey: string) => `${PREFIX}revoked:${tokenKey}`,
  /** One cached answer: `${botId}:${route}` is the cache key of response-store.ts. */
  cacheEntry: (cacheKey: string) => `${PREFIX}cache:${cacheKey}`,
  /** The cache entries of one guild and kind, scored by expiry: what an invalidation drops. */
  cacheIndex: (guildId: string, kind: string) => `${PREFIX}cache-entries:${guildId}:${kind}`,
  /** Counts the invalidations of one kind of one guild ('any': of every guild): a fill's write checks it. */
  invalidationEpoch: (guildId: string, kind: string) => `${PREFIX}cache-epoch:${guildId}:${kind}`,
  /** Held by the one instance filling a cache key from Discord. */
  fillLock: (cacheKey: string) => `${PREFIX}fill:${cacheKey}`,
  /** The bot's requests of the last second, across every instance. */
  globalRate: (tokenKey: string) => `${PREFIX}global:${tokenKey}`,
  /** An Idempotency-Key of a POST write: `${botId}:${key}`, its request's hash and its answer, for 24 hours. */
  idempotency: (scopedKey: string) => `${PREFIX}idempotency:${scopedKey}`,
  /** 401/403/429 answers of the last 10 minutes, for the egress address all instances share. */
  invalidRequests: (scope: string) => `${PREFIX}invalid-requests:${scope}`,
  /** Held by the one instance refreshing an OAuth grant (keyed by SHA-256 of its refresh token). */
  oauthRefreshLock: (grantKey: string) => `${PREFIX}oauth-refresh:${grantKey}`,
  /** The refreshed grant, sealed, for a minute: what the other instances adopt instead of refreshing. */
  oauthRefreshed: (grantKey: string) => `${PREFIX}oauth-refreshed:${grantKey}`,
} as const;

/** The channel bots publish cache invalidations on. */
export const INVALIDATION_CHANNEL = 'config:update';

/**
 * Where instances tell each other that a session ended or a token was revoked, so that their
 * session memos forget it (session-ends.ts has the message shapes). Prefixed: it is ours alone.
 */
export const SESSION_ENDS_CHANNEL = `${PREFIX}session-ends`;

/** The cache key inside a cacheEntry key. */
export function cacheKeyOfEntryKey(entryKey: string): string {
  return entryKey.slice(`${PREFIX}cache:`.length);
}
