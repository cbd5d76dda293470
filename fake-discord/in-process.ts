// Calling the app without a socket, with fetch's semantics where tests rely on them: an abort
// rejects at once with the signal's reason (also while the fake hangs or sleeps), and a dropped
// connection rejects with TypeError('fetch failed').
import type { Hono } from 'hono';
import type { FakeEnv } from './types.js';

export type FetchLike = (request: Request) => Promise<Response>;

export function createInProcessFetch(app: Hono<FakeEnv>): FetchLike {
  return (request) => {
    const { signal } = request;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      Promise.resolve()
        .then(() => app.fetch(request))
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
}

/** The shape of @discordjs/rest's `makeRequest` option. */
export type MakeRequest = (url: string, init: RequestInit) => Promise<Response>;

export function createMakeRequest(fetchLike: FetchLike): MakeRequest {
  return (url, init) => {
    try {
      return fetchLike(new Request(url, init));
    } catch (error) {
      // new Request throws synchronously on a bad URL or init; fetch reports that as a rejection.
      return Promise.reject(error);
    }
  };
}
