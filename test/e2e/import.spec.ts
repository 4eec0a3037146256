// 导入 in real Chromium against browser mode: a messy township sheet written here with exceljs (merged title,
// 填报单位 and 单位：万元 notes, a two-row header with 资金规模 over the five sources, the township merged
// downwards, a number stored as text, a 合计 row whose 中央 figure is what Excel's SUM gives when it skips that
// text, a signature footer, one bad cell) goes through every step of the wizard: the bad cell is fixed in
// place, one row is left out, the rest imports; the ledger (through the API) has exactly those rows; the
// batch is then undone in 导入记录 and the rows are gone.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { dispatch } from '../../electron/platform/handlers';
import type { LedgerHandle } from '../../electron/platform/context';
import type { DivisionRow, Page as RowsPage, ProjectListRow } from '../../shared/api';
import { actAs, expect, shot, test } from './fixtures';

async function ok<T>(ledger: LedgerHandle, channel: string, input?: unknown): Promise<T> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as T;
}

async function setupCounty(ledger: LedgerHandle): Promise<void> {
  const county = await ok<DivisionRow>(ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  const huashu = await ok<DivisionRow>(ledger, 'divisions.create', { level: 'township', parentId: county.id, code: '632123100000', name: '桦树镇' });
  for (const [i, name] of ['前进村', '南山村', '向阳村'].entries()) {
    await ok(ledger, 'divisions.create', { level: 'village', parentId: huashu.id, code: `632123100${200 + i}`, name });
  }
  await ok(ledger, 'settings.update', { officeName: '青山县乡村振兴局', operatorName: '王丽' });
}

/** The township's sheet, as they send it. Rows: 1 title, 2 notes, 3–4 header, 5–8 data, 9 合计, 10 footer. */
async function messySheet(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('2024年项目');
  ws.addRow(['桦树镇2024年巩固拓展脱贫攻坚成果和乡村振兴项目台账']);
  ws.addRow(['填报单位：桦树镇人民政府', null, null, null, null, null, null, '单位：万元']);
  ws.addRow(['序号', '乡镇', '村', '项目名称', '资金规模', null, null, null, null, '项目状态']);
  ws.addRow([null, null, null, null, '中央', '省级', '市级', '县级', '其他', null]);
  ws.addRow([1, '桦树镇', '前进村', '前进村道路硬化', 10, 5, 0, 0, 0, '在建']);
  ws.addRow([2, null, '南山村', '南山村人饮水窖', '8', 0, 0, 2, 0, '在建']); // 8 stored as text
  ws.addRow([3, null, '向阳村', '向阳村蔬菜大棚', '六万', 0, 0, 0, 0, '已完工']); // the bad cell
  ws.addRow([4, null, '前进村', '前进村养殖场', 4, 0, 0, 0, 0, '在建']); // left out in the wizard
  ws.addRow(['合计', null, null, null, 20, 5, 0, 2, 0, null]); // Excel's SUM skipped the text "8"
  ws.addRow(['填表人：张三', null, null, null, '审核人：李四', null, null, '填报日期：2024年3月5日']);
  ws.mergeCells('A1:J1');
  ws.mergeCells('A2:D2');
  ws.mergeCells('E3:I3');
  for (const c of ['A', 'B', 'C', 'D', 'J']) ws.mergeCells(`${c}3:${c}4`);
  ws.mergeCells('B5:B8');
  await wb.xlsx.writeFile(file);
  return file;
}

test('导入向导：整理一张乱表，改一个单元格、排除一行、导入，到项目库只看这一批，再在导入记录中查看记录、撤销 @服务器', async ({ page, app }) => {
  await setupCounty(app.ledger);
  // 王丽 keeps the ledger (on the office server, where everyone signs in, she is the one signed in).
  await actAs(app, '王丽');
  // A project typed in before: not part of the batch, so the batch's view must leave it out.
  await ok(app.ledger, 'projects.create', { year: 2024, name: '手工录入的村部维修', status: 'planning' });
  const file = await messySheet(path.join(app.dir, '桦树镇2024年项目台账.xlsx'));

  await page.goto(app.bridge.url);
  await page.getByTestId('nav-import').click();
  await expect(page.getByTestId('screen-title')).toHaveText('导入');

  // 1 选择文件: uploaded as bytes; the kind is detected and can be changed.
  await page.locator('.ant-upload input[type=file]').setInputFiles(file);
  await expect(page.getByTestId('import-file-info')).toContainText('桦树镇2024年项目台账.xlsx');
  await expect(page.getByTestId('import-kind-select')).toContainText('项目');
  await expect(page.getByTestId('import-same-file')).toHaveCount(0);
  // Clerk's words: no hash, no CLI options.
  await expect(page.getByTestId('import-wizard')).not.toContainText('SHA-256');
  await expect(page.getByTestId('import-wizard')).not.toContainText('指纹');
  await shot(page, 'import-1-file');

  // 2 工作表与表头: the two header rows highlighted, 合计 and the footer marked as not imported.
  await page.getByTestId('import-next').click();
  const grid = page.getByTestId('import-sheet-grid');
  await expect(grid.locator('tr[data-cls=header]')).toHaveCount(2);
  await expect(grid.locator('tr[data-row="9"]')).toHaveAttribute('data-cls', 'total');
  await expect(grid.locator('tr[data-row="10"]')).toHaveAttribute('data-cls', 'footer');
  await expect(grid.locator('tr[data-row="9"]')).toContainText('合计行，不导入');
  await expect(page.getByTestId('import-header-first')).toHaveValue('3');
  await expect(page.getByTestId('import-header-last')).toHaveValue('4');
  await shot(page, 'import-2-sheet');

  // 3 字段对应: 资金规模 flattened into the five sources, with sample values.
  await page.getByTestId('import-next').click();
  const mapping = page.getByTestId('import-mapping-table');
  await expect(mapping).toContainText('资金规模/中央');
  await expect(page.getByTestId('import-map-E')).toContainText('中央');
  await expect(page.getByTestId('import-map-D')).toContainText('项目名称');
  await expect(mapping).toContainText('前进村道路硬化');
  await shot(page, 'import-3-mapping');

  // 4 预览与校对: the bad cell red with its message; fixed in place; one row left out.
  await page.getByTestId('import-next').click();
  await expect(page.getByTestId('import-township')).toContainText('桦树镇');
  const bad = page.locator('td[data-cell="7:E"]');
  await expect(bad).toHaveClass(/imp-cell-error/);
  await expect(page.getByTestId('import-outcome-7')).toContainText('有错误');
  await expect(page.getByTestId('import-outcome-6')).toContainText('新增');
  await bad.hover();
  await expect(page.locator('.ant-tooltip')).toContainText('六万');
  await page.getByTestId('import-only-problems').click();
  await expect(page.locator('td[data-cell="5:E"]')).toHaveCount(0);
  await expect(page.locator('td[data-cell="7:E"]')).toHaveCount(1);
  await shot(page, 'import-4-preview-problems');
  await page.getByTestId('import-only-problems').click();

  await page.locator('td[data-cell="7:E"] .imp-cell').click();
  const editor = page.getByTestId('import-cell-editor');
  await editor.fill('6');
  await editor.press('Enter');
  await expect(page.getByTestId('import-outcome-7')).toContainText('新增');
  await expect(page.locator('td[data-cell="7:E"]')).toHaveClass(/imp-cell-edited/);
  await expect(page.locator('td[data-cell="7:E"]')).not.toHaveClass(/imp-cell-error/);
  await page.getByTestId('import-exclude-8').click();
  await expect(page.getByTestId('import-outcome-8')).toContainText('已排除');
  await expect(page.getByTestId('import-error-rows')).toContainText('有错误 0 行');
  await shot(page, 'import-4-preview-fixed');

  // 5 核对合计: 中央 stated 20, the rows add up to 28, the text "8" named as the likely cause.
  await page.getByTestId('import-next').click();
  const reconcile = page.getByTestId('import-reconcile');
  await expect(reconcile).toContainText('第 9 行');
  await expect(reconcile).toContainText('200,000.00 元');
  await expect(reconcile).toContainText('280,000.00 元');
  await expect(reconcile).toContainText('文本');
  // Only the difference is listed; the four columns that agree are one line.
  await expect(page.getByTestId('import-reconcile-summary')).toHaveText('1 项合计与各行之和不一致，其余 4 项一致');
  await expect(page.getByTestId('import-reconcile-table').locator('tbody tr')).toHaveCount(1);
  await expect(reconcile).not.toContainText('资金规模/省级');
  await shot(page, 'import-5-reconcile');

  // 6 导入, then the result.
  await page.getByTestId('import-next').click();
  await expect(page.getByTestId('import-commit-step')).toContainText('新增3 行');
  await expect(page.getByTestId('import-commit-step')).not.toContainText('事务');
  await shot(page, 'import-6-commit');
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-result')).toContainText('导入完成：新增 3 行，更新 0 行');
  await shot(page, 'import-7-result');

  const listed = await ok<RowsPage<ProjectListRow>>(app.ledger, 'projects.list', {});
  expect(
    listed.rows
      .filter((r) => r.name !== '手工录入的村部维修')
      .map((r) => ({ name: r.name, township: r.township, village: r.village, totalFen: r.totalFen, central: r.fundsFen.central, county: r.fundsFen.county, status: r.status }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
  ).toEqual(
    [
      { name: '前进村道路硬化', township: '桦树镇', village: '前进村', totalFen: 15_000_000, central: 10_000_000, county: 0, status: '开工' },
      { name: '南山村人饮水窖', township: '桦树镇', village: '南山村', totalFen: 10_000_000, central: 8_000_000, county: 2_000_000, status: '开工' },
      { name: '向阳村蔬菜大棚', township: '桦树镇', village: '向阳村', totalFen: 6_000_000, central: 6_000_000, county: 0, status: '完工' },
    ].sort((a, b) => a.name.localeCompare(b.name, 'zh')),
  );

  // 到项目库查看: only the batch's three projects, under a removable 导入批次 tag; closing it shows all four.
  await page.getByTestId('import-goto-ledger').click();
  await expect(page.getByTestId('projects-screen')).toBeVisible();
  const batchTag = page.getByTestId('import-batch-filter');
  await expect(batchTag).toHaveText(/导入批次 #\d+（桦树镇2024年项目台账\.xlsx）/);
  await expect(page.getByTestId('project-total-count')).toHaveText('3');
  const table = page.getByTestId('project-table');
  await expect(table).toContainText('前进村道路硬化');
  await expect(table).not.toContainText('手工录入的村部维修');
  await shot(page, 'import-7b-ledger-batch');
  await batchTag.locator('.ant-tag-close-icon').click();
  await expect(page.getByTestId('import-batch-filter')).toHaveCount(0);
  await expect(page.getByTestId('project-total-count')).toHaveText('4');

  // 导入记录: the batch and 查看记录 (the same filtered ledger), then 撤销 with its confirmation.
  await page.evaluate(() => {
    window.location.hash = '#/import/history';
  });
  const history = page.getByTestId('import-history');
  await expect(history).toContainText('桦树镇2024年项目台账.xlsx');
  await history.getByRole('button', { name: '查看记录' }).click();
  await expect(page.getByTestId('import-batch-filter')).toHaveText(/导入批次 #\d+（桦树镇2024年项目台账\.xlsx）/);
  await expect(page.getByTestId('project-total-count')).toHaveText('3');
  await page.goBack();
  await expect(history).toContainText('桦树镇2024年项目台账.xlsx');
  await expect(history).toContainText('王丽');
  await expect(history).toContainText('已导入');
  await expect(history.getByRole('button', { name: '撤销' })).toBeVisible();
  await shot(page, 'import-8-history');
  await history.getByRole('button', { name: '撤销' }).click();
  const confirm = page.getByTestId('import-undo-confirm');
  await expect(confirm).toContainText('删除本批次新增的项目 3 条');
  await page.waitForTimeout(500); // the modal's opening animation
  await shot(page, 'import-9-undo-confirm');
  await page.getByTestId('import-undo-ok').click();
  await expect(history).toContainText('已撤销');
  await expect(page.locator('.ant-message')).toContainText('删除 3 条');

  const after = await ok<RowsPage<ProjectListRow>>(app.ledger, 'projects.list', {});
  expect(after.rows.map((r) => r.name)).toEqual(['手工录入的村部维修']);
  await shot(page, 'import-10-undone');

  // The same file again: said in a clerk's words, with the earlier batch.
  await page.getByRole('tab', { name: '导入向导' }).click();
  await page.locator('.ant-upload input[type=file]').setInputFiles(file);
  await expect(page.getByTestId('import-file-info')).toContainText('桦树镇2024年项目台账.xlsx');
  await expect(page.getByTestId('import-same-file')).toHaveCount(0); // the batch was undone
  await page.getByTestId('import-cancel').click();

  // A village 区划 lacks: the wizard names its own choice (添加地名), never a command-line option, and says 将添加.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('新村');
  ws.addRow(['桦树镇2024年项目台账（单位：元）']);
  ws.addRow(['项目名称', '村', '总投资']);
  ws.addRow(['石门村道路', '石门村', 1000]);
  const newPlace = path.join(app.dir, '桦树镇新村项目.xlsx');
  await wb.xlsx.writeFile(newPlace);
  await page.locator('.ant-upload input[type=file]').setInputFiles(newPlace);
  await expect(page.getByTestId('import-file-info')).toContainText('桦树镇新村项目.xlsx');
  for (let i = 0; i < 3; i += 1) await page.getByTestId('import-next').click();
  const places = page.getByTestId('import-places');
  await expect(places).toContainText('勾选');
  await page.locator('td[data-cell="3:B"]').hover();
  await expect(page.locator('.ant-tooltip')).toContainText('勾选“添加地名”');
  await expect(page.getByTestId('import-wizard')).not.toContainText('--add-places');
  await page.getByTestId('import-add-places').click();
  await expect(places).toContainText('导入时将添加');
  await expect(page.getByTestId('import-wizard')).not.toContainText('已添加');
  await shot(page, 'import-4-preview-add-places');
  for (let i = 0; i < 2; i += 1) await page.getByTestId('import-next').click();
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-places-added')).toContainText('已添加到区划：桦树镇 · 石门村');
  await shot(page, 'import-7-result-places');
});

test('导入拨付（国库导出的表头）：核对合计一行一致，到资金拨付只看这一批', async ({ page, app }) => {
  await setupCounty(app.ledger);
  const project = await ok<{ id: number }>(app.ledger, 'projects.create', { year: 2024, name: '前进村道路硬化', status: 'planning', fundCentralFen: 20_000_000 });
  // A payment typed in before the import: another batch's view must leave it out.
  await ok(app.ledger, 'payments.create', { projectId: project.id, date: '2024-02-01', amountFen: 100_000, voucher: '手工-1' });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('支付明细');
  ws.addRow(['国库集中支付明细（单位：元）']);
  ws.addRow(['凭证日期', '凭证编号', '摘要', '项目名称', '收款人全称', '收款人账号', '借方金额']);
  ws.addRow(['2024-03-01', '记-001', '道路预拨款', '前进村道路硬化', '青山县路桥公司', '6217000011112222', 30000]);
  ws.addRow(['2024-04-01', '记-002', '道路进度款', '前进村道路硬化', '青山县路桥公司', '6217000011112222', 20000]);
  ws.addRow(['合计', null, null, null, null, null, 50000]);
  ws.mergeCells('A1:G1');
  const file = path.join(app.dir, '国库支付明细.xlsx');
  await wb.xlsx.writeFile(file);

  await page.goto(app.bridge.url);
  await page.getByTestId('nav-import').click();
  await page.locator('.ant-upload input[type=file]').setInputFiles(file);
  await expect(page.getByTestId('import-kind-select')).toContainText('拨付');
  await page.getByTestId('import-next').click();
  await page.getByTestId('import-next').click();
  const mapping = page.getByTestId('import-mapping-table');
  await expect(page.getByTestId('import-map-A')).toContainText('拨付日期');
  await expect(page.getByTestId('import-map-G')).toContainText('拨付金额');
  await expect(page.getByTestId('import-map-E')).toContainText('收款单位');
  await expect(mapping).toContainText('收款人全称');
  await shot(page, 'import-pay-3-mapping');
  await page.getByTestId('import-next').click();
  await expect(page.getByTestId('import-outcome-3')).toContainText('新增');
  await page.getByTestId('import-next').click();
  await expect(page.getByTestId('import-reconcile-ok')).toHaveText('全部 1 项合计一致');
  await expect(page.getByTestId('import-reconcile-table')).toHaveCount(0);
  await shot(page, 'import-pay-5-reconcile');
  await page.getByTestId('import-next').click();
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-result')).toContainText('导入完成：新增 2 行');
  await page.getByTestId('import-goto-ledger').click();
  await expect(page.getByTestId('import-batch-filter')).toHaveText(/导入批次 #\d+（国库支付明细\.xlsx）/);
  await expect(page.getByTestId('payment-totals')).toContainText('共 2 笔');
  await expect(page.getByTestId('funds-screen')).toContainText('记-001');
  await expect(page.getByTestId('funds-screen')).not.toContainText('手工-1');
  await shot(page, 'import-pay-ledger-batch');
  await page.setViewportSize({ width: 1280, height: 720 });
  await shot(page, 'import-pay-ledger-batch-1280');
  await page.getByTestId('import-batch-filter').locator('.ant-tag-close-icon').click();
  await expect(page.getByTestId('payment-totals')).toContainText('共 3 笔');

  // The same file once more: the wizard says when it was imported, by batch, in plain words.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByTestId('nav-import').click();
  await page.locator('.ant-upload input[type=file]').setInputFiles(file);
  await expect(page.getByTestId('import-same-file')).toContainText(/同一文件已于\d{4}年\d{1,2}月\d{1,2}日导入过（导入批次 #\d+：新增 2 行，更新 0 行）/);
  await shot(page, 'import-pay-1-same-file');
});
