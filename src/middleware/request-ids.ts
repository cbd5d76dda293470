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
