import { configDefaults, defineConfig } from 'vitest/config';

// `npm test` runs what needs nothing but Node. Browser tests (*.browser.spec.ts) need Debian's
// Chromium and run in .ci/run's second phase: LIKENESS_TEST_SET=browser (npm run test:browser).
const browser = process.env.LIKENESS_TEST_SET === 'browser';
// The crash test (*.attack.spec.ts: kills child servers many times) runs in .ci/phases/50-attack.sh: LIKENESS_TEST_SET=attack.
const attack = process.env.LIKENESS_TEST_SET === 'attack';

export default defineConfig({
  test: {
    include: browser ? ['test/**/*.browser.spec.ts'] : attack ? ['test/**/*.attack.spec.ts'] : ['test/**/*.spec.ts'],
    exclude: browser || attack ? configDefaults.exclude : [...configDefaults.exclude, 'test/**/*.browser.spec.ts', 'test/**/*.attack.spec.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Each file starts real servers on one database; run files one at a time on these 2-core machines.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test' },
  },
});
