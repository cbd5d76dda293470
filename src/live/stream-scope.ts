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
 * A bot session sees every guild of its bot. A user session ("Login with Discord") sees only the
 * guilds it may manage, as its session holds them when the stream opens (the route refreshes that
 * list first when it is older than CACHE_TTL_USER_GUILDS); a guild it gains later needs a new
 * stream. An event naming no guild stays visible: it only says "re-read your guild list".
 */
export function streamScopeFor(resolved: ResolvedSession): StreamScope {
  const { session } = resolved;
  const botId = session.identity.bot.id;
  if (session.kind === 'bot') return { botId, sees: EVERY_GUILD };
  const managed = new Set(session.guilds.map((guild) => guild.id));
  return { botId, sees: (guildId) => guildId === null || managed.has(guildId) };
}
