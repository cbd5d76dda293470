import * as v from 'valibot';
import { AppError, type ErrorCode } from '../errors.js';
import { cookieHeader, readCookie } from '../lib/cookies.js';
import { SESSION_COOKIE } from '../middleware/session-auth.js';
import { OAUTH_COOKIE, OAUTH_COOKIE_MAX_AGE, OAUTH_COOKIE_PATH } from '../oauth/oauth-cookie.js';
import type { OAuthService } from '../oauth/oauth-service.js';
import { isSameOriginPath, withQueryParam } from '../oauth/return-to.js';
import { OAuthStatusAnswer, OAuthTokenAnswer } from './answers.js';
import { BODY_ERRORS } from './error-groups.js';
import { route } from './route.js';

const OAUTH_TOKEN_BODY_MAX_BYTES = 8 * 1024;

/** What a code exchange can answer besides success. */
const EXCHANGE_ERRORS = [
  'OAUTH_NOT_CONFIGURED', 'OAUTH_CODE_REJECTED', 'INVALID_BOT_TOKEN', 'BOT_TOKEN_REVOKED', 'SESSION_STORE_UNAVAILABLE',
  'RATE_LIMITED', 'UPSTREAM_ERROR', 'UPSTREAM_UNREACHABLE', 'UPSTREAM_TIMEOUT', 'INVALID_REQUEST_BUDGET',
] as const satisfies readonly ErrorCode[];

const text = (name: string, description: string, max = 2048) =>
  v.optional(v.pipe(v.string(`${name} must be text`), v.maxLength(max, `${name} is too long`), v.description(description)));

const tokenBody = v.strictObject({
  code: v.pipe(v.string('code is required'), v.nonEmpty('code is required'), v.maxLength(512, 'code is too long')),
  codeVerifier: v.pipe(
    v.string('codeVerifier is required'),
    v.regex(/^[A-Za-z0-9._~-]{43,128}$/, 'codeVerifier must be a PKCE verifier (43 to 128 characters)'),
  ),
  redirectUri: v.pipe(v.string('redirectUri is required'), v.regex(/^https?:\/\/\S+$/, 'redirectUri must be an http(s) URL'), v.maxLength(2048)),
});

/**
 * Login with Discord (OAuth2 authorization code + PKCE). All three answer 404
 * OAUTH_NOT_CONFIGURED unless DISCORD_CLIENT_ID, DISCORD_CLIENT_SECRET, DISCORD_BOT_TOKEN and
 * OAUTH_REDIRECT_URI are set.
 */
export const oauthRoutes = [
  route({
    method: 'GET',
    path: '/api/oauth/status',
    auth: 'none',
    tag: 'Login with Discord',
    summary: 'Whether Login with Discord is on here',
    description: 'For a login page deciding whether to offer the button: asks nothing of Discord and starts no login.',
    answers: { 200: { description: 'On or off', schema: OAuthStatusAnswer } },
    errors: [],
    handle: (c, _input, deps) => c.json({ enabled: deps.oauth !== undefined }, 200, { 'Cache-Control': 'no-store' }),
  }),
  route({
    method: 'GET',
    path: '/api/oauth/login',
    auth: 'none',
    requires: 'oauth',
    tag: 'Login with Discord',
    summary: "Start Login with Discord: 302 to Discord's authorize page",
    query: v.object({ returnTo: text('returnTo', 'A path on this origin (default OAUTH_SUCCESS_URL)') }),
    answers: { 302: { description: "To Discord's authorize page", headers: ['Location', 'Set-Cookie'] } },
    errors: ['OAUTH_NOT_CONFIGURED', 'INVALID_INPUT'],
    handle: async (c, { query }, deps) => {
      const oauth = deps.oauth!;
      const returnTo = query.returnTo ?? oauth.config.successUrl;
      if (query.returnTo !== undefined && !isSameOriginPath(query.returnTo)) {
        throw new AppError('INVALID_INPUT', 'returnTo must be a path on this server', { details: { parameter: 'returnTo' } });
      }
      const { location, cookie } = await oauth.beginLogin(returnTo);
      c.header('Set-Cookie', cookieHeader(OAUTH_COOKIE, cookie, { path: OAUTH_COOKIE_PATH, maxAge: OAUTH_COOKIE_MAX_AGE, secure: secure(oauth) }));
      return c.redirect(location, 302);
    },
  }),
  route({
    method: 'GET',
    path: '/api/oauth/callback',
    auth: 'none',
    requires: 'oauth',
    tag: 'Login with Discord',
    summary: 'Discord sends the browser back here: sets gg_session',
    query: v.object({
      code: text('code', 'The authorization code Discord gave', 512),
      state: text('state', 'The state guildgate sent', 512),
      error: text('error', "Discord's error", 128),
    }),
    answers: { 302: { description: 'To returnTo', headers: ['Location', 'Set-Cookie'] } },
    errors: [...EXCHANGE_ERRORS, 'INVALID_INPUT', 'OAUTH_STATE_MISMATCH'],
    handle: async (c, { query }, deps) => {
      const oauth = deps.oauth!;
      const attempt = await oauth.openAttempt(readCookie(c.req.header('Cookie'), OAUTH_COOKIE));
      const returnTo = attempt?.returnTo ?? oauth.config.successUrl;
      if (query.error !== undefined) {
        c.header('Set-Cookie', cookieHeader(OAUTH_COOKIE, '', { path: OAUTH_COOKIE_PATH, maxAge: 0, secure: secure(oauth) }));
        return c.redirect(withQueryParam(returnTo, 'oauth_error', errorName(query.error)), 302);
      }
      const checked = oauth.checkState(attempt, query.state);
      if (!query.code) throw new AppError('INVALID_INPUT', 'code is required', { details: { parameter: 'code' } });
      const { sessionId } = await oauth.completeLogin(query.code, checked.verifier, oauth.config.redirectUri);
      c.header('Set-Cookie', cookieHeader(OAUTH_COOKIE, '', { path: OAUTH_COOKIE_PATH, maxAge: 0, secure: secure(oauth) }));
      c.header('Set-Cookie', cookieHeader(SESSION_COOKIE, sessionId, { path: '/', maxAge: deps.config.sessionMaxAge, secure: secure(oauth) }), { append: true });
      return c.redirect(checked.returnTo, 302);
    },
  }),
  route({
    method: 'POST',
    path: '/api/oauth/token',
    auth: 'none',
    requires: 'oauth',
    tag: 'Login with Discord',
    summary: 'Exchange a code for a user session (no cookie)',
    body: { schema: tokenBody, maxBytes: OAUTH_TOKEN_BODY_MAX_BYTES },
    answers: { 200: { description: 'The new user session', schema: OAuthTokenAnswer } },
    errors: [...BODY_ERRORS, ...EXCHANGE_ERRORS],
    handle: async (c, { body }, deps) => {
      const { sessionId, session } = await deps.oauth!.completeLogin(body.code, body.codeVerifier, body.redirectUri);
      return c.json({ sessionId, user: session.user, expiresAt: new Date(deps.sessions.expiresAt(session)).toISOString() });
    },
  }),
];

/** Cookies are Secure when guildgate is reached over https (its redirect URI says). */
function secure(oauth: OAuthService): boolean {
  return oauth.config.redirectUri.startsWith('https:');
}

/** Discord's error name passed on to the page, when it looks like one (never free text). */
function errorName(error: string): string {
  return /^[a-z_]{1,64}$/.test(error) ? error : 'oauth_failed';
}

