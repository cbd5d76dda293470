import type { CachedResponse } from '../cache/cached-response.js';

/** Parsed ids by cache entry: each guild list is parsed once, however many checks read it. */
const parsed = new WeakMap<CachedResponse, ReadonlySet<string>>();
const decoder = new TextDecoder();

/**
 * The guild ids of a cached guild list (`GET /users/@me/guilds`), in Discord's order. A user
 * session's scope check, a login's default guild and the live updates' filters all ask this of
 * the same entry, so it is parsed once per entry; a body that is not a list gives no ids.
 */
export function guildIdsOf(entry: CachedResponse): ReadonlySet<string> {
  let ids = parsed.get(entry);
  if (!ids) {
    ids = parseIds(entry.body);
    parsed.set(entry, ids);
  }
  return ids;
}

function parseIds(body: Uint8Array): ReadonlySet<string> {
  try {
    const guilds = JSON.parse(decoder.decode(body)) as { id?: unknown }[];
    return new Set(guilds.flatMap((guild) => (typeof guild.id === 'string' ? [guild.id] : [])));
  } catch {
    return new Set();
  }
}
