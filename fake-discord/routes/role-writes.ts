// Role writes: create, modify and delete a role, add and remove a member's role. Each needs
// MANAGE_ROLES and a target role strictly below the bot's highest role (ties by id), and a role
// may not grant permissions the bot lacks; otherwise 403 50013, as on Discord.
import type { Context, Hono } from 'hono';
import type { APIRole } from 'discord-api-types/v10';
import { checkSnowflake, visibleGuild } from '../access.js';
import { bucketed, pathParam } from '../bucketed.js';
import type { FakeContext } from '../context.js';
import { error, fail, missingPermissions, ok, respond, unknownMember, unknownRole, type Result } from '../errors.js';
import { FormErrors, readJsonObject, type Json } from '../forms.js';
import { requirePermissions } from '../guild-access.js';
import { Permission, outranksRole, permissionsOf } from '../permissions.js';
import type { GuildRecord } from '../store.js';
import type { FakeBot, FakeEnv } from '../types.js';

const invalidRole = () => error(400, 'Invalid Role', 50028);

function checkRoleBody(body: Json): Result<Json> {
  const errors = new FormErrors();
  errors.string(body, 'name', { max: 100 });
  errors.permissions(body, 'permissions');
  errors.integer(body, 'color', { min: 0, max: 0xffffff });
  errors.boolean(body, 'hoist');
  errors.boolean(body, 'mentionable');
  return errors.result(body);
}

/** The guild, where the bot holds MANAGE_ROLES. */
function roleManager(ctx: FakeContext, c: Context<FakeEnv>, bot: FakeBot): Result<GuildRecord> {
  const guild = visibleGuild(ctx.store, bot, pathParam(c, 'id'));
  if (!guild.ok) return guild;
  const allowed = requirePermissions(guild.value, bot, Permission.MANAGE_ROLES);
  return allowed.ok ? guild : fail(allowed.error);
}

/** The role named by :roleId, one the bot outranks. */
export function manageableRole(record: GuildRecord, bot: FakeBot, rawId: string): Result<APIRole> {
  const id = checkSnowflake('role_id', rawId);
  if (!id.ok) return id;
  const role = record.roles.find((r) => r.id === id.value);
  if (!role) return fail(unknownRole());
  return outranksRole(record, bot.user.id, role) ? ok(role) : fail(missingPermissions());
}

/** A role may only grant what the bot itself holds (an administrator holds everything). */
function grantsOnlyOwn(record: GuildRecord, bot: FakeBot, body: Json): boolean {
  if (typeof body.permissions !== 'string') return true;
  const own = permissionsOf(record, bot.user.id);
  return (BigInt(body.permissions) & ~own) === 0n;
}

function applyRoleFields(role: APIRole, body: Json): void {
  if (typeof body.name === 'string') role.name = body.name;
  if (typeof body.permissions === 'string') role.permissions = body.permissions;
  if (typeof body.color === 'number') {
    role.color = body.color;
    role.colors = { ...role.colors, primary_color: body.color };
  }
  if (typeof body.hoist === 'boolean') role.hoist = body.hoist;
  if (typeof body.mentionable === 'boolean') role.mentionable = body.mentionable;
}

async function roleBody(c: Context<FakeEnv>): Promise<Result<Json>> {
  const parsed = await readJsonObject(c.req);
  return parsed.ok ? checkRoleBody(parsed.value) : parsed;
}

function registerRoleCrud(api: Hono<FakeEnv>, ctx: FakeContext): void {
  api.post('/guilds/:id/roles', bucketed(ctx, 'POST /guilds/:id/roles', async (c, bot) => {
    const guild = roleManager(ctx, c, bot);
    if (!guild.ok) return respond(c, guild.error);
    const body = await roleBody(c);
    if (!body.ok) return respond(c, body.error);
    if (!grantsOnlyOwn(guild.value, bot, body.value)) return respond(c, missingPermissions());
    // Discord creates roles at the bottom, just above @everyone, with @everyone's permissions.
    const everyone = guild.value.roles.find((r) => r.id === guild.value.guild.id);
    const role = ctx.store.addRole(guild.value.guild.id, { name: 'new role', permissions: everyone?.permissions ?? '0', position: 1 });
    applyRoleFields(role, body.value);
    return c.json(role);
  }));

  api.patch('/guilds/:id/roles/:roleId', bucketed(ctx, 'PATCH /guilds/:id/roles/:roleId', async (c, bot) => {
    const guild = roleManager(ctx, c, bot);
    if (!guild.ok) return respond(c, guild.error);
    const role = manageableRole(guild.value, bot, pathParam(c, 'roleId'));
    if (!role.ok) return respond(c, role.error);
    const body = await roleBody(c);
    if (!body.ok) return respond(c, body.error);
    if (!grantsOnlyOwn(guild.value, bot, body.value)) return respond(c, missingPermissions());
    applyRoleFields(role.value, body.value);
    return c.json(role.value);
  }));

  api.delete('/guilds/:id/roles/:roleId', bucketed(ctx, 'DELETE /guilds/:id/roles/:roleId', (c, bot) => {
    const guild = roleManager(ctx, c, bot);
    if (!guild.ok) return respond(c, guild.error);
    const role = manageableRole(guild.value, bot, pathParam(c, 'roleId'));
    if (!role.ok) return respond(c, role.error);
    if (role.value.id === guild.value.guild.id) return respond(c, invalidRole());
    if (role.value.managed) return respond(c, missingPermissions());
    const record = guild.value;
    record.roles.splice(record.roles.indexOf(role.value), 1);
    for (const member of record.members) member.roles = member.roles.filter((id) => id !== role.value.id);
    return c.body(null, 204);
  }));
}

/** Managed roles (bot, booster, integration roles) and @everyone are never assigned by hand. */
export function assignableRole(record: GuildRecord, bot: FakeBot, rawId: string): Result<APIRole> {
  const role = manageableRole(record, bot, rawId);
  if (!role.ok) return role;
  if (role.value.managed || role.value.id === record.guild.id) return fail(missingPermissions());
  return role;
}

function registerMemberRoles(api: Hono<FakeEnv>, ctx: FakeContext): void {
  const handler = (add: boolean) => (c: Context<FakeEnv>, bot: FakeBot): Response => {
    const guild = roleManager(ctx, c, bot);
    if (!guild.ok) return respond(c, guild.error);
    const userId = checkSnowflake('user_id', pathParam(c, 'userId'));
    if (!userId.ok) return respond(c, userId.error);
    const member = guild.value.memberById.get(userId.value);
    if (!member) return respond(c, unknownMember());
    const role = assignableRole(guild.value, bot, pathParam(c, 'roleId'));
    if (!role.ok) return respond(c, role.error);
    const others = member.roles.filter((id) => id !== role.value.id);
    member.roles = add ? [...others, role.value.id] : others;
    return c.body(null, 204);
  };
  const template = '/guilds/:id/members/:userId/roles/:roleId';
  api.put(template, bucketed(ctx, `PUT ${template}`, handler(true)));
  api.delete(template, bucketed(ctx, `DELETE ${template}`, handler(false)));
}

export function registerRoleWriteRoutes(api: Hono<FakeEnv>, ctx: FakeContext): void {
  registerRoleCrud(api, ctx);
  registerMemberRoles(api, ctx);
}
