// 督导检查 store, inspections: the only code that reads and writes the inspections table. Row types come from
// the drizzle schema; SQL is portable (see electron/platform/data-port.ts), every time is the context's clock.
import { inspections } from '../../../db/schema';
import { placeholders, type DataReader, type DataWriter, type SqlValue } from '../../platform/data-port';
import { BUMP_VERSION, versionCondition } from '../../platform/row-version';

export type InspectionRecord = typeof inspections.$inferSelect;

/** What a clerk edits on an inspection, as stored (对象 as its JSON text). */
export type InspectionColumns = Pick<InspectionRecord, 'name' | 'source' | 'sourceDocNumber' | 'team' | 'leader' | 'startDate' | 'endDate' | 'targets' | 'remark'>;

const COLUMN: Record<keyof InspectionColumns, string> = {
  name: 'name',
  source: 'source',
  sourceDocNumber: 'source_doc_number',
  team: 'team',
  leader: 'leader',
  startDate: 'start_date',
  endDate: 'end_date',
  targets: 'targets',
  remark: 'remark',
};
const KEYS = Object.keys(COLUMN) as Array<keyof InspectionColumns>;

const RECORD_SQL = `select i.id, i.version, ${KEYS.map((k) => `i.${COLUMN[k]} as "${k}"`).join(', ')}, i.import_batch_id as "importBatchId",
    i.deleted_at as "deletedAt", i.delete_reason as "deleteReason", i.created_at as "createdAt", i.updated_at as "updatedAt"
  from inspections i`;

/** A live inspection, or undefined. */
export async function inspectionRecord(db: DataReader, id: number): Promise<InspectionRecord | undefined> {
  return db.get<InspectionRecord>(`${RECORD_SQL} where i.id = ? and i.deleted_at is null`, [id]);
}

/** The newest live inspection of this name (the import finds an inspection by its name). */
export async function inspectionByName(db: DataReader, name: string): Promise<InspectionRecord | undefined> {
  return db.get<InspectionRecord>(`${RECORD_SQL} where i.name = ? and i.deleted_at is null order by i.id desc limit 1`, [name]);
}

/** Whether a live inspection other than `exceptId` holds this name. */
export async function inspectionNameTaken(db: DataReader, name: string, exceptId: number | null): Promise<boolean> {
  return (await db.get('select id from inspections where name = ? and deleted_at is null and id <> ? limit 1', [name, exceptId ?? 0])) !== undefined;
}

export interface InspectionFilter {
  year?: number | undefined;
  source?: InspectionRecord['source'] | undefined;
  /** LIKE patterns (escaped with a backslash), each to be found in 名称, 文号, 检查组 or 组长. */
  keywordPatterns: readonly string[];
}

function inspectionWhere(filter: InspectionFilter): { sql: string; params: SqlValue[] } {
  const where = ['i.deleted_at is null'];
  const params: SqlValue[] = [];
  if (filter.year !== undefined) {
    where.push('i.start_date >= ? and i.start_date < ?');
    params.push(`${filter.year}-01-01`, `${filter.year + 1}-01-01`);
  }
  if (filter.source !== undefined) {
    where.push('i.source = ?');
    params.push(filter.source);
  }
  for (const p of filter.keywordPatterns) {
    where.push("(i.name like ? escape '\\' or i.source_doc_number like ? escape '\\' or i.team like ? escape '\\' or i.leader like ? escape '\\')");
    params.push(p, p, p, p);
  }
  return { sql: where.join(' and '), params };
}

export async function countInspections(db: DataReader, filter: InspectionFilter): Promise<number> {
  const where = inspectionWhere(filter);
  return Number((await db.get<{ n: number }>(`select count(*) as n from inspections i where ${where.sql}`, where.params))?.n ?? 0);
}

/** An inspection's name, deleted or not. */
export async function inspectionName(db: DataReader, id: number): Promise<string | undefined> {
  return (await db.get<{ name: string }>('select name from inspections where id = ?', [id]))?.name;
}

/** Live inspections that started within [start, end] (a bulletin's period). */
export async function countInspectionsStartingBetween(db: DataReader, start: string, end: string): Promise<number> {
  return Number((await db.get<{ n: number }>('select count(*) as n from inspections where deleted_at is null and start_date >= ? and start_date <= ?', [start, end]))?.n ?? 0);
}

/** Newest start first, undated last. */
export async function listInspectionRecords(db: DataReader, filter: InspectionFilter, offset: number, limit: number): Promise<InspectionRecord[]> {
  const where = inspectionWhere(filter);
  return db.all<InspectionRecord>(
    `${RECORD_SQL} where ${where.sql} order by case when i.start_date is null then 1 else 0 end, i.start_date desc, i.id desc limit ? offset ?`,
    [...where.params, limit, offset],
  );
}

const INSERT_COLUMNS = [...KEYS.map((k) => COLUMN[k]), 'import_batch_id', 'created_at', 'updated_at'];
const INSERT_INSPECTION_SQL = `insert into inspections (${INSERT_COLUMNS.join(', ')}) values (${placeholders(INSERT_COLUMNS.length)}) returning id`;

export async function insertInspection(tx: DataWriter, fields: InspectionColumns & { importBatchId?: number | null }, now: string): Promise<number> {
  const row = await tx.get<{ id: number }>(INSERT_INSPECTION_SQL, [...KEYS.map((k) => fields[k]), fields.importBatchId ?? null, now, now]);
  if (!row) throw new Error('insert into inspections returned no id');
  return Number(row.id);
}

/** The rows changed: 0 when `expectedVersion` is given and the row is no longer at it. */
export async function updateInspection(tx: DataWriter, id: number, fields: InspectionColumns, now: string, expectedVersion?: number): Promise<number> {
  const guard = versionCondition(expectedVersion);
  const sets = [...KEYS.map((k) => `${COLUMN[k]} = ?`), 'updated_at = ?', BUMP_VERSION];
  return (await tx.run(`update inspections set ${sets.join(', ')} where id = ?${guard.sql}`, [...KEYS.map((k) => fields[k]), now, id, ...guard.params])).changes;
}

export async function softDeleteInspection(tx: DataWriter, id: number, reason: string, now: string): Promise<void> {
  await tx.run(`update inspections set deleted_at = ?, delete_reason = ?, updated_at = ?, ${BUMP_VERSION} where id = ?`, [now, reason, now, id]);
}

/** Townships (by id) that exist, in 区划 order: the names of an inspection's 对象. */
export async function townshipNames(db: DataReader, ids: readonly number[]): Promise<Array<{ id: number; name: string }>> {
  if (ids.length === 0) return [];
  const rows = await db.all<{ id: number; name: string }>(
    `select id, name from divisions where level = 'township' and id in (${placeholders(ids.length)}) order by sort_order, code`,
    [...ids],
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

/** An inspection as stored, every column under its column name (撤销导入 keeps it in the audit row). */
export async function storedInspectionRow(db: DataReader, id: number): Promise<Record<string, unknown> | undefined> {
  return db.get<Record<string, unknown>>('select * from inspections where id = ?', [id]);
}

/** Remove an inspection for good (撤销导入 of the batch that created it; its findings are gone first). */
export async function deleteImportedInspection(tx: DataWriter, id: number): Promise<void> {
  await tx.run('delete from inspections where id = ?', [id]);
}
