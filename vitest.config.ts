import { configDefaults, defineConfig } from 'vitest/config';

/*
 * Four projects: pure domain rules and file formats; the API against SQLite; the same API tests against
 * PostgreSQL; and the browser flows in real Chromium. `npm test` runs them all.
 */
const api = (db: 'sqlite' | 'postgres') => ({
  test: {
    name: `api-${db}`,
    include: ['test/api/**/*.test.ts', 'src/server/**/*.test.ts'],
    // File formats need no database; they run once, in the unit project.
    exclude: [...configDefaults.exclude, 'src/server/formats/**'],
    env: { TEST_DB: db },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/domain/**/*.test.ts', 'src/server/formats/**/*.test.ts'] } },
      api('sqlite'),
      api('postgres'),
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One browser and one server at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
