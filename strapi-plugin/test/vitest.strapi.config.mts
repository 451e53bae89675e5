import { defineConfig } from 'vitest/config';

// Real Strapi 5.54 (SQLite, in-process, one boot per file) + a real core-server per file.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/strapi/**/*.spec.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    reporters: ['verbose'],
  },
});
