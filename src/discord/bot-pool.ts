import { DefaultRestOptions, REST, type ResponseLike, type RESTOptions } from '@discordjs/rest';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import type { BotIdentity } from './bot-identity.js';
import { refuseRateLimitWithoutRetryAfter } from './unbounded-rate-limit.js';
import type { UpstreamCall, UpstreamGuard } from './upstream-guard.js';
import { isResendable, WriteOutcomeUnknown } from './write-outcome-unknown.js';

/** REST's own HTTP call signature (undici's RequestInit on Node, fetch's elsewhere). */
export type MakeRequest = RESTOptions['makeRequest'];

export interface BotPoolOptions {
  api: string;
  version: number;
  timeoutMs: number;
  retries: number;
  /** A wait longer than this is refused with RateLimitError instead of holding the client. */
  maxRateLimitWaitMs: number;
  /** Replaces the HTTP call (tests, the fake Discord, cross-instance budgets). */
  makeRequest?: MakeRequest;
  /** Workers forbids timers outside a request; REST's sweepers are switched off there. */
  sweepers?: boolean;
  /** How long an unused client is kept. */
  idleMs?: number;
  maxClients?: number;
  clock: Clock;
  /** Called once for every new client, to wire metrics and budgets. */
  onClientCreated?: (rest: REST, identity: BotIdentity) => void;
  /** Run around every HTTP call to Discord, in order. */
  guards?: readonly UpstreamGuard[];
}

/**
 * One @discordjs/rest client per bot token. Discord's buckets and 50/s global limit are per
 * bot and REST tracks them per instance, so every session of a token must share one client;
 * one client for all bots would mix their limits, one per session would break them.
 */
export class BotPool {
  private readonly clients: LRUCache<string, REST>;

  constructor(private readonly options: BotPoolOptions) {
    this.clients = new LRUCache({
      max: options.maxClients ?? 10_000,
      ttl: options.idleMs ?? 15 * 60_000,
      updateAgeOnGet: true,
      perf: { now: () => options.clock.now() },
      ttlResolution: 0,
      dispose: (rest) => stopSweepers(rest),
    });
  }

  /** The client of this token, built on first use. */
  clientFor(identity: Pick<BotIdentity, 'token' | 'tokenKey'> & Partial<BotIdentity>): REST {
    const existing = this.clients.get(identity.tokenKey);
    if (existing) return existing;
    const rest = this.build(identity.token, identity.tokenKey);
    this.clients.set(identity.tokenKey, rest);
    if (identity.bot) this.options.onClientCreated?.(rest, identity as BotIdentity);
    return rest;
  }

  /** A token Discord rejected: its client must never send it again. */
  drop(tokenKey: string): void {
    this.clients.delete(tokenKey);
  }

  /** Live clients; idle ones past their time are released first. */
  get size(): number {
    this.clients.purgeStale();
    return this.clients.size;
  }

  private build(token: string, tokenKey: string): REST {
    const { options } = this;
    const sweep = options.sweepers ?? true;
    const makeRequest = guarded(options.makeRequest ?? DefaultRestOptions.makeRequest, options.guards ?? [], tokenKey);
    const restOptions: Partial<RESTOptions> = {
      api: options.api,
      version: String(options.version),
      timeout: options.timeoutMs,
      retries: options.retries,
      globalRequestsPerSecond: 50,
      rejectOnRateLimit: (limit) => limit.retryAfter > options.maxRateLimitWaitMs,
      ...(sweep ? {} : { hashSweepInterval: 0, handlerSweepInterval: 0 }),
      makeRequest,
    };
    return new REST(restOptions).setToken(token);
  }
}

/**
 * Wraps REST's HTTP call so every guard sees every request of this bot. A call whose signal has
 * already aborted (its client went away while REST waited out a rate limit) is not sent at all,
 * and a 429 REST would retry without end is refused.
 */
function guarded(makeRequest: MakeRequest, guards: readonly UpstreamGuard[], tokenKey: string): MakeRequest {
  return async (url, init) => {
    const signal = (init.signal ?? undefined) as AbortSignal | undefined;
    signal?.throwIfAborted();
    const call = { tokenKey, method: init.method ?? 'GET', url, signal };
    if (!isResendable(call.method)) return sendOnce(guards, call, () => makeRequest(url, init));
    const response = await throughGuards(guards, call, () => makeRequest(url, init));
    refuseRateLimitWithoutRetryAfter(response);
    return response;
  };
}

/**
 * A POST or PATCH is sent at most once: once it has left, a timeout, a lost connection or a
 * 5xx is thrown as WriteOutcomeUnknown, which REST does not retry (REST's `retries` is per
 * client, so the bot's one client keeps retrying its reads). A failure before it left (a guard
 * refused, a wait aborted) is passed on as it is: nothing reached Discord.
 */
async function sendOnce(guards: readonly UpstreamGuard[], call: UpstreamCall, send: () => Promise<ResponseLike>): Promise<ResponseLike> {
  let sent = false;
  let response: ResponseLike;
  try {
    response = await throughGuards(guards, call, () => {
      sent = true;
      return send();
    });
  } catch (error) {
    if (!sent) throw error;
    throw new WriteOutcomeUnknown(isAbort(error) ? 'timeout' : 'unreachable');
  }
  refuseRateLimitWithoutRetryAfter(response);
  if (response.status >= 500) throw new WriteOutcomeUnknown('server-error', response.status);
  return response;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

async function throughGuards(guards: readonly UpstreamGuard[], call: UpstreamCall, send: () => Promise<ResponseLike>): Promise<ResponseLike> {
  const entered: UpstreamGuard[] = [];
  let response: ResponseLike;
  try {
    for (const guard of guards) {
      await guard.before?.(call);
      entered.push(guard);
    }
    response = await send();
  } catch (error) {
    for (const guard of entered) await guard.failed?.(call, error);
    throw error;
  }
  for (const guard of entered) await guard.after?.(call, response);
  return response;
}

function stopSweepers(rest: REST): void {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
}
