import { LRUCache } from 'lru-cache';
import type { ResourceKind } from './resource-kind.js';
import type { InvalidationFilter } from './response-store.js';

/** Kinds and guilds (per bot, and for all bots) whose last invalidation is remembered. */
const REMEMBERED = 10_000;
/** The scope of an invalidation that names no bot (a bot's own `config:update` message). */
const EVERY_BOT = '*';

/**
 * When each kind of data of each guild was last invalidated, as a number that only grows. A
 * fill notes the number when it starts: if it changed by the time Discord answered, the answer
 * may predate the invalidation, so it is handed to the readers who were already waiting but
 * not stored, and later readers start a fill of their own instead of joining it.
 * Data that belongs to no single guild (the guild list, messages) changes with every guild.
 * An invalidation is scoped to the bot that asked: another bot's fills go on storing. One that
 * names no bot moves every bot's number.
 */
export class InvalidationEpochs {
  private last = 0;
  private readonly epochs = new LRUCache<string, number>({ max: REMEMBERED });

  bump(filter: InvalidationFilter): void {
    const epoch = ++this.last;
    const bot = filter.botId ?? EVERY_BOT;
    this.epochs.set(epochKey(bot, filter.kind, filter.guildId), epoch);
    this.epochs.set(epochKey(bot, filter.kind, null), epoch);
  }

  /**
   * 0 when never invalidated (or long forgotten: a fill that noted a number then sees a change,
   * and stores nothing). The larger of the bot's own number and the every-bot one: the numbers
   * come from one counter, so a move of either changes it.
   */
  of(botId: string, kind: ResourceKind, guildId: string | null): number {
    const own = this.epochs.get(epochKey(botId, kind, guildId)) ?? 0;
    const everyBot = this.epochs.get(epochKey(EVERY_BOT, kind, guildId)) ?? 0;
    return Math.max(own, everyBot);
  }
}

function epochKey(bot: string, kind: ResourceKind, guildId: string | null): string {
  return `${bot}:${kind}:${guildId ?? '*'}`;
}
