import { isGuildChange, type LiveChange } from './change-feed.js';

/** Server-Sent Events framing: what a stream writes, as bytes made once and shared. */
const encoder = new TextEncoder();

/** How long a browser's EventSource waits before reconnecting after the stream ends. */
export const RETRY_MS = 3000;

/** The first bytes of every stream: the reconnection delay. */
export const OPENING = encoder.encode(`retry: ${RETRY_MS}\n\n`);

/** A comment line: keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT = encoder.encode(': heartbeat\n\n');

/** One change as one event: `event: invalidate` or `event: guild`, with its id. */
export function encodeChange(change: LiveChange, id: string): Uint8Array {
  if (isGuildChange(change)) {
    return frame('guild', id, { guildId: change.guildId, action: change.action });
  }
  // The module is the kind in capitals, as bots name it in config:update (MODULE_TO_KIND).
  return frame('invalidate', id, { guildId: change.guildId, module: change.kind.toUpperCase(), source: change.source });
}

function frame(event: string, id: string, data: unknown): Uint8Array {
  // JSON.stringify never emits a raw newline, so the data is always one `data:` line.
  return encoder.encode(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
