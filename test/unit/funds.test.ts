import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AllocationDetail, AllocationPage, Page, PaymentListRow, PaymentRow, PaymentWriteResult, ProjectDetail } from '../../shared/api';
import { isCanonicalDocNumber, normaliseDocNumber, parseDocNumber } from '../../shared/doc-number';
import { bankable, channels, setupCounty, type County } from '../helpers/county-fixture';
import { lastAudit as lastAuditOf, testLedger, type TestLedger } from '../helpers/test-ledger';

describe('文号规范化 (shared/doc-number)', () => {
  it.each([
    ['青财农字[2023]505号', '青财农字〔2023〕505号'],
    ['青财农字【2023】505号', '青财农字〔2023〕505号'],
    ['青财农字［2023］505号', '青财农字〔2023〕505号'],
    ['青财农字(2023)505号', '青财农字〔2023〕505号'],
    ['青财农字（2023）505号', '青财农字〔2023〕505号'],
    ['青财农字﹝2023﹞505号', '青财农字〔2023〕505号'],
    ['青财农字〔2023〕505号', '青财农字〔2023〕505号'],
    [' 青财农字 [ ２０２３ ] ５０５ 号 ', '青财农字〔2023〕505号'],
    ['财农〔2024〕12号（第二批）', '财农〔2024〕12号（第二批）'],
    ['县政办发(2024)3号', '县政办发〔2024〕3号'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseDocNumber(raw)).toBe(expected);
  });

  it('parses the canonical shape', () => {
    expect(parseDocNumber('青财农字[2023]505号')).toEqual({ prefix: '青财农字', year: 2023, number: 505 });
    expect(isCanonicalDocNumber('青财农字〔2023〕505号')).toBe(true);
    expect(isCanonicalDocNumber('关于下达资金的通知')).toBe(false);
  });
});

let ledger: TestLedger;
let api: ReturnType<typeof channels>;
let c: County;
beforeEach(async () => {
  ledger = await testLedger();
  api = channels(ledger);
  c = await setupCounty(ledger);
});
afterEach(() => ledger.dispose());

const lastAudit = () => lastAuditOf(ledger);

async function project(overrides: Record<string, unknown> = {}): Promise<ProjectDetail> {
  return api.ok<ProjectDetail>('projects.create', bankable(c, overrides));
}

async function allocation(overrides: Record<string, unknown> = {}): Promise<AllocationDetail> {
  return api.ok<AllocationDetail>('allocations.create', {
    docNumber: '青财农字[2024]505号',
    level: 'central',
    fundName: '中央财政衔接推进乡村振兴补助资金',
    date: '2024-03-05',
    amountFen: 100_000_00,
    recipient: '各乡镇人民政府',
    ...overrides,
  });
}

describe('资金下达', () => {
  it('creates with a normalised 文号 and the year of its date; lists with totals; updates and audits', async () => {
    const a = await allocation();
    expect(a).toMatchObject({ docNumber: '青财农字〔2024〕505号', year: 2024, level: 'central', amountFen: 100_000_00, splitFen: 0, unsplitFen: 100_000_00, paidFen: 0, splits: [] });
    expect(await lastAudit()).toMatchObject({ action: 'create', entity: 'allocation', entityId: a.id });
    const early = await allocation({ docNumber: '青财农字【2023】901号', date: '2023-11-20', year: 2024, amountFen: 5_000_00 });
    expect(early).toMatchObject({ docNumber: '青财农字〔2023〕901号', year: 2024 });
    // The same document at another level is another row; at the same level it is a duplicate.
    await allocation({ level: 'provincial', amountFen: 20_000_00 });
    const before = await api.snapshot();
    expect((await api.refused('allocations.create', { docNumber: '青财农字(2024)505号', level: 'central', date: '2024-03-05', amountFen: 1 })).field).toBe('docNumber');
    expect(await api.snapshot()).toBe(before);

    const page = await api.ok<AllocationPage>('allocations.list', { year: 2024 });
    expect(page.totals).toEqual({ count: 3, amountFen: 125_000_00, splitFen: 0 });
    expect((await api.ok<AllocationPage>('allocations.list', { keyword: '[2023]' })).rows.map((r) => r.id)).toEqual([early.id]);
    expect((await api.ok<AllocationPage>('allocations.list', { level: 'provincial' })).totals.count).toBe(1);

    const updated = await api.ok<AllocationDetail>('allocations.update', { id: a.id, amountFen: 90_000_00, date: '2024-03-06' });
    expect(updated).toMatchObject({ amountFen: 90_000_00, date: '2024-03-06', year: 2024 });
    expect(JSON.parse((await lastAudit()).before ?? '{}')).toEqual({ amountFen: 100_000_00, date: '2024-03-05' });
    expect(JSON.parse((await lastAudit()).after ?? '{}')).toEqual({ amountFen: 90_000_00, date: '2024-03-06' });
  });

  it.each([
    ['negative amount', { amountFen: -100 }, 'amountFen'],
    ['amount not in whole fen', { amountFen: 0.5 }, 'amountFen'],
    ['amount above 10^12 fen', { amountFen: 1_000_000_000_001 }, 'amountFen'],
    ['a date that does not exist', { date: '2024-02-30' }, 'date'],
    ['a month instead of a day', { date: '2024-02' }, 'date'],
    ['an unknown level', { level: 'township' }, 'level'],
    ['an empty 文号', { docNumber: ' ' }, 'docNumber'],
    ['an overlong 文号', { docNumber: '文'.repeat(61) }, 'docNumber'],
    ['an overlong fund name', { fundName: '资'.repeat(101) }, 'fundName'],
  ])('refuses %s, writing nothing', async (_label, override, field) => {
    const before = await api.snapshot();
    const err = await api.refused('allocations.create', { docNumber: '青财农字〔2024〕1号', level: 'central', date: '2024-03-05', amountFen: 100, ...override });
    expect(err.field).toBe(field);
    expect(await api.snapshot()).toBe(before);
  });
});

describe('资金分配到项目', () => {
  it('sets, merges and replaces splits; refuses a split above the allocation naming both sums', async () => {
    const p1 = await project({ name: '项目一' });
    const p2 = await project({ name: '项目二' });
    const a = await allocation({ amountFen: 1_000_00 });
    const set = await api.ok<AllocationDetail>('allocationSplits.set', {
      allocationId: a.id,
      splits: [
        { projectId: p1.id, amountFen: 600_00 },
        { projectId: p2.id, amountFen: 400_00 },
      ],
    });
    expect(set).toMatchObject({ splitFen: 1_000_00, unsplitFen: 0 });
    expect(set.splits.map((s) => [s.project, s.amountFen])).toEqual([
      ['项目一', 600_00],
      ['项目二', 400_00],
    ]);
    expect(await lastAudit()).toMatchObject({ action: 'set', entity: 'allocationSplits', entityId: a.id, before: '[]' });

    const before = await api.snapshot();
    const err = await api.refused('allocationSplits.set', { allocationId: a.id, replace: false, splits: [{ projectId: p2.id, amountFen: 400_01 }] });
    expect(err).toMatchObject({ code: 'VALIDATION', field: 'splits' });
    expect(err.message).toBe('文号 青财农字〔2024〕505号 下达金额 1,000.00 元，分配到项目合计 1,000.01 元，超出 0.01 元，请调整分配金额');
    expect(
      (await api.refused('allocationSplits.set', {
        allocationId: a.id,
        splits: [
          { projectId: p1.id, amountFen: 1 },
          { projectId: p1.id, amountFen: 2 },
        ],
      })).field,
    ).toBe('splits.1.projectId');
    expect((await api.refused('allocationSplits.set', { allocationId: a.id, splits: [{ projectId: 9999, amountFen: 1 }] })).code).toBe('NOT_FOUND');
    expect((await api.refused('allocationSplits.set', { allocationId: a.id, splits: [{ projectId: p1.id, amountFen: -1 }] })).field).toBe('splits.0.amountFen');
    expect((await api.refused('allocationSplits.set', { allocationId: 9999, splits: [] })).code).toBe('NOT_FOUND');
    // Lowering the allocation below what is split is refused too.
    expect((await api.refused('allocations.update', { id: a.id, amountFen: 999_99 })).message).toBe(
      '该文件已分配到项目 1,000.00 元，下达金额不能调低到 999.99 元；请先调整分配明细',
    );
    expect(await api.snapshot()).toBe(before);

    // merge: only the named pair changes; 0 removes it. replace: the list is the whole split.
    const merged = await api.ok<AllocationDetail>('allocationSplits.set', { allocationId: a.id, replace: false, splits: [{ projectId: p2.id, amountFen: 0 }] });
    expect(merged.splits.map((s) => s.projectId)).toEqual([p1.id]);
    const replaced = await api.ok<AllocationDetail>('allocationSplits.set', { allocationId: a.id, splits: [{ projectId: p2.id, amountFen: 300_00 }] });
    expect(replaced.splits.map((s) => [s.projectId, s.amountFen])).toEqual([[p2.id, 300_00]]);
    expect(JSON.parse((await lastAudit()).before ?? '[]')).toEqual([{ projectId: p1.id, amountFen: 600_00 }]);
    expect(JSON.parse((await lastAudit()).after ?? '[]')).toEqual([{ projectId: p2.id, amountFen: 300_00 }]);
    expect((await api.ok<ProjectDetail>('projects.get', { id: p2.id })).splits).toEqual([
      { allocationId: a.id, docNumber: '青财农字〔2024〕505号', level: 'central', date: '2024-03-05', amountFen: 300_00 },
    ]);
  });

  it('refuses deleting an allocation that payments name; otherwise deletes it softly and frees its splits', async () => {
    const p = await project();
    const a = await allocation({ amountFen: 1_000_00 });
    await api.ok('allocationSplits.set', { allocationId: a.id, splits: [{ projectId: p.id, amountFen: 500_00 }] });
    const pay = await api.ok<PaymentWriteResult>('payments.create', { projectId: p.id, allocationId: a.id, date: '2024-04-01', amountFen: 200_00 });
    expect((await api.ok<AllocationDetail>('allocations.get', { id: a.id })).paidFen).toBe(200_00);
    const before = await api.snapshot();
    expect((await api.refused('allocations.delete', { id: a.id, reason: '重复' })).message).toBe(
      '文号 青财农字〔2024〕505号 下已有 1 笔拨付记录（合计 200.00 元），不能删除；请先删除这些拨付或改挂到其他文号',
    );
    expect(await api.snapshot()).toBe(before);
    await api.ok('payments.update', { id: pay.payment.id, allocationId: null });
    await api.ok('allocations.delete', { id: a.id, reason: '重复录入' });
    expect(await lastAudit()).toMatchObject({ action: 'delete', entity: 'allocation', reason: '重复录入' });
    expect(JSON.parse((await lastAudit()).before ?? '{}').splits).toEqual([{ projectId: p.id, amountFen: 500_00 }]);
    expect((await api.ok<ProjectDetail>('projects.get', { id: p.id })).allocatedFen).toBe(0);
    expect((await api.ok<AllocationPage>('allocations.list', {})).totals.count).toBe(0);
  });
});

describe('资金拨付', () => {
  it('refuses a payment above the project funds, naming both sums in 元; writes nothing', async () => {
    const p = await project({ fundCentralFen: 1_234_00, fundProvincialFen: 0 });
    await api.ok('payments.create', { projectId: p.id, date: '2024-04-01', amountFen: 1_000_00 });
    const before = await api.snapshot();
    const err = await api.refused('payments.create', { projectId: p.id, date: '2024-04-02', amountFen: 300_00 });
    expect(err).toMatchObject({ code: 'VALIDATION', field: 'amountFen' });
    expect(err.message).toContain('该项目资金规模 1,234.00 元，已拨付 1,000.00 元，本次 300.00 元将超出 66.00 元');
    expect(await api.snapshot()).toBe(before);
    // Exactly up to the funds is fine.
    const last = await api.ok<PaymentWriteResult>('payments.create', { projectId: p.id, date: '2024-04-02', amountFen: 234_00 });
    expect(last.project).toEqual({ projectId: p.id, totalFen: 1_234_00, allocatedFen: 0, paidFen: 1_234_00 });
    expect((await api.refused('payments.create', { projectId: p.id, date: '2024-04-03', amountFen: 1 })).message).toContain('本次 0.01 元将超出 0.01 元');
  });

  it('accepts payments above what allocations assigned, flagged 拨付超下达 (computed, not stored)', async () => {
    const p = await project({ fundCentralFen: 1_000_00, fundProvincialFen: 0 });
    const a = await allocation({ amountFen: 500_00 });
    await api.ok('allocationSplits.set', { allocationId: a.id, splits: [{ projectId: p.id, amountFen: 400_00 }] });
    const within = await api.ok<PaymentWriteResult>('payments.create', { projectId: p.id, allocationId: a.id, date: '2024-04-01', amountFen: 400_00, paymentType: 'advance' });
    expect(within).toMatchObject({ overAllocation: false, warning: null });
    expect(within.payment).toMatchObject({ docNumber: '青财农字〔2024〕505号', allocationLevel: 'central', paymentType: 'advance', project: p.name });
    const above = await api.ok<PaymentWriteResult>('payments.create', { projectId: p.id, date: '2024-05-01', amountFen: 100_00, payee: '某建筑公司', voucher: '付-001' });
    expect(above.overAllocation).toBe(true);
    expect(above.warning).toBe('拨付超下达：该项目已下达 400.00 元，累计拨付 500.00 元，超出 100.00 元。已保存，请及时补录资金下达及分配。');
    expect(await api.ok<ProjectDetail>('projects.get', { id: p.id })).toMatchObject({ paidFen: 500_00, allocatedFen: 400_00, overAllocation: true });
    // The late allocation record arrives: the flag goes away by itself.
    await api.ok('allocationSplits.set', { allocationId: a.id, splits: [{ projectId: p.id, amountFen: 500_00 }] });
    expect((await api.ok<ProjectDetail>('projects.get', { id: p.id })).overAllocation).toBe(false);
  });

  it.each([
    ['a zero amount', { amountFen: 0 }, 'amountFen'],
    ['a negative amount', { amountFen: -1 }, 'amountFen'],
    ['an amount not in whole fen', { amountFen: 12.3 }, 'amountFen'],
    ['an amount above 10^12 fen', { amountFen: 1e12 + 1 }, 'amountFen'],
    ['a date that does not exist', { date: '2024-02-30' }, 'date'],
    ['an unknown payment type', { paymentType: 'bribe' }, 'paymentType'],
    ['an overlong payee', { payee: '收'.repeat(101) }, 'payee'],
    ['an overlong voucher', { voucher: '9'.repeat(51) }, 'voucher'],
    ['an unknown project', { projectId: 9999 }, 'projectId'],
    ['an unknown allocation', { allocationId: 9999 }, 'allocationId'],
  ])('refuses %s, writing nothing', async (_label, override, field) => {
    const p = await project();
    const before = await api.snapshot();
    const err = await api.refused('payments.create', { projectId: p.id, date: '2024-04-01', amountFen: 100, ...override });
    expect(err.field).toBe(field);
    expect(await api.snapshot()).toBe(before);
  });

  it('lists payments with filters and the 拨付超下达 flag of each row', async () => {
    const p = await project({ name: '前进村道路项目', fundCentralFen: 1_000_00, fundProvincialFen: 0 });
    const q = await project({ name: '南山村茶园项目', fundCentralFen: 1_000_00, fundProvincialFen: 0 });
    const a = await allocation({ amountFen: 500_00 });
    await api.ok('allocationSplits.set', { allocationId: a.id, splits: [{ projectId: q.id, amountFen: 500_00 }] });
    await api.ok('payments.create', { projectId: p.id, date: '2023-12-30', amountFen: 100_00, voucher: '付-2023-100%', paymentType: 'advance' });
    await api.ok('payments.create', { projectId: q.id, date: '2024-01-02', amountFen: 200_00, payee: '青山建筑公司', paymentType: 'progress' });
    const list = async (input: Record<string, unknown>) => (await api.ok<Page<PaymentListRow>>('payments.list', input)).rows;
    const all = await list({});
    expect(all.map((r) => [r.project, r.overAllocation])).toEqual([
      ['南山村茶园项目', false],
      ['前进村道路项目', true],
    ]);
    expect((await list({ year: 2023 })).map((r) => r.date)).toEqual(['2023-12-30']);
    expect((await list({ keyword: '建筑' })).map((r) => r.project)).toEqual(['南山村茶园项目']);
    expect((await list({ keyword: '道路' })).map((r) => r.project)).toEqual(['前进村道路项目']);
    // LIKE wildcards typed by a clerk are literal characters.
    expect((await list({ keyword: '100%' })).map((r) => r.voucher)).toEqual(['付-2023-100%']);
    expect(await list({ keyword: '%' })).toHaveLength(1);
    expect((await list({ paymentType: 'progress' })).map((r) => r.paymentType)).toEqual(['进度款']);
    expect((await api.refused('payments.list', { paymentType: 'bribe' })).field).toBe('paymentType');
  });

  it('updates (re-checking the funds of the target project) and soft-deletes with a reason, auditing before/after', async () => {
    const small = await project({ name: '小项目', fundCentralFen: 100_00, fundProvincialFen: 0 });
    const big = await project({ name: '大项目', fundCentralFen: 10_000_00, fundProvincialFen: 0 });
    const pay = await api.ok<PaymentWriteResult>('payments.create', { projectId: big.id, date: '2024-04-01', amountFen: 500_00 });
    const id = pay.payment.id;
    const before = await api.snapshot();
    expect((await api.refused('payments.update', { id, projectId: small.id })).message).toContain('该项目资金规模 100.00 元，已拨付 0.00 元，本次 500.00 元将超出 400.00 元');
    expect((await api.refused('payments.update', { id, amountFen: 10_000_01 })).message).toContain('已拨付 0.00 元，本次 10,000.01 元将超出 0.01 元');
    expect((await api.refused('payments.update', { id, date: '2023-02-29' })).field).toBe('date');
    expect(await api.snapshot()).toBe(before);

    const moved = await api.ok<PaymentWriteResult>('payments.update', { id, amountFen: 80_00, projectId: small.id, voucher: '付-2024-001' });
    expect(moved.project).toMatchObject({ projectId: small.id, paidFen: 80_00 });
    expect(JSON.parse((await lastAudit()).before ?? '{}')).toEqual({ projectId: big.id, amountFen: 500_00, voucher: null });
    expect(JSON.parse((await lastAudit()).after ?? '{}')).toEqual({ projectId: small.id, amountFen: 80_00, voucher: '付-2024-001' });
    expect(await api.ok<PaymentRow>('payments.get', { id })).toMatchObject({ project: '小项目', voucher: '付-2024-001' });

    expect((await api.refused('payments.delete', { id })).field).toBe('reason');
    const deleted = await api.ok<{ project: { paidFen: number } }>('payments.delete', { id, reason: '凭证作废' });
    expect(deleted.project.paidFen).toBe(0);
    expect(await lastAudit()).toMatchObject({ action: 'delete', entity: 'payment', entityId: id, reason: '凭证作废' });
    expect((await api.refused('payments.get', { id })).code).toBe('NOT_FOUND');
    expect((await api.ok<Page<PaymentListRow>>('payments.list', {})).total).toBe(0);
  });
});
