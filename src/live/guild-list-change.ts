import type { ResponseStore } from '../cache/response-store.js';
import type { ChangeFeed, GuildAction } from './change-feed.js';

/**
 * A bot joined or left a guild: its cached guild list (and that guild's entry) goes, here, in
 * Redis and on every instance, and its streams get `event: guild`. `guildId` null: Discord did
 * not say which guild (APPLICATION_DEAUTHORIZED); only the guild list goes.
 */
export async function guildListChanged(
  store: ResponseStore,
  changes: ChangeFeed,
  botId: string,
  guildId: string | null,
  action: GuildAction,
): Promise<void> {
  // The guild list belongs to no guild, so any guild-kind invalidation of the bot drops it. With
  // no guild named, the bot's own id stands in: no guild has it, so nothing else goes.
  await store.invalidate({ guildId: guildId ?? botId, kind: 'guild', botId, cause: 'invalidate', guild: action });
  changes.publish({ botId, guildId, action });
}
