// The one RemoteSelect behind the project pickers (资产's 来源项目, 资金's 拨付项目, the finding form's 涉及项目) in
// Chromium: typing searches a moment later, the list shows each project's place (and in 资金 its money) under
// its name, and picking an asset's source project fills the asset's township and village from it.
import type { Locator, Page } from '@playwright/test';
import { dispatch } from '../../electron/platform/handlers';
import type { LedgerHandle } from '../../electron/platform/context';
import type { Channel, ChannelInput, ChannelResult } from '../../shared/api';
import { localToday } from '../../shared/dates';
import { expect, shot, test } from './fixtures';

async function call<C extends Channel>(ledger: LedgerHandle, channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as ChannelResult<C>;
}

function option(page: Page, text: string): Locator {
  return page.locator('.ant-select-dropdown .ant-select-item-option').filter({ visible: true }).filter({ hasText: text }).first();
}

test('project pickers search as the clerk types and carry the project to the form', async ({ page, app }) => {
  const { ledger } = app;
  const year = Number(localToday().slice(0, 4));
  const county = await call(ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  const township = await call(ledger, 'divisions.create', { level: 'township', parentId: county.id, code: '632123100000', name: '桦树镇' });
  const village = await call(ledger, 'divisions.create', { level: 'village', parentId: township.id, code: '632123100200', name: '前进村' });
  // Two projects at 谋划 (the fewest fields a project needs): one in a village, one township-wide.
  await call(ledger, 'projects.create', { year, townshipId: township.id, villageId: village.id, name: `前进村${year}年通组道路硬化项目`, fundCentralFen: 100_000_000 });
  await call(ledger, 'projects.create', { year, townshipId: township.id, name: `桦树镇${year}年小水窖建设项目`, fundCentralFen: 60_000_000 });

  // 资产 → 新增资产 → 来源项目: typed words find the road; picking it fills 乡镇 and 村.
  await page.goto(`${app.bridge.url}#/assets`);
  await page.getByTestId('add-asset').click();
  await page.getByTestId('asset-field-project').click();
  await page.keyboard.type('通组');
  await expect(option(page, '通组道路硬化项目')).toBeVisible();
  await expect(option(page, '小水窖')).toHaveCount(0);
  await shot(page, 'picker-asset-source-project');
  await option(page, '通组道路硬化项目').click();
  await expect(page.getByTestId('asset-field-township')).toContainText('桦树镇');
  await expect(page.getByTestId('asset-field-village')).toContainText('前进村');

  // 资金 → 拨付 → 新增: the list names the place and the money under each project.
  await page.goto(`${app.bridge.url}#/funds/payments`);
  await page.getByTestId('add-payment').click();
  await page.getByTestId('payment-field-project').click();
  await page.keyboard.type('小水窖');
  const water = option(page, '小水窖建设项目');
  await expect(water).toContainText(`${year} 年 · 桦树镇 · 资金规模 60.00 万元 · 已下达 0.00 · 已拨付 0.00`);
  await shot(page, 'picker-payment-project');
  await water.click();
  await expect(page.getByTestId('payment-project-money')).toContainText('资金规模 60.00 万元');
});
