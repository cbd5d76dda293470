import * as v from 'valibot';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import * as resources from '../reads/resources.js';
import * as writes from '../writes/members.js';
import { cachedReadAnswers, Member } from './answers.js';
import { READ_ERRORS } from './error-groups.js';
import { route } from './route.js';
import { fresh, snowflake, wholeNumber } from './schemas.js';
import { serveResource } from './serve-resource.js';
import { performWrite } from './write-handler.js';
import { WRITE_ERRORS, writeAnswers } from './write-routes.js';
import { modifyMemberBody, SMALL_BODY_MAX_BYTES, TIMEOUT_MAX_MS } from './write-schemas.js';

const memberRoleParams = v.object({ guildId: snowflake('guildId'), userId: snowflake('userId'), roleId: snowflake('roleId') });
const ROLE_RULE = 'The bot needs MANAGE_ROLES; the role must sit below its highest role and not be managed (else 403 MISSING_PERMISSIONS).';

const searchQuery = v.object({
  query: v.pipe(
    v.string('query is required: the start of a username or nickname'),
    v.minLength(1, 'query must be 1 to 100 characters'),
    v.maxLength(100, 'query must be 1 to 100 characters'),
    v.description('The start of a username or nickname (case does not matter).'),
  ),
  limit: wholeNumber('limit', 1, 1000, 1, 'Members to answer'),
  fresh,
});

/**
 * Member search, and the member writes: after each write the guild's cached members (lists,
 * searches, single members) are dropped. Listed before the guild routes: `/members/search`
 * must be routed here, not taken for a user id by `/members/:userId`.
 */
export const memberRoutes = [
  route({
    method: 'GET',
    path: '/api/guilds/:guildId/members/search',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Reads',
    summary: 'Search members by the start of their username or nickname',
    description: "Discord's member search, cached as members. A 403 usually means the bot lacks the Server Members Intent.",
    params: v.object({ guildId: snowflake('guildId') }),
    query: searchQuery,
    cache: 'members',
    answers: cachedReadAnswers('The members found', v.array(Member)),
    errors: [...READ_ERRORS, 'MEMBERS_INTENT_REQUIRED'],
    handle: (c, { params, query }, deps) => serveResource(c, deps, resources.guildMemberSearch(params.guildId, query.query, query.limit)),
  }),
  route({
    method: 'PUT',
    path: '/api/guilds/:guildId/members/:userId/roles/:roleId',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Writes',
    summary: 'Give a member a role',
    description: ROLE_RULE,
    params: memberRoleParams,
    answers: writeAnswers(204, 'Given (or already held)'),
    errors: WRITE_ERRORS,
    handle: (c, { params }, deps) => performWrite(c, deps, writes.addMemberRole(params.guildId, params.userId, params.roleId)),
  }),
  route({
    method: 'DELETE',
    path: '/api/guilds/:guildId/members/:userId/roles/:roleId',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Writes',
    summary: 'Take a role from a member',
    description: ROLE_RULE,
    params: memberRoleParams,
    answers: writeAnswers(204, 'Taken (or not held)'),
    errors: WRITE_ERRORS,
    handle: (c, { params }, deps) => performWrite(c, deps, writes.removeMemberRole(params.guildId, params.userId, params.roleId)),
  }),
  route({
    method: 'PATCH',
    path: '/api/guilds/:guildId/members/:userId',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Writes',
    summary: 'Change a member: nickname, roles, timeout, voice',
    description: 'Each field needs its permission (nick MANAGE_NICKNAMES, roles MANAGE_ROLES, a timeout MODERATE_MEMBERS, ...).',
    params: v.object({ guildId: snowflake('guildId'), userId: snowflake('userId') }),
    body: { schema: modifyMemberBody, maxBytes: SMALL_BODY_MAX_BYTES },
    answers: writeAnswers(200, 'The changed member', Member),
    errors: WRITE_ERRORS,
    handle: (c, { params, body }, deps) => {
      checkTimeout(deps, body.communication_disabled_until);
      return performWrite(c, deps, writes.modifyMember(params.guildId, params.userId, body));
    },
  }),
];

/** A timeout ends at most 28 days from now (guildgate's clock), as on Discord. */
function checkTimeout(deps: Deps, until: string | null | undefined): void {
  if (typeof until !== 'string') return;
  if (Date.parse(until) <= deps.clock.now() + TIMEOUT_MAX_MS) return;
  throw new AppError('INVALID_INPUT', 'communication_disabled_until must be at most 28 days ahead', {
    details: { parameter: 'communication_disabled_until' },
  });
}
