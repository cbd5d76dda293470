/**
 * Every error guildgate answers with has a machine code; the code alone decides the status.
 * One table, one renderer: routes throw AppError, `renderError` turns anything into JSON.
 */
export const ERROR_STATUS = {
  INVALID_INPUT: 400,
  INVALID_JSON: 400,
  INVALID_TOKEN_FORMAT: 400,
  NO_DEFAULT_GUILD: 400,
  REQUEST_ABORTED: 400,
  OAUTH_STATE_MISMATCH: 400,
  DISCORD_REJECTED_INPUT: 400,
  MISSING_SESSION: 401,
  INVALID_SESSION: 401,
  INVALID_BOT_TOKEN: 401,
  BOT_TOKEN_REVOKED: 401,
  METRICS_UNAUTHORIZED: 401,
  OAUTH_CODE_REJECTED: 401,
  OAUTH_SESSION_EXPIRED: 401,
  INVALID_SIGNATURE: 401,
  MISSING_ACCESS: 403,
  MISSING_PERMISSIONS: 403,
  MEMBERS_INTENT_REQUIRED: 403,
  DISCORD_FORBIDDEN: 403,
  GUILD_NOT_MANAGEABLE: 403,
  USER_SESSION_REQUIRED: 403,
  BOT_SESSION_REQUIRED: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  UNKNOWN_RESOURCE: 404,
  OAUTH_NOT_CONFIGURED: 404,
  WEBHOOK_EVENTS_NOT_CONFIGURED: 404,
  METHOD_NOT_ALLOWED: 405,
  IDEMPOTENCY_IN_DOUBT: 409,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  LOGIN_RATE_LIMITED: 429,
  INVALIDATE_RATE_LIMITED: 429,
  TOO_MANY_EVENT_STREAMS: 429,
  UPSTREAM_ERROR: 502,
  UPSTREAM_UNREACHABLE: 502,
  INVALID_REQUEST_BUDGET: 503,
  SESSION_STORE_UNAVAILABLE: 503,
  REDIS_UNAVAILABLE: 503,
  UPSTREAM_TIMEOUT: 504,
  CONFIG_ERROR: 500,
  INTERNAL_ERROR: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface DiscordErrorInfo {
  code: number | string;
  message: string;
}

export interface AppErrorOptions {
  /** What Discord said, when it said something. */
  discord?: DiscordErrorInfo;
  /** Extra response headers (Retry-After and friends). */
  headers?: Record<string, string>;
  /** Extra JSON fields (e.g. `retryAfter`, `issues`). Never secrets. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError' as const;
  readonly status: number;
  readonly discord: DiscordErrorInfo | undefined;
  readonly headers: Record<string, string>;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.status = ERROR_STATUS[code];
    this.discord = options.discord;
    this.headers = options.headers ?? {};
    this.details = options.details;
  }
}

export interface ErrorBody {
  error: string;
  code: ErrorCode;
  requestId: string;
  discord?: DiscordErrorInfo;
  [extra: string]: unknown;
}

/** Anything thrown becomes an AppError; unknown errors reveal nothing of themselves. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('INTERNAL_ERROR', 'Internal server error', { cause: error });
}

export function errorBody(error: AppError, requestId: string): ErrorBody {
  const body: ErrorBody = { error: error.message, code: error.code, requestId, ...error.details };
  if (error.discord) body.discord = error.discord;
  return body;
}
