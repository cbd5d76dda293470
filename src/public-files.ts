/**
 * The static files guildgate serves (the /docs renderer, and later the console), found where
 * each runtime keeps them: the installed packages and dist/ on Node, Bun and Deno, the static
 * assets binding on Workers. Undefined when there is no such file.
 */
export type PublicFiles = (path: string) => Promise<Response | undefined>;

export const noPublicFiles: PublicFiles = async () => undefined;

/** Content types by extension, for the files guildgate ships. */
export function contentTypeOf(path: string): string {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  map: 'application/json',
};
