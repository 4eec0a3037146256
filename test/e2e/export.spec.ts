// 导出 in real Chromium: on the demo county, a clerk filters 项目库, exports what the screen shows (元), and the
// downloaded workbook holds exactly those projects under the office's title; 资金拨付 exports one sheet per
// township; 支出进度 and 乡镇×状态 export their tables; 设置 → 导入模板 downloads a template per kind.
import fs from 'node:fs';
import path from 'node:path';
import type { Download, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { expect, shot, test, ledgerSql } from './fixtures';

async function workbookOf(download: Download, dir: string): Promise<{ file: string; wb: ExcelJS.Workbook }> {
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return { file, wb };
}

async function exportFrom(page: Page, button: string): Promise<Download> {
  await page.getByTestId(button).click();
  await expect(page.getByTestId('export-dialog')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-start').click()]);
  await expect(page.getByTestId('export-dialog')).toBeHidden();
  return download;
}

test('导出 from 项目库, 资金拨付, 支出进度 and 乡镇×状态 writes what the screen shows', async ({ page, app }) => {
  await loadDemoData(app.ledger, { scale: 1 });
  await page.goto(app.bridge.url);
  await page.getByTestId('nav-projects').click();
  await page.getByTestId('project-search').fill('道路');
  const expected = (await ledgerSql(app.ledger).value("select count(*) from projects where deleted_at is null and (name like '%道路%' or code like '%道路%')")) as number;
  expect(expected).toBeGreaterThan(0);
  await expect(page.getByTestId('project-total-count')).toHaveText(expected.toLocaleString('zh-CN'));

  await page.getByTestId('export-projects').click();
  await expect(page.getByTestId('export-dialog')).toContainText(`共 ${expected.toLocaleString('zh-CN')} 条`);
  await page.getByTestId('export-unit').getByText('元', { exact: true }).click();
  await shot(page, 'export-01-projects-dialog');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-start').click()]);
  await expect(page.getByText(`已导出 ${expected.toLocaleString('zh-CN')} 行`)).toBeVisible();
  await shot(page, 'export-02-projects-done');
  expect(download.suggestedFilename()).toMatch(/^青山县项目库.*\.xlsx$/);
  const { wb } = await workbookOf(download, app.dir);
  const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
  expect(sheet.getCell('A1').text).toBe('青山县项目库台账');
  expect(sheet.getCell('A2').text).toContain('关键字：道路');
  expect((sheet.getRow(2).values as unknown[]).filter(Boolean)).toContain('单位：元');
  const names: string[] = [];
  // 项目名称 is the second column: the paper columns come first (项目编号 and 年度 follow after the print area).
  for (let r = 5; r < 5 + expected; r += 1) names.push(sheet.getRow(r).getCell(2).text);
  expect(names.every((n) => n.includes('道路'))).toBe(true);
  expect(sheet.getRow(5 + expected).getCell(1).text).toBe('合计');

  // 资金拨付 of one township, one sheet per township.
  await page.goto(`${app.bridge.url}#/funds/payments`);
  await page.getByTestId('export-payments').click();
  await page.getByTestId('export-by-township').click();
  const [byTownship] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-start').click()]);
  const payments = await workbookOf(byTownship, app.dir);
  const townships = (await ledgerSql(app.ledger).column("select name from divisions where level = 'township' order by sort_order, code")) as string[];
  expect(payments.wb.worksheets.map((s) => s.name)).toEqual(townships.filter((t) => payments.wb.worksheets.some((s) => s.name === t)));
  expect(payments.wb.worksheets.length).toBeGreaterThan(5);

  // 支出进度 ranking: the year and cut-off on screen.
  await page.goto(`${app.bridge.url}#/funds/progress`);
  await expect(page.getByTestId('progress-overall')).toBeVisible();
  const progress = await workbookOf(await exportFrom(page, 'export-progress'), app.dir);
  expect(progress.wb.worksheets.map((s) => s.name)).toEqual(['支出进度排名', '按主管部门']);
  expect((progress.wb.worksheets[0] as ExcelJS.Worksheet).getCell('A1').text).toMatch(/^青山县\d{4}年衔接资金支出进度排名$/);

  // 问题整改进度 by township.
  await page.goto(`${app.bridge.url}#/supervision/matrix`);
  await page.getByTestId('export-rectification').click();
  await expect(page.getByTestId('export-unit')).toHaveCount(0);
  await shot(page, 'export-03-matrix-dialog');
  const [rectDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-start').click()]);
  const rect = await workbookOf(rectDownload, app.dir);
  const rectSheet = rect.wb.worksheets[0] as ExcelJS.Worksheet;
  expect(rectSheet.getCell('A1').text).toBe('青山县问题整改进度表（按乡镇）');
  expect(rectSheet.getRow(3).values as unknown[]).toContain('整改完成率（%）');
  fs.rmSync(path.join(app.dir, byTownship.suggestedFilename()), { force: true });
});

test('设置 → 导入模板 downloads a template per kind', async ({ page, app }) => {
  await loadDemoData(app.ledger, { scale: 1 });
  await page.goto(`${app.bridge.url}#/settings`);
  await expect(page.getByTestId('template-downloads')).toBeVisible();
  await shot(page, 'export-04-settings-templates');
  for (const [kind, label] of [
    ['projects', '项目'],
    ['payments', '资金拨付'],
    ['households', '受益户'],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`template-${kind}`).click()]);
    expect(download.suggestedFilename()).toBe(`青山县${label}填报模板.xlsx`);
    const { wb } = await workbookOf(download, app.dir);
    expect(wb.worksheets.map((s) => s.name)).toEqual([label, '下拉选项']);
  }
});
