/**
 * The two cookie operations guildgate needs, small (hono/cookie costs the Workers bundle
 * kilobytes for options guildgate never uses). Values are base64url and nanoid text: nothing
 * to escape.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

/** A Set-Cookie value: always HttpOnly and SameSite=Lax; Max-Age 0 deletes. */
export function cookieHeader(name: string, value: string, options: { path: string; maxAge: number; secure: boolean }): string {
  return `${name}=${value}; Max-Age=${options.maxAge}; Path=${options.path}; HttpOnly; SameSite=Lax${options.secure ? '; Secure' : ''}`;
}
