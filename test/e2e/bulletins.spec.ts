// 简报 in real Chromium against browser mode, on the demo county: draft a bulletin from an inspection, see the
// preview (the printed pages in an iframe under the app's CSP), edit the 下步要求 paragraph and watch the
// preview follow, save, export the PDF, 签发, and find it in the list as issued.
import fs from 'node:fs';
import { dispatch } from '../../electron/platform/handlers';
import { expect, shot, test } from './fixtures';

test('简报: compose from an inspection, edit with live preview, export PDF, 签发 @服务器', async ({ page, app }) => {
  const demo = await dispatch(app.ledger, 'demo.load', { scale: 1 });
  expect(demo.ok).toBe(true);
  await page.goto(`${app.bridge.url}#/bulletins`);
  await expect(page.getByTestId('bulletins-screen')).toBeVisible();

  await page.getByTestId('bulletin-new').click();
  await expect(page.getByTestId('compose-inspection')).toContainText('问题');
  await page.getByRole('button', { name: '起 草' }).or(page.getByRole('button', { name: '起草', exact: true })).click();

  const editor = page.getByTestId('bulletin-editor');
  await expect(editor).toBeVisible();
  await expect(page.locator('[data-testid=bulletin-number] input, input[data-testid=bulletin-number]')).toHaveValue('1');
  const frame = page.frameLocator('[data-testid=bulletin-preview]');
  await expect(frame.locator('.page').first()).toContainText('第1期');
  await expect(frame.locator('.page').first()).toContainText('一、基本情况');
  const pagesText = await page.getByTestId('preview-pages').textContent();
  const pageCount = Number(/共 (\d+) 页/.exec(pagesText ?? '')?.[1]);
  expect(pageCount).toBeGreaterThan(2);
  await expect(frame.locator('.page')).toHaveCount(pageCount);
  await expect(frame.locator('.page').last()).toContainText('共印30份');
  // A draft says 草稿 on every page; 主要做法及成效 and 下步要求 come drafted from the ledger, not bare.
  await expect(frame.locator('.page .draft')).toHaveCount(pageCount);
  await expect(frame.locator('body')).toContainText('二、主要做法及成效');
  await expect(frame.locator('body')).toContainText('（一）抓紧整改到位');

  // The clerk rewrites the last paragraph (under 下步要求); the preview follows before saving.
  const sections = page.getByTestId('bulletin-sections').locator('.be-section');
  const last = sections.last().locator('textarea');
  await last.fill('各乡镇要对照问题清单逐项整改，12月15日前报送整改情况。');
  await expect(frame.locator('body')).toContainText('12月15日前报送整改情况');
  await expect(editor).toContainText('未保存');
  await shot(page, 'bulletins-editor');
  await page.keyboard.press('Control+s');
  await expect(editor).not.toContainText('未保存');

  const download = page.waitForEvent('download');
  await page.getByTestId('bulletin-pdf').click();
  const file = await (await download).path();
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');

  await page.getByTestId('bulletin-issue').click();
  await page.getByRole('button', { name: '签 发' }).or(page.getByRole('button', { name: '签发', exact: true })).last().click();
  await expect(editor).toContainText('已签发');
  await expect(page.getByTestId('bulletin-title')).toBeDisabled();
  // The issued pages carry no 草稿 mark.
  await expect(frame.locator('.page').first()).toContainText('第1期');
  await expect(frame.locator('.page .draft')).toHaveCount(0);
  await shot(page, 'bulletins-issued');

  await page.getByRole('button', { name: '简报列表' }).click();
  const row = page.locator('[data-testid^=bulletin-row-]').first();
  await expect(row).toContainText('第1期');
  await expect(row).toContainText('已签发');
  await page.getByTestId('bulletin-search').fill('12月15日前报送');
  await expect(page.locator('[data-testid^=bulletin-row-]')).toHaveCount(1);
  await page.getByTestId('bulletin-search').fill('没有这种简报');
  await expect(page.locator('[data-testid^=bulletin-row-]')).toHaveCount(0);
  await page.getByTestId('bulletin-search').fill('');
  await expect(page.locator('[data-testid^=bulletin-row-]')).toHaveCount(1);
  await shot(page, 'bulletins-list');
});

// A clerk who clicks 起草 the moment the dialog opens, while the list of inspections is still on its way:
// the click waits for the list and drafts from the default inspection (it once did nothing, or failed with
// 请选择一次检查, depending on which arrived first).
test('简报: 起草 clicked before the inspections have loaded still drafts', async ({ page, app }) => {
  expect((await dispatch(app.ledger, 'county.setup', { name: '青山县', code: '632123000000' })).ok).toBe(true);
  const created = await dispatch(app.ledger, 'inspections.create', { name: '2026年第四季度督导检查', source: 'supervision', startDate: '2026-11-02' });
  expect(created.ok).toBe(true);
  await page.route('**/api/call', async (route) => {
    const body = route.request().postDataJSON() as { channel?: string } | null;
    if (body?.channel === 'inspections.list') await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.goto(`${app.bridge.url}#/bulletins`);
  await expect(page.getByTestId('welcome-modal')).toBeHidden();
  await page.getByTestId('bulletin-new').click();
  await page.getByRole('button', { name: '起 草' }).or(page.getByRole('button', { name: '起草', exact: true })).click();
  await expect(page.getByTestId('bulletin-editor')).toBeVisible();
  await expect(page.getByTestId('bulletin-title')).toHaveValue(/2026年第四季度督导检查/);
});
