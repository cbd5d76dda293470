import type { Context, Hono } from 'hono';
import type { APIGuild } from 'discord-api-types/v10';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import * as resources from '../reads/resources.js';
import { messagesResource } from './channels.js';
import { channelsQuery, membersQuery } from './guilds.js';
import { optionalSnowflake, snowflake } from './params.js';
import { readResource, serveResource } from './serve-resource.js';

/**
 * The flat routes of the original design. Without `guildId` they use the session's default
 * guild, else the bot's only guild, else they ask for one.
 */
export function registerCompatRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/api/members', async (c) => {
    const forGuild = membersQuery(c, deps); // a bad query is a 400 before the guild list is asked for
    return serveResource(c, deps, forGuild(await targetGuild(c, deps)));
  });

  app.get('/api/channels', async (c) => {
    const forGuild = channelsQuery(c);
    return serveResource(c, deps, forGuild(await targetGuild(c, deps)));
  });

  app.get('/api/messages', (c) =>
    serveResource(c, deps, messagesResource(c, snowflake(c.req.query('channelId'), 'channelId'))),
  );
}

async function targetGuild(c: Context<AppEnv>, deps: Deps): Promise<string> {
  const given = optionalSnowflake(c.req.query('guildId'), 'guildId');
  if (given) return given;
  const { session } = c.get('session');
  if (session.guildId) return session.guildId;
  const { entry } = await readResource(c, deps, resources.guildList());
  const guilds = JSON.parse(new TextDecoder().decode(entry.body)) as Pick<APIGuild, 'id'>[];
  const only = guilds.length === 1 ? guilds[0] : undefined;
  if (only) return only.id;
  throw new AppError(
    'NO_DEFAULT_GUILD',
    `Pass guildId: this session has no default guild and the bot is in ${guilds.length} guilds`,
    { details: { parameter: 'guildId' } },
  );
}
