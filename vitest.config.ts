import { defineConfig } from 'vitest/config';

// Two suites: `unit` needs nothing but Node and git; `e2e` needs the Docker stack that
// scripts/e2e-stack.sh starts, and is run on its own (npm run test:e2e).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['__tests__/**/*.test.ts'],
          exclude: ['__tests__/e2e/**'],
          testTimeout: 60_000,
          benchmark: { include: ['bench/**/*.bench.ts'] },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['__tests__/e2e/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
