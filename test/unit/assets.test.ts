import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssetDetail, AssetRow, Page, ProjectDetail } from '../../shared/api';
import { bankable, channels, setupCounty, type County } from '../helpers/county-fixture';
import { lastAudit as lastAuditOf, testLedger, type TestLedger } from '../helpers/test-ledger';

let ledger: TestLedger;
let api: ReturnType<typeof channels>;
let c: County;
let project: ProjectDetail;
beforeEach(async () => {
  ledger = await testLedger();
  api = channels(ledger);
  c = await setupCounty(ledger);
  project = await api.ok<ProjectDetail>('projects.create', bankable(c, { name: '前进村光伏电站建设项目', status: 'handedOver', actualStart: '2023-04-01', actualEnd: '2023-09-30' }));
});
afterEach(() => ledger.dispose());

const lastAudit = () => lastAuditOf(ledger);

function pv(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: 'ZC-2023-001',
    name: '前进村村级光伏电站',
    kind: 'operating',
    projectId: project.id,
    originalValueFen: 1_000_000_00,
    formedDate: '2023-09-30',
    townshipId: c.huashu.id,
    villageId: c.qianjin.id,
    owner: '前进村股份经济合作社',
    rightsLevel: 'village',
    handoverDate: '2023-10-15',
    manager: '青山光伏运维有限公司',
    operationMode: 'trust',
    contractStart: '2023-11-01',
    contractEnd: '2033-10-31',
    ...overrides,
  };
}

describe('资产', () => {
  it('creates an asset linked to its project, edits and soft-deletes it with audit rows', async () => {
    const a = await api.ok<AssetDetail>('assets.create', pv());
    expect(a).toMatchObject({
      name: '前进村村级光伏电站',
      project: '前进村光伏电站建设项目',
      township: '桦树镇',
      village: '前进村',
      status: 'normal',
      incomeYear: null,
      incomeFen: null,
      returnRatePercent: null,
      belowMinimum: false,
      incomes: [],
    });
    expect(await lastAudit()).toMatchObject({ action: 'create', entity: 'asset', entityId: a.id });
    const edited = await api.ok<AssetDetail>('assets.update', { id: a.id, status: 'inefficient', manager: '前进村村委会' });
    expect(edited).toMatchObject({ status: 'inefficient', manager: '前进村村委会', owner: '前进村股份经济合作社' });
    expect(JSON.parse(String((await lastAudit()).before))).toEqual({ manager: '青山光伏运维有限公司', status: 'normal' });
    // The project page lists its assets.
    const ofProject = await api.ok<Page<AssetRow>>('assets.list', { projectId: project.id });
    expect(ofProject.rows.map((r) => r.id)).toEqual([a.id]);
    expect((await api.refused('assets.delete', { id: a.id })).field).toBe('reason');
    await api.ok('assets.delete', { id: a.id, reason: '已拆除并处置' });
    expect(await lastAudit()).toMatchObject({ action: 'delete', entity: 'asset', reason: '已拆除并处置' });
    expect((await api.ok<Page<AssetRow>>('assets.list', { projectId: project.id })).total).toBe(0);
    expect((await api.refused('assets.get', { id: a.id })).code).toBe('NOT_FOUND');
  });

  it.each([
    ['a negative value', { originalValueFen: -1 }, 'originalValueFen'],
    ['a value not in whole fen', { originalValueFen: 10.01 }, 'originalValueFen'],
    ['a value above 10^12 fen', { originalValueFen: 1_000_000_000_001 }, 'originalValueFen'],
    ['a formed date that does not exist', { formedDate: '2024-02-30' }, 'formedDate'],
    ['a contract ending before it starts', { contractStart: '2024-01-01', contractEnd: '2023-12-31' }, 'contractEnd'],
    ['an unknown township', { townshipId: 9999, villageId: null }, 'townshipId'],
    ['an unknown village', { villageId: 9999 }, 'villageId'],
    ['a village of another township', { villageId: 'xiaohe' }, 'villageId'],
    ['an unknown project', { projectId: 9999 }, 'projectId'],
    ['an unknown kind', { kind: 'magic' }, 'kind'],
    ['an unknown 确权层级', { rightsLevel: 'province' }, 'rightsLevel'],
    ['an unknown 经营方式', { operationMode: 'sell' }, 'operationMode'],
    ['an overlong name', { name: '资'.repeat(101) }, 'name'],
    ['an overlong owner', { owner: '人'.repeat(101) }, 'owner'],
  ] as Array<[string, Record<string, unknown>, string]>)('refuses %s, writing nothing', async (_label, override, field) => {
    const before = await api.snapshot();
    // Ids of the fixture are only known once it exists: 'xiaohe' stands for the village of 南山乡.
    const resolved = override.villageId === 'xiaohe' ? { ...override, villageId: c.xiaohe.id } : override;
    const err = await api.refused('assets.create', pv(resolved));
    expect(err.field).toBe(field);
    expect(await api.snapshot()).toBe(before);
  });

  it('refuses a duplicate live asset code', async () => {
    await api.ok('assets.create', pv());
    const before = await api.snapshot();
    expect(await api.refused('assets.create', pv({ name: '另一座电站' }))).toMatchObject({ code: 'CONFLICT', field: 'code' });
    expect(await api.snapshot()).toBe(before);
  });
});

describe('资产收益与收益率', () => {
  it('upserts one record per asset and year, computes 收益率 and flags operating assets below the minimum', async () => {
    const a = await api.ok<AssetDetail>('assets.create', pv());
    const road = await api.ok<AssetDetail>('assets.create', pv({ code: 'ZC-2023-002', name: '前进村通组道路', kind: 'publicWelfare', operationMode: null }));

    let detail = await api.ok<AssetDetail>('assetIncomes.upsert', { assetId: a.id, year: 2024, incomeFen: 50_000_00, distribution: '村集体 40%，脱贫户 60%' });
    expect(detail.incomes).toEqual([{ year: 2024, incomeFen: 50_000_00, distribution: '村集体 40%，脱贫户 60%', remark: null, returnRatePercent: 5, belowMinimum: true }]);
    expect(detail).toMatchObject({ incomeYear: 2024, incomeFen: 50_000_00, returnRatePercent: 5, belowMinimum: true });
    expect(await lastAudit()).toMatchObject({ action: 'create', entity: 'assetIncome' });

    // The same year again replaces the record (one per asset and year), with before/after in the audit.
    detail = await api.ok<AssetDetail>('assetIncomes.upsert', { assetId: a.id, year: 2024, incomeFen: 60_000_00 });
    expect(detail.incomes).toHaveLength(1);
    expect(detail.incomes[0]).toMatchObject({ incomeFen: 60_000_00, returnRatePercent: 6, belowMinimum: false });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'update', entity: 'assetIncome' });
    expect(JSON.parse(String(audit.before))).toMatchObject({ incomeFen: 50_000_00 });
    expect(JSON.parse(String(audit.after))).toMatchObject({ incomeFen: 60_000_00 });
    expect(await ledger.sql.value('select count(*) from asset_incomes')).toBe(1);

    await api.ok('assetIncomes.upsert', { assetId: a.id, year: 2025, incomeFen: 12_345_67 });
    await api.ok('assetIncomes.upsert', { assetId: road.id, year: 2025, incomeFen: 0 });
    detail = await api.ok<AssetDetail>('assets.get', { id: a.id });
    expect(detail.incomes.map((i) => [i.year, i.returnRatePercent, i.belowMinimum])).toEqual([
      [2024, 6, false],
      [2025, 1.23, true],
    ]);
    // The list shows the latest year by default, or the year asked for; 公益性 assets are never flagged.
    const latest = await api.ok<Page<AssetRow>>('assets.list', {});
    expect(latest.rows.map((r) => [r.name, r.incomeYear, r.returnRatePercent, r.belowMinimum])).toEqual([
      ['前进村通组道路', 2025, 0, false],
      ['前进村村级光伏电站', 2025, 1.23, true],
    ]);
    const y2024 = await api.ok<Page<AssetRow>>('assets.list', { incomeYear: 2024 });
    expect(y2024.rows.map((r) => [r.name, r.incomeFen])).toEqual([
      ['前进村通组道路', null],
      ['前进村村级光伏电站', 60_000_00],
    ]);
    expect((await api.ok<Page<AssetRow>>('assets.list', { belowMinimumOnly: true })).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await api.ok<Page<AssetRow>>('assets.list', { belowMinimumOnly: true, incomeYear: 2024 })).total).toBe(0);

    // The minimum is a setting.
    await api.ok('ledgerSettings.update', { assetMinReturnRate: 0.01 });
    expect((await api.ok<AssetDetail>('assets.get', { id: a.id })).belowMinimum).toBe(false);
    expect((await api.ok<Page<AssetRow>>('assets.list', { belowMinimumOnly: true })).total).toBe(0);
    await api.ok('ledgerSettings.update', { assetMinReturnRate: 0.1 });
    expect((await api.ok<Page<AssetRow>>('assets.list', { belowMinimumOnly: true, incomeYear: 2024 })).rows.map((r) => r.id)).toEqual([a.id]);
    // A disposed asset is no longer held to it.
    await api.ok('assets.update', { id: a.id, status: 'disposed' });
    expect((await api.ok<AssetDetail>('assets.get', { id: a.id })).belowMinimum).toBe(false);
  });

  it('refuses bad income records, writing nothing', async () => {
    const a = await api.ok<AssetDetail>('assets.create', pv());
    const before = await api.snapshot();
    expect((await api.refused('assetIncomes.upsert', { assetId: a.id, year: 2024, incomeFen: -1 })).field).toBe('incomeFen');
    expect((await api.refused('assetIncomes.upsert', { assetId: a.id, year: 2024, incomeFen: 0.1 })).field).toBe('incomeFen');
    expect((await api.refused('assetIncomes.upsert', { assetId: a.id, year: 1999, incomeFen: 1 })).field).toBe('year');
    expect((await api.refused('assetIncomes.upsert', { assetId: 9999, year: 2024, incomeFen: 1 })).code).toBe('NOT_FOUND');
    expect((await api.refused('assetIncomes.upsert', { assetId: a.id, year: 2024, incomeFen: 1, distribution: '分'.repeat(501) })).field).toBe('distribution');
    expect(await api.snapshot()).toBe(before);
  });
});
