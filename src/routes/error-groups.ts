import type { ErrorCode } from '../errors.js';

/** The error codes routes share, so each route's declaration lists them by what it does. */

/** Any route behind a session. */
export const SESSION_ERRORS = ['MISSING_SESSION', 'INVALID_SESSION', 'SESSION_STORE_UNAVAILABLE'] as const satisfies readonly ErrorCode[];

/** Any call to Discord: what Discord said, and what guildgate's guards refuse. */
export const DISCORD_ERRORS = [
  'BOT_TOKEN_REVOKED',
  'MISSING_ACCESS',
  'MISSING_PERMISSIONS',
  'DISCORD_FORBIDDEN',
  'UNKNOWN_RESOURCE',
  'RATE_LIMITED',
  'UPSTREAM_ERROR',
  'UPSTREAM_UNREACHABLE',
  'INVALID_REQUEST_BUDGET',
  'UPSTREAM_TIMEOUT',
] as const satisfies readonly ErrorCode[];

/** A user session outside its guilds, or whose grant Discord ended while its guilds were re-read. */
export const USER_SCOPE_ERRORS = ['GUILD_NOT_MANAGEABLE', 'OAUTH_SESSION_EXPIRED'] as const satisfies readonly ErrorCode[];

/** A session's read of Discord data, through the cache. */
export const READ_ERRORS = ['INVALID_INPUT', ...SESSION_ERRORS, ...DISCORD_ERRORS, ...USER_SCOPE_ERRORS] as const satisfies readonly ErrorCode[];

/** A JSON body: its size and syntax. */
export const BODY_ERRORS = ['INVALID_JSON', 'PAYLOAD_TOO_LARGE', 'INVALID_INPUT'] as const satisfies readonly ErrorCode[];
