import { AppError } from '../errors.js';
import type { SessionUser } from '../sessions/session.js';

/** Discord's token endpoint answer (RFC 6749 5.1). */
export interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
  token_type: string;
}

/** A partial guild from /users/@me/guilds with the user's permissions (a decimal string). */
export interface UserGuild {
  id: string;
  name: string;
  icon: string | null;
  owner: boolean;
  permissions: string;
}

/** Discord refused a code or a refresh token (`invalid_grant`): the caller says which it was. */
export class GrantRefused extends Error {
  override readonly name = 'GrantRefused' as const;
}

export interface OAuthClientOptions {
  /** DISCORD_API_URL and version: the token endpoints are `${api}/v${version}/oauth2/...`. */
  api: string;
  version: number;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

const PAGE = 200;

/**
 * Discord's OAuth2 endpoints and the two Bearer reads, with plain fetch (no Node API, so every
 * runtime runs it): form-encoded bodies, the client secret in HTTP Basic. Nothing secret goes
 * into an error: Discord's `error` code is kept, its description and every token are not.
 */
export class OAuthClient {
  private readonly basic: string;

  constructor(private readonly options: OAuthClientOptions) {
    const encode = (part: string) => encodeURIComponent(part);
    this.basic = `Basic ${btoa(`${encode(options.clientId)}:${encode(options.clientSecret)}`)}`;
  }

  exchangeCode(code: string, verifier: string, redirectUri: string): Promise<TokenAnswer> {
    return this.token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier });
  }

  refresh(refreshToken: string): Promise<TokenAnswer> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** RFC 7009: revoking either token of a grant ends the grant at Discord. */
  async revoke(token: string): Promise<void> {
    const response = await this.call('/oauth2/token/revoke', { method: 'POST', headers: this.formHeaders(), body: form({ token }) });
    if (!response.ok) throw upstreamFailure(response.status);
  }

  async currentUser(accessToken: string): Promise<SessionUser> {
    const user = await this.bearerJson<SessionUser>('/users/@me', accessToken);
    return { id: user.id, username: user.username, global_name: user.global_name ?? null, avatar: user.avatar ?? null };
  }

  /** Every guild the user is in, every page of them. */
  async userGuilds(accessToken: string): Promise<UserGuild[]> {
    const guilds: UserGuild[] = [];
    for (let after = '0'; ; ) {
      const page = await this.bearerJson<UserGuild[]>(`/users/@me/guilds?limit=${PAGE}&after=${after}`, accessToken);
      guilds.push(...page);
      const last = page.at(-1);
      if (page.length < PAGE || !last) return guilds;
      after = last.id;
    }
  }

  private async token(fields: Record<string, string>): Promise<TokenAnswer> {
    const response = await this.call('/oauth2/token', { method: 'POST', headers: this.formHeaders(), body: form(fields) });
    if (response.ok) return (await response.json()) as TokenAnswer;
    const error = await oauthErrorCode(response);
    if (response.status === 400 && error === 'invalid_grant') throw new GrantRefused('invalid_grant');
    if (response.status === 401) {
      throw new AppError('UPSTREAM_ERROR', 'Discord refused the OAuth client id or secret');
    }
    throw upstreamFailure(response.status, error);
  }

  private async bearerJson<T>(path: string, accessToken: string): Promise<T> {
    const response = await this.call(path, { headers: { Authorization: `Bearer ${accessToken}` } });
    if (response.ok) return (await response.json()) as T;
    await response.body?.cancel();
    if (response.status === 401) throw new GrantRefused('invalid_token');
    throw upstreamFailure(response.status, undefined, response.headers.get('Retry-After'));
  }

  private formHeaders(): Record<string, string> {
    return { Authorization: this.basic, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  }

  /** One call with a deadline; a timeout or a dropped connection becomes guildgate's own error. */
  private async call(path: string, init: RequestInit): Promise<Response> {
    const { api, version, timeoutMs } = this.options;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return await this.options.fetch(`${api}/v${version}${path}`, { ...init, signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) throw new AppError('UPSTREAM_TIMEOUT', 'Discord did not answer in time', { cause: error });
      throw new AppError('UPSTREAM_UNREACHABLE', 'Discord could not be reached', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

async function oauthErrorCode(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
}

function upstreamFailure(status: number, error?: string, retryAfter?: string | null): AppError {
  if (status === 429) {
    const seconds = String(Math.max(1, Math.ceil(Number(retryAfter ?? '1') || 1)));
    return new AppError('RATE_LIMITED', 'Discord is rate limiting this user', {
      headers: { 'Retry-After': seconds },
      details: { retryAfter: Number(seconds) },
    });
  }
  const said = error ? ` (${error})` : '';
  return new AppError('UPSTREAM_ERROR', `Discord OAuth2 failed with HTTP ${status}${said}`);
}
