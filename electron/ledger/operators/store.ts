// 操作员 store: the only code that reads and writes the operators table. Row types come from the drizzle schema;
// SQL is portable (see electron/platform/data-port.ts), every time is the context's clock.
import { operators } from '../../../db/schema';
import type { DataReader, DataWriter } from '../../platform/data-port';

export type OperatorRecord = typeof operators.$inferSelect;

/** What a new operator is written with (its id and timestamps come from the database and the caller's clock). */
export type NewOperator = Pick<OperatorRecord, 'name' | 'role' | 'passwordHash'>;

const OPERATOR_SELECT = `select id, name, role, password_hash as "passwordHash", disabled_at as "disabledAt",
    created_at as "createdAt", updated_at as "updatedAt"
  from operators`;

export async function operatorById(db: DataReader, id: number): Promise<OperatorRecord | undefined> {
  return db.get<OperatorRecord>(`${OPERATOR_SELECT} where id = ?`, [id]);
}

/** An operator who may act: not disabled. */
export async function enabledOperatorById(db: DataReader, id: number): Promise<OperatorRecord | undefined> {
  return db.get<OperatorRecord>(`${OPERATOR_SELECT} where id = ? and disabled_at is null`, [id]);
}

/** By name, disabled ones included (names stay unique across both). */
export async function operatorByName(db: DataReader, name: string): Promise<OperatorRecord | undefined> {
  return db.get<OperatorRecord>(`${OPERATOR_SELECT} where name = ?`, [name]);
}

/** Enabled ones first, then the disabled in the order they were disabled; by id within each. */
export async function operatorRecords(db: DataReader): Promise<OperatorRecord[]> {
  // Spelled out: SQLite sorts nulls first in ascending order, PostgreSQL last.
  return db.all<OperatorRecord>(`${OPERATOR_SELECT} order by case when disabled_at is null then 0 else 1 end, disabled_at, id`);
}

/** Enabled 管理员 other than `exceptId`. */
export async function countOtherEnabledAdmins(db: DataReader, exceptId: number): Promise<number> {
  const row = await db.get<{ n: number }>("select count(*) as n from operators where role = 'admin' and disabled_at is null and id <> ?", [exceptId]);
  return Number(row?.n ?? 0);
}

/** The new operator, as stored. */
export async function insertOperator(tx: DataWriter, fields: NewOperator, at: string): Promise<OperatorRecord> {
  const row = await tx.get<{ id: number }>('insert into operators (name, role, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?) returning id', [
    fields.name,
    fields.role,
    fields.passwordHash,
    at,
    at,
  ]);
  if (!row) throw new Error('insert into operators returned no id');
  return storedOperator(tx, row.id);
}

/** What a 管理员 changes on an operator (none of these is ever set to null: disabling is setOperatorDisabledAt). */
export type OperatorChanges = Partial<Pick<OperatorRecord, 'name' | 'role'> & { passwordHash: string }>;

const COLUMN: Record<keyof OperatorChanges, string> = { name: 'name', role: 'role', passwordHash: 'password_hash' };

/** Write the given fields and updated_at; the operator as stored afterwards. */
export async function updateOperator(tx: DataWriter, id: number, changes: OperatorChanges, at: string): Promise<OperatorRecord> {
  const keys = (Object.keys(COLUMN) as Array<keyof OperatorChanges>).filter((k) => changes[k] !== undefined);
  const sets = [...keys.map((k) => `${COLUMN[k]} = ?`), 'updated_at = ?'];
  await tx.run(`update operators set ${sets.join(', ')} where id = ?`, [...keys.map((k) => changes[k] ?? null), at, id]);
  return storedOperator(tx, id);
}

/** Enable (null) or disable (the instant) an operator; the operator as stored afterwards. */
export async function setOperatorDisabledAt(tx: DataWriter, id: number, disabledAt: string | null, at: string): Promise<OperatorRecord> {
  await tx.run('update operators set disabled_at = ?, updated_at = ? where id = ?', [disabledAt, at, id]);
  return storedOperator(tx, id);
}

async function storedOperator(tx: DataWriter, id: number): Promise<OperatorRecord> {
  const row = await operatorById(tx, id);
  if (!row) throw new Error(`operator ${id} vanished inside its own write`);
  return row;
}
