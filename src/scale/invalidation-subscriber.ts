import type { Redis } from 'ioredis';
import type { InvalidationFilter } from '../cache/response-store.js';
import type { Logger } from '../logger.js';
import { parseInvalidationMessage, invalidationMessageOf } from './invalidation-message.js';
import { INVALIDATION_CHANNEL } from './redis-keys.js';

/** Longest message logged when refusing one: enough to recognise it, not a log flood. */
const LOGGED_MESSAGE_CHARS = 200;

/**
 * Listens on `config:update` (a connection of its own: a subscribed Redis connection can do
 * nothing else) and drops the named entries on this instance and in Redis. ioredis subscribes
 * again by itself after a reconnect. A malformed message is logged and ignored, and this
 * instance's own messages too: it dropped the entries before it published, and dropping them
 * again would throw away what was cached since.
 */
export class InvalidationSubscriber {
  constructor(
    private readonly subscriber: Redis,
    private readonly logger: Logger,
    /** `relayed`: another instance sent it, and has already dropped the entries in Redis. */
    private readonly drop: (filter: InvalidationFilter, relayed: boolean) => Promise<number>,
    private readonly instanceId: string,
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === INVALIDATION_CHANNEL) void this.handle(text);
    });
    await this.subscribe();
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(INVALIDATION_CHANNEL);
    } catch (error) {
      // Redis is down at start: autoResubscribe does not know the channel yet, so try on 'ready'.
      this.logger.warn('cache.subscribe_failed', { error: error instanceof Error ? error.name : typeof error });
      this.subscriber.once('ready', () => void this.subscribe());
    }
  }

  private async handle(text: string): Promise<void> {
    const parsed = parseInvalidationMessage(text);
    if (!parsed.ok) {
      this.logger.warn('cache.invalidation_ignored', { reason: parsed.reason, message: text.slice(0, LOGGED_MESSAGE_CHARS) });
      return;
    }
    if (parsed.source === this.instanceId) return;
    const dropped = await this.drop(parsed.filter, parsed.source !== undefined);
    this.logger.info('cache.invalidated', { source: INVALIDATION_CHANNEL, ...parsed.filter, dropped });
  }
}

/** Publishes an invalidation for every instance (and the bots' other listeners) to see. */
export async function publishInvalidation(publisher: Redis, filter: InvalidationFilter, instanceId: string): Promise<void> {
  await publisher.publish(INVALIDATION_CHANNEL, invalidationMessageOf(filter, instanceId));
}
