import type { BotUser } from '../discord/bot-identity.js';
import type { ManagedGuild, Session, SessionUser } from './session.js';
import type { TokenSealer } from './token-seal.js';

/**
 * A session as stores outside the process keep it (Redis, KV): plain JSON with every token
 * sealed (the bot token, and a user session's OAuth tokens). The identity object is rebuilt on
 * read. A record without `kind` (written before user sessions existed) is a bot session.
 */
export interface SessionRecord {
  kind?: 'bot' | 'user';
  sealedToken: string;
  tokenKey: string;
  bot: BotUser;
  guildId: string | null;
  createdAt: number;
  maxExpiresAt: number;
  user?: SessionUser;
  /** Sealed JSON of `{accessToken, refreshToken}`. */
  sealedGrant?: string;
  grantExpiresAt?: number;
  guilds?: ManagedGuild[];
  guildsCheckedAt?: number;
}

export async function toRecord(session: Session, sealer: TokenSealer): Promise<SessionRecord> {
  const record: SessionRecord = {
    kind: session.kind,
    sealedToken: await sealer.seal(session.identity.token),
    tokenKey: session.identity.tokenKey,
    bot: session.identity.bot,
    guildId: session.guildId,
    createdAt: session.createdAt,
    maxExpiresAt: session.maxExpiresAt,
  };
  if (session.kind === 'user') {
    const { accessToken, refreshToken, expiresAt } = session.grant;
    record.user = session.user;
    record.sealedGrant = await sealer.seal(JSON.stringify({ accessToken, refreshToken }));
    record.grantExpiresAt = expiresAt;
    record.guilds = [...session.guilds];
    record.guildsCheckedAt = session.guildsCheckedAt;
  }
  return record;
}

export async function fromRecord(record: SessionRecord, sealer: TokenSealer): Promise<Session> {
  const base = {
    identity: { token: await sealer.open(record.sealedToken), tokenKey: record.tokenKey, bot: record.bot },
    guildId: record.guildId,
    createdAt: record.createdAt,
    maxExpiresAt: record.maxExpiresAt,
  };
  if (record.kind !== 'user' || !record.user || !record.sealedGrant) return { kind: 'bot', ...base };
  const tokens = JSON.parse(await sealer.open(record.sealedGrant)) as { accessToken: string; refreshToken: string };
  return {
    kind: 'user',
    ...base,
    user: record.user,
    grant: { ...tokens, expiresAt: record.grantExpiresAt ?? 0 },
    guilds: record.guilds ?? [],
    guildsCheckedAt: record.guildsCheckedAt ?? 0,
  };
}
