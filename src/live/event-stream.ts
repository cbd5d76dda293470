import { OPENING } from './sse-encoder.js';
import type { StreamScope } from './stream-scope.js';

/** A consumer further behind than this is cut off: one slow client must not grow memory. */
export const MAX_BACKLOG_BYTES = 256 * 1024;

/** Bytes queued, not chunks: one strategy object for every stream. */
const BACKLOG: QueuingStrategy<Uint8Array> = { highWaterMark: MAX_BACKLOG_BYTES, size: (chunk) => chunk.byteLength };

/** Why a stream ended, for the log and for the registry. */
export type EndReason = 'client' | 'slow-consumer' | 'session-ended' | 'shutdown';

/**
 * One open Server-Sent Events response. Bytes go into the body's queue; the runtime drains it
 * into the socket as fast as the client reads. The queue's size is the backlog.
 */
export class EventStream {
  readonly body: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private ended = false;
  /** Stops the heartbeat; set by the registry once the stream is registered. */
  stopHeartbeat: (() => void) | undefined;

  constructor(
    readonly sessionKey: string,
    readonly tokenKey: string,
    readonly scope: StreamScope,
    private readonly onEnd: (stream: EventStream, reason: EndReason) => void,
  ) {
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
          controller.enqueue(OPENING);
        },
        cancel: () => this.finish('client'),
      },
      BACKLOG,
    );
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  /** Queues bytes; a queue past MAX_BACKLOG_BYTES ends the stream and drops what it held. */
  send(bytes: Uint8Array): void {
    if (this.ended) return;
    try {
      this.controller.enqueue(bytes);
    } catch {
      return this.finish('client'); // the runtime closed the body without telling us
    }
    if ((this.controller.desiredSize ?? 0) < 0) {
      this.controller.error(new Error('event stream consumer too slow'));
      this.finish('slow-consumer');
    }
  }

  /** Ends the stream cleanly: what is queued is still delivered, then the response ends. */
  close(reason: EndReason): void {
    if (this.ended) return;
    try {
      this.controller.close();
    } catch {
      // already closed or errored by the runtime
    }
    this.finish(reason);
  }

  private finish(reason: EndReason): void {
    if (this.ended) return;
    this.ended = true;
    this.stopHeartbeat?.();
    this.onEnd(this, reason);
  }
}
