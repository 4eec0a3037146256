// Forms at the clerk's pace (issue 12, items 12 and 13): Enter in the allocation dialog never saves money
// left unassigned without asking, and the dialog shows its keys; drop-down lists with fixed options filter
// as one types, by Chinese text and by pinyin initials (资金级次: 中 or zy, then Enter, gives 中央).
import type { Locator, Page } from '@playwright/test';
import type { LedgerHandle } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import type { Channel, ChannelInput, ChannelResult } from '../../shared/api';
import { localToday } from '../../shared/dates';
import { expect, shot, test, ledgerSql } from './fixtures';

async function call<C extends Channel>(ledger: LedgerHandle, channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as ChannelResult<C>;
}

const WAN = 1_000_000;

function option(page: Page, text: string): Locator {
  return page.locator('.ant-select-dropdown .ant-select-item-option').filter({ visible: true }).filter({ hasText: text }).first();
}

/** Two projects in 桦树镇, no allocation yet. */
async function county(ledger: LedgerHandle) {
  const year = Number(localToday().slice(0, 4));
  const c = await call(ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  const township = await call(ledger, 'divisions.create', { level: 'township', parentId: c.id, code: '632123100000', name: '桦树镇' });
  const road = await call(ledger, 'projects.create', { year, name: `桦树镇${year}年通组道路硬化项目`, townshipId: township.id, fundCentralFen: 100 * WAN });
  const water = await call(ledger, 'projects.create', { year, name: `桦树镇${year}年小水窖建设项目`, townshipId: township.id, fundCentralFen: 60 * WAN });
  return { year, road, water };
}

const allocationCount = async (ledger: LedgerHandle) => (await ledgerSql(ledger).value('select count(*) from allocations where deleted_at is null')) as number;

test('资金下达: Enter in the last 分配金额 asks before saving a remainder; 资金级次 filters by 中 and zy', async ({ page, app }) => {
  test.slow();
  const ledger = app.ledger;
  const c = await county(ledger);
  await page.goto(app.bridge.url);
  await expect(page.getByTestId('welcome-modal')).toBeHidden();
  await page.getByTestId('nav-funds').click();
  await page.getByTestId('tab-allocations').click();
  await page.getByTestId('add-allocation').click();
  const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('allocation-form') });
  await expect(dialog).toContainText('Enter 下一项 · Ctrl+S 保存');

  await page.getByTestId('allocation-field-docNumber').fill(`青财农字〔${c.year}〕7号`);
  // 资金级次 by Chinese text: 中 offers 中央 only, Enter takes it.
  const level = page.getByTestId('allocation-field-level');
  await level.click();
  await page.keyboard.type('中');
  await expect(option(page, '中央')).toBeVisible();
  await expect(page.locator('.ant-select-dropdown .ant-select-item-option').filter({ visible: true })).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(level).toContainText('中央');
  // … and by pinyin initials: sj offers 省级 and 市级, not 中央.
  await level.click();
  await page.keyboard.type('sj');
  await expect(page.locator('.ant-select-dropdown .ant-select-item-option').filter({ visible: true })).toHaveText(['省级', '市级']);
  await page.keyboard.press('Enter');
  await expect(level).toContainText('省级');
  await level.click();
  await page.keyboard.type('zy');
  await expect(option(page, '中央')).toBeVisible();
  await shot(page, 'forms-01-level-filter-zy');
  await page.keyboard.press('Enter');
  await expect(level).toContainText('中央');

  await page.getByTestId('allocation-field-amount').fill('80');
  await page.getByTestId('split-add').click();
  await page.getByTestId('split-project-0').click();
  await page.keyboard.type('通组道路');
  await option(page, '通组道路').click();
  const amount0 = page.getByTestId('split-amount-0');
  await amount0.fill('50');
  await expect(page.getByTestId('split-remaining')).toContainText('剩余可分配 30.00');

  // Enter in the last 分配金额: a question naming the remainder, nothing written.
  await amount0.press('Enter');
  const confirm = page.locator('.ant-modal-confirm');
  await expect(confirm).toContainText('还有 30.00 万元未分配到项目');
  await expect(confirm).toContainText('已分配 50.00 万元');
  await shot(page, 'forms-02-allocation-remainder-confirm');
  expect(await allocationCount(ledger)).toBe(0);
  // Enter again is the safe answer: 继续分配 — a new line, its project box focused.
  await expect(page.getByTestId('allocation-remainder-continue')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('split-row-1')).toBeVisible();
  await expect(page.getByTestId('split-project-1').locator('input')).toBeFocused();
  expect(await allocationCount(ledger)).toBe(0);
  await page.keyboard.type('小水窖');
  await option(page, '小水窖').click();
  const amount1 = page.getByTestId('split-amount-1');
  await amount1.fill('30');
  await expect(page.getByTestId('split-remaining')).toContainText('剩余可分配 0.00');
  // Nothing left: Enter in the last box saves, as in every form.
  await amount1.press('Enter');
  await expect(page.getByTestId('allocation-form')).toBeHidden();
  expect(await allocationCount(ledger)).toBe(1);
  const saved = (await ledgerSql(ledger).get('select id, amount_fen as amount, level from allocations')) as { id: number; amount: number; level: string };
  expect(saved).toMatchObject({ amount: 80 * WAN, level: 'central' });
  expect(await ledgerSql(ledger).all('select project_id as p, amount_fen as a from allocation_splits where allocation_id = ? order by project_id', [saved.id])).toEqual([
    { p: c.road.id, a: 50 * WAN },
    { p: c.water.id, a: 30 * WAN },
  ]);

  // No split at all, Enter in 备注 (the last field then): asked too; 仍然保存 saves it as it is.
  await page.getByTestId('add-allocation').click();
  await page.getByTestId('allocation-field-docNumber').fill(`青财农字〔${c.year}〕8号`);
  await level.click();
  await page.keyboard.type('xj');
  await page.keyboard.press('Enter');
  await expect(level).toContainText('县级');
  await page.getByTestId('allocation-field-amount').fill('12.5');
  await page.getByTestId('allocation-field-remark').press('Enter');
  await expect(confirm).toContainText('还有 12.50 万元未分配到项目');
  await expect(confirm).toContainText('尚未分配到任何项目');
  expect(await allocationCount(ledger)).toBe(1);
  await page.getByTestId('allocation-remainder-save').click();
  await expect(page.getByTestId('allocation-form')).toBeHidden();
  expect(await allocationCount(ledger)).toBe(2);
  expect(await ledgerSql(ledger).value("select level from allocations where doc_number like '%8号'")).toBe('county');
});
