import { LRUCache } from 'lru-cache';
import { nanoid } from 'nanoid';
import { sha256Base64Url } from '../lib/hashing.js';
import { ownCopy } from '../lib/own-copy.js';

/** A new session id: 21 url-safe characters, 126 random bits. Shown to the client once. */
export function newSessionId(): string {
  return nanoid();
}

/** The shape every session id has; anything else is refused without touching the store. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{21}$/;

/**
 * Turns session ids into store keys (SHA-256), remembering recent ones: hashing on every request
 * would put async WebCrypto work on the cached-read path for no gain. The memo lives in process
 * memory only, where the ids pass anyway; stores only ever see the hash.
 */
export class SessionKeys {
  private readonly memo: LRUCache<string, string>;

  constructor(maxEntries = 10_000) {
    this.memo = new LRUCache({ max: maxEntries });
  }

  /** The memoised key, or undefined: lets the hot path stay synchronous on a hit. */
  peek(sessionId: string): string | undefined {
    return this.memo.get(sessionId);
  }

  async keyOf(sessionId: string): Promise<string> {
    const known = this.memo.get(sessionId);
    if (known !== undefined) return known;
    const key = await sha256Base64Url(sessionId);
    // The id is often a slice of the Authorization header (or a concatenation, from nanoid):
    // the memo keeps it, so it keeps its own 21 characters rather than what they point into.
    this.memo.set(ownCopy(sessionId), key);
    return key;
  }

  forget(sessionId: string): void {
    this.memo.delete(sessionId);
  }
}

/** A short, non-reversible tag for logs: lets operators follow one session without its id. */
export function fingerprint(key: string): string {
  return key.slice(0, 10);
}
