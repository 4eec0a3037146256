// Each test gets its own ledger file and browser-mode bridge serving the built renderer (npm run build:renderer).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { openLedger, type LedgerHandle } from '../../electron/platform/context';
import { startWebBridge, type WebBridge } from '../../electron/web-bridge';

export const rendererDir = path.resolve(__dirname, '..', '..', 'dist', 'renderer');
export const screenshotDir = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');

interface AppFixture {
  ledger: LedgerHandle;
  bridge: WebBridge;
  dir: string;
}

export const test = base.extend<{ app: AppFixture }>({
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
      throw new Error('先构建界面：npm run build:renderer');
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-'));
    const ledger = openLedger({ dbFile: path.join(dir, 'ledger.db'), door: 'web' });
    const bridge = await startWebBridge({ ledger, rendererDir });
    await use({ ledger, bridge, dir });
    await bridge.close();
    ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
});

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

export { expect };
