import type { Context, Hono } from 'hono';
import type { Resource } from '../cache/response-cache.js';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import * as resources from '../reads/resources.js';
import { bool, channelTypes, intInRange, MEMBERS_MAX, optionalSnowflake, snowflake } from './params.js';
import { serveResource } from './serve-resource.js';

export function registerGuildRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/api/guilds', (c) => serveResource(c, deps, resources.guildList()));

  app.get('/api/guilds/:guildId', (c) =>
    serveResource(c, deps, resources.guild(snowflake(c.req.param('guildId'), 'guildId'))),
  );

  app.get('/api/guilds/:guildId/channels', (c) =>
    serveResource(c, deps, channelsQuery(c)(snowflake(c.req.param('guildId'), 'guildId'))),
  );

  app.get('/api/guilds/:guildId/roles', (c) =>
    serveResource(c, deps, resources.guildRoles(snowflake(c.req.param('guildId'), 'guildId'))),
  );

  app.get('/api/guilds/:guildId/members', (c) =>
    serveResource(c, deps, membersQuery(c, deps)(snowflake(c.req.param('guildId'), 'guildId'))),
  );

  app.get('/api/guilds/:guildId/members/:userId', (c) => {
    const guildId = snowflake(c.req.param('guildId'), 'guildId');
    return serveResource(c, deps, resources.guildMember(guildId, snowflake(c.req.param('userId'), 'userId')));
  });
}

/**
 * The guild's channels, filtered by `type` when given. The query is checked at once, before
 * the guild is known: the flat route may have to ask Discord which guild it is.
 */
export function channelsQuery(c: Context): (guildId: string) => Resource {
  const types = channelTypes(c.req.queries('type'));
  return (guildId) => (types ? resources.guildChannelsOfTypes(guildId, types) : resources.guildChannels(guildId));
}

/**
 * One page (`limit`, `after`) or, with `all=true`, the whole list up to MAX_MEMBERS; checked
 * at once, like channelsQuery. `after=0` is Discord's own start of the list.
 */
export function membersQuery(c: Context, deps: Deps): (guildId: string) => Resource {
  const all = bool(c.req.query('all'), 'all');
  const limit = intInRange(c.req.query('limit'), 'limit', 1, MEMBERS_MAX, MEMBERS_MAX);
  const afterParam = c.req.query('after');
  const after = afterParam === '0' ? '0' : (optionalSnowflake(afterParam, 'after') ?? '0');
  return (guildId) =>
    all ? resources.allGuildMembers(guildId, deps.config.maxMembers) : resources.guildMembers(guildId, limit, after);
}
