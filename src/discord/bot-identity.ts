import type { APIUser } from 'discord-api-types/v10';

/** The public face of a bot: what a session may show its client. Never holds the token. */
export type BotUser = Pick<APIUser, 'id' | 'username' | 'discriminator' | 'global_name' | 'avatar'> & {
  bot: true;
};

/**
 * A validated bot token. One object per token, shared by every session of that token, so a
 * hundred thousand sessions of one bot hold one copy of its token and user.
 */
export interface BotIdentity {
  readonly token: string;
  /** SHA-256 of the token (base64url): keys the REST pool, revocations and logs. */
  readonly tokenKey: string;
  readonly bot: BotUser;
}

export function toBotUser(user: APIUser): BotUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: user.discriminator,
    global_name: user.global_name ?? null,
    avatar: user.avatar ?? null,
    bot: true,
  };
}
