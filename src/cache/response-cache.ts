import type { REST } from '@discordjs/rest';
import type { Clock } from '../clock.js';
import type { CacheTtls } from '../config.js';
import { AppError } from '../errors.js';
import { mapUpstreamError } from '../discord/upstream-errors.js';
import { etagOf, type CachedResponse } from './cached-response.js';
import { ttlSecondsOf, type ResourceKind } from './resource-kind.js';
import { cacheKey, type ResponseStore, type SharedEpoch } from './response-store.js';
import { InvalidationEpochs } from './invalidation-epochs.js';
import { Singleflight } from '../lib/singleflight.js';
import { waiterDeadline } from '../lib/waiter-deadline.js';

/** What a resource's loader hands back: the body bytes, and what it learnt about them. */
export interface Loaded {
  body: Uint8Array;
  /** The guild the data belongs to, when only the answer tells (a channel by id). */
  guildId?: string | null;
  /** Derived entries (a filtered channel list) expire with the entry they came from. */
  storedAt?: number;
  expiresAt?: number;
}

export interface LoadContext {
  rest: REST;
  signal: AbortSignal;
  /** Reads another resource through the cache, for entries derived from it. */
  read(resource: Resource): Promise<CachedResponse>;
}

/** One cacheable read of Discord: where it is cached, for how long, and how to fetch it. */
export interface Resource {
  /** Discord route plus normalised parameters; with the bot id it makes the cache key. */
  readonly route: string;
  readonly kind: ResourceKind;
  readonly guildId: string | null;
  /** The member list: a 403 there usually means the members intent is missing. */
  readonly membersList?: boolean;
  /**
   * Built from another cached entry (context.read) on every read, and never stored on its own:
   * variants such as channel filters would otherwise be entries that cost Discord nothing and
   * that a client can multiply at will.
   */
  readonly derived?: boolean;
  load(context: LoadContext): Promise<Loaded>;
}

export type CacheState = 'HIT' | 'MISS' | 'BYPASS';

export interface CacheRead {
  readonly entry: CachedResponse;
  readonly state: CacheState;
}

export interface Upstream {
  readonly botId: string;
  /** The bot's REST client; asked for only on a miss, so a hit never touches the pool. */
  client(): REST;
  /** Aborts when the client goes away. */
  readonly signal?: AbortSignal;
}

const NEGATIVE_STATUSES = new Set([403, 404]);

/** What a fill is for: the key, the resource, and the invalidation epochs it started in. */
interface FillTarget {
  readonly key: string;
  readonly botId: string;
  readonly resource: Resource;
  /** This process's count (InvalidationEpochs). */
  readonly epoch: number;
  /** A shared store's count (Redis), which invalidations on other instances move at once. */
  readonly sharedEpoch?: SharedEpoch;
}

/**
 * Coordinates fills of one key across instances (a Redis lock): one instance fills, the others
 * get its result. Without one, each process fills on its own (its Singleflight still holds).
 */
export interface FillCoordinator {
  coordinate(key: string, fill: () => Promise<CachedResponse>, signal: AbortSignal): Promise<CachedResponse>;
}

/**
 * Read-through cache over a ResponseStore: hits answer from stored bytes, concurrent misses of
 * one key share one upstream call, and Discord's 403/404 are remembered briefly (each 403
 * counts against the invalid-request limit).
 */
export class ResponseCache {
  private readonly flights = new Singleflight<CachedResponse>();
  private readonly epochs = new InvalidationEpochs();
  /** Reads by result, for metrics: plain numbers, so counting costs a hit nothing. */
  readonly reads = { HIT: 0, MISS: 0, BYPASS: 0 };

  constructor(
    readonly store: ResponseStore,
    private readonly ttls: CacheTtls,
    private readonly negativeTtlSeconds: number,
    private readonly clock: Clock,
    private readonly coordinator?: FillCoordinator,
    /** How long one waiter may wait for Discord before it gets 504 (0: no bound of our own). */
    private readonly upstreamDeadlineMs = 0,
  ) {
    store.onInvalidate?.((filter) => this.epochs.bump(filter));
  }

  /**
   * A fresh, positive entry this process holds for the route, counted as a HIT; undefined
   * otherwise (absent, stale, a remembered refusal, or only in a shared store), and the caller
   * then takes `read`.
   */
  peekHit(botId: string, route: string): CachedResponse | undefined {
    const entry = this.store.peek?.(cacheKey(botId, route));
    if (!entry || entry.error || entry.expiresAt <= this.clock.now()) return undefined;
    this.reads.HIT++;
    return entry;
  }

  async read(resource: Resource, upstream: Upstream, bypass = false): Promise<CacheRead> {
    if (resource.derived) return this.readDerived(resource, upstream, bypass);
    const key = cacheKey(upstream.botId, resource.route);
    const cached = await this.store.get(key);
    // A bypass skips a stored answer, never a stored refusal: each 403 Discord gives again
    // costs the invalid-request budget, so within NEGATIVE_CACHE_TTL it is not asked again.
    if (cached && cached.expiresAt > this.clock.now() && (!bypass || cached.error)) {
      this.reads.HIT++;
      return { entry: throwIfNegative(cached), state: 'HIT' };
    }
    this.reads[bypass ? 'BYPASS' : 'MISS']++;
    const entry = await this.wait(key, resource, upstream, bypass);
    return { entry: throwIfNegative(entry, bypass ? 'BYPASS' : 'MISS'), state: bypass ? 'BYPASS' : 'MISS' };
  }

  /** A derived read answers as the entry it is built from did (HIT, MISS or BYPASS), and expires with it. */
  private async readDerived(resource: Resource, upstream: Upstream, bypass: boolean): Promise<CacheRead> {
    let state: CacheState = 'HIT';
    const context: LoadContext = {
      get rest() {
        return upstream.client();
      },
      signal: upstream.signal ?? new AbortController().signal,
      read: async (other) => {
        const read = await this.read(other, upstream, bypass);
        state = read.state;
        return read.entry;
      },
    };
    return { entry: this.positiveEntry(resource, await resource.load(context)), state };
  }

  /**
   * Joins (or starts) the one upstream call for this key. This waiter gives up when its client
   * goes away or its deadline passes, whatever REST is doing (REST's rate-limit sleeps cannot be
   * interrupted); the call itself is cancelled only when no waiter is left.
   */
  private async wait(key: string, resource: Resource, upstream: Upstream, bypass: boolean): Promise<CachedResponse> {
    const epoch = this.epochs.of(upstream.botId, resource.kind, resource.guildId);
    const fill = (signal: AbortSignal) => this.coordinatedFill(key, resource, upstream, signal, bypass, epoch);
    const waiter = waiterDeadline(upstream.signal, this.upstreamDeadlineMs); // on a miss only: a hit costs no timer
    try {
      // The epoch in the flight's name: a read after an invalidation does not join a fill from before it.
      return await this.flights.run(`${key}#${epoch}`, fill, waiter.signal);
    } catch (error) {
      throw mapUpstreamError(error, { clientAborted: upstream.signal?.aborted ?? false });
    } finally {
      waiter.done();
    }
  }

  get inFlight(): number {
    return this.flights.inFlight;
  }

  /** Requests waiting on those calls: more than inFlight when misses were coalesced. */
  get waiting(): number {
    return this.flights.waiting;
  }

  /** A bypass must reach Discord itself: another instance's value is what it wants to skip. */
  private coordinatedFill(key: string, resource: Resource, upstream: Upstream, signal: AbortSignal, bypass: boolean, epoch: number) {
    const fill = () => this.fill({ key, botId: upstream.botId, resource, epoch }, upstream, signal, bypass);
    return this.coordinator && !bypass ? this.coordinator.coordinate(key, fill, signal) : fill();
  }

  /** A bypass reaches Discord for what the resource is built from too (the full list behind a filtered one). */
  private async fill(local: FillTarget, upstream: Upstream, signal: AbortSignal, bypass: boolean): Promise<CachedResponse> {
    const { resource } = local;
    const sharedEpoch = await this.store.sharedEpoch?.(resource.kind, resource.guildId);
    const target = sharedEpoch === undefined ? local : { ...local, sharedEpoch };
    const context: LoadContext = {
      rest: upstream.client(),
      signal,
      read: async (other) => (await this.read(other, { ...upstream, signal }, bypass)).entry,
    };
    try {
      const loaded = await resource.load(context);
      return await this.keep(target, this.positiveEntry(resource, loaded));
    } catch (error) {
      const failure = mapUpstreamError(error, { membersList: resource.membersList ?? false });
      if (failure.discord && NEGATIVE_STATUSES.has(failure.status) && this.negativeTtlSeconds > 0) {
        return this.keep(target, this.negativeEntry(resource, failure));
      }
      throw failure;
    }
  }

  /** Stores the answer unless its kind of data was invalidated while Discord was asked. */
  private async keep({ key, botId, resource, epoch, sharedEpoch }: FillTarget, entry: CachedResponse): Promise<CachedResponse> {
    if (this.epochs.of(botId, resource.kind, resource.guildId) === epoch) await this.store.set(key, entry, sharedEpoch);
    return entry;
  }

  private positiveEntry(resource: Resource, loaded: Loaded): CachedResponse {
    const storedAt = loaded.storedAt ?? this.clock.now();
    return {
      status: 200,
      body: loaded.body,
      etag: etagOf(loaded.body),
      storedAt,
      expiresAt: loaded.expiresAt ?? storedAt + ttlSecondsOf(resource.kind, this.ttls) * 1000,
      kind: resource.kind,
      guildId: loaded.guildId ?? resource.guildId,
    };
  }

  private negativeEntry(resource: Resource, failure: AppError): CachedResponse {
    const storedAt = this.clock.now();
    return {
      status: failure.status,
      body: new Uint8Array(0),
      etag: '',
      storedAt,
      expiresAt: storedAt + this.negativeTtlSeconds * 1000,
      kind: resource.kind,
      guildId: resource.guildId,
      error: { code: failure.code, message: failure.message, ...(failure.discord ? { discord: failure.discord } : {}) },
    };
  }
}

/** A remembered refusal is thrown again, marked with how it was answered. */
function throwIfNegative(entry: CachedResponse, state: CacheState = 'HIT'): CachedResponse {
  if (!entry.error) return entry;
  throw new AppError(entry.error.code, entry.error.message, {
    ...(entry.error.discord ? { discord: entry.error.discord } : {}),
    headers: { 'X-Cache': state },
  });
}
