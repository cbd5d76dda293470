import type { Clock } from '../clock.js';
import type { OAuthConfig } from '../config.js';
import { BotIdentities } from '../discord/bot-identities.js';
import { AppError } from '../errors.js';
import { constantTimeEqual } from '../lib/constant-time.js';
import { sha256Base64Url } from '../lib/hashing.js';
import { Singleflight } from '../lib/singleflight.js';
import type { Logger } from '../logger.js';
import type { OAuthGrant, UserSession } from '../sessions/session.js';
import { fingerprint } from '../sessions/session-keys.js';
import { tokenRevoked, type Sessions } from '../sessions/sessions.js';
import type { TokenSealer } from '../sessions/token-seal.js';
import { manageableGuilds } from './manageable.js';
import { GrantRefused, type OAuthClient, type TokenAnswer } from './oauth-client.js';
import { LoginAttemptSealer, oauthSealer, type LoginAttempt } from './oauth-cookie.js';
import { challengeOf, newVerifier, randomToken } from './pkce.js';
import type { RefreshOnce } from './refresh-once.js';

/** An access token this close to its end is refreshed before use. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** `?fresh=true` asks Discord for a user's guilds at most this often. */
export const FRESH_GUILDS_INTERVAL_MS = 10_000;

export interface UserContext {
  readonly key: string;
  readonly session: UserSession;
}

export interface OAuthServiceOptions {
  config: OAuthConfig;
  client: OAuthClient;
  /** Keys the gg_oauth cookie and refreshed grants in transit (with the client secret when empty). */
  sessionSecret: string;
  refreshOnce: RefreshOnce;
  sessions: Sessions;
  identities: BotIdentities;
  clock: Clock;
  logger: Logger;
}

/**
 * Login with Discord, one place: the authorize redirect (state, PKCE), the code exchange into a
 * user session, the grant's refresh (once per grant across instances), the user's manageable
 * guilds (re-read from Discord after CACHE_TTL_USER_GUILDS) and logout's revocation.
 */
export class OAuthService {
  private readonly guildReads = new Singleflight<UserContext>();
  private botTokenKey: Promise<string> | undefined;
  private sealers: Promise<{ cookies: LoginAttemptSealer; grants: TokenSealer }> | undefined;

  constructor(readonly options: OAuthServiceOptions) {}

  get config(): OAuthConfig {
    return this.options.config;
  }

  /** Made on first use: WebCrypto keys are imported asynchronously, and never at module load. */
  private keys(): Promise<{ cookies: LoginAttemptSealer; grants: TokenSealer }> {
    const { sessionSecret, config } = this.options;
    this.sealers ??= Promise.all([
      LoginAttemptSealer.create(sessionSecret, config.clientSecret),
      oauthSealer(sessionSecret, config.clientSecret, 'oauth-grant'),
    ]).then(([cookies, grants]) => ({ cookies, grants }));
    return this.sealers;
  }

  /** Where to send the browser, and the sealed attempt for the gg_oauth cookie. */
  async beginLogin(returnTo: string): Promise<{ location: string; cookie: string }> {
    const attempt: LoginAttempt = { state: randomToken(32), verifier: newVerifier(), returnTo, at: this.options.clock.now() };
    const url = new URL(this.config.authorizeUrl);
    const params = {
      response_type: 'code',
      client_id: this.config.clientId,
      scope: this.config.scopes,
      redirect_uri: this.config.redirectUri,
      state: attempt.state,
      code_challenge: await challengeOf(attempt.verifier),
      code_challenge_method: 'S256',
      prompt: 'none',
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return { location: url.toString(), cookie: await (await this.keys()).cookies.seal(attempt) };
  }

  /** The login attempt of the gg_oauth cookie, if it is ours and recent. */
  async openAttempt(cookie: string | undefined): Promise<LoginAttempt | undefined> {
    return (await this.keys()).cookies.open(cookie, this.options.clock.now());
  }

  /** The attempt whose state Discord sent back, or 400 OAUTH_STATE_MISMATCH (Discord not asked). */
  checkState(attempt: LoginAttempt | undefined, state: string | undefined): LoginAttempt {
    if (attempt && state && constantTimeEqual(state, attempt.state)) return attempt;
    throw new AppError('OAUTH_STATE_MISMATCH', 'Login state mismatch: start again');
  }

  /** Exchanges a code (with its PKCE verifier) and opens a user session for the person. */
  async completeLogin(code: string, verifier: string, redirectUri: string): Promise<{ sessionId: string; session: UserSession }> {
    const { client, clock, sessions } = this.options;
    let answer: TokenAnswer;
    try {
      answer = await client.exchangeCode(code, verifier, redirectUri);
    } catch (error) {
      if (error instanceof GrantRefused) throw new AppError('OAUTH_CODE_REJECTED', 'Discord refused the code: log in again');
      throw error;
    }
    const [user, guilds] = await Promise.all([client.currentUser(answer.access_token), client.userGuilds(answer.access_token)]).catch(
      (error: unknown) => {
        if (error instanceof GrantRefused) throw new AppError('OAUTH_CODE_REJECTED', 'Discord refused the code: log in again');
        throw error;
      },
    );
    const identity = await this.botIdentity();
    const now = clock.now();
    const created = await sessions.createUser(identity, {
      user,
      grant: grantOf(answer, now),
      guilds: manageableGuilds(guilds),
      guildsCheckedAt: now,
    });
    return created;
  }

  /** The application's bot (DISCORD_BOT_TOKEN), validated and cached like a bot login. */
  private async botIdentity() {
    const token = this.config.botToken;
    const tokenKey = await (this.botTokenKey ??= BotIdentities.tokenKeyOf(token));
    if (await this.options.sessions.isTokenRevoked(tokenKey)) throw tokenRevoked();
    return this.options.identities.validate(token, tokenKey);
  }

  /**
   * The session with an access token good for a while yet: refreshed first when it is near its
   * end, once per grant across instances. A refresh Discord refuses ends the session (401).
   */
  async withFreshGrant(context: UserContext): Promise<UserContext> {
    const { clock, client, refreshOnce, sessions } = this.options;
    const { grant } = context.session;
    if (grant.expiresAt - clock.now() > REFRESH_MARGIN_MS) return context;
    const grantSealer = (await this.keys()).grants;
    const grantKey = await sha256Base64Url(`grant:${grant.refreshToken}`);
    let sealed: string;
    try {
      sealed = await refreshOnce.run(grantKey, async () => {
        const answer = await client.refresh(grant.refreshToken);
        this.options.logger.info('oauth.refreshed', { session: fingerprint(context.key), user: context.session.user.id });
        return grantSealer.seal(JSON.stringify(grantOf(answer, clock.now())));
      });
    } catch (error) {
      throw await this.endIfRefused(context, error);
    }
    const session: UserSession = { ...context.session, grant: JSON.parse(await grantSealer.open(sealed)) as OAuthGrant };
    await sessions.replace(context.key, session);
    return { key: context.key, session };
  }

  /**
   * The user's manageable guilds: as the session holds them while younger than
   * CACHE_TTL_USER_GUILDS, else read again from Discord (so a lost MANAGE_GUILD loses access
   * within that TTL). `fresh` re-reads sooner, at most once per 10 s.
   */
  async managedGuilds(context: UserContext, fresh = false): Promise<UserContext> {
    const age = this.options.clock.now() - context.session.guildsCheckedAt;
    const stale = age >= this.config.userGuildsTtl * 1000 || (fresh && age >= FRESH_GUILDS_INTERVAL_MS);
    if (!stale) return context;
    return this.guildReads.run(context.key, () => this.rereadGuilds(context));
  }

  private async rereadGuilds(context: UserContext): Promise<UserContext> {
    const current = await this.withFreshGrant(context);
    let guilds;
    try {
      guilds = await this.options.client.userGuilds(current.session.grant.accessToken);
    } catch (error) {
      throw await this.endIfRefused(current, error);
    }
    const session: UserSession = { ...current.session, guilds: manageableGuilds(guilds), guildsCheckedAt: this.options.clock.now() };
    await this.options.sessions.replace(current.key, session);
    return { key: current.key, session };
  }

  /** Discord said the grant is gone (invalid_grant, or 401 on the Bearer token): the session ends. */
  private async endIfRefused(context: UserContext, error: unknown): Promise<unknown> {
    if (!(error instanceof GrantRefused)) return error;
    await this.options.sessions.expire(context.key, 'oauth-grant-refused');
    return new AppError('OAUTH_SESSION_EXPIRED', 'Discord ended this login: log in again');
  }

  /** Logout: revoke the grant at Discord, best effort (the session ends either way). */
  async revoke(session: UserSession): Promise<void> {
    try {
      await this.options.client.revoke(session.grant.refreshToken);
    } catch (error) {
      this.options.logger.warn('oauth.revoke_failed', { user: session.user.id, cause: error instanceof AppError ? error.code : 'error' });
    }
  }
}

function grantOf(answer: TokenAnswer, now: number): OAuthGrant {
  return { accessToken: answer.access_token, refreshToken: answer.refresh_token, expiresAt: now + answer.expires_in * 1000 };
}
