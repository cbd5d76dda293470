import * as v from 'valibot';
import type { Deps } from '../deps.js';
import * as resources from '../reads/resources.js';
import type { Resource } from '../cache/response-cache.js';
import { cachedReadAnswers, Channel, Guild, Member, PartialGuild, Role } from './answers.js';
import { READ_ERRORS } from './error-groups.js';
import { route } from './route.js';
import { cachedReadQuery, channelTypes, flag, fresh, snowflake, wholeNumber } from './schemas.js';
import { serveResource } from './serve-resource.js';
import { mutualGuildList } from './user-scope.js';
import { MANAGEABLE_DESCRIPTION, serveManageableRoles } from './manageable-roles.js';

export const MEMBERS_MAX = 1000;

const guildParams = v.object({ guildId: snowflake('guildId') });

/** `after` a user id, or `0`: Discord's own start of the member list. */
const afterUser = v.optional(
  v.union([v.literal('0'), snowflake('after')], 'after must be a Discord id (17 to 20 digits) or 0'),
  '0',
);

const rolesQuery = v.object({ manageable: flag('manageable', 'Only the roles the bot can assign (role pickers)'), fresh });

export const channelsQuery = v.object({ type: channelTypes, fresh });

export const membersQuery = v.object({
  limit: wholeNumber('limit', 1, MEMBERS_MAX, MEMBERS_MAX, 'Members in one page'),
  after: afterUser,
  all: flag('all', 'Page through the whole member list, up to MAX_MEMBERS'),
  fresh,
});

export const guildRoutes = [
  route({
    method: 'GET',
    path: '/api/guilds',
    auth: 'any',
    tag: 'Reads',
    summary: "The bot's guilds (for a user session: those the user manages)",
    query: cachedReadQuery,
    cache: 'guild',
    lane: () => resources.plainRoutes.guildList(),
    answers: cachedReadAnswers("The bot's guilds, every page of them", v.array(PartialGuild)),
    errors: READ_ERRORS,
    handle: (c, _input, deps) =>
      c.get('session').session.kind === 'user' ? mutualGuildList(c, deps) : serveResource(c, deps, resources.guildList()),
  }),
  route({
    method: 'GET',
    path: '/api/guilds/:guildId',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Reads',
    summary: 'A guild, with approximate counts',
    params: guildParams,
    query: cachedReadQuery,
    cache: 'guild',
    lane: ({ guildId }) => resources.plainRoutes.guild(guildId!),
    answers: cachedReadAnswers('The guild', Guild),
    errors: READ_ERRORS,
    handle: (c, { params }, deps) => serveResource(c, deps, resources.guild(params.guildId)),
  }),
  route({
    method: 'GET',
    path: '/api/guilds/:guildId/channels',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Reads',
    summary: "A guild's channels, optionally of some types",
    description: 'A `type` filter is derived from the cached full list: no extra call to Discord.',
    params: guildParams,
    query: channelsQuery,
    cache: 'channels',
    lane: ({ guildId }) => resources.plainRoutes.guildChannels(guildId!),
    answers: cachedReadAnswers('The channels', v.array(Channel)),
    errors: READ_ERRORS,
    handle: (c, { params, query }, deps) => serveResource(c, deps, channelsResource(params.guildId, query.type)),
  }),
  route({
    method: 'GET',
    path: '/api/guilds/:guildId/roles',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Reads',
    summary: "A guild's roles; with manageable=true, only those the bot can assign",
    description: MANAGEABLE_DESCRIPTION,
    params: guildParams,
    query: rolesQuery,
    cache: 'roles',
    lane: ({ guildId }) => resources.plainRoutes.guildRoles(guildId!),
    answers: cachedReadAnswers('The roles', v.array(Role)),
    errors: READ_ERRORS,
    handle: (c, { params, query }, deps) =>
      query.manageable ? serveManageableRoles(c, deps, params.guildId) : serveResource(c, deps, resources.guildRoles(params.guildId)),
  }),
  route({
    method: 'GET',
    path: '/api/guilds/:guildId/members',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Reads',
    summary: "A guild's members: one page, or all of them",
    description: 'A 403 here usually means the bot lacks the Server Members Intent (MEMBERS_INTENT_REQUIRED).',
    params: guildParams,
    query: membersQuery,
    cache: 'members',
    answers: cachedReadAnswers('The members', v.array(Member)),
    errors: [...READ_ERRORS, 'MEMBERS_INTENT_REQUIRED'],
    handle: (c, { params, query }, deps) => serveResource(c, deps, membersResource(deps, params.guildId, query)),
  }),
  route({
    method: 'GET',
    path: '/api/guilds/:guildId/members/:userId',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Reads',
    summary: 'One member of a guild',
    params: v.object({ guildId: snowflake('guildId'), userId: snowflake('userId') }),
    query: cachedReadQuery,
    cache: 'members',
    answers: cachedReadAnswers('The member', Member),
    errors: READ_ERRORS,
    handle: (c, { params }, deps) => serveResource(c, deps, resources.guildMember(params.guildId, params.userId)),
  }),
];

export function channelsResource(guildId: string, types: number[] | undefined): Resource {
  return types ? resources.guildChannelsOfTypes(guildId, types) : resources.guildChannels(guildId);
}

/** One page (`limit`, `after`) or, with `all=true`, the whole list up to MAX_MEMBERS. */
export function membersResource(deps: Deps, guildId: string, query: v.InferOutput<typeof membersQuery>): Resource {
  return query.all
    ? resources.allGuildMembers(guildId, deps.config.maxMembers)
    : resources.guildMembers(guildId, query.limit, query.after);
}
