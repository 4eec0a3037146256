// 资金 store: the only code that reads and writes the allocations, allocation_splits and payments tables (the
// services, the import kinds of allocations and payments, 撤销导入 and the demo county all write through it).
// Row types come from the drizzle schema; SQL is portable (see electron/platform/data-port.ts), every time is
// the context's clock, and sums are passed through Number() (PostgreSQL returns bigint sums as text).
import type { AllocationRow, AllocationSplitRow, FlagProjectRow, PaymentListRow, PaymentRow, ProjectSplitRow } from '../../../shared/api';
import { allocations, payments } from '../../../db/schema';
import { inListChunks, placeholders, type DataReader, type DataWriter, type SqlValue } from '../../platform/data-port';
import { BUMP_VERSION, versionCondition } from '../../platform/row-version';
import { importBatchCondition } from '../imports/batch-rows';
import { ProjectStatus, projectStatusRank } from '../../../shared/enums';
import { PROJECT_TOTAL_SQL } from '../projects/store';

type AllocationRecord = typeof allocations.$inferSelect;
type PaymentRecord = typeof payments.$inferSelect;

/** What a clerk edits on an allocation, in the order its audit rows have always listed them. */
export type AllocationFields = Pick<AllocationRecord, 'docNumber' | 'level' | 'fundName' | 'date' | 'year' | 'amountFen' | 'recipient' | 'remark'>;
/** What a clerk edits on a payment, in the order its audit rows have always listed them. */
export type PaymentFields = Pick<PaymentRecord, 'projectId' | 'allocationId' | 'date' | 'amountFen' | 'payee' | 'voucher' | 'paymentType' | 'remark'>;
export type SplitAmount = { projectId: number; amountFen: number };

export const ALLOCATION_COLUMN: Record<keyof AllocationFields, string> = {
  docNumber: 'doc_number',
  level: 'level',
  fundName: 'fund_name',
  date: 'date',
  year: 'year',
  amountFen: 'amount_fen',
  recipient: 'recipient',
  remark: 'remark',
};
export const ALLOCATION_FIELDS = Object.keys(ALLOCATION_COLUMN) as Array<keyof AllocationFields>;

export const PAYMENT_COLUMN: Record<keyof PaymentFields, string> = {
  projectId: 'project_id',
  allocationId: 'allocation_id',
  date: 'date',
  amountFen: 'amount_fen',
  payee: 'payee',
  voucher: 'voucher',
  paymentType: 'payment_type',
  remark: 'remark',
};
export const PAYMENT_FIELDS = Object.keys(PAYMENT_COLUMN) as Array<keyof PaymentFields>;

const selectList = <K extends string>(keys: readonly K[], column: Record<K, string>) => keys.map((k) => `${column[k]} as "${k}"`).join(', ');

// ---- Allocations ------------------------------------------------------------------------------------

export const ALLOCATION_ROW_SQL = `select a.id, a.version, a.doc_number as "docNumber", a.level, a.fund_name as "fundName", a.date, a.year,
    a.amount_fen as "amountFen", a.recipient, a.remark,
    (select coalesce(sum(s.amount_fen), 0) from allocation_splits s where s.allocation_id = a.id) as "splitFen",
    (select coalesce(sum(pay.amount_fen), 0) from payments pay where pay.allocation_id = a.id and pay.deleted_at is null) as "paidFen"
  from allocations a`;

type AllocationSqlRow = Omit<AllocationRow, 'unsplitFen'>;

function toAllocationRow(r: AllocationSqlRow): AllocationRow {
  const splitFen = Number(r.splitFen);
  return { ...r, splitFen, paidFen: Number(r.paidFen), unsplitFen: r.amountFen - splitFen };
}

export interface AllocationFilter {
  year?: number;
  level?: AllocationFields['level'];
  importBatchId?: number;
  /** A LIKE pattern, its %, _ and \ escaped with a backslash. */
  keywordPattern?: string;
}

function allocationWhere(filter: AllocationFilter): { sql: string; params: SqlValue[] } {
  const where = ['a.deleted_at is null'];
  const params: SqlValue[] = [];
  const add = (condition: string, ...values: SqlValue[]) => {
    where.push(condition);
    params.push(...values);
  };
  if (filter.year !== undefined) add('a.year = ?', filter.year);
  if (filter.level !== undefined) add('a.level = ?', filter.level);
  if (filter.importBatchId !== undefined) add(importBatchCondition('a.id', 'allocations', '?'), filter.importBatchId);
  if (filter.keywordPattern !== undefined) {
    const p = filter.keywordPattern;
    add("(a.doc_number like ? escape '\\' or a.fund_name like ? escape '\\' or a.recipient like ? escape '\\')", p, p, p);
  }
  return { sql: where.join(' and '), params };
}

export interface AllocationTotals {
  count: number;
  amountFen: number;
  splitFen: number;
}

export async function allocationTotals(db: DataReader, filter: AllocationFilter): Promise<AllocationTotals> {
  const where = allocationWhere(filter);
  const row = await db.get<AllocationTotals>(
    `select count(*) as count, coalesce(sum(a.amount_fen), 0) as "amountFen",
            coalesce(sum((select sum(s.amount_fen) from allocation_splits s where s.allocation_id = a.id)), 0) as "splitFen"
     from allocations a where ${where.sql}`,
    where.params,
  );
  return { count: Number(row?.count ?? 0), amountFen: Number(row?.amountFen ?? 0), splitFen: Number(row?.splitFen ?? 0) };
}

/** Newest first. */
export async function allocationRows(db: DataReader, filter: AllocationFilter, offset: number, limit: number): Promise<AllocationRow[]> {
  const where = allocationWhere(filter);
  const rows = await db.all<AllocationSqlRow>(`${ALLOCATION_ROW_SQL} where ${where.sql} order by a.date desc, a.id desc limit ? offset ?`, [
    ...where.params,
    limit,
    offset,
  ]);
  return rows.map(toAllocationRow);
}

/** A live allocation as the list shows it, or undefined. */
export async function allocationRow(db: DataReader, id: number): Promise<AllocationRow | undefined> {
  const row = await db.get<AllocationSqlRow>(`${ALLOCATION_ROW_SQL} where a.id = ? and a.deleted_at is null`, [id]);
  return row && toAllocationRow(row);
}

/** A row's fields and its version, as the update of a form reads them. */
export interface Versioned<F> {
  fields: F;
  version: number;
}

function versioned<F>(row: (F & { rowVersion: number }) | undefined): Versioned<F> | undefined {
  if (!row) return undefined;
  const { rowVersion, ...fields } = row;
  return { fields: fields as unknown as F, version: Number(rowVersion) };
}

/** A live allocation's fields and version, or undefined. */
export async function allocationFields(db: DataReader, id: number): Promise<Versioned<AllocationFields> | undefined> {
  return versioned(
    await db.get<AllocationFields & { rowVersion: number }>(
      `select ${selectList(ALLOCATION_FIELDS, ALLOCATION_COLUMN)}, version as "rowVersion" from allocations where id = ? and deleted_at is null`,
      [id],
    ),
  );
}

/** The id of a live allocation with this 文号 and level, other than `exceptId`. */
export async function allocationIdWithDoc(db: DataReader, docNumber: string, level: AllocationFields['level'], exceptId: number | null): Promise<number | undefined> {
  const row = await db.get<{ id: number }>('select id from allocations where doc_number = ? and level = ? and deleted_at is null and id <> ? limit 1', [
    docNumber,
    level,
    exceptId ?? 0,
  ]);
  return row === undefined ? undefined : Number(row.id);
}

export async function insertAllocation(tx: DataWriter, fields: AllocationFields, now: string): Promise<number> {
  const columns = [...ALLOCATION_FIELDS.map((k) => ALLOCATION_COLUMN[k]), 'created_at', 'updated_at'];
  const row = await tx.get<{ id: number }>(`insert into allocations (${columns.join(', ')}) values (${placeholders(columns.length)}) returning id`, [
    ...ALLOCATION_FIELDS.map((k) => fields[k]),
    now,
    now,
  ]);
  if (!row) throw new Error('insert into allocations returned no id');
  return Number(row.id);
}

/** The rows changed: 0 when `expectedVersion` is given and the row is no longer at it. */
export async function updateAllocation(tx: DataWriter, id: number, fields: AllocationFields, now: string, expectedVersion?: number): Promise<number> {
  const guard = versionCondition(expectedVersion);
  const sets = [...ALLOCATION_FIELDS.map((k) => `${ALLOCATION_COLUMN[k]} = ?`), 'updated_at = ?', BUMP_VERSION];
  return (await tx.run(`update allocations set ${sets.join(', ')} where id = ?${guard.sql}`, [...ALLOCATION_FIELDS.map((k) => fields[k]), now, id, ...guard.params])).changes;
}

/** Soft delete; the allocation's splits are removed (the projects lose that 下达). */
export async function softDeleteAllocation(tx: DataWriter, id: number, reason: string, now: string): Promise<void> {
  await tx.run('delete from allocation_splits where allocation_id = ?', [id]);
  await tx.run(`update allocations set deleted_at = ?, delete_reason = ?, updated_at = ?, ${BUMP_VERSION} where id = ?`, [now, reason, now, id]);
}

/** Live payments naming the allocation: how many and their sum. */
export async function allocationPayments(db: DataReader, allocationId: number): Promise<{ n: number; fen: number }> {
  const row = await db.get<{ n: number; fen: number }>(
    'select count(*) as n, coalesce(sum(amount_fen), 0) as fen from payments where allocation_id = ? and deleted_at is null',
    [allocationId],
  );
  return { n: Number(row?.n ?? 0), fen: Number(row?.fen ?? 0) };
}

// ---- Splits -----------------------------------------------------------------------------------------

/** An allocation's splits by project id. */
export async function splitAmounts(db: DataReader, allocationId: number): Promise<SplitAmount[]> {
  const rows = await db.all<SplitAmount>('select project_id as "projectId", amount_fen as "amountFen" from allocation_splits where allocation_id = ? order by project_id', [
    allocationId,
  ]);
  return rows.map((r) => ({ projectId: Number(r.projectId), amountFen: Number(r.amountFen) }));
}

export async function splitTotal(db: DataReader, allocationId: number): Promise<number> {
  const row = await db.get<{ fen: number }>('select coalesce(sum(amount_fen), 0) as fen from allocation_splits where allocation_id = ?', [allocationId]);
  return Number(row?.fen ?? 0);
}

/** An allocation's splits with their projects' names, as the allocation drawer lists them. */
export async function splitRows(db: DataReader, allocationId: number): Promise<AllocationSplitRow[]> {
  return db.all<AllocationSplitRow>(
    `select s.project_id as "projectId", p.name as project, p.code as "projectCode", t.name as township, s.amount_fen as "amountFen"
     from allocation_splits s join projects p on p.id = s.project_id left join divisions t on t.id = p.township_id
     where s.allocation_id = ? order by p.year, p.code, p.id`,
    [allocationId],
  );
}

export interface SplitExportRow {
  id: number;
  allocationId: number;
  projectCode: string | null;
  project: string;
  township: string | null;
  amountFen: number;
}

/** The splits of a page of allocations, for 资金分配明细. */
export async function splitsOfAllocations(db: DataReader, allocationIds: readonly number[]): Promise<SplitExportRow[]> {
  if (allocationIds.length === 0) return [];
  return db.all<SplitExportRow>(
    `select s.id, s.allocation_id as "allocationId", p.code as "projectCode", p.name as project, t.name as township, s.amount_fen as "amountFen"
     from allocation_splits s join projects p on p.id = s.project_id left join divisions t on t.id = p.township_id
     where s.allocation_id in (${placeholders(allocationIds.length)}) order by s.allocation_id, s.id`,
    allocationIds,
  );
}

/** Make the allocation's splits `after` (pairs of `before` not in it removed). */
/**
 * The splits belong to their allocation: a change of them moves the allocation's version on, at `expectedVersion`
 * only when given. The rows changed (0: the allocation is no longer at that version).
 */
async function bumpAllocationVersion(tx: DataWriter, allocationId: number, now: string, expectedVersion?: number): Promise<number> {
  const guard = versionCondition(expectedVersion);
  return (await tx.run(`update allocations set updated_at = ?, ${BUMP_VERSION} where id = ?${guard.sql}`, [now, allocationId, ...guard.params])).changes;
}

/**
 * A form's split of an allocation at `expectedVersion`: the allocation moves on first (0 returned and nothing
 * written when another clerk moved it on), then the pairs become `after`.
 */
export async function replaceSplits(
  tx: DataWriter,
  allocationId: number,
  before: readonly SplitAmount[],
  after: readonly SplitAmount[],
  now: string,
  expectedVersion: number,
): Promise<number> {
  const moved = await bumpAllocationVersion(tx, allocationId, now, expectedVersion);
  if (moved === 0) return 0;
  const kept = new Set(after.map((r) => r.projectId));
  for (const r of before) {
    if (!kept.has(r.projectId)) await tx.run('delete from allocation_splits where allocation_id = ? and project_id = ?', [allocationId, r.projectId]);
  }
  for (const r of after) {
    await tx.run(
      `insert into allocation_splits (allocation_id, project_id, amount_fen, created_at, updated_at) values (?, ?, ?, ?, ?)
       on conflict (allocation_id, project_id) do update set amount_fen = excluded.amount_fen, updated_at = excluded.updated_at`,
      [allocationId, r.projectId, r.amountFen, now, now],
    );
  }
  return moved;
}

// ---- Payments ---------------------------------------------------------------------------------------

/** A project's live payments (the covering index payments_project_cover_idx answers it). */
export const PROJECT_PAID_SQL = 'select coalesce(sum(amount_fen), 0) as fen from payments where project_id = ? and deleted_at is null';
/** What allocations have assigned to a project (splits of live allocations). */
export const PROJECT_ALLOCATED_SQL = `select coalesce(sum(s.amount_fen), 0) as fen from allocation_splits s join allocations a on a.id = s.allocation_id
  where s.project_id = ? and a.deleted_at is null`;

export const PAYMENT_ROW_SQL = `select pay.id, pay.version, pay.project_id as "projectId", p.name as project, p.code as "projectCode",
    pay.allocation_id as "allocationId", a.doc_number as "docNumber", a.level as "allocationLevel", pay.date,
    pay.amount_fen as "amountFen", pay.payee, pay.voucher, pay.payment_type as "paymentType", pay.remark
  from payments pay join projects p on p.id = pay.project_id left join allocations a on a.id = pay.allocation_id`;

/** A project's live payments other than `exceptPaymentId`. */
export async function projectPaidFen(db: DataReader, projectId: number, exceptPaymentId: number | null = null): Promise<number> {
  const row = await db.get<{ fen: number }>(`${PROJECT_PAID_SQL} and id <> ?`, [projectId, exceptPaymentId ?? 0]);
  return Number(row?.fen ?? 0);
}

export async function projectAllocatedFen(db: DataReader, projectId: number): Promise<number> {
  const row = await db.get<{ fen: number }>(PROJECT_ALLOCATED_SQL, [projectId]);
  return Number(row?.fen ?? 0);
}

/** 首页: how many live allocations, and the sum of those of the year (one statement; no split sums, which 首页 does not show). */
export async function allocationFigures(db: DataReader, year: number): Promise<{ allocations: number; allocatedFen: number }> {
  const row = await db.get<{ allocations: number; allocatedFen: number | null }>(
    `select (select count(*) from allocations where deleted_at is null) as allocations,
            (select sum(amount_fen) from allocations where deleted_at is null and year = ?) as "allocatedFen"`,
    [year],
  );
  return { allocations: Number(row?.allocations ?? 0), allocatedFen: Number(row?.allocatedFen ?? 0) };
}

/** 首页: how many live payments, and the sum of those dated in the year. */
export async function paymentFigures(db: DataReader, year: number): Promise<{ payments: number; paidFen: number }> {
  // A date range, not substr(date), so the payments date index serves it.
  const row = await db.get<{ payments: number; paidFen: number | null }>(
    `select (select count(*) from payments where deleted_at is null) as payments,
            (select sum(amount_fen) from payments where deleted_at is null and date >= ? and date < ?) as "paidFen"`,
    [`${year}`, `${year + 1}`],
  );
  return { payments: Number(row?.payments ?? 0), paidFen: Number(row?.paidFen ?? 0) };
}

/** A live payment as the lists show it, or undefined. */
export async function paymentRow(db: DataReader, id: number): Promise<PaymentRow | undefined> {
  return db.get<PaymentRow>(`${PAYMENT_ROW_SQL} where pay.id = ? and pay.deleted_at is null`, [id]);
}

/** A live payment's fields and version, or undefined. */
export async function paymentFields(db: DataReader, id: number): Promise<Versioned<PaymentFields> | undefined> {
  return versioned(
    await db.get<PaymentFields & { rowVersion: number }>(
      `select ${selectList(PAYMENT_FIELDS, PAYMENT_COLUMN)}, version as "rowVersion" from payments where id = ? and deleted_at is null`,
      [id],
    ),
  );
}

export async function insertPayment(tx: DataWriter, fields: PaymentFields, now: string): Promise<number> {
  const columns = [...PAYMENT_FIELDS.map((k) => PAYMENT_COLUMN[k]), 'created_at', 'updated_at'];
  const row = await tx.get<{ id: number }>(`insert into payments (${columns.join(', ')}) values (${placeholders(columns.length)}) returning id`, [
    ...PAYMENT_FIELDS.map((k) => fields[k]),
    now,
    now,
  ]);
  if (!row) throw new Error('insert into payments returned no id');
  return Number(row.id);
}

/** The rows changed: 0 when `expectedVersion` is given and the row is no longer at it. */
export async function updatePayment(tx: DataWriter, id: number, fields: PaymentFields, now: string, expectedVersion?: number): Promise<number> {
  const guard = versionCondition(expectedVersion);
  const sets = [...PAYMENT_FIELDS.map((k) => `${PAYMENT_COLUMN[k]} = ?`), 'updated_at = ?', BUMP_VERSION];
  return (await tx.run(`update payments set ${sets.join(', ')} where id = ?${guard.sql}`, [...PAYMENT_FIELDS.map((k) => fields[k]), now, id, ...guard.params])).changes;
}

export async function softDeletePayment(tx: DataWriter, id: number, reason: string, now: string): Promise<void> {
  await tx.run(`update payments set deleted_at = ?, delete_reason = ?, updated_at = ?, ${BUMP_VERSION} where id = ?`, [now, reason, now, id]);
}

// ---- Many rows at once: the import kinds, 撤销导入 and the demo county -------------------------------

/** A live allocation's fields by its 文号 and level ("文号|level"), for an import to tell new from known. */
export async function liveAllocationsByDocLevel(db: DataReader): Promise<Map<string, { id: number; values: AllocationFields }>> {
  const rows = await db.all<AllocationFields & { id: number }>(`select id, ${selectList(ALLOCATION_FIELDS, ALLOCATION_COLUMN)} from allocations where deleted_at is null`);
  const byKey = new Map<string, { id: number; values: AllocationFields }>();
  for (const { id, ...values } of rows) byKey.set(`${values.docNumber}|${values.level}`, { id: Number(id), values: { ...values, year: Number(values.year), amountFen: Number(values.amountFen) } });
  return byKey;
}

/** Live allocations' ids with their 文号 and level (a payment names its allocation by 文号). */
/** The 文号 of the newest live allocations, at most `limit` (the import template's drop-down). */
export async function recentDocNumbers(db: DataReader, limit: number): Promise<string[]> {
  return (await db.all<{ docNumber: string }>('select doc_number as "docNumber" from allocations where deleted_at is null order by date desc, id desc limit ?', [limit])).map((r) => r.docNumber);
}

export async function liveAllocationDocs(db: DataReader): Promise<Array<{ id: number; docNumber: string; level: AllocationFields['level'] }>> {
  return db.all('select id, doc_number as "docNumber", level from allocations where deleted_at is null');
}

/** Each project's live payments, summed (project id → fen). */
export async function paidFenByProject(db: DataReader): Promise<Map<number, number>> {
  const rows = await db.all<{ id: number; fen: number }>('select project_id as id, sum(amount_fen) as fen from payments where deleted_at is null group by project_id');
  return new Map(rows.map((r) => [Number(r.id), Number(r.fen)]));
}

/** What live allocations have assigned to each project (project id → fen). */
export async function allocatedFenByProject(db: DataReader): Promise<Map<number, number>> {
  const rows = await db.all<{ id: number; fen: number }>(
    'select s.project_id as id, sum(s.amount_fen) as fen from allocation_splits s join allocations a on a.id = s.allocation_id where a.deleted_at is null group by s.project_id',
  );
  return new Map(rows.map((r) => [Number(r.id), Number(r.fen)]));
}

/** A project's live payments with their fields (an import recognises the same payment again). */
export async function livePaymentsOfProject(db: DataReader, projectId: number): Promise<Array<PaymentFields & { id: number }>> {
  const rows = await db.all<PaymentFields & { id: number }>(
    `select id, ${selectList(PAYMENT_FIELDS, PAYMENT_COLUMN)} from payments where project_id = ? and deleted_at is null`,
    [projectId],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), amountFen: Number(r.amountFen) }));
}

const IMPORTED_ALLOCATION_SQL = `insert into allocations (${[...ALLOCATION_FIELDS.map((k) => ALLOCATION_COLUMN[k]), 'import_batch_id', 'created_at', 'updated_at'].join(', ')})
  values (${placeholders(ALLOCATION_FIELDS.length + 3)}) returning id`;

/** An allocation an import batch creates. */
export async function insertImportedAllocation(tx: DataWriter, fields: AllocationFields, batchId: number, now: string): Promise<number> {
  const row = await tx.get<{ id: number }>(IMPORTED_ALLOCATION_SQL, [...ALLOCATION_FIELDS.map((k) => fields[k]), batchId, now, now]);
  if (!row) throw new Error('insert into allocations returned no id');
  return Number(row.id);
}

const IMPORTED_PAYMENT_COLUMNS = [...PAYMENT_FIELDS.map((k) => PAYMENT_COLUMN[k]), 'import_batch_id', 'created_at', 'updated_at'];

/** The payments an import batch creates, in one bulk insert (a 100 000-row file): their ids, in order. */
export async function insertImportedPayments(tx: DataWriter, rows: readonly PaymentFields[], batchId: number, now: string): Promise<number[]> {
  // Listed out rather than mapped over PAYMENT_FIELDS: this runs for every payment.
  return tx.insertManyReturningIds(
    'payments',
    IMPORTED_PAYMENT_COLUMNS,
    rows.map((v) => [v.projectId, v.allocationId, v.date, v.amountFen, v.payee, v.voucher, v.paymentType, v.remark, batchId, now, now]),
  );
}

const SPLIT_INSERT_COLUMNS = ['allocation_id', 'project_id', 'amount_fen', 'created_at', 'updated_at'];

/** Many splits at once (the demo county): one allocation's share of one project each. */
export async function insertSplits(tx: DataWriter, splits: ReadonlyArray<SplitAmount & { allocationId: number }>, now: string): Promise<number> {
  return tx.insertMany('allocation_splits', SPLIT_INSERT_COLUMNS, splits.map((s) => [s.allocationId, s.projectId, s.amountFen, now, now]));
}

const PAYMENT_INSERT_COLUMNS = [...PAYMENT_FIELDS.map((k) => PAYMENT_COLUMN[k]), 'created_at', 'updated_at'];

/** Many payments at once (the demo county: a million at scale 100), in the order given. */
export async function insertPayments(tx: DataWriter, rows: readonly PaymentFields[], now: string): Promise<number> {
  // Listed out rather than mapped over PAYMENT_FIELDS: this runs for every payment.
  return tx.insertMany('payments', PAYMENT_INSERT_COLUMNS, rows.map((v) => [v.projectId, v.allocationId, v.date, v.amountFen, v.payee, v.voucher, v.paymentType, v.remark, now, now]));
}

/** Set some of a row's fields, leaving the others (the table and its column map are this module's constants). */
async function updateColumns<F>(tx: DataWriter, table: 'allocations' | 'payments', column: Record<keyof F, string>, id: number, changes: Partial<F>, now: string): Promise<void> {
  const keys = (Object.keys(changes) as Array<keyof F>).filter((k) => k in column);
  if (keys.length === 0) return;
  await tx.run(`update ${table} set ${keys.map((k) => `${column[k]} = ?`).join(', ')}, updated_at = ?, ${BUMP_VERSION} where id = ?`, [
    ...keys.map((k) => (changes[k] ?? null) as SqlValue),
    now,
    id,
  ]);
}

/** Set some of an allocation's fields (an import's or an undo's change), leaving the others. */
export async function updateAllocationColumns(tx: DataWriter, id: number, changes: Partial<AllocationFields>, now: string): Promise<void> {
  await updateColumns(tx, 'allocations', ALLOCATION_COLUMN, id, changes, now);
}

/** Set some of a payment's fields (an import's or an undo's change), leaving the others. */
export async function updatePaymentColumns(tx: DataWriter, id: number, changes: Partial<PaymentFields>, now: string): Promise<void> {
  await updateColumns(tx, 'payments', PAYMENT_COLUMN, id, changes, now);
}

/** An import's splits of an allocation: new pairs carry the batch, known pairs take the new amount. */
export async function mergeImportedSplits(tx: DataWriter, allocationId: number, splits: readonly SplitAmount[], batchId: number, now: string): Promise<void> {
  await bumpAllocationVersion(tx, allocationId, now);
  for (const s of splits) {
    await tx.run(
      `insert into allocation_splits (allocation_id, project_id, amount_fen, import_batch_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?)
       on conflict (allocation_id, project_id) do update set amount_fen = excluded.amount_fen, updated_at = excluded.updated_at`,
      [allocationId, s.projectId, s.amountFen, batchId, now, now],
    );
  }
}

/** A stored row as it is, every column under its own name (撤销导入 records it before removing the row). */
export async function storedRow(db: DataReader, table: 'allocations' | 'payments', id: number): Promise<Record<string, unknown> | undefined> {
  return db.get<Record<string, unknown>>(`select * from ${table === 'allocations' ? 'allocations' : 'payments'} where id = ?`, [id]);
}

/** Remove an allocation with its splits, or a payment, for good (撤销导入 of the batch that created it). */
export async function deleteImportedRow(tx: DataWriter, table: 'allocations' | 'payments', id: number): Promise<void> {
  if (table === 'allocations') {
    await tx.run('delete from allocation_splits where allocation_id = ?', [id]);
    await tx.run('delete from allocations where id = ?', [id]);
  } else await tx.run('delete from payments where id = ?', [id]);
}

/** Put an allocation's splits back to `splits` exactly (撤销导入). */
export async function restoreSplits(tx: DataWriter, allocationId: number, splits: readonly SplitAmount[], now: string): Promise<void> {
  await bumpAllocationVersion(tx, allocationId, now);
  await tx.run('delete from allocation_splits where allocation_id = ?', [allocationId]);
  for (const s of splits) {
    await tx.run('insert into allocation_splits (allocation_id, project_id, amount_fen, created_at, updated_at) values (?, ?, ?, ?, ?)', [allocationId, s.projectId, s.amountFen, now, now]);
  }
}

/** Rows of other batches (or typed in) that name these projects or allocations: how many, and which batches. */
export interface DependentRows {
  n: number;
  /** The batches' ids, comma-separated, or null when none came from an import. */
  batches: string | null;
}

const DEPENDENT_SQL = {
  paymentsOnProjects: 'select import_batch_id as "batchId" from payments where deleted_at is null and project_id in',
  splitsOnProjects: 'select import_batch_id as "batchId" from allocation_splits where project_id in',
  paymentsOnAllocations: 'select import_batch_id as "batchId" from payments where deleted_at is null and allocation_id in',
  splitsOnAllocations: 'select import_batch_id as "batchId" from allocation_splits where allocation_id in',
} as const;


/** Live payments or splits naming any of `ids` that batch `batchId` did not write (撤销导入 must not orphan them). */
export async function dependentRows(db: DataReader, which: keyof typeof DEPENDENT_SQL, ids: readonly number[], batchId: number): Promise<DependentRows> {
  let n = 0;
  const batches = new Set<number>();
  for (const chunk of inListChunks(ids)) {
    const rows = await db.all<{ batchId: number | null }>(`${DEPENDENT_SQL[which]} (${placeholders(chunk.length)}) and (import_batch_id is null or import_batch_id <> ?)`, [
      ...chunk,
      batchId,
    ]);
    n += rows.length;
    for (const r of rows) if (r.batchId !== null) batches.add(Number(r.batchId));
  }
  return { n, batches: batches.size > 0 ? [...batches].join(',') : null };
}

// ---- A project's money (the 项目库 detail and its deletion) -----------------------------------------

/** A project's splits of live allocations, oldest first. */
export async function projectSplitRows(db: DataReader, projectId: number): Promise<ProjectSplitRow[]> {
  return db.all<ProjectSplitRow>(
    `select s.allocation_id as "allocationId", a.doc_number as "docNumber", a.level, a.date, s.amount_fen as "amountFen"
     from allocation_splits s join allocations a on a.id = s.allocation_id
     where s.project_id = ? and a.deleted_at is null order by a.date, a.id`,
    [projectId],
  );
}

/** A project's live payments as the lists show them, oldest first. */
export async function projectPaymentRows(db: DataReader, projectId: number): Promise<PaymentRow[]> {
  return db.all<PaymentRow>(`${PAYMENT_ROW_SQL} where pay.project_id = ? and pay.deleted_at is null order by pay.date, pay.id`, [projectId]);
}

/** How many live payments a project has, and their sum. */
export async function projectPayments(db: DataReader, projectId: number): Promise<{ n: number; fen: number }> {
  const row = await db.get<{ n: number; fen: number }>('select count(*) as n, coalesce(sum(amount_fen), 0) as fen from payments where project_id = ? and deleted_at is null', [projectId]);
  return { n: Number(row?.n ?? 0), fen: Number(row?.fen ?? 0) };
}

/** Remove every split onto a project (its deletion frees the allocations' money); returns what was there. */
export async function removeProjectSplits(tx: DataWriter, projectId: number): Promise<Array<{ allocationId: number; amountFen: number }>> {
  const splits = await tx.all<{ allocationId: number; amountFen: number }>(
    'select allocation_id as "allocationId", amount_fen as "amountFen" from allocation_splits where project_id = ? order by id',
    [projectId],
  );
  await tx.run('delete from allocation_splits where project_id = ?', [projectId]);
  return splits;
}

// ---- 支出进度 and the supervisor's flags (progress.ts) ---------------------------------------------------
// `cross join … where` rather than `join … on`: SQLite keeps the written order (the year's live projects, then
// the covering index by project, grouped without sorting); PostgreSQL plans it as any inner join.

/** SQL behind 支出进度's per-project pass (exported for the query-plan test and the benchmark). */
export const PROGRESS_SQL = {
  /** Every allocation (a few thousand): level and date are looked up in memory instead of joined per row. */
  allocations: 'select id, level, date, case when deleted_at is null then 0 else 1 end as deleted from allocations',
  /** [year] */
  projects: `select p.id, p.township_id as "townshipId", p.department_id as "departmentId", p.category_id as "categoryId",
      p.fund_central_fen as c0, p.fund_provincial_fen as c1, p.fund_municipal_fen as c2, p.fund_county_fen as c3, p.fund_other_fen as c4
    from projects p where p.year = ? and p.deleted_at is null`,
  /** [year] */
  splits: `select s.project_id as "projectId", s.allocation_id as "allocationId", s.amount_fen as fen
    from projects p cross join allocation_splits s
    where s.project_id = p.id and p.year = ? and p.deleted_at is null`,
  /** [year, cutoff] */
  payments: `select p.id as "projectId", pay.allocation_id as "allocationId", sum(pay.amount_fen) as fen
    from projects p cross join payments pay
    where pay.project_id = p.id and p.year = ? and p.deleted_at is null and pay.deleted_at is null and pay.date <= ?
    group by p.id, pay.allocation_id`,
  /** [year, cutoff] */
  pool: `select level, coalesce(sum(amount_fen), 0) as fen from allocations
    where year = ? and deleted_at is null and date <= ? group by level`,
} as const;

export interface AllocationDateLevel {
  id: number;
  level: AllocationFields['level'];
  date: string;
  deleted: boolean;
}

export async function allocationDatesAndLevels(db: DataReader): Promise<AllocationDateLevel[]> {
  const rows = await db.all<{ id: number; level: AllocationFields['level']; date: string; deleted: number }>(PROGRESS_SQL.allocations);
  return rows.map((r) => ({ id: r.id, level: r.level, date: r.date, deleted: Number(r.deleted) === 1 }));
}

export interface YearProjectFunds {
  id: number;
  townshipId: number | null;
  departmentId: number | null;
  categoryId: number | null;
  /** 中央, 省级, 市级, 县级, 其他 (FundLevel's order). */
  c0: number;
  c1: number;
  c2: number;
  c3: number;
  c4: number;
}

/** The live projects of a year with their funds by level. */
export async function yearProjectFunds(db: DataReader, year: number): Promise<YearProjectFunds[]> {
  return db.all<YearProjectFunds>(PROGRESS_SQL.projects, [year]);
}

export interface ProjectAllocationFen {
  projectId: number;
  allocationId: number;
  fen: number;
}

/** The splits onto the live projects of a year (every allocation's, live or not). */
export async function yearSplits(db: DataReader, year: number): Promise<ProjectAllocationFen[]> {
  return db.all<ProjectAllocationFen>(PROGRESS_SQL.splits, [year]);
}

/** Live payments up to `cutoff` on the live projects of a year, summed by project and allocation named. */
export async function yearPaymentsByAllocation(db: DataReader, year: number, cutoff: string): Promise<Array<{ projectId: number; allocationId: number | null; fen: number }>> {
  const rows = await db.all<{ projectId: number; allocationId: number | null; fen: number }>(PROGRESS_SQL.payments, [year, cutoff]);
  for (const r of rows) r.fen = Number(r.fen);
  return rows;
}

/** 已下达 of the whole pool by level: live allocations of the budget year dated on or before `cutoff`. */
export async function poolByLevel(db: DataReader, year: number, cutoff: string): Promise<Array<{ level: string; fen: number }>> {
  const rows = await db.all<{ level: string; fen: number }>(PROGRESS_SQL.pool, [year, cutoff]);
  return rows.map((r) => ({ level: r.level, fen: Number(r.fen) }));
}

/**
 * Per project in scope: its splits (amounts by allocation; allocations are looked up in memory), and its
 * payments up to the cut-off (sum and last date), both read from covering indexes in project order. The
 * statuses are the enum's constants, never input.
 */
function flagSql(withYear: boolean, notStarted: readonly string[]) {
  const scope = `p.deleted_at is null${withYear ? ' and p.year = ?' : ''}`;
  return {
    /** All years: the live projects (the partial index answers it, not the wide table). */
    live: withYear ? null : 'select id from projects where deleted_at is null',
    // All years: whole covering indexes in project order (cheaper than a join per project); one year: joined.
    /** one year: [year]; all years: [] */
    splits: withYear
      ? `select s.project_id as "projectId", s.allocation_id as "allocationId", s.amount_fen as fen
          from projects p cross join allocation_splits s where s.project_id = p.id and ${scope}`
      : 'select project_id as "projectId", allocation_id as "allocationId", amount_fen as fen from allocation_splits',
    /** one year: [year, cutoff]; all years: [cutoff] */
    payments: withYear
      ? `select p.id as "projectId", sum(pay.amount_fen) as fen, max(pay.date) as "lastDate"
          from projects p cross join payments pay
          where pay.project_id = p.id and ${scope} and pay.deleted_at is null and pay.date <= ? group by p.id`
      : `select project_id as "projectId", sum(amount_fen) as fen, max(date) as "lastDate" from payments
          where deleted_at is null and date <= ? group by project_id`,
    /** one year: [year]; all years: [] */
    notStarted: `select p.id from projects p
      where ${scope} and p.status in (${notStarted.map((s) => `'${s}'`).join(', ')}) and p.actual_start is null`,
  };
}

/** Statuses before 开工. */
const NOT_STARTED_STATUSES: readonly ProjectStatus[] = ProjectStatus.values.filter((s) => projectStatusRank(s) < projectStatusRank('started'));

/** SQL behind the flags, for all years or one (exported for the query-plan test). */
export const FLAG_SQL = { allYears: flagSql(false, NOT_STARTED_STATUSES), oneYear: flagSql(true, NOT_STARTED_STATUSES) };

const flagSqlOf = (year: number | undefined) => (year === undefined ? FLAG_SQL.allYears : FLAG_SQL.oneYear);
const yearParam = (year: number | undefined): SqlValue[] => (year === undefined ? [] : [year]);

/** The live projects' ids, or null when `year` is given (the year's queries keep to live projects themselves). */
export async function liveProjectIdsForFlags(db: DataReader, year: number | undefined): Promise<Set<number> | null> {
  const sql = flagSqlOf(year).live;
  if (sql === null) return null;
  return new Set((await db.all<{ id: number }>(sql)).map((r) => r.id));
}

/** Per project (of the year, or every project): live payments up to `cutoff`, their sum and last date. */
export async function paidUpToByProject(db: DataReader, year: number | undefined, cutoff: string): Promise<Array<{ projectId: number; fen: number; lastDate: string }>> {
  const rows = await db.all<{ projectId: number; fen: number; lastDate: string }>(flagSqlOf(year).payments, [...yearParam(year), cutoff]);
  for (const r of rows) r.fen = Number(r.fen);
  return rows;
}

/** The splits onto the projects of the year (live ones), or every split. */
export async function splitsForFlags(db: DataReader, year: number | undefined): Promise<ProjectAllocationFen[]> {
  return db.all<ProjectAllocationFen>(flagSqlOf(year).splits, yearParam(year));
}

/** Live projects (of the year) still before 开工 with no actual start date. */
export async function notStartedProjectIds(db: DataReader, year: number | undefined): Promise<number[]> {
  return (await db.all<{ id: number }>(flagSqlOf(year).notStarted, yearParam(year))).map((r) => r.id);
}

export type FlagProjectDetail = Omit<FlagProjectRow, 'allocatedFen' | 'paidFen'>;

/** `in (…)` lists stay well under every engine's parameter limit. */
const ID_CHUNK = 500;

/** The name, place and money of the projects a flag shows. */
export async function flagProjectDetails(db: DataReader, ids: readonly number[]): Promise<FlagProjectDetail[]> {
  const out: FlagProjectDetail[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    const rows = await db.all<FlagProjectDetail>(
      `select p.id as "projectId", p.year, p.code, p.name, t.name as township, p.status, (${PROJECT_TOTAL_SQL}) as "totalFen"
       from projects p left join divisions t on t.id = p.township_id where p.id in (${placeholders(chunk.length)})`,
      chunk,
    );
    for (const r of rows) out.push({ ...r, totalFen: Number(r.totalFen) });
  }
  return out;
}

// ---- The 拨付 list (payments-list.ts) -------------------------------------------------------------------

export interface PaymentListFilter {
  townshipId?: number;
  projectId?: number;
  year?: number;
  paymentType?: PaymentFields['paymentType'];
  importBatchId?: number;
  /** A LIKE pattern, its %, _ and \ escaped with a backslash. */
  keywordPattern?: string;
}

function paymentListWhere(filter: PaymentListFilter): { sql: string; params: SqlValue[] } {
  const where = ['pay.deleted_at is null', 'p.deleted_at is null'];
  const params: SqlValue[] = [];
  const add = (condition: string, ...values: SqlValue[]) => {
    where.push(condition);
    params.push(...values);
  };
  if (filter.townshipId !== undefined) add('p.township_id = ?', filter.townshipId);
  if (filter.projectId !== undefined) add('pay.project_id = ?', filter.projectId);
  // A date range rather than substr(date) so the date index serves it.
  if (filter.year !== undefined) add('pay.date >= ? and pay.date < ?', `${filter.year}`, `${filter.year + 1}`);
  if (filter.paymentType !== undefined && filter.paymentType !== null) add('pay.payment_type = ?', filter.paymentType);
  if (filter.importBatchId !== undefined) add(importBatchCondition('pay.id', 'payments', '?'), filter.importBatchId);
  if (filter.keywordPattern !== undefined) {
    const k = filter.keywordPattern;
    add("(p.name like ? escape '\\' or p.code like ? escape '\\' or pay.voucher like ? escape '\\' or pay.payee like ? escape '\\')", k, k, k, k);
  }
  return { sql: where.join(' and '), params };
}

export async function countPaymentList(db: DataReader, filter: PaymentListFilter): Promise<number> {
  const where = paymentListWhere(filter);
  const row = await db.get<{ n: number }>(`select count(*) as n from payments pay join projects p on p.id = pay.project_id where ${where.sql}`, where.params);
  return Number(row?.n ?? 0);
}

/** A 拨付 list row as stored: the contract's row before the 拨付超下达 flag is worked out. */
export type PaymentListRecord = Omit<PaymentListRow, 'overAllocation' | 'paymentType'> & { paymentType: PaymentFields['paymentType'] };

/** Newest first. */
export async function paymentListRecords(db: DataReader, filter: PaymentListFilter, offset: number, limit: number): Promise<PaymentListRecord[]> {
  const where = paymentListWhere(filter);
  return db.all<PaymentListRecord>(
    `select pay.id, pay.project_id as "projectId", p.name as project, t.name as township, pay.date,
            pay.amount_fen as "amountFen", pay.voucher, pay.payee, a.doc_number as "docNumber", pay.payment_type as "paymentType"
     from payments pay
     join projects p on p.id = pay.project_id
     left join divisions t on t.id = p.township_id
     left join allocations a on a.id = pay.allocation_id
     where ${where.sql}
     order by pay.date desc, pay.id desc
     limit ? offset ?`,
    [...where.params, limit, offset],
  );
}

/** 拨付超下达: which of these projects have more live payments than allocations have assigned to them. */
export async function overAllocatedProjects(db: DataReader, projectIds: readonly number[]): Promise<Set<number>> {
  const over = new Set<number>();
  for (let i = 0; i < projectIds.length; i += ID_CHUNK) {
    const chunk = projectIds.slice(i, i + ID_CHUNK);
    const rows = await db.all<{ id: number }>(
      `select p.id from projects p
       where p.id in (${placeholders(chunk.length)})
         and (select coalesce(sum(amount_fen), 0) from payments where project_id = p.id and deleted_at is null)
           > (select coalesce(sum(s.amount_fen), 0) from allocation_splits s join allocations a on a.id = s.allocation_id
              where s.project_id = p.id and a.deleted_at is null)`,
      chunk,
    );
    for (const r of rows) over.add(r.id);
  }
  return over;
}

export interface PaymentExtra {
  id: number;
  level: AllocationFields['level'] | null;
  remark: string | null;
}

/** 资金级次 and 备注 of a page of payments (the export's detail columns). */
export async function paymentExtras(db: DataReader, ids: readonly number[]): Promise<Map<number, PaymentExtra>> {
  const out = new Map<number, PaymentExtra>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    const rows = await db.all<PaymentExtra>(
      `select pay.id, a.level, pay.remark from payments pay left join allocations a on a.id = pay.allocation_id where pay.id in (${placeholders(chunk.length)})`,
      chunk,
    );
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}
