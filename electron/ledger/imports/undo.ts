// 撤销导入: a batch's created records are removed and its updated records restored from the audit trail
// (the before values of its own audit rows), in one transaction, newest first. Refused when later work
// depends on the batch (payments on a project it created, another batch's rows, a record edited since)
// unless forced where forcing is safe; every step is itself audited.
import type { ImportBatchRow, UndoPreview, UndoResult } from '../../../shared/api-import';
import { AppError } from '../../../shared/errors';
import { writeAudited, type AuditTrailWriter } from '../../platform/audited-write';
import { backupBeforeUndo } from '../backup/service';
import type { ServiceContext } from '../../platform/context';
import * as assets from '../assets/store';
import { assistanceReferences } from '../assistance/references';
import { changedOutsideBatchSince, importBatchTrail, type BatchAuditRow } from '../audit/store';
import * as divisions from '../divisions/store';
import * as funds from '../funds/store';
import { dataPort, type DataReader, type DataWriter } from '../../platform/data-port';
import { importBatchById, importBatchPage, markImportBatchUndone } from './batches-store';
import { FINDING_COLUMNS } from './kinds/findings';
import * as projects from '../projects/store';
import * as findingsStore from '../supervision/findings-store';
import { deleteImportedInspection, storedInspectionRow } from '../supervision/inspections-store';
import { liveEvidenceOfFindings } from '../supervision/evidence-store';

export type { ImportBatchRow, UndoPreview, UndoResult } from '../../../shared/api-import';

type StoredRow = Record<string, unknown>;

/**
 * What 撤销导入 does to the records of one kind, through the store that owns their table: read one as stored,
 * remove one the batch created, and (for the kinds an import updates) put back the fields it changed.
 */
interface UndoneRecords {
  stored(db: DataReader, id: number): Promise<StoredRow | undefined>;
  remove(tx: DataWriter, id: number): Promise<void>;
  /** Field name → column name of the fields an import may update (absent: the import only creates these). */
  columns?: Record<string, string>;
  restore?(tx: DataWriter, id: number, fields: Record<string, unknown>, now: string): Promise<unknown>;
}

// The funds rows (payments, allocations and their splits) are undone by undoFundsEntry through the funds store.
const RECORDS: Record<string, UndoneRecords> = {
  project: {
    stored: (db, id) => projects.storedRow(db, 'projects', id),
    remove: (tx, id) => projects.deleteImportedRow(tx, 'projects', id),
    columns: projects.PROJECT_COLUMN,
    restore: (tx, id, fields, now) => projects.updateProject(tx, id, fields as Partial<projects.ProjectFields>, undefined, now),
  },
  household: {
    stored: (db, id) => projects.storedRow(db, 'households', id),
    remove: (tx, id) => projects.deleteImportedRow(tx, 'households', id),
    columns: projects.HOUSEHOLD_COLUMN,
    restore: (tx, id, fields, now) => projects.updateHousehold(tx, id, fields as Partial<projects.HouseholdFields>, now),
  },
  finding: {
    stored: (db, id) => findingsStore.storedRow(db, 'findings', id),
    remove: (tx, id) => findingsStore.deleteImportedRow(tx, 'findings', id),
    columns: FINDING_COLUMNS,
    restore: (tx, id, fields, now) => findingsStore.updateFinding(tx, id, fields as Partial<findingsStore.FindingColumns>, now),
  },
  findingUpdate: {
    stored: (db, id) => findingsStore.storedRow(db, 'finding_updates', id),
    remove: (tx, id) => findingsStore.deleteImportedRow(tx, 'finding_updates', id),
  },
  inspection: { stored: storedInspectionRow, remove: deleteImportedInspection },
  division: { stored: divisions.storedDivisionRow, remove: divisions.deleteDivision },
  payment: { stored: (db, id) => funds.storedRow(db, 'payments', id), remove: (tx, id) => funds.deleteImportedRow(tx, 'payments', id), columns: funds.PAYMENT_COLUMN },
  allocation: {
    stored: (db, id) => funds.storedRow(db, 'allocations', id),
    remove: (tx, id) => funds.deleteImportedRow(tx, 'allocations', id),
    columns: funds.ALLOCATION_COLUMN,
  },
};

type AuditRow = BatchAuditRow;

export async function listImportBatches(ctx: ServiceContext, input: { limit?: number; offset?: number }): Promise<{ rows: ImportBatchRow[]; total: number }> {
  return importBatchPage(dataPort(ctx), input.offset ?? 0, input.limit ?? 100);
}

/** One batch (the ledgers' 导入批次 filter names it by its file). */
export async function getImportBatch(ctx: ServiceContext, batchId: number): Promise<ImportBatchRow> {
  const row = await importBatchById(dataPort(ctx), batchId);
  if (!row) throw new AppError('NOT_FOUND', `没有导入批次 #${batchId}，请在“导入记录”中查看现有批次`);
  return row;
}

/** Which later records depend on what this batch created (the undo must not orphan them). */
async function dependents(db: DataReader, batchId: number, created: Map<string, number[]>): Promise<string[]> {
  const problems: string[] = [];
  const ids = (entity: string) => created.get(entity) ?? [];
  const say = (r: { n: number; batches: string | null }, what: string) => {
    if (r.n > 0) problems.push(`${r.n} ${what}${r.batches ? `（导入批次 ${r.batches}）` : ''}`);
  };
  const fundsCheck = async (entity: string, which: Parameters<typeof funds.dependentRows>[1], what: string) => {
    if (ids(entity).length > 0) say(await funds.dependentRows(db, which, ids(entity), batchId), what);
  };
  await fundsCheck('project', 'paymentsOnProjects', '笔拨付记录挂在本批次新增的项目上');
  await fundsCheck('project', 'splitsOnProjects', '条资金分配指向本批次新增的项目');
  if (ids('project').length > 0) say(await findingsStore.findingsOutsideBatch(db, 'project', ids('project'), batchId), '条问题关联了本批次新增的项目');
  const assetCount = await assets.countAssetsOfProjects(db, ids('project'));
  if (assetCount > 0) problems.push(`${assetCount} 项资产来源于本批次新增的项目`);
  await fundsCheck('allocation', 'paymentsOnAllocations', '笔拨付记录关联了本批次新增的文号');
  await fundsCheck('allocation', 'splitsOnAllocations', '条资金分配是在本批次新增的文号下另行录入的');
  if (ids('inspection').length > 0) say(await findingsStore.findingsOutsideBatch(db, 'inspection', ids('inspection'), batchId), '条其他问题属于本批次新增的检查');
  if (ids('finding').length > 0) {
    const steps = await findingsStore.countStepsExcept(db, ids('finding'), ids('findingUpdate'));
    if (steps > 0) problems.push(`本批次新增的问题已另外记录了 ${steps} 条整改进展`);
    const files = await liveEvidenceOfFindings(db, ids('finding'));
    if (files > 0) problems.push(`本批次新增的问题已上传 ${files} 份佐证材料`);
  }
  // 帮扶力量's rows naming the households, projects and places the batch created.
  for (const [entity, what] of [['household', '受益户'], ['project', '项目'], ['division', '区划']] as const) {
    for (const phrase of await assistanceReferences(db, entity, ids(entity))) problems.push(`${phrase}用到了本批次新增的${what}`);
  }
  const places = ids('division');
  if (places.length > 0) {
    const inPlaces: Array<[string, number]> = [
      ['projects', await projects.countInPlacesOutsideBatch(db, 'projects', places, batchId)],
      ['findings', await findingsStore.findingsInPlacesOutsideBatch(db, places, batchId)],
      ['households', await projects.countInPlacesOutsideBatch(db, 'households', places, batchId)],
      ['assets', await assets.countAssetsInPlaces(db, places)],
    ];
    for (const [table, n] of inPlaces) if (n > 0) problems.push(`${n} 条其他记录（${table}）用到了本批次新增的区划`);
    const children = await divisions.countChildrenOutside(db, places);
    if (children > 0) problems.push(`${children} 个其他区划挂在本批次新增的区划下`);
  }
  return problems;
}

interface UndoPlan {
  batch: { id: number; status: 'done' | 'undone'; fileName: string };
  entries: AuditRow[];
  created: Map<string, number[]>;
  blocking: string[];
  /** Records changed after the import by anything else. */
  later: string[];
}

/** What undoing a batch involves: its audit rows, what depends on it, what was edited since. */
async function planUndo(db: DataReader, batchId: number): Promise<UndoPlan> {
  const found = await importBatchById(db, batchId);
  if (!found) throw new AppError('NOT_FOUND', `没有编号为 ${batchId} 的导入批次`);
  const batch: UndoPlan['batch'] = { id: found.id, status: found.status, fileName: found.fileName };
  const entries = await importBatchTrail(db, batchId);
  const created = new Map<string, number[]>();
  for (const e of entries) if (e.action === 'create' && e.entityId !== null) created.set(e.entity, [...(created.get(e.entity) ?? []), e.entityId]);
  const blocking = batch.status === 'done' ? await dependents(db, batchId, created) : [];
  const lastOwn = entries.reduce((m, e) => Math.max(m, e.id), 0);
  const later: string[] = [];
  for (const e of batch.status === 'done' ? entries : []) {
    if (e.entityId === null || e.entity === 'importBatch') continue;
    if (await changedOutsideBatchSince(db, e.entity, e.entityId, lastOwn, batchId)) {
      later.push(`${e.entity} ${e.entityId}`);
      continue;
    }
    // Changed without an audit row (by hand, or by another program): the values are not what the import left.
    const records = RECORDS[e.entity];
    const columns = records?.columns;
    if (e.action === 'update' && records && columns && e.after) {
      const after = JSON.parse(e.after) as Record<string, unknown>;
      const current = await records.stored(db, e.entityId);
      const differs = current
        ? Object.keys(after).some((k) => {
            const col = columns[k];
            if (!col || (e.entity === 'household' && k === 'idNumber')) return false;
            const want = k === 'farmerLinkage' && after[k] !== null ? JSON.stringify(after[k]) : after[k];
            return (current[col] ?? null) !== (want ?? null);
          })
        : true;
      if (differs) later.push(`${e.entity} ${e.entityId}`);
    }
  }
  return { batch, entries, created, blocking, later };
}

const ENTITY_LABEL: Record<string, string> = {
  project: '项目',
  payment: '拨付记录',
  allocation: '资金下达文号',
  allocationSplits: '文号的资金分配',
  finding: '问题',
  findingUpdate: '整改进展',
  household: '受益户',
  inspection: '督导检查',
  division: '区划（乡镇、村）',
};

/** What undoing a batch would remove and restore (the confirmation in 导入记录). Writes nothing. */
export async function previewUndoImportBatch(ctx: ServiceContext, batchId: number): Promise<UndoPreview> {
  const plan = await planUndo(dataPort(ctx), batchId);
  const count = (action: 'create' | 'update') => {
    const byEntity = new Map<string, number>();
    for (const e of plan.entries) {
      if (e.entity === 'importBatch' || e.entityId === null) continue;
      const isRestore = e.action === 'update' || (e.entity === 'allocationSplits' && e.action !== 'create');
      if ((action === 'create' && e.action === 'create' && e.entity !== 'allocationSplits') || (action === 'update' && isRestore)) {
        byEntity.set(e.entity, (byEntity.get(e.entity) ?? 0) + 1);
      }
    }
    return [...byEntity].map(([entity, n]) => ({ entity, label: ENTITY_LABEL[entity] ?? entity, count: n }));
  };
  return {
    batchId,
    fileName: plan.batch.fileName,
    status: plan.batch.status,
    remove: plan.batch.status === 'done' ? count('create') : [],
    restore: plan.batch.status === 'done' ? count('update') : [],
    blocking: plan.blocking,
    editedLater: plan.later.length,
  };
}

/** Undo an import batch. `force` goes ahead when records were edited after the import (their later edits are lost, the audit keeps them). */
/** The refusals of an undo, checked before the safety copy and again inside the transaction. */
function assertUndoable(batchId: number, plan: UndoPlan, force: boolean | undefined): void {
  const { batch, blocking, later } = plan;
  if (batch.status === 'undone') throw new AppError('CONFLICT', `导入批次 ${batchId}（${batch.fileName}）已经撤销过了`);
  if (blocking.length > 0) {
    throw new AppError('CONFLICT', `不能撤销导入批次 ${batchId}：${blocking.join('；')}。请先撤销或删除这些记录后再试`);
  }
  if (later.length > 0 && !force) {
    throw new AppError(
      'CONFLICT',
      `导入批次 ${batchId} 中有 ${later.length} 条记录在导入后又被修改过，撤销会丢掉这些修改（审计日志中仍保留）。如确定撤销，请选择“仍然撤销”`,
    );
  }
}

const FUNDS_TABLE = { allocation: 'allocations', payment: 'payments' } as const;

/**
 * One audit row of the batch on the funds tables, undone through the funds store: a created allocation or
 * payment removed, an updated one restored, an allocation's splits put back. Null: not a funds row.
 */
async function undoFundsEntry(tx: DataWriter, audit: AuditTrailWriter, e: AuditRow, id: number, reason: string, now: string): Promise<'removed' | 'restored' | 'skipped' | null> {
  if (e.entity === 'allocationSplits') {
    const before = (e.before ? JSON.parse(e.before) : []) as funds.SplitAmount[];
    const current = await funds.splitAmounts(tx, id);
    await funds.restoreSplits(tx, id, before, now);
    await audit.record({ action: 'set', entity: 'allocationSplits', entityId: id, before: current, after: before, reason });
    return 'restored';
  }
  if (e.entity !== 'allocation' && e.entity !== 'payment') return null;
  const table = FUNDS_TABLE[e.entity];
  const current = await funds.storedRow(tx, table, id);
  if (!current) return 'skipped';
  if (e.action === 'create') {
    await funds.deleteImportedRow(tx, table, id);
    await audit.record({ action: 'delete', entity: e.entity, entityId: id, before: current, reason });
    return 'removed';
  }
  if (e.action !== 'update') return 'skipped';
  const before = (e.before ? JSON.parse(e.before) : {}) as Record<string, unknown>;
  const columns: Record<string, string> = e.entity === 'allocation' ? funds.ALLOCATION_COLUMN : funds.PAYMENT_COLUMN;
  const keys = Object.keys(before).filter((k) => columns[k]);
  if (keys.length === 0) return 'skipped';
  const restoredValues = Object.fromEntries(keys.map((k) => [k, before[k]]));
  if (e.entity === 'allocation') await funds.updateAllocationColumns(tx, id, restoredValues as Partial<funds.AllocationFields>, now);
  else await funds.updatePaymentColumns(tx, id, restoredValues as Partial<funds.PaymentFields>, now);
  const after = Object.fromEntries(keys.map((k) => [k, current[columns[k] as string]]));
  await audit.record({ action: 'update', entity: e.entity, entityId: id, before: after, after: restoredValues, reason });
  return 'restored';
}

/** Undo an import batch. `force` goes ahead when records were edited after the import (their later edits are lost, the audit keeps them). */
export async function undoImportBatch(ctx: ServiceContext, batchId: number, options: { force?: boolean; reason?: string | null } = {}): Promise<UndoResult> {
  // A refused undo leaves the data folder as it was: refuse before making the safety copy.
  assertUndoable(batchId, await planUndo(dataPort(ctx), batchId), options.force);
  await backupBeforeUndo(ctx);
  return writeAudited(ctx, async (tx, audit) => {
    const plan = await planUndo(tx, batchId);
    assertUndoable(batchId, plan, options.force);
    const { entries } = plan;
    const reason = options.reason ? `撤销导入批次 ${batchId}：${options.reason}` : `撤销导入批次 ${batchId}`;
    const now = ctx.now().toISOString();
    let removed = 0;
    let restored = 0;
    for (const e of entries) {
      if (e.entity === 'importBatch' || e.entityId === null) continue;
      const fundsStep = await undoFundsEntry(tx, audit, e, e.entityId, reason, now);
      if (fundsStep === 'removed') removed += 1;
      if (fundsStep === 'restored') restored += 1;
      if (fundsStep !== null) continue;
      const records = RECORDS[e.entity];
      if (!records) continue;
      const current = await records.stored(tx, e.entityId);
      if (!current) continue;
      if (e.action === 'create') {
        await records.remove(tx, e.entityId);
        const shown = e.entity === 'household' ? { ...current, id_number: null } : current;
        await audit.record({ action: 'delete', entity: e.entity, entityId: e.entityId, before: shown, reason });
        removed += 1;
      } else if (e.action === 'update' && records.restore && records.columns) {
        const before = (e.before ? JSON.parse(e.before) : {}) as Record<string, unknown>;
        const columns = records.columns;
        const keys = Object.keys(before).filter((k) => columns[k] && !(e.entity === 'household' && k === 'idNumber'));
        if (keys.length === 0) continue;
        const after = Object.fromEntries(keys.map((k) => [k, current[columns[k] as string]]));
        const restoredFields = Object.fromEntries(keys.map((k) => [k, before[k]]));
        await records.restore(tx, e.entityId, restoredFields, now);
        await audit.record({ action: 'update', entity: e.entity, entityId: e.entityId, before: after, after: restoredFields, reason });
        restored += 1;
      }
    }
    await markImportBatchUndone(tx, batchId, now);
    await audit.record({ action: 'undo', entity: 'importBatch', entityId: batchId, after: { removed, restored }, reason });
    return { batchId, removed, restored };
  });
}
