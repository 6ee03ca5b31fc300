// Unit tier: pure code only (no Docker engine), fast and parallel.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
  },
});
