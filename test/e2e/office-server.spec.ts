// 设置 → 数据存放 → 办公室服务器: the form, 测试连接 against a real throwaway PostgreSQL cluster (a wrong password
// refused, the right one finding the ledger), and 保存 recording the choice for the next start; browser mode started
// with --pg shows that server as where its ledger lives.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migratePostgres } from '../../db/migrate-pg';
import { NO_CREDENTIAL_BOX } from '../../electron/office/credentials';
import { ledgerPool } from '../../electron/platform/postgres-port';
import { openLedger } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { startWebBridge } from '../../electron/web-bridge';
import { startBrowserMode } from '../../electron/web-main';
import { newRunDir, PASSWORD_ROLE, startCluster, stopCluster } from '../helpers/pg-cluster';
import { expect, rendererDir, shot, test } from './fixtures';

let runDir = '';
let port = 0;
const DATABASE = 'fupin';
const USER = 'ledger_admin';
const PASSWORD = '青山-2026-ok';

test.beforeAll(async () => {
  runDir = newRunDir();
  port = await startCluster(runDir);
  const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create role ${USER} login password '${PASSWORD}' in role ${PASSWORD_ROLE}`);
    await admin.query(`create database ${DATABASE} owner ${USER}`);
  } finally {
    await admin.end();
  }
  // Set up by the office's administrator user, who then owns the ledger's tables.
  const pool = ledgerPool(`postgres://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${DATABASE}`);
  try {
    await migratePostgres(pool);
  } finally {
    await pool.end();
  }
});

test.afterAll(() => {
  if (runDir) stopCluster(runDir);
});

test('办公室服务器: the form, a failing and a passing 测试连接, and 保存 for the next start @本机文件', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-office-'));
  const configFile = path.join(dir, 'userData', 'config.json');
  const ledgerLocation = { configFile, credentials: NO_CREDENTIAL_BOX, open: 'local' as const, startupNotice: null };
  const ledger = openLedger({ dbFile: path.join(dir, 'ledger.db'), door: 'web', ledgerLocation });
  const bridge = await startWebBridge({ ledger, rendererDir });
  try {
    expect((await dispatch(ledger, 'demo.load', { scale: 1 })).ok).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${bridge.url}#/settings`);
    const section = page.getByTestId('ledger-location');
    await expect(section.locator('.ant-radio-wrapper-checked')).toHaveText('本机文件（默认）');
    await section.getByText('办公室服务器', { exact: true }).click();
    await page.getByTestId('office-host').fill('127.0.0.1');
    await page.getByTestId('office-port').fill(String(port));
    await page.getByTestId('office-database').fill(DATABASE);
    await page.getByTestId('office-user').fill(USER);
    await page.getByTestId('office-password').fill('不对的密码');
    await section.getByText('关闭（不加密）', { exact: true }).click();
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: path.resolve(__dirname, '..', '..', 'test-results', 'screenshots', 'office-server-form.png') });

    await page.getByTestId('office-test').click();
    const result = page.getByTestId('office-test-result');
    await expect(result).toContainText('连接失败');
    await expect(result).toContainText(`服务器拒绝了用户“${USER}”的登录：用户名或密码不对。`);
    await section.screenshot({ path: path.resolve(__dirname, '..', '..', 'test-results', 'screenshots', 'office-server-test-failed.png') });

    await page.getByTestId('office-password').fill(PASSWORD);
    await page.getByTestId('office-test').click();
    await expect(result).toContainText('连接成功');
    await expect(result).toContainText('台账结构与本程序一致。服务器上现有项目 0 个');
    await section.screenshot({ path: path.resolve(__dirname, '..', '..', 'test-results', 'screenshots', 'office-server-test-passed.png') });

    // Browser mode cannot seal a password: 保存 with one is refused at the field; without one it is recorded.
    await page.getByTestId('ledger-location-save').click();
    await expect(section).toContainText('这里无法加密保存服务器密码');
    await page.getByTestId('office-password').fill('');
    await page.getByTestId('ledger-location-save').click();
    await expect(page.getByText('已保存：台账存放在办公室服务器。重新启动扶贫台账后生效。')).toBeVisible();
    const saved = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ ledger: 'office', officeServer: { host: '127.0.0.1', port, database: DATABASE, user: USER, tls: 'off' } });
    expect(fs.readFileSync(configFile, 'utf8')).not.toContain(PASSWORD);
    await shot(page, 'office-server-saved-page');
  } finally {
    await bridge.close();
    ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('迁移到办公室服务器: the confirm names the server and the counts, the copy runs and is checked @本机文件', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-transfer-'));
  const target = 'fupin_move';
  const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${target} owner ${USER}`);
  } finally {
    await admin.end();
  }
  const ledgerLocation = { configFile: path.join(dir, 'userData', 'config.json'), credentials: NO_CREDENTIAL_BOX, open: 'local' as const, startupNotice: null };
  const ledger = openLedger({ dbFile: path.join(dir, 'ledger.db'), door: 'web', ledgerLocation });
  const bridge = await startWebBridge({ ledger, rendererDir });
  try {
    expect((await dispatch(ledger, 'demo.load', { scale: 1 })).ok).toBe(true);
    const projects = ledger.sqlite.prepare('select count(*) from projects where deleted_at is null').pluck().get() as number;
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(`${bridge.url}#/settings`);
    const section = page.getByTestId('ledger-location');
    await section.getByText('办公室服务器', { exact: true }).click();
    await page.getByTestId('office-host').fill('127.0.0.1');
    await page.getByTestId('office-port').fill(String(port));
    await page.getByTestId('office-database').fill(target);
    await page.getByTestId('office-user').fill(USER);
    await page.getByTestId('office-password').fill(PASSWORD);
    await section.getByText('关闭（不加密）', { exact: true }).click();
    await expect(page.getByTestId('transfer-to-server')).toHaveText('迁移到办公室服务器…');
    await expect(page.getByTestId('transfer-to-file')).toHaveText('从服务器导出本机文件…');
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: path.resolve(__dirname, '..', '..', 'test-results', 'screenshots', 'office-transfer-buttons.png') });

    await page.getByTestId('transfer-to-server').click();
    const confirm = page.locator('.ant-modal-confirm');
    await expect(confirm).toContainText(`办公室服务器 ${USER}@127.0.0.1:${port}/${target}`);
    await expect(confirm).toContainText(`项目 ${projects.toLocaleString("zh-CN")} 个`);
    await shot(page, 'office-transfer-confirm');
    await confirm.getByRole('button', { name: '开始' }).click();
    const result = page.getByTestId('transfer-result');
    await expect(result).toContainText(`已迁移到办公室服务器 ${USER}@127.0.0.1:${port}/${target}`, { timeout: 60_000 });
    await expect(result).toContainText('每张表的行数和金额合计已核对一致，审计日志哈希链完整');
    await section.screenshot({ path: path.resolve(__dirname, '..', '..', 'test-results', 'screenshots', 'office-transfer-done.png') });

    // Again into the same database: refused, it is no longer empty.
    await page.getByTestId('transfer-to-server').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '开始' }).click();
    await expect(result).toContainText('目标数据库不是空的', { timeout: 30_000 });
  } finally {
    await bridge.close();
    ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('浏览器模式 --pg: 设置 → 数据存放 shows 办公室服务器, the server it was given, as where the ledger lives @本机文件', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-web-pg-'));
  const database = 'fupin_web';
  const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${database} owner ${USER}`);
  } finally {
    await admin.end();
  }
  const url = `postgres://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${database}?sslmode=disable`;
  // config.json (none here) would say 本机文件: the server given at start is where this run's ledger lives.
  const mode = await startBrowserMode(['--pg', url, '--db', path.join(dir, 'ledger.db'), '--port', '0', '--renderer', rendererDir, '--user-data', path.join(dir, 'userData')]);
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${mode.url}#/settings`);
    await page.getByTestId('first-admin-name').fill('赵主任');
    await page.getByTestId('first-admin-password').fill('admin-pass');
    await page.getByTestId('first-admin-confirm').fill('admin-pass');
    await page.getByTestId('first-admin-submit').click();
    await expect(page.getByTestId('operator-name')).toContainText('赵主任');
    await page.getByTestId('welcome-blank').click();
    await page.getByTestId('welcome-county-name').fill('青山县');
    await page.getByTestId('welcome-county-code').fill('632123000000');
    await page.getByTestId('welcome-submit').click();
    await expect(page.getByTestId('welcome-modal')).toBeHidden();
    const section = page.getByTestId('ledger-location');
    await expect(page.getByTestId('settings-dbFile')).toContainText(`办公室服务器 ${USER}@127.0.0.1:${port}/${database}`);
    await expect(section.locator('.ant-radio-wrapper-checked').first()).toHaveText('办公室服务器');
    await expect(page.getByTestId('office-host')).toHaveValue('127.0.0.1');
    await expect(page.getByTestId('office-database')).toHaveValue(database);
    await expect(page.getByTestId('office-user')).toHaveValue(USER);
    await expect(page.getByTestId('ledger-location-given')).toContainText('--pg');
    await section.scrollIntoViewIfNeeded();
    await shot(page, 'office-web-pg-location');
    // Shown, not saved: the server and its password stay out of config.json.
    expect(fs.existsSync(path.join(dir, 'userData', 'config.json'))).toBe(false);
  } finally {
    await mode.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
