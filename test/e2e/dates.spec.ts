// One date input everywhere (components/DateInput.tsx): the inspection form takes dates as the office writes
// them, and text that is not a date is an error at the field, never dropped. Stored UTC times show as the
// office's day even when the browser runs in another zone.
import type { Page } from '@playwright/test';
import { dispatch } from '../../electron/platform/handlers';
import type { LedgerHandle } from '../../electron/platform/context';
import type { DivisionRow, InspectionRow } from '../../shared/api';
import { expect, shot, test, ledgerSql } from './fixtures';

async function ok<T>(ledger: LedgerHandle, channel: string, input?: unknown): Promise<T> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as T;
}

async function county(ledger: LedgerHandle): Promise<DivisionRow> {
  const c = await ok<DivisionRow>(ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  return ok<DivisionRow>(ledger, 'divisions.create', { level: 'township', parentId: c.id, code: '632123100000', name: '桦树镇' });
}

async function openInspectionForm(page: Page): Promise<void> {
  await page.getByTestId('nav-supervision').click();
  await expect(page.getByTestId('screen-title')).toHaveText('督导检查与问题整改');
  await page.getByTestId('tab-inspections').click();
  await page.getByTestId('add-inspection').click();
  await expect(page.getByTestId('inspection-form')).toBeVisible();
}

test('检查的开始/结束日期：接受“2026年11月25日”“2026/11/30”，无法识别的文字在字段下报错、不被丢弃', async ({ page, app }) => {
  await county(app.ledger);
  await page.goto(app.bridge.url);
  await expect(page.getByTestId('welcome-modal')).toBeHidden();
  await openInspectionForm(page);

  await page.getByTestId('inspection-field-name').fill('2026年第四季度巩固衔接督导检查');
  // 问题来源 defaults to 督导检查.

  const start = page.getByTestId('inspection-field-startDate');
  const end = page.getByTestId('inspection-field-endDate');
  // Text that is no date: the error is at the field, in Chinese, and the text stays for the clerk to fix.
  await start.fill('11月25号');
  await end.fill('2026-11-31');
  await end.blur();
  const form = page.getByTestId('inspection-form');
  await expect(form).toContainText('开始日期“11月25号”不是有效日期');
  await expect(form).toContainText('结束日期“2026-11-31”不是有效日期');
  await expect(start).toHaveValue('11月25号');
  await page.getByTestId('inspection-save').click();
  await expect(form).toBeVisible();
  await shot(page, 'dates-01-inspection-bad-date');
  expect(await ledgerSql(app.ledger).value('select count(*) from inspections')).toBe(0);

  // The ways the project, 下达 and 拨付 forms accept: folded to ISO when the field is left.
  await start.fill('2026年11月25日');
  await start.blur();
  await expect(start).toHaveValue('2026-11-25');
  await end.fill('2026/11/30');
  await end.blur();
  await expect(end).toHaveValue('2026-11-30');
  await expect(form).not.toContainText('不是有效日期');
  await shot(page, 'dates-02-inspection-dates-folded');
  await page.getByTestId('inspection-save').click();
  await expect(form).toBeHidden();

  const saved = (await ledgerSql(app.ledger).all('select start_date as "startDate", end_date as "endDate" from inspections')) as Array<Pick<InspectionRow, 'startDate' | 'endDate'>>;
  expect(saved).toEqual([{ startDate: '2026-11-25', endDate: '2026-11-30' }]);
});

test.describe('a browser in another time zone', () => {
  test.use({ timezoneId: 'America/Los_Angeles' });

  test('更新于 shows the office day of a record edited at 06:30 Shanghai time (22:30Z)', async ({ page, app }) => {
    const township = await county(app.ledger);
    const project = await ok<{ id: number }>(app.ledger, 'projects.create', { year: 2026, name: '前进村道路硬化项目', townshipId: township.id, status: 'planning' });
    await ledgerSql(app.ledger).run('update projects set updated_at = ? where id = ?', ['2026-12-01T22:30:00.000Z', project.id]);
    await page.goto(`${app.bridge.url}`);
    await expect(page.getByTestId('welcome-modal')).toBeHidden();
    await page.getByTestId('nav-projects').click();
    await page.getByText('前进村道路硬化项目').first().click();
    await expect(page.getByText('更新于 2026-12-02')).toBeVisible();
  });
});
