import type { CacheTtls } from '../config.js';

/** The kinds of data, each with its own TTL; also the modules bots name when invalidating. */
export const RESOURCE_KINDS = ['guild', 'channels', 'roles', 'members', 'messages'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export function ttlSecondsOf(kind: ResourceKind, ttls: CacheTtls): number {
  return ttls[kind];
}

/** The names bots publish in `config:update` messages, mapped to kinds. */
export const MODULE_TO_KIND: Readonly<Record<string, ResourceKind>> = {
  GUILD: 'guild',
  CHANNELS: 'channels',
  ROLES: 'roles',
  MEMBERS: 'members',
  MESSAGES: 'messages',
};
