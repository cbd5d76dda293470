// PATCH /channels/:id (modify channel): needs MANAGE_CHANNELS; name 1-100, topic 1024,
// rate_limit_per_user 0-21600, parent_id a category of the same guild.
import type { Hono } from 'hono';
import { ChannelType } from 'discord-api-types/v10';
import { visibleChannel } from '../access.js';
import { bucketed, pathParam } from '../bucketed.js';
import type { FakeContext } from '../context.js';
import { respond } from '../errors.js';
import { FormErrors, readJsonObject, type Json } from '../forms.js';
import { requirePermissions } from '../guild-access.js';
import { Permission } from '../permissions.js';
import type { FakeStore } from '../store.js';
import type { FakeEnv } from '../types.js';

function checkChannelBody(store: FakeStore, guildId: string, body: Json) {
  const errors = new FormErrors();
  errors.string(body, 'name', { min: 1, max: 100 });
  if (body.name === null) errors.add(['name'], 'BASE_TYPE_REQUIRED', 'This field is required');
  errors.string(body, 'topic', { max: 1024 });
  errors.boolean(body, 'nsfw');
  errors.integer(body, 'rate_limit_per_user', { min: 0, max: 21600 });
  errors.integer(body, 'position', { min: 0, max: 2 ** 31 - 1 });
  const parentId = body.parent_id;
  if (parentId !== undefined && parentId !== null) {
    const parent = typeof parentId === 'string' ? store.channels.get(parentId) : undefined;
    if (!parent || parent.guildId !== guildId || parent.channel.type !== ChannelType.GuildCategory) {
      errors.add(['parent_id'], 'CHANNEL_PARENT_INVALID', 'Not a category');
    }
  }
  return errors.result(body);
}

const EDITABLE = ['name', 'topic', 'nsfw', 'rate_limit_per_user', 'position', 'parent_id'] as const;

export function registerChannelWriteRoutes(api: Hono<FakeEnv>, ctx: FakeContext): void {
  api.patch('/channels/:id', bucketed(ctx, 'PATCH /channels/:id', async (c, bot) => {
    const channel = visibleChannel(ctx.store, bot, pathParam(c, 'id'));
    if (!channel.ok) return respond(c, channel.error);
    const allowed = requirePermissions(ctx.store.requireGuild(channel.value.guildId), bot, Permission.MANAGE_CHANNELS);
    if (!allowed.ok) return respond(c, allowed.error);
    const parsed = await readJsonObject(c.req);
    if (!parsed.ok) return respond(c, parsed.error);
    const body = checkChannelBody(ctx.store, channel.value.guildId, parsed.value);
    if (!body.ok) return respond(c, body.error);
    const stored = channel.value.channel as unknown as Record<string, unknown>;
    // Discord ignores keys that do not apply; so does the fake.
    for (const key of EDITABLE) if (key in body.value) stored[key] = body.value[key];
    return c.json(channel.value.channel);
  }));
}
