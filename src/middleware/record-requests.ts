import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../env.js';
import type { Cell } from '../metrics/cells.js';
import type { Metrics } from '../metrics/metrics.js';

type RouteLike = { method: string; path: string };

/**
 * Counts every answer by route and status. The route is the pattern Hono matched (never the
 * raw path, which would make a label per id); each (route, status) Cell is made once and then
 * found by object identity and a number, so a request costs two map lookups and an increment.
 * The response is only read, never changed.
 */
export function recordRequests(metrics: Metrics): MiddlewareHandler<AppEnv> {
  const byRoute = new WeakMap<RouteLike, Map<number, Cell>>();
  const unmatched = new Map<number, Cell>();
  const fromGuildgate = metrics.rateLimitedCell('guildgate');
  const fromDiscord = metrics.rateLimitedCell('discord');

  const cellOf = (route: RouteLike | undefined, status: number): Cell => {
    // A '*' middleware as the last match means no route matched (404) or a guard refused first.
    const isRoute = route !== undefined && route.method !== 'ALL';
    let statuses = isRoute ? byRoute.get(route) : unmatched;
    if (!statuses) {
      statuses = new Map();
      byRoute.set(route!, statuses);
    }
    let cell = statuses.get(status);
    if (!cell) {
      cell = metrics.requests.cell(isRoute ? `${route.method} ${route.path}` : 'unmatched', String(status));
      statuses.set(status, cell);
    }
    return cell;
  };

  return async (c, next) => {
    await next();
    const { status } = c.res;
    const routes = matchedRoutes(c);
    cellOf(routes[routes.length - 1], status).value++;
    if (status === 429) (c.res.headers.get('X-RateLimit-Source') === 'discord' ? fromDiscord : fromGuildgate).value++;
  };
}
