// What a bot may see, answered with Discord's codes: 404 when the thing does not exist at all,
// 403 50001 when it exists but the bot is not in the guild or the channel is hidden from it.
import { fail, invalidFormBody, missingAccess, ok, unknownChannel, unknownGuild, type Result } from './errors.js';
import { isSnowflake } from './snowflake.js';
import type { ChannelRecord, FakeStore, GuildRecord } from './store.js';
import type { FakeBot } from './types.js';

/** Discord rejects a path parameter that is not a snowflake as an invalid form body. */
export function checkSnowflake(field: string, value: string): Result<string> {
  if (isSnowflake(value)) return ok(value);
  return fail(invalidFormBody(field, 'NUMBER_TYPE_COERCE', `Value "${value}" is not snowflake.`));
}

export function visibleGuild(store: FakeStore, bot: FakeBot, guildId: string): Result<GuildRecord> {
  const id = checkSnowflake('guild_id', guildId);
  if (!id.ok) return id;
  const record = store.guilds.get(guildId);
  if (!record) return fail(unknownGuild());
  if (!record.botIds.has(bot.user.id)) return fail(missingAccess());
  return ok(record);
}

export function visibleChannel(store: FakeStore, bot: FakeBot, channelId: string): Result<ChannelRecord> {
  const id = checkSnowflake('channel_id', channelId);
  if (!id.ok) return id;
  const record = store.channels.get(channelId);
  if (!record) return fail(unknownChannel());
  const inGuild = store.guilds.get(record.guildId)?.botIds.has(bot.user.id) ?? false;
  if (!inGuild || record.hiddenFrom.has(bot.user.id)) return fail(missingAccess());
  return ok(record);
}
