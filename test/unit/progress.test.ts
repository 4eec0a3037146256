import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerSettingsValue, ProgressFlags, ProgressSummary, ProjectDetail } from '../../shared/api';
import {
  elapsedShare,
  gapPoints,
  gapText,
  percentOf,
  progressFigures,
  rankByProgress,
  rateAgainstMinimum,
  roundDiv,
  shareAgainstTarget,
  splitProportionally,
  timeProgressPercent,
} from '../../shared/progress';
import { rankingTable } from '../../electron/ledger/bulletins/ledger-figures';
import { describeFilters } from '../../electron/ledger/exports/ledgers';
import { bankable, channels, setupCounty, type County } from '../helpers/county-fixture';
import { lastAudit, testLedger, type TestLedger } from '../helpers/test-ledger';

describe('支出进度公式 (shared/progress)', () => {
  it('rounds half away from zero from exact fractions', () => {
    expect(roundDiv(5n, 2n)).toBe(3n);
    expect(roundDiv(-5n, 2n)).toBe(-3n);
    expect(roundDiv(4n, 3n)).toBe(1n);
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(1, 0)).toBeNull();
    expect(percentOf(5, 10_000, 2)).toBe(0.05);
    // Large sums stay exact (a float product would overflow 2^53 here).
    expect(percentOf(999_999_999_999_999, 1_000_000_000_000_000)).toBe(100);
  });

  it('序时进度 按日 (default): 截至日已过天数 ÷ 全年天数, the 截至 day counted as elapsed', () => {
    // The case: 2 December of a 365-day year is 336/365 = 92.1%, not 100%.
    expect(elapsedShare('2025-12-02', 2025, 'elapsedDays')).toEqual({ rule: 'elapsedDays', elapsed: 336, total: 365 });
    expect(timeProgressPercent('2025-12-02', 2025, 'elapsedDays')).toBe(92.1);
    // 1月1日 is one day elapsed; 12月31日 the whole year.
    expect(elapsedShare('2025-01-01', 2025, 'elapsedDays')).toMatchObject({ elapsed: 1, total: 365 });
    expect(timeProgressPercent('2025-01-01', 2025, 'elapsedDays')).toBe(0.3);
    expect(timeProgressPercent('2025-12-31', 2025, 'elapsedDays')).toBe(100);
    // Leap years: 2月29日 is day 60 of 366; 12月31日 is 366/366.
    expect(elapsedShare('2024-02-29', 2024, 'elapsedDays')).toMatchObject({ elapsed: 60, total: 366 });
    expect(timeProgressPercent('2024-02-29', 2024, 'elapsedDays')).toBe(16.4);
    expect(elapsedShare('2024-12-31', 2024, 'elapsedDays')).toMatchObject({ elapsed: 366, total: 366 });
    expect(elapsedShare('2100-03-01', 2100, 'elapsedDays')).toMatchObject({ elapsed: 60, total: 365 }); // 2100 is not leap
    expect(timeProgressPercent('2025-10-01', 2025, 'elapsedDays')).toBe(75.1); // day 274
    // A month cut-off means its last day; other years count whole or not at all.
    expect(elapsedShare('2024-02', 2024, 'elapsedDays')).toMatchObject({ elapsed: 60 });
    expect(timeProgressPercent('2025-02-01', 2024, 'elapsedDays')).toBe(100);
    expect(timeProgressPercent('2023-12-31', 2024, 'elapsedDays')).toBe(0);
  });

  it('序时进度 按整月: the last complete month ÷ 12', () => {
    expect(timeProgressPercent('2025-10-31', 2025, 'wholeMonths')).toBe(83.3);
    expect(timeProgressPercent('2025-10', 2025, 'wholeMonths')).toBe(83.3); // 截至10月底
    expect(timeProgressPercent('2025-10-01', 2025, 'wholeMonths')).toBe(75);
    expect(timeProgressPercent('2025-12-02', 2025, 'wholeMonths')).toBe(91.7);
    expect(timeProgressPercent('2025-01-01', 2025, 'wholeMonths')).toBe(0);
    expect(timeProgressPercent('2025-12-31', 2025, 'wholeMonths')).toBe(100);
    // February's last day depends on the year.
    expect(elapsedShare('2024-02-29', 2024, 'wholeMonths')).toMatchObject({ elapsed: 2, total: 12 });
    expect(elapsedShare('2024-02-28', 2024, 'wholeMonths')).toMatchObject({ elapsed: 1 });
    expect(elapsedShare('2025-02-28', 2025, 'wholeMonths')).toMatchObject({ elapsed: 2 });
    expect(timeProgressPercent('2024-03-31', 2024, 'wholeMonths')).toBe(25);
    expect(timeProgressPercent('2025-02-01', 2024, 'wholeMonths')).toBe(100);
    expect(timeProgressPercent('2023-12-31', 2024, 'wholeMonths')).toBe(0);
    expect(() => elapsedShare('2024/03/31', 2024, 'wholeMonths')).toThrow(RangeError);
  });

  it('the gap is in 百分点 with one decimal, from the exact fractions', () => {
    const half = elapsedShare('2024-06-30', 2024, 'wholeMonths');
    expect(gapPoints(500, 1000, half)).toBe(0);
    expect(gapPoints(680_001, 1_600_000, half)).toBe(-7.5);
    expect(gapPoints(1, 0, half)).toBeNull();
    // 2 December by days: 50% spent is 42.1 points behind (336/365 = 92.054…%), not 50.
    expect(gapPoints(500, 1000, elapsedShare('2025-12-02', 2025, 'elapsedDays'))).toBe(-42.1);
    expect(gapText(3.2)).toBe('超序时进度 3.2 个百分点');
    expect(gapText(-1.5)).toBe('低于序时进度 1.5 个百分点');
    expect(gapText(0)).toBe('与序时进度持平');
    expect(gapText(null)).toBe('未下达资金');
    expect(progressFigures(300, 100, half)).toEqual({
      allocatedFen: 300,
      spentFen: 100,
      progressPercent: 33.3,
      timePercent: 50,
      gapPoints: -16.7,
      balanceFen: 200,
      balanceRatePercent: 66.7,
    });
    expect(progressFigures(0, 20, half)).toMatchObject({ progressPercent: null, gapPoints: null, balanceFen: -20, balanceRatePercent: null });
  });

  it('splits proportionally with the exact total (largest remainders, ties to the earlier bucket)', () => {
    expect(splitProportionally(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitProportionally(100_001, [300_000, 100_000, 0, 100_000, 0])).toEqual([60_001, 20_000, 0, 20_000, 0]);
    expect(splitProportionally(7, [0, 0, 0, 0, 0])).toEqual([0, 0, 0, 0, 7]);
    expect(splitProportionally(0, [5, 3])).toEqual([0, 0]);
    expect(splitProportionally(1_000_000_000_000, [1, 2, 3])).toEqual([166_666_666_667, 333_333_333_333, 500_000_000_000]);
    // Property: for many random cases the parts sum exactly and each is within 1 fen of its exact share.
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let k = 0; k < 500; k += 1) {
      const total = rand(1_000_000_000);
      const weights = Array.from({ length: 5 }, () => (rand(3) === 0 ? 0 : rand(100_000_000)));
      const parts = splitProportionally(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      const sum = weights.reduce((a, b) => a + b, 0);
      parts.forEach((p, i) => {
        const exact = sum === 0 ? (i === 4 ? total : 0) : (total * (weights[i] ?? 0)) / sum;
        expect(Math.abs(p - exact)).toBeLessThan(1.000001);
      });
    }
    expect(() => splitProportionally(1.5, [1])).toThrow();
    expect(() => splitProportionally(1, [-1])).toThrow();
  });

  it('ranks by progress (exact), nulls last; compares shares and rates exactly', () => {
    const ranked = rankByProgress([
      { name: '甲', allocatedFen: 0, spentFen: 5, progressPercent: null },
      { name: '乙', allocatedFen: 3, spentFen: 1, progressPercent: 33.3 },
      { name: '丙', allocatedFen: 1000, spentFen: 333, progressPercent: 33.3 },
      { name: '丁', allocatedFen: 10, spentFen: 9, progressPercent: 90 },
    ]);
    expect(ranked.map((r) => [r.name, r.rank])).toEqual([
      ['丁', 1],
      ['乙', 2],
      ['丙', 3],
      ['甲', 4],
    ]);
    expect(shareAgainstTarget(55, 100, 0.55)).toEqual({ sharePercent: 55, targetPercent: 55, below: false });
    expect(shareAgainstTarget(5499, 10_000, 0.55)).toMatchObject({ sharePercent: 55, below: true });
    expect(shareAgainstTarget(0, 0, 0.55)).toMatchObject({ sharePercent: null, below: false });
    expect(rateAgainstMinimum(60_000, 1_000_000, 0.06)).toEqual({ ratePercent: 6, below: false });
    expect(rateAgainstMinimum(59_999, 1_000_000, 0.06)).toEqual({ ratePercent: 6, below: true });
    expect(rateAgainstMinimum(1, 0, 0.06)).toEqual({ ratePercent: null, below: false });
  });
});

// ---- A small county with hand-computed figures ------------------------------------------------------

let ledger: TestLedger;
let api: ReturnType<typeof channels>;
let c: County;
beforeEach(async () => {
  ledger = await testLedger();
  api = channels(ledger);
  c = await setupCounty(ledger);
});
afterEach(() => ledger.dispose());

/**
 * 2024 projects (cut-off 2024-06-30, 序时进度 6/12 = 50.0%):
 *   P1 桦树镇 农业农村局 产业发展   central 600 000 provincial 200 000
 *   P2 桦树镇 水利局     乡村建设   central 300 000 provincial 100 000 county 100 000
 *   P3 南山乡 农业农村局 产业发展   central 200 000 provincial 100 000
 *   P5 南山乡 水利局     乡村建设   central 50 000 (谋划申报, never started, paid anyway, nothing allocated)
 * 2023 projects: P4 (paid after its allocation), P6 (allocated, never paid), P7 (paid before its allocation).
 * Allocations: A1 central 2024-03-01 1 000 000; A2 provincial 2024-05-01 500 000; A3 county 2024-08-01 200 000
 * (after the cut-off); A4 central 2023-12-20 budget year 2024 100 000; A0 central 2023-03-01 year 2023 400 000.
 */
async function fixture() {
  const mk = (name: string, o: Record<string, unknown>) =>
    api.ok<ProjectDetail>('projects.create', bankable(c, { name, fundCentralFen: 0, fundProvincialFen: 0, status: 'started', actualStart: '2024-03-01', ...o }));
  const industry = { categoryId: c.type('产业发展'), subcategoryId: c.type('产业发展/生产项目') };
  const p1 = await mk('P1', { ...industry, fundCentralFen: 600_000, fundProvincialFen: 200_000 });
  const p2 = await mk('P2', { departmentId: c.water.id, fundCentralFen: 300_000, fundProvincialFen: 100_000, fundCountyFen: 100_000 });
  const p3 = await mk('P3', { ...industry, townshipId: c.nanshan.id, villageId: c.xiaohe.id, fundCentralFen: 200_000, fundProvincialFen: 100_000 });
  const p5 = await api.ok<ProjectDetail>('projects.create', { year: 2024, name: 'P5', townshipId: c.nanshan.id, departmentId: c.water.id, fundCentralFen: 50_000 });
  const p4 = await mk('P4', { year: 2023, fundCentralFen: 300_000, status: 'completed', actualStart: '2023-04-01', actualEnd: '2023-10-01' });
  const p6 = await mk('P6', { year: 2023, fundCentralFen: 100_000, status: 'funded', actualStart: null });
  const p7 = await mk('P7', { year: 2023, townshipId: c.nanshan.id, villageId: c.xiaohe.id, fundCentralFen: 100_000, actualStart: '2023-01-10' });

  const alloc = async (docNumber: string, level: string, date: string, amountFen: number, year?: number) =>
    (await api.ok<{ id: number }>('allocations.create', { docNumber, level, date, amountFen, ...(year ? { year } : {}) })).id;
  const a0 = await alloc('青财农字〔2023〕100号', 'central', '2023-03-01', 400_000);
  const a1 = await alloc('青财农字〔2024〕1号', 'central', '2024-03-01', 1_000_000);
  const a2 = await alloc('青财农字〔2024〕2号', 'provincial', '2024-05-01', 500_000);
  const a3 = await alloc('青财农字〔2024〕3号', 'county', '2024-08-01', 200_000);
  const a4 = await alloc('青财农字〔2023〕900号', 'central', '2023-12-20', 100_000, 2024);
  const split = (allocationId: number, splits: Array<[number, number]>) =>
    api.ok('allocationSplits.set', { allocationId, splits: splits.map(([projectId, amountFen]) => ({ projectId, amountFen })) });
  await split(a0, [[p4.id, 200_000], [p6.id, 100_000], [p7.id, 100_000]]);
  await split(a1, [[p1.id, 600_000], [p2.id, 300_000]]);
  await split(a2, [[p1.id, 200_000], [p3.id, 100_000]]);
  await split(a3, [[p2.id, 100_000]]);
  await split(a4, [[p3.id, 100_000]]);

  const pay = (projectId: number, date: string, amountFen: number, allocationId?: number) =>
    api.ok('payments.create', { projectId, date, amountFen, ...(allocationId ? { allocationId } : {}) });
  await pay(p1.id, '2024-04-10', 400_000, a1);
  await pay(p1.id, '2024-06-30', 100_000, a2);
  await pay(p1.id, '2024-07-15', 50_000, a2); // after the cut-off
  await pay(p2.id, '2024-06-01', 100_001); // no allocation: split by P2's funds
  await pay(p3.id, '2024-02-01', 50_000, a4);
  await pay(p3.id, '2024-03-15', 30_000, a1); // names A1, which has no split to P3
  await pay(p5.id, '2024-05-01', 10_000);
  await pay(p4.id, '2024-03-01', 70_000, a0); // a 2023 project: not in 2024's progress
  await pay(p7.id, '2023-01-15', 60_000);
  return { p1, p2, p3, p4, p5, p6, p7 };
}

describe('支出进度 (progress.summary) on a hand-computed fixture', () => {
  it('computes the pool, every level, townships, departments and the 产业 share', async () => {
    await fixture();
    const s = await api.ok<ProgressSummary>('progress.summary', { year: 2024, cutoff: '2024-06-30' });
    // 序时进度 by days (the default): 30 June 2024 is day 182 of 366 = 49.7%.
    expect(s).toMatchObject({ year: 2024, cutoff: '2024-06-30', level: 'all', timePercent: 49.7, timeRule: 'elapsedDays' });
    // 下达 = A1 + A2 + A4 (A3 is after the cut-off, A0 is 2023's); 支出 = 500 000 + 100 001 + 80 000 + 10 000.
    expect(s.overall).toEqual({
      allocatedFen: 1_600_000,
      spentFen: 690_001,
      progressPercent: 43.1,
      timePercent: 49.7,
      gapPoints: -6.6, // 43.1250625 − 49.7267759…
      balanceFen: 909_999,
      balanceRatePercent: 56.9,
    });
    const level = (l: string) => s.byLevel.find((r) => r.level === l);
    // central: A1 400 000 + P2's share 60 001 + A4 50 000 + A1 30 000 + P5's 10 000 (all its funds are central).
    expect(level('central')).toMatchObject({ label: '中央', allocatedFen: 1_100_000, spentFen: 550_001, progressPercent: 50, gapPoints: 0.3, balanceFen: 549_999 });
    expect(level('provincial')).toMatchObject({ allocatedFen: 500_000, spentFen: 120_000, progressPercent: 24, gapPoints: -25.7, balanceRatePercent: 76 });
    expect(level('municipal')).toMatchObject({ allocatedFen: 0, spentFen: 0, progressPercent: null, gapPoints: null, balanceRatePercent: null });
    expect(level('county')).toMatchObject({ allocatedFen: 0, spentFen: 20_000, progressPercent: null, balanceFen: -20_000 });
    expect(level('other')).toMatchObject({ allocatedFen: 0, spentFen: 0 });
    expect(level('all')).toMatchObject({ label: '全部', allocatedFen: 1_600_000, spentFen: 690_001 });
    const levelSum = s.byLevel.filter((r) => r.level !== 'all').reduce((sum, r) => sum + r.spentFen, 0);
    expect(levelSum).toBe(690_001);

    expect(s.byTownship.map((r) => [r.rank, r.name, r.projects, r.allocatedFen, r.spentFen, r.progressPercent, r.gapPoints])).toEqual([
      [1, '桦树镇', 2, 1_100_000, 600_001, 54.5, 4.8],
      [2, '南山乡', 2, 200_000, 90_000, 45, -4.7],
    ]);
    expect(s.byDepartment.map((r) => [r.rank, r.name, r.allocatedFen, r.spentFen, r.progressPercent, r.gapPoints])).toEqual([
      [1, '县农业农村局', 1_000_000, 580_000, 58, 8.3],
      [2, '县水利局', 300_000, 110_001, 36.7, -13.1],
    ]);
    expect(s.industry).toEqual({ spentFen: 580_000, totalSpentFen: 690_001, sharePercent: 84.1, targetPercent: 55, below: false });
    expect(rankingTable(s).note).toContain('序时进度＝截至日已过天数÷全年天数×100%（截至6月30日为49.7%）');
    expect(rankingTable(s).rows.at(-1)).toEqual(['', '全县', '1.60', '0.69', '43.1%', '49.7%', '-6.6']);
    expect(await describeFilters(ledger, 'progress', { year: 2024, cutoff: '2024-06-30' })).toBe('截至 2024年6月30日；序时进度 = 截至日已过天数 ÷ 全年天数');
  });

  it('按整月 (the setting) counts 30 June as six whole months, for every row', async () => {
    await fixture();
    await api.ok('ledgerSettings.update', { timeProgressRule: 'wholeMonths' });
    const s = await api.ok<ProgressSummary>('progress.summary', { year: 2024, cutoff: '2024-06-30' });
    expect(s).toMatchObject({ timePercent: 50, timeRule: 'wholeMonths' });
    expect(s.overall).toMatchObject({ timePercent: 50, gapPoints: -6.9 });
    expect(s.byLevel.find((r) => r.level === 'central')).toMatchObject({ timePercent: 50, gapPoints: 0 });
    expect(s.byTownship.map((r) => [r.name, r.timePercent, r.gapPoints])).toEqual([
      ['桦树镇', 50, 4.5],
      ['南山乡', 50, -5],
    ]);
    expect(s.byDepartment.map((r) => r.gapPoints)).toEqual([8, -13.3]);
    // The bulletin's attachment table and the exported 支出进度排名 name the rule they used.
    expect(rankingTable(s).note).toContain('序时进度＝截至日已满月数÷12×100%（截至6月30日为50.0%）');
    expect(await describeFilters(ledger, 'progress', { year: 2024, cutoff: '2024-06-30' })).toBe('截至 2024年6月30日；序时进度 = 截至日已满月数 ÷ 12');
    // 1 June is not a month end: five whole months.
    expect((await api.ok<ProgressSummary>('progress.summary', { year: 2024, cutoff: '2024-06-01' })).timePercent).toBe(41.7);
  });

  it('restricts groups to one level: splits of that level and payments attributed to it', async () => {
    await fixture();
    const s = await api.ok<ProgressSummary>('progress.summary', { year: 2024, cutoff: '2024-06-30', level: 'central' });
    expect(s.overall).toMatchObject({ allocatedFen: 1_100_000, spentFen: 550_001, progressPercent: 50 });
    expect(s.byTownship.map((r) => [r.rank, r.name, r.allocatedFen, r.spentFen, r.progressPercent])).toEqual([
      [1, '南山乡', 100_000, 90_000, 90],
      [2, '桦树镇', 900_000, 460_001, 51.1],
    ]);
    expect(s.byLevel).toHaveLength(6);
  });

  it('moves with the cut-off and ignores deleted payments', async () => {
    const { p1 } = await fixture();
    const later = await api.ok<ProgressSummary>('progress.summary', { year: 2024, cutoff: '2024-08-31' });
    expect(later.overall).toMatchObject({ allocatedFen: 1_800_000, spentFen: 740_001, timePercent: 66.7 });
    const detail = await api.ok<ProjectDetail>('projects.get', { id: p1.id });
    const last = detail.payments.find((p) => p.date === '2024-07-15');
    await api.ok('payments.delete', { id: last?.id, reason: '重复录入' });
    expect((await api.ok<ProgressSummary>('progress.summary', { year: 2024, cutoff: '2024-08-31' })).overall.spentFen).toBe(690_001);
    const before = await api.snapshot();
    expect((await api.refused('progress.summary', { year: 2024, cutoff: '2024-02-30' })).field).toBe('cutoff');
    expect((await api.refused('progress.summary', { year: 2024, cutoff: '2024-06-30', level: 'village' })).field).toBe('level');
    expect(await api.snapshot()).toBe(before);
  });

  it('an empty year: zero everywhere, no division by zero', async () => {
    const s = await api.ok<ProgressSummary>('progress.summary', { year: 2030, cutoff: '2030-03-31' });
    expect(s.overall).toMatchObject({ allocatedFen: 0, spentFen: 0, progressPercent: null, timePercent: 24.7 }); // 90/365
    expect(s.byTownship.map((r) => [r.name, r.projects, r.progressPercent])).toEqual([
      ['桦树镇', 0, null],
      ['南山乡', 0, null],
    ]);
    expect(s.industry).toMatchObject({ sharePercent: null, below: false });
  });
});

describe('首页提示 (progress.flags)', () => {
  it('raises 拨付超下达, 闲置资金, 未开工先拨付 and 产业占比 with counts and lists', async () => {
    const { p4, p5, p6, p7 } = await fixture();
    const f = await api.ok<ProgressFlags>('progress.flags', { cutoff: '2024-06-30' });
    expect(f.overAllocation).toMatchObject({ count: 1, totalExcessFen: 10_000 });
    expect(f.overAllocation.items).toEqual([
      { projectId: p5.id, year: 2024, code: p5.code, name: 'P5', township: '南山乡', status: 'planning', totalFen: 50_000, allocatedFen: 0, paidFen: 10_000, excessFen: 10_000 },
    ]);
    // P6: allocated 2023-03-01 and never paid; P7: paid before its allocation, so only what is unspent is idle.
    // P4 was paid after its allocation, so nothing of it is idle.
    expect(f.idleFunds).toMatchObject({ count: 2, totalIdleFen: 140_000 });
    expect(f.idleFunds.items.map((r) => [r.projectId, r.since, r.idleFen, r.lastPaymentDate])).toEqual([
      [p6.id, '2023-03-01', 100_000, null],
      [p7.id, '2023-03-01', 40_000, '2023-01-15'],
    ]);
    expect(f.idleFunds.items.map((r) => r.projectId)).not.toContain(p4.id);
    expect(f.paidNotStarted.count).toBe(1);
    expect(f.paidNotStarted.items[0]).toMatchObject({ projectId: p5.id, paidFen: 10_000, status: 'planning' });
    expect(f.industryShare).toMatchObject({ year: 2024, below: false, sharePercent: 84.1, targetPercent: 55, count: 0, items: [] });

    // One year only; a tighter target puts 桦树镇 (500 000 of 600 001 = 83.3%) below it.
    await api.ok('ledgerSettings.update', { industryShareTarget: 0.84 });
    const y = await api.ok<ProgressFlags>('progress.flags', { cutoff: '2024-06-30', year: 2024, limit: 5 });
    expect(y.overAllocation.count).toBe(1);
    expect(y.idleFunds.count).toBe(0);
    expect(y.industryShare).toMatchObject({ below: false, targetPercent: 84, count: 1 });
    expect(y.industryShare.items).toEqual([{ townshipId: c.huashu.id, township: '桦树镇', spentFen: 600_001, industryFen: 500_000, sharePercent: 83.3 }]);
    await api.ok('ledgerSettings.update', { industryShareTarget: 0.85 });
    expect((await api.ok<ProgressFlags>('progress.flags', { cutoff: '2024-06-30' })).industryShare.below).toBe(true);

    // Starting P5 clears its flag; an allocation arriving late clears 拨付超下达.
    await api.ok('projects.update', { id: p5.id, actualStart: '2024-04-20' });
    const a = await api.ok<{ id: number }>('allocations.create', { docNumber: '青财农字〔2024〕50号', level: 'central', date: '2024-06-01', amountFen: 10_000 });
    await api.ok('allocationSplits.set', { allocationId: a.id, splits: [{ projectId: p5.id, amountFen: 10_000 }] });
    const after = await api.ok<ProgressFlags>('progress.flags', { cutoff: '2024-06-30' });
    expect([after.overAllocation.count, after.paidNotStarted.count]).toEqual([0, 0]);
  });

  it('limits the rows but not the counts', async () => {
    await fixture();
    const f = await api.ok<ProgressFlags>('progress.flags', { cutoff: '2024-06-30', limit: 1 });
    expect(f.idleFunds.count).toBe(2);
    expect(f.idleFunds.items).toHaveLength(1);
  });
});

describe('台账设置 (ledgerSettings)', () => {
  it('has defaults, saves with an audit row, and refuses ratios outside 0–1', async () => {
    expect(await api.ok<LedgerSettingsValue>('ledgerSettings.get')).toEqual({ industryShareTarget: 0.55, assetMinReturnRate: 0.06, timeProgressRule: 'elapsedDays' });
    const saved = await api.ok<LedgerSettingsValue>('ledgerSettings.update', { industryShareTarget: 0.6, assetMinReturnRate: 0.08 });
    expect(saved).toEqual({ industryShareTarget: 0.6, assetMinReturnRate: 0.08, timeProgressRule: 'elapsedDays' });
    const audit = await lastAudit(ledger);
    expect(audit.entity).toBe('settings');
    expect(JSON.parse(audit.before ?? '{}')).toEqual({ industryShareTarget: 0.55, assetMinReturnRate: 0.06 });
    expect(JSON.parse(audit.after ?? '{}')).toEqual({ industryShareTarget: 0.6, assetMinReturnRate: 0.08 });
    const before = await api.snapshot();
    expect((await api.refused('ledgerSettings.update', { industryShareTarget: 55 })).field).toBe('industryShareTarget');
    expect((await api.refused('ledgerSettings.update', { assetMinReturnRate: -0.01 })).field).toBe('assetMinReturnRate');
    expect((await api.refused('ledgerSettings.update', { timeProgressRule: 'months' })).field).toBe('timeProgressRule');
    expect(await api.snapshot()).toBe(before);
    const rule = await api.ok<LedgerSettingsValue>('ledgerSettings.update', { timeProgressRule: 'wholeMonths' });
    expect(rule.timeProgressRule).toBe('wholeMonths');
    const row = await lastAudit(ledger);
    expect(JSON.parse(row.after ?? '{}')).toEqual({ timeProgressRule: 'wholeMonths' });
  });
});
