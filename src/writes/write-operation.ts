import type { REST, RouteLike } from '@discordjs/rest';
import type { ResourceKind } from '../cache/resource-kind.js';

/**
 * Where a write's effect lands in the cache: a guild's data of some kinds. A channel's guild is
 * learnt after the write (from Discord's answer, else from the cached channel).
 */
export type WriteTarget = { readonly guildId: string } | { readonly channelId: string };

/** One Discord write: its call, and what it changes in the cache when it succeeds. */
export interface WriteOperation {
  readonly method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Built with discord-api-types' Routes. */
  readonly route: RouteLike;
  /** The JSON body sent to Discord, exactly what was validated (plus defaults). */
  readonly body?: Readonly<Record<string, unknown>>;
  readonly target: WriteTarget;
  /** The kinds of cached data this write makes stale. */
  readonly changes: readonly ResourceKind[];
}

/** Discord's answer to a write: its status and body bytes (empty for a 204). */
export interface WriteAnswer {
  readonly status: number;
  readonly body: Uint8Array;
}

/**
 * Sends the write through the bot's REST client, so through its buckets and every guard.
 * `auditLogReason` is the client's header as it arrived (URL-encoded): it is forwarded as a
 * header, unchanged, not through REST's `reason`, which would encode it a second time.
 */
export async function sendWrite(rest: REST, operation: WriteOperation, auditLogReason: string | undefined): Promise<WriteAnswer> {
  const response = await rest.queueRequest({
    fullRoute: operation.route,
    method: operation.method as never,
    ...(operation.body ? { body: operation.body } : {}),
    ...(auditLogReason ? { headers: { 'X-Audit-Log-Reason': auditLogReason } } : {}),
  });
  return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
}
