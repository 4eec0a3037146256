// The first ledger area on the data port, 资产's store (electron/ledger/assets/store.ts), gives the same answers
// on both engines: its SQL (portable, `?` placeholders) runs unchanged on a migrated PostgreSQL database, with
// money exact and counts as numbers.
import { afterAll, describe, expect, it } from 'vitest';
import * as store from '../../electron/ledger/assets/store';
import { PORT_ENGINES, type PortLedger } from '../helpers/port-engines';

const NOW = '2026-12-07T02:00:00.000Z';
const SOLAR: store.AssetFields = {
  code: 'ZC-2024-001', name: '光伏电站', kind: 'operating', projectId: null, originalValueFen: 3_000_000_000_00, formedDate: '2024-05-01',
  townshipId: null, villageId: null, owner: '村集体', rightsLevel: 'village', handoverDate: '2024-06-01', manager: '村合作社',
  operationMode: 'lease', contractStart: '2024-06-01', contractEnd: '2029-05-31', status: 'normal', remark: null,
};
const ROAD: store.AssetFields = { ...SOLAR, code: 'ZC-2023-007', name: '通村道路', kind: 'publicWelfare', originalValueFen: 120_000_00, formedDate: '2023-10-12', operationMode: null, manager: null };

/** Everything the store answers about a small ledger written through it. */
async function answers(l: PortLedger): Promise<unknown> {
  const ids = await l.port.transaction(async (tx) => [await store.insertAsset(tx, SOLAR, NOW), await store.insertAsset(tx, ROAD, NOW)]);
  const [solar, road] = ids as [number, number];
  await l.port.transaction(async (tx) => {
    await store.insertAssetIncome(tx, { assetId: solar, year: 2024, incomeFen: 90_000_00, distribution: '分红到户', remark: null }, NOW);
    await store.insertAssetIncome(tx, { assetId: solar, year: 2025, incomeFen: 150_000_00, distribution: null, remark: null }, NOW);
    await store.updateAsset(tx, road, { status: 'damaged', remark: '汛期冲毁' }, NOW);
  });
  const filters: store.AssetFilter[] = [{}, { incomeYear: 2024 }, { keywordPattern: '%光伏%' }, { keywordPattern: '%100\\%%' }, { statuses: ['damaged'] }, { kind: 'operating' }, { belowMinMicro: 100 }, { belowMinMicro: 10 }];
  const lists = [];
  for (const filter of filters) lists.push({ filter, count: await store.countAssets(l.port, filter), rows: await store.listAssetRecords(l.port, filter, 0, 10) });
  // The demo county's bulk insert of incomes, after the lists (it gives the road incomes).
  const written = await l.port.transaction((tx) =>
    store.insertAssetIncomes(
      tx,
      [
        { assetId: road, year: 2024, incomeFen: 1_00, distribution: null, remark: '象征性收费' },
        { assetId: road, year: 2025, incomeFen: 2_147_483_648_00, distribution: '60%分红', remark: null },
      ],
      NOW,
    ),
  );
  return {
    lists,
    bulkIncomes: { written, incomes: await store.assetIncomeRecords(l.port, road) },
    record: await store.assetRecord(l.port, solar),
    fields: await store.assetFields(l.port, road),
    codeTaken: await store.assetNameWithCode(l.port, 'ZC-2024-001', road),
    codeFree: await store.assetNameWithCode(l.port, 'ZC-2024-001', solar),
    incomes: await store.assetIncomeRecords(l.port, solar),
    income2025: await store.assetIncomeFor(l.port, solar, 2025),
  };
}

describe('资产 store on both engines', () => {
  const opened: PortLedger[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((l) => l.close()));
  });

  it('answers the same on better-sqlite3 and on PostgreSQL', async () => {
    const results: unknown[] = [];
    for (const engine of PORT_ENGINES) {
      const l = await engine.open();
      opened.push(l);
      results.push(await answers(l));
    }
    const [fromSqlite, fromPostgres] = results as [Record<string, unknown>, Record<string, unknown>];
    expect(fromPostgres).toEqual(fromSqlite);
    // And the answers are the ledger's, not two equal mistakes: 150 000 元 on 3 亿 is 50 millionths.
    expect(fromSqlite.record).toMatchObject({ name: '光伏电站', originalValueFen: 300_000_000_000, incomeYear: 2025, incomeFen: 15_000_000 });
    expect((fromSqlite.lists as Array<{ count: number }>).map((list) => list.count)).toEqual([2, 2, 1, 0, 1, 1, 1, 0]);
    expect(fromSqlite.codeTaken).toBe('光伏电站');
    expect(fromSqlite.codeFree).toBeUndefined();
    expect(fromSqlite.bulkIncomes).toEqual({
      written: 2,
      incomes: [
        { year: 2024, incomeFen: 1_00, distribution: null, remark: '象征性收费' },
        { year: 2025, incomeFen: 2_147_483_648_00, distribution: '60%分红', remark: null },
      ],
    });
  });
});
