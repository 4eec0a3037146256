import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/e2e/browser';
import type { LedgerKind } from './test/e2e/fixtures';

process.env.TZ = 'Asia/Shanghai';

// End-to-end tests drive real Chromium against browser mode; each test starts its own bridge on a fresh
// ledger (test/e2e/fixtures.ts): a file, and again on the office server (the projects below).
export default defineConfig<object, { ledgerKind: LedgerKind }>({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e-artifacts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    launchOptions: chromiumLaunchOptions(),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  // Every test on a local ledger file; then, on the office server (a throwaway PostgreSQL cluster per worker,
  // test/e2e/fixtures.ts), the tests tagged @服务器 (OFFICE_TOO): the ones whose path differs there — two clerks on one
  // record, files and PDFs kept in the database, an import's transaction, money sums, the audit trail, 校验, first run.
  // The rest read and write through the same services and data port, which the vitest suites check on both engines;
  // running them twice would put CI over its time. `--project file` or `--project office` runs one.
  projects: [
    { name: 'file', use: { ledgerKind: 'file' } },
    { name: 'office', use: { ledgerKind: 'office' }, grep: /@服务器/ },
  ],
});
