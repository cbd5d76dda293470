import * as v from 'valibot';
import { inviteUrl } from '../oauth/manageable.js';
import { ManagedGuild, SessionUser } from './answers.js';
import { DISCORD_ERRORS, SESSION_ERRORS } from './error-groups.js';
import { route } from './route.js';
import { fresh } from './schemas.js';
import { botGuildIds, currentUser } from './user-scope.js';

const USER_ERRORS = [...SESSION_ERRORS, 'USER_SESSION_REQUIRED'] as const;

/** The person behind a user session, and the guilds they may manage. */
export const meRoutes = [
  route({
    method: 'GET',
    path: '/api/me',
    auth: 'user',
    tag: 'Login with Discord',
    summary: 'The Discord user of this user session',
    answers: { 200: { description: 'The user', schema: SessionUser } },
    errors: USER_ERRORS,
    handle: (c) => {
      const { session } = c.get('session');
      return c.json(session.kind === 'user' ? session.user : null);
    },
  }),
  route({
    method: 'GET',
    path: '/api/me/guilds',
    auth: 'user',
    tag: 'Login with Discord',
    summary: 'The guilds this user manages',
    description: 'Cached for CACHE_TTL_USER_GUILDS; fresh=true asks Discord again at most once per 10 s.',
    query: v.object({ fresh }),
    answers: { 200: { description: 'The manageable guilds', schema: v.array(ManagedGuild) } },
    errors: [...USER_ERRORS, 'INVALID_INPUT', 'OAUTH_SESSION_EXPIRED', ...DISCORD_ERRORS],
    handle: async (c, { query }, deps) => {
      const { session } = await currentUser(c, deps, query.fresh);
      const botGuilds = await botGuildIds(c, deps);
      const config = deps.oauth?.config;
      const guilds = session.guilds.map((guild) => {
        const botInGuild = botGuilds.has(guild.id);
        const invite = !botInGuild && config ? { inviteUrl: inviteUrl(config.authorizeUrl, config.clientId, config.invitePermissions, guild.id) } : {};
        return { ...guild, botInGuild, ...invite };
      });
      return c.json(guilds, 200, { 'Cache-Control': 'private, no-store' });
    },
  }),
];
