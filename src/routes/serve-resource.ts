import type { Context } from 'hono';
import type { CacheRead, Resource } from '../cache/response-cache.js';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { cacheHeaders, matchesEtag } from '../cache/cache-headers.js';
import { noticeGuildLeft } from '../live/guild-refusal.js';

/**
 * Answers a read from the cache (or Discord through it), with the cache headers. A conditional
 * request is answered 304 when its ETag still matches.
 */
export async function serveResource(c: Context<AppEnv>, deps: Deps, resource: Resource): Promise<Response> {
  const read = await readResource(c, deps, resource);
  return respondWithEntry(c, read, deps.clock.now());
}

/** `fresh` defaults to what the request asks for; access checks read without bypassing. */
export async function readResource(c: Context<AppEnv>, deps: Deps, resource: Resource, fresh = wantsFreshData(c)): Promise<CacheRead> {
  const { identity } = c.get('session').session;
  const upstream = {
    botId: identity.bot.id,
    client: () => deps.pool.clientFor(identity),
    // A getter, read only on a miss: on @hono/node-server, touching `signal` turns the
    // lightweight request into a full fetch Request (headers copied, AbortController made),
    // which was about 6% of a cached read.
    get signal() {
      return c.req.raw.signal;
    },
  };
  try {
    return await deps.cache.read(resource, upstream, fresh);
  } catch (error) {
    if (error instanceof AppError && error.code === 'BOT_TOKEN_REVOKED') await forgetToken(deps, identity.tokenKey);
    await noticeGuildLeft(deps.cache.store, deps.changes, identity.bot.id, resource, error);
    throw error;
  }
}

/** Discord said 401: the token is dead. End its sessions, drop its client, never send it again. */
export async function forgetToken(deps: Deps, tokenKey: string): Promise<void> {
  deps.pool.drop(tokenKey);
  deps.identities.forget(tokenKey);
  await deps.sessions.revokeToken(tokenKey);
}

/**
 * `?fresh=true` or `Cache-Control: no-cache` bypass the cache. Except: fetch() adds
 * `Cache-Control: no-cache` by itself to any request carrying If-None-Match, so a conditional
 * request with no-cache is a revalidation, answered from the cache (304 when unchanged).
 * To force a fresh read with a conditional request, use `?fresh=true`.
 */
export function wantsFreshData(c: Context): boolean {
  const fresh = c.req.query('fresh');
  if (fresh === 'true' || fresh === '1') return true;
  const cacheControl = c.req.header('Cache-Control');
  if (!cacheControl || !/no-cache|no-store|max-age=0/i.test(cacheControl)) return false;
  return c.req.header('If-None-Match') === undefined;
}

export function respondWithEntry(c: Context, read: CacheRead, now: number): Response {
  const { entry, state } = read;
  const headers = cacheHeaders(entry, state, now);
  if (matchesEtag(c.req.header('If-None-Match'), entry.etag)) return c.body(null, 304, headers);
  return c.body(entry.body as Uint8Array<ArrayBuffer>, 200, headers);
}
