import type { BotIdentity } from '../discord/bot-identity.js';

export interface Session {
  readonly identity: BotIdentity;
  readonly guildId: string | null;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** The absolute end of the session, whatever its activity (SESSION_MAX_AGE). */
  readonly maxExpiresAt: number;
}
