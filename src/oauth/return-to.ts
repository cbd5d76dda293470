/**
 * Where the browser may be sent back after Discord: a path on guildgate's own origin, never
 * another site (no open redirect). It starts with exactly one `/` (not `//` nor `/\`, which
 * browsers read as another host), has no control characters and is of reasonable length.
 */
export const RETURN_TO_MAX = 2048;

export function isSameOriginPath(value: string): boolean {
  return (
    value.length <= RETURN_TO_MAX &&
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.startsWith('/\\') &&
    !/[\u0000-\u001f\u007f\\]/.test(value)
  );
}

/** `target` with `name=value` added to its query (keeps its fragment last). */
export function withQueryParam(target: string, name: string, value: string): string {
  const hashAt = target.indexOf('#');
  const base = hashAt === -1 ? target : target.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : target.slice(hashAt);
  const joiner = base.includes('?') ? '&' : '?';
  return `${base}${joiner}${encodeURIComponent(name)}=${encodeURIComponent(value)}${hash}`;
}
