/**
 * Request ids: a random prefix per app plus a counter. Unique enough to find a request in the
 * logs, and far cheaper than random bytes per request. Made when the app is built, never at
 * module load (Workers forbids randomness there).
 */
export function requestIdGenerator(): () => string {
  const prefix = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36).padStart(7, '0');
  let counter = 0;
  return () => `${prefix}-${(++counter).toString(36)}`;
}

/**
 * An incoming `X-Request-Id` is kept when it is well formed, so a dashboard can follow one
 * request through its own logs and guildgate's: 1 to 64 characters of letters, digits and
 * `-_.:` (a UUID, a ULID, `trace-123:4`). Anything else (too long, spaces, quotes, control
 * characters) is ignored and a fresh id is made: the id is written into every log line as is.
 */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function acceptOrMakeRequestId(incoming: string | null | undefined, nextId: () => string): string {
  return incoming && WELL_FORMED_REQUEST_ID.test(incoming) ? incoming : nextId();
}
