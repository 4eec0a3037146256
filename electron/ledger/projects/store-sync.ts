// 项目库 store, synchronously: the store's own statements (store.ts) run on the better-sqlite3 connection, for
// the one writer still inside writeWithAudit's synchronous transaction — the demo county — and the statement
// cache of the 项目库 search's change stamp (search.ts). No SQL of its own beyond the store's; remove each
// function when its last caller runs on the data port.
import type { Statement } from 'better-sqlite3';
import type { SqliteDb } from '../../../db/open';
import type { SqlValue } from '../../platform/data-port';
import {
  INSERT_HOUSEHOLD_SQL,
  INSERT_PROJECT_SQL,
  insertHouseholdParams,
  insertProjectParams,
  type HouseholdFields,
  type ProjectExtras,
  type ProjectFields,
} from './store';

const statementCache = new WeakMap<SqliteDb, Map<string, Statement<unknown[]>>>();

/**
 * A prepared statement kept per open file: the ledgers ask for pages as the clerk scrolls and types, and
 * preparing costs as much as running a small page. The cache is emptied if it ever grows past a few hundred.
 */
export function cachedStatement(sqlite: SqliteDb, sql: string): Statement<unknown[]> {
  let cache = statementCache.get(sqlite);
  if (!cache) {
    cache = new Map();
    statementCache.set(sqlite, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= 300) cache.clear();
    statement = sqlite.prepare<unknown[]>(sql);
    cache.set(sql, statement);
  }
  return statement;
}

const get = <T>(sqlite: SqliteDb, sql: string, params: readonly SqlValue[]) => cachedStatement(sqlite, sql).pluck(false).get(...params) as T | undefined;

export function insertProjectNow(sqlite: SqliteDb, f: ProjectFields, extras: ProjectExtras, now: string): number {
  const row = get<{ id: number }>(sqlite, INSERT_PROJECT_SQL, insertProjectParams(f, extras, now));
  if (!row) throw new Error('insert into projects returned no id');
  return Number(row.id);
}

export function insertHouseholdNow(sqlite: SqliteDb, f: HouseholdFields, importBatchId: number | null, now: string): number {
  const row = get<{ id: number }>(sqlite, INSERT_HOUSEHOLD_SQL, insertHouseholdParams(f, importBatchId, now));
  if (!row) throw new Error('insert into households returned no id');
  return Number(row.id);
}
