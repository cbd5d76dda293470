/**
 * `npm run build:console`: the console (console/, Preact) built by Vite into
 * dist/public/console, where guildgate serves it at /console/. Skipped when the build is newer
 * than every source file (npm start, the demo, start:worker and the tests all ask for it; one
 * build serves them all). `--force` builds anyway.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = join(root, 'console');
const built = join(root, 'dist', 'public', 'console', 'index.html');

async function newestSource(): Promise<number> {
  const entries = await readdir(sources, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  files.push(join(root, 'package-lock.json'));
  const times = await Promise.all(files.map(async (file) => (await stat(file)).mtimeMs));
  return Math.max(...times);
}

async function upToDate(): Promise<boolean> {
  try {
    return (await stat(built)).mtimeMs >= (await newestSource());
  } catch {
    return false;
  }
}

/** Builds the console unless the build on disk is current; answers whether it built. */
export async function buildConsole(options: { force?: boolean } = {}): Promise<boolean> {
  if (!options.force && (await upToDate())) return false;
  const { build } = await import('vite');
  await build({ configFile: join(sources, 'vite.config.ts') });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildConsole({ force: process.argv.includes('--force') }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
