import { readFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentTypeOf, type PublicFiles } from '../public-files.js';

/**
 * Public files from disk, for Node, Bun and Deno: the /docs renderer straight from its installed
 * package, everything else from `dist/public` (what `npm run build` puts there). A path that
 * leaves its folder is no file.
 */
export function filePublicFiles(): PublicFiles {
  const scalar = join(dirname(fileURLToPath(import.meta.resolve('@scalar/api-reference'))), 'browser', 'standalone.js');
  const root = join(projectRoot(), 'dist', 'public');
  return async (path) => {
    const file = path === '/docs/scalar.js' ? scalar : inside(root, path);
    if (!file) return undefined;
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { 'Content-Type': contentTypeOf(file), 'Cache-Control': 'public, max-age=3600' } });
    } catch {
      return undefined;
    }
  };
}

function inside(root: string, path: string): string | undefined {
  const file = normalize(join(root, decodeURIComponent(path)));
  return file.startsWith(root + sep) ? file : undefined;
}

/** The folder holding package.json, whether this runs from src/ (tsx, Bun, Deno) or dist/src/. */
function projectRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const up = here.split(sep).includes('dist') ? '../../..' : '../..';
  return normalize(join(here, up));
}
