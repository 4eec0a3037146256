// 设置 → 数据存放: which ledger file is open and why this folder, shown from app.info for everyone (also a
// 录入员 who may not edit the settings), in browser mode as in the desktop window.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLedger } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { startWebBridge } from '../../electron/web-bridge';
import { expect, rendererDir, shot, test } from './fixtures';

test('设置 shows the open ledger file and that it was given on the command line', async ({ page, app }) => {
  await page.goto(`${app.bridge.url}#/settings`);
  await expect(page.getByTestId('settings-dbFile')).toContainText(app.ledger.dbFile);
  await expect(page.getByTestId('settings-dataDir')).toContainText(app.ledger.dataDir);
  await expect(page.getByTestId('settings-dataSource')).toHaveText('启动时指定（浏览器模式或命令行的 --db）');
});

test('设置 names the config.json that chose the folder @本机文件', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-loc-'));
  const configFile = path.join(dir, 'userData', 'config.json');
  const ledger = openLedger({ dbFile: path.join(dir, '台账', 'ledger.db'), door: 'web', dataSource: { kind: 'config', configFile } });
  const bridge = await startWebBridge({ ledger, rendererDir });
  try {
    // A county already set up: no welcome dialog over the screen.
    expect((await dispatch(ledger, 'demo.load', { scale: 1 })).ok).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${bridge.url}#/settings`);
    await expect(page.getByTestId('settings-dbFile')).toContainText(path.join(dir, '台账', 'ledger.db'));
    await expect(page.getByTestId('settings-dataSource')).toHaveText(`由设置文件 ${configFile} 指定`);
    await expect(page.getByTestId('welcome-modal')).toBeHidden();
    await page.getByTestId('data-location').scrollIntoViewIfNeeded();
    await page.getByTestId('data-location').screenshot({ path: path.resolve(__dirname, '..', '..', 'test-results', 'screenshots', 'settings-data-location.png') });
    await shot(page, 'settings-data-location-page');
  } finally {
    await bridge.close();
    ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
