import type { ResponseStore } from '../cache/response-store.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ResolvedSession } from '../sessions/sessions.js';
import { peekListsGuild } from './bot-guild-list.js';
import type { ChangeFeed, LiveChange } from './change-feed.js';
import { EventIds } from './event-ids.js';
import { EventStream, type EndReason } from './event-stream.js';
import type { SessionStillLive } from './session-check.js';
import { encodeChange, HEARTBEAT } from './sse-encoder.js';
import type { StreamScope } from './stream-scope.js';
import type { Ticker } from './ticker.js';

/** Streams one session may hold open (a few tabs of one dashboard). */
export const MAX_STREAMS_PER_SESSION = 5;

export interface EventStreamsOptions {
  feed: ChangeFeed;
  /** The response store: a bot's cached guild list says which guilds a `config:update` concerns. */
  store: ResponseStore;
  ticker: Ticker;
  sessionStillLive: SessionStillLive;
  logger: Logger;
  maxStreams: number;
  heartbeatMs: number;
}

/**
 * Every open event stream of this process, by bot and by session. It listens to the change
 * feed only while a stream is open, so publishing costs nothing otherwise; a change goes to its
 * bot's streams only, encoded once for all of them.
 */
export class EventStreams {
  private readonly byBot = new Map<string, Set<EventStream>>();
  private readonly bySession = new Map<string, Set<EventStream>>();
  private readonly ids = new EventIds();
  private open = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: EventStreamsOptions) {}

  get size(): number {
    return this.open;
  }

  /** Opens a stream for a resolved session, or refuses with 429 past either limit. */
  start(resolved: ResolvedSession, scope: StreamScope): ReadableStream<Uint8Array> {
    const { key, session } = resolved;
    if (this.open >= this.options.maxStreams) throw tooMany('MAX_EVENT_STREAMS on this server');
    if ((this.bySession.get(key)?.size ?? 0) >= MAX_STREAMS_PER_SESSION) throw tooMany(`${MAX_STREAMS_PER_SESSION} per session`);
    const stream = new EventStream(key, session.identity.tokenKey, scope, (ended, reason) => this.forget(ended, reason));
    this.remember(stream);
    stream.stopHeartbeat = this.options.ticker.every(this.options.heartbeatMs, () => this.heartbeat(stream));
    return stream.body;
  }

  /** A session ended in this process (logout, expiry, revoked token): its streams end now. */
  endSession(sessionKey: string): void {
    for (const stream of [...(this.bySession.get(sessionKey) ?? [])]) stream.close('session-ended');
  }

  /** Server shutdown: every stream ends cleanly, so the server's close does not wait on them. */
  closeAll(): void {
    for (const streams of [...this.byBot.values()]) for (const stream of [...streams]) stream.close('shutdown');
  }

  private dispatch(change: LiveChange): void {
    let frame: Uint8Array | undefined;
    const bytes = () => (frame ??= encodeChange(change, this.ids.nextId()));
    if (change.botId !== null) return this.sendTo(this.byBot.get(change.botId), change.guildId, bytes);
    // A bot's config:update names no bot: every bot whose cached guild list does not rule the guild out.
    const { guildId } = change;
    if (guildId === null) return;
    for (const [botId, streams] of this.byBot) {
      if (peekListsGuild(this.options.store, botId, guildId) !== false) this.sendTo(streams, guildId, bytes);
    }
  }

  private sendTo(streams: Set<EventStream> | undefined, guildId: string | null, bytes: () => Uint8Array): void {
    if (!streams) return;
    for (const stream of streams) if (stream.scope.sees(guildId)) stream.send(bytes());
  }

  private heartbeat(stream: EventStream): void {
    stream.send(HEARTBEAT);
    if (!stream.isOpen) return;
    void this.options.sessionStillLive(stream.sessionKey, stream.tokenKey).then((live) => {
      if (!live) stream.close('session-ended');
    });
  }

  private remember(stream: EventStream): void {
    add(this.byBot, stream.scope.botId, stream);
    add(this.bySession, stream.sessionKey, stream);
    this.open += 1;
    this.unsubscribe ??= this.options.feed.subscribe((change) => this.dispatch(change));
  }

  private forget(stream: EventStream, reason: EndReason): void {
    remove(this.byBot, stream.scope.botId, stream);
    remove(this.bySession, stream.sessionKey, stream);
    this.open -= 1;
    if (reason === 'slow-consumer') this.options.logger.warn('events.slow_consumer', { bot: stream.scope.botId });
    if (this.open === 0) {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
    }
  }
}

function tooMany(message: string): AppError {
  return new AppError('TOO_MANY_EVENT_STREAMS', `Too many event streams (${message})`, { headers: { 'Retry-After': '30' } });
}

function add(index: Map<string, Set<EventStream>>, key: string, stream: EventStream): void {
  const streams = index.get(key);
  if (streams) streams.add(stream);
  else index.set(key, new Set([stream]));
}

function remove(index: Map<string, Set<EventStream>>, key: string, stream: EventStream): void {
  const streams = index.get(key);
  if (!streams) return;
  streams.delete(stream);
  if (streams.size === 0) index.delete(key);
}
