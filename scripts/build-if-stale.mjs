// `npm start` runs this before serving: it compiles src/ into dist/, and builds the console into
// dist/public/console, only when a source (or a tsconfig, or package.json) is newer than the last build, so a second `npm start` (another
// instance on another PORT) starts at once instead of running tsc again into the same dist/.
// Two starts at once: the first takes a lock (an atomic mkdir) and builds; the other waits for
// it and then finds dist/ current. Plain Node, no TypeScript loader: it must start fast.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');
const lock = join(root, 'dist', '.build-lock');
const STALE_LOCK_MS = 5 * 60_000;

function newestInput() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const path of ['src', 'console', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json']) visit(join(root, path));
  return newest;
}

function builtAt() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return 0;
  }
}

const isCurrent = () => builtAt() >= newestInput();

function takeLock() {
  mkdirSync(join(root, 'dist'), { recursive: true });
  try {
    mkdirSync(lock);
    return true;
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
    } catch {
      // gone meanwhile
    }
    return false;
  }
}

async function main() {
  while (!isCurrent()) {
    if (!takeLock()) {
      await new Promise((resolve) => setTimeout(resolve, 200)); // another start is building
      continue;
    }
    try {
      const started = Date.now();
      const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
        stdio: 'inherit',
      });
      if (tsc.status !== 0) process.exit(tsc.status ?? 1);
      // The console (Vite, from TypeScript): its script skips the build when console/ is unchanged.
      const consoleBuild = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts', 'build-console.ts')], { stdio: 'inherit' });
      if (consoleBuild.status !== 0) process.exit(consoleBuild.status ?? 1);
      // Stamped with the build's start: a source saved during the build makes the next start rebuild.
      writeFileSync(stamp, '');
      const at = new Date(started);
      utimesSync(stamp, at, at);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

await main();
