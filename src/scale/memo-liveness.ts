import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import type { SessionEndsSubscriber } from './session-ends.js';
import type { SessionMemo } from './session-memo.js';

/** How often the subscribed connection is asked for a PING while the memo is in use. */
export const HEARTBEAT_MS = 250;

export interface MemoLivenessOptions {
  memo: SessionMemo;
  clock: Clock;
  /** The connection that listens for session ends: its PING answers come after every message sent before. */
  subscriber: Redis;
  ends: SessionEndsSubscriber;
  /** The commands connection: losing it also ends the trust (reads could not be checked). */
  commands: Redis;
}

/**
 * Keeps the session memo trusted only while the subscription is known to deliver. Redis answers
 * a PING on a subscribed connection after every message it wrote there before, so an answer to
 * a PING sent at t proves every session end published before t has been read: the memo is
 * trusted for SessionMemo's trustMs after t. A lost, closed or reconnecting connection drops the
 * memo at once; a hung one stops answering and the trust runs out (and the connection's own
 * socket timeout then drops it).
 */
export class MemoLiveness {
  private timer: ReturnType<typeof setInterval> | undefined;
  private losses = 0;

  constructor(private readonly options: MemoLivenessOptions) {}

  start(): void {
    const lost = () => this.lost();
    for (const connection of [this.options.subscriber, this.options.commands]) {
      connection.on('close', lost);
      connection.on('reconnecting', lost);
      connection.on('end', lost);
      connection.on('error', lost);
    }
    this.timer = setInterval(() => this.beat(), HEARTBEAT_MS);
    // A heartbeat is no reason to keep a process alive.
    this.timer.unref?.();
    this.beat();
  }

  stop(): void {
    clearInterval(this.timer);
    this.lost();
  }

  private beat(): void {
    const { subscriber, commands, ends, clock, memo } = this.options;
    if (subscriber.status !== 'ready' || commands.status !== 'ready' || !ends.listening) return;
    const sentAt = clock.now();
    const losses = this.losses;
    subscriber.ping().then(
      () => {
        if (losses === this.losses) memo.confirmLive(sentAt);
      },
      () => this.lost(),
    );
  }

  private lost(): void {
    this.losses++;
    this.options.memo.distrust();
  }
}
