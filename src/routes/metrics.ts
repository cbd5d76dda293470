import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import type { MetricsExporter } from '../metrics/exporter.js';

/**
 * GET /metrics in Prometheus text, on the API's own port, so closed by default: with
 * METRICS_TOKEN set only `Authorization: Bearer <token>` may read it, and without one only
 * METRICS_PUBLIC=true opens it (the numbers tell how busy each route is: nothing secret, but
 * nothing for the internet either).
 */
export function registerMetricsRoute(app: Hono<AppEnv>, exporter: MetricsExporter, metricsToken: string, metricsPublic = false): void {
  const expected = metricsToken ? new TextEncoder().encode(`Bearer ${metricsToken}`) : undefined;
  app.get('/metrics', async (c) => {
    if (!expected && !metricsPublic) {
      throw new AppError('METRICS_UNAUTHORIZED', '/metrics is closed: set METRICS_TOKEN (then send Authorization: Bearer <token>), or METRICS_PUBLIC=true to open it');
    }
    if (expected && !sameBytes(new TextEncoder().encode(c.req.header('Authorization') ?? ''), expected)) {
      throw new AppError('METRICS_UNAUTHORIZED', 'Send Authorization: Bearer <METRICS_TOKEN> to read /metrics', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    return c.body(await exporter.render(), 200, { 'Content-Type': exporter.contentType, 'Cache-Control': 'no-store' });
  });
}

/** Compares in time that does not depend on where the bytes differ. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
