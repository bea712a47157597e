import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; database tests run once per database (embedded PGlite always,
// PostgreSQL too when DATABASE_URL is set, as in CI); browser tests live in e2e/.
export default defineConfig({
  test: {
    // Vitest's default leaves a core free: on a 2-core machine that is one test file at a time,
    // while most database tests wait on PostgreSQL or on the other file's embedded database. The
    // browser tests run on their own afterwards (npm test), so a loaded machine never starves them.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/web/scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['packages/web/src/**', '**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The web app's screens against a fake fetch in a simulated DOM; the real server is e2e's.
        test: {
          name: 'web',
          include: ['packages/web/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
