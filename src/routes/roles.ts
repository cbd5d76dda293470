import * as v from 'valibot';
import * as writes from '../writes/roles.js';
import { Role } from './answers.js';
import { route } from './route.js';
import { snowflake } from './schemas.js';
import { performWrite } from './write-handler.js';
import { KEYED_WRITE_ERRORS, WRITE_ERRORS, writeAnswers } from './write-routes.js';
import { roleBody, SMALL_BODY_MAX_BYTES } from './write-schemas.js';

const guildParams = v.object({ guildId: snowflake('guildId') });
const roleParams = v.object({ guildId: snowflake('guildId'), roleId: snowflake('roleId') });
const HIERARCHY = 'The bot needs MANAGE_ROLES, and the role must sit below its highest role (else 403 MISSING_PERMISSIONS).';

/** Creating, changing and deleting roles: the guild's cached roles (and the guild) are dropped after each. */
export const roleRoutes = [
  route({
    method: 'POST',
    path: '/api/guilds/:guildId/roles',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Writes',
    summary: 'Create a role',
    description: `${HIERARCHY} Takes \`Idempotency-Key\` and \`X-Audit-Log-Reason\`.`,
    params: guildParams,
    body: { schema: roleBody, maxBytes: SMALL_BODY_MAX_BYTES },
    answers: writeAnswers(200, 'The role Discord created', Role),
    errors: KEYED_WRITE_ERRORS,
    handle: (c, { params, body }, deps) => performWrite(c, deps, writes.createRole(params.guildId, body)),
  }),
  route({
    method: 'PATCH',
    path: '/api/guilds/:guildId/roles/:roleId',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Writes',
    summary: 'Change a role',
    description: HIERARCHY,
    params: roleParams,
    body: { schema: roleBody, maxBytes: SMALL_BODY_MAX_BYTES },
    answers: writeAnswers(200, 'The changed role', Role),
    errors: WRITE_ERRORS,
    handle: (c, { params, body }, deps) => performWrite(c, deps, writes.modifyRole(params.guildId, params.roleId, body)),
  }),
  route({
    method: 'DELETE',
    path: '/api/guilds/:guildId/roles/:roleId',
    scope: { guild: 'guildId' },
    auth: 'any',
    tag: 'Writes',
    summary: 'Delete a role',
    description: `${HIERARCHY} Members who held it lose it, so cached members are dropped too.`,
    params: roleParams,
    answers: writeAnswers(204, 'Deleted'),
    errors: WRITE_ERRORS,
    handle: (c, { params }, deps) => performWrite(c, deps, writes.deleteRole(params.guildId, params.roleId)),
  }),
];
