import type { InvalidationFilter } from '../cache/response-store.js';
import type { LiveChange } from '../live/change-feed.js';

/**
 * The live event an invalidation from `config:update` makes on this instance. A bot's own
 * message (no instance named) is `source: "bot"` and names no bot; another instance's keeps the
 * cause it had there, and its guild-list changes stay `event: guild`.
 */
export function relayedChange(filter: InvalidationFilter, fromInstance: boolean): LiveChange {
  const { guildId, kind, botId } = filter;
  if (fromInstance && filter.guild !== undefined && botId !== undefined) {
    // The bot's own id stands in for "no guild named" (guild-list-change.ts).
    return { botId, guildId: guildId === botId ? null : guildId, action: filter.guild };
  }
  if (!fromInstance) return { botId: botId ?? null, guildId, kind, source: 'bot' };
  return { botId: botId ?? null, guildId, kind, source: filter.cause ?? 'invalidate' };
}
