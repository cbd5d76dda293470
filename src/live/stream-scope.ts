import type { ResolvedSession } from '../sessions/sessions.js';

/**
 * What one stream may see, decided once from its resolved session when it opens: the bot whose
 * changes it receives, and which of that bot's guilds it may hear about.
 */
export interface StreamScope {
  readonly botId: string;
  /** Whether events of this guild reach the stream; null is "some guild of the bot" (Discord did not say which). */
  sees(guildId: string | null): boolean;
}

const EVERY_GUILD = (): boolean => true;

/**
 * A bot session sees every guild of its bot. The hook for user sessions ("Login with Discord"):
 * give them `sees` = membership of their manageable set (DESIGN Part 2), and keep null (no guild
 * named) visible, since it only says "re-read your guild list".
 */
export function streamScopeFor(resolved: ResolvedSession): StreamScope {
  return { botId: resolved.session.identity.bot.id, sees: EVERY_GUILD };
}
