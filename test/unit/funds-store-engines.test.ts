// The funds store's statements for the import kinds, 撤销导入 and the demo county (electron/ledger/funds/store.ts,
// and the assets store's counts 撤销导入 asks) give the same answers on both engines: the SQL runs unchanged on a
// migrated PostgreSQL database, with money exact and ids and sums as numbers.
import { afterAll, describe, expect, it } from 'vitest';
import * as assets from '../../electron/ledger/assets/store';
import * as funds from '../../electron/ledger/funds/store';
import type { DataWriter } from '../../electron/platform/data-port';
import { PORT_ENGINES, type PortLedger } from '../helpers/port-engines';

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
    const paymentId = await funds.insertImportedPayment(
      tx,
      { projectId: road, allocationId, date: '2024-04-01', amountFen: 1_234_567_89, payee: '青山县第一建筑公司', voucher: '记-1', paymentType: 'progress', remark: null },
      1,
      NOW,
    );
    // By hand (no batch): a second payment on the road and one on the well.
    const handId = await funds.insertPayment(tx, { projectId: road, allocationId, date: '2024-05-01', amountFen: 100_00, payee: null, voucher: '记-2', paymentType: null, remark: '手工' }, NOW);
    await funds.insertPayment(tx, { projectId: well, allocationId: null, date: '2024-05-02', amountFen: 200_00, payee: null, voucher: null, paymentType: null, remark: null }, NOW);
    await tx.run("insert into assets (code, name, kind, project_id, original_value_fen, status, created_at, updated_at) values ('ZC-1', '光伏', 'operating', ?, 100, 'normal', ?, ?)", [
      road,
      NOW,
      NOW,
    ]);
    return { road, well, allocationId, paymentId, handId };
  });
  const readBack = {
    byDocLevel: [...(await funds.liveAllocationsByDocLevel(l.port))],
    docs: await funds.liveAllocationDocs(l.port),
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
  return { readBack, afterUpdate, afterDelete };
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
    expect(fromSqlite.afterUpdate).toMatchObject({ allocation: { amountFen: 9_500_000_000_00, remark: '追加' }, payment: { amountFen: 1_000_00, payee: null }, splits: [{ projectId: 2, amountFen: 40_000_00 }] });
    expect(fromSqlite.afterDelete).toEqual({ payment: undefined, allocation: undefined, splits: [] });
  });
});
