import { Routes } from 'discord-api-types/v10';
import type { WriteOperation } from './write-operation.js';

/** Changes the channel, and so the guild's channel list (and its filtered views). */
export function modifyChannel(channelId: string, body: Readonly<Record<string, unknown>>): WriteOperation {
  return { method: 'PATCH', route: Routes.channel(channelId), body, target: { channelId }, changes: ['channels'] };
}
