import type { ResourceKind } from '../cache/resource-kind.js';

/** Who caused a change: a write through guildgate, POST /api/cache/invalidate, or a bot's config:update. */
export type ChangeSource = 'write' | 'invalidate' | 'bot';

/**
 * Something cached changed: the live-updates stream tells dashboards, so they stop polling.
 * `botId` is null for a bot's `config:update`, which names no bot: it concerns every bot that
 * can see the guild.
 */
export interface Change {
  readonly botId: string | null;
  readonly guildId: string;
  readonly kind: ResourceKind;
  readonly source: ChangeSource;
}

/** A bot was added to a guild, or left it: streams send `event: guild`. */
export type GuildAction = 'added' | 'removed';

/**
 * A bot's guild list changed (a Webhook Event, or Discord refusing a guild the bot had).
 * `guildId` is null when Discord does not say which guild (APPLICATION_DEAUTHORIZED).
 */
export interface GuildChange {
  readonly botId: string;
  readonly guildId: string | null;
  readonly action: GuildAction;
}

export type LiveChange = Change | GuildChange;

export function isGuildChange(change: LiveChange): change is GuildChange {
  return 'action' in change;
}

export type ChangeListener = (change: LiveChange) => void;

/**
 * The in-process feed of changes. Publishing costs nothing when no one listens, so the paths
 * that publish (writes, invalidations) pay nothing for streams that are not open.
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  publish(change: LiveChange): void {
    for (const listener of this.listeners) listener(change);
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listening(): number {
    return this.listeners.size;
  }
}
