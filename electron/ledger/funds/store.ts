// 资金 store: the only code that reads and writes the allocations, allocation_splits and payments tables (the
// services, the import kinds of allocations and payments, 撤销导入 and the demo county all write through it).
// Row types come from the drizzle schema; SQL is portable (see electron/platform/data-port.ts), every time is
// the context's clock, and sums are passed through Number() (PostgreSQL returns bigint sums as text).
import type { AllocationRow, AllocationSplitRow, PaymentRow, ProjectSplitRow } from '../../../shared/api';
import { allocations, payments } from '../../../db/schema';
import { placeholders, type DataReader, type DataWriter, type SqlValue } from '../../platform/data-port';
import { importBatchCondition } from '../imports/batch-rows';

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

export const ALLOCATION_ROW_SQL = `select a.id, a.doc_number as "docNumber", a.level, a.fund_name as "fundName", a.date, a.year,
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

/** A live allocation's fields, or undefined. */
export async function allocationFields(db: DataReader, id: number): Promise<AllocationFields | undefined> {
  return db.get<AllocationFields>(`select ${selectList(ALLOCATION_FIELDS, ALLOCATION_COLUMN)} from allocations where id = ? and deleted_at is null`, [id]);
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

export async function updateAllocation(tx: DataWriter, id: number, fields: AllocationFields, now: string): Promise<void> {
  await tx.run(`update allocations set ${ALLOCATION_FIELDS.map((k) => `${ALLOCATION_COLUMN[k]} = ?`).join(', ')}, updated_at = ? where id = ?`, [
    ...ALLOCATION_FIELDS.map((k) => fields[k]),
    now,
    id,
  ]);
}

/** Soft delete; the allocation's splits are removed (the projects lose that 下达). */
export async function softDeleteAllocation(tx: DataWriter, id: number, reason: string, now: string): Promise<void> {
  await tx.run('delete from allocation_splits where allocation_id = ?', [id]);
  await tx.run('update allocations set deleted_at = ?, delete_reason = ?, updated_at = ? where id = ?', [now, reason, now, id]);
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
export async function replaceSplits(tx: DataWriter, allocationId: number, before: readonly SplitAmount[], after: readonly SplitAmount[], now: string): Promise<void> {
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
}

// ---- Payments ---------------------------------------------------------------------------------------

/** A project's live payments (the covering index payments_project_cover_idx answers it). */
export const PROJECT_PAID_SQL = 'select coalesce(sum(amount_fen), 0) as fen from payments where project_id = ? and deleted_at is null';
/** What allocations have assigned to a project (splits of live allocations). */
export const PROJECT_ALLOCATED_SQL = `select coalesce(sum(s.amount_fen), 0) as fen from allocation_splits s join allocations a on a.id = s.allocation_id
  where s.project_id = ? and a.deleted_at is null`;

export const PAYMENT_ROW_SQL = `select pay.id, pay.project_id as "projectId", p.name as project, p.code as "projectCode",
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

/** A live payment as the lists show it, or undefined. */
export async function paymentRow(db: DataReader, id: number): Promise<PaymentRow | undefined> {
  return db.get<PaymentRow>(`${PAYMENT_ROW_SQL} where pay.id = ? and pay.deleted_at is null`, [id]);
}

/** A live payment's fields, or undefined. */
export async function paymentFields(db: DataReader, id: number): Promise<PaymentFields | undefined> {
  return db.get<PaymentFields>(`select ${selectList(PAYMENT_FIELDS, PAYMENT_COLUMN)} from payments where id = ? and deleted_at is null`, [id]);
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

export async function updatePayment(tx: DataWriter, id: number, fields: PaymentFields, now: string): Promise<void> {
  await tx.run(`update payments set ${PAYMENT_FIELDS.map((k) => `${PAYMENT_COLUMN[k]} = ?`).join(', ')}, updated_at = ? where id = ?`, [
    ...PAYMENT_FIELDS.map((k) => fields[k]),
    now,
    id,
  ]);
}

export async function softDeletePayment(tx: DataWriter, id: number, reason: string, now: string): Promise<void> {
  await tx.run('update payments set deleted_at = ?, delete_reason = ?, updated_at = ? where id = ?', [now, reason, now, id]);
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

const IMPORTED_PAYMENT_SQL = `insert into payments (${[...PAYMENT_FIELDS.map((k) => PAYMENT_COLUMN[k]), 'import_batch_id', 'created_at', 'updated_at'].join(', ')})
  values (${placeholders(PAYMENT_FIELDS.length + 3)}) returning id`;

/** A payment an import batch creates (a 100 000-row file calls this per row: the SQL is built once). */
export async function insertImportedPayment(tx: DataWriter, v: PaymentFields, batchId: number, now: string): Promise<number> {
  const row = await tx.get<{ id: number }>(IMPORTED_PAYMENT_SQL, [v.projectId, v.allocationId, v.date, v.amountFen, v.payee, v.voucher, v.paymentType, v.remark, batchId, now, now]);
  if (!row) throw new Error('insert into payments returned no id');
  return Number(row.id);
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
  await tx.run(`update ${table} set ${keys.map((k) => `${column[k]} = ?`).join(', ')}, updated_at = ? where id = ?`, [
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

/** `in (…)` lists stay well under every engine's parameter limit. */
const IN_CHUNK = 500;

/** Live payments or splits naming any of `ids` that batch `batchId` did not write (撤销导入 must not orphan them). */
export async function dependentRows(db: DataReader, which: keyof typeof DEPENDENT_SQL, ids: readonly number[], batchId: number): Promise<DependentRows> {
  let n = 0;
  const batches = new Set<number>();
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const chunk = ids.slice(i, i + IN_CHUNK);
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
