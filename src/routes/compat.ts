import * as v from 'valibot';
import type { Context } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { guildIdsOf } from '../reads/guild-ids.js';
import * as resources from '../reads/resources.js';
import { cachedReadAnswers, Channel, Member, Message } from './answers.js';
import { messagesQueryEntries, messagesResource } from './channels.js';
import { READ_ERRORS } from './error-groups.js';
import { channelsQuery, channelsResource, membersQuery, membersResource } from './guilds.js';
import { route } from './route.js';
import { snowflake } from './schemas.js';
import { readResource, serveResource } from './serve-resource.js';
import { onlyMutualGuild } from './user-scope.js';

const optionalGuild = { guildId: v.optional(snowflake('guildId')) };

/**
 * The flat routes of the original design. Without `guildId` they use the session's default
 * guild, else the bot's only guild, else they ask for one. Their query is checked before the
 * guild list is asked for.
 */
export const compatRoutes = [
  route({
    method: 'GET',
    path: '/api/members',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Flat routes',
    summary: 'Members of the given, default or only guild',
    query: v.object({ ...optionalGuild, ...membersQuery.entries }),
    cache: 'members',
    answers: cachedReadAnswers('The members', v.array(Member)),
    errors: [...READ_ERRORS, 'NO_DEFAULT_GUILD', 'MEMBERS_INTENT_REQUIRED'],
    handle: async (c, { query }, deps) =>
      serveResource(c, deps, membersResource(deps, await targetGuild(c, deps, query.guildId), query)),
  }),
  route({
    method: 'GET',
    path: '/api/channels',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Flat routes',
    summary: 'Channels of the given, default or only guild',
    query: v.object({ ...optionalGuild, ...channelsQuery.entries }),
    cache: 'channels',
    answers: cachedReadAnswers('The channels', v.array(Channel)),
    errors: [...READ_ERRORS, 'NO_DEFAULT_GUILD'],
    handle: async (c, { query }, deps) =>
      serveResource(c, deps, channelsResource(await targetGuild(c, deps, query.guildId), query.type)),
  }),
  route({
    method: 'GET',
    path: '/api/messages',
    scope: { channel: 'channelId' },
    auth: 'any',
    tag: 'Flat routes',
    summary: "A channel's messages, newest first",
    query: v.object({ channelId: snowflake('channelId'), ...messagesQueryEntries }),
    cache: 'messages',
    answers: cachedReadAnswers('The messages, newest first', v.array(Message)),
    errors: READ_ERRORS,
    handle: (c, { query }, deps) => serveResource(c, deps, messagesResource(query.channelId, query)),
  }),
];

async function targetGuild(c: Context<AppEnv>, deps: Deps, given: string | undefined): Promise<string> {
  if (given) return given;
  const { session } = c.get('session');
  if (session.kind === 'user') return onlyMutualGuild(c, deps);
  if (session.guildId) return session.guildId;
  const { entry } = await readResource(c, deps, resources.guildList());
  const guilds = guildIdsOf(entry);
  const [only] = guilds;
  if (guilds.size === 1 && only) return only;
  throw new AppError(
    'NO_DEFAULT_GUILD',
    `Pass guildId: this session has no default guild and the bot is in ${guilds.size} guilds`,
    { details: { parameter: 'guildId' } },
  );
}
