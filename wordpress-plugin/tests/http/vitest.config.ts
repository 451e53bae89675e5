import { defineConfig } from 'vitest/config';

// The suites on real services: MariaDB + PHP's built-in server running WordPress (the release in
// LIKENESS_TEST_WP_CORE) with the plugin, one real core-server for the run, and Debian's Chromium.
// Run through tools/test-wordpress.mjs (npm run test:wordpress), once per release.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/http/**/*.spec.ts'],
    globalSetup: ['tests/http/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
    reporters: ['verbose'],
  },
});
