import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console's build: served by guildgate at /console/, written flat (no assets/ folder) to
 * dist/public/console, where every runtime's public files find it. No module-preload polyfill:
 * nothing inline, so the page runs under `default-src 'self'`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  logLevel: 'warn',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/public/console', import.meta.url)),
    emptyOutDir: true,
    assetsDir: '',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
  },
});
