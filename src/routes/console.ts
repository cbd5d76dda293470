import * as v from 'valibot';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { route } from './route.js';

/**
 * What the console may load: its own origin only. No inline script or style, no CDN, no
 * font or image from elsewhere (guild icons are drawn as initials), no framing.
 */
export const CONSOLE_CSP = "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";

const CONSOLE_HEADERS = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** A file of the build: one name, no folder (Vite writes the console flat), so no way out of it. */
const consoleFile = v.object({
  file: v.pipe(
    v.string(),
    v.regex(/^[A-Za-z0-9][\w.-]{0,127}$/, 'file must be the name of a file of the console'),
    v.description('A file of the console build (JavaScript, CSS, icon)'),
  ),
});

const NOT_BUILT = 'The console is not built: run npm run build:console (npm start and npm run demo do it)';

/**
 * The console (`/console/`): the companion web app, from the build in dist/public/console
 * (files on Node, Bun and Deno; static assets on Workers), with a CSP that holds it to this origin.
 */
export const consoleRoutes = [
  route({
    method: 'GET',
    path: '/console',
    auth: 'none',
    tag: 'Console',
    summary: 'The console: redirects to /console/',
    answers: { 308: { description: 'To /console/', headers: ['Location'] } },
    errors: [],
    handle: (c) => c.body(null, 308, { Location: '/console/' }),
  }),
  route({
    method: 'GET',
    path: '/console/',
    auth: 'none',
    tag: 'Console',
    summary: 'The console, a web app for this guildgate',
    answers: { 200: { description: 'An HTML page', contentType: 'text/html', headers: ['Content-Security-Policy'] } },
    errors: ['NOT_FOUND'],
    handle: (_c, _input, deps) => consoleFileAnswer(deps, 'index.html', 'no-cache'),
  }),
  route({
    method: 'GET',
    path: '/favicon.ico',
    auth: 'none',
    tag: 'Console',
    summary: "The console's icon, where browsers look for one",
    description: 'Browsers ask for /favicon.ico on any page without an icon of its own (a JSON answer opened in a tab, the OAuth callback).',
    answers: { 200: { description: 'An SVG icon', contentType: 'image/svg+xml' } },
    errors: ['NOT_FOUND'],
    handle: (_c, _input, deps) => consoleFileAnswer(deps, 'favicon.svg', 'public, max-age=86400'),
  }),
  route({
    method: 'GET',
    path: '/console/:file',
    auth: 'none',
    tag: 'Console',
    summary: "A file of the console's build",
    params: consoleFile,
    answers: { 200: { description: 'The file', contentType: '*/*', headers: ['Content-Security-Policy'] } },
    errors: ['INVALID_INPUT', 'NOT_FOUND'],
    // Built file names carry a content hash (index.html and the icon do not): those may be kept.
    handle: (_c, { params }, deps) => consoleFileAnswer(deps, params.file, /-[\w-]{8}\.(js|css)$/.test(params.file) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  }),
];

async function consoleFileAnswer(deps: Deps, file: string, cacheControl: string): Promise<Response> {
  const found = await deps.publicFiles(`/console/${file}`);
  if (!found) throw new AppError('NOT_FOUND', file === 'index.html' ? NOT_BUILT : 'No such file in the console');
  const headers = new Headers(found.headers);
  for (const [name, value] of Object.entries(CONSOLE_HEADERS)) headers.set(name, value);
  headers.set('Cache-Control', cacheControl);
  return new Response(found.body, { status: 200, headers });
}
