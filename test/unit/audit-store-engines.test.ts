// The 审计日志 store (electron/ledger/audit/store.ts) gives the same answers on both engines: the trail's
// listing, filters and counts, the rows 校验 looks at and replays, the names of the records rows speak of.
import { afterAll, describe, expect, it } from 'vitest';
import * as audit from '../../electron/ledger/audit/store';
import { verifyChainOnPort, writeAuditedOn } from '../../electron/platform/audited-write';
import type { DataWriter } from '../../electron/platform/data-port';
import { answersOnEveryEngine, type PortLedger } from '../helpers/port-engines';

const NOW = '2026-12-07T02:00:00.000Z';
const LATER = '2026-12-08T03:00:00.000Z';

async function inserted(tx: DataWriter, sql: string, params: ReadonlyArray<string | number | null>): Promise<number> {
  return Number((await tx.get<{ id: number }>(`${sql} returning id`, params))?.id);
}

async function answers(l: PortLedger): Promise<Record<string, unknown>> {
  const db = l.port;
  const ids = await writeAuditedOn(db, { operator: '王芳', at: NOW }, async (tx, trail) => {
    const town = await inserted(tx, "insert into divisions (code, name, level, created_at, updated_at) values ('632123100000', '桦树镇', 'township', ?, ?)", [NOW, NOW]);
    const road = await inserted(tx, "insert into projects (year, code, name, fund_central_fen, status, search_initials, created_at, updated_at) values (2024, 'QS-1', '前进村道路硬化', 100, 'started', 'qjcdlyh', ?, ?)", [NOW, NOW]);
    const payment = await inserted(tx, "insert into payments (project_id, date, amount_fen, voucher, created_at, updated_at) values (?, '2024-04-01', 100, '记-1', ?, ?)", [road, NOW, NOW]);
    const bare = await inserted(tx, "insert into payments (project_id, date, amount_fen, created_at, updated_at) values (?, '2024-04-02', 50, ?, ?)", [road, NOW, NOW]);
    const allocation = await inserted(tx, "insert into allocations (doc_number, level, date, year, amount_fen, created_at, updated_at) values ('青财农字〔2024〕7号', 'central', '2024-03-05', 2024, 100, ?, ?)", [NOW, NOW]);
    await tx.run('insert into allocation_splits (allocation_id, project_id, amount_fen, created_at, updated_at) values (?, ?, 100, ?, ?)', [allocation, road, NOW, NOW]);
    const asset = await inserted(tx, "insert into assets (code, name, kind, project_id, original_value_fen, status, created_at, updated_at) values ('ZC-1', '光伏电站', 'operating', ?, 100, 'normal', ?, ?)", [road, NOW, NOW]);
    const income = await inserted(tx, 'insert into asset_incomes (asset_id, year, income_fen, created_at, updated_at) values (?, 2024, 10, ?, ?)', [asset, NOW, NOW]);
    await trail.record({ action: 'create', entity: 'project', entityId: road, after: { name: '前进村道路硬化', year: 2024 } });
    await trail.record({ action: 'createMany', entity: 'payment', after: { fields: ['amountFen'], rows: [[payment, 100], [bare, 50]] } });
    await trail.record({ action: 'set', entity: 'allocationSplits', entityId: allocation, before: [], after: [{ projectId: road, amountFen: 100 }] });
    // A division created and deleted again: its name is only in the trail now.
    await trail.record({ action: 'create', entity: 'division', entityId: 99, after: { name: '南山乡', level: 'township' } });
    await trail.record({ action: 'delete', entity: 'division', entityId: 99, before: { name: '南山乡', level: 'township' } });
    return { town, road, payment, bare, allocation, asset, income };
  });
  await writeAuditedOn(db, { operator: '李娜', at: LATER }, async (_tx, trail) => {
    await trail.record({ action: 'update', entity: 'project', entityId: ids.road, before: { name: '前进村道路硬化' }, after: { name: '前进村道路硬化（一期）' } });
    await trail.record({ action: 'restore', entity: 'ledger', after: { replaced: { id: 3, hash: 'ab' } } });
    await trail.record({ action: 'verify', entity: 'ledger', after: { ok: true, problems: 0 } });
  });
  const head = await audit.auditChainHead(db);
  const onlyRoad: audit.AuditFilter = { record: { named: new Map([['project', [ids.road]]]), valuesLike: '%不在%' } };
  const byValues: audit.AuditFilter = { record: { named: new Map(), valuesLike: '%南山%' } };
  return {
    count: await audit.countAuditRows(db),
    counts: await Promise.all(
      [{ entity: 'project' }, { operator: '李娜' }, { action: 'create' }, { entityId: 99 }, { from: LATER }, { before: LATER }, onlyRoad, byValues, { entity: 'division', ...byValues }].map((f) =>
        audit.countAuditRows(db, f),
      ),
    ),
    page: (await audit.auditRowPage(db, {}, 1, 3)).map((r) => [r.id, r.action, r.entity, r.entityId, r.operator, r.importBatchId]),
    pageOfRoad: (await audit.auditRowPage(db, onlyRoad, 0, 10)).map((r) => [r.action, r.before, r.after]),
    facets: [await audit.distinctAuditValues(db, 'entity'), await audit.distinctAuditValues(db, 'action'), await audit.distinctAuditValues(db, 'operator')],
    withHash: await audit.auditRowWithHash(db, 2),
    noRow: await audit.auditRowWithHash(db, 999),
    before: [await audit.hashBefore(db, 2), await audit.hashBefore(db, 1)],
    hashOf: [await audit.auditHashOf(db, 1), await audit.auditHashOf(db, 999)],
    lastId: [await audit.lastAuditId(db), await audit.lastAuditId(db, 5), await audit.lastAuditId(db, 1)],
    head,
    headIsHash: head ? await audit.auditHashExists(db, head.hash) : null,
    unknownHash: await audit.auditHashExists(db, 'nope'),
    valueTrail: await audit.recordValueTrail(db, 'division', [99, 100]),
    valueTrailNone: await audit.recordValueTrail(db, 'division', []),
    latestVerify: await audit.latestVerifyRow(db),
    restores: await audit.restoreRows(db),
    names: {
      project: [...(await audit.recordNames(db, 'project', [ids.road, 999]))],
      division: [...(await audit.recordNames(db, 'division', [ids.town, 99]))],
      payment: [...(await audit.recordNames(db, 'payment', [ids.payment, ids.bare]))].sort(),
      allocation: [...(await audit.recordNames(db, 'allocation', [ids.allocation]))],
      assetIncome: [...(await audit.recordNames(db, 'assetIncome', [ids.income]))],
      none: [...(await audit.recordNames(db, 'unit', []))],
    },
    named: [await audit.namedRecords(db, 'project'), await audit.namedRecords(db, 'division'), await audit.namedRecords(db, 'unit')],
    tableRows: await audit.countTableRows(db, ['projects', 'payments', 'allocation_splits', 'audit_log']),
    tablePages: [
      await audit.checkedTablePage(db, 'payments', ['amount_fen', 'voucher'], true, 0, 1),
      await audit.checkedTablePage(db, 'payments', ['amount_fen', 'voucher'], true, ids.payment, 10),
      await audit.checkedTablePage(db, 'asset_incomes', ['income_fen'], false, 0, 10),
    ],
    trailPages: [await audit.entityTrailPage(db, 'project', { entityId: 0, id: 0 }, 1), await audit.entityTrailPage(db, 'project', { entityId: ids.road, id: 1 }, 10)],
    bulk: [await audit.bulkCreatedPage(db, 'payment', 0, 10), await audit.bulkCreatedPage(db, 'payment', 2, 10)],
    splitsTrail: await audit.entityTrail(db, 'allocationSplits'),
    deletes: await audit.deleteRows(db, ['division', 'project']),
    deletesNone: await audit.deleteRows(db, []),
    splits: await audit.allocationSplitRows(db),
    files: await audit.liveAttachmentFiles(db),
    chain: await verifyChainOnPort(db),
    ids,
  };
}

describe('审计日志 store on both engines', () => {
  const opened: PortLedger[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((l) => l.close()));
  });

  it('answers the same on better-sqlite3 and on PostgreSQL', async () => {
    const [fromSqlite, fromPostgres] = (await answersOnEveryEngine(answers, opened)) as [Record<string, unknown>, Record<string, unknown>];
    expect(fromPostgres).toEqual(fromSqlite);
    // And the answers are the ledger's, not two equal mistakes.
    const ids = fromSqlite.ids as Record<string, number>;
    expect(fromSqlite.count).toBe(8);
    expect(fromSqlite.counts).toEqual([2, 3, 2, 2, 3, 5, 2, 2, 2]);
    expect(fromSqlite.page).toEqual([
      [7, 'restore', 'ledger', null, '李娜', null],
      [6, 'update', 'project', ids.road, '李娜', null],
      [5, 'delete', 'division', 99, '王芳', null],
    ]);
    expect(fromSqlite.pageOfRoad).toEqual([
      ['update', '{"name":"前进村道路硬化"}', '{"name":"前进村道路硬化（一期）"}'],
      ['create', null, '{"name":"前进村道路硬化","year":2024}'],
    ]);
    expect(fromSqlite.facets).toEqual([
      ['allocationSplits', 'division', 'ledger', 'payment', 'project'],
      ['create', 'createMany', 'delete', 'restore', 'set', 'update', 'verify'],
      ['李娜', '王芳'],
    ]);
    expect(fromSqlite.withHash).toMatchObject({ id: 2, action: 'createMany', entity: 'payment', entityId: null, at: NOW, operator: '王芳' });
    expect(fromSqlite.noRow).toBeUndefined();
    const before = fromSqlite.before as [string, string | undefined];
    expect(before[0]).toBe((fromSqlite.hashOf as string[])[0]);
    expect(before[1]).toBeUndefined();
    expect((fromSqlite.hashOf as unknown[])[1]).toBeUndefined();
    expect(fromSqlite.lastId).toEqual([8, 4, 0]);
    expect(fromSqlite.head).toMatchObject({ id: 8 });
    expect([fromSqlite.headIsHash, fromSqlite.unknownHash]).toEqual([true, false]);
    expect(fromSqlite.valueTrail).toEqual([
      { entityId: 99, before: '{"name":"南山乡","level":"township"}', after: null },
      { entityId: 99, before: null, after: '{"name":"南山乡","level":"township"}' },
    ]);
    expect(fromSqlite.valueTrailNone).toEqual([]);
    expect(fromSqlite.latestVerify).toEqual({ id: 8, at: LATER, operator: '李娜', after: '{"ok":true,"problems":0}' });
    expect(fromSqlite.restores).toEqual([{ id: 7, after: '{"replaced":{"id":3,"hash":"ab"}}' }]);
    expect(fromSqlite.names).toEqual({
      project: [[ids.road, '前进村道路硬化']],
      division: [[ids.town, '桦树镇']],
      payment: [
        [ids.payment, '前进村道路硬化（凭证号 记-1）'],
        [ids.bare, '前进村道路硬化（2024-04-02）'],
      ],
      allocation: [[ids.allocation, '青财农字〔2024〕7号']],
      assetIncome: [[ids.income, '光伏电站 2024年']],
      none: [],
    });
    expect(fromSqlite.named).toEqual([[{ id: ids.road, name: '前进村道路硬化', initials: 'qjcdlyh' }], [{ id: ids.town, name: '桦树镇', initials: null }], []]);
    expect(fromSqlite.tableRows).toBe(1 + 2 + 1 + 8);
    expect(fromSqlite.tablePages).toEqual([
      [{ id: ids.payment, deletedAt: null, c0: 100, c1: '记-1' }],
      [{ id: ids.bare, deletedAt: null, c0: 50, c1: null }],
      [{ id: ids.income, deletedAt: null, c0: 10 }],
    ]);
    expect((fromSqlite.trailPages as Array<Array<{ action: string }>>).map((p) => p.map((r) => r.action))).toEqual([['create'], ['update']]);
    expect((fromSqlite.bulk as Array<Array<{ id: number }>>).map((p) => p.map((r) => r.id))).toEqual([[2], []]);
    expect(fromSqlite.splitsTrail).toEqual([{ id: 3, entityId: ids.allocation, after: `[{"projectId":${ids.road},"amountFen":100}]` }]);
    expect(fromSqlite.deletes).toEqual([{ id: 5, entity: 'division', entityId: 99 }]);
    expect(fromSqlite.deletesNone).toEqual([]);
    expect(fromSqlite.splits).toEqual([{ allocationId: ids.allocation, projectId: ids.road, amountFen: 100 }]);
    expect(fromSqlite.files).toEqual([]);
    expect(fromSqlite.chain).toEqual({ ok: true, rows: 8, brokenAtId: null, gapAfterId: null, gapCount: 0 });
  });
});
