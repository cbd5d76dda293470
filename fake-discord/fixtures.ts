// Builders for Discord objects. Each fills every field the OpenAPI document marks required
// (UserResponse, GuildResponse, GuildChannelResponse, GuildRoleResponse, GuildMemberResponse,
// MessageResponse), so the gateway is tested against realistic bodies, not minimal stubs.
import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  Locale,
  MessageType,
  type GuildMemberFlags,
  type GuildSystemChannelFlags,
  type MessageFlags,
  type RoleFlags,
  type UserFlags,
  type APIChannel,
  type APIGuild,
  type APIGuildCategoryChannel,
  type APIGuildForumChannel,
  type APIGuildMember,
  type APIGuildVoiceChannel,
  type APIMessage,
  type APINewsChannel,
  type APIRole,
  type APITextChannel,
  type APIUser,
} from 'discord-api-types/v10';
import { timestampOf } from './snowflake.js';

export function makeUser(id: string, username: string, bot = false): APIUser {
  const user: APIUser = {
    id,
    username,
    global_name: bot ? null : username.replace(/[._]/g, ' '),
    discriminator: bot ? '0001' : '0',
    avatar: null,
    // Discord's flag enums have no member for 0, yet 0 is what it sends for "none".
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
    primary_guild: null,
    avatar_decoration_data: null,
    collectibles: null,
  };
  if (bot) user.bot = true;
  return user;
}

/** Required by the OpenAPI's GuildResponse though discord-api-types does not declare them. */
const UNTYPED_GUILD_FIELDS = { home_header: null, nsfw: false };

export function makeGuild(id: string, name: string, ownerId: string): APIGuild {
  const guild: APIGuild = {
    id, name, owner_id: ownerId,
    icon: null, splash: null, discovery_splash: null, banner: null, description: null,
    features: [], roles: [], emojis: [], stickers: [],
    afk_channel_id: null, afk_timeout: 300,
    application_id: null, system_channel_id: null, system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null, public_updates_channel_id: null, safety_alerts_channel_id: null,
    widget_enabled: false, widget_channel_id: null,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    mfa_level: GuildMFALevel.None, nsfw_level: GuildNSFWLevel.Default,
    premium_tier: GuildPremiumTier.None, premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    max_presences: null, max_members: 500_000, max_video_channel_users: 25,
    max_stage_video_channel_users: 50, vanity_url_code: null,
    preferred_locale: Locale.EnglishUS, region: 'deprecated', hub_type: null, incidents_data: null,
  };
  return { ...guild, ...UNTYPED_GUILD_FIELDS };
}

export function makeRole(id: string, name: string, position: number): APIRole {
  // Discord names the @everyone role after nothing and gives it the guild's id.
  return {
    id, name, position,
    permissions: position === 0 ? '1071698660929' : '2248473465835073',
    color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false, managed: false, mentionable: false,
    icon: null, unicode_emoji: null, flags: 0 as RoleFlags,
  };
}

export function makeMember(user: APIUser, joinedAt = timestampOf(user.id)): APIGuildMember {
  return {
    user, nick: null, avatar: null, banner: null, roles: [],
    joined_at: joinedAt, premium_since: null, communication_disabled_until: null,
    deaf: false, mute: false, flags: 0 as GuildMemberFlags, pending: false,
  };
}

export function makeMessage(id: string, channelId: string, author: APIUser, content: string): APIMessage {
  return {
    id, channel_id: channelId, author, content, type: MessageType.Default,
    timestamp: timestampOf(id), edited_timestamp: null,
    tts: false, mention_everyone: false, mentions: [], mention_roles: [],
    attachments: [], embeds: [], components: [], pinned: false, flags: 0 as MessageFlags,
  };
}

export interface ChannelSeed {
  id: string;
  guildId: string;
  name: string;
  type: number;
  position: number;
  parentId: string | null;
}

const channelBase = (seed: ChannelSeed) => ({
  id: seed.id, guild_id: seed.guildId, name: seed.name, position: seed.position,
  flags: 0, permission_overwrites: [], nsfw: false,
});

function textChannel(seed: ChannelSeed): APITextChannel {
  return {
    ...channelBase(seed), type: ChannelType.GuildText, parent_id: seed.parentId,
    topic: null, last_message_id: null, last_pin_timestamp: null,
    rate_limit_per_user: 0, default_auto_archive_duration: 1440,
  };
}

function announcementChannel(seed: ChannelSeed): APINewsChannel {
  return {
    ...channelBase(seed), type: ChannelType.GuildAnnouncement, parent_id: seed.parentId,
    topic: null, last_message_id: null, last_pin_timestamp: null,
    rate_limit_per_user: 0, default_auto_archive_duration: 1440,
  };
}

function voiceChannel(seed: ChannelSeed): APIGuildVoiceChannel {
  return {
    ...channelBase(seed), type: ChannelType.GuildVoice, parent_id: seed.parentId,
    bitrate: 64_000, user_limit: 0, rtc_region: null, video_quality_mode: 1,
    last_message_id: null, rate_limit_per_user: 0,
  };
}

function categoryChannel(seed: ChannelSeed): APIGuildCategoryChannel {
  return { ...channelBase(seed), type: ChannelType.GuildCategory, parent_id: null };
}

function forumChannel(seed: ChannelSeed): APIGuildForumChannel {
  return {
    ...channelBase(seed), type: ChannelType.GuildForum, parent_id: seed.parentId,
    topic: null, last_message_id: null, rate_limit_per_user: 0,
    default_auto_archive_duration: 1440, default_thread_rate_limit_per_user: 0,
    available_tags: [], default_reaction_emoji: null, default_sort_order: null,
    default_forum_layout: 0,
  };
}

/** Known types get their own fields; any other type is served with the text channel's. */
export function makeChannel(seed: ChannelSeed): APIChannel {
  switch (seed.type) {
    case ChannelType.GuildVoice: return voiceChannel(seed);
    case ChannelType.GuildCategory: return categoryChannel(seed);
    case ChannelType.GuildAnnouncement: return announcementChannel(seed);
    case ChannelType.GuildForum: return forumChannel(seed);
    case ChannelType.GuildText: return textChannel(seed);
    default: return { ...textChannel(seed), type: seed.type } as unknown as APIChannel;
  }
}
