import { defineConfig } from 'vitest/config';

/**
 * The service suites that run a second time with their ledgers on the office server (test/helpers/test-ledger.ts:
 * testLedger() opens a database on the run's throwaway PostgreSQL cluster when FUPIN_TEST_ENGINE=postgres).
 */
const SERVICE_SUITES_ON_BOTH = [
  'test/unit/projects.test.ts',
  'test/unit/funds.test.ts',
  'test/unit/progress.test.ts',
  'test/unit/assets.test.ts',
  'test/unit/findings.test.ts',
  'test/unit/inspections.test.ts',
  'test/unit/attachments.test.ts',
  'test/unit/bulletins.test.ts',
  'test/unit/audit-trail.test.ts',
  'test/unit/import-projects.test.ts',
  'test/unit/import-kinds.test.ts',
  'test/unit/verify.test.ts',
  'test/unit/divisions-units.test.ts',
  'test/unit/import-wizard.test.ts',
  'test/unit/export-api.test.ts',
  'test/unit/backup.test.ts',
  'test/unit/findings-views.test.ts',
  'test/unit/row-versions.test.ts',
  'test/unit/import-batch-view.test.ts',
  'test/unit/audit-describe.test.ts',
  'test/unit/import-warnings.test.ts',
  'test/unit/import-vocabulary.test.ts',
  'test/unit/project-publicity.test.ts',
  'test/unit/office-dates.test.ts',
  'test/unit/export-templates.test.ts',
  'test/unit/export-ledger-columns.test.ts',
  'test/unit/settings-store.test.ts',
  'test/unit/assistance.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A folder for the run's throwaway PostgreSQL cluster, started by the first test file that needs it.
    globalSetup: ['test/helpers/pg-global-setup.ts'],
    // The users live in UTC+8, where spreadsheet date bugs show; Node applies TZ as soon as it is set.
    env: { TZ: 'Asia/Shanghai' },
    // Both projects inherit the settings above; `npx vitest run` runs both, `--project PostgreSQL` one.
    projects: [
      { test: { name: 'SQLite', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'] } },
      { test: { name: 'PostgreSQL', include: SERVICE_SUITES_ON_BOTH, env: { FUPIN_TEST_ENGINE: 'postgres' } } },
    ],
  },
});
