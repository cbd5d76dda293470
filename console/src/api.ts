/**
 * guildgate's API as the console calls it. A bot-token session sends its id in the
 * Authorization header (the id lives in this tab's sessionStorage, never localStorage); a
 * "Log in with Discord" session rides on the HttpOnly cookie the browser sends by itself.
 */
export type Auth = { kind: 'bot'; sessionId: string } | { kind: 'user' };

/** An answer guildgate refused, in its own words (`error`), with its code and the input it names. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly parameter?: string,
  ) {
    super(message);
  }
}

/** A read's data and where it came from: guildgate's X-Cache and Age headers. */
export interface Fetched<T> {
  readonly data: T;
  readonly cache: string | null;
  readonly age: string | null;
}

let current: Auth | null = null;
let onSessionEnded: (() => void) | undefined;

export function setAuth(auth: Auth | null): void {
  current = auth;
}

export function getAuth(): Auth | null {
  return current;
}

/** Called when guildgate answers 401 to a session call: the session is gone. */
export function whenSessionEnds(listener: () => void): void {
  onSessionEnded = listener;
}

export function authHeaders(): Record<string, string> {
  return current?.kind === 'bot' ? { Authorization: `Bearer ${current.sessionId}` } : {};
}

interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** `?fresh=true`: skip guildgate's cache and ask Discord. */
  fresh?: boolean;
  /** A 401 here is an answer to show, not a lost session (login, a wrong token). */
  anonymous?: boolean;
  headers?: Record<string, string>;
}

export async function call<T>(path: string, options: CallOptions = {}): Promise<Fetched<T>> {
  const method = options.method ?? 'GET';
  const url = options.fresh ? `${path}${path.includes('?') ? '&' : '?'}fresh=true` : path;
  const headers: Record<string, string> = { ...authHeaders(), ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  // The browser keeps no copy (no-store), so a read after a live event never comes from the
  // browser's cache. Chromium would otherwise add `Cache-Control: no-cache`, which guildgate
  // takes as "skip my cache": an explicit harmless value keeps guildgate's cache in play.
  if (method === 'GET') headers['Cache-Control'] = 'max-stale=0';
  const response = await fetch(url, {
    method,
    headers,
    cache: 'no-store',
    credentials: 'same-origin',
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  if (!response.ok) throw await errorOf(response, options.anonymous ?? false);
  const data = (response.status === 204 ? undefined : await response.json()) as T;
  return { data, cache: response.headers.get('X-Cache'), age: response.headers.get('Age') };
}

async function errorOf(response: Response, anonymous: boolean): Promise<ApiError> {
  let body: { error?: unknown; code?: unknown; parameter?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // not JSON: say the status
  }
  const message = typeof body.error === 'string' ? body.error : `guildgate answered ${response.status} ${response.statusText}`.trim();
  const error = new ApiError(message, response.status, typeof body.code === 'string' ? body.code : 'HTTP_' + response.status, typeof body.parameter === 'string' ? body.parameter : undefined);
  if (response.status === 401 && !anonymous && error.code !== 'METRICS_UNAUTHORIZED') onSessionEnded?.();
  return error;
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return `Could not reach guildgate: ${error.message}`;
  return 'Something went wrong';
}
