import { MODULE_TO_KIND } from '../cache/resource-kind.js';
import type { InvalidationFilter } from '../cache/response-store.js';
import { isSnowflake } from '../discord/snowflake.js';

/**
 * The message bots already publish on `config:update`:
 *   {"guildId": "...", "module": "CHANNELS" | "ROLES" | "MEMBERS" | "GUILD" | "MESSAGES", "action": "INVALIDATE"}
 * guildgate adds an optional "botId" when it relays POST /api/cache/invalidate, so that only
 * that bot's entries go, and "source", the relaying instance, which has already dropped them.
 * For live events on the other instances it also says what caused it ("cause": "write" or
 * "invalidate") and, when a bot joined or left the guild, "guild": "added" or "removed".
 * Anything else is refused with a reason (logged, then ignored).
 */
export interface InvalidationMessage {
  guildId: string;
  module: string;
  action: 'INVALIDATE';
  botId?: string;
  source?: string;
  cause?: 'write' | 'invalidate';
  guild?: 'added' | 'removed';
}

const CAUSES = new Set(['write', 'invalidate']);
const GUILD_ACTIONS = new Set(['added', 'removed']);

export type ParsedInvalidation = { ok: true; filter: InvalidationFilter; source?: string } | { ok: false; reason: string };

export function parseInvalidationMessage(text: string): ParsedInvalidation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  const { guildId, module, action, botId, source, cause, guild } = value as Record<string, unknown>;
  if (action !== 'INVALIDATE') return { ok: false, reason: 'action must be "INVALIDATE"' };
  if (typeof guildId !== 'string' || !isSnowflake(guildId)) return { ok: false, reason: 'guildId must be a Discord id' };
  const kind = typeof module === 'string' ? MODULE_TO_KIND[module.toUpperCase()] : undefined;
  if (!kind) return { ok: false, reason: `module must be one of ${Object.keys(MODULE_TO_KIND).join(', ')}` };
  if (botId !== undefined && (typeof botId !== 'string' || !isSnowflake(botId))) {
    return { ok: false, reason: 'botId, when given, must be a Discord id' };
  }
  const filter: InvalidationFilter = { guildId, kind, ...(botId === undefined ? {} : { botId }) };
  // Unknown values of the live-event fields are dropped, not refused: the invalidation still holds.
  if (typeof cause === 'string' && CAUSES.has(cause)) filter.cause = cause as 'write' | 'invalidate';
  if (typeof guild === 'string' && GUILD_ACTIONS.has(guild)) filter.guild = guild as 'added' | 'removed';
  return { ok: true, filter, ...(typeof source === 'string' ? { source } : {}) };
}

/** The message for a filter, in the bots' own shape, naming the instance that sends it. */
export function invalidationMessageOf(filter: InvalidationFilter, source: string): string {
  const module = Object.entries(MODULE_TO_KIND).find(([, kind]) => kind === filter.kind)?.[0] ?? filter.kind;
  const message: InvalidationMessage = { guildId: filter.guildId, module, action: 'INVALIDATE' };
  if (filter.botId !== undefined) message.botId = filter.botId;
  message.source = source;
  if (filter.cause !== undefined) message.cause = filter.cause;
  if (filter.guild !== undefined) message.guild = filter.guild;
  return JSON.stringify(message);
}
