import type { RouteLike } from '@discordjs/rest';
import {
  Routes,
  type APIChannel,
  type APIGuildMember,
  type APIMessage,
  type RESTAPIPartialCurrentUserGuild,
} from 'discord-api-types/v10';
import type { LoadContext, Loaded, Resource } from '../cache/response-cache.js';
import { compareSnowflakes } from '../discord/snowflake.js';

/**
 * Every read guildgate offers, as a cacheable Resource. Routes come from discord-api-types,
 * bodies are Discord's own objects; paging happens here so the cache holds the whole answer.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const GUILDS_PAGE = 200;
const MEMBERS_PAGE = 1000;
const MESSAGES_PAGE = 100;

async function fetchBytes(context: LoadContext, route: RouteLike, query?: URLSearchParams): Promise<Uint8Array> {
  const response = await context.rest.queueRequest({
    fullRoute: route,
    method: 'GET' as never,
    ...(query ? { query } : {}),
    signal: context.signal,
  });
  return new Uint8Array(await response.arrayBuffer());
}

async function fetchJson<T>(context: LoadContext, route: RouteLike, query?: URLSearchParams): Promise<T> {
  return JSON.parse(decoder.decode(await fetchBytes(context, route, query))) as T;
}

function json(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/**
 * Cache routes of the reads that take no parameters. The builders below and the cached-read
 * lane (middleware/cached-hit-lane) both use these, so a lane hit is always the entry the
 * full route stored.
 */
export const plainRoutes = {
  guildList: () => '/users/@me/guilds',
  guild: (guildId: string) => `/guilds/${guildId}`,
  guildChannels: (guildId: string) => `/guilds/${guildId}/channels`,
  guildRoles: (guildId: string) => `/guilds/${guildId}/roles`,
  channel: (channelId: string) => `/channels/${channelId}`,
} as const;

function resource(fields: Omit<Resource, 'load'>, load: (context: LoadContext) => Promise<Loaded>): Resource {
  return { ...fields, load };
}

/** The bot's guilds, every page of them. */
export function guildList(): Resource {
  return resource({ route: plainRoutes.guildList(), kind: 'guild', guildId: null }, async (context) => {
    const guilds: RESTAPIPartialCurrentUserGuild[] = [];
    for (let after = '0'; ; ) {
      const query = new URLSearchParams({ limit: String(GUILDS_PAGE), after });
      const page = await fetchJson<RESTAPIPartialCurrentUserGuild[]>(context, Routes.userGuilds(), query);
      guilds.push(...page);
      const last = page.at(-1);
      if (page.length < GUILDS_PAGE || !last) break;
      after = last.id;
    }
    return { body: json(guilds) };
  });
}

export function guild(guildId: string): Resource {
  return resource({ route: plainRoutes.guild(guildId), kind: 'guild', guildId }, async (context) => ({
    body: await fetchBytes(context, Routes.guild(guildId), new URLSearchParams({ with_counts: 'true' })),
  }));
}

export function guildChannels(guildId: string): Resource {
  return resource({ route: plainRoutes.guildChannels(guildId), kind: 'channels', guildId }, async (context) => ({
    body: await fetchBytes(context, Routes.guildChannels(guildId)),
  }));
}

/** Filtered variants kept per full channel list; they go when the list does. */
const VARIANTS_PER_LIST = 16;
const channelVariants = new WeakMap<Uint8Array, Map<string, Uint8Array>>();

/**
 * Channels of some types: filtered from the cached full list on each read, never cached on its
 * own (derived), so it costs no upstream call and no cache space. The last few filters of each
 * list are kept with the list (at most VARIANTS_PER_LIST), so a dashboard's repeated filter
 * does not parse the list every time.
 */
export function guildChannelsOfTypes(guildId: string, types: readonly number[]): Resource {
  const base = guildChannels(guildId);
  const route = `${base.route}?type=${types.join(',')}`;
  return resource({ route, kind: 'channels', guildId, derived: true }, async (context) => {
    const full = await context.read(base);
    return { body: filteredChannels(full.body, types), storedAt: full.storedAt, expiresAt: full.expiresAt };
  });
}

function filteredChannels(list: Uint8Array, types: readonly number[]): Uint8Array {
  const name = types.join(',');
  let variants = channelVariants.get(list);
  const known = variants?.get(name);
  if (known) return known;
  const wanted = new Set(types);
  const channels = JSON.parse(decoder.decode(list)) as APIChannel[];
  const body = json(channels.filter((channel) => wanted.has(channel.type)));
  if (!variants) channelVariants.set(list, (variants = new Map()));
  if (variants.size >= VARIANTS_PER_LIST) variants.delete(variants.keys().next().value!);
  variants.set(name, body);
  return body;
}

export function guildRoles(guildId: string): Resource {
  return resource({ route: plainRoutes.guildRoles(guildId), kind: 'roles', guildId }, async (context) => ({
    body: await fetchBytes(context, Routes.guildRoles(guildId)),
  }));
}

export function guildMembers(guildId: string, limit: number, after: string): Resource {
  const route = `/guilds/${guildId}/members?after=${after}&limit=${limit}`;
  return resource({ route, kind: 'members', guildId, membersList: true }, async (context) => {
    const query = new URLSearchParams({ limit: String(limit), after });
    return { body: await fetchBytes(context, Routes.guildMembers(guildId), query) };
  });
}

/** The whole member list, a thousand at a time, up to `max` members. */
export function allGuildMembers(guildId: string, max: number): Resource {
  const route = `/guilds/${guildId}/members?all=true&max=${max}`;
  return resource({ route, kind: 'members', guildId, membersList: true }, async (context) => {
    const members: APIGuildMember[] = [];
    for (let after = '0'; members.length < max; ) {
      const limit = Math.min(MEMBERS_PAGE, max - members.length);
      const query = new URLSearchParams({ limit: String(limit), after });
      const page = await fetchJson<APIGuildMember[]>(context, Routes.guildMembers(guildId), query);
      members.push(...page);
      const lastId = page.at(-1)?.user.id;
      if (page.length < limit || !lastId) break;
      after = lastId;
    }
    return { body: json(members) };
  });
}

export function guildMember(guildId: string, userId: string): Resource {
  return resource({ route: `/guilds/${guildId}/members/${userId}`, kind: 'members', guildId }, async (context) => ({
    body: await fetchBytes(context, Routes.guildMember(guildId, userId)),
  }));
}

/** A channel by id; its guild is learnt from the answer, for invalidation by guild. */
export function channel(channelId: string): Resource {
  return resource({ route: plainRoutes.channel(channelId), kind: 'channels', guildId: null }, async (context) => {
    const body = await fetchBytes(context, Routes.channel(channelId));
    const parsed = JSON.parse(decoder.decode(body)) as { guild_id?: string };
    return { body, guildId: parsed.guild_id ?? null };
  });
}

export type MessageAnchor = { before: string } | { after: string } | { around: string } | Record<string, never>;

/** Messages, newest first as Discord gives them, paged a hundred at a time. */
export function channelMessages(channelId: string, limit: number, anchor: MessageAnchor): Resource {
  const [anchorName, anchorId] = Object.entries(anchor)[0] ?? ['latest', ''];
  const route = `/channels/${channelId}/messages?${anchorName}=${anchorId}&limit=${limit}`;
  return resource({ route, kind: 'messages', guildId: null }, async (context) => {
    if (anchorName === 'around' || limit <= MESSAGES_PAGE) {
      const query = new URLSearchParams({ limit: String(limit), ...(anchorId ? { [anchorName]: anchorId } : {}) });
      return { body: await fetchBytes(context, Routes.channelMessages(channelId), query) };
    }
    const messages = await pageMessages(context, channelId, limit, anchorName === 'after' ? 'after' : 'before', anchorId);
    return { body: json(messages) };
  });
}

async function pageMessages(
  context: LoadContext,
  channelId: string,
  limit: number,
  direction: 'before' | 'after',
  start: string,
): Promise<APIMessage[]> {
  const messages: APIMessage[] = [];
  for (let cursor = start; messages.length < limit; ) {
    const pageLimit = Math.min(MESSAGES_PAGE, limit - messages.length);
    const query = new URLSearchParams({ limit: String(pageLimit), ...(cursor ? { [direction]: cursor } : {}) });
    const page = await fetchJson<APIMessage[]>(context, Routes.channelMessages(channelId), query);
    messages.push(...page);
    if (page.length < pageLimit) break;
    const ids = page.map((message) => message.id).sort(compareSnowflakes);
    cursor = (direction === 'before' ? ids[0] : ids.at(-1)) ?? '';
    if (!cursor) break;
  }
  return messages.sort((a, b) => compareSnowflakes(b.id, a.id));
}

/** Discord's member search (usernames and nicknames starting with `query`), cached as members. */
export function guildMemberSearch(guildId: string, query: string, limit: number): Resource {
  const route = `/guilds/${guildId}/members/search?limit=${limit}&query=${encodeURIComponent(query)}`;
  return resource({ route, kind: 'members', guildId, membersList: true }, async (context) => ({
    body: await fetchBytes(context, Routes.guildMembersSearch(guildId), new URLSearchParams({ query, limit: String(limit) })),
  }));
}
