/**
 * A copy of a short string that holds its own characters. Engines represent a substring, a
 * regex replace's result or a concatenation as a view (V8: sliced or cons string) onto other
 * strings, which then stay alive as long as the view: a 43-character store key sliced out of
 * btoa's output costs 96 bytes instead of 64, a session id sliced out of "Bearer <id>" keeps
 * the whole header. Used for strings kept per session, never on a hot path.
 */
export function ownCopy(text: string): string {
  const codes = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return String.fromCharCode(...codes);
}
