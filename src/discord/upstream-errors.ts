import { DiscordAPIError, HTTPError, RateLimitError } from '@discordjs/rest';
import { AppError, type DiscordErrorInfo } from '../errors.js';
import { WriteOutcomeUnknown } from './write-outcome-unknown.js';

/** What the caller was doing, so a Discord refusal can be explained in its terms. */
export interface UpstreamContext {
  /** True for the member list, where a 403 usually means the members intent is off. */
  membersList?: boolean;
  /** True when the client went away: nobody will read the answer. */
  clientAborted?: boolean;
}

const MEMBERS_INTENT_HINT =
  'Discord refused the member list: enable the Server Members Intent for this bot in the Developer Portal (Bot > Privileged Gateway Intents), or check that the bot is in the guild';

/** Every failure of a Discord call becomes an AppError with the status docs/architecture.md gives it. */
export function mapUpstreamError(error: unknown, context: UpstreamContext = {}): AppError {
  if (error instanceof AppError) return error;
  if (context.clientAborted) {
    return new AppError('UPSTREAM_TIMEOUT', 'The client went away before Discord answered', { cause: error });
  }
  if (error instanceof WriteOutcomeUnknown) return outcomeUnknown(error);
  if (error instanceof RateLimitError) return rateLimited(error);
  if (error instanceof DiscordAPIError) return fromDiscordAnswer(error, context);
  if (error instanceof HTTPError) {
    return new AppError('UPSTREAM_ERROR', `Discord failed with HTTP ${error.status}`, { cause: error });
  }
  if (isAbort(error)) {
    return new AppError('UPSTREAM_TIMEOUT', 'Discord did not answer in time', { cause: error });
  }
  if (isNetworkError(error)) {
    return new AppError('UPSTREAM_UNREACHABLE', 'Discord could not be reached', { cause: error });
  }
  return new AppError('UPSTREAM_ERROR', 'Discord request failed', { cause: error });
}

/** A 429 never gets here: REST handles it itself (unbounded-rate-limit.ts refuses the kind it would loop on). */
function fromDiscordAnswer(error: DiscordAPIError, context: UpstreamContext): AppError {
  const discord = { code: error.code, message: discordMessage(error) };
  switch (error.status) {
    case 401:
      return new AppError('BOT_TOKEN_REVOKED', 'Discord rejected the bot token; every session of it has ended', {
        discord,
      });
    case 403:
      return forbidden(error, context, discord);
    case 404:
      return new AppError('UNKNOWN_RESOURCE', `Discord does not know this resource (${discord.message})`, { discord });
    default:
      if (error.status >= 500) return new AppError('UPSTREAM_ERROR', `Discord failed with HTTP ${error.status}`, { discord });
      return rejectedInput(error, discord);
  }
}

function forbidden(error: DiscordAPIError, context: UpstreamContext, discord: DiscordErrorInfo): AppError {
  if (context.membersList) return new AppError('MEMBERS_INTENT_REQUIRED', MEMBERS_INTENT_HINT, { discord });
  switch (error.code) {
    case 50013:
      return new AppError('MISSING_PERMISSIONS', 'The bot lacks a permission this needs, or the target sits at or above its highest role', { discord });
    case 50001:
      return new AppError('MISSING_ACCESS', 'The bot cannot see this guild or channel', { discord });
    case 50005:
      return new AppError('DISCORD_FORBIDDEN', 'Discord refused: a bot may only edit its own messages', { discord });
    default:
      return new AppError('DISCORD_FORBIDDEN', 'Discord refused this request', { discord });
  }
}

/**
 * Any other 4xx: Discord found the request itself wrong (50035 Invalid Form Body, 50006 an
 * empty message, ...). Its `errors` tree, which names each field and why, is passed on as is.
 */
function rejectedInput(error: DiscordAPIError, discord: DiscordErrorInfo): AppError {
  const raw = error.rawError as { errors?: unknown };
  const errors = typeof raw.errors === 'object' && raw.errors !== null ? { errors: raw.errors } : {};
  return new AppError('DISCORD_REJECTED_INPUT', `Discord refused the request: ${discord.message}`, { discord, details: errors });
}

/** A POST or PATCH that was sent and may or may not have been applied; never resent. */
function outcomeUnknown(error: WriteOutcomeUnknown): AppError {
  const details = { outcome: 'unknown' };
  switch (error.outcome) {
    case 'timeout':
      return new AppError('UPSTREAM_TIMEOUT', 'Discord did not answer in time; the write may have been applied and was not resent', { details, cause: error });
    case 'unreachable':
      return new AppError('UPSTREAM_UNREACHABLE', 'The connection to Discord was lost; the write may have been applied and was not resent', { details, cause: error });
    default:
      return new AppError('UPSTREAM_ERROR', `Discord failed with HTTP ${error.httpStatus ?? 500}; the write may have been applied and was not resent`, { details, cause: error });
  }
}

/** RateLimitError is thrown by REST before waiting longer than MAX_RATE_LIMIT_WAIT_MS. */
function rateLimited(error: RateLimitError): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(error.retryAfter / 1000));
  // REST's own 50/s limiter reports scope 'user' with global set; the README promises 'global'.
  const scope = error.global ? 'global' : error.scope;
  const headers: Record<string, string> = {
    'Retry-After': String(retryAfterSeconds),
    'X-RateLimit-Scope': scope,
    'X-RateLimit-Source': 'guildgate',
  };
  if (error.global) headers['X-RateLimit-Global'] = 'true';
  return new AppError('RATE_LIMITED', `Rate limited: Discord would make this request wait ${retryAfterSeconds}s`, {
    headers,
    details: { retryAfter: error.retryAfter / 1000, global: error.global, scope },
  });
}

function discordMessage(error: DiscordAPIError): string {
  const raw = error.rawError as { message?: unknown };
  return typeof raw.message === 'string' ? raw.message : error.message;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  return error instanceof TypeError || /fetch failed|socket|ECONN|network/i.test(error.message);
}

const UPSTREAM_FAILURES = new Set(['UPSTREAM_ERROR', 'UPSTREAM_UNREACHABLE', 'UPSTREAM_TIMEOUT']);

/**
 * Why a call to Discord failed, for the log: the error code (`ENOTFOUND`, `ECONNREFUSED`,
 * `UND_ERR_SOCKET`, an HTTP status…), the system call and the host it was about, found on the
 * error or its causes, else the host of `discordApiUrl`. Only these fields are taken, never a
 * message or a request: nothing here can carry the token. Undefined for errors that are not a
 * failure to reach Discord.
 */
export function upstreamFailureCause(error: AppError, discordApiUrl: string): Record<string, string | number> | undefined {
  if (!UPSTREAM_FAILURES.has(error.code)) return undefined;
  const cause: Record<string, string | number> = { code: error.code };
  for (let layer: unknown = error.cause, depth = 0; layer instanceof Error && depth < 4; layer = layer.cause, depth++) {
    const fields = layer as Error & { code?: unknown; syscall?: unknown; hostname?: unknown; address?: unknown; port?: unknown; status?: unknown; socket?: { remoteAddress?: unknown; remotePort?: unknown } };
    if (cause.cause === undefined && typeof fields.code === 'string') cause.cause = fields.code;
    if (cause.status === undefined && typeof fields.status === 'number') cause.status = fields.status;
    if (cause.syscall === undefined && typeof fields.syscall === 'string') cause.syscall = fields.syscall;
    if (cause.host === undefined && typeof fields.hostname === 'string') cause.host = fields.hostname;
    if (cause.host === undefined && typeof fields.address === 'string') {
      cause.host = typeof fields.port === 'number' ? `${fields.address}:${fields.port}` : fields.address;
    }
    // undici's SocketError (a connection closed under a request) names its peer on `socket`.
    const peer = fields.socket;
    if (cause.host === undefined && typeof peer?.remoteAddress === 'string') {
      cause.host = typeof peer.remotePort === 'number' ? `${peer.remoteAddress}:${peer.remotePort}` : peer.remoteAddress;
    }
    if (cause.error === undefined) cause.error = layer.name;
  }
  if (error.discord) cause.discordCode = error.discord.code;
  cause.host ??= URL.canParse(discordApiUrl) ? new URL(discordApiUrl).host : 'unknown';
  return cause;
}
