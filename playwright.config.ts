import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/e2e/browser';

process.env.TZ = 'Asia/Shanghai';

// End-to-end tests drive real Chromium against browser mode; each test starts its own bridge on a fresh
// ledger file (test/e2e/fixtures.ts).
const officeRun = process.env.E2E_LEDGER === 'office';

export default defineConfig({
  testDir: 'test/e2e',
  // The office run (npm run test:e2e:office): the ledger of every test on a throwaway PostgreSQL server, and
  // without the tests about the local ledger file itself (fixtures.ts LOCAL_FILE_ONLY).
  globalSetup: officeRun ? './test/e2e/office-global-setup.ts' : undefined,
  grepInvert: officeRun ? /@本机文件/ : undefined,
  outputDir: officeRun ? 'test-results/e2e-office-artifacts' : 'test-results/e2e-artifacts',
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
});
