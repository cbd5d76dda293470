import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import type { Logger } from '../logger.js';
import { fingerprint } from '../sessions/session-keys.js';
import { acceptOrMakeRequestId } from './request-ids.js';

export interface RequestLine {
  requestId: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  cache: string | undefined;
  /** The session's store key; only its fingerprint is written. */
  sessionKey: string | undefined;
}

/**
 * The one log line of a request, wherever it was answered. Written member by member: every
 * value is a number or comes from a known alphabet (our request ids, the redacted path, our
 * X-Cache values, base64url fingerprints; an incoming X-Request-Id only when well formed), except the method, which is escaped.
 */
export function logRequest(logger: Logger, line: RequestLine): void {
  let members =
    `"requestId":"${line.requestId}","method":${JSON.stringify(line.method)},"path":"${safePath(line.path)}",` +
    `"status":${line.status},"ms":${line.ms}`;
  if (line.cache !== undefined) members += `,"cache":${JSON.stringify(line.cache)}`;
  if (line.sessionKey !== undefined) members += `,"session":"${fingerprint(line.sessionKey)}"`;
  logger.infoMembers('request', members);
}

/**
 * One JSON line per request. The path is logged with anything that is not a route word or a
 * snowflake replaced, because a mistaken client can put a token or session id in a path.
 */
export function requestLog(deps: Pick<Deps, 'clock' | 'logger'>, nextId: () => string): MiddlewareHandler<AppEnv> {
  const { clock, logger } = deps;
  const logging = logger.enabled('info');
  return async (c, next) => {
    const started = clock.now();
    const requestId = acceptOrMakeRequestId(c.req.header('X-Request-Id'), nextId);
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    await next();
    if (!logging) return;
    logRequest(logger, {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: clock.now() - started,
      cache: c.res.headers.get('X-Cache') ?? undefined,
      sessionKey: c.get('session')?.key,
    });
  };
}

const SAFE_SEGMENT = /^(?:[a-z@][a-z@-]{0,30}|\d{1,20})$/;
/** Every segment safe: the usual case, answered without splitting the path. */
const SAFE_PATH = /^(?:\/(?:[a-z@][a-z@-]{0,30}|\d{1,20})?)*$/;

export function safePath(path: string): string {
  if (path.length > 200) return '[long path]';
  if (SAFE_PATH.test(path)) return path;
  return path
    .split('/')
    .map((segment) => (segment === '' || SAFE_SEGMENT.test(segment) ? segment : ':redacted'))
    .join('/');
}
