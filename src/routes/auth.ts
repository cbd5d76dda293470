import type { Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { BotIdentities } from '../discord/bot-identities.js';
import { isPlausibleBotToken } from '../discord/token-shape.js';
import { assertBotInGuild } from '../reads/guild-membership.js';
import { LoginThrottle } from './login-throttle.js';
import { sessionAuth, sessionIdFrom } from '../middleware/session-auth.js';
import type { Session } from '../sessions/session.js';
import { tokenRevoked } from '../sessions/sessions.js';
import { readJsonObject } from './json-body.js';
import { optionalSnowflake } from './params.js';

export const LOGIN_BODY_MAX_BYTES = 8 * 1024;

interface LoginInput {
  token: string;
  guildId: string | null;
}

export function registerAuthRoutes(app: Hono<AppEnv>, deps: Deps): void {
  const { loginRateLimit, trustProxy } = deps.config;
  const throttle = new LoginThrottle({ limit: loginRateLimit, trustProxy, peerAddress: deps.peerAddress, clock: deps.clock });
  app.post('/api/auth/login', async (c) => {
    const input = parseLogin(await readJsonObject(c, LOGIN_BODY_MAX_BYTES));
    const tokenKey = await BotIdentities.tokenKeyOf(input.token);
    if (await deps.sessions.isTokenRevoked(tokenKey)) throw tokenRevoked();
    // Only logins that would ask Discord are throttled: a dashboard that logs in on every page
    // load with a token checked recently costs Discord nothing and must not be refused.
    if (!deps.identities.knows(input.token, tokenKey)) throttle.spend(c);
    const identity = await deps.identities.validate(input.token, tokenKey);
    if (input.guildId) await assertBotInGuild(deps, identity, input.guildId);
    const { sessionId, session } = await deps.sessions.create(identity, input.guildId);
    return c.json({
      sessionId,
      message: 'Logged in successfully',
      bot: identity.bot,
      expiresAt: new Date(deps.sessions.expiresAt(session)).toISOString(),
    });
  });

  app.post('/api/auth/logout', sessionAuth(deps), async (c) => {
    const { key } = c.get('session');
    const sessionId = sessionIdFrom(c.req.header('Authorization')) ?? '';
    await deps.sessions.end(sessionId, key);
    return c.json({ message: 'Logged out successfully' });
  });

  app.get('/api/auth/session', sessionAuth(deps), (c) => {
    const { session } = c.get('session');
    return c.json(describeSession(session, deps.sessions.expiresAt(session)));
  });
}

function parseLogin(body: Record<string, unknown>): LoginInput {
  const { token, guildId } = body;
  if (typeof token !== 'string' || token.trim() === '') {
    throw new AppError('INVALID_INPUT', 'token is required: your bot token, as a string', {
      details: { parameter: 'token' },
    });
  }
  const bare = token.trim().replace(/^Bot\s+/i, '');
  if (!isPlausibleBotToken(bare)) {
    throw new AppError('INVALID_TOKEN_FORMAT', 'token does not have the shape of a Discord bot token', {
      details: { parameter: 'token' },
    });
  }
  if (guildId !== undefined && guildId !== null && typeof guildId !== 'string') {
    throw new AppError('INVALID_INPUT', 'guildId must be a Discord id string', { details: { parameter: 'guildId' } });
  }
  return { token: bare, guildId: optionalSnowflake(guildId ?? undefined, 'guildId') ?? null };
}

function describeSession(session: Session, expiresAt: number) {
  return {
    bot: session.identity.bot,
    guildId: session.guildId,
    createdAt: new Date(session.createdAt).toISOString(),
    expiresAt: new Date(expiresAt).toISOString(),
  };
}
