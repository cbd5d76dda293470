/** The Discord objects the console shows: only the fields it reads. */
export interface User {
  id: string;
  username: string;
  global_name?: string | null;
}

export interface Guild {
  id: string;
  name: string;
  owner?: boolean;
  /** For a user's guilds (`GET /api/me/guilds`): is the bot in it, and where to add it. */
  botInGuild?: boolean;
  inviteUrl?: string;
}

export interface Channel {
  id: string;
  name?: string;
  type: number;
  position?: number;
  parent_id?: string | null;
}

export interface Role {
  id: string;
  name: string;
  color: number;
  position: number;
  managed?: boolean;
}

export interface Member {
  user?: User;
  nick?: string | null;
  roles: string[];
}

export interface Message {
  id: string;
  content: string;
  timestamp: string;
  author: User;
}

export interface SessionInfo {
  kind?: 'bot' | 'user';
  bot: User;
  user?: User;
  guildId?: string | null;
  expiresAt: string;
}

export const displayName = (user: User | undefined): string => user?.global_name || user?.username || 'unknown';
