// Two clerks on one ledger (issue 16, a version per row), in real Chromium: two browser pages open the same
// project; the first saves; the second's save is refused with who saved it and when, its inputs keep what it
// typed, a banner lists where the saved project differs; saving again (from the newer version) goes through. The
// other forms (here 督导检查) list what the other save changed.
import type { Page } from '@playwright/test';
import { dispatch } from '../../electron/platform/handlers';
import type { LedgerHandle } from '../../electron/platform/context';
import type { DivisionRow, InspectionDetail, ProjectDetail } from '../../shared/api';
import { localToday } from '../../shared/dates';
import { actAs, expect, ledgerSql, pageCall, shot, test } from './fixtures';

async function ok<T>(ledger: LedgerHandle, channel: string, input?: unknown): Promise<T> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as T;
}

const YEAR = Number(localToday().slice(0, 4));
const NAME = '前进村道路硬化项目';

async function openProject(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('welcome-modal')).toBeHidden();
  await page.getByTestId('nav-projects').click();
  await page.getByText(NAME).first().click();
  await expect(page.getByTestId('project-field-remark')).toBeVisible();
}

test('two pages edit the same project: the second save shows who saved, the newer values, and keeps what it typed @服务器', async ({ page, app, browser }) => {
  const county = await ok<DivisionRow>(app.ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  const huashu = await ok<DivisionRow>(app.ledger, 'divisions.create', { level: 'township', parentId: county.id, code: '632123100000', name: '桦树镇' });
  await ok(app.ledger, 'settings.update', { officeName: '青山县乡村振兴局' });
  await actAs(app, '张三');
  const project = await ok<ProjectDetail>(app.ledger, 'projects.create', { year: YEAR, name: NAME, townshipId: huashu.id, content: '硬化道路 2 公里' });

  // 李四's page: a second browser context, as a second PC would be.
  const other = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
  const lisPage = await other.newPage();
  await openProject(page, app.bridge.url);
  await openProject(lisPage, app.bridge.url);

  // 张三 saves first.
  await page.getByTestId('project-field-content').fill('硬化道路 3 公里，含排水沟');
  await page.getByTestId('project-field-remark').fill('已与桦树镇核对');
  await page.getByTestId('project-save').click();
  await expect(page.locator('.project-drawer')).toBeHidden();

  // 李四, from the form loaded before that save, changes 备注 and 负责人 and saves.
  await actAs(app, '李四');
  await lisPage.getByTestId('project-field-remark').fill('李四补充：资料已齐');
  await lisPage.getByTestId('project-field-responsiblePerson').fill('王工');
  await lisPage.getByTestId('project-save').click();

  const banner = lisPage.getByTestId('project-conflict');
  await expect(banner).toContainText(/这条项目记录已被 张三 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 修改，您的修改未保存。已显示最新内容，您填写的内容保留在表单中，请核对后再保存。/);
  await expect(lisPage.getByTestId('project-conflict-content')).toContainText('建设内容');
  await expect(lisPage.getByTestId('project-conflict-content')).toContainText('硬化道路 3 公里，含排水沟');
  await expect(lisPage.getByTestId('project-conflict-remark')).toContainText('已与桦树镇核对');
  await expect(lisPage.getByTestId('project-conflict-responsiblePerson')).toContainText('责任人：最新为空');
  // The drawer stays open with what 李四 typed, including the field 张三 changed.
  await expect(lisPage.getByTestId('project-field-remark')).toHaveValue('李四补充：资料已齐');
  await expect(lisPage.getByTestId('project-field-responsiblePerson')).toHaveValue('王工');
  await expect(lisPage.getByTestId('project-field-content')).toHaveValue('硬化道路 2 公里');
  await shot(lisPage, 'concurrent-edit-01-conflict');
  // Nothing of 李四's save reached the ledger.
  const stored = (await ledgerSql(app.ledger).get('select remark, responsible_person as person, version from projects where id = ?', [project.id]));
  expect(stored).toEqual({ remark: '已与桦树镇核对', person: null, version: 2 });

  // 李四 takes the newer 建设内容 and saves from the newer version: it goes through.
  await lisPage.getByTestId('project-field-content').fill('硬化道路 3 公里，含排水沟');
  await lisPage.getByTestId('project-save').click();
  await expect(lisPage.locator('.project-drawer')).toBeHidden();
  const saved = (await ledgerSql(app.ledger).get('select content, remark, responsible_person as person, version from projects where id = ?', [project.id]));
  expect(saved).toEqual({ content: '硬化道路 3 公里，含排水沟', remark: '李四补充：资料已齐', person: '王工', version: 3 });
  await other.close();
});

test('the other forms too: an inspection saved by another clerk while the form was open shows what changed and keeps the typing @服务器', async ({ page, app }) => {
  const county = await ok<DivisionRow>(app.ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  const huashu = await ok<DivisionRow>(app.ledger, 'divisions.create', { level: 'township', parentId: county.id, code: '632123100000', name: '桦树镇' });
  const inspection = await ok<InspectionDetail>(app.ledger, 'inspections.create', {
    name: '2026年第四季度巩固衔接督导检查',
    source: 'supervision',
    startDate: '2026-10-08',
    endDate: '2026-10-20',
    townshipIds: [huashu.id],
  });
  await page.goto(app.bridge.url);
  await expect(page.getByTestId('welcome-modal')).toBeHidden();
  await page.getByTestId('nav-supervision').click();
  await page.getByTestId('tab-inspections').click();
  await page.getByTestId('inspection-edit').first().click();
  await expect(page.getByTestId('inspection-field-leader')).toBeVisible();

  // 张三 saves the inspection from another PC while this form is open.
  await actAs(app, '张三');
  await pageCall(app, 'inspections.update', { id: inspection.id, version: inspection.version, leader: '王建国' });
  await actAs(app, '李四');

  await page.getByTestId('inspection-field-team').fill('县乡村振兴局第二督导组');
  await page.getByTestId('inspection-save').click();
  const banner = page.getByTestId('inspection-stale');
  await expect(banner).toContainText(/这条督导检查记录已被 张三 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 修改，您的修改未保存。/);
  await expect(page.getByTestId('inspection-stale-leader')).toContainText('王建国');
  await expect(page.getByTestId('inspection-field-team')).toHaveValue('县乡村振兴局第二督导组');
  await shot(page, 'concurrent-edit-02-inspection');

  // Saved again from the newer version: 李四's 检查组 and (as typed, empty) 组长.
  await page.getByTestId('inspection-field-leader').fill('王建国');
  await page.getByTestId('inspection-save').click();
  await expect(page.getByTestId('inspection-form')).toBeHidden();
  expect(await ledgerSql(app.ledger).get('select team, leader, version from inspections where id = ?', [inspection.id])).toEqual({ team: '县乡村振兴局第二督导组', leader: '王建国', version: 3 });
});
