import type { CachedResponse } from '../cache/cached-response.js';
import type { Deps } from '../deps.js';
import { plainRoutes } from '../reads/resources.js';
import type { Cell } from '../metrics/cells.js';
import { cacheHeaders, matchesEtag, SESSION_VARY } from '../cache/cache-headers.js';
import type { ResolvedSession } from '../sessions/sessions.js';
import type { CorsPolicy } from './cors.js';
import { logRequest } from './request-log.js';
import { sessionIdFrom } from './session-auth.js';

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

/** The reads without parameters: /api/guilds, /api/guilds/:id, …/channels, …/roles, /api/channels/:id. */
const PLAIN_READ = /^\/api\/(?:guilds(?:\/(\d{17,20})(?:\/(channels|roles))?)?|channels\/(\d{17,20}))$/;

interface LaneRead {
  /** The route pattern, as the full app registers it and metrics label it. */
  readonly pattern: string;
  readonly route: string;
}

export function cachedHitLane(deps: Deps, nextId: () => string, cors: CorsPolicy): CachedHitLane {
  const { clock, logger, sessions, cache } = deps;
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
    if (!resolved || wantsBypass(headers.get('Cache-Control'), ifNoneMatch)) return undefined;
    const entry = cache.peekHit(resolved.session.identity.bot.id, read.route);
    if (!entry) return undefined;

    const now = clock.now();
    const requestId = nextId();
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

function plainRead(path: string): LaneRead | undefined {
  const match = PLAIN_READ.exec(path);
  if (!match) return undefined;
  const [, guildId, sub, channelId] = match;
  if (channelId) return { pattern: '/api/channels/:channelId', route: plainRoutes.channel(channelId) };
  if (!guildId) return { pattern: '/api/guilds', route: plainRoutes.guildList() };
  if (sub === 'channels') return { pattern: '/api/guilds/:guildId/channels', route: plainRoutes.guildChannels(guildId) };
  if (sub === 'roles') return { pattern: '/api/guilds/:guildId/roles', route: plainRoutes.guildRoles(guildId) };
  return { pattern: '/api/guilds/:guildId', route: plainRoutes.guild(guildId) };
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
