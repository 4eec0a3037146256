// 审计日志 and 备份与恢复 in Chromium against browser mode: the trail with filters and the before/after view,
// 校验 finding a row edited by hand, and a backup restored after its preview and a confirmation.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { dispatch } from '../../electron/platform/handlers';
import type { LedgerHandle } from '../../electron/platform/context';
import { writeEveryKind } from '../helpers/audit-writes';
import { cutAuditAfter, tamper } from '../helpers/tamper';
import { expect, shot, test } from './fixtures';

async function ok<T>(ledger: LedgerHandle, channel: string, input?: unknown): Promise<T> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as T;
}

/** A county with two projects, edited by two operators, as the clerks would. */
async function county(ledger: LedgerHandle) {
  await ok(ledger, 'settings.update', { officeName: '青山县乡村振兴局', countyName: '青山县', operatorName: '李娜' });
  const c = await ok<{ id: number }>(ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  const t = await ok<{ id: number }>(ledger, 'divisions.create', { level: 'township', parentId: c.id, code: '632123100000', name: '桦树镇' });
  const v = await ok<{ id: number }>(ledger, 'divisions.create', { level: 'village', parentId: t.id, code: '632123100200', name: '前进村' });
  const p = await ok<{ id: number; version: number }>(ledger, 'projects.create', { year: 2024, name: '前进村道路硬化项目', townshipId: t.id, villageId: v.id, fundCentralFen: 80_000_000, status: 'planning' });
  await ok(ledger, 'projects.update', { id: p.id, version: p.version, name: '前进村道路硬化及排水项目', fundCentralFen: 95_000_000 });
  await ok(ledger, 'settings.update', { operatorName: '王芳' });
  await ok(ledger, 'projects.create', { year: 2024, name: '桦树镇光伏电站项目', townshipId: t.id, fundCentralFen: 120_000_000, status: 'planning' });
  return { projectId: p.id, townshipId: t.id };
}

test('校验: a clean ledger, then the tables and the end of the trail changed with a SQLite tool @本机文件', async ({ page, app }) => {
  await county(app.ledger);
  await ok(app.ledger, 'settings.update', { officeName: '青山县乡村振兴局（办公室）' });
  await page.goto(app.bridge.url);
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-verify').click();
  const result = page.getByTestId('audit-verify-result');
  await expect(page.getByTestId('audit-verify-summary')).toContainText('完整');
  await expect(page.getByTestId('audit-verify-scope')).toContainText('未核对：区划、单位');
  await shot(page, 'verify-clean');

  // Someone with a SQLite tool: raises a project's 县级衔接资金 by 100 万元, adds a project the program never saw,
  // and cuts the newest rows off the trail (the guards dropped and put back).
  let last = 0;
  tamper(app.ledger.dbFile, (raw) => {
    raw.prepare("update projects set fund_county_fen = fund_county_fen + 100000000 where name = '桦树镇光伏电站项目'").run();
    raw.prepare("insert into projects (year, name, fund_county_fen) values (2024, '凭空多出的项目', 30000000)").run();
    last = raw.prepare('select max(id) from audit_log').pluck().get() as number;
    cutAuditAfter(raw, last - 2);
  });

  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-verify-summary')).toContainText('发现 3 处问题');
  await expect(result).toContainText(`审计日志在第 ${last - 2} 条之后被截断，至少缺少 2 条`);
  await expect(result).toContainText('项目“桦树镇光伏电站项目”的县级衔接资金与审计日志不符');
  await expect(result).toContainText('审计日志记下的是 0.00 元，台账中是 100.00 万元');
  await expect(result).toContainText('项目“凭空多出的项目”在审计日志中没有任何记录');
  await expect(result).toContainText('怎么办');
  await shot(page, 'verify-tampered');
});

test('审计日志: filters, the before/after of a change, and 校验 naming the row edited by hand @本机文件', async ({ page, app }) => {
  const { projectId } = await county(app.ledger);
  await page.goto(app.bridge.url);
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('screen-title')).toHaveText('审计日志');
  const table = page.getByTestId('audit-table');
  await expect(table).toContainText('前进村道路硬化及排水项目');
  await expect(table).toContainText('王芳');

  // Only the project's rows, then its update's before/after with the changed fields marked.
  await page.getByTestId('audit-filter-entity').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '项目' }).first().click();
  await page.getByTestId('audit-search').click();
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await table.locator('tbody tr').filter({ hasText: '修改' }).click();
  const detail = page.getByTestId('audit-detail');
  await expect(detail).toContainText('前进村道路硬化项目');
  await expect(detail).toContainText('前进村道路硬化及排水项目');
  await expect(detail.locator('.audit-diff-changed')).toHaveCount(2);
  await expect(detail).toContainText('中央衔接资金');
  await expect(detail).toContainText('95.00 万元');
  await page.waitForTimeout(400); // the drawer's slide-in
  await shot(page, 'backup-audit-diff');
  await page.keyboard.press('Escape');

  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-verify-summary')).toContainText('完整');

  // Someone edits the file with another tool: drops the guards and changes the amount in the trail.
  const raw = new Database(app.ledger.dbFile);
  raw.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete');
  const edited = raw
    .prepare("select id from audit_log where entity = 'project' and action = 'update' and entity_id = ?")
    .pluck()
    .get(projectId) as number;
  raw.prepare("update audit_log set after = replace(after, '95000000', '59000000') where id = ?").run(edited);
  raw.close();

  await page.getByTestId('audit-verify').click();
  const result = page.getByTestId('audit-verify-result');
  // The row edited, and the project's amount no longer what the (edited) trail says it became.
  await expect(page.getByTestId('audit-verify-summary')).toContainText('发现 2 处问题');
  await expect(result).toContainText(`审计日志第 ${edited} 条记录在程序之外被改动过`);
  await expect(result).toContainText('审计日志记下的是 59.00 万元，台账中是 95.00 万元');
  await page.getByRole('button', { name: /清\s*除/ }).click();
  await expect(table.locator('tr.audit-row-broken')).toHaveCount(1);
  await shot(page, 'backup-audit-broken');
  await page.getByTestId('audit-show-broken').click();
  await expect(page.getByTestId('audit-detail')).toContainText('与它的哈希不符');
  await page.waitForTimeout(400);
  await shot(page, 'backup-audit-broken-detail');
});

test('审计日志 in words: names, labels, 万元, the changed fields, typeable filters, the raw record one click away @服务器', async ({ page, app }) => {
  await writeEveryKind(app.ledger, app.dir);
  for (const [width, height] of [
    [1440, 900],
    [1280, 720],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(app.bridge.url);
    await page.getByTestId('nav-audit').click();
    const table = page.getByTestId('audit-table');
    // A restore in place is a local ledger's (the office server's backups are restored into a new database).
    if (!app.ledger.port) {
      await expect(table).toContainText('扶贫台账备份-');
      await expect(table).toContainText('恢复');
    }
    await page.getByRole('button', { name: /清\s*除/ }).click();
    await expect(table).toContainText('撤销导入');
    await shot(page, `audit-list-${width}`);

    // 对象 and 操作 are typed into: 资金 → 资金下达; the record by its pinyin initials.
    await page.getByTestId('audit-filter-entity').click();
    await page.keyboard.type('问题');
    await page.keyboard.press('Enter');
    await page.getByTestId('audit-search').click();
    await expect(table.locator('tbody tr').first()).toContainText('问题');
    await expect(table).toContainText('销号');
    await expect(table).toContainText('整改状态：整改中 → 已完成待销号');
    await expect(table).not.toContainText('awaitingClose');
    await shot(page, `audit-findings-${width}`);
    await page.getByRole('button', { name: /清\s*除/ }).click();
    // The deleted project found by its pinyin initials; its first edit lists the four fields it changed.
    await page.getByTestId('audit-filter-record').fill('qjcdlyhxm');
    await page.getByTestId('audit-search').click();
    await expect(table.locator('tbody tr')).toHaveCount(4);
    const edit = table.locator('tbody tr').filter({ hasText: '李主任' });
    await expect(edit).toContainText('责任人：张村长 → 李主任');
    await expect(edit).toContainText('中央衔接资金：80.00 万元 → 95.00 万元');
    await edit.click();
    const detail = page.getByTestId('audit-detail');
    await expect(detail).toContainText('实施单位');
    await expect(detail.locator('.audit-diff-changed')).toHaveCount(4);
    await expect(detail).not.toContainText('responsiblePerson');
    await page.getByText('查看原始记录').click();
    await expect(page.getByTestId('audit-raw')).toContainText('responsiblePerson');
    await page.waitForTimeout(400);
    await shot(page, `audit-detail-${width}`);
    await page.keyboard.press('Escape');
  }
});

test('备份与恢复: 立即备份, then restore it after seeing its date and counts and confirming @本机文件', async ({ page, app }) => {
  const { townshipId } = await county(app.ledger);
  await page.goto(app.bridge.url);
  await page.getByTestId('nav-settings').click();
  const section = page.getByTestId('backup-section');
  await expect(section).toContainText('还没有备份');
  await page.getByTestId('backup-now').click();
  await expect(page.getByText(/备份完成并已通过完整性检查/)).toBeVisible();
  const rows = page.getByTestId('backup-table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('手动');

  // 备份到… a folder typed in (browser mode has no folder dialog), e.g. a USB stick.
  const usb = path.join(app.dir, 'U盘');
  fs.mkdirSync(usb);
  await page.getByTestId('backup-folder').fill(usb);
  await page.getByTestId('backup-elsewhere').click();
  await expect(page.getByText(new RegExp(`备份完成并已通过完整性检查：${usb}`))).toBeVisible();
  expect(fs.readdirSync(usb).filter((n) => n.endsWith('.db'))).toHaveLength(1);
  await expect(rows).toHaveCount(1);

  // Work after the backup, then back to the backup.
  await ok(app.ledger, 'projects.create', { year: 2024, name: '备份之后新增的项目', townshipId, fundCentralFen: 1_000_000, status: 'planning' });
  await page.getByTestId('backup-now').scrollIntoViewIfNeeded();
  await shot(page, 'backup-section');
  await rows.first().getByRole('button', { name: /恢复/ }).click();
  const preview = page.getByTestId('backup-preview');
  await expect(preview).toContainText('青山县乡村振兴局');
  await expect(page.getByTestId('backup-count-projects')).toHaveText('2 个');
  await expect(page.getByTestId('backup-count-townships')).toHaveText('1 个');
  const confirm = page.getByTestId('backup-restore-confirm');
  await expect(confirm).toBeDisabled();
  await page.waitForTimeout(400); // the modal's zoom-in
  await shot(page, 'backup-restore-preview');
  await page.getByTestId('backup-confirm-check').check();
  await confirm.click();
  await expect(page.getByTestId('backup-restored')).toContainText('恢复前的台账已另存为');
  await shot(page, 'backup-restored');
  await page.getByRole('button', { name: /确\s*定/ }).click();

  // The bridge's ledger is the restored file: the later project is gone, and the replaced ledger is kept.
  const projects = await ok<{ rows: Array<{ name: string }> }>(app.ledger, 'projects.list', {});
  expect(projects.rows.map((r) => r.name).sort()).toEqual(['前进村道路硬化及排水项目', '桦树镇光伏电站项目']);
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('backup-table')).toContainText('恢复前');
  await page.getByTestId('nav-projects').click();
  await expect(page.getByText('备份之后新增的项目')).toHaveCount(0);
});
