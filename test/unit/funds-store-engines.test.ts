// The funds store's statements for the import kinds, 撤销导入 and the demo county (electron/ledger/funds/store.ts,
// and the assets store's counts 撤销导入 asks) give the same answers on both engines: the SQL runs unchanged on a
// migrated PostgreSQL database, with money exact and ids and sums as numbers.
import { afterAll, describe, expect, it } from 'vitest';
import * as assets from '../../electron/ledger/assets/store';
import * as funds from '../../electron/ledger/funds/store';
import type { DataWriter } from '../../electron/platform/data-port';
import { answersOnEveryEngine, PORT_ENGINES, type PortLedger } from '../helpers/port-engines';

const NOW = '2026-12-07T02:00:00.000Z';
const LATER = '2026-12-07T03:00:00.000Z';

async function project(tx: DataWriter, code: string, fundFen: number): Promise<number> {
  const row = await tx.get<{ id: number }>(
    "insert into projects (year, code, name, fund_central_fen, status, created_at, updated_at) values (2024, ?, ?, ?, 'started', ?, ?) returning id",
    [code, `项目${code}`, fundFen, NOW, NOW],
  );
  return Number(row?.id);
}

const DOC: funds.AllocationFields = { docNumber: '青财农字〔2024〕7号', level: 'central', fundName: '衔接资金', date: '2024-03-05', year: 2024, amountFen: 9_000_000_000_00, recipient: null, remark: null };

/** A small ledger written by an "import" (batch 1) and by hand, then everything the import, undo and demo ask. */
async function answers(l: PortLedger): Promise<unknown> {
  const { road, well, allocationId, paymentId, handId } = await l.port.transaction(async (tx) => {
    await tx.run(
      `insert into import_batches (kind, file_name, file_sha256, sheet_name, operator, rows_read, imported, updated, skipped, total_fen, status, created_at, updated_at)
       values ('payments', 'a.xlsx', 'ab', 'Sheet1', '张三', 1, 1, 0, 0, 0, 'done', ?, ?)`,
      [NOW, NOW],
    );
    const road = await project(tx, 'QS-1', 8_000_000_000_00);
    const well = await project(tx, 'QS-2', 50_000_00);
    const allocationId = await funds.insertImportedAllocation(tx, DOC, 1, NOW);
    await funds.mergeImportedSplits(tx, allocationId, [{ projectId: road, amountFen: 6_000_000_000_00 }, { projectId: well, amountFen: 30_000_00 }], 1, NOW);
    const [paymentId, secondImportedId] = await funds.insertImportedPayments(
      tx,
      [
        { projectId: road, allocationId, date: '2024-04-01', amountFen: 1_234_567_89, payee: '青山县第一建筑公司', voucher: '记-1', paymentType: 'progress', remark: null },
        { projectId: road, allocationId: null, date: '2024-04-02', amountFen: 1_00, payee: null, voucher: '记-1b', paymentType: null, remark: '同批第二笔' },
      ],
      1,
      NOW,
    );
    // The ids come back in the rows' order, and name the rows written.
    expect(secondImportedId).toBe((paymentId as number) + 1);
    expect(await tx.get('select voucher from payments where id = ?', [secondImportedId as number])).toEqual({ voucher: '记-1b' });
    await tx.run('delete from payments where id = ?', [secondImportedId as number]);
    // By hand (no batch): a second payment on the road and one on the well.
    const handId = await funds.insertPayment(tx, { projectId: road, allocationId, date: '2024-05-01', amountFen: 100_00, payee: null, voucher: '记-2', paymentType: null, remark: '手工' }, NOW);
    await funds.insertPayment(tx, { projectId: well, allocationId: null, date: '2024-05-02', amountFen: 200_00, payee: null, voucher: null, paymentType: null, remark: null }, NOW);
    await tx.run("insert into assets (code, name, kind, project_id, original_value_fen, status, created_at, updated_at) values ('ZC-1', '光伏', 'operating', ?, 100, 'normal', ?, ?)", [
      road,
      NOW,
      NOW,
    ]);
    return { road, well, allocationId, paymentId: paymentId as number, handId };
  });
  const readBack = {
    byDocLevel: [...(await funds.liveAllocationsByDocLevel(l.port))],
    docs: await funds.liveAllocationDocs(l.port),
    recentDocs: await funds.recentDocNumbers(l.port, 10),
    paid: [...(await funds.paidFenByProject(l.port))].sort(),
    // One project's paid money (the projects import's check before lowering a project's funds), and without one payment.
    roadPaid: [await funds.projectPaidFen(l.port, road), await funds.projectPaidFen(l.port, road, handId)],
    allocated: [...(await funds.allocatedFenByProject(l.port))].sort(),
    roadPayments: (await funds.livePaymentsOfProject(l.port, road)).sort((a, b) => a.id - b.id),
    dependents: {
      paymentsOnProjects: await funds.dependentRows(l.port, 'paymentsOnProjects', [road, well], 1),
      splitsOnProjects: await funds.dependentRows(l.port, 'splitsOnProjects', [road, well], 1),
      paymentsOnAllocations: await funds.dependentRows(l.port, 'paymentsOnAllocations', [allocationId], 1),
      splitsOnAllocations: await funds.dependentRows(l.port, 'splitsOnAllocations', [allocationId], 2),
    },
    assetsOfProjects: await assets.countAssetsOfProjects(l.port, [road, well]),
    assetsInPlaces: await assets.countAssetsInPlaces(l.port, [1, 2]),
    storedPayment: await funds.storedRow(l.port, 'payments', paymentId),
  };
  // An import's update, then 撤销导入's restore and removal.
  await l.port.transaction(async (tx) => {
    await funds.updateAllocationColumns(tx, allocationId, { amountFen: 9_500_000_000_00, remark: '追加' }, LATER);
    await funds.updatePaymentColumns(tx, paymentId, { amountFen: 1_000_00, payee: null }, LATER);
    await funds.restoreSplits(tx, allocationId, [{ projectId: well, amountFen: 40_000_00 }], LATER);
  });
  const afterUpdate = {
    allocation: await funds.allocationFields(l.port, allocationId),
    payment: await funds.paymentFields(l.port, paymentId),
    splits: await funds.splitAmounts(l.port, allocationId),
  };
  await l.port.transaction(async (tx) => {
    await funds.deleteImportedRow(tx, 'payments', paymentId);
    await funds.deleteImportedRow(tx, 'payments', handId);
    await funds.deleteImportedRow(tx, 'allocations', allocationId);
  });
  const afterDelete = { payment: await funds.storedRow(l.port, 'payments', paymentId), allocation: await funds.storedRow(l.port, 'allocations', allocationId), splits: await funds.splitAmounts(l.port, allocationId) };
  // The demo county's bulk inserts: an allocation's splits and payments drawing on it, many rows at once.
  const bulk = await l.port.transaction(async (tx) => {
    const county = await funds.insertAllocation(tx, { ...DOC, docNumber: '青财预字〔2024〕3号', level: 'county', amountFen: 1_000_000_00 }, LATER);
    const splits = await funds.insertSplits(tx, [{ allocationId: county, projectId: road, amountFen: 700_000_00 }, { allocationId: county, projectId: well, amountFen: 300_000_00 }], LATER);
    const payments = await funds.insertPayments(
      tx,
      [
        { projectId: road, allocationId: county, date: '2024-06-01', amountFen: 9_007_199_254_740_99, payee: '青山县第一建筑公司', voucher: '付-2024-000001', paymentType: 'advance', remark: null },
        { projectId: well, allocationId: null, date: '2024-06-02', amountFen: 1, payee: null, voucher: null, paymentType: 'settlement', remark: '质保' },
      ],
      LATER,
    );
    return { county, splits, payments };
  });
  const bulkRead = {
    written: { splits: bulk.splits, payments: bulk.payments },
    splits: await funds.splitAmounts(l.port, bulk.county),
    roadPayments: (await funds.livePaymentsOfProject(l.port, road)).sort((a, b) => a.id - b.id),
    wellPayments: (await funds.livePaymentsOfProject(l.port, well)).sort((a, b) => a.id - b.id),
  };
  return { readBack, afterUpdate, afterDelete, bulk: bulkRead };
}

describe('资金 store: the import, undo and demo statements on both engines', () => {
  const opened: PortLedger[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((l) => l.close()));
  });

  it('answers the same on better-sqlite3 and on PostgreSQL', async () => {
    const results: Array<Record<string, Record<string, unknown>>> = [];
    for (const engine of PORT_ENGINES) {
      const l = await engine.open();
      opened.push(l);
      results.push((await answers(l)) as Record<string, Record<string, unknown>>);
    }
    const [fromSqlite, fromPostgres] = results as [Record<string, Record<string, unknown>>, Record<string, Record<string, unknown>>];
    // select * differs by engine in how it types its columns: compared by its money and batch only.
    const stored = (r: Record<string, unknown>) => {
      const row = r.storedPayment as Record<string, unknown>;
      return { amount: Number(row.amount_fen), batch: Number(row.import_batch_id), created: row.created_at };
    };
    expect(stored(fromPostgres.readBack as Record<string, unknown>)).toEqual(stored(fromSqlite.readBack as Record<string, unknown>));
    const { storedPayment: _s1, ...sqliteRest } = fromSqlite.readBack as Record<string, unknown>;
    const { storedPayment: _s2, ...postgresRest } = fromPostgres.readBack as Record<string, unknown>;
    expect(postgresRest).toEqual(sqliteRest);
    expect(fromPostgres.afterUpdate).toEqual(fromSqlite.afterUpdate);
    expect(fromPostgres.afterDelete).toEqual(fromSqlite.afterDelete);
    expect(fromPostgres.bulk).toEqual(fromSqlite.bulk);
    // And the answers are the ledger's, not two equal mistakes.
    expect(stored(fromSqlite.readBack as Record<string, unknown>)).toEqual({ amount: 1_234_567_89, batch: 1, created: NOW });
    expect(sqliteRest.dependents).toEqual({
      paymentsOnProjects: { n: 2, batches: null },
      splitsOnProjects: { n: 0, batches: null },
      paymentsOnAllocations: { n: 1, batches: null },
      splitsOnAllocations: { n: 2, batches: '1' },
    });
    expect(sqliteRest.paid).toEqual([
      [1, 1_234_567_89 + 100_00],
      [2, 200_00],
    ]);
    expect(sqliteRest.roadPaid).toEqual([1_234_567_89 + 100_00, 1_234_567_89]);
    expect(sqliteRest.assetsOfProjects).toBe(1);
    expect(sqliteRest.recentDocs).toEqual((sqliteRest.docs as Array<{ docNumber: string }>).map((d) => d.docNumber));
    // The import's update moved each row to its next version; an allocation's splits belong to it, so the imported
    // splits and the restored ones moved it on too (1 → 2 → 3 → 4).
    expect(fromSqlite.afterUpdate).toMatchObject({
      allocation: { fields: { amountFen: 9_500_000_000_00, remark: '追加' }, version: 4 },
      payment: { fields: { amountFen: 1_000_00, payee: null }, version: 2 },
      splits: [{ projectId: 2, amountFen: 40_000_00 }],
    });
    expect(fromSqlite.afterDelete).toEqual({ payment: undefined, allocation: undefined, splits: [] });
    expect(fromSqlite.bulk).toMatchObject({
      written: { splits: 2, payments: 2 },
      splits: [
        { projectId: 1, amountFen: 700_000_00 },
        { projectId: 2, amountFen: 300_000_00 },
      ],
      roadPayments: [{ allocationId: 2, date: '2024-06-01', amountFen: 9_007_199_254_740_99, voucher: '付-2024-000001', paymentType: 'advance' }],
    });
    // The well keeps its payment typed in by hand, then the bulk one.
    expect((fromSqlite.bulk as { wellPayments: unknown[] }).wellPayments).toEqual([
      expect.objectContaining({ amountFen: 200_00, voucher: null, remark: null }),
      expect.objectContaining({ projectId: 2, allocationId: null, amountFen: 1, payee: null, voucher: null, paymentType: 'settlement', remark: '质保' }),
    ]);
  });
});

/** 支出进度, the supervisor's flags and the 拨付 list read a small ledger the same way on both engines. */
async function progressAnswers(l: PortLedger): Promise<Record<string, unknown>> {
  const ids = await l.port.transaction(async (tx) => {
    const town = await tx.get<{ id: number }>("insert into divisions (code, name, level, created_at, updated_at) values ('632123100000', '桦树镇', 'township', ?, ?) returning id", [NOW, NOW]);
    const road = await project(tx, 'QS-1', 8_000_000_000_00);
    const well = await project(tx, 'QS-2', 50_000_00);
    await tx.run("update projects set township_id = ?, status = 'approved' where id = ?", [Number(town?.id), well]);
    const live = await funds.insertAllocation(tx, DOC, NOW);
    const gone = await funds.insertAllocation(tx, { ...DOC, docNumber: '青财农字〔2024〕8号', level: 'provincial', date: '2024-02-01' }, NOW);
    await funds.softDeleteAllocation(tx, gone, '重复', NOW);
    await funds.replaceSplits(tx, live, [], [{ projectId: road, amountFen: 6_000_000_000_00 }, { projectId: well, amountFen: 30_000_00 }], NOW, 1);
    await funds.replaceSplits(tx, gone, [], [{ projectId: well, amountFen: 10_000_00 }], NOW, 2);
    const pay = (projectId: number, allocationId: number | null, date: string, amountFen: number, voucher: string) =>
      funds.insertPayment(tx, { projectId, allocationId, date, amountFen, payee: '青山县第一建筑公司', voucher, paymentType: 'progress', remark: `备注${voucher}` }, NOW);
    const first = await pay(road, live, '2024-04-01', 1_234_567_89, '记-1');
    await pay(well, null, '2024-05-02', 40_000_00, '记-2');
    await pay(road, null, '2024-12-20', 100_00, '记-3');
    return { town: Number(town?.id), road, well, live, first };
  });
  const db = l.port;
  const cutoff = '2024-09-30';
  const byId = <T extends { id: number }>(rows: T[]) => [...rows].sort((a, b) => a.id - b.id);
  const byProject = <T extends { projectId: number; allocationId?: number | null }>(rows: T[]) =>
    [...rows].sort((a, b) => a.projectId - b.projectId || (a.allocationId ?? 0) - (b.allocationId ?? 0));
  return {
    allocations: byId(await funds.allocationDatesAndLevels(db)),
    projects: byId(await funds.yearProjectFunds(db, 2024)),
    splits: byProject(await funds.yearSplits(db, 2024)),
    payments: byProject(await funds.yearPaymentsByAllocation(db, 2024, cutoff)),
    pool: [...(await funds.poolByLevel(db, 2024, cutoff))].sort((a, b) => a.level.localeCompare(b.level)),
    flags: await Promise.all(
      [2024, undefined].map(async (year) => ({
        live: [...((await funds.liveProjectIdsForFlags(db, year)) ?? [])].sort(),
        paid: byProject(await funds.paidUpToByProject(db, year, cutoff)),
        splits: byProject(await funds.splitsForFlags(db, year)),
        notStarted: await funds.notStartedProjectIds(db, year),
      })),
    ),
    details: [...(await funds.flagProjectDetails(db, [ids.well, ids.road]))].sort((a, b) => a.projectId - b.projectId),
    list: {
      all: await funds.countPaymentList(db, {}),
      town: await funds.countPaymentList(db, { townshipId: ids.town }),
      keyword: await funds.countPaymentList(db, { keywordPattern: '%记-1%' }),
      year: await funds.countPaymentList(db, { year: 2024, paymentType: 'progress', projectId: ids.road }),
      page: await funds.paymentListRecords(db, {}, 1, 2),
      over: [...(await funds.overAllocatedProjects(db, [ids.road, ids.well]))],
      none: [...(await funds.overAllocatedProjects(db, []))],
      extras: [...(await funds.paymentExtras(db, [ids.first]))],
    },
    figures: [await funds.paymentFigures(db, 2024), await funds.paymentFigures(db, 2025)],
    allocationFigures: [await funds.allocationFigures(db, 2024), await funds.allocationFigures(db, 2025)],
    ids,
  };
}

describe('资金 store: 支出进度, the flags and the 拨付 list on both engines', () => {
  const opened: PortLedger[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((l) => l.close()));
  });

  it('answers the same on better-sqlite3 and on PostgreSQL', async () => {
    const [fromSqlite, fromPostgres] = (await answersOnEveryEngine(progressAnswers, opened)) as [Record<string, unknown>, Record<string, unknown>];
    expect(fromPostgres).toEqual(fromSqlite);
    const { road, well, live } = fromSqlite.ids as { road: number; well: number; live: number };
    expect((fromSqlite.allocations as funds.AllocationDateLevel[]).map((a) => [a.level, a.deleted])).toEqual([
      ['central', false],
      ['provincial', true],
    ]);
    // The December payment is after the cut-off; the well's names no allocation.
    expect(fromSqlite.payments).toEqual([
      { projectId: road, allocationId: live, fen: 1_234_567_89 },
      { projectId: well, allocationId: null, fen: 40_000_00 },
    ]);
    expect(fromSqlite.pool).toEqual([{ level: 'central', fen: 9_000_000_000_00 }]);
    expect((fromSqlite.projects as funds.YearProjectFunds[]).map((p) => p.c0)).toEqual([8_000_000_000_00, 50_000_00]);
    const [oneYear, allYears] = fromSqlite.flags as Array<Record<string, unknown>>;
    expect(oneYear?.live).toEqual([]);
    expect(allYears?.live).toEqual([road, well]);
    expect(oneYear?.notStarted).toEqual([well]);
    expect(oneYear?.paid).toEqual([
      { projectId: road, fen: 1_234_567_89, lastDate: '2024-04-01' },
      { projectId: well, fen: 40_000_00, lastDate: '2024-05-02' },
    ]);
    expect(fromSqlite.details).toMatchObject([
      { projectId: road, code: 'QS-1', township: null, status: 'started', totalFen: 8_000_000_000_00 },
      { projectId: well, township: '桦树镇', status: 'approved', totalFen: 50_000_00 },
    ]);
    const list = fromSqlite.list as Record<string, unknown>;
    expect([list.all, list.town, list.keyword, list.year]).toEqual([3, 1, 1, 2]);
    expect((list.page as funds.PaymentListRecord[]).map((r) => r.voucher)).toEqual(['记-2', '记-1']);
    // The well: 40 000 paid against 30 000 split from a live allocation (the deleted one's split does not count).
    expect(list.over).toEqual([well]);
    expect(fromSqlite.figures).toEqual([
      { payments: 3, paidFen: 1_234_567_89 + 40_000_00 + 100_00 },
      { payments: 3, paidFen: 0 },
    ]);
    // The deleted allocation counts neither in the number nor in the year's sum.
    expect(fromSqlite.allocationFigures).toEqual([
      { allocations: 1, allocatedFen: 9_000_000_000_00 },
      { allocations: 1, allocatedFen: 0 },
    ]);
    expect(list.extras).toEqual([[fromSqlite.ids && (fromSqlite.ids as { first: number }).first, { id: (fromSqlite.ids as { first: number }).first, level: 'central', remark: '备注记-1' }]]);
  });
});
