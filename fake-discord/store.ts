// The fake's world: bots, users, guilds, channels, roles, members and messages, and the
// seeding functions tests call. Lists that Discord pages through (members, messages) are kept
// sorted by id, so paging is a slice, as cheap as the tests need it to be.
import type { APIChannel, APIGuild, APIGuildMember, APIMessage, APIRole, APIUser } from 'discord-api-types/v10';
import { makeChannel, makeGuild, makeMember, makeMessage, makeRole, makeUser } from './fixtures.js';
import { compareIds, createSnowflakes } from './snowflake.js';
import { createBotToken } from './token.js';
import type { FakeBot } from './types.js';

export interface GuildRecord {
  guild: APIGuild;
  botIds: Set<string>;
  roles: APIRole[];
  channelIds: string[];
  /** Sorted by user id ascending, the order Discord lists members in. */
  members: APIGuildMember[];
  memberById: Map<string, APIGuildMember>;
}

export interface ChannelRecord {
  channel: APIChannel;
  guildId: string;
  hiddenFrom: Set<string>;
  /** Sorted by id ascending (oldest first). */
  messages: APIMessage[];
}

export interface AddGuildOptions { name?: string; botIds?: string[]; ownerId?: string }
export interface AddChannelOptions { name?: string; type?: number; hiddenFrom?: string[]; parentId?: string }

const FIRST_NAMES = ['ada', 'grace', 'linus', 'margaret', 'alan', 'barbara', 'ken', 'radia', 'dennis', 'frances'];

function insertSorted<T>(list: T[], item: T, idOf: (item: T) => string): void {
  // Seeding appends ascending ids, so the common case is a push.
  const last = list[list.length - 1];
  if (!last || compareIds(idOf(last), idOf(item)) < 0) {
    list.push(item);
    return;
  }
  const index = list.findIndex((other) => compareIds(idOf(other), idOf(item)) > 0);
  list.splice(index, 0, item);
}

export class FakeStore {
  readonly users = new Map<string, APIUser>();
  readonly bots = new Map<string, FakeBot>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  private readonly activeTokens = new Map<string, FakeBot>();
  private readonly ids = createSnowflakes();
  private userCount = 0;

  botByToken(token: string): FakeBot | undefined {
    return this.activeTokens.get(token);
  }

  revokeToken(token: string): void {
    this.activeTokens.delete(token);
  }

  addBot(options: { username?: string; membersIntent?: boolean } = {}): FakeBot {
    const id = this.ids.next();
    const user = makeUser(id, options.username ?? `guildgate-bot-${this.bots.size + 1}`, true);
    const bot: FakeBot = { token: createBotToken(id), user, membersIntent: options.membersIntent ?? true };
    this.users.set(id, user);
    this.bots.set(id, bot);
    this.activeTokens.set(bot.token, bot);
    return bot;
  }

  addUser(username?: string): APIUser {
    const id = this.ids.next();
    this.userCount += 1;
    const name = username ?? `${FIRST_NAMES[this.userCount % FIRST_NAMES.length]}.${this.userCount}`;
    const user = makeUser(id, name);
    this.users.set(id, user);
    return user;
  }

  /**
   * Only addMembers adds members (not the owner, not the bots), so that a test seeding N members
   * reads exactly N back, in the order addMembers returned them.
   */
  addGuild(options: AddGuildOptions = {}): APIGuild {
    const id = this.ids.next();
    const ownerId = options.ownerId ?? this.addUser('guild.owner').id;
    const guild = makeGuild(id, options.name ?? `Guild ${this.guilds.size + 1}`, ownerId);
    const record: GuildRecord = {
      guild, botIds: new Set(options.botIds ?? []), roles: [makeRole(id, '@everyone', 0)],
      channelIds: [], members: [], memberById: new Map(),
    };
    this.guilds.set(id, record);
    return { ...guild, roles: [...record.roles] };
  }

  addChannel(guildId: string, options: AddChannelOptions = {}): APIChannel {
    const record = this.requireGuild(guildId);
    const id = this.ids.next();
    const channel = makeChannel({
      id, guildId, name: options.name ?? `channel-${record.channelIds.length + 1}`,
      type: options.type ?? 0, position: record.channelIds.length, parentId: options.parentId ?? null,
    });
    this.channels.set(id, { channel, guildId, hiddenFrom: new Set(options.hiddenFrom ?? []), messages: [] });
    record.channelIds.push(id);
    return channel;
  }

  addRole(guildId: string, options: { name?: string } = {}): APIRole {
    const record = this.requireGuild(guildId);
    const role = makeRole(this.ids.next(), options.name ?? `role-${record.roles.length}`, record.roles.length);
    record.roles.push(role);
    return role;
  }

  addMembers(guildId: string, count: number): APIGuildMember[] {
    const record = this.requireGuild(guildId);
    return Array.from({ length: count }, () => this.joinGuild(record, this.addUser()));
  }

  addMessages(channelId: string, count: number): APIMessage[] {
    const record = this.channels.get(channelId);
    if (!record) throw new Error(`fake-discord: no channel ${channelId}`);
    const authors = this.authorsFor(record.guildId);
    const added = Array.from({ length: count }, () => {
      const n = record.messages.length + 1;
      const author = authors[n % authors.length] as APIUser;
      const message = makeMessage(this.ids.next(), channelId, author, `Message ${n} in #${channelName(record)}`);
      record.messages.push(message);
      return message;
    });
    if ('last_message_id' in record.channel && added.length > 0) {
      record.channel.last_message_id = added[added.length - 1]?.id ?? null;
    }
    return added;
  }

  requireGuild(guildId: string): GuildRecord {
    const record = this.guilds.get(guildId);
    if (!record) throw new Error(`fake-discord: no guild ${guildId}`);
    return record;
  }

  private joinGuild(record: GuildRecord, user: APIUser): APIGuildMember {
    const member = makeMember(user);
    insertSorted(record.members, member, (m) => m.user.id);
    record.memberById.set(user.id, member);
    return member;
  }

  /** Messages are written by the guild's human members, or by a newcomer in an empty guild. */
  private authorsFor(guildId: string): APIUser[] {
    const members = this.guilds.get(guildId)?.members ?? [];
    const humans = members.map((m) => m.user).filter((u) => !u.bot);
    return humans.length > 0 ? humans : [this.addUser()];
  }
}

function channelName(record: ChannelRecord): string {
  return 'name' in record.channel ? (record.channel.name ?? '') : '';
}
