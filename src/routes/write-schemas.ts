import * as v from 'valibot';
import { snowflake } from './schemas.js';

/**
 * The bodies of the writes, checked before any call to Discord with Discord's own limits. Each
 * object is strict: a key it does not list is 400 INVALID_INPUT naming that key, so nothing
 * unexpected reaches Discord.
 */

const text = (name: string, max: number, min = 0) =>
  v.pipe(
    v.string(`${name} must be a string`),
    v.minLength(min, `${name} must be at least ${min} characters`),
    v.maxLength(max, `${name} must be at most ${max} characters`),
  );
const bool = (name: string) => v.boolean(`${name} must be true or false`);
const integer = (name: string, min: number, max: number) =>
  v.pipe(
    v.number(`${name} must be a whole number from ${min} to ${max}`),
    v.integer(`${name} must be a whole number from ${min} to ${max}`),
    v.minValue(min, `${name} must be a whole number from ${min} to ${max}`),
    v.maxValue(max, `${name} must be a whole number from ${min} to ${max}`),
  );
const url = (name: string) => text(name, 2048);
const ids = (name: string, max: number) =>
  v.pipe(v.array(snowflake(name), `${name} must be a list of Discord ids`), v.maxLength(max, `${name} may list at most ${max} ids`));

// --- messages -------------------------------------------------------------------------------

export const CONTENT_MAX = 2000;
export const EMBEDS_MAX = 10;
export const EMBED_TEXT_MAX = 6000;

const embedField = v.strictObject({
  name: text('embeds[].fields[].name', 256, 1),
  value: text('embeds[].fields[].value', 1024, 1),
  inline: v.optional(bool('inline')),
});
const media = v.strictObject({ url: url('url'), proxy_url: v.optional(url('proxy_url')), height: v.optional(v.number()), width: v.optional(v.number()) });

const embed = v.strictObject({
  title: v.optional(text('embeds[].title', 256)),
  type: v.optional(v.string()),
  description: v.optional(text('embeds[].description', 4096)),
  url: v.optional(url('embeds[].url')),
  timestamp: v.optional(v.pipe(v.string(), v.isoTimestamp('embeds[].timestamp must be an ISO 8601 time'))),
  color: v.optional(integer('embeds[].color', 0, 0xffffff)),
  footer: v.optional(v.strictObject({ text: text('embeds[].footer.text', 2048), icon_url: v.optional(url('icon_url')), proxy_icon_url: v.optional(url('proxy_icon_url')) })),
  image: v.optional(media),
  thumbnail: v.optional(media),
  video: v.optional(media),
  provider: v.optional(v.strictObject({ name: v.optional(text('embeds[].provider.name', 256)), url: v.optional(url('url')) })),
  author: v.optional(
    v.strictObject({ name: text('embeds[].author.name', 256), url: v.optional(url('url')), icon_url: v.optional(url('icon_url')), proxy_icon_url: v.optional(url('proxy_icon_url')) }),
  ),
  fields: v.optional(v.pipe(v.array(embedField), v.maxLength(25, 'an embed has at most 25 fields'))),
});
type Embed = v.InferOutput<typeof embed>;

/** Discord's count: title, description, field names and values, footer text and author name, over every embed. */
export function embedTextLength(embeds: readonly Embed[]): number {
  let total = 0;
  for (const item of embeds) {
    total += (item.title?.length ?? 0) + (item.description?.length ?? 0) + (item.footer?.text.length ?? 0) + (item.author?.name.length ?? 0);
    for (const field of item.fields ?? []) total += field.name.length + field.value.length;
  }
  return total;
}

const embeds = v.pipe(
  v.array(embed, 'embeds must be a list of embeds'),
  v.maxLength(EMBEDS_MAX, `embeds may hold at most ${EMBEDS_MAX} embeds`),
  v.check((list) => embedTextLength(list) <= EMBED_TEXT_MAX, `the embeds' text together must be at most ${EMBED_TEXT_MAX} characters`),
);

const allowedMentions = v.strictObject({
  parse: v.optional(v.array(v.picklist(['roles', 'users', 'everyone'], 'allowed_mentions.parse takes roles, users and everyone'))),
  roles: v.optional(ids('allowed_mentions.roles', 100)),
  users: v.optional(ids('allowed_mentions.users', 100)),
  replied_user: v.optional(bool('allowed_mentions.replied_user')),
});

const messageReference = v.strictObject({
  message_id: snowflake('message_reference.message_id'),
  channel_id: v.optional(snowflake('message_reference.channel_id')),
  guild_id: v.optional(snowflake('message_reference.guild_id')),
  fail_if_not_exists: v.optional(bool('message_reference.fail_if_not_exists')),
  type: v.optional(integer('message_reference.type', 0, 1)),
});

/** Components are a deep tree of their own; Discord checks their insides. At most 5 rows (40 in the newer layout). */
const components = v.pipe(
  v.array(v.looseObject({ type: integer('components[].type', 1, 100) }), 'components must be a list of components'),
  v.maxLength(40, 'components may hold at most 40 top-level components'),
);

const messageEntries = {
  content: v.optional(text('content', CONTENT_MAX)),
  embeds: v.optional(embeds),
  allowed_mentions: v.optional(allowedMentions),
  components: v.optional(components),
  message_reference: v.optional(messageReference),
  flags: v.optional(integer('flags', 0, 2 ** 31 - 1)),
  tts: v.optional(bool('tts')),
};

const showsSomething = (body: { content?: string; embeds?: readonly unknown[]; components?: readonly unknown[] }): boolean =>
  (body.content?.length ?? 0) > 0 || (body.embeds?.length ?? 0) > 0 || (body.components?.length ?? 0) > 0;

export const createMessageBody = v.pipe(
  v.strictObject(messageEntries),
  v.check((body) => showsSomething(body), 'A message needs at least one of content, embeds or components'),
  v.description('A message: `allowed_mentions` defaults to `{"parse": []}` (pings no one).'),
);

/** An edit: the same fields, all optional; `content` and `embeds` may be null to clear them. */
export const editMessageBody = v.strictObject({
  ...messageEntries,
  content: v.optional(v.nullable(text('content', CONTENT_MAX))),
  embeds: v.optional(v.nullable(embeds)),
  components: v.optional(v.nullable(components)),
});

// --- channels -------------------------------------------------------------------------------

export const modifyChannelBody = v.strictObject({
  name: v.optional(text('name', 100, 1)),
  topic: v.optional(v.nullable(text('topic', 1024))),
  nsfw: v.optional(bool('nsfw')),
  rate_limit_per_user: v.optional(integer('rate_limit_per_user', 0, 21600)),
  parent_id: v.optional(v.nullable(snowflake('parent_id'))),
  position: v.optional(v.nullable(integer('position', 0, 2 ** 31 - 1))),
});

// --- roles ----------------------------------------------------------------------------------

export const roleBody = v.strictObject({
  name: v.optional(text('name', 100)),
  permissions: v.optional(v.pipe(v.string('permissions must be a decimal string'), v.regex(/^\d{1,20}$/, 'permissions must be a decimal string of permission bits'))),
  color: v.optional(integer('color', 0, 0xffffff)),
  hoist: v.optional(bool('hoist')),
  mentionable: v.optional(bool('mentionable')),
});

// --- members --------------------------------------------------------------------------------

/** How far ahead a timeout may end, as on Discord. */
export const TIMEOUT_MAX_MS = 28 * 24 * 3600_000;

export const modifyMemberBody = v.strictObject({
  nick: v.optional(v.nullable(text('nick', 32))),
  roles: v.optional(ids('roles', 250)),
  communication_disabled_until: v.optional(
    v.nullable(v.pipe(v.string(), v.isoTimestamp('communication_disabled_until must be an ISO 8601 time (at most 28 days ahead) or null'))),
  ),
  mute: v.optional(bool('mute')),
  deaf: v.optional(bool('deaf')),
  channel_id: v.optional(v.nullable(snowflake('channel_id'))),
});

/** Body caps: a message's text (8000 characters at up to 4 bytes each) and more; the rest are small objects. */
export const MESSAGE_BODY_MAX_BYTES = 64 * 1024;
export const SMALL_BODY_MAX_BYTES = 8 * 1024;
