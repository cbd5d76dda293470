import { Routes } from 'discord-api-types/v10';
import type { WriteOperation } from './write-operation.js';

/** A message a dashboard sends pings no one unless it says so. */
export const NO_MENTIONS = { parse: [] } as const;

/** A new message changes the channel's messages. */
export function createMessage(channelId: string, body: Readonly<Record<string, unknown>>): WriteOperation {
  return {
    method: 'POST',
    route: Routes.channelMessages(channelId),
    body: { ...body, allowed_mentions: body.allowed_mentions ?? NO_MENTIONS },
    target: { channelId },
    changes: ['messages'],
  };
}

/** An edit keeps the mentions it was sent with unless the body gives new ones (as on Discord). */
export function editMessage(channelId: string, messageId: string, body: Readonly<Record<string, unknown>>): WriteOperation {
  return { method: 'PATCH', route: Routes.channelMessage(channelId, messageId), body, target: { channelId }, changes: ['messages'] };
}

export function deleteMessage(channelId: string, messageId: string): WriteOperation {
  return { method: 'DELETE', route: Routes.channelMessage(channelId, messageId), target: { channelId }, changes: ['messages'] };
}
