// Discord's error bodies ({ message, code } and, for form errors, `errors`), so code that maps
// Discord's JSON codes (10003, 50001, ...) can be tested against the real shapes.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldError { code: string; message: string }

/** Discord's nested error tree: objects by key, arrays by index, `_errors` at the leaves. */
export interface DiscordErrorTree { [key: string]: DiscordErrorTree | FieldError[] | undefined; _errors?: FieldError[] }

export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: DiscordErrorTree;
}

export interface DiscordError {
  status: ContentfulStatusCode;
  body: DiscordErrorBody;
}

export const error = (status: ContentfulStatusCode, message: string, code: number): DiscordError => ({
  status,
  body: { message, code },
});

export const unauthorized = () => error(401, '401: Unauthorized', 0);
export const notFound = () => error(404, '404: Not Found', 0);
export const missingAccess = () => error(403, 'Missing Access', 50001);
export const unknownChannel = () => error(404, 'Unknown Channel', 10003);
export const unknownGuild = () => error(404, 'Unknown Guild', 10004);
export const unknownMember = () => error(404, 'Unknown Member', 10007);
export const unknownMessage = () => error(404, 'Unknown Message', 10008);
export const unknownUser = () => error(404, 'Unknown User', 10013);
export const unknownRole = () => error(404, 'Unknown Role', 10011);
export const missingPermissions = () => error(403, 'Missing Permissions', 50013);
export const cannotEditOthers = () => error(403, 'Cannot edit a message authored by another user', 50005);
export const emptyMessage = () => error(400, 'Cannot send an empty message', 50006);
export const invalidJson = () => error(400, 'The request body contains invalid JSON.', 50109);
export const internalError = () => error(500, '500: Internal Server Error', 0);

/** A 400 "Invalid Form Body" naming the one field that was wrong, as Discord words it. */
export function invalidFormBody(field: string, code: string, message: string): DiscordError {
  return invalidForm({ [field]: { _errors: [{ code, message }] } });
}

export function invalidForm(errors: DiscordErrorTree): DiscordError {
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Body of an injected 'status' fault: 5xx all read like Discord's generic 500. */
export function faultError(status: number): DiscordError {
  const message = status >= 500 ? 'Internal Server Error' : `${status}: ${REASONS[status] ?? 'Error'}`;
  return error(status as ContentfulStatusCode, message, 0);
}

export function respond(c: Context, failure: DiscordError): Response {
  return c.json(failure.body, failure.status);
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DiscordError };
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(failure: DiscordError): Result<T> => ({ ok: false, error: failure });
