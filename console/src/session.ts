import { call, setAuth, type Auth } from './api';
import type { SessionInfo } from './types';

/**
 * Where this tab remembers its session: a bot-token session id in sessionStorage (gone with the
 * tab, never in localStorage); for a Discord login only a flag, the session itself being the
 * HttpOnly cookie.
 */
const BOT_KEY = 'guildgate.session';
const COOKIE_KEY = 'guildgate.discord';

export function remember(auth: Auth): void {
  if (auth.kind === 'bot') sessionStorage.setItem(BOT_KEY, auth.sessionId);
  else sessionStorage.setItem(COOKIE_KEY, '1');
}

export function forget(): void {
  sessionStorage.removeItem(BOT_KEY);
  sessionStorage.removeItem(COOKIE_KEY);
  setAuth(null);
}

/** Marks that this tab went to Discord to log in: on return, the cookie session is asked for. */
export function expectDiscordLogin(): void {
  sessionStorage.setItem(COOKIE_KEY, '1');
}

/** The session this tab had, if guildgate still knows it. */
export async function restore(): Promise<{ auth: Auth; info: SessionInfo } | undefined> {
  const sessionId = sessionStorage.getItem(BOT_KEY);
  const auth: Auth | undefined = sessionId ? { kind: 'bot', sessionId } : sessionStorage.getItem(COOKIE_KEY) ? { kind: 'user' } : undefined;
  if (!auth) return undefined;
  setAuth(auth);
  try {
    const { data } = await call<SessionInfo>('/api/auth/session', { anonymous: true });
    return { auth, info: data };
  } catch {
    forget();
    return undefined;
  }
}

export async function logInWithToken(token: string): Promise<{ auth: Auth; info: SessionInfo }> {
  const { data } = await call<{ sessionId: string }>('/api/auth/login', { method: 'POST', body: { token }, anonymous: true });
  const auth: Auth = { kind: 'bot', sessionId: data.sessionId };
  setAuth(auth);
  remember(auth);
  const session = await call<SessionInfo>('/api/auth/session');
  return { auth, info: session.data };
}

/**
 * Whether "Log in with Discord" is on, from `/api/oauth/status`: a question that starts no login
 * and sends the browser nowhere near Discord (a probe of `/api/oauth/login` itself would).
 */
export async function discordLoginAvailable(): Promise<boolean> {
  try {
    const response = await fetch('/api/oauth/status', { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) return false;
    const { enabled } = (await response.json()) as { enabled?: unknown };
    return enabled === true;
  } catch {
    return false;
  }
}

export const DISCORD_LOGIN_URL = `/api/oauth/login?returnTo=${encodeURIComponent('/console/')}`;
