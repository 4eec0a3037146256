// The walking skeleton in real Chromium against browser mode: first run, 区划 entry with code checks,
// persistence across reloads, and the screens a clerk sees first.
import { expect, shot, test, ledgerSql } from './fixtures';

test('first run: blank start, add a township and a village, reload, still there; a bad code is refused in Chinese @服务器', async ({ page, app }) => {
  await page.goto(app.bridge.url);
  const welcome = page.getByTestId('welcome-modal');
  await expect(welcome).toBeVisible();
  await expect(welcome).toContainText('载入示例数据');
  await shot(page, '01-welcome');

  await page.getByTestId('welcome-blank').click();
  await page.getByTestId('welcome-county-name').fill('青山县');
  await page.getByTestId('welcome-county-code').fill('632123000000');
  await page.getByTestId('welcome-submit').click();
  await expect(welcome).toBeHidden();

  await page.getByTestId('nav-divisions').click();
  await expect(page.getByTestId('screen-title')).toHaveText('区划与单位');

  // A township: the code is prefilled from the next free 镇 code.
  await page.getByTestId('add-township').click();
  await expect(page.getByTestId('division-code')).toHaveValue('632123100000');
  await page.getByTestId('division-name').fill('桦树镇');
  await page.getByTestId('division-submit').click();
  const tree = page.getByTestId('division-tree');
  await expect(tree).toContainText('桦树镇');
  await expect(tree).toContainText('632123100000');

  // A village with a code of the wrong shape: refused at the field with a Chinese sentence, nothing saved.
  await tree.getByText('桦树镇').click();
  await page.getByTestId('add-village').click();
  await page.getByTestId('division-name').fill('前进村');
  await page.getByTestId('division-code').fill('63212310020');
  await page.getByTestId('division-submit').click();
  await expect(page.getByText(/应为 12 位数字/)).toBeVisible();
  await shot(page, '02-bad-village-code');
  await page.getByTestId('division-code').fill('632123200200');
  await page.getByTestId('division-submit').click();
  await expect(page.getByText(/前 9 位应与所属乡镇的代码 632123100 一致/)).toBeVisible();
  expect(await ledgerSql(app.ledger).value("select count(*) from divisions where level = 'village'")).toBe(0);

  await page.getByTestId('division-code').fill('632123100200');
  await page.getByTestId('division-submit').click();
  await expect(tree).toContainText('前进村');
  await expect(tree).toContainText('632123100200');

  await page.reload();
  await expect(page.getByTestId('screen-title')).toHaveText('区划与单位');
  await expect(page.getByTestId('division-tree')).toContainText('桦树镇');
  await expect(page.getByTestId('welcome-modal')).toBeHidden();
  // After a reload the tree opens at township level; the search finds the village and opens its branch.
  await page.getByTestId('division-search').fill('前进');
  await expect(page.getByTestId('division-tree')).toContainText('前进村');
  await expect(page.getByTestId('division-tree')).toContainText('632123100200');
  await shot(page, '03-divisions-after-reload');

  // 首页 counts what is in the file.
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('kpi-townships-value')).toContainText('1');
  await expect(page.getByTestId('kpi-villages-value')).toContainText('1');
});

test('demo data: 首页 shows the real county, 区划与单位 lists its places, 设置 saves', async ({ page, app }) => {
  await page.goto(app.bridge.url);
  await page.getByTestId('welcome-demo').click();
  await expect(page.getByTestId('welcome-modal')).toBeHidden({ timeout: 60_000 });
  const townships = (await ledgerSql(app.ledger).value("select count(*) from divisions where level = 'township'")) as number;
  const projects = (await ledgerSql(app.ledger).value('select count(*) from projects')) as number;
  await expect(page.getByTestId('kpi-townships-value')).toContainText(String(townships));
  await expect(page.getByTestId('kpi-projects-value')).toContainText(projects.toLocaleString('en-US'));
  await shot(page, '04-home-demo');

  await page.getByTestId('nav-divisions').click();
  await expect(page.getByTestId('division-tree')).toContainText('桦树镇');
  await shot(page, '05-divisions-demo');
  await page.getByTestId('division-search').fill('前进');
  await expect(page.getByTestId('division-tree')).toContainText('前进村');
  await page.getByTestId('tab-units').click();
  await expect(page.getByTestId('unit-table')).toContainText('县农业农村局');
  await shot(page, '06-units-demo');

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-operatorName').fill('王芳');
  await page.getByTestId('settings-save').click();
  await expect(page.getByText('设置已保存')).toBeVisible();
  await expect(page.getByTestId('operator-name')).toContainText('王芳');
  await shot(page, '07-settings');
  await page.reload();
  await expect(page.getByTestId('settings-operatorName')).toHaveValue('王芳');
});
