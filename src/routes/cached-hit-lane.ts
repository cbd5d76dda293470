import type { CachedResponse } from '../cache/cached-response.js';
import type { Deps } from '../deps.js';
import type { Cell } from '../metrics/cells.js';
import { compilePath } from './path-pattern.js';
import type { RouteSpec } from './route.js';
import { cacheHeaders, matchesEtag, SESSION_VARY } from '../cache/cache-headers.js';
import type { ResolvedSession } from '../sessions/sessions.js';
import type { CorsPolicy } from '../middleware/cors.js';
import { acceptOrMakeRequestId } from '../middleware/request-ids.js';
import { logRequest } from '../middleware/request-log.js';
import { sessionIdFrom } from '../middleware/session-auth.js';

/**
 * The cached-read lane, in front of the router: answers a plain GET whose exact answer this
 * process already holds, for a session it can resolve without waiting, synchronously. It skips
 * what such a read does not need (routing, Hono's context and middleware chain, promises,
 * parameter parsing, a Headers object) and builds one plain header object. Anything else (a
 * query string, a miss, a bypass, a session or an entry only a shared store knows) returns
 * undefined and goes to the full app, which answers it the same way. Nothing is served here
 * that the full route did not validate and store first: the lane looks entries up by the very
 * routes the full route stores them under (plainRoutes).
 */
export type CachedHitLane = (request: Request) => Response | undefined;

interface LaneRead {
  /** The route pattern, as the full app registers it and metrics label it. */
  readonly pattern: string;
  /** The cache route the full route stores its answer under. */
  readonly route: string;
}

export function cachedHitLane(deps: Deps, routes: readonly RouteSpec[], nextId: () => string, cors: CorsPolicy): CachedHitLane {
  const { clock, logger, sessions, cache } = deps;
  const plainRead = plainReads(routes);
  const logging = logger.enabled('info');
  const countAnswer = answerCounter(deps);

  return (request) => {
    if (request.method !== 'GET') return undefined;
    const path = plainPath(request.url);
    const read = path === undefined ? undefined : plainRead(path);
    if (!read) return undefined;
    const { headers } = request;
    const resolved = resolveNow(headers.get('Authorization'), sessions);
    const ifNoneMatch = headers.get('If-None-Match');
    // Bot sessions only: a user session's every read passes its scope check, in the router.
    // (Cookie requests never get here: the lane reads only the Authorization header.)
    if (!resolved || resolved.session.kind !== 'bot' || wantsBypass(headers.get('Cache-Control'), ifNoneMatch)) return undefined;
    const entry = cache.peekHit(resolved.session.identity.bot.id, read.route);
    if (!entry) return undefined;

    const now = clock.now();
    const requestId = acceptOrMakeRequestId(headers.get('X-Request-Id'), nextId);
    const status = ifNoneMatch !== null && matchesEtag(ifNoneMatch, entry.etag) ? 304 : 200;
    const origin = cors.dependsOnOrigin ? (headers.get('Origin') ?? undefined) : undefined;
    const responseHeaders = laneHeaders(entry, now, requestId, cors.headersFor(origin));
    const response = new Response(status === 304 ? null : (entry.body as Uint8Array<ArrayBuffer>), { status, headers: responseHeaders });
    countAnswer(read.pattern, status);
    if (logging) {
      logRequest(logger, { requestId, method: 'GET', path: path!, status, ms: clock.now() - now, cache: 'HIT', sessionKey: resolved.key });
    }
    return response;
  };
}

/** The path of a URL without a query string; undefined when there is a query (the full app's job). */
function plainPath(url: string): string | undefined {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1 || url.includes('?', start)) return undefined;
  return url.slice(start);
}

/**
 * The table's plain cached reads (those that declare `lane`), as one matcher of paths. One
 * regular expression with a group per route: a request is matched once, whatever the number of
 * routes.
 */
function plainReads(routes: readonly RouteSpec[]): (path: string) => LaneRead | undefined {
  const reads = routes
    .filter((spec) => spec.method === 'GET' && spec.lane)
    .map((spec) => ({ spec, pattern: compilePath(spec.path) }));
  const source = reads.map(({ pattern }) => `(${pattern.regex.source.slice(1, -1)})`).join('|');
  const matcher = new RegExp(`^(?:${source})$`);
  const offsets: number[] = [];
  let group = 1;
  for (const { pattern } of reads) {
    offsets.push(group);
    group += 1 + pattern.names.length;
  }
  return (path) => {
    const match = matcher.exec(path);
    if (!match) return undefined;
    const index = offsets.findIndex((offset) => match[offset] !== undefined);
    const { spec, pattern } = reads[index]!;
    const params: Record<string, string> = {};
    pattern.names.forEach((name, at) => (params[name] = match[offsets[index]! + 1 + at]!));
    return { pattern: spec.path, route: spec.lane!(params) };
  };
}

function resolveNow(authorization: string | null, sessions: Deps['sessions']): ResolvedSession | undefined {
  const sessionId = sessionIdFrom(authorization ?? undefined);
  return sessionId === undefined ? undefined : sessions.peek(sessionId);
}

/** The full route's rule (routes/serve-resource): no-cache bypasses, unless it is a revalidation. */
function wantsBypass(cacheControl: string | null, ifNoneMatch: string | null): boolean {
  return cacheControl !== null && ifNoneMatch === null && /no-cache|no-store|max-age=0/i.test(cacheControl);
}

/** Counts answers as the metrics middleware does, by route pattern and status; one Cell each, made once. */
function answerCounter(deps: Deps): (pattern: string, status: number) => void {
  const cells = new Map<string, Cell>();
  return (pattern, status) => {
    const label = status === 200 ? pattern : `${pattern} ${status}`;
    let cell = cells.get(label);
    if (!cell) cells.set(label, (cell = deps.metrics.requests.cell(`GET ${pattern}`, String(status))));
    cell.value++;
  };
}

/**
 * One object literal with the cache headers, the request id and the CORS headers: a spread of
 * two objects cost thirty times as much here, on every hit.
 */
function laneHeaders(
  entry: CachedResponse,
  now: number,
  requestId: string,
  corsHeaders: Readonly<Record<string, string>>,
): Record<string, string> {
  const cached = cacheHeaders(entry, 'HIT', now);
  const headers: Record<string, string> = {
    'Content-Type': cached['Content-Type']!,
    'X-Cache': 'HIT',
    Age: cached.Age!,
    ETag: cached.ETag!,
    'Cache-Control': cached['Cache-Control']!,
    'X-Request-Id': requestId,
  };
  for (const name in corsHeaders) headers[name] = corsHeaders[name]!;
  headers.Vary = SESSION_VARY; // after CORS: it names Origin too
  return headers;
}
