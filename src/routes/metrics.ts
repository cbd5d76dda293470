import { AppError } from '../errors.js';
import { constantTimeEqual } from '../lib/constant-time.js';
import { route } from './route.js';

/**
 * GET /metrics in Prometheus text, on the API's own port, so closed by default: with
 * METRICS_TOKEN set only `Authorization: Bearer <token>` may read it, and without one only
 * METRICS_PUBLIC=true opens it (the numbers tell how busy each route is: nothing secret, but
 * nothing for the internet either).
 */
export const metricsRoutes = [
  route({
    method: 'GET',
    path: '/metrics',
    auth: 'none',
    tag: 'Operations',
    summary: 'Prometheus metrics',
    description: 'Closed by default. With METRICS_TOKEN set, send `Authorization: Bearer <METRICS_TOKEN>`; METRICS_PUBLIC=true opens it without one.',
    answers: { 200: { description: 'Prometheus text exposition', contentType: 'text/plain' } },
    errors: ['METRICS_UNAUTHORIZED'],
    handle: async (c, _input, deps) => {
      const { metricsToken, metricsPublic } = deps.config;
      if (!metricsToken && !metricsPublic) {
        throw new AppError('METRICS_UNAUTHORIZED', '/metrics is closed: set METRICS_TOKEN (then send Authorization: Bearer <token>), or METRICS_PUBLIC=true to open it');
      }
      if (metricsToken && !constantTimeEqual(c.req.header('Authorization') ?? '', `Bearer ${metricsToken}`)) {
        throw new AppError('METRICS_UNAUTHORIZED', 'Send Authorization: Bearer <METRICS_TOKEN> to read /metrics', {
          headers: { 'WWW-Authenticate': 'Bearer' },
        });
      }
      const exporter = deps.metricsExporter;
      return c.body(await exporter.render(), 200, { 'Content-Type': exporter.contentType, 'Cache-Control': 'no-store' });
    },
  }),
];

