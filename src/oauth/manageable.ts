import type { ManagedGuild } from '../sessions/session.js';
import type { UserGuild } from './oauth-client.js';

const ADMINISTRATOR = 0x8n;
const MANAGE_GUILD = 0x20n;

/** A permission bitfield (decimal string) as a BigInt: Discord's fields pass 2^53. Garbage is no rights. */
export function permissionBits(permissions: string | undefined): bigint {
  if (!permissions || !/^\d{1,40}$/.test(permissions)) return 0n;
  return BigInt(permissions);
}

/** Owner, ADMINISTRATOR (0x8) or MANAGE_GUILD (0x20): the guilds a dashboard lets this person manage. */
export function canManage(guild: UserGuild): boolean {
  return guild.owner === true || (permissionBits(guild.permissions) & (ADMINISTRATOR | MANAGE_GUILD)) !== 0n;
}

export function manageableGuilds(guilds: readonly UserGuild[]): ManagedGuild[] {
  return guilds.filter(canManage).map(({ id, name, icon, owner, permissions }) => ({
    id,
    name,
    icon: icon ?? null,
    owner: owner === true,
    permissions: String(permissions ?? '0'),
  }));
}

/** "Add the bot to this guild": Discord's authorize page with the guild chosen for the person. */
export function inviteUrl(authorizeUrl: string, clientId: string, permissions: string, guildId: string): string {
  const url = new URL(authorizeUrl);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('scope', 'bot applications.commands');
  url.searchParams.set('permissions', permissions);
  url.searchParams.set('guild_id', guildId);
  url.searchParams.set('disable_guild_select', 'true');
  return url.toString();
}
