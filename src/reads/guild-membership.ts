import type { ResponseCache } from '../cache/response-cache.js';
import type { BotPool } from '../discord/bot-pool.js';
import type { BotIdentity } from '../discord/bot-identity.js';
import { AppError } from '../errors.js';
import { guildIdsOf } from './guild-ids.js';
import { guildList } from './resources.js';

/**
 * Refuses a default guild the bot is not in, at login, instead of letting every flat route of
 * the session answer a puzzling `404 Unknown Guild` later. The bot's guild list is read through
 * the response cache (the guild TTL, shared with `GET /api/guilds`), so logging in again costs
 * Discord nothing while the list is cached.
 */
export async function assertBotInGuild(
  deps: { readonly cache: ResponseCache; readonly pool: Pick<BotPool, 'clientFor'> },
  identity: BotIdentity,
  guildId: string,
  signal?: AbortSignal,
): Promise<void> {
  const { entry } = await deps.cache.read(guildList(), {
    botId: identity.bot.id,
    client: () => deps.pool.clientFor(identity),
    ...(signal ? { signal } : {}),
  });
  const guilds = guildIdsOf(entry);
  if (guilds.has(guildId)) return;
  throw new AppError('INVALID_INPUT', `guildId ${guildId} is not a guild this bot is in (it is in ${guilds.size})`, {
    details: { parameter: 'guildId' },
  });
}
