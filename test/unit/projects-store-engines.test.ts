// 项目库's store (electron/ledger/projects/store.ts, store-search.ts) gives the same answers on both engines:
// its SQL (portable, `?` placeholders) runs unchanged on a migrated PostgreSQL database, with money exact.
import { afterAll, describe, expect, it } from 'vitest';
import * as store from '../../electron/ledger/projects/store';
import * as search from '../../electron/ledger/projects/store-search';
import { projectSearchInput } from '../../shared/api';
import { answersOnEveryEngine, type PortLedger } from '../helpers/port-engines';

const NOW = '2026-12-07T02:00:00.000Z';
const ROAD: store.ProjectFields = {
  year: 2024, code: '青山-2024-0007', name: '前进村道路硬化', categoryId: null, subcategoryId: null, constructionNature: '新建',
  townshipId: null, villageId: null, location: '前进村　', content: '硬化道路 3 公里', plannedStart: '2024-03-01', plannedEnd: '2024-09-30',
  actualStart: null, actualEnd: null, departmentId: null, implementerId: null, responsiblePerson: '张三',
  fundCentralFen: 900_000_000_00, fundProvincialFen: 12_345, fundMunicipalFen: 0, fundCountyFen: 0, fundOtherFen: 0, fundOtherNote: null,
  financingMethod: null, beneficiaryVillages: 1, beneficiaryHouseholds: 120, beneficiaryPeople: 400, povertyHouseholds: 30, povertyPeople: 90,
  monitoredHouseholds: 2, monitoredPeople: 6, performanceTarget: '通行率 100%', farmerLinkage: ['务工就业'], farmerLinkageNote: null,
  publicityStart: '2024-01-10', publicityEnd: '2024-01-19', supervisionPhone: '12317', publicityPlace: '前进村村务公开栏', publicityResult: 'noObjection',
  status: 'banked', remark: null,
};
// Incomplete for 入库: no content (only blanks a sheet leaves), no target.
const WELL: store.ProjectFields = { ...ROAD, code: '青山-2024-0012', name: '小水窖维修 100%', content: ' \u3000\t', performanceTarget: null, fundCentralFen: 50_000_00 };

async function answers(l: PortLedger): Promise<unknown> {
  const emptyLedger = await store.anyProjectStored(l.port);
  const [road, well, town] = (await l.port.transaction(async (tx) => {
    const township = await tx.get<{ id: number }>("insert into divisions (code, name, level, created_at, updated_at) values ('632123100000', '桦树镇', 'township', ?, ?) returning id", [NOW, NOW]);
    const village = await tx.get<{ id: number }>("insert into divisions (code, name, level, parent_id, created_at, updated_at) values ('632123100200', '前进村', 'village', ?, ?, ?) returning id", [township?.id ?? null, NOW, NOW]);
    const placed = { townshipId: Number(township?.id), villageId: Number(village?.id) };
    return [
      await store.insertProject(tx, { ...ROAD, ...placed }, { searchInitials: 'qjcdlyh', importBatchId: null }, NOW),
      await store.insertProject(tx, { ...WELL, ...placed }, { searchInitials: null, importBatchId: null }, NOW),
      placed.townshipId,
    ];
  })) as [number, number, number];
  const household = await l.port.transaction(async (tx) => {
    const id = await store.insertHousehold(tx, { headName: '李四', idNumber: '11010519491231002X', members: 3, householdType: 'lifted', townshipId: null, villageId: null, remark: null }, null, NOW);
    await store.updateHousehold(tx, id, { members: 4, remark: null }, NOW);
    await store.updateProject(tx, road, { remark: '已公示', farmerLinkage: ['务工就业', '产业带动'] }, 'qjcdlyh', NOW);
    return id;
  });
  const searches = [{}, { keyword: 'qjc' }, { keyword: '100%' }, { incomplete: true }, { status: ['banked'] }, { fundLevel: ['provincial'] }, { sortBy: 'totalFen' }, { sortBy: 'status' }];
  const pages = [];
  for (const s of searches) {
    const q = search.buildProjectSearchSql(projectSearchInput.parse(s));
    const ids = await search.searchPageIds(l.port, q);
    const rows = (await search.projectPageRecords(l.port, ids)).sort((a, b) => a.id - b.id);
    pages.push({ s, ids, totals: await search.searchTotals(l.port, q), rows });
  }
  const beforeDelete = await store.storedProject(l.port, well);
  const toMatchBeforeDelete = await store.projectsToMatch(l.port, [2024, 2023]);
  await l.port.transaction((tx) => store.softDeleteProject(tx, well, '重复录入', NOW));
  // The demo county's bulk insert of households.
  const bulkWritten = await l.port.transaction((tx) =>
    store.insertHouseholds(
      tx,
      [
        { headName: '王五', idNumber: '632123198001010011', members: 5, householdType: 'unstable', townshipId: null, villageId: null, remark: null },
        { headName: '赵六', idNumber: '632123199002020022', members: 1, householdType: 'sudden', townshipId: null, villageId: null, remark: '独居' },
      ],
      NOW,
    ),
  );
  return {
    emptyLedger,
    anyProject: await store.anyProjectStored(l.port),
    bulkHouseholds: { written: bulkWritten, rows: [await store.householdByIdNumber(l.port, '632123198001010011'), await store.householdByIdNumber(l.port, '632123199002020022')] },
    pages,
    detail: await store.projectWithNames(l.port, road),
    beforeDelete,
    liveAfterDelete: await store.storedProject(l.port, well),
    deleted: await store.storedProject(l.port, well, true),
    codeHolder: await store.projectWithCode(l.port, '青山-2024-0007', well),
    codes: await store.codesBetween(l.port, '青山-2024-', '青山-2024.'),
    missing: await store.initialsMissing(l.port),
    sources: await store.initialsSources(l.port),
    household: await store.householdByIdNumber(l.port, '11010519491231002X'),
    householdId: household,
    list: await search.listProjectRecords(l.port, { year: 2024 }, 0, 10),
    places: [...(await store.liveProjectPlaces(l.port))],
    statusCounts: await store.projectStatusCounts(l.port, 2024, [town]),
    statusCountsNone: await store.projectStatusCounts(l.port, 2024, []),
    figures: [await store.projectFigures(l.port, 2024), await store.projectFigures(l.port, 2025)],
    exportExtras: [...(await store.projectExportExtras(l.port, [road, well]))].sort((a, b) => a[0] - b[0]),
    names: [await store.projectName(l.port, well), await store.projectName(l.port, 999)],
    households: await Promise.all(
      [{}, { townshipId: town }, { keywordPattern: '%002X%' }, { keywordPattern: '%王%' }].map(async (f: store.HouseholdListFilter) => ({
        count: await store.countHouseholdList(l.port, f),
        rows: await store.householdListRecords(l.port, f, 0, 10),
      })),
    ),
    toMatchBeforeDelete,
    toMatch: await store.projectsToMatch(l.port, [2024]),
    toMatchOtherYear: await store.projectsToMatch(l.port, [2023]),
    toMatchNoYear: await store.projectsToMatch(l.port, []),
    liveNames: await store.liveProjectNames(l.port),
    recentNames: [await store.recentProjectNames(l.port, 10), await store.recentProjectNames(l.port, 0)],
  };
}

describe('项目库 store on both engines', () => {
  const opened: PortLedger[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((l) => l.close()));
  });

  it('answers the same on better-sqlite3 and on PostgreSQL', async () => {
    const [fromSqlite, fromPostgres] = (await answersOnEveryEngine(answers, opened)) as [Record<string, unknown>, Record<string, unknown>];
    expect(fromPostgres).toEqual(fromSqlite);
    // And the answers are the ledger's, not two equal mistakes.
    const pages = fromSqlite.pages as Array<{ ids: number[]; totals: { count: number; central: number; provincial: number } }>;
    expect(pages.map((p) => p.ids.length)).toEqual([2, 1, 1, 2, 2, 2, 2, 2]);
    expect(pages[0]?.totals).toMatchObject({ count: 2, central: 900_050_000_00, provincial: 24_690 });
    expect(fromSqlite.detail).toMatchObject({ name: '前进村道路硬化', remark: '已公示', farmerLinkage: ['务工就业', '产业带动'], fundCentralFen: 900_000_000_00 });
    expect(fromSqlite.liveAfterDelete).toBeUndefined();
    expect(fromSqlite.codeHolder).toMatchObject({ name: '前进村道路硬化', year: 2024 });
    expect(fromSqlite.codes).toEqual(expect.arrayContaining(['青山-2024-0007', '青山-2024-0012']));
    expect(fromSqlite.missing).toBe(true);
    expect(fromSqlite.household).toMatchObject({ headName: '李四', members: 4, deletedAt: null });
    expect((fromSqlite.list as { total: number }).total).toBe(1);
    expect([fromSqlite.emptyLedger, fromSqlite.anyProject]).toEqual([false, true]);
    expect(fromSqlite.bulkHouseholds).toMatchObject({
      written: 2,
      rows: [
        { headName: '王五', members: 5, householdType: 'unstable', remark: null, deletedAt: null },
        { headName: '赵六', members: 1, householdType: 'sudden', remark: '独居', deletedAt: null },
      ],
    });
    // The deleted well is neither placed nor counted.
    expect(fromSqlite.places).toEqual([[1, { code: '青山-2024-0007', village: '前进村' }]]);
    expect(fromSqlite.statusCounts).toEqual([{ status: 'banked', n: 1 }]);
    expect(fromSqlite.statusCountsNone).toEqual([]);
    expect((fromSqlite.exportExtras as Array<[number, store.ProjectExportExtra]>).map(([, x]) => [x.location, x.farmerLinkage, x.people])).toEqual([
      ['前进村　', '["务工就业","产业带动"]', 400],
      ['前进村　', '["务工就业"]', 400],
    ]);
    expect(fromSqlite.names).toEqual(['小水窖维修 100%', undefined]);
    expect((fromSqlite.households as Array<{ count: number; rows: store.HouseholdListRecord[] }>).map((h) => h.count)).toEqual([3, 0, 1, 1]);
    // (李四, and the demo's bulk 王五 and 赵六; the keyword finds 李四 by the tail of the ID number.)
    expect((fromSqlite.households as Array<{ rows: store.HouseholdListRecord[] }>)[2]?.rows).toEqual([
      { id: fromSqlite.householdId, headName: '李四', idNumber: '11010519491231002X', members: 4, householdType: 'lifted', township: null, village: null, remark: null },
    ]);
    expect(fromSqlite.figures).toEqual([
      { projects: 1, projectsThisYear: 1, projectFundsFen: 900_000_000_00 + 12_345, households: 3 },
      { projects: 1, projectsThisYear: 0, projectFundsFen: 0, households: 3 },
    ]);
    // What an import matches its rows against: live projects of the years asked, and every live one with a code.
    const road = { id: (fromSqlite.detail as { id: number }).id, year: 2024, code: '青山-2024-0007', name: '前进村道路硬化', townshipId: 1, villageId: 2 }; // 桦树镇 前进村, the first two divisions
    const well = { ...road, id: (fromSqlite.beforeDelete as { id: number }).id, code: '青山-2024-0012', name: '小水窖维修 100%' };
    expect(fromSqlite.toMatchBeforeDelete).toEqual({ ofYears: [road, well], withCode: [road, well] });
    expect(fromSqlite.toMatch).toEqual({ ofYears: [road], withCode: [road] });
    expect(fromSqlite.toMatchOtherYear).toEqual({ ofYears: [], withCode: [road] });
    expect(fromSqlite.toMatchNoYear).toEqual({ ofYears: [], withCode: [road] });
    expect(fromSqlite.liveNames).toEqual([{ id: road.id, name: '前进村道路硬化', townshipId: 1 }]);
    expect(fromSqlite.recentNames).toEqual([['前进村道路硬化'], []]);
  });
});
