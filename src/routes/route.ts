import type { Context } from 'hono';
import type * as v from 'valibot';
import type { ResourceKind } from '../cache/resource-kind.js';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import type { ErrorCode } from '../errors.js';

/** Who may call a route: anyone, a bot session, a user session ("Login with Discord"), or either. */
export type Auth = 'none' | 'bot' | 'user' | 'any';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Schema<T> = v.GenericSchema<unknown, T>;

/** One successful answer a route can give: the OpenAPI document describes it from here. */
export interface Answer {
  readonly description: string;
  /** The JSON body's schema; absent for an empty body (204, 304) or a non-JSON one. */
  readonly schema?: v.GenericSchema;
  /** Defaults to application/json when a schema is given. */
  readonly contentType?: string;
  readonly headers?: readonly string[];
}

export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

/**
 * One endpoint, declared once. The Hono route and its validation, the cached-read lane's
 * patterns and the OpenAPI document are all derived from these (routes/table.ts lists them).
 */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  readonly method: Method;
  /** Hono's syntax: `/api/guilds/:guildId`. */
  readonly path: string;
  readonly auth: Auth;
  /** A feature the route needs configured: without it the route answers 404 (before any input check). */
  readonly requires?: 'oauth';
  readonly summary: string;
  readonly description?: string;
  /** The OpenAPI tag (the README's section). */
  readonly tag: string;
  readonly params?: Schema<P>;
  readonly query?: Schema<Q>;
  /** A JSON object body of at most maxBytes, checked before anything else is done. */
  readonly body?: { readonly schema: Schema<B>; readonly maxBytes: number };
  /** A body the handler reads itself (raw bytes: a signature covers them), described in the document only. */
  readonly documentedBody?: { readonly schema: v.GenericSchema; readonly contentType?: string };
  /**
   * The guild a route acts on, named by a path or query parameter: directly (`guild`), or as
   * the guild of a channel (`channel`). User sessions may reach only guilds they manage.
   */
  readonly scope?: { readonly guild: string } | { readonly channel: string };
  /** The kind of cached data a read answers with (its TTL). */
  readonly cache?: ResourceKind;
  /**
   * For a plain cached read (no query): the cache route its answer is stored under, from its
   * path parameters. The cached-read lane serves such reads' hits without the router.
   */
  readonly lane?: (params: Readonly<Record<string, string>>) => string;
  /** Successful answers by status. */
  readonly answers: Readonly<Record<number, Answer>>;
  /** The error codes it can answer with (statuses come from the error table). */
  readonly errors: readonly ErrorCode[];
  handle(c: Context<AppEnv>, input: RouteInput<P, Q, B>, deps: Deps): Response | Promise<Response>;
}

/** Declares a route; the identity, there so TypeScript infers the input types from the schemas. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}
