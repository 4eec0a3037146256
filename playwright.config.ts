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
  // The suite twice: every test's ledger a local file, then on the office server (a throwaway PostgreSQL cluster
  // per worker, test/e2e/fixtures.ts). The office run leaves out the tests about the local file itself (@本机文件)
  // and the second screen size of the layout checks (@版式: the same screens and reads, another width), to keep
  // CI within its time. `--project file` or `--project office` runs one.
  projects: [
    { name: 'file', use: { ledgerKind: 'file' } },
    { name: 'office', use: { ledgerKind: 'office' }, grepInvert: /@本机文件|@版式/ },
  ],
});
