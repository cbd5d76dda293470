import type { CachedResponse } from '../cache/cached-response.js';
import { cacheKey, type ResponseStore } from '../cache/response-store.js';
import { guildIdsOf } from '../reads/guild-ids.js';
import { plainRoutes } from '../reads/resources.js';

/**
 * What a bot's cached guild list (`GET /api/guilds`) says about one guild: true (listed),
 * false (not listed) or undefined (no list cached here: nobody knows without asking Discord).
 * Each entry is parsed once: a config:update that reaches many streams costs one parse.
 */

/** Without waiting: the copy this process holds (for filtering streams, per change). */
export function peekListsGuild(store: ResponseStore, botId: string, guildId: string): boolean | undefined {
  const entry = store.peek?.(cacheKey(botId, plainRoutes.guildList()));
  return entry ? listsGuild(entry, guildId) : undefined;
}

/** Asking the store (Redis too): for the error path, where a wait costs nothing. */
export async function storedListsGuild(store: ResponseStore, botId: string, guildId: string): Promise<boolean | undefined> {
  const entry = await store.get(cacheKey(botId, plainRoutes.guildList()));
  return entry ? listsGuild(entry, guildId) : undefined;
}

function listsGuild(entry: CachedResponse, guildId: string): boolean | undefined {
  return entry.error ? undefined : guildIdsOf(entry).has(guildId);
}
