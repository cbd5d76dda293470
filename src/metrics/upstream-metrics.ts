import type { ResponseLike } from '@discordjs/rest';
import type { UpstreamCall, UpstreamGuard } from '../discord/upstream-guard.js';
import type { Cell } from './cells.js';
import type { Metrics } from './metrics.js';

/**
 * Counts calls to Discord by route template and status. Runs only on calls that were really
 * sent (it is the last guard), once per call: label text is built here, off the cached path.
 */
export function upstreamMetrics(metrics: Metrics): UpstreamGuard {
  const cells = new Map<string, Cell>();
  const count = (url: string, status: string) => {
    const route = routeTemplateOf(url);
    const key = `${route} ${status}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = metrics.upstream.cell(route, status);
      cells.set(key, cell);
    }
    cell.value++;
  };
  return {
    after: (call: UpstreamCall, response: ResponseLike) => count(call.url, String(response.status)),
    failed: (call: UpstreamCall) => count(call.url, 'error'),
  };
}

/** `https://discord.com/api/v10/guilds/123/members?limit=5` -> `/guilds/:id/members`. */
export function routeTemplateOf(url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\?.*$/, '').replace(/^\/api(?:\/v\d+)?/, '');
  return path.replace(/%40/g, '@').replace(/\/\d{5,}(?=\/|$)/g, '/:id');
}
