import type { BotIdentity } from '../discord/bot-identity.js';

interface SessionBase {
  /** The bot the session reads through: its own (bot session) or the application's (user session). */
  readonly identity: BotIdentity;
  readonly guildId: string | null;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** The absolute end of the session, whatever its activity (SESSION_MAX_AGE). */
  readonly maxExpiresAt: number;
}

/** Logged in with a bot token: sees everything its bot can see. */
export interface BotSession extends SessionBase {
  readonly kind: 'bot';
}

/** A person, from "Login with Discord": sees only guilds they manage where the bot is too. */
export interface UserSession extends SessionBase {
  readonly kind: 'user';
  readonly user: SessionUser;
  /** Their OAuth tokens: sealed in every store outside the process. */
  readonly grant: OAuthGrant;
  /** The guilds they own or hold ADMINISTRATOR or MANAGE_GUILD in, as Discord last said. */
  readonly guilds: readonly ManagedGuild[];
  /** When `guilds` was read from Discord (ms since the epoch). */
  readonly guildsCheckedAt: number;
}

export type Session = BotSession | UserSession;

export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly global_name: string | null;
  readonly avatar: string | null;
}

export interface OAuthGrant {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token stops working (ms since the epoch). */
  readonly expiresAt: number;
}

/** A guild the user may manage, as /users/@me/guilds described it (permissions: decimal string). */
export interface ManagedGuild {
  readonly id: string;
  readonly name: string;
  readonly icon: string | null;
  readonly owner: boolean;
  readonly permissions: string;
}
