import * as v from 'valibot';

/**
 * The shapes of guildgate's successful answers, for the OpenAPI document. Discord's objects are
 * passed through unchanged, so only the fields every one of them has are listed, and the rest
 * are allowed (Discord adds fields over time). Each schema's title names its component.
 */
const id = v.pipe(v.string(), v.regex(/^\d{17,20}$/));
const nullableString = v.nullable(v.string());

export const DiscordUser = v.pipe(
  v.looseObject({ id, username: v.string(), global_name: v.optional(nullableString), avatar: v.optional(nullableString) }),
  v.title('DiscordUser'),
);

export const BotUser = v.pipe(
  v.object({ id, username: v.string(), discriminator: v.string(), global_name: nullableString, avatar: nullableString, bot: v.literal(true) }),
  v.title('BotUser'),
  v.description('The bot this session reads as. Never the token.'),
);

export const PartialGuild = v.pipe(
  v.looseObject({ id, name: v.string(), icon: v.optional(nullableString), permissions: v.optional(v.string()) }),
  v.title('PartialGuild'),
);

export const Guild = v.pipe(
  v.looseObject({ id, name: v.string(), owner_id: v.optional(id), roles: v.optional(v.array(v.looseObject({ id }))) }),
  v.title('Guild'),
);

export const Channel = v.pipe(
  v.looseObject({ id, type: v.number(), guild_id: v.optional(id), name: v.optional(nullableString) }),
  v.title('Channel'),
);

export const Role = v.pipe(
  v.looseObject({ id, name: v.string(), position: v.number(), permissions: v.string(), managed: v.optional(v.boolean()) }),
  v.title('Role'),
);

export const Member = v.pipe(
  v.looseObject({ user: v.optional(DiscordUser), roles: v.array(id), joined_at: v.optional(nullableString), nick: v.optional(nullableString) }),
  v.title('Member'),
);

export const Message = v.pipe(
  v.looseObject({ id, channel_id: id, content: v.string(), author: DiscordUser, timestamp: v.string() }),
  v.title('Message'),
);

const isoTime = v.pipe(v.string(), v.isoTimestamp());

export const LoginAnswer = v.pipe(
  v.object({ sessionId: v.string(), message: v.literal('Logged in successfully'), bot: BotUser, expiresAt: isoTime }),
  v.title('LoginAnswer'),
);

/** The person behind a user session ("Login with Discord"). */
export const SessionUser = v.pipe(
  v.object({ id, username: v.string(), global_name: nullableString, avatar: nullableString }),
  v.title('SessionUser'),
);

export const SessionAnswer = v.pipe(
  v.object({
    kind: v.picklist(['bot', 'user']),
    bot: BotUser,
    guildId: v.nullable(id),
    user: v.optional(SessionUser),
    createdAt: isoTime,
    expiresAt: isoTime,
  }),
  v.title('SessionAnswer'),
);

export const OAuthTokenAnswer = v.pipe(
  v.object({ sessionId: v.string(), user: SessionUser, expiresAt: isoTime }),
  v.title('OAuthTokenAnswer'),
);

export const ManagedGuild = v.pipe(
  v.object({
    id,
    name: v.string(),
    icon: nullableString,
    owner: v.boolean(),
    permissions: v.pipe(v.string(), v.regex(/^\d+$/)),
    botInGuild: v.boolean(),
    inviteUrl: v.optional(v.pipe(v.string(), v.url())),
  }),
  v.title('ManagedGuild'),
);

export const OAuthStatusAnswer = v.pipe(
  v.object({ enabled: v.pipe(v.boolean(), v.description('true when DISCORD_CLIENT_ID and the other three are set: /api/oauth/login then redirects to Discord')) }),
  v.title('OAuthStatusAnswer'),
);

export const MessageAnswer = v.pipe(v.object({ message: v.string() }), v.title('MessageAnswer'));

export const InvalidateAnswer = v.pipe(
  v.object({ message: v.string(), guildId: id, module: v.string(), dropped: v.number() }),
  v.title('InvalidateAnswer'),
);

export const HealthAnswer = v.pipe(v.object({ status: v.literal('ok') }), v.title('HealthAnswer'));

export const ReadyAnswer = v.pipe(
  v.object({ status: v.literal('ready'), sessionStore: v.string(), redis: v.optional(v.literal('ok')) }),
  v.title('ReadyAnswer'),
);

export const OpenApiAnswer = v.pipe(
  v.looseObject({ openapi: v.string(), info: v.looseObject({ title: v.string() }), paths: v.record(v.string(), v.unknown()) }),
  v.title('OpenApiDocument'),
);

/** The headers a cached read answers with. */
export const CACHE_HEADERS = ['X-Cache', 'Age', 'ETag', 'Cache-Control'] as const;

/** A cached read's answers: the data with its cache headers, or 304 to a matching If-None-Match. */
export const cachedReadAnswers = (description: string, schema: v.GenericSchema) => ({
  200: { description, schema, headers: CACHE_HEADERS },
  304: { description: 'Not modified: the ETag in If-None-Match still matches' },
});
