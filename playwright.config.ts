import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/e2e/browser';

process.env.TZ = 'Asia/Shanghai';

// End-to-end tests drive real Chromium against browser mode; each test starts its own bridge on a fresh
// ledger file (test/e2e/fixtures.ts).
export default defineConfig({
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
});
