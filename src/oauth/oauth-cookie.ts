import { TokenSealer } from '../sessions/token-seal.js';

/** The short-lived cookie that carries one login attempt from /login to /callback. */
export const OAUTH_COOKIE = 'gg_oauth';
export const OAUTH_COOKIE_PATH = '/api/oauth';
export const OAUTH_COOKIE_MAX_AGE = 600;

export interface LoginAttempt {
  readonly state: string;
  readonly verifier: string;
  readonly returnTo: string;
  /** When it was sealed (ms): an attempt older than the cookie's Max-Age is refused. */
  readonly at: number;
}

/**
 * Seals a login attempt with AES-GCM (WebCrypto), not just signs it: the PKCE verifier must
 * not be readable from the browser, and a forged or tampered cookie does not open.
 */
export class LoginAttemptSealer {
  private constructor(private readonly sealer: TokenSealer) {}

  static async create(sessionSecret: string, clientSecret: string): Promise<LoginAttemptSealer> {
    return new LoginAttemptSealer(await oauthSealer(sessionSecret, clientSecret, 'oauth-cookie'));
  }

  seal(attempt: LoginAttempt): Promise<string> {
    return this.sealer.seal(JSON.stringify(attempt));
  }

  /** The attempt, or undefined when the cookie is absent, forged, tampered with or too old. */
  async open(cookie: string | undefined, now: number): Promise<LoginAttempt | undefined> {
    if (!cookie) return undefined;
    try {
      const attempt = JSON.parse(await this.sealer.open(cookie)) as LoginAttempt;
      const fresh = now - attempt.at <= OAUTH_COOKIE_MAX_AGE * 1000;
      return fresh && typeof attempt.state === 'string' && typeof attempt.verifier === 'string' ? attempt : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * A sealer for what Login with Discord keeps outside the process: keyed by SESSION_SECRET, or,
 * without one (sessions in memory), by the client secret, which every instance holds too, so a
 * cookie sealed by one instance opens on another.
 */
export function oauthSealer(sessionSecret: string, clientSecret: string, purpose: string): Promise<TokenSealer> {
  const secret = sessionSecret.length >= 32 ? sessionSecret : `client-secret:${clientSecret}:${'.'.repeat(32)}`;
  return TokenSealer.fromSecret(secret, purpose);
}
