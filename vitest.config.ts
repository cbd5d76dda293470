import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/secret-guard.ts'],
    // The console is built once, before any suite serves it (or bundles dist/public for Workers).
    globalSetup: ['test/support/build-console.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real-socket suites start servers and child processes; two cores, so keep it modest.
    maxWorkers: 2,
  },
});
