// A pleasant data set for the demo, manual testing and benchmarks: a main bot in a large and a
// small guild, every common channel type, a channel hidden from the bot, ~300 messages, and a
// second bot without the members intent.
import { ChannelType } from 'discord-api-types/v10';
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
  roleIds: string[];
}

function seedLargeGuild(fake: FakeDiscord, bot: FakeBot) {
  const guild = fake.addGuild({ name: 'Guildgate Lounge', botIds: [bot.user.id] });
  const category = fake.addChannel(guild.id, { name: 'Community', type: ChannelType.GuildCategory });
  const parentId = category.id;
  const general = fake.addChannel(guild.id, { name: 'general', type: ChannelType.GuildText, parentId });
  const announcements = fake.addChannel(guild.id, { name: 'announcements', type: ChannelType.GuildAnnouncement, parentId });
  const voice = fake.addChannel(guild.id, { name: 'Voice Lounge', type: ChannelType.GuildVoice, parentId });
  const forum = fake.addChannel(guild.id, { name: 'help-forum', type: ChannelType.GuildForum, parentId });
  const staff = fake.addChannel(guild.id, { name: 'staff-only', type: ChannelType.GuildText, hiddenFrom: [bot.user.id] });
  const roleIds = ['Moderator', 'Member', 'Supporter'].map((name) => fake.addRole(guild.id, { name }).id);
  fake.addMembers(guild.id, 2_500);
  fake.addMessages(general.id, 300);
  fake.addMessages(announcements.id, 12);
  fake.addMessages(staff.id, 5);
  return {
    guildId: guild.id, roleIds,
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

export function seedDemo(fake: FakeDiscord): DemoData {
  const bot = fake.addBot({ username: 'Guildgate Demo', membersIntent: true });
  const otherBot = fake.addBot({ username: 'Other Bot', membersIntent: false });
  const large = seedLargeGuild(fake, bot);
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
  };
}
