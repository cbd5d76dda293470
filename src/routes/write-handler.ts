import type { Context } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { mapUpstreamError } from '../discord/upstream-errors.js';
import { sha256Base64Url } from '../lib/hashing.js';
import * as resources from '../reads/resources.js';
import { applyWriteEffects } from '../writes/cache-effects.js';
import type { StoredAnswer } from '../writes/idempotency-store.js';
import { sendWrite, type WriteOperation } from '../writes/write-operation.js';
import { forgetToken, readResource } from './serve-resource.js';

const decoder = new TextDecoder();
/** Visible ASCII, 1 to 255 characters (DESIGN). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const AUDIT_REASON_MAX = 512;

/**
 * Runs one write: its headers checked, then (for a POST with an Idempotency-Key) at most once
 * per key, then Discord through the bot's REST client and every guard, then the cache entries it
 * changed dropped everywhere. The answer is Discord's status and body, unchanged.
 */
export async function performWrite(c: Context<AppEnv>, deps: Deps, operation: WriteOperation): Promise<Response> {
  const reason = auditLogReason(c);
  const key = operation.method === 'POST' ? idempotencyKey(c) : undefined;
  const execute = () => executeWrite(c, deps, operation, reason);
  if (key === undefined) return respond(c, await execute(), false);
  const botId = c.get('session').session.identity.bot.id;
  const fingerprint = await sha256Base64Url(`${operation.method} ${c.req.path}\n${JSON.stringify(operation.body ?? null)}`);
  const { answer, replayed } = await deps.idempotentWrites.run(`${botId}:${key}`, fingerprint, execute);
  return respond(c, answer, replayed);
}

async function executeWrite(c: Context<AppEnv>, deps: Deps, operation: WriteOperation, reason: string | undefined): Promise<StoredAnswer> {
  const { identity } = c.get('session').session;
  let answer;
  try {
    answer = await sendWrite(deps.pool.clientFor(identity), operation, reason);
  } catch (error) {
    const failure = mapUpstreamError(error);
    if (failure.code === 'BOT_TOKEN_REVOKED') await forgetToken(deps, identity.tokenKey);
    throw failure;
  }
  const body = decoder.decode(answer.body);
  const { guildId, live } = await guildOfWrite(c, deps, operation, body);
  const effects = { store: deps.cache.store, changes: deps.changes, logger: deps.logger };
  await applyWriteEffects(effects, { botId: identity.bot.id, guildId, kinds: operation.changes, live });
  return { status: answer.status, body };
}

/**
 * The guild whose cached data the write changed. For a channel: Discord's answer says it when
 * it is a channel; else the cached channel does (a read through the cache, usually a hit).
 * Unknown (a DM, a channel the bot cannot read): the channel id stands in; messages are cached
 * under no guild, so they are dropped whatever guild the invalidation names.
 */
async function guildOfWrite(c: Context<AppEnv>, deps: Deps, operation: WriteOperation, body: string): Promise<{ guildId: string; live: boolean }> {
  const { target } = operation;
  if ('guildId' in target) return { guildId: target.guildId, live: true };
  const answered = guildIdIn(body);
  if (answered) return { guildId: answered, live: true };
  try {
    const { entry } = await readResource(c, deps, resources.channel(target.channelId));
    if (entry.guildId) return { guildId: entry.guildId, live: true };
  } catch {
    // The write succeeded; not knowing the guild only narrows who hears of it.
  }
  return { guildId: target.channelId, live: false };
}

function guildIdIn(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { guild_id?: unknown; type?: unknown; channel_id?: unknown };
    // A channel object names its guild; a message's guild_id is absent on REST answers anyway.
    return typeof parsed.guild_id === 'string' ? parsed.guild_id : undefined;
  } catch {
    return undefined;
  }
}

function respond(c: Context<AppEnv>, answer: StoredAnswer, replayed: boolean): Response {
  const headers: Record<string, string> = replayed ? { 'Idempotent-Replayed': 'true' } : {};
  if (answer.body === '') return c.body(null, answer.status as 204, headers);
  return c.body(answer.body, answer.status as 200, { ...headers, 'Content-Type': 'application/json' });
}

/** `X-Audit-Log-Reason`: URL-encoded as Discord expects, 1 to 512 characters once decoded; forwarded unchanged. */
function auditLogReason(c: Context): string | undefined {
  const raw = c.req.header('X-Audit-Log-Reason');
  if (raw === undefined) return undefined;
  const invalid = () =>
    new AppError('INVALID_INPUT', `X-Audit-Log-Reason must be URL-encoded text of 1 to ${AUDIT_REASON_MAX} characters`, {
      details: { parameter: 'X-Audit-Log-Reason' },
    });
  if (!/^[\x20-\x7e]+$/.test(raw)) throw invalid();
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw invalid();
  }
  const length = [...decoded].length;
  if (length < 1 || length > AUDIT_REASON_MAX || decoded.trim() === '') throw invalid();
  return raw;
}

function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new AppError('INVALID_INPUT', 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
      details: { parameter: 'Idempotency-Key' },
    });
  }
  return key;
}
