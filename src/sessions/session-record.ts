import type { BotUser } from '../discord/bot-identity.js';
import type { Session } from './session.js';
import type { TokenSealer } from './token-seal.js';

/**
 * A session as stores outside the process keep it (Redis, KV): plain JSON with the token
 * sealed. The identity object is rebuilt on read.
 */
export interface SessionRecord {
  sealedToken: string;
  tokenKey: string;
  bot: BotUser;
  guildId: string | null;
  createdAt: number;
  maxExpiresAt: number;
}

export async function toRecord(session: Session, sealer: TokenSealer): Promise<SessionRecord> {
  return {
    sealedToken: await sealer.seal(session.identity.token),
    tokenKey: session.identity.tokenKey,
    bot: session.identity.bot,
    guildId: session.guildId,
    createdAt: session.createdAt,
    maxExpiresAt: session.maxExpiresAt,
  };
}

export async function fromRecord(record: SessionRecord, sealer: TokenSealer): Promise<Session> {
  return {
    identity: { token: await sealer.open(record.sealedToken), tokenKey: record.tokenKey, bot: record.bot },
    guildId: record.guildId,
    createdAt: record.createdAt,
    maxExpiresAt: record.maxExpiresAt,
  };
}
