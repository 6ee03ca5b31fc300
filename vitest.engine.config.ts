// Engine tier: integration and end-to-end tests on a real Docker engine with BuildKit.
// One file at a time (the engine and 2 cores are shared), long timeouts for real builds.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 15 * 60_000,
  },
});
