// 撤销导入 reads and writes through the stores that own each table (electron/ledger/imports/undo.ts): what
// depends on a batch's records, the records as stored, their removal and the batch's own audit rows. The
// same answers on both engines, `in (…)` lists split under the parameter limit.
import { afterAll, describe, expect, it } from 'vitest';
import { writeAuditedOn } from '../../electron/platform/audited-write';
import type { DataWriter } from '../../electron/platform/data-port';
import { inListChunks } from '../../electron/platform/data-port';
import { changedOutsideBatchSince, importBatchTrail } from '../../electron/ledger/audit/store';
import * as divisions from '../../electron/ledger/divisions/store';
import * as projects from '../../electron/ledger/projects/store';
import { liveEvidenceOfFindings } from '../../electron/ledger/supervision/evidence-store';
import * as findings from '../../electron/ledger/supervision/findings-store';
import { deleteImportedInspection, storedInspectionRow } from '../../electron/ledger/supervision/inspections-store';
import { answersOnEveryEngine, type PortLedger } from '../helpers/port-engines';

const NOW = '2026-12-07T02:00:00.000Z';

async function id(tx: DataWriter, sql: string, params: Array<string | number | null>): Promise<number> {
  return Number((await tx.get<{ id: number }>(`${sql} returning id`, [...params]))?.id);
}

/** Batch 1 adds a township, a project, a household, an inspection with a finding and its step; a clerk adds more. */
async function answers(l: PortLedger): Promise<Record<string, unknown>> {
  const db = l.port;
  const ids = await writeAuditedOn(db, { operator: '张三', at: NOW }, async (tx, audit) => {
    for (const n of [1, 2]) {
      await tx.run(
        `insert into import_batches (kind, file_name, file_sha256, sheet_name, operator, rows_read, imported, updated, skipped, total_fen, status, created_at, updated_at)
         values ('projects', ?, 'ab', 'Sheet1', '张三', 1, 1, 0, 0, 0, 'done', ?, ?)`,
        [`批次${n}.xlsx`, NOW, NOW],
      );
    }
    const div = (code: string, name: string, level: string, parent: number | null, batch: number | null) =>
      id(tx, 'insert into divisions (code, name, level, parent_id, sort_order, created_at, updated_at) values (?, ?, ?, ?, 1, ?, ?)', [code, name, level, parent, NOW, NOW]).then(async (d) => {
        if (batch !== null) await audit.record({ action: 'create', entity: 'division', entityId: d, importBatchId: batch });
        return d;
      });
    const town = await div('520101001000', '桦树镇', 'township', null, 1);
    const village = await div('520101001001', '前进村', 'village', town, 1);
    const laterVillage = await div('520101001002', '后来村', 'village', town, null);
    const project = (name: string, batch: number | null) =>
      id(tx, "insert into projects (year, name, status, township_id, village_id, import_batch_id, created_at, updated_at) values (2026, ?, 'planned', ?, ?, ?, ?, ?)", [
        name, town, village, batch, NOW, NOW,
      ]);
    const road = await project('前进村道路硬化', 1);
    await audit.record({ action: 'create', entity: 'project', entityId: road, importBatchId: 1 });
    const byHand = await project('手工录入的项目', null);
    const household = await id(
      tx,
      "insert into households (head_name, id_number, members, household_type, township_id, village_id, import_batch_id, created_at, updated_at) values ('李四', '11010519491231002X', 3, 'lifted', ?, ?, 2, ?, ?)",
      [town, village, NOW, NOW],
    );
    const inspection = await id(tx, "insert into inspections (name, source, import_batch_id, created_at, updated_at) values ('县委巡察', 'inspectionTour', 1, ?, ?)", [NOW, NOW]);
    const finding = (batch: number | null, projectId: number | null) =>
      id(
        tx,
        "insert into findings (inspection_id, category, description, status, township_id, project_id, import_batch_id, created_at, updated_at) values (?, 'projectFunds', '资金拨付滞后', 'notStarted', ?, ?, ?, ?, ?)",
        [inspection, town, projectId, batch, NOW, NOW],
      );
    const own = await finding(1, road);
    const other = await finding(2, road);
    const step = await findings.insertFindingUpdate(tx, { findingId: own, date: '2026-07-02', fromStatus: 'notStarted', toStatus: 'inProgress', note: '导入', operator: '张三' }, NOW);
    const clerkStep = await findings.insertFindingUpdate(tx, { findingId: own, date: '2026-07-03', fromStatus: 'inProgress', toStatus: 'inProgress', note: '手工', operator: '李明' }, NOW);
    await tx.run("insert into attachments (owner_type, owner_id, original_name, sha256, size_bytes, mime_type, created_at, updated_at) values ('finding', ?, 'a.pdf', ?, 1, 'application/pdf', ?, ?)", [
      own, 'c'.repeat(64), NOW, NOW,
    ]);
    await audit.record({ action: 'update', entity: 'project', entityId: road, before: { name: '旧名' }, after: { name: '前进村道路硬化' }, importBatchId: 1 });
    return { town, village, laterVillage, road, byHand, household, inspection, own, other, step, clerkStep };
  });
  // A clerk edits the project after the import.
  await writeAuditedOn(db, { operator: '李明', at: NOW }, async (_tx, audit) => audit.record({ action: 'update', entity: 'project', entityId: ids.road, after: { remark: '改' } }));

  const trail = await importBatchTrail(db, 1);
  const lastOwn = Math.max(...trail.map((r) => r.id));
  const answered = {
    trail: trail.map((r) => ({ action: r.action, entity: r.entity, entityId: r.entityId, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after) })),
    editedLater: await changedOutsideBatchSince(db, 'project', ids.road, lastOwn, 1),
    untouched: await changedOutsideBatchSince(db, 'division', ids.town, lastOwn, 1),
    inPlaces: {
      projects: await projects.countInPlacesOutsideBatch(db, 'projects', [ids.town], 1),
      households: await projects.countInPlacesOutsideBatch(db, 'households', [ids.village], 1),
      findings: await findings.findingsInPlacesOutsideBatch(db, [ids.town, ids.village], 1),
      none: await projects.countInPlacesOutsideBatch(db, 'projects', [ids.laterVillage], 1),
    },
    onProject: await findings.findingsOutsideBatch(db, 'project', [ids.road], 1),
    inInspection: await findings.findingsOutsideBatch(db, 'inspection', [ids.inspection], 1),
    nothingElse: await findings.findingsOutsideBatch(db, 'project', [ids.byHand], 1),
    stepsExcept: await findings.countStepsExcept(db, [ids.own], [ids.step]),
    evidence: await liveEvidenceOfFindings(db, [ids.own, ids.other]),
    childrenOutside: await divisions.countChildrenOutside(db, [ids.town, ids.village]),
    stored: {
      project: (await projects.storedRow(db, 'projects', ids.road))?.name,
      household: (await projects.storedRow(db, 'households', ids.household))?.head_name,
      finding: (await findings.storedRow(db, 'findings', ids.own))?.description,
      step: (await findings.storedRow(db, 'finding_updates', ids.step))?.note,
      inspection: (await storedInspectionRow(db, ids.inspection))?.name,
      division: (await divisions.storedDivisionRow(db, ids.village))?.name,
    },
  };
  await db.transaction(async (tx) => {
    await findings.deleteImportedRow(tx, 'finding_updates', ids.clerkStep);
    await findings.deleteImportedRow(tx, 'finding_updates', ids.step);
    await tx.run("delete from attachments where owner_type = 'finding'");
    await findings.deleteImportedRow(tx, 'findings', ids.own);
    await findings.deleteImportedRow(tx, 'findings', ids.other);
    await deleteImportedInspection(tx, ids.inspection);
    await projects.deleteImportedRow(tx, 'households', ids.household);
    await projects.deleteImportedRow(tx, 'projects', ids.road);
  });
  return {
    ...answered,
    afterRemoval: {
      project: await projects.storedRow(db, 'projects', ids.road),
      household: await projects.storedRow(db, 'households', ids.household),
      finding: await findings.storedRow(db, 'findings', ids.own),
      inspection: await storedInspectionRow(db, ids.inspection),
      kept: (await projects.storedRow(db, 'projects', ids.byHand))?.name,
    },
  };
}

describe('撤销导入 through the stores, on both engines', () => {
  const opened: PortLedger[] = [];
  afterAll(async () => {
    for (const l of opened) await l.close();
  });

  it('finds what depends on a batch, reads and removes its records the same way on better-sqlite3 and PostgreSQL', async () => {
    const [fromSqlite, fromPostgres] = await answersOnEveryEngine(answers, opened);
    expect(fromPostgres).toEqual(fromSqlite);
    expect(fromSqlite).toMatchObject({
      editedLater: true,
      untouched: false,
      inPlaces: { projects: 1, households: 1, findings: 1, none: 0 },
      onProject: { n: 1, batches: '2' },
      inInspection: { n: 1, batches: '2' },
      nothingElse: { n: 0, batches: null },
      stepsExcept: 1,
      evidence: 1,
      childrenOutside: 1,
      stored: { project: '前进村道路硬化', household: '李四', finding: '资金拨付滞后', step: '导入', inspection: '县委巡察', division: '前进村' },
      afterRemoval: { project: undefined, household: undefined, finding: undefined, inspection: undefined, kept: '手工录入的项目' },
    });
    // Newest first: the update, then the project, then the places.
    expect((fromSqlite?.trail as Array<{ entity: string; action: string }>).map((r) => `${r.action} ${r.entity}`)).toEqual(['update project', 'create project', 'create division', 'create division']);
  });

  it('splits a long id list into lists under the parameter limit, in order', () => {
    const chunks = inListChunks(Array.from({ length: 1234 }, (_, i) => i));
    expect(chunks.map((c) => c.length)).toEqual([500, 500, 234]);
    expect(chunks.flat()).toEqual(Array.from({ length: 1234 }, (_, i) => i));
    expect(inListChunks([])).toEqual([]);
  });
});
