import type * as v from 'valibot';
import type { ErrorCode } from '../errors.js';
import { BODY_ERRORS, DISCORD_ERRORS, SESSION_ERRORS, USER_SCOPE_ERRORS } from './error-groups.js';
import type { Answer } from './route.js';

/**
 * Every write: its body and headers, the session (a user session outside its guilds, a cookie
 * without a good Origin), and whatever Discord or the guards say.
 */
export const WRITE_ERRORS = [
  ...BODY_ERRORS, ...SESSION_ERRORS, ...USER_SCOPE_ERRORS, 'CSRF_REJECTED', ...DISCORD_ERRORS, 'DISCORD_REJECTED_INPUT',
] as const satisfies readonly ErrorCode[];

/** A POST that takes an Idempotency-Key (kept in Redis when configured). */
export const KEYED_WRITE_ERRORS = [...WRITE_ERRORS, 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_DOUBT', 'REDIS_UNAVAILABLE'] as const satisfies readonly ErrorCode[];

/** A write's success: Discord's answer as it is; a replay carries Idempotent-Replayed. */
export function writeAnswers(status: 200 | 204, description: string, schema?: v.GenericSchema): Record<number, Answer> {
  const headers = ['Idempotent-Replayed'];
  return { [status]: schema ? { description, schema, headers } : { description, headers } };
}
