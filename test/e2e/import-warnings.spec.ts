// Issue 12, items 16 and 19 in the wizard, in real Chromium against browser mode. A payments sheet whose
// 300 rows are all 拨付超下达 shows one group with its count and first rows; "查看全部" pages the kind's
// list (50 a page, never the whole list at once). A project sheet whose amounts sit under a header the
// mapping does not know ("拨款额（元）") stops at 字段对应 with the column named until the clerk confirms.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { dispatch } from '../../electron/platform/handlers';
import type { LedgerHandle } from '../../electron/platform/context';
import type { DivisionRow } from '../../shared/api';
import { importFile } from '../../electron/ledger/imports/service';
import { expect, shot, test } from './fixtures';

async function ok<T>(ledger: LedgerHandle, channel: string, input?: unknown): Promise<T> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as T;
}

async function sheet(file: string, rows: Array<Array<string | number | null>>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
  return file;
}

async function setup(ledger: LedgerHandle, dir: string): Promise<void> {
  const county = await ok<DivisionRow>(ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  const huashu = await ok<DivisionRow>(ledger, 'divisions.create', { level: 'township', parentId: county.id, code: '632123100000', name: '桦树镇' });
  for (const [i, name] of ['前进村', '南山村', '向阳村'].entries()) {
    await ok(ledger, 'divisions.create', { level: 'village', parentId: huashu.id, code: `632123100${200 + i}`, name });
  }
  const projects = await sheet(path.join(dir, 'projects.xlsx'), [
    ['项目编号', '年度', '乡镇', '村', '项目名称', '总投资（元）'],
    ['HS-2024-01', 2024, '桦树镇', '前进村', '前进村道路硬化', 50_000_000],
  ]);
  await importFile(ledger, { path: projects });
}

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
]) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`导入提醒按种类归组、分页查看全部；金额列没有对应上时须确认（${size}）${viewport.width === 1280 ? ' @版式' : ''}`, async ({ page, app }) => {
    await page.setViewportSize(viewport);
    await setup(app.ledger, app.dir);
    const rows: Array<Array<string | number | null>> = [['项目编号', '拨付日期', '拨付金额（元）', '凭证号']];
    for (let i = 0; i < 300; i += 1) rows.push(['HS-2024-01', `2024-03-${String((i % 28) + 1).padStart(2, '0')}`, 1_000 + i, `付${i + 1}`]);
    const payments = await sheet(path.join(app.dir, '桦树镇拨付明细.xlsx'), rows);

    await page.goto(app.bridge.url);
    await page.getByTestId('nav-import').click();
    await page.locator('.ant-upload input[type=file]').setInputFiles(payments);
    await expect(page.getByTestId('import-kind-select')).toContainText('拨付');
    for (let step = 0; step < 3; step += 1) await page.getByTestId('import-next').click();
    await expect(page.getByTestId('import-step-3')).toBeVisible();
    const group = page.getByTestId('import-warning-group-overAllocated');
    await expect(group).toContainText('拨付超下达');
    await expect(group).toContainText('300 处');
    await expect(group).toContainText('第 2 行 C 列');
    await expect(group.locator('li')).toHaveCount(4); // three examples and "……等 300 处"
    await shot(page, `import-warnings-groups-${size}`);

    await page.getByTestId('import-warning-all-overAllocated').click();
    const list = page.getByTestId('import-warning-list');
    await expect(list).toBeVisible();
    await expect(list.locator('.ant-table-tbody tr')).toHaveCount(50);
    await expect(list).toContainText('共 300 处');
    await list.locator('.ant-pagination-item-2').click();
    await expect(list.locator('.ant-table-tbody tr').first()).toContainText('第 52 行 C 列');
    await expect(list.locator('.ant-table-tbody tr').first()).toContainText('累计拨付');
    await shot(page, `import-warnings-full-list-${size}`);
    await page.locator('.ant-modal-footer button').click();
    await expect(list).toBeHidden();
    await page.getByTestId('import-cancel').click();

    // Item 19: amounts under a header no alias knows.
    const odd = await sheet(path.join(app.dir, '桦树镇项目.xlsx'), [
      ['序号', '项目名称', '乡镇', '村', '建设内容', '负责人', '拨款额（元）'],
      [1, '南山村人饮水窖', '桦树镇', '南山村', '新建水窖 10 口', '李四', 45_000],
      [2, '向阳村蔬菜大棚', '桦树镇', '向阳村', '大棚 5 座', '王五', 38_000],
    ]);
    await page.locator('.ant-upload input[type=file]').setInputFiles(odd);
    await expect(page.getByTestId('import-file-info')).toContainText('桦树镇项目.xlsx');
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-next').click();
    const missing = page.getByTestId('import-missing-values');
    await expect(missing).toContainText('2 行的金额将为空');
    await expect(missing).toContainText('G 列「拨款额（元）」（2 行）');
    await expect(page.getByTestId('import-next')).toBeDisabled();
    await shot(page, `import-missing-amounts-${size}`);
    await page.getByTestId('import-allow-missing').check();
    await expect(page.getByTestId('import-next')).toBeEnabled();
  });
}
