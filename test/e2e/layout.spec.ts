// Issue 12, item 15: every main screen laid out for 1280×720 as well as 1440×900, with the demo county.
// Pictures of each screen at both sizes go to test-results/screenshots/layout-*; at 1280×720 the columns a
// clerk reads (问题描述, inspection names) keep a readable width and 项目库 scrolls sideways to 已拨付.
import type { Page } from '@playwright/test';
import { chromiumLaunchOptions } from './browser';
import { expect, shot, test } from './fixtures';

// Headless Chromium hides scrollbars by default; a clerk's Windows PC shows them, and whether one shows is
// what this test checks.
test.use({ launchOptions: { ...chromiumLaunchOptions(), ignoreDefaultArgs: ['--hide-scrollbars'] } });

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;

async function settle(page: Page): Promise<void> {
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0, { timeout: 30_000 });
  await page.waitForTimeout(300);
}

test('every main screen at 1280×720 and 1440×900 (demo county) @版式', async ({ page, app }) => {
  test.setTimeout(240_000);
  await page.goto(app.bridge.url);
  await page.getByTestId('welcome-demo').click();
  await expect(page.getByTestId('welcome-modal')).toBeHidden({ timeout: 90_000 });
  const screens: Array<[string, () => Promise<void>]> = [
    ['home', () => page.getByTestId('nav-home').click()],
    ['projects', () => page.getByTestId('nav-projects').click()],
    ['funds-allocations', async () => (await page.getByTestId('nav-funds').click(), page.getByTestId('tab-allocations').click())],
    ['funds-payments', () => page.getByTestId('tab-payments').click()],
    ['funds-progress', () => page.getByTestId('tab-progress').click()],
    ['assets', () => page.getByTestId('nav-assets').click()],
    ['supervision-inspections', async () => (await page.getByTestId('nav-supervision').click(), page.getByTestId('tab-inspections').click())],
    ['supervision-findings', () => page.getByTestId('tab-findings').click()],
    ['supervision-matrix', () => page.getByTestId('tab-matrix').click()],
    ['bulletins', () => page.getByTestId('nav-bulletins').click()],
    ['import', async () => (await page.getByTestId('nav-import').click(), page.getByTestId('tab-import-wizard').click())],
    ['import-history', () => page.getByTestId('tab-import-history').click()],
    ['divisions', async () => (await page.getByTestId('nav-divisions').click(), page.getByTestId('tab-divisions').click())],
    ['units', () => page.getByTestId('tab-units').click()],
    ['audit', () => page.getByTestId('nav-audit').click()],
    ['settings', () => page.getByTestId('nav-settings').click()],
  ];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const [name, open] of screens) {
      await open();
      await settle(page);
      await page.screenshot({ path: `test-results/screenshots/layout-${size.width}-${name}.png` });
    }
  }

  // ---- At 1280×720: the columns a clerk reads keep a readable width; 项目库 scrolls sideways to 已拨付.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByTestId('nav-projects').click();
  const grid = page.getByTestId('project-table');
  await expect(grid.locator('.vgrid-row:not(.vgrid-row-loading)').first()).toBeVisible();
  const gridBox = await grid.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, scrollbar: (el as HTMLElement).offsetHeight - el.clientHeight }));
  expect(gridBox.scrollWidth).toBeGreaterThan(gridBox.clientWidth);
  expect(gridBox.scrollbar).toBeGreaterThanOrEqual(10); // a horizontal scrollbar that takes room, so it shows
  await grid.evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
  });
  await page.waitForTimeout(200);
  const frame = (await grid.boundingBox())!;
  const actions = (await grid.locator('.vgrid-header .vgrid-sticky-right').boundingBox())!;
  for (const key of ['totalFen', 'paidFen']) {
    const head = (await page.getByTestId(`project-table-head-${key}`).boundingBox())!;
    expect(head.width).toBeGreaterThanOrEqual(110);
    expect(head.x).toBeGreaterThanOrEqual(frame.x);
    expect(head.x + head.width).toBeLessThanOrEqual(actions.x + 1); // not under the sticky 操作 column
  }
  await page.screenshot({ path: 'test-results/screenshots/layout-1280-projects-scrolled.png' });

  // 问题台账: 问题描述 at least ~18 characters wide.
  await page.getByTestId('nav-supervision').click();
  await page.getByTestId('tab-findings').click();
  const findings = page.getByTestId('finding-table');
  await expect(findings.locator('[data-testid=finding-open]').first()).toBeVisible();
  const description = findings.locator('th').filter({ hasText: '问题描述' });
  expect((await description.boundingBox())!.width).toBeGreaterThanOrEqual(230);
  expect((await findings.locator('[data-testid=finding-open]').first().boundingBox())!.width).toBeGreaterThanOrEqual(190);

  // The inspection list: every name shown whole (wrapped), in a column of readable width.
  await page.getByTestId('tab-inspections').click();
  const names = page.getByTestId('inspection-table').locator('[data-testid=inspection-open]');
  await expect(names.first()).toBeVisible();
  expect((await page.getByTestId('inspection-table').locator('th').filter({ hasText: '检查名称' }).boundingBox())!.width).toBeGreaterThanOrEqual(230);
  const cut = await names.evaluateAll((links) => links.filter((a) => a.scrollWidth > a.clientWidth + 1 || a.closest('td')!.scrollWidth > a.closest('td')!.clientWidth + 1).map((a) => a.textContent));
  expect(cut).toEqual([]);

  // 资金拨付: 项目 is not squeezed to a character.
  await page.getByTestId('nav-funds').click();
  await page.getByTestId('tab-payments').click();
  const payments = page.getByTestId('payment-table');
  await expect(payments.locator('tr.ant-table-row').first()).toBeVisible();
  expect((await payments.locator('th').filter({ hasText: /^项目$/ }).boundingBox())!.width).toBeGreaterThanOrEqual(200);
  void shot;
});
