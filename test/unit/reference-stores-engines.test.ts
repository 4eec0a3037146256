// The reference areas' stores give the same answers on both engines: 区划与单位 (divisions, units,
// project_types), 设置 (the port's read and write), 简报 (bulletin_series, bulletins) and 导入批次
// (import_batches, import_mappings). Their SQL runs unchanged on a migrated PostgreSQL database.
import { afterAll, describe, expect, it } from 'vitest';
import * as assets from '../../electron/ledger/assets/store';
import * as divisions from '../../electron/ledger/divisions/store';
import * as projects from '../../electron/ledger/projects/store';
import * as findings from '../../electron/ledger/supervision/findings-store';
import { readSettingOn, saveSettingChangesOn, writeSettingOn } from '../../electron/ledger/settings/store';
import { writeAuditedOn } from '../../electron/platform/audited-write';
import * as bulletins from '../../electron/ledger/bulletins/store';
import * as batches from '../../electron/ledger/imports/batches-store';
import { PORT_ENGINES, type PortLedger } from '../helpers/port-engines';

const NOW = '2026-12-07T02:00:00.000Z';
const LATER = '2026-12-08T03:00:00.000Z';

async function referenceAnswers(l: PortLedger): Promise<Record<string, unknown>> {
  const db = l.port;
  const ids = await db.transaction(async (tx) => {
    const county = await divisions.insertDivision(tx, { code: '632123000000', name: '青山县', level: 'county' }, NOW);
    const town = await divisions.insertDivision(tx, { code: '632123100000', name: '桦树镇', level: 'township', parentId: county }, NOW);
    const other = await divisions.insertDivision(tx, { code: '632123200000', name: '南山乡', level: 'township', parentId: county }, NOW);
    const village = await divisions.insertDivision(tx, { code: '632123100200', name: '前进村', level: 'village', parentId: town, isPovertyVillage: true, exitYear: 2019 }, NOW);
    const unit = await divisions.insertUnit(tx, { name: '县交通运输局', kind: 'department', divisionId: county, contactPerson: '李明', phone: null, remark: null }, NOW);
    const gone = await divisions.insertUnit(tx, { name: '桦树镇人民政府', kind: 'townshipGov', divisionId: town, contactPerson: null, phone: null, remark: null }, NOW);
    await writeSettingOn(tx, 'countyName', '青山县', NOW);
    await writeSettingOn(tx, 'countyName', '别的县', NOW, { keepExisting: true });
    return { county, town, other, village, unit, gone };
  });
  await db.transaction(async (tx) => {
    await divisions.updateDivision(tx, ids.village, { parentId: ids.other, code: '632123200200', isPovertyVillage: false }, LATER);
    await divisions.updateUnit(tx, ids.unit, { phone: '0971-1234567', remark: '主管部门' }, LATER);
    await divisions.softDeleteUnit(tx, ids.gone, '并入', LATER);
    await projects.followVillageMove(tx, ids.village, ids.other);
    await assets.followVillageMove(tx, ids.village, ids.other);
    await findings.followVillageMove(tx, ids.village, ids.other);
    await projects.clearInitialsInPlace(tx, ids.village);
    await writeSettingOn(tx, 'officeName', '青山县乡村振兴局', LATER);
  });
  // A settings form's save: the changed fields and one audit row; an empty save writes nothing.
  await writeAuditedOn(db, { operator: '王芳', at: LATER }, async (tx, audit) => {
    await saveSettingChangesOn(tx, audit, [{ field: 'immediateDays', key: 'findingImmediateDays', before: 30, after: 45 }], LATER);
    await saveSettingChangesOn(tx, audit, [], LATER);
  });
  const settingsRows = await db.all<{ action: string; entity: string; before: string; after: string }>("select action, entity, before, after from audit_log where entity = 'settings'");
  const types = await divisions.projectTypeRecords(db);
  return {
    all: await divisions.divisionRecords(db),
    county: await divisions.countyRecord(db),
    byCode: await divisions.divisionByCode(db, '632123200200'),
    sibling: await divisions.childByName(db, ids.other, '前进村'),
    township: await divisions.townshipByName(db, '桦树镇'),
    townships: await divisions.townshipNames(db),
    townshipsInOrder: await divisions.townshipsInOrder(db),
    townshipsAmong: await divisions.townshipsAmong(db, [ids.other, ids.village, ids.county]),
    townshipsAmongNone: await divisions.townshipsAmong(db, []),
    villageNames: await divisions.villageNamesInOrder(db),
    unitNamesByKind: await divisions.unitNamesByKind(db),
    typeNames: await divisions.projectTypeNamesByLevel(db),
    unitNames: [...(await divisions.unitNames(db, [ids.unit, ids.gone, ids.gone + 99]))].sort(),
    children: await divisions.countChildren(db, ids.county),
    codes: await divisions.childCodes(db, ids.county),
    root: await divisions.hasRootDivision(db),
    name: await divisions.divisionName(db, ids.town),
    references: await divisions.divisionReferenceCounts(db, ids.county),
    figures: await divisions.divisionFigures(db),
    unitCount: await divisions.liveUnitCount(db),
    units: await divisions.liveUnitRecords(db),
    unit: await divisions.liveUnit(db, ids.unit),
    deletedUnit: await divisions.liveUnit(db, ids.gone),
    unitByName: await divisions.liveUnitByName(db, '县交通运输局'),
    unitName: await divisions.unitName(db, ids.gone),
    unitInProjects: await divisions.countProjectsNamingUnit(db, ids.unit),
    typeCount: types.length,
    typeName: types[0] ? await divisions.projectTypeName(db, types[0].id) : undefined,
    settings: [await readSettingOn(db, 'countyName'), await readSettingOn(db, 'officeName'), await readSettingOn(db, 'missing'), await readSettingOn(db, 'findingImmediateDays')],
    settingsRows,
    ids,
  };
}

async function bulletinAnswers(l: PortLedger): Promise<Record<string, unknown>> {
  const db = l.port;
  const series = await db.transaction(async (tx) => {
    const id = await bulletins.insertSeries(tx, { name: '脱贫攻坚督导简报', issuer: '青山县乡村振兴局', recipients: null, copies: 30, classification: null }, NOW);
    await bulletins.updateSeries(tx, id, { name: '脱贫攻坚督导简报', issuer: '县乡村振兴局', recipients: '{"report":[]}', copies: 40, classification: '内部' }, LATER);
    return id;
  });
  const draft = { seriesId: series, year: 2026, title: '第一季度督导情况', issueDate: '2026-04-02', inspectionId: null, periodStart: '2026-01-01', periodEnd: '2026-03-31', content: '{"sections":[]}' };
  const [first, second, supplement] = await db.transaction(async (tx) => [
    await bulletins.insertDraft(tx, { ...draft, number: 1, isSupplement: false }, NOW),
    await bulletins.insertDraft(tx, { ...draft, number: 2, isSupplement: false, title: '100% 完成情况' }, NOW),
    await bulletins.insertDraft(tx, { ...draft, number: 1, isSupplement: true, title: '增刊' }, NOW),
  ]);
  await db.transaction(async (tx) => {
    await bulletins.updateDraft(tx, second!, { seriesId: series, title: '100% 完成情况', year: 2026, number: 3, isSupplement: false, issueDate: '2026-05-01', content: '{}' }, LATER);
    await bulletins.markIssued(tx, first!, { snapshot: '{}', pdfSha256: 'ab', issuedBy: '王芳', issuedAt: LATER }, LATER, 1);
    await bulletins.setArchiveHash(tx, first!, 'cd');
    await bulletins.deleteDraft(tx, supplement!);
  });
  return {
    series: await bulletins.allSeries(db),
    one: await bulletins.seriesById(db, series),
    first: await bulletins.liveBulletin(db, first!),
    all: await bulletins.liveBulletins(db, { words: [] }),
    issued: await bulletins.liveBulletins(db, { year: 2026, status: 'issued', words: [] }),
    byNumber: await bulletins.liveBulletins(db, { words: [{ pattern: '%3%', number: 3 }] }),
    byPercent: await bulletins.liveBulletins(db, { words: [{ pattern: '%100\\%%', number: null }] }),
    years: await bulletins.bulletinYears(db),
    highest: await bulletins.highestNumber(db, series, 2026, false),
    highestSupplement: await bulletins.highestNumber(db, series, 2026, true),
    holder: await bulletins.holderOfNumber(db, { seriesId: series, year: 2026, number: 3, isSupplement: false, exceptId: first }),
    notOwnHolder: await bulletins.holderOfNumber(db, { seriesId: series, year: 2026, number: 3, isSupplement: false, exceptId: second }),
  };
}

async function batchAnswers(l: PortLedger): Promise<Record<string, unknown>> {
  const db = l.port;
  const file = { kind: 'payments' as const, fileName: '拨付.xlsx', fileSha256: 'f'.repeat(64), sheetName: '拨付', operator: '王芳', rowsRead: 12 };
  const [first, second] = await db.transaction(async (tx) => {
    const a = await batches.insertImportBatch(tx, file, NOW);
    await batches.setImportBatchCounts(tx, a, { imported: 10, updated: 1, skipped: 1, totalFen: 9_000_000_000_01 }, NOW);
    const b = await batches.insertImportBatch(tx, { ...file, kind: 'projects', fileName: '项目.xlsx', fileSha256: 'e'.repeat(64) }, LATER);
    await batches.rememberImportMapping(tx, 'sig', { kind: 'payments', mapping: '{"columns":[]}' }, NOW);
    await batches.rememberImportMapping(tx, 'sig', { kind: 'payments', mapping: '{"columns":[1]}' }, LATER);
    return [a, b];
  });
  await db.transaction((tx) => batches.markImportBatchUndone(tx, second!, LATER));
  return {
    first: await batches.importBatchById(db, first!),
    ofFile: await batches.importBatchesOfFile(db, file.fileSha256),
    page: await batches.importBatchPage(db, 0, 10),
    name: await batches.importBatchFileName(db, second!),
    mapping: await batches.rememberedImportMapping(db, 'sig'),
    noMapping: await batches.rememberedImportMapping(db, 'other'),
  };
}

describe('reference stores on both engines', () => {
  const opened: PortLedger[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((l) => l.close()));
  });

  it('answer the same on better-sqlite3 and on PostgreSQL', async () => {
    const results: Array<Record<string, Record<string, unknown>>> = [];
    for (const engine of PORT_ENGINES) {
      const l = await engine.open();
      opened.push(l);
      results.push({ reference: await referenceAnswers(l), bulletins: await bulletinAnswers(l), batches: await batchAnswers(l) });
    }
    const [fromSqlite, fromPostgres] = results as [Record<string, Record<string, unknown>>, Record<string, Record<string, unknown>>];
    expect(fromPostgres).toEqual(fromSqlite);
    // And the answers are the ledger's, not two equal mistakes.
    const ref = fromSqlite.reference!;
    expect(ref.byCode).toMatchObject({ name: '前进村', isPovertyVillage: false, exitYear: 2019, createdAt: NOW, updatedAt: LATER });
    expect(ref.county).toMatchObject({ name: '青山县', level: 'county', isPovertyVillage: false });
    expect(ref.children).toBe(2);
    expect(ref.figures).toEqual({ county: '青山县', townships: 2, villages: 1, povertyVillages: 0 });
    expect(ref.unitCount).toBe(1);
    expect(ref.references).toEqual({ projects: 0, assets: 0, findings: 0, households: 0, units: 1 });
    expect((ref.units as Array<{ name: string }>).map((u) => u.name)).toEqual(['县交通运输局']);
    expect(ref.deletedUnit).toBeUndefined();
    expect(ref.unitName).toBe('桦树镇人民政府');
    expect((ref.townshipsInOrder as Array<{ name: string }>).map((t) => t.name)).toEqual(['桦树镇', '南山乡']);
    expect((ref.townshipsAmong as Array<{ name: string }>).map((t) => t.name)).toEqual(['南山乡']);
    expect(ref.townshipsAmongNone).toEqual([]);
    expect(ref.villageNames).toEqual(['前进村']);
    expect(ref.unitNamesByKind).toEqual(['县交通运输局', '桦树镇人民政府']);
    const typeNames = ref.typeNames as { categories: string[]; subcategories: string[] };
    expect(typeNames.categories.length + typeNames.subcategories.length).toBe(ref.typeCount);
    expect((ref.unitNames as Array<[number, string]>).map(([, name]) => name).sort()).toEqual(['县交通运输局', '桦树镇人民政府'].sort());
    expect(ref.typeCount).toBeGreaterThan(10);
    expect(ref.settings).toEqual(['青山县', '青山县乡村振兴局', undefined, 45]);
    expect(ref.settingsRows).toEqual([{ action: 'update', entity: 'settings', before: '{"immediateDays":30}', after: '{"immediateDays":45}' }]);
    const b = fromSqlite.bulletins!;
    expect(b.first).toMatchObject({ status: 'issued', pdfSha256: 'cd', issuedBy: '王芳', isSupplement: false, seriesName: '脱贫攻坚督导简报', issuer: '县乡村振兴局', updatedAt: LATER });
    expect((b.all as unknown[]).length).toBe(2);
    expect((b.byPercent as Array<{ number: number }>).map((r) => r.number)).toEqual([3]);
    expect(b.highest).toBe(3);
    expect(b.highestSupplement).toBeNull();
    expect(b.holder).toMatchObject({ title: '100% 完成情况' });
    expect(b.notOwnHolder).toBeUndefined();
    const i = fromSqlite.batches!;
    expect(i.first).toMatchObject({ imported: 10, totalFen: 9_000_000_000_01, status: 'done', createdAt: NOW });
    expect((i.page as { total: number }).total).toBe(2);
    expect(i.mapping).toEqual({ kind: 'payments', mapping: '{"columns":[1]}' });
  });
});
