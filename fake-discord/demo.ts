// A pleasant data set for the demo, manual testing and benchmarks: a main bot in a large and a
// small guild, every common channel type, a channel hidden from the bot, ~300 messages, and a
// second bot without the members intent; and people to "Log in with Discord" as: the owner of
// the large guild, a manager (MANAGE_GUILD), an admin (ADMINISTRATOR) and someone with no rights.
// The three with rights also run a guild the bot is not in, so the "Add bot" link has a use.
import { ChannelType, type APIUser } from 'discord-api-types/v10';
import { Permission } from './permissions.js';
import type { FakeDiscord } from './index.js';
import type { FakeBot } from './types.js';

export interface DemoData {
  bot: FakeBot;
  otherBot: FakeBot;
  guilds: { large: string; small: string; other: string };
  /** The large guild's id (the bot's natural default guild). */
  guildId: string;
  /** #general of the large guild: 300 messages. */
  channelId: string;
  hiddenChannelId: string;
  channels: { category: string; general: string; announcements: string; voice: string; forum: string; staff: string };
  /** Moderator (above the bot's role), Member and Supporter (below it). */
  roleIds: string[];
  /** The bot's own managed role in the large guild. */
  botRoleId: string;
  /** OAuth application of `bot`: client id = bot.user.id. */
  oauth: { clientId: string; clientSecret: string };
  /** Users to log in as; each lists its id and username. */
  users: Record<'owner' | 'manager' | 'admin' | 'nobody', DemoUser>;
  /** A guild the bot is not in, owned by `owner`, where `manager` and `admin` hold their roles too. */
  botlessGuildId: string;
}

/** A seeded person: `displayName` is what Discord's clients show (the global name, else the username). */
export interface DemoUser { id: string; username: string; displayName: string }

const demoUser = (user: APIUser): DemoUser => ({ id: user.id, username: user.username, displayName: user.global_name ?? user.username });

type LoginUsers = Record<'owner' | 'manager' | 'admin' | 'nobody', APIUser>;

/** In each guild: a "Managers" role with MANAGE_GUILD and an "Admins" role with ADMINISTRATOR. */
function grantRights(fake: FakeDiscord, guildId: string, users: LoginUsers): void {
  const managers = fake.addRole(guildId, { name: 'Managers', permissions: Permission.MANAGE_GUILD.toString(), position: 1 });
  const admins = fake.addRole(guildId, { name: 'Admins', permissions: Permission.ADMINISTRATOR.toString() });
  fake.addMember(guildId, users.manager.id, { roles: [managers.id] });
  fake.addMember(guildId, users.admin.id, { roles: [admins.id] });
}

function seedLargeGuild(fake: FakeDiscord, bot: FakeBot, users: LoginUsers) {
  const guild = fake.addGuild({ name: 'Guildgate Lounge', botIds: [bot.user.id], ownerId: users.owner.id });
  const category = fake.addChannel(guild.id, { name: 'Community', type: ChannelType.GuildCategory });
  const parentId = category.id;
  const general = fake.addChannel(guild.id, { name: 'general', type: ChannelType.GuildText, parentId });
  const announcements = fake.addChannel(guild.id, { name: 'announcements', type: ChannelType.GuildAnnouncement, parentId });
  const voice = fake.addChannel(guild.id, { name: 'Voice Lounge', type: ChannelType.GuildVoice, parentId });
  const forum = fake.addChannel(guild.id, { name: 'help-forum', type: ChannelType.GuildForum, parentId });
  const staff = fake.addChannel(guild.id, { name: 'staff-only', type: ChannelType.GuildText, hiddenFrom: [bot.user.id] });
  const roleIds = [
    fake.addRole(guild.id, { name: 'Moderator' }).id,
    fake.addRole(guild.id, { name: 'Member', position: 1 }).id,
    fake.addRole(guild.id, { name: 'Supporter', position: 1 }).id,
  ];
  // 2,500 members in all: the bulk, plus the manager, the admin and the one with no rights.
  fake.addMembers(guild.id, 2_497);
  grantRights(fake, guild.id, users);
  fake.addMember(guild.id, users.nobody.id);
  fake.addMessages(general.id, 300);
  fake.addMessages(announcements.id, 12);
  fake.addMessages(staff.id, 5);
  return {
    guildId: guild.id, roleIds, botRoleId: fake.botRole(guild.id, bot.user.id).id,
    channels: { category: category.id, general: general.id, announcements: announcements.id, voice: voice.id, forum: forum.id, staff: staff.id },
  };
}

function seedSmallGuild(fake: FakeDiscord, bot: FakeBot): string {
  const guild = fake.addGuild({ name: 'Quiet Corner', botIds: [bot.user.id] });
  const text = fake.addChannel(guild.id, { name: 'chat', type: ChannelType.GuildText });
  fake.addChannel(guild.id, { name: 'Hangout', type: ChannelType.GuildVoice });
  fake.addRole(guild.id, { name: 'Friend' });
  fake.addMembers(guild.id, 12);
  fake.addMessages(text.id, 20);
  return guild.id;
}

function seedOtherBotGuild(fake: FakeDiscord, otherBot: FakeBot): string {
  const guild = fake.addGuild({ name: 'Other Bot HQ', botIds: [otherBot.user.id] });
  const text = fake.addChannel(guild.id, { name: 'lobby', type: ChannelType.GuildText });
  fake.addMembers(guild.id, 40);
  fake.addMessages(text.id, 10);
  return guild.id;
}

function seedBotlessGuild(fake: FakeDiscord, users: LoginUsers): string {
  const guild = fake.addGuild({ name: 'Side Project', ownerId: users.owner.id });
  fake.addChannel(guild.id, { name: 'general', type: ChannelType.GuildText });
  grantRights(fake, guild.id, users);
  return guild.id;
}

export function seedDemo(fake: FakeDiscord): DemoData {
  const bot = fake.addBot({ username: 'Guildgate Demo', membersIntent: true });
  const otherBot = fake.addBot({ username: 'Other Bot', membersIntent: false });
  const users: LoginUsers = {
    owner: fake.addUser('olivia.owner'),
    manager: fake.addUser('manny.manager'),
    admin: fake.addUser('ada.admin'),
    nobody: fake.addUser('nora.nobody'),
  };
  const large = seedLargeGuild(fake, bot, users);
  const botlessGuildId = seedBotlessGuild(fake, users);
  const small = seedSmallGuild(fake, bot);
  const other = seedOtherBotGuild(fake, otherBot);
  return {
    bot, otherBot,
    guilds: { large: large.guildId, small, other },
    guildId: large.guildId,
    channelId: large.channels.general,
    hiddenChannelId: large.channels.staff,
    channels: large.channels,
    roleIds: large.roleIds,
    botRoleId: large.botRoleId,
    oauth: { clientId: bot.user.id, clientSecret: bot.clientSecret },
    users: { owner: demoUser(users.owner), manager: demoUser(users.manager), admin: demoUser(users.admin), nobody: demoUser(users.nobody) },
    botlessGuildId,
  };
}
