// The views a supervisor asks for, against counts worked out by hand from a small ledger (today 2026-11-24):
//
//   inspection A (2026-03-01 … 03-10)                          inspection B (2026-09-01 … 09-10)
//   f1 桦树镇/前进村 住房安全 2026-06-30 整改中   overdue        f7 南山乡/小河村 住房安全 立行立改→10-10 未启动 overdue
//   f2 桦树镇/新桑村 饮水安全 2026-12-31 未启动                   f8 桦树镇/前进村 饮水安全 2026-12-01 已销号
//   f3 桦树镇 项目资金管理 2026-11-28 未启动        due in 4 days  f9 桦树镇 防返贫监测帮扶 2026-12-01 整改中  due in 7 days
//   f4 南山乡/小河村 住房安全 2026-11-24 整改中     due today     f10 南山乡 deleted (would be overdue)
//   f5 南山乡 作风建设 长期坚持 (长期坚持)
//   f6 no township 档案资料 2026-10-31 已完成待销号
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import type { FindingCategoryRow, FindingDashboard, FindingDetail, FindingListRow, FindingMatrix, FindingSearchResult, Page } from '../../shared/api';
import { localToday } from '../../shared/dates';
import { isFindingOverdue } from '../../shared/supervision/findings';
import { setupSupervision, TODAY, type Supervision } from '../helpers/supervision-fixture';

let s: Supervision;
const id: Record<string, number> = {};
let inspA: number;
let inspB: number;

beforeAll(async () => {
  s = await setupSupervision();
  const { c } = s;
  inspA = (await s.inspection({ name: '2026年一季度督导', startDate: '2026-03-01', endDate: '2026-03-10' })).id;
  inspB = (await s.inspection({ name: '2026年三季度督导', startDate: '2026-09-01', endDate: '2026-09-10' })).id;
  const make = async (key: string, inspection: number, over: Record<string, unknown>) => {
    id[key] = (await s.finding(inspection, over)).id;
  };
  await make('f1', inspA, { townshipId: c.huashu.id, villageId: c.qianjin.id, category: 'housing', description: '前进村危房未改造', deadline: '2026年6月30日前' });
  await make('f2', inspA, { townshipId: c.huashu.id, villageId: c.xinsang.id, category: 'water', description: '新桑村饮水水质不达标', deadline: '2026年底前' });
  await make('f3', inspA, { townshipId: c.huashu.id, villageId: null, category: 'projectFunds', description: '项目资金拨付滞后', deadline: '2026-11-28' });
  await make('f4', inspA, { townshipId: c.nanshan.id, villageId: c.xiaohe.id, category: 'housing', description: '小河村住房鉴定不全', deadline: '2026年11月24日' });
  await make('f5', inspA, { townshipId: c.nanshan.id, villageId: null, category: 'workStyle', description: '干部作风不实', deadline: '长期坚持' });
  await make('f6', inspA, { townshipId: null, villageId: null, category: 'records', description: '县直部门档案资料不规范', responsibleUnit: '县档案局', deadline: '2026-10-31' });
  await make('f7', inspB, { townshipId: c.nanshan.id, villageId: c.xiaohe.id, category: 'housing', description: '小河村危房户未及时排查', deadline: '立行立改' });
  await make('f8', inspB, { townshipId: c.huashu.id, villageId: c.qianjin.id, category: 'water', description: '前进村管网漏损', deadline: '2026-12-01' });
  await make('f9', inspB, { townshipId: c.huashu.id, villageId: null, category: 'monitoring', description: '监测户帮扶措施不落实', deadline: '2026-12-01' });
  await make('f10', inspB, { townshipId: c.nanshan.id, villageId: null, category: 'housing', description: '已删除的问题', deadline: '2026-09-30' });
  await s.advance(id.f1!, 'inProgress', '2026-04-01');
  await s.advance(id.f4!, 'inProgress', '2026-04-01');
  await s.advance(id.f6!, 'awaitingClose', '2026-10-20');
  await s.advance(id.f8!, 'closed', '2026-11-01');
  await s.advance(id.f9!, 'inProgress', '2026-10-01');
  await s.api.ok('findings.delete', { id: id.f10!, reason: '重复录入' });
});
afterAll(() => s.ledger.dispose());

const zero = { notStarted: 0, inProgress: 0, awaitingClose: 0, closed: 0, ongoing: 0 };
const key = (fid: number) => Object.keys(id).find((k) => id[k] === fid);

describe('乡镇 × 状态矩阵', () => {
  it('counts every township (and the findings that name none) by status, with open and overdue', async () => {
    const m = await s.api.ok<FindingMatrix>('findings.matrix', { today: TODAY });
    expect(m.statuses.map((x) => x.label)).toEqual(['未启动', '整改中', '已完成待销号', '已销号', '长期坚持']);
    expect(m.rows).toEqual([
      { townshipId: s.c.huashu.id, township: '桦树镇', counts: { ...zero, notStarted: 2, inProgress: 2, closed: 1 }, total: 5, open: 4, overdue: 1 },
      { townshipId: s.c.nanshan.id, township: '南山乡', counts: { ...zero, notStarted: 1, inProgress: 1, ongoing: 1 }, total: 3, open: 3, overdue: 1 },
      { townshipId: null, township: '未指定乡镇（县直部门等）', counts: { ...zero, awaitingClose: 1 }, total: 1, open: 0, overdue: 0 },
    ]);
    expect(m.totals).toEqual({
      townshipId: null,
      township: '合计',
      counts: { notStarted: 3, inProgress: 3, awaitingClose: 1, closed: 1, ongoing: 1 },
      total: 9,
      open: 7,
      overdue: 2,
    });
  });

  it('follows the day asked for and the filters', async () => {
    const later = await s.api.ok<FindingMatrix>('findings.matrix', { today: '2026-12-02' });
    expect(later.rows.map((r) => r.overdue)).toEqual([3, 2, 0]);
    expect(later.totals.overdue).toBe(5);
    const early = await s.api.ok<FindingMatrix>('findings.matrix', { today: '2026-06-30' });
    expect(early.totals.overdue).toBe(0);
    const b = await s.api.ok<FindingMatrix>('findings.matrix', { today: TODAY, inspectionId: inspB });
    expect(b.rows).toHaveLength(2);
    expect(b.rows[0]).toMatchObject({ counts: { ...zero, inProgress: 1, closed: 1 }, total: 2, overdue: 0 });
    expect(b.rows[1]).toMatchObject({ counts: { ...zero, notStarted: 1 }, total: 1, overdue: 1 });
    const housing = await s.api.ok<FindingMatrix>('findings.matrix', { today: TODAY, category: ['housing'] });
    expect(housing.rows.map((r) => r.total)).toEqual([1, 2]);
    expect((await s.api.ok<FindingMatrix>('findings.matrix', { today: TODAY, year: 2025 })).totals.total).toBe(0);
  });
});

describe('逾期、7 日内到期、按类别、首页数字', () => {
  it('lists overdue findings, earliest deadline first', async () => {
    const r = await s.api.ok<FindingSearchResult>('findings.overdue', { today: TODAY });
    expect(r.rows.map((x) => key(x.id))).toEqual(['f1', 'f7']);
    expect(r.rows.map((x) => x.daysLeft)).toEqual([-147, -45]);
    expect(r.rows.every((x) => x.overdue)).toBe(true);
    expect(r).toMatchObject({ total: 2, overdueCount: 2 });
    expect((await s.api.ok<FindingSearchResult>('findings.overdue', { today: TODAY, townshipId: s.c.nanshan.id })).rows.map((x) => key(x.id))).toEqual(['f7']);
  });

  it('lists open findings due within 7 days from a given today (today and the 7th day included)', async () => {
    const r = await s.api.ok<FindingSearchResult>('findings.dueSoon', { today: TODAY });
    expect(r.rows.map((x) => key(x.id))).toEqual(['f4', 'f3', 'f9']);
    expect(r.rows.map((x) => x.daysLeft)).toEqual([0, 4, 7]);
    expect((await s.api.ok<FindingSearchResult>('findings.dueSoon', { today: TODAY, days: 3 })).rows.map((x) => key(x.id))).toEqual(['f4']);
    expect((await s.api.ok<FindingSearchResult>('findings.dueSoon', { today: '2026-11-25' })).rows.map((x) => key(x.id))).toEqual(['f3', 'f9']);
  });

  it('counts per category, all fifteen in order', async () => {
    const { rows } = await s.api.ok<{ today: string; rows: FindingCategoryRow[] }>('findings.byCategory', { today: TODAY });
    expect(rows).toHaveLength(15);
    const by = Object.fromEntries(rows.map((r) => [r.category, r]));
    expect(by.housing).toMatchObject({ label: '住房安全', total: 3, open: 3, overdue: 2, counts: { ...zero, notStarted: 1, inProgress: 2 } });
    expect(by.water).toMatchObject({ total: 2, open: 1, overdue: 0, counts: { ...zero, notStarted: 1, closed: 1 } });
    expect(by.projectFunds).toMatchObject({ total: 1, open: 1 });
    expect(by.workStyle).toMatchObject({ total: 1, counts: { ...zero, ongoing: 1 } });
    expect(by.records).toMatchObject({ total: 1, open: 0, counts: { ...zero, awaitingClose: 1 } });
    expect(by.monitoring).toMatchObject({ total: 1, open: 1 });
    expect(rows.reduce((n, r) => n + r.total, 0)).toBe(9);
    expect(by.policy).toMatchObject({ total: 0, open: 0, overdue: 0 });
  });

  it('gives 首页 its overdue and due-this-week numbers', async () => {
    expect(await s.api.ok<FindingDashboard>('findings.dashboard', { today: TODAY })).toEqual({
      today: TODAY,
      total: 9,
      open: 7,
      ongoing: 1,
      awaitingClose: 1,
      closed: 1,
      overdue: 2,
      dueSoon: 3,
      days: 7,
    });
    // Without a day: the ledger's clock, which is 2026-11-24 here.
    expect(await s.api.ok<FindingDashboard>('findings.dashboard')).toMatchObject({ today: TODAY, overdue: 2, dueSoon: 3 });
    expect(await s.api.ok<FindingDashboard>('findings.dashboard', { today: '2026-12-02' })).toMatchObject({ overdue: 5, dueSoon: 0 });
  });
});

describe('问题检索：筛选、关键字、分页', () => {
  const search = (input: Record<string, unknown>) => s.api.ok<FindingSearchResult>('findings.search', { today: TODAY, ...input });
  const keys = async (input: Record<string, unknown>) => (await search(input)).rows.map((r) => key(r.id));

  it('filters by inspection, township, village, category, status, overdue and keyword', async () => {
    expect(await keys({ inspectionId: inspB })).toEqual(['f7', 'f8', 'f9']);
    expect(await keys({ townshipId: s.c.nanshan.id, sortBy: 'deadline' })).toEqual(['f7', 'f4', 'f5']);
    expect(await keys({ villageId: s.c.qianjin.id })).toEqual(['f8', 'f1']);
    expect(await keys({ noTownship: true })).toEqual(['f6']);
    expect(await keys({ category: ['water', 'monitoring'] })).toEqual(['f8', 'f9', 'f2']);
    expect(await keys({ status: ['notStarted'] })).toEqual(['f7', 'f2', 'f3']);
    expect(await keys({ overdueOnly: true, townshipId: s.c.huashu.id })).toEqual(['f1']);
    expect(await keys({ keyword: '小河村' })).toEqual(['f7', 'f4']);
    expect(await keys({ keyword: '危房 小河' })).toEqual(['f7']);
    expect(await keys({ keyword: '县档案局' })).toEqual(['f6']);
    expect(await keys({ keyword: '三季度' })).toEqual(['f7', 'f8', 'f9']);
    expect(await keys({ keyword: '100%_' })).toEqual([]);
    expect(await keys({ year: 2026, status: ['ongoing'] })).toEqual(['f5']);
  });

  it('pages through the set; counts are of the whole filtered set', async () => {
    const p1 = await search({ limit: 4, offset: 0 });
    const p2 = await search({ limit: 4, offset: 4 });
    const p3 = await search({ limit: 4, offset: 8 });
    expect(p1.total).toBe(9);
    expect([...p1.rows, ...p2.rows, ...p3.rows].map((r) => key(r.id))).toEqual(['f7', 'f8', 'f9', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
    expect(p1.statusCounts).toEqual({ notStarted: 3, inProgress: 3, awaitingClose: 1, closed: 1, ongoing: 1 });
    expect(p1.overdueCount).toBe(2);
    expect(p1.rows[0]).toMatchObject({ inspection: '2026年三季度督导', township: '南山乡', village: '小河村', category: '住房安全', status: '未启动', deadline: '2026-10-10', deadlineText: '立行立改' });
    expect((await s.api.refused('findings.search', { limit: 1001 })).field).toBe('limit');
    expect((await s.api.refused('findings.search', { today: '2026-13-01' })).field).toBe('today');
  });

  it('sorts by deadline, status, township and category', async () => {
    expect(await keys({ sortBy: 'deadline' })).toEqual(['f1', 'f7', 'f6', 'f4', 'f3', 'f8', 'f9', 'f2', 'f5']);
    expect((await keys({ sortBy: 'status' })).slice(0, 3)).toEqual(['f2', 'f3', 'f7']);
    expect((await keys({ sortBy: 'township' })).at(-1)).toBe('f6');
    expect((await keys({ sortBy: 'category' }))[0]).toBe('f1');
  });
});

describe('list findings（命令行合同）', () => {
  it('findings.list gives the contract fields with overdue for --today', async () => {
    const page = await s.api.ok<Page<FindingListRow>>('findings.list', { today: TODAY });
    expect(page.total).toBe(9);
    const f1 = page.rows.find((r) => r.id === id.f1)!;
    expect(f1).toMatchObject({ township: '桦树镇', category: '住房安全', description: '前进村危房未改造', status: '整改中', deadline: '2026-06-30', deadlineText: '2026年6月30日前', overdue: true });
    expect(page.rows.filter((r) => r.overdue).map((r) => key(r.id))).toEqual(['f1', 'f7']);
    expect(page.rows.find((r) => r.id === id.f5)).toMatchObject({ status: '长期坚持', deadline: null, deadlineText: '长期坚持', overdue: false });
    const nanshan = await s.api.ok<Page<FindingListRow>>('findings.list', { township: '南山', today: '2026-12-02' });
    expect(nanshan.rows.map((r) => [key(r.id), r.overdue])).toEqual([
      ['f4', true],
      ['f5', false],
      ['f7', true],
    ]);
  });

  it('the CLI prints them, overdue for --today and for the real today by default', async () => {
    const at = await s.ledger.cli();
    const out = await runCli(['list', 'findings', ...at, '--township', '桦树镇', '--today', TODAY, '--json']);
    expect(out.exitCode).toBe(0);
    const rows = (JSON.parse(out.stdout) as { rows: FindingListRow[] }).rows;
    expect(rows.map((r) => [key(r.id), r.status, r.overdue])).toEqual([
      ['f1', '整改中', true],
      ['f2', '未启动', false],
      ['f3', '未启动', false],
      ['f8', '已销号', false],
      ['f9', '整改中', false],
    ]);
    const byDefault = await runCli(['list', 'findings', ...at, '--json']);
    const realToday = localToday();
    for (const r of (JSON.parse(byDefault.stdout) as { rows: FindingListRow[] }).rows) {
      const detail = await s.api.ok<FindingDetail>('findings.get', { id: r.id });
      expect(r.overdue).toBe(isFindingOverdue(detail.status, detail.deadlineDate, realToday));
    }
  });
});
