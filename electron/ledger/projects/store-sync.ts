// 项目库 store, synchronously: the store's own statements (store.ts) run on the better-sqlite3 connection, for
// the writers that still work inside writeWithAudit's synchronous transaction — the import pipeline (its
// projects and households kinds) — and for the supervision services' project lookups.
// No SQL of its own beyond the store's; remove each function when its last caller runs on the data port.
import type { Statement } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { SqliteDb } from '../../../db/open';
import type { SqlValue } from '../../platform/data-port';
import {
  CODES_BETWEEN_SQL,
  DIVISION_REF_SQL,
  HOUSEHOLD_BY_ID_NUMBER_SQL,
  INSERT_HOUSEHOLD_SQL,
  INSERT_PROJECT_SQL,
  insertHouseholdParams,
  insertProjectParams,
  parseLinkage,
  PROJECT_COLUMN,
  PROJECT_FIELDS,
  updateHouseholdStatement,
  updateProjectStatement,
  type DivisionRef,
  type HouseholdFields,
  type ProjectExtras,
  type ProjectFields,
  type StoredHousehold,
  type StoredProject,
} from './store';
import { placeRefusal } from './places';

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
const all = <T>(sqlite: SqliteDb, sql: string, params: readonly SqlValue[]) => cachedStatement(sqlite, sql).pluck(false).all(...params) as T[];

const FIELDS_SQL = PROJECT_FIELDS.map((k) => `${PROJECT_COLUMN[k]} as "${k}"`).join(', ');

/** A live project's fields, or NOT_FOUND in words a clerk understands. */
export function liveProjectNow(sqlite: SqliteDb, id: number, field?: string): StoredProject {
  const row = get<StoredProject & { farmerLinkage: string | null }>(
    sqlite,
    `select id, ${FIELDS_SQL}, created_at as "createdAt", updated_at as "updatedAt" from projects where id = ? and deleted_at is null`,
    [id],
  );
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的项目，可能已被删除，请刷新后重试`, field);
  return { ...row, farmerLinkage: parseLinkage(row.farmerLinkage) };
}

/** A township/village pair checked as resolvePlace (places.ts) checks it. */
export function resolvePlaceNow(sqlite: SqliteDb, townshipId: number | null, villageId: number | null): { townshipId: number | null; villageId: number | null } {
  const division = (id: number | null) =>
    id === null ? null : get<DivisionRef>(sqlite, DIVISION_REF_SQL, [id]);
  return placeRefusal(townshipId, division(townshipId), villageId, division(villageId));
}

/** The live projects the import matches rows against: those of the given years and every one with a code. */
export interface ExistingProject {
  id: number;
  year: number;
  code: string | null;
  name: string;
  townshipId: number | null;
  villageId: number | null;
}

const EXISTING_SQL = 'select id, year, code, name, township_id as "townshipId", village_id as "villageId" from projects where deleted_at is null';

export function existingProjectsNow(sqlite: SqliteDb, years: readonly number[]): { ofYears: ExistingProject[]; withCode: ExistingProject[] } {
  const ofYears = years.length === 0 ? [] : all<ExistingProject>(sqlite, `${EXISTING_SQL} and year in (${years.map(() => '?').join(', ')}) order by id`, years);
  return { ofYears, withCode: all<ExistingProject>(sqlite, `${EXISTING_SQL} and code is not null`, []) };
}

/** A project's fields, deleted or not. */
export function projectFieldsNow(sqlite: SqliteDb, id: number): ProjectFields | undefined {
  const row = get<ProjectFields & { farmerLinkage: string | null }>(sqlite, `select ${FIELDS_SQL} from projects where id = ?`, [id]);
  return row && { ...row, farmerLinkage: parseLinkage(row.farmerLinkage) };
}

export function codesBetweenNow(sqlite: SqliteDb, lo: string, hi: string): string[] {
  return all<{ code: string }>(sqlite, CODES_BETWEEN_SQL, [lo, hi]).map((r) => r.code);
}

export function insertProjectNow(sqlite: SqliteDb, f: ProjectFields, extras: ProjectExtras, now: string): number {
  const row = get<{ id: number }>(sqlite, INSERT_PROJECT_SQL, insertProjectParams(f, extras, now));
  if (!row) throw new Error('insert into projects returned no id');
  return Number(row.id);
}

export function updateProjectNow(sqlite: SqliteDb, id: number, changes: Partial<ProjectFields>, now: string): void {
  const s = updateProjectStatement(id, changes, undefined, now);
  cachedStatement(sqlite, s.sql).run(...s.params);
}

export function householdByIdNumberNow(sqlite: SqliteDb, idNumber: string): StoredHousehold | undefined {
  return get<StoredHousehold>(sqlite, HOUSEHOLD_BY_ID_NUMBER_SQL, [idNumber]);
}

export function insertHouseholdNow(sqlite: SqliteDb, f: HouseholdFields, importBatchId: number | null, now: string): number {
  const row = get<{ id: number }>(sqlite, INSERT_HOUSEHOLD_SQL, insertHouseholdParams(f, importBatchId, now));
  if (!row) throw new Error('insert into households returned no id');
  return Number(row.id);
}

export function updateHouseholdNow(sqlite: SqliteDb, id: number, changes: Partial<HouseholdFields>, now: string): void {
  const s = updateHouseholdStatement(id, changes, now);
  cachedStatement(sqlite, s.sql).run(...s.params);
}
