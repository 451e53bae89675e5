import { defineConfig } from 'vitest/config';

// `npm test` (turbo): only what needs nothing but Node. The suites on a real WordPress, MariaDB, PHP,
// the core-server and Chromium run with `npm run test:wordpress` (see tools/test-wordpress.mjs and .ci/run).
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/node/**/*.spec.{js,ts}'],
  },
});
