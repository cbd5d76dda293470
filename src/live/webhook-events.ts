import type { ResponseStore } from '../cache/response-store.js';
import { isSnowflake } from '../discord/snowflake.js';
import type { Logger } from '../logger.js';
import type { ChangeFeed } from './change-feed.js';
import { guildListChanged } from './guild-list-change.js';

/**
 * Discord's Webhook Events, once their signature holds: `type: 0` is a PING, `type: 1` an
 * event. Over HTTP Discord sends only application-level events (APPLICATION_AUTHORIZED,
 * APPLICATION_DEAUTHORIZED, entitlements, ...): nothing about channels, roles or members.
 */
export type WebhookPayload =
  | { readonly kind: 'ping' }
  | { readonly kind: 'event'; readonly applicationId: string; readonly type: string; readonly data: Record<string, unknown> }
  | { readonly kind: 'invalid'; readonly reason: string };

export function parseWebhookPayload(text: string): WebhookPayload {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (isObject(value) && value.type === 0) return { kind: 'ping' };
  const { application_id: applicationId, event } = isObject(value) ? value : {};
  if (!isObject(value) || value.type !== 1 || typeof applicationId !== 'string' || !isSnowflake(applicationId) || !isObject(event) || typeof event.type !== 'string') {
    return { kind: 'invalid', reason: 'not a Webhook Event (type 0, or type 1 with application_id and event.type)' };
  }
  return { kind: 'event', applicationId, type: event.type, data: isObject(event.data) ? event.data : {} };
}

export interface WebhookEventTargets {
  store: ResponseStore;
  changes: ChangeFeed;
  logger: Logger;
}

/**
 * What an event does. It belongs to the bot whose user id is the event's application_id (for a
 * bot application the two are equal). A bot added to a guild, or an app deauthorized: the bot's
 * guild list goes and its streams hear of it. Other events are noted and ignored.
 */
export async function applyWebhookEvent(event: Extract<WebhookPayload, { kind: 'event' }>, targets: WebhookEventTargets): Promise<void> {
  const botId = event.applicationId;
  const guildId = guildIdOf(event.data);
  if (event.type === 'APPLICATION_AUTHORIZED' && guildId !== undefined) {
    await guildListChanged(targets.store, targets.changes, botId, guildId, 'added');
  } else if (event.type === 'APPLICATION_DEAUTHORIZED') {
    // Ending the deauthorizing user's user sessions (DESIGN "points settled") belongs to the
    // Login-with-Discord sessions, which hook in here.
    await guildListChanged(targets.store, targets.changes, botId, guildId ?? null, 'removed');
  }
  targets.logger.info('webhook_events.received', { type: event.type, bot: botId, ...(guildId ? { guildId } : {}) });
}

function guildIdOf(data: Record<string, unknown>): string | undefined {
  const id = isObject(data.guild) ? data.guild.id : undefined;
  return typeof id === 'string' && isSnowflake(id) ? id : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
