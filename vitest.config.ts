import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time on a 2-core machine (vitest's default there is one): most
    // files wait on a PostgreSQL server, a child process or Chromium rather than compute.
    maxWorkers: 2,
  },
});
