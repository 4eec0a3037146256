// The asset drawer in Chromium, end to end: an asset opens with its 原值 in the unit the office writes it,
// a year's income is recorded and shows its 收益率, 修改 fills the income row again (in the unit chosen),
// the 原值 converts exactly when the unit is switched, a save and a soft delete (with its reason) reach the list.
import { dispatch } from '../../electron/platform/handlers';
import type { LedgerHandle } from '../../electron/platform/context';
import type { Channel, ChannelInput, ChannelResult } from '../../shared/api';
import { expect, shot, test } from './fixtures';

async function call<C extends Channel>(ledger: LedgerHandle, channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as ChannelResult<C>;
}

test('资产: open, record and correct a year of income, switch units, save, delete with a reason', async ({ page, app }) => {
  const { ledger } = app;
  const county = await call(ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  const township = await call(ledger, 'divisions.create', { level: 'township', parentId: county.id, code: '632123100000', name: '桦树镇' });
  const village = await call(ledger, 'divisions.create', { level: 'village', parentId: township.id, code: '632123100200', name: '前进村' });
  await call(ledger, 'assets.create', {
    name: '前进村光伏电站',
    kind: 'operating',
    originalValueFen: 12_500_000,
    townshipId: township.id,
    villageId: village.id,
    owner: '前进村股份经济合作社',
  });

  await page.goto(`${app.bridge.url}#/assets`);
  await expect(page.getByTestId('asset-total-count')).toHaveText('1', { timeout: 60_000 });
  await page.getByTestId('asset-edit').click();
  const form = page.getByTestId('asset-form');
  await expect(page.locator('.ant-drawer-title')).toHaveText('编辑资产：前进村光伏电站');
  // 125,000 元 is whole 元: shown in 万元, with the 元 figure beside it.
  await expect(page.getByTestId('asset-field-originalValue')).toHaveValue('12.5');
  await expect(form.getByText('125,000.00 元')).toBeVisible();
  await expect(page.getByTestId('asset-field-village')).toContainText('前进村');

  // A year's income in 元: the table shows it with its 收益率 (8,000 ÷ 125,000 = 6.40%).
  await page.getByTestId('asset-income-year').fill('2025');
  await page.getByTestId('asset-income-amount').fill('8000');
  await page.getByTestId('asset-income-distribution').fill('分红 80 户');
  await page.getByTestId('asset-income-save').click();
  const incomes = page.getByTestId('asset-incomes');
  await expect(incomes.locator('.ant-table-row')).toHaveCount(1);
  await expect(incomes.locator('.ant-table-row')).toContainText('8,000.00');
  await expect(incomes.locator('.ant-table-row')).toContainText('6.40%');
  await expect(page.getByTestId('asset-income-amount')).toHaveValue('');

  // 修改 fills the row again; switched to 万元 the amount converts; saving corrects the same year.
  await page.getByTestId('asset-income-edit').click();
  await expect(page.getByTestId('asset-income-amount')).toHaveValue('8000.00');
  await page.getByTestId('asset-income-unit-switch').getByText('万元', { exact: true }).click();
  await expect(page.getByTestId('asset-income-amount')).toHaveValue('0.8');
  await page.getByTestId('asset-income-amount').fill('1');
  await page.getByTestId('asset-income-save').click();
  await expect(incomes.locator('.ant-table-row')).toHaveCount(1);
  await expect(incomes.locator('.ant-table-row')).toContainText('10,000.00');
  await expect(incomes.locator('.ant-table-row')).toContainText('8.00%');
  await shot(page, 'asset-drawer');

  // The 原值 switched to 元 converts exactly; a changed name is saved and reaches the list.
  await page.getByTestId('asset-unit-switch').getByText('元', { exact: true }).click();
  await expect(page.getByTestId('asset-field-originalValue')).toHaveValue('125000.00');
  await expect(form.getByText('12.5 万元')).toBeVisible();
  await page.getByTestId('asset-field-name').fill('前进村村级光伏电站');
  await page.getByTestId('asset-save').click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId('assets-screen')).toContainText('前进村村级光伏电站');

  // Delete asks for a reason; the asset leaves the list.
  await page.getByTestId('asset-edit').click();
  await expect(page.getByTestId('asset-field-name')).toHaveValue('前进村村级光伏电站');
  await page.getByTestId('asset-delete').click();
  await page.getByTestId('reason-input').fill('已处置，移出台账');
  await page.getByTestId('reason-submit').click();
  await expect(page.getByTestId('asset-total-count')).toHaveText('0');
});
