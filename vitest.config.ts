import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A folder for the run's throwaway PostgreSQL cluster, started by the first test file that needs it.
    globalSetup: ['test/helpers/pg-global-setup.ts'],
    // The users live in UTC+8, where spreadsheet date bugs show; Node applies TZ as soon as it is set.
    env: { TZ: 'Asia/Shanghai' },
  },
});
