import type { ResourceKind } from '../cache/resource-kind.js';
import type { ResponseStore } from '../cache/response-store.js';
import type { ChangeFeed } from '../live/change-feed.js';
import type { Logger } from '../logger.js';

export interface WriteEffects {
  readonly store: ResponseStore;
  readonly changes: ChangeFeed;
  readonly logger: Logger;
}

/**
 * After a successful write: drop every cached entry of the kinds it changed, for this bot and
 * guild: here, in Redis and (by `config:update`) on every instance, so the next read anywhere
 * asks Discord. A channel's messages are cached under no guild, so any guild's invalidation of
 * messages drops them. Then the live-updates feed hears of it. `live` is false when the guild
 * is not known for sure (a DM channel): the entries still go, but no guild's stream is told.
 */
export async function applyWriteEffects(
  effects: WriteEffects,
  change: { botId: string; guildId: string; kinds: readonly ResourceKind[]; live: boolean },
): Promise<void> {
  const { botId, guildId } = change;
  for (const kind of change.kinds) {
    const dropped = await effects.store.invalidate({ guildId, kind, botId });
    effects.logger.info('cache.invalidated', { source: 'write', guildId, kind, botId, dropped });
    if (change.live) effects.changes.publish({ botId, guildId, kind, source: 'write' });
  }
}
