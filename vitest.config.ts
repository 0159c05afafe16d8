import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/golden/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Forks keep DuckDB and servers isolated per test file. Vitest's default is one
    // fork fewer than the cores, so on the 2-core CI machines files ran one at a time
    // (321 s); two forks run them in 162 s. No test asserts a wall-clock bound, so
    // sharing the cores changes no outcome.
    pool: 'forks',
    poolOptions: { forks: { minForks: 2, maxForks: 2 } },
  },
});
