// The fake's world: bots, users, guilds, channels, roles, members and messages, and the
// seeding functions tests call. Lists that Discord pages through (members, messages) are kept
// sorted by id, so paging is a slice, as cheap as the tests need it to be.
import type { APIChannel, APIGuild, APIGuildMember, APIMessage, APIRole, APIUser } from 'discord-api-types/v10';
import { makeChannel, makeGuild, makeMember, makeMessage, makeRole, makeUser } from './fixtures.js';
import { BOT_ROLE_PERMISSIONS } from './permissions.js';
import { compareIds, createSnowflakes } from './snowflake.js';
import { createBotToken, createSecret } from './token.js';
import type { FakeBot } from './types.js';

export interface GuildRecord {
  guild: APIGuild;
  botIds: Set<string>;
  roles: APIRole[];
  channelIds: string[];
  /** Sorted by user id ascending, the order Discord lists members in. */
  members: APIGuildMember[];
  memberById: Map<string, APIGuildMember>;
  /** Bots are not in `members` (see addGuild); their roles live here, the seeded bot role first. */
  botRoleIds: Map<string, string[]>;
}

export interface ChannelRecord {
  channel: APIChannel;
  guildId: string;
  hiddenFrom: Set<string>;
  /** Sorted by id ascending (oldest first). */
  messages: APIMessage[];
}

export interface AddGuildOptions { name?: string; botIds?: string[]; ownerId?: string }
export interface AddRoleOptions {
  name?: string;
  /** Decimal string (default: the fake's usual non-@everyone permissions). */
  permissions?: string;
  /** Inserted there, the roles at or above it moving up one (default: on top of the list). */
  position?: number;
  managed?: boolean;
  color?: number;
  hoist?: boolean;
}
export interface AddMemberOptions { roles?: string[]; nick?: string | null }
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
  /** Users seeded by name for people to log in as (OAuth); the bulk members are not listed. */
  private readonly loginUserIds = new Set<string>();
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
    const bot: FakeBot = {
      token: createBotToken(id), user, membersIntent: options.membersIntent ?? true, clientSecret: createSecret(32),
    };
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

  /** A user that the authorize page offers to log in as. */
  addLoginUser(username?: string): APIUser {
    const user = this.addUser(username);
    this.loginUserIds.add(user.id);
    return user;
  }

  /** The users the authorize page lists: the login users, else the first 100 humans. */
  loginUsers(): APIUser[] {
    const humans = [...this.users.values()].filter((u) => !u.bot);
    const marked = humans.filter((u) => this.loginUserIds.has(u.id));
    return marked.length > 0 ? marked : humans.slice(0, 100);
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
      guild, botIds: new Set(), roles: [makeRole(id, '@everyone', 0)],
      channelIds: [], members: [], memberById: new Map(), botRoleIds: new Map(),
    };
    this.guilds.set(id, record);
    for (const botId of options.botIds ?? []) this.addBotToGuild(id, botId);
    return { ...guild, roles: [...record.roles] };
  }

  /**
   * Joins a bot with its own managed role (as an invite does), placed at position 1: the roles
   * tests add later land above it unless they ask for a lower position.
   */
  addBotToGuild(guildId: string, botId: string): void {
    const record = this.requireGuild(guildId);
    if (record.botIds.has(botId)) return;
    const name = this.users.get(botId)?.username ?? 'bot';
    const role = this.addRole(guildId, { name, permissions: BOT_ROLE_PERMISSIONS.toString(), position: 1, managed: true });
    role.tags = { bot_id: botId };
    record.botIds.add(botId);
    record.botRoleIds.set(botId, [role.id]);
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

  addRole(guildId: string, options: AddRoleOptions = {}): APIRole {
    const record = this.requireGuild(guildId);
    const position = Math.max(1, Math.min(options.position ?? record.roles.length, record.roles.length));
    for (const other of record.roles) if (other.position >= position && other.id !== guildId) other.position += 1;
    const role = makeRole(this.ids.next(), options.name ?? `role-${record.roles.length}`, position);
    if (options.permissions !== undefined) role.permissions = options.permissions;
    if (options.managed) role.managed = true;
    if (options.hoist) role.hoist = true;
    if (options.color !== undefined) {
      role.color = options.color;
      role.colors = { ...role.colors, primary_color: options.color };
    }
    record.roles.push(role);
    return role;
  }

  /** Joins an existing user (for instance one seeded for OAuth) with the given roles. */
  addMember(guildId: string, userId: string, options: AddMemberOptions = {}): APIGuildMember {
    const record = this.requireGuild(guildId);
    const user = this.users.get(userId);
    if (!user) throw new Error(`fake-discord: no user ${userId}`);
    const member = record.memberById.get(userId) ?? this.joinGuild(record, user);
    member.roles = [...(options.roles ?? member.roles)];
    if (options.nick !== undefined) member.nick = options.nick;
    return member;
  }

  nextId(): string {
    return this.ids.next();
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
