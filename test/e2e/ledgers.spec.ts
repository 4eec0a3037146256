// Issue 3 in real Chromium: a clerk creates a project through the form, gives it money (a 下达 with its split
// and a 拨付), and sees 支出进度 and 首页 move by exactly those sums (the expectations come from the service,
// read before and after); a payment beyond the project's funds is refused at the amount field with both sums
// named and nothing written; bad input (a day that does not exist, non-fen or negative money) is refused at
// the field in Chinese. A second test loads the demo county and checks 项目库 stays windowed.
import type { Locator, Page } from '@playwright/test';
import { dispatch } from '../../electron/platform/handlers';
import type { LedgerHandle } from '../../electron/platform/context';
import type { Channel, ChannelInput, ChannelResult, ProgressGroupRow } from '../../shared/api';
import { localToday } from '../../shared/dates';
import { formatWanRounded } from '../../shared/money';
import { expect, shot, test, ledgerSql } from './fixtures';

/** One channel through the same dispatch the bridge uses; a refusal fails the test with its message. */
async function call<C extends Channel>(ledger: LedgerHandle, channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as ChannelResult<C>;
}

/** 万元 as displayed ("1,234.56万元", "80.00") back to fen. */
const fenOfWanText = (text: string) => Math.round(Number(text.replace(/[^\d.-]/g, '')) * 1_000_000);
const WAN = 1_000_000; // fen in one 万元
const percentText = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

interface County {
  year: number;
  today: string;
  townshipId: number;
  otherTownshipId: number;
  villageId: number;
  departmentId: number;
}

/**
 * A small county through the API: 青山县 with two townships, a village, a 主管部门, and in each township a
 * project that has started, with a central allocation split to both and a payment on each — so the figures
 * the clerk watches are not zero before she starts.
 */
async function smallCounty(ledger: LedgerHandle): Promise<County> {
  const today = localToday();
  const year = Number(today.slice(0, 4));
  const county = await call(ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  const township = await call(ledger, 'divisions.create', { level: 'township', parentId: county.id, code: '632123100000', name: '桦树镇' });
  const other = await call(ledger, 'divisions.create', { level: 'township', parentId: county.id, code: '632123101000', name: '青山镇' });
  const village = await call(ledger, 'divisions.create', { level: 'village', parentId: township.id, code: '632123100200', name: '前进村' });
  await call(ledger, 'divisions.create', { level: 'village', parentId: other.id, code: '632123101201', name: '新桑村' });
  const department = await call(ledger, 'units.create', { name: '县农业农村局', kind: 'department' });
  const types = await call(ledger, 'projectTypes.list', {});
  const building = types.find((t) => t.name === '乡村建设行动') ?? types[1]!;
  const started = {
    year,
    categoryId: building.id,
    constructionNature: '新建',
    content: '硬化道路 2 公里',
    plannedStart: `${year}-01`,
    plannedEnd: `${year}-12`,
    actualStart: `${year}-01`,
    departmentId: department.id,
    beneficiaryHouseholds: 80,
    performanceTarget: '通组道路硬化率 100%',
    farmerLinkage: ['劳务联结' as const],
    publicityStart: `${year}-01-01`,
    publicityEnd: `${year}-01-10`,
    publicityResult: 'noObjection' as const,
    status: 'started' as const,
  };
  const road = await call(ledger, 'projects.create', { ...started, name: `桦树镇${year}年通组道路硬化项目`, townshipId: township.id, fundCentralFen: 100 * WAN });
  const water = await call(ledger, 'projects.create', { ...started, name: `青山镇${year}年小水窖建设项目`, townshipId: other.id, fundCentralFen: 60 * WAN });
  const allocation = await call(ledger, 'allocations.create', { docNumber: `青财农字〔${year}〕12号`, level: 'central', date: today, amountFen: 200 * WAN });
  await call(ledger, 'allocationSplits.set', {
    allocationId: allocation.id,
    version: allocation.version,
    splits: [
      { projectId: road.id, amountFen: 100 * WAN },
      { projectId: water.id, amountFen: 60 * WAN },
    ],
  });
  await call(ledger, 'payments.create', { projectId: road.id, allocationId: allocation.id, date: today, amountFen: 40 * WAN, payee: '县路桥公司' });
  await call(ledger, 'payments.create', { projectId: water.id, allocationId: allocation.id, date: today, amountFen: 30 * WAN, payee: '青山镇政府' });
  return { year, today, townshipId: township.id, otherTownshipId: other.id, villageId: village.id, departmentId: department.id };
}

/** The open antd dropdown's option with this text (Select, Cascader and AutoComplete lists). */
function option(page: Page, text: string): Locator {
  return page
    .locator('.ant-select-dropdown .ant-select-item-option, .ant-cascader-dropdown .ant-cascader-menu-item')
    .filter({ visible: true })
    .filter({ hasText: text })
    .first();
}

async function pick(page: Page, testId: string, text: string, search?: string): Promise<void> {
  await page.getByTestId(testId).click();
  if (search) await page.keyboard.type(search);
  await option(page, text).click();
}

/** The form item around a control: its error line is where a refusal must appear (not one fading out). */
function fieldError(page: Page, testId: string): Locator {
  return page
    .locator('.ant-form-item')
    .filter({ has: page.getByTestId(testId) })
    .locator('.ant-form-item-explain-error:not(.ant-form-show-help-item-leave)');
}

/** A date picker's text box: type the day and confirm. */
async function typeDate(page: Page, testId: string, day: string): Promise<void> {
  const input = page.getByTestId(testId).locator('input').or(page.locator(`input[data-testid="${testId}"]`)).first();
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await expect(input).toHaveValue(day);
}

/** Before a picture: no form message still fading in or out. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('.ant-form-show-help-item-appear, .ant-form-show-help-item-leave')).toHaveCount(0);
}

async function progressRow(page: Page, township: string): Promise<{ allocated: number; spent: number; percent: string }> {
  const row = page.getByTestId('progress-table').locator('tr.ant-table-row').filter({ hasText: township });
  const cells = row.locator('td');
  return {
    allocated: fenOfWanText(await cells.nth(3).innerText()),
    spent: fenOfWanText(await cells.nth(4).innerText()),
    percent: (await cells.nth(5).innerText()).trim(),
  };
}

async function expectProgressRow(page: Page, row: ProgressGroupRow): Promise<void> {
  const tr = page.getByTestId('progress-table').locator('tr.ant-table-row').filter({ hasText: row.name });
  await expect(tr.locator('td').nth(3)).toHaveText(formatWanRounded(row.allocatedFen));
  await expect(tr.locator('td').nth(4)).toHaveText(formatWanRounded(row.spentFen));
  await expect(tr.locator('td').nth(5)).toHaveText(percentText(row.progressPercent));
}

interface HomeFigures {
  allocated: number;
  paid: number;
  progressAllocated: number;
  progressSpent: number;
  progressPercent: string;
  paidNotStarted: number;
}

async function readHome(page: Page): Promise<HomeFigures> {
  const text = async (id: string) => (await page.getByTestId(id).innerText()).trim();
  return {
    allocated: fenOfWanText(await text('kpi-allocated-value')),
    paid: fenOfWanText(await text('kpi-paid-value')),
    progressAllocated: fenOfWanText(await text('home-progress-allocated')),
    progressSpent: fenOfWanText(await text('home-progress-spent')),
    progressPercent: await text('home-progress-percent'),
    paidNotStarted: Number(await text('flag-paidNotStarted-count')),
  };
}

const count = async (ledger: LedgerHandle, table: 'projects' | 'payments' | 'allocations') =>
  (await ledgerSql(ledger).value(`select count(*) from ${table} where deleted_at is null`)) as number;

test('a new project gets a 下达 and a 拨付 through the screens; 支出进度 and 首页 move by those sums; over-funds and bad input are refused @服务器', async ({ page, app }) => {
  // Four screens and three dialogs: about 20–45 s on this machine, more when other specs run beside it.
  test.slow();
  const ledger = app.ledger;
  const c = await smallCounty(ledger);
  const summaryNow = () => call(ledger, 'progress.summary', { year: c.year, cutoff: c.today, level: 'all' });
  const flagsNow = () => call(ledger, 'progress.flags', { cutoff: c.today, limit: 10 });
  const dashboardNow = () => call(ledger, 'dashboard.summary', {});
  const before = { summary: await summaryNow(), flags: await flagsNow(), dashboard: await dashboardNow() };
  const townshipBefore = before.summary.byTownship.find((r) => r.id === c.townshipId)!;

  // ---- 首页 before: the figures are the service's.
  await page.goto(app.bridge.url);
  await expect(page.getByTestId('welcome-modal')).toBeHidden();
  await expect(page.getByTestId('home-progress-allocated')).toContainText(formatWanRounded(before.summary.overall.allocatedFen));
  await expect(page.getByTestId('kpi-paid-value')).toContainText(formatWanRounded(before.dashboard.paidFen));
  await expect(page.getByTestId('flag-paidNotStarted-count')).toHaveText(String(before.flags.paidNotStarted.count));
  const homeBefore = await readHome(page);
  expect(homeBefore.progressSpent).toBe(before.summary.overall.spentFen);
  expect(homeBefore.allocated).toBe(before.dashboard.allocatedFen);

  // ---- 支出进度 before: 桦树镇's row.
  await page.getByTestId('nav-funds').click();
  await page.getByTestId('tab-progress').click();
  await expectProgressRow(page, townshipBefore);
  const rowBefore = await progressRow(page, '桦树镇');

  // ---- 项目库: the form, with a day that does not exist and money that is not whole fen refused at the field.
  await page.getByTestId('nav-projects').click();
  await expect(page.getByTestId('project-table').locator('[role=row].vgrid-row')).toHaveCount(2);
  await expect(page.getByTestId('project-total-count')).toHaveText('2');
  await page.getByTestId('add-project').click();
  const form = page.getByTestId('project-form');
  await expect(form).toBeVisible();
  const name = `桦树镇前进村${c.year}年高原夏菜种植基地建设项目`;
  await page.getByTestId('project-field-year').fill(String(c.year));
  await page.getByTestId('project-field-name').fill(name);
  await pick(page, 'project-field-status', '资金下达');
  await page.getByTestId('project-field-category').click();
  await option(page, '产业发展').click();
  await option(page, '生产项目').click();
  await page.getByTestId('project-field-constructionNature').locator('input').fill('新建');
  await pick(page, 'project-field-township', '桦树镇');
  await pick(page, 'project-field-village', '前进村');
  await page.getByTestId('project-field-content').fill('新建蔬菜大棚 40 座及配套灌溉设施');
  await pick(page, 'project-field-department', '县农业农村局');
  await page.getByTestId('project-field-households').fill('120');
  await page.getByTestId('project-field-povertyHouseholds').fill('45');
  await page.getByTestId('project-field-performanceTarget').fill('带动 120 户年均增收 3000 元');
  await pick(page, 'project-field-farmerLinkage', '订单联结');
  await page.keyboard.press('Escape');
  // Money in 万元 (the drawer's default unit): seven decimals are not a whole fen.
  await expect(page.getByTestId('project-unit-switch')).toContainText('万元');
  await page.getByTestId('project-field-fundCentral').fill('50.1234567');
  await page.getByTestId('project-field-plannedStart').fill(`${c.year}-02-30`);
  await page.getByTestId('project-field-plannedEnd').fill(`${c.year}-11-30`);
  await page.getByTestId('project-save').click();
  await expect(fieldError(page, 'project-field-plannedStart')).toHaveText(`计划开工日期“${c.year}-02-30”不是有效日期，请按 2024-03-05 或 2024年3月5日 填写存在的日期；只知道月份时填 2024-03`);
  await expect(fieldError(page, 'project-field-fundCentral').filter({ hasText: '不是整分' })).toHaveText('金额“50.1234567”万元不是整分，万元最多保留 6 位小数');
  await page.getByTestId('project-field-plannedStart').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await settled(page);
  await shot(page, 'ledgers-01-project-form-refusals');
  expect(await count(ledger, 'projects')).toBe(2);
  // A negative amount is refused too.
  await page.getByTestId('project-field-fundCentral').fill('-50');
  await expect(fieldError(page, 'project-field-fundCentral').filter({ hasText: '负数' })).toHaveText('金额“-50”不能为负数');
  expect(await count(ledger, 'projects')).toBe(2);

  await page.getByTestId('project-field-fundCentral').fill('50');
  await page.getByTestId('project-field-plannedStart').fill(`${c.year}-03-01`);
  await expect(fieldError(page, 'project-field-plannedStart')).toHaveCount(0);
  await expect(fieldError(page, 'project-field-fundCentral')).toHaveCount(0);
  // 万元 as the office writes it: no trailing zeros (formatMoney).
  await expect(page.getByTestId('project-fund-total')).toContainText('50 万元');
  await expect(page.getByTestId('project-fund-total')).toContainText('500,000.00 元');
  await expect(page.getByTestId('project-field-code')).not.toHaveValue('');
  await settled(page);
  await page.getByTestId('project-field-year').scrollIntoViewIfNeeded();
  await shot(page, 'ledgers-02-project-form');
  // 公示 before 入库 (资金下达 is after it): 监督电话 starts at 12317; an objection still open is refused at 公示结果
  // with the 入库 requirement's words, and nothing is saved; 无异议 saves.
  await expect(page.getByTestId('project-field-supervisionPhone')).toHaveValue('12317');
  await page.getByTestId('project-field-publicityStart').fill(`${c.year}-01-10`);
  await page.getByTestId('project-field-publicityEnd').fill(`${c.year}-01-19`);
  await page.getByTestId('project-field-publicityPlace').fill('前进村村务公开栏');
  await pick(page, 'project-field-publicityResult', '有异议未处理');
  await page.getByTestId('project-save').click();
  await expect(fieldError(page, 'project-field-publicityResult')).toHaveText('入库项目须填写公示（开始、结束日期，公示结果为无异议或有异议已处理）');
  await page.getByTestId('project-field-publicityResult').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await settled(page);
  await shot(page, 'ledgers-02b-project-publicity');
  expect(await count(ledger, 'projects')).toBe(2);
  await pick(page, 'project-field-publicityResult', '无异议');
  await expect(fieldError(page, 'project-field-publicityResult')).toHaveCount(0);
  await page.getByTestId('project-save').click();
  await expect(form).toBeHidden();
  const table = page.getByTestId('project-table');
  await expect(table).toContainText(name);
  await expect(page.getByTestId('project-total-count')).toHaveText('3');
  const project = (await ledgerSql(ledger).get('select id, year, township_id as "townshipId", village_id as "villageId", status, fund_central_fen as central, planned_start as "plannedStart", planned_end as "plannedEnd" from projects where name = ?', [name])) as { id: number; year: number; townshipId: number; villageId: number; status: string; central: number; plannedStart: string; plannedEnd: string };
  expect(project).toMatchObject({
    year: c.year,
    townshipId: c.townshipId,
    villageId: c.villageId,
    status: 'funded',
    central: 50 * WAN,
    plannedStart: `${c.year}-03-01`,
    plannedEnd: `${c.year}-11-30`,
  });
  await shot(page, 'ledgers-03-projects');

  // ---- 资金下达: 80 万元 of central money, 50 万元 of it split to the new project.
  await page.getByTestId('nav-funds').click();
  await page.getByTestId('tab-allocations').click();
  await page.getByTestId('add-allocation').click();
  await page.getByTestId('allocation-field-docNumber').fill(`青财农字[${c.year}]88号`);
  await expect(page.getByTestId('allocation-field-docNumber')).toHaveValue(`青财农字〔${c.year}〕88号`);
  await pick(page, 'allocation-field-level', '中央');
  await typeDate(page, 'allocation-field-date', c.today);
  await page.getByTestId('allocation-field-amount').fill('80');
  await expect(page.getByTestId('allocation-field-amount-unit')).toContainText('万元');
  await page.getByTestId('split-add').click();
  await pick(page, 'split-project-0', name, '高原夏菜');
  await page.getByTestId('split-amount-0').fill('50');
  await expect(page.getByTestId('split-remaining')).toContainText('剩余可分配 30.00');
  await page.getByTestId('allocation-save').click();
  await expect(page.getByTestId('allocation-form')).toBeHidden();
  await expect(page.getByTestId('allocation-table')).toContainText(`青财农字〔${c.year}〕88号`);
  const allocation = (await ledgerSql(ledger).get('select id, amount_fen as amount, level, year from allocations where doc_number = ?', [`青财农字〔${c.year}〕88号`])) as {
    id: number;
    amount: number;
    level: string;
    year: number;
  };
  expect(allocation).toMatchObject({ amount: 80 * WAN, level: 'central', year: c.year });
  expect(await ledgerSql(ledger).all('select project_id as "projectId", amount_fen as amount from allocation_splits where allocation_id = ?', [allocation.id])).toEqual([
    { projectId: project.id, amount: 50 * WAN },
  ]);

  // ---- 资金拨付: 125 000 元 on the new project.
  await page.getByTestId('tab-payments').click();
  const paymentsBefore = await count(ledger, 'payments');
  await page.getByTestId('add-payment').click();
  await pick(page, 'payment-field-project', name, '高原夏菜');
  await expect(page.getByTestId('payment-project-money')).toContainText('资金规模 50.00 万元');
  await typeDate(page, 'payment-field-date', c.today);
  await page.getByTestId('payment-field-amount').fill('125000');
  await expect(page.getByTestId('payment-field-amount-unit')).toContainText('元');
  await page.getByTestId('payment-save').click();
  await expect(page.getByTestId('payment-form')).toBeHidden();
  await expect(page.getByTestId('payment-table')).toContainText('125,000.00');
  expect(await count(ledger, 'payments')).toBe(paymentsBefore + 1);
  expect(await ledgerSql(ledger).value('select sum(amount_fen) from payments where project_id = ? and deleted_at is null', [project.id])).toBe(125_000_00);

  // ---- A payment beyond the project's funds: refused at 金额 with both sums named, nothing written.
  const paymentsAfterOne = await count(ledger, 'payments');
  await page.getByTestId('add-payment').click();
  await pick(page, 'payment-field-project', name, '高原夏菜');
  await expect(page.getByTestId('payment-project-money')).toContainText('尚可拨付 37.50 万元');
  await typeDate(page, 'payment-field-date', c.today);
  // Bad amounts first: negative, then not a whole fen — refused in Chinese before anything is sent.
  await page.getByTestId('payment-field-amount').fill('-100');
  await page.getByTestId('payment-save').click();
  await expect(fieldError(page, 'payment-field-amount').filter({ hasText: '负数' })).toHaveText('金额“-100”不能为负数');
  await page.getByTestId('payment-field-amount').fill('100.005');
  await expect(fieldError(page, 'payment-field-amount').filter({ hasText: '不是整分' })).toHaveText('金额“100.005”元不是整分，元最多保留 2 位小数');
  expect(await count(ledger, 'payments')).toBe(paymentsAfterOne);
  await page.getByTestId('payment-field-amount').fill('400000');
  await page.getByTestId('payment-save').click();
  // The service's sentence, at the field: the project's funds, what is paid, this payment and the excess.
  await expect(fieldError(page, 'payment-field-amount')).toHaveText(
    '该项目资金规模 500,000.00 元，已拨付 125,000.00 元，本次 400,000.00 元将超出 25,000.00 元，不能保存；请核对金额或先调整项目资金规模',
  );
  await settled(page);
  await shot(page, 'ledgers-04-payment-refused');
  await expect(page.getByTestId('payment-form')).toBeVisible();
  expect(await count(ledger, 'payments')).toBe(paymentsAfterOne);
  expect(await ledgerSql(ledger).value('select sum(amount_fen) from payments where project_id = ? and deleted_at is null', [project.id])).toBe(125_000_00);
  await page.getByRole('dialog').getByRole('button', { name: /取\s*消/ }).click();
  await page.getByTestId('unsaved-discard').click();
  await expect(page.getByTestId('payment-form')).toBeHidden();

  // ---- 支出进度 after: what the service says now, and 桦树镇 moved by the split and the payment.
  const after = { summary: await summaryNow(), flags: await flagsNow(), dashboard: await dashboardNow() };
  const townshipAfter = after.summary.byTownship.find((r) => r.id === c.townshipId)!;
  expect(townshipAfter.allocatedFen - townshipBefore.allocatedFen).toBe(50 * WAN);
  expect(townshipAfter.spentFen - townshipBefore.spentFen).toBe(125_000_00);
  expect(after.summary.overall.allocatedFen - before.summary.overall.allocatedFen).toBe(80 * WAN);
  expect(after.summary.overall.spentFen - before.summary.overall.spentFen).toBe(125_000_00);
  // The other township did not move.
  expect(after.summary.byTownship.find((r) => r.id === c.otherTownshipId)).toEqual(before.summary.byTownship.find((r) => r.id === c.otherTownshipId));
  await page.getByTestId('tab-progress').click();
  await expectProgressRow(page, townshipAfter);
  const rowAfter = await progressRow(page, '桦树镇');
  expect(rowAfter.allocated - rowBefore.allocated).toBe(townshipAfter.allocatedFen - townshipBefore.allocatedFen);
  expect(rowAfter.spent - rowBefore.spent).toBe(townshipAfter.spentFen - townshipBefore.spentFen);
  expect(rowAfter.percent).not.toBe(rowBefore.percent);
  await expect(page.getByTestId('progress-overall-percent')).toHaveText(percentText(after.summary.overall.progressPercent));
  await expect(page.getByTestId('progress-chart').locator('canvas')).toBeVisible();
  await page.waitForTimeout(500); // the bars' grow-in animation (300 ms) before the picture
  await shot(page, 'ledgers-05-progress');

  // ---- 首页 after: the headline figures and the 未开工先拨付 flag moved as the service says.
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('home-progress-allocated')).toContainText(formatWanRounded(after.summary.overall.allocatedFen));
  await expect(page.getByTestId('home-progress-spent')).toContainText(formatWanRounded(after.summary.overall.spentFen));
  await expect(page.getByTestId('home-progress-percent')).toHaveText(percentText(after.summary.overall.progressPercent));
  await expect(page.getByTestId('kpi-allocated-value')).toContainText(formatWanRounded(after.dashboard.allocatedFen));
  await expect(page.getByTestId('kpi-paid-value')).toContainText(formatWanRounded(after.dashboard.paidFen));
  await expect(page.getByTestId('flag-paidNotStarted-count')).toHaveText(String(after.flags.paidNotStarted.count));
  const homeAfter = await readHome(page);
  expect(homeAfter.allocated - homeBefore.allocated).toBe(80 * WAN);
  expect(homeAfter.paid - homeBefore.paid).toBe(125_000_00);
  expect(homeAfter.progressAllocated - homeBefore.progressAllocated).toBe(80 * WAN);
  expect(homeAfter.progressSpent - homeBefore.progressSpent).toBe(125_000_00);
  expect(homeAfter.progressPercent).not.toBe(homeBefore.progressPercent);
  // A payment on a project still at 资金下达 (not started) raises the flag for exactly that project.
  expect(homeAfter.paidNotStarted - homeBefore.paidNotStarted).toBe(1);
  expect(after.flags.paidNotStarted.items.map((i) => i.projectId)).toContain(project.id);
  await page.getByTestId('flag-paidNotStarted').click();
  await expect(page.getByTestId('flag-list')).toContainText(name);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('flag-list')).toBeHidden();
  await page.waitForTimeout(500);
  await shot(page, 'ledgers-06-home');
});

test('demo county: 项目库 keeps only the rows in view in the DOM, down to the last one', async ({ page, app }) => {
  await page.goto(app.bridge.url);
  await page.getByTestId('welcome-demo').click();
  await expect(page.getByTestId('welcome-modal')).toBeHidden({ timeout: 60_000 });
  const total = (await ledgerSql(app.ledger).value('select count(*) from projects where deleted_at is null')) as number;
  expect(total).toBeGreaterThan(500);

  await page.getByTestId('nav-projects').click();
  const grid = page.getByTestId('project-table');
  await expect(grid.locator('.vgrid-row:not(.vgrid-row-loading)').first()).toBeVisible();
  await expect(page.getByTestId('project-total-count')).toHaveText(total.toLocaleString('zh-CN'));
  await shot(page, 'ledgers-07-projects-demo');

  // Scroll to the very end: the last row (序号 = total) is painted and the DOM still holds a screenful.
  const last = grid.locator(`[role=row][aria-rowindex="${total + 1}"]`);
  for (let i = 0; i < 20 && !(await last.isVisible()); i += 1) {
    await grid.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.waitForTimeout(100);
  }
  await expect(last).toBeVisible();
  await expect(last.locator('[role=gridcell]').first()).toHaveText(String(total));
  await expect(last).not.toHaveClass(/vgrid-row-loading/);
  const rows = await grid.locator('[role=row]').count();
  expect(rows).toBeLessThan(100);
  await expect(grid.locator('[role=row][aria-rowindex="2"]')).toHaveCount(0);
  await shot(page, 'ledgers-08-projects-demo-end');
});
