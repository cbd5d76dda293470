import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { SESSION_ENDS_CHANNEL } from './redis-keys.js';
import type { SessionMemo } from './session-memo.js';

/**
 * The messages on SESSION_ENDS_CHANNEL: `session:<key>` when a session ended (logout, max
 * age, revoked token), `token:<tokenKey>` when a bot token was revoked. Both carry only hashes,
 * never an id or a token.
 */
const SESSION = 'session:';
const TOKEN = 'token:';

export function sessionEnded(key: string): string {
  return `${SESSION}${key}`;
}

export function tokenRevoked(tokenKey: string): string {
  return `${TOKEN}${tokenKey}`;
}

/**
 * Applies other instances' (and this one's) session ends to the memo. The memo is changed in
 * the 'message' handler itself, synchronously: a request read from a socket after the message
 * can no longer be answered from what it dropped.
 */
export class SessionEndsSubscriber {
  private subscribed = false;

  constructor(
    private readonly subscriber: Redis,
    private readonly memo: SessionMemo,
    private readonly logger: Logger,
  ) {}

  /** True once the channel is subscribed; ioredis subscribes again by itself before 'ready' after a reconnect. */
  get listening(): boolean {
    return this.subscribed;
  }

  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === SESSION_ENDS_CHANNEL) this.apply(text);
    });
    await this.subscribe();
  }

  private apply(text: string): void {
    if (text.startsWith(SESSION)) this.memo.forget(text.slice(SESSION.length));
    else if (text.startsWith(TOKEN)) this.memo.forgetToken(text.slice(TOKEN.length));
    // Unknown message: a newer instance's; drop everything rather than guess what it meant.
    else this.memo.distrust();
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(SESSION_ENDS_CHANNEL);
      this.subscribed = true;
    } catch (error) {
      // Redis is down at start: autoResubscribe does not know the channel yet, so try on 'ready'.
      this.logger.warn('sessions.subscribe_failed', { error: error instanceof Error ? error.name : typeof error });
      this.subscriber.once('ready', () => void this.subscribe());
    }
  }
}
