import { recordEmitted } from './secrets.js';

/** One Server-Sent Events frame as a client parses it. */
export interface SseFrame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
  readonly retry?: string;
  readonly comment?: string;
}

/**
 * Reads an event-stream response as it arrives, frame by frame, and lets a test wait for the
 * frame it expects (bounded, so a missing event fails instead of hanging). What it reads is
 * handed to the secret guard like any other answer.
 */
export class SseReader {
  readonly frames: SseFrame[] = [];
  private buffer = '';
  private finished: 'done' | 'error' | undefined;
  private wake: (() => void)[] = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(response: Response, private readonly where = 'event stream') {
    if (!response.body) throw new Error('no body');
    this.reader = response.body.getReader();
    void this.pump();
  }

  get ended(): 'done' | 'error' | undefined {
    return this.finished;
  }

  /** The first frame (from `from` on) that matches, waiting up to `timeoutMs` for it. */
  async next(matches: (frame: SseFrame) => boolean, timeoutMs = 1000, from = 0): Promise<SseFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(matches);
      if (found) return found;
      if (this.finished) throw new Error(`stream ended (${this.finished}) before the frame came; got ${JSON.stringify(this.frames)}`);
      if (Date.now() >= deadline) throw new Error(`no such frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      await this.changed(deadline - Date.now());
    }
  }

  /** Waits (bounded) until the stream ends, and says how. */
  async end(timeoutMs = 1000): Promise<'done' | 'error'> {
    const deadline = Date.now() + timeoutMs;
    while (!this.finished) {
      if (Date.now() >= deadline) throw new Error('the stream did not end');
      await this.changed(deadline - Date.now());
    }
    return this.finished;
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }

  private changed(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(1, ms));
      this.wake.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private notify(): void {
    const waiting = this.wake;
    this.wake = [];
    for (const wake of waiting) wake();
  }

  private async pump(): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await this.reader.read();
        if (done) break;
        const text = decoder.decode(value, { stream: true });
        recordEmitted(this.where, text);
        this.buffer += text;
        this.parseFrames();
        this.notify();
      }
      this.finished = 'done';
    } catch {
      this.finished = 'error';
    }
    this.notify();
  }

  private parseFrames(): void {
    for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const frame: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comment = line.slice(1).trim();
        else {
          const colon = line.indexOf(':');
          frame[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
        }
      }
      this.frames.push(frame);
    }
  }
}

/** The parsed data of an event frame. */
export function dataOf(frame: SseFrame): Record<string, unknown> {
  return JSON.parse(frame.data ?? 'null') as Record<string, unknown>;
}
