import * as v from 'valibot';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { BotIdentities } from '../discord/bot-identities.js';
import { isPlausibleBotToken } from '../discord/token-shape.js';
import { SESSION_COOKIE, sessionIdFrom } from '../middleware/session-auth.js';
import { assertBotInGuild } from '../reads/guild-membership.js';
import { cookieHeader } from '../lib/cookies.js';
import type { Session } from '../sessions/session.js';
import { tokenRevoked } from '../sessions/sessions.js';
import { LoginAnswer, MessageAnswer, SessionAnswer } from './answers.js';
import { BODY_ERRORS, SESSION_ERRORS } from './error-groups.js';
import { route } from './route.js';
import { snowflake } from './schemas.js';

export const LOGIN_BODY_MAX_BYTES = 8 * 1024;

const loginBody = v.object({
  token: v.pipe(
    v.string('token is required: your bot token, as a string'),
    v.trim(),
    v.nonEmpty('token is required: your bot token, as a string'),
    v.description('The bot token (a leading "Bot " is accepted and dropped). Sent once; never handed back.'),
  ),
  guildId: v.optional(v.nullable(snowflake('guildId'))),
});

export const authRoutes = [
  route({
    method: 'POST',
    path: '/api/auth/login',
    auth: 'none',
    tag: 'Sessions',
    summary: 'Log in with a bot token: the only time the token is sent',
    description: 'Validates the token with Discord (cached per token) and answers a session id for every later request. A `guildId` must be a guild the bot is in.',
    body: { schema: loginBody, maxBytes: LOGIN_BODY_MAX_BYTES },
    answers: { 200: { description: 'The new session', schema: LoginAnswer } },
    errors: [...BODY_ERRORS, 'INVALID_TOKEN_FORMAT', 'INVALID_BOT_TOKEN', 'BOT_TOKEN_REVOKED', 'LOGIN_RATE_LIMITED', 'SESSION_STORE_UNAVAILABLE',
      'RATE_LIMITED', 'UPSTREAM_ERROR', 'UPSTREAM_UNREACHABLE', 'UPSTREAM_TIMEOUT', 'INVALID_REQUEST_BUDGET'],
    handle: async (c, { body }, deps) => {
      const token = botToken(body.token);
      const tokenKey = await BotIdentities.tokenKeyOf(token);
      if (await deps.sessions.isTokenRevoked(tokenKey)) throw tokenRevoked();
      // Only logins that would ask Discord are throttled: a dashboard that logs in on every page
      // load with a token checked recently costs Discord nothing and must not be refused.
      if (!deps.identities.knows(token, tokenKey)) deps.loginThrottle.spend(c);
      const identity = await deps.identities.validate(token, tokenKey);
      if (body.guildId) await assertBotInGuild(deps, identity, body.guildId);
      const { sessionId, session } = await deps.sessions.create(identity, body.guildId ?? null);
      return c.json({
        sessionId,
        message: 'Logged in successfully',
        bot: identity.bot,
        expiresAt: new Date(deps.sessions.expiresAt(session)).toISOString(),
      });
    },
  }),
  route({
    method: 'POST',
    path: '/api/auth/logout',
    auth: 'any',
    tag: 'Sessions',
    summary: 'End this session',
    answers: { 200: { description: 'Logged out', schema: MessageAnswer } },
    errors: [...SESSION_ERRORS, 'CSRF_REJECTED'],
    handle: async (c, _input, deps) => {
      const { key, session } = c.get('session');
      if (session.kind === 'user') await deps.oauth?.revoke(session);
      await deps.sessions.end(c.get('credential').id, key);
      if (c.get('credential').via === 'cookie' || session.kind === 'user') {
        const secure = deps.config.oauth?.redirectUri.startsWith('https:') ?? false;
        c.header('Set-Cookie', cookieHeader(SESSION_COOKIE, '', { path: '/', maxAge: 0, secure }));
      }
      return c.json({ message: 'Logged out successfully' });
    },
  }),
  route({
    method: 'GET',
    path: '/api/auth/session',
    auth: 'any',
    tag: 'Sessions',
    summary: 'This session: its kind, bot, default guild, user (user sessions) and expiry',
    answers: { 200: { description: 'The session', schema: SessionAnswer } },
    errors: SESSION_ERRORS,
    handle: (c, _input, deps: Deps) => {
      const { session } = c.get('session');
      return c.json(describeSession(session, deps.sessions.expiresAt(session)));
    },
  }),
];

/** The token without a "Bot " prefix, refused without asking Discord when it cannot be one. */
function botToken(given: string): string {
  const bare = given.replace(/^Bot\s+/i, '');
  if (!isPlausibleBotToken(bare)) {
    throw new AppError('INVALID_TOKEN_FORMAT', 'token does not have the shape of a Discord bot token', {
      details: { parameter: 'token' },
    });
  }
  return bare;
}

function describeSession(session: Session, expiresAt: number) {
  return {
    kind: session.kind,
    bot: session.identity.bot,
    guildId: session.guildId,
    ...(session.kind === 'user' ? { user: session.user } : {}),
    createdAt: new Date(session.createdAt).toISOString(),
    expiresAt: new Date(expiresAt).toISOString(),
  };
}
