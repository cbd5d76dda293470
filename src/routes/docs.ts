import { AppError } from '../errors.js';
import { OpenApiAnswer } from './answers.js';
import { route, type RouteSpec } from './route.js';

/** What the reference page and its assets may load: only guildgate's own origin. */
const DOCS_CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'";

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>guildgate API reference</title></head>
<body><div id="app"></div><script src="/docs/scalar.js"></script><script src="/docs/init.js"></script></body>
</html>
`;

/** Starts Scalar on the document, with no fonts, telemetry or proxy from elsewhere: offline. */
const DOCS_INIT = `Scalar.createApiReference('#app', { url: '/openapi.json', withDefaultFonts: false, telemetry: false, hideClientButton: true, proxyUrl: '' });\n`;

/**
 * `GET /openapi.json` and the reference page at `GET /docs` (Scalar's renderer, served by
 * guildgate itself: no CDN). The document is built from the table once, on first use.
 */
export function docsRoutes(document: () => string): RouteSpec[] {
  return [
    route({
      method: 'GET',
      path: '/openapi.json',
      auth: 'none',
      tag: 'Reference',
      summary: 'This API, as an OpenAPI 3.1 document',
      answers: { 200: { description: 'The OpenAPI document', schema: OpenApiAnswer } },
      errors: [],
      handle: (c) => c.body(document(), 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' }),
    }),
    route({
      method: 'GET',
      path: '/docs',
      auth: 'none',
      tag: 'Reference',
      summary: 'The API reference page',
      answers: { 200: { description: 'An HTML page', contentType: 'text/html' } },
      errors: [],
      handle: (c) => c.html(DOCS_PAGE, 200, { 'Content-Security-Policy': DOCS_CSP }),
    }),
    route({
      method: 'GET',
      path: '/docs/init.js',
      auth: 'none',
      tag: 'Reference',
      summary: "The reference page's start-up script",
      answers: { 200: { description: 'JavaScript', contentType: 'text/javascript' } },
      errors: [],
      handle: (c) => c.body(DOCS_INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
    }),
    route({
      method: 'GET',
      path: '/docs/scalar.js',
      auth: 'none',
      tag: 'Reference',
      summary: "The reference page's renderer (Scalar), from the installed package",
      answers: { 200: { description: 'JavaScript', contentType: 'text/javascript' } },
      errors: ['NOT_FOUND'],
      handle: async (c, _input, deps) => {
        const file = await deps.publicFiles('/docs/scalar.js');
        if (!file) throw new AppError('NOT_FOUND', 'The reference renderer is not installed with this build');
        return file;
      },
    }),
  ];
}
