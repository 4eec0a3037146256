// The statements every 帮扶力量 record shares — insert returning its id, a versioned update, a soft delete, its
// fields and version read back — built from one description of its table (fields → columns). Only this area's
// stores (units-store.ts, teams-store.ts, pairings-store.ts) use it: each describes its own tables, so a table
// still has one store that writes it. SQL is portable (electron/platform/data-port.ts); booleans go in as 0/1.
import { placeholders, type DataReader, type DataWriter, type SqlValue } from '../../platform/data-port';
import { BUMP_VERSION, versionCondition } from '../../platform/row-version';

/** A table's editable fields and their columns; `softDelete` when it keeps deleted rows (deleted_at). */
export interface RecordTable<F> {
  table: string;
  columns: { readonly [K in keyof F]-?: string };
  softDelete: boolean;
}

export function fieldsOf<F>(spec: RecordTable<F>): Array<keyof F> {
  return Object.keys(spec.columns) as Array<keyof F>;
}

/** `alias.column as "field"`, … for the SELECT list. */
export function selectList<F>(spec: RecordTable<F>, alias: string): string {
  return fieldsOf(spec)
    .map((k) => `${alias}.${spec.columns[k]} as "${String(k)}"`)
    .join(', ');
}

function sqlValue(v: unknown): SqlValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v as SqlValue;
}

export async function insertRecord<F>(tx: DataWriter, spec: RecordTable<F>, fields: F, now: string): Promise<number> {
  const keys = fieldsOf(spec);
  const columns = [...keys.map((k) => spec.columns[k]), 'created_at', 'updated_at'];
  const row = await tx.get<{ id: number }>(`insert into ${spec.table} (${columns.join(', ')}) values (${placeholders(columns.length)}) returning id`, [
    ...keys.map((k) => sqlValue(fields[k])),
    now,
    now,
  ]);
  if (!row) throw new Error(`insert into ${spec.table} returned no id`);
  return Number(row.id);
}

/** The rows changed: 0 when `expectedVersion` is given and the row is no longer at it (row-version.ts). */
export async function updateRecord<F>(tx: DataWriter, spec: RecordTable<F>, id: number, changes: Partial<F>, now: string, expectedVersion?: number): Promise<number> {
  const keys = fieldsOf(spec).filter((k) => changes[k] !== undefined);
  const guard = versionCondition(expectedVersion);
  const sets = [...keys.map((k) => `${spec.columns[k]} = ?`), 'updated_at = ?', BUMP_VERSION];
  const result = await tx.run(`update ${spec.table} set ${sets.join(', ')} where id = ?${guard.sql}`, [...keys.map((k) => sqlValue(changes[k])), now, id, ...guard.params]);
  return result.changes;
}

export async function softDeleteRecord<F>(tx: DataWriter, spec: RecordTable<F>, id: number, reason: string, now: string): Promise<void> {
  if (!spec.softDelete) throw new Error(`${spec.table} keeps no deleted rows`);
  await tx.run(`update ${spec.table} set deleted_at = ?, delete_reason = ?, updated_at = ?, ${BUMP_VERSION} where id = ?`, [now, reason, now, id]);
}

/** A live record's fields and version, or undefined. Values come back as stored (booleans as 0/1). */
export async function storedRecord<F>(db: DataReader, spec: RecordTable<F>, id: number): Promise<{ fields: F; version: number } | undefined> {
  const live = spec.softDelete ? ' and r.deleted_at is null' : '';
  const row = await db.get<F & { rowVersion: number }>(`select ${selectList(spec, 'r')}, r.version as "rowVersion" from ${spec.table} r where r.id = ?${live}`, [id]);
  if (!row) return undefined;
  const { rowVersion, ...fields } = row;
  return { fields: fields as unknown as F, version: Number(rowVersion) };
}
