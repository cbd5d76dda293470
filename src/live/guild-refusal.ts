import type { Resource } from '../cache/response-cache.js';
import type { ResponseStore } from '../cache/response-store.js';
import { AppError } from '../errors.js';
import { storedListsGuild } from './bot-guild-list.js';
import type { ChangeFeed } from './change-feed.js';
import { guildListChanged } from './guild-list-change.js';

/** Discord's codes for "the bot is not in this guild": Missing Access, Unknown Guild. */
const NOT_IN_GUILD = new Set<number | string>([50001, 10004]);

/**
 * Discord sends no event over HTTP when a bot leaves a guild. When it refuses a guild's data
 * with Missing Access or Unknown Guild, and that guild was in the bot's cached guild list, the
 * bot has left: the list goes and the bot's streams get `event: guild` `removed`. Runs on the
 * error path only; never throws (the read's own error is what the client gets).
 */
export async function noticeGuildLeft(store: ResponseStore, changes: ChangeFeed, botId: string, resource: Resource, error: unknown): Promise<void> {
  // The member list answers Missing Access when the members intent is off, too: not a sign.
  if (resource.guildId === null || resource.membersList || !(error instanceof AppError)) return;
  const code = error.discord?.code;
  if (code === undefined || !NOT_IN_GUILD.has(code)) return;
  try {
    if ((await storedListsGuild(store, botId, resource.guildId)) !== true) return;
    await guildListChanged(store, changes, botId, resource.guildId, 'removed');
  } catch {
    // the store failed: the list stays until it expires, as any entry would
  }
}
