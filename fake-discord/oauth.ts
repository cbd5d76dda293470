// OAuth2 state of the fake: one application per bot (client id = the bot's user id, as on
// Discord), authorization codes (single use, 10 minutes), access tokens and refresh tokens that
// rotate (each refresh token works once). Time is the fake's clock, so tests expire tokens
// without sleeping.
import { createSecret } from './token.js';
import type { FakeStore } from './store.js';
import type { BearerGrant } from './types.js';

export const CODE_TTL_MS = 10 * 60_000;
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 604_800;

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  /** Undefined: any redirect URI is accepted (the fake's default). */
  redirectUris: string[] | undefined;
}

export interface AuthorizeRequest {
  clientId: string;
  userId: string;
  redirectUri: string;
  scope: string;
  /** base64url(SHA-256(verifier)); without it the code needs no verifier. */
  codeChallenge?: string | undefined;
  state?: string | undefined;
}

interface CodeRecord extends AuthorizeRequest { expiresAt: number; used: boolean }

interface Grant { userId: string; clientId: string; scopes: string[]; accessToken: string; refreshToken: string; expiresAt: number; revoked: boolean }

export interface TokenAnswer {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

export class OAuthState {
  autoApproveUserId: string | undefined;
  accessTokenTtlSeconds: number;
  private readonly redirectUris = new Map<string, string[]>();
  private readonly codes = new Map<string, CodeRecord>();
  private readonly byAccess = new Map<string, Grant>();
  private readonly byRefresh = new Map<string, Grant>();
  /** Refresh tokens already exchanged: a second use is `invalid_grant`. */
  private readonly spentRefresh = new Set<string>();

  constructor(private readonly store: FakeStore, private readonly now: () => number, ttlSeconds?: number) {
    this.accessTokenTtlSeconds = ttlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  }

  app(clientId: string): OAuthApp | undefined {
    const bot = this.store.bots.get(clientId);
    if (!bot) return undefined;
    return { clientId, clientSecret: bot.clientSecret, redirectUris: this.redirectUris.get(clientId) };
  }

  setRedirectUris(clientId: string, uris: string[] | undefined): void {
    if (uris) this.redirectUris.set(clientId, [...uris]);
    else this.redirectUris.delete(clientId);
  }

  redirectAllowed(app: OAuthApp, redirectUri: string): boolean {
    return app.redirectUris === undefined || app.redirectUris.includes(redirectUri);
  }

  issueCode(request: AuthorizeRequest): string {
    const code = createSecret(30);
    this.codes.set(code, { ...request, expiresAt: this.now() + CODE_TTL_MS, used: false });
    return code;
  }

  /** The code's record if it can still be exchanged; it is spent either way. */
  spendCode(code: string): CodeRecord | undefined {
    const record = this.codes.get(code);
    if (!record || record.used || record.expiresAt <= this.now()) return undefined;
    record.used = true;
    return record;
  }

  issueTokens(userId: string, clientId: string, scopes: string[]): TokenAnswer {
    const grant: Grant = {
      userId, clientId, scopes, accessToken: createSecret(30), refreshToken: createSecret(30),
      expiresAt: this.now() + this.accessTokenTtlSeconds * 1000, revoked: false,
    };
    this.byAccess.set(grant.accessToken, grant);
    this.byRefresh.set(grant.refreshToken, grant);
    return {
      access_token: grant.accessToken, token_type: 'Bearer', expires_in: this.accessTokenTtlSeconds,
      refresh_token: grant.refreshToken, scope: scopes.join(' '),
    };
  }

  /** Exchanges a refresh token once: the old pair stops working, a new pair is answered. */
  refresh(refreshToken: string, clientId: string): TokenAnswer | undefined {
    const grant = this.byRefresh.get(refreshToken);
    if (!grant || grant.revoked || grant.clientId !== clientId || this.spentRefresh.has(refreshToken)) return undefined;
    this.spentRefresh.add(refreshToken);
    grant.revoked = true;
    return this.issueTokens(grant.userId, grant.clientId, grant.scopes);
  }

  /** Revoking either token of a pair revokes both, as Discord revokes the grant. */
  revoke(token: string, clientId: string): void {
    const grant = this.byAccess.get(token) ?? this.byRefresh.get(token);
    if (grant && grant.clientId === clientId) grant.revoked = true;
  }

  isRevoked(token: string): boolean {
    const grant = this.byAccess.get(token) ?? this.byRefresh.get(token);
    return grant?.revoked ?? false;
  }

  /** The grant of a live access token: known, not revoked, not expired. */
  bearer(accessToken: string): BearerGrant | undefined {
    const grant = this.byAccess.get(accessToken);
    if (!grant || grant.revoked || grant.expiresAt <= this.now()) return undefined;
    return { accessToken, userId: grant.userId, clientId: grant.clientId, scopes: grant.scopes };
  }
}

/** base64url(SHA-256(verifier)), the S256 code challenge. */
export async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
