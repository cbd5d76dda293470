import { AppError } from '../errors.js';
import { constantTimeEqual } from '../lib/constant-time.js';
import { route } from './route.js';

/**
 * GET /metrics in Prometheus text. With METRICS_TOKEN set, only `Authorization: Bearer <token>`
 * may read it (the numbers tell how busy each route is, nothing secret, but still not public).
 */
export const metricsRoutes = [
  route({
    method: 'GET',
    path: '/metrics',
    auth: 'none',
    tag: 'Operations',
    summary: 'Prometheus metrics',
    description: 'With METRICS_TOKEN set, send `Authorization: Bearer <METRICS_TOKEN>`.',
    answers: { 200: { description: 'Prometheus text exposition', contentType: 'text/plain' } },
    errors: ['METRICS_UNAUTHORIZED'],
    handle: async (c, _input, deps) => {
      const { metricsToken } = deps.config;
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

