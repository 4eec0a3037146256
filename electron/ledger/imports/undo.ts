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
import * as funds from '../funds/store';
import { dataPort, type DataReader, type DataWriter } from '../../platform/data-port';
import { markImportBatchUndone } from './batches-store';
import { FINDING_COLUMNS } from './kinds/findings';
import { HOUSEHOLD_COLUMN, PROJECT_COLUMN } from '../projects/store';

export type { ImportBatchRow, UndoPreview, UndoResult } from '../../../shared/api-import';

const TABLE: Record<string, string> = {
  project: 'projects',
  payment: 'payments',
  allocation: 'allocations',
  finding: 'findings',
  household: 'households',
  inspection: 'inspections',
  division: 'divisions',
  findingUpdate: 'finding_updates',
};

const COLUMNS: Record<string, Record<string, string>> = {
  project: PROJECT_COLUMN,
  payment: funds.PAYMENT_COLUMN,
  allocation: funds.ALLOCATION_COLUMN,
  finding: FINDING_COLUMNS,
  household: HOUSEHOLD_COLUMN,
};

interface AuditRow {
  id: number;
  action: string;
  entity: string;
  entityId: number | null;
  before: string | null;
  after: string | null;
}

const BATCH_ROW_SQL = `select id, kind, file_name as fileName, file_sha256 as fileSha256, sheet_name as sheetName, operator, rows_read as rowsRead,
              imported, updated, skipped, total_fen as totalFen, status, created_at as createdAt, undone_at as undoneAt
       from import_batches`;

export function listImportBatches(ctx: ServiceContext, input: { limit?: number; offset?: number }): { rows: ImportBatchRow[]; total: number } {
  const total = ctx.sqlite.prepare('select count(*) from import_batches').pluck().get() as number;
  const rows = ctx.sqlite.prepare(`${BATCH_ROW_SQL} order by id desc limit ? offset ?`).all(input.limit ?? 100, input.offset ?? 0) as ImportBatchRow[];
  return { rows, total };
}

/** One batch (the ledgers' 导入批次 filter names it by its file). */
export function getImportBatch(ctx: ServiceContext, batchId: number): ImportBatchRow {
  const row = ctx.sqlite.prepare(`${BATCH_ROW_SQL} where id = ?`).get(batchId) as ImportBatchRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `没有导入批次 #${batchId}，请在“导入记录”中查看现有批次`);
  return row;
}

/** Which later records depend on what this batch created (the undo must not orphan them). */
async function dependents(ctx: ServiceContext, db: DataReader, batchId: number, created: Map<string, number[]>): Promise<string[]> {
  const problems: string[] = [];
  const ids = (entity: string) => JSON.stringify(created.get(entity) ?? []);
  const count = (sql: string, list: string) => ctx.sqlite.prepare(sql).get(list, batchId) as { n: number; batches: string | null };
  const check = (entity: string, sql: string, what: string) => {
    if (!(created.get(entity)?.length ?? 0)) return;
    const r = count(sql, ids(entity));
    if (r.n > 0) problems.push(`${r.n} ${what}${r.batches ? `（导入批次 ${r.batches}）` : ''}`);
  };
  // Funds rows and assets are counted by their stores.
  const fundsCheck = async (entity: string, which: Parameters<typeof funds.dependentRows>[1], what: string) => {
    const list = created.get(entity) ?? [];
    if (list.length === 0) return;
    const r = await funds.dependentRows(db, which, list, batchId);
    if (r.n > 0) problems.push(`${r.n} ${what}${r.batches ? `（导入批次 ${r.batches}）` : ''}`);
  };
  await fundsCheck('project', 'paymentsOnProjects', '笔拨付记录挂在本批次新增的项目上');
  await fundsCheck('project', 'splitsOnProjects', '条资金分配指向本批次新增的项目');
  check(
    'project',
    `select count(*) as n, group_concat(distinct import_batch_id) as batches from findings where project_id in (select value from json_each(?)) and (import_batch_id is null or import_batch_id <> ?)`,
    '条问题关联了本批次新增的项目',
  );
  const assetCount = await assets.countAssetsOfProjects(db, created.get('project') ?? []);
  if (assetCount > 0) problems.push(`${assetCount} 项资产来源于本批次新增的项目`);
  await fundsCheck('allocation', 'paymentsOnAllocations', '笔拨付记录关联了本批次新增的文号');
  await fundsCheck('allocation', 'splitsOnAllocations', '条资金分配是在本批次新增的文号下另行录入的');
  check(
    'inspection',
    `select count(*) as n, group_concat(distinct import_batch_id) as batches from findings where inspection_id in (select value from json_each(?)) and (import_batch_id is null or import_batch_id <> ?)`,
    '条其他问题属于本批次新增的检查',
  );
  if (created.get('finding')?.length) {
    const own = JSON.stringify(created.get('findingUpdate') ?? []);
    const steps = ctx.sqlite
      .prepare('select count(*) as n from finding_updates where finding_id in (select value from json_each(?)) and id not in (select value from json_each(?))')
      .get(ids('finding'), own) as { n: number };
    if (steps.n > 0) problems.push(`本批次新增的问题已另外记录了 ${steps.n} 条整改进展`);
    const files = ctx.sqlite
      .prepare("select count(*) as n from attachments where owner_type = 'finding' and owner_id in (select value from json_each(?)) and deleted_at is null")
      .get(ids('finding')) as { n: number };
    if (files.n > 0) problems.push(`本批次新增的问题已上传 ${files.n} 份佐证材料`);
  }
  if (created.get('division')?.length) {
    const list = ids('division');
    for (const table of ['projects', 'findings', 'households']) {
      const r = ctx.sqlite
        .prepare(
          `select count(*) as n from ${table} where (township_id in (select value from json_each(@list)) or village_id in (select value from json_each(@list))) and (import_batch_id is null or import_batch_id <> @batchId)`,
        )
        .get({ list, batchId }) as { n: number };
      if (r.n > 0) problems.push(`${r.n} 条其他记录（${table}）用到了本批次新增的区划`);
    }
    const assetsInPlaces = await assets.countAssetsInPlaces(db, created.get('division') ?? []);
    if (assetsInPlaces > 0) problems.push(`${assetsInPlaces} 条其他记录（assets）用到了本批次新增的区划`);
    const children = ctx.sqlite.prepare('select count(*) as n from divisions where parent_id in (select value from json_each(?)) and id not in (select value from json_each(?))').get(list, list) as { n: number };
    if (children.n > 0) problems.push(`${children.n} 个其他区划挂在本批次新增的区划下`);
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
/** A record as stored, every column (the funds tables through their store). */
async function currentRow(ctx: ServiceContext, db: DataReader, table: string, id: number): Promise<Record<string, unknown> | undefined> {
  if (table === 'allocations' || table === 'payments') return funds.storedRow(db, table, id);
  return ctx.sqlite.prepare(`select * from ${table} where id = ?`).get(id) as Record<string, unknown> | undefined;
}

async function planUndo(ctx: ServiceContext, db: DataReader, batchId: number): Promise<UndoPlan> {
  const batch = ctx.sqlite.prepare('select id, status, file_name as fileName from import_batches where id = ?').get(batchId) as UndoPlan['batch'] | undefined;
  if (!batch) throw new AppError('NOT_FOUND', `没有编号为 ${batchId} 的导入批次`);
  const entries = ctx.sqlite
    .prepare('select id, action, entity, entity_id as entityId, before, after from audit_log where import_batch_id = ? order by id desc')
    .all(batchId) as AuditRow[];
  const created = new Map<string, number[]>();
  for (const e of entries) if (e.action === 'create' && e.entityId !== null) created.set(e.entity, [...(created.get(e.entity) ?? []), e.entityId]);
  const blocking = batch.status === 'done' ? await dependents(ctx, db, batchId, created) : [];
  const lastOwn = entries.reduce((m, e) => Math.max(m, e.id), 0);
  const touchedLater = ctx.sqlite.prepare(
    'select count(*) from audit_log where entity = ? and entity_id = ? and id > ? and (import_batch_id is null or import_batch_id <> ?)',
  );
  const later: string[] = [];
  for (const e of batch.status === 'done' ? entries : []) {
    if (e.entityId === null || e.entity === 'importBatch') continue;
    if ((touchedLater.pluck().get(e.entity, e.entityId, lastOwn, batchId) as number) > 0) {
      later.push(`${e.entity} ${e.entityId}`);
      continue;
    }
    // Changed without an audit row (by hand, or by another program): the values are not what the import left.
    const table = TABLE[e.entity];
    const columns = COLUMNS[e.entity];
    if (e.action === 'update' && table && columns && e.after) {
      const after = JSON.parse(e.after) as Record<string, unknown>;
      const current = await currentRow(ctx, db, table, e.entityId);
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
  const plan = await planUndo(ctx, dataPort(ctx), batchId);
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
  assertUndoable(batchId, await planUndo(ctx, dataPort(ctx), batchId), options.force);
  backupBeforeUndo(ctx);
  return writeAudited(ctx, async (tx, audit) => {
    const plan = await planUndo(ctx, tx, batchId);
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
      const table = TABLE[e.entity];
      if (!table) continue;
      const current = await currentRow(ctx, tx, table, e.entityId);
      if (e.action === 'create') {
        if (!current) continue;
        ctx.sqlite.prepare(`delete from ${table} where id = ?`).run(e.entityId);
        const shown = table === 'households' ? { ...current, id_number: null } : current;
        await audit.record({ action: 'delete', entity: e.entity, entityId: e.entityId, before: shown, reason });
        removed += 1;
      } else if (e.action === 'update') {
        if (!current) continue;
        const before = (e.before ? JSON.parse(e.before) : {}) as Record<string, unknown>;
        const columns = COLUMNS[e.entity] ?? {};
        const keys = Object.keys(before).filter((k) => columns[k] && !(e.entity === 'household' && k === 'idNumber'));
        if (keys.length === 0) continue;
        const value = (k: string) => (k === 'farmerLinkage' && before[k] !== null ? JSON.stringify(before[k]) : before[k]);
        const after = Object.fromEntries(keys.map((k) => [k, current[columns[k] as string]]));
        ctx.sqlite
          .prepare(`update ${table} set ${keys.map((k) => `${columns[k]} = ?`).join(', ')}, updated_at = ? where id = ?`)
          .run(...keys.map(value), now, e.entityId);
        await audit.record({ action: 'update', entity: e.entity, entityId: e.entityId, before: after, after: Object.fromEntries(keys.map((k) => [k, before[k]])), reason });
        restored += 1;
      }
    }
    await markImportBatchUndone(tx, batchId, now);
    await audit.record({ action: 'undo', entity: 'importBatch', entityId: batchId, after: { removed, restored }, reason });
    return { batchId, removed, restored };
  });
}
