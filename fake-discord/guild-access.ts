// Guild-level checks for the fake's writes: the bot's permissions in the channel's guild
// (channel overwrites beyond `hiddenFrom` are not modelled), and Discord's 50013 when short.
import { fail, missingPermissions, ok, type Result } from './errors.js';
import { has, permissionsOf } from './permissions.js';
import type { GuildRecord } from './store.js';
import type { FakeBot } from './types.js';

/** Ok when the bot holds every one of `bits` in the guild (ADMINISTRATOR and owner hold all). */
export function requirePermissions(record: GuildRecord, bot: FakeBot, ...bits: bigint[]): Result<true> {
  const permissions = permissionsOf(record, bot.user.id);
  return bits.every((bit) => has(permissions, bit)) ? ok(true) : fail(missingPermissions());
}
