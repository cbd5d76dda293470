import type { CachedResponse } from './cached-response.js';

/** The headers of an answer from the cache, and the ETag check of a conditional request. */
interface EntryHeaders {
  readonly state: string;
  readonly age: number;
  readonly maxAge: number;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * A cached answer is one session's (Cache-Control: private): a browser cache must not hand it
 * to another session of the same browser, so it varies by what names the session (the
 * Authorization header, and the cookie once cookie sessions exist). Origin too: with a CORS
 * allow-list the answer's CORS headers depend on it, and this header replaces the one CORS set.
 */
export const SESSION_VARY = 'Authorization, Cookie, Origin';

/**
 * The last header set made for each entry. Age and max-age change once a second, so a hot
 * entry's hits within that second share one header object instead of building five strings
 * each. Nothing mutates it: Hono copies headers into the response.
 */
const lastHeaders = new WeakMap<CachedResponse, EntryHeaders>();

export function cacheHeaders(entry: CachedResponse, state: string, now: number): Record<string, string> {
  const age = Math.max(0, Math.floor((now - entry.storedAt) / 1000));
  const maxAge = Math.max(0, Math.ceil((entry.expiresAt - now) / 1000));
  const last = lastHeaders.get(entry);
  if (last && last.age === age && last.maxAge === maxAge && last.state === state) return last.headers;
  const headers = {
    'Content-Type': 'application/json; charset=UTF-8',
    'X-Cache': state,
    Age: String(age),
    ETag: entry.etag,
    'Cache-Control': `private, max-age=${maxAge}`,
    Vary: SESSION_VARY,
  };
  lastHeaders.set(entry, { state, age, maxAge, headers });
  return headers;
}

export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch || !etag) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
