import { defineConfig } from 'vitest/config';

// The suites on real services: MariaDB + PHP's built-in server running Debian's WordPress with the plugin,
// the real core-server, and Debian's Chromium. Run through tools/test-wordpress.mjs (npm run test:wordpress).
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/http/**/*.spec.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
    reporters: ['verbose'],
  },
});
