import type { DiscordErrorInfo, ErrorCode } from '../errors.js';
import type { ResourceKind } from './resource-kind.js';

/**
 * One cached answer: the serialised body bytes, ready to send, so a hit does no JSON work.
 * Negative entries (Discord's 403 and 404) keep the error instead of a body.
 */
export interface CachedResponse {
  readonly status: number;
  readonly body: Uint8Array;
  readonly etag: string;
  /** Milliseconds since the epoch. */
  readonly storedAt: number;
  readonly expiresAt: number;
  readonly kind: ResourceKind;
  /** The guild the data belongs to, when known: invalidation by guild uses it. */
  readonly guildId: string | null;
  readonly error?: CachedError;
}

export interface CachedError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly discord?: DiscordErrorInfo;
}

/**
 * A strong ETag from the bytes: FNV-1a (32 bit) plus length. Not cryptographic; it only has to
 * change when the body changes, and it is cheap enough for every miss.
 */
export function etagOf(body: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < body.length; i++) {
    hash ^= body[i] as number;
    hash = Math.imul(hash, 0x01000193);
  }
  return `"${body.length.toString(36)}-${(hash >>> 0).toString(36)}"`;
}

/** Bytes an entry costs in memory, for the CACHE_MAX_BYTES bound. */
export function sizeOf(key: string, entry: CachedResponse): number {
  return entry.body.byteLength + key.length * 2 + 200;
}
