// 审计日志 store: the reads of audit_log (the trail's listing, filters and counts, the rows 校验 looks at, the
// newest 校验 for 首页), and the names the trail shows for the records its rows speak of. Rows are appended
// only by the audit writer (electron/platform/audit.ts, audited-write.ts), on the same hash chain; the chain
// walk itself is platform/audited-write.ts verifyChainOnPort. Portable SQL (rules at the top of data-port.ts).
import type { NamedRecord } from '../../../shared/audit-describe';
import type { SqliteDb } from '../../../db/open';
import type { AuditRowContent } from '../../platform/audit';
import { placeholders, type DataReader, type SqlValue } from '../../platform/data-port';

/** A stored audit row: what the writer hashes, and its id. */
export type StoredAuditRow = AuditRowContent & { id: number };

const COLUMNS = `id, at, operator, action, entity, entity_id as "entityId", before, after, reason, import_batch_id as "importBatchId"`;

/** Records (entity, ids) a trail filter keeps; ids are the ledger's own integers. */
export type NamedRecordIds = ReadonlyMap<string, readonly number[]>;

export interface AuditFilter {
  entity?: string;
  entityId?: number;
  operator?: string;
  action?: string;
  /** Instants: at ≥ from, at < before. */
  from?: string;
  before?: string;
  /** Rows about these records, or whose values hold this LIKE pattern (records since removed from their table). */
  record?: { named: NamedRecordIds; valuesLike: string };
}

function filterClause(filter: AuditFilter): { clause: string; params: SqlValue[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (condition: string, ...values: SqlValue[]) => {
    where.push(condition);
    params.push(...values);
  };
  if (filter.entity !== undefined) add('entity = ?', filter.entity);
  if (filter.record) {
    const named: string[] = [];
    for (const [entity, ids] of filter.record.named) {
      if (ids.length === 0) continue;
      // The ids are written into the SQL: a name may match thousands of records, beyond a statement's
      // parameter limit. They are integers read from the ledger (checked here), never typed text.
      if (!ids.every((id) => Number.isSafeInteger(id))) throw new Error('record ids must be integers');
      named.push(`(entity = ? and entity_id in (${ids.join(', ')}))`);
      params.push(entity);
    }
    const inValues = `(entity, entity_id) in (select entity, entity_id from audit_log where entity_id is not null and (before like ? or after like ?))`;
    where.push(`(${[...named, inValues].join(' or ')})`);
    params.push(filter.record.valuesLike, filter.record.valuesLike);
  }
  if (filter.entityId !== undefined) add('entity_id = ?', filter.entityId);
  if (filter.operator !== undefined) add('operator = ?', filter.operator);
  if (filter.action !== undefined) add('action = ?', filter.action);
  if (filter.from !== undefined) add('at >= ?', filter.from);
  if (filter.before !== undefined) add('at < ?', filter.before);
  return { clause: where.length ? ` where ${where.join(' and ')}` : '', params };
}

export async function countAuditRows(db: DataReader, filter: AuditFilter = {}): Promise<number> {
  const { clause, params } = filterClause(filter);
  return Number((await db.get<{ n: number | string }>(`select count(*) as n from audit_log${clause}`, params))?.n ?? 0);
}

/** A page of the trail, newest first. */
export async function auditRowPage(db: DataReader, filter: AuditFilter, offset: number, limit: number): Promise<StoredAuditRow[]> {
  const { clause, params } = filterClause(filter);
  return db.all<StoredAuditRow>(`select ${COLUMNS} from audit_log${clause} order by id desc limit ? offset ?`, [...params, limit, offset]);
}

/** The values the trail's filters offer, in order. */
export async function distinctAuditValues(db: DataReader, column: 'entity' | 'action' | 'operator'): Promise<string[]> {
  return (await db.all<{ value: string }>(`select distinct ${column} as value from audit_log order by ${column}`)).map((r) => r.value);
}

/** One row with its link and hash (校验 names the row where the chain breaks). */
export async function auditRowWithHash(db: DataReader, id: number): Promise<(StoredAuditRow & { prevHash: string; hash: string }) | undefined> {
  return db.get<StoredAuditRow & { prevHash: string; hash: string }>(`select ${COLUMNS}, prev_hash as "prevHash", hash from audit_log where id = ?`, [id]);
}

/** The hash of the row just before this id, or undefined at the start of the trail. */
export async function hashBefore(db: DataReader, id: number): Promise<string | undefined> {
  return (await db.get<{ hash: string }>('select hash from audit_log where id < ? order by id desc limit 1', [id]))?.hash;
}

export async function auditHashOf(db: DataReader, id: number): Promise<string | undefined> {
  return (await db.get<{ hash: string }>(HASH_OF_SQL, [id]))?.hash;
}

/** The last row's id (0 for an empty trail), or the last below `below`. */
export async function lastAuditId(db: DataReader, below?: number): Promise<number> {
  const row =
    below === undefined
      ? await db.get<{ id: number | null }>('select max(id) as id from audit_log')
      : await db.get<{ id: number | null }>('select max(id) as id from audit_log where id < ?', [below]);
  return Number(row?.id ?? 0);
}

/** The last row's id and hash, or undefined for an empty trail. */
export async function auditChainHead(db: DataReader): Promise<{ id: number; hash: string } | undefined> {
  return db.get<{ id: number; hash: string }>('select id, hash from audit_log order by id desc limit 1');
}

/** Whether some row carries this hash. */
export async function auditHashExists(db: DataReader, hash: string): Promise<boolean> {
  return (await db.get<{ one: number }>('select 1 as one from audit_log where hash = ? limit 1', [hash])) !== undefined;
}

/** The values (before, after) of the rows about these records, newest first: a removed record's name is in them. */
export async function recordValueTrail(db: DataReader, entity: string, ids: readonly number[]): Promise<Array<{ entityId: number; before: string | null; after: string | null }>> {
  if (ids.length === 0) return [];
  return db.all<{ entityId: number; before: string | null; after: string | null }>(
    `select entity_id as "entityId", before, after from audit_log where entity = ? and entity_id in (${placeholders(ids.length)}) order by id desc`,
    [entity, ...ids],
  );
}

/** The newest 校验 row of the trail (首页). */
export async function latestVerifyRow(db: DataReader): Promise<{ id: number; at: string; operator: string; after: string | null } | undefined> {
  return db.get<{ id: number; at: string; operator: string; after: string | null }>(
    "select id, at, operator, after from audit_log where entity = 'ledger' and entity_id is null and action = 'verify' order by id desc limit 1",
  );
}

const RESTORE_ROWS_SQL = "select id, after from audit_log where entity = 'ledger' and action = 'restore' order by id";
const HASH_OF_SQL = 'select hash from audit_log where id = ?';

/** The rows of the restores (their `after` names the chain head each restore replaced). */
export async function restoreRows(db: DataReader): Promise<Array<{ id: number; after: string | null }>> {
  return db.all<{ id: number; after: string | null }>(RESTORE_ROWS_SQL);
}

// ---- The local file's anchor (SQLite only, synchronous) -------------------------------------------------
// The anchor file beside a local ledger file (anchor.ts) is brought up to date right after each commit, by
// writeAudited: these two reads serve it on the file's own better-sqlite3 connection. A ledger on the office
// server has no file beside it and never calls them.

export function auditHashOfNow(sqlite: SqliteDb, id: number): string | undefined {
  return (sqlite.prepare(HASH_OF_SQL).get(id) as { hash: string } | undefined)?.hash;
}

export function restoreRowsNow(sqlite: SqliteDb): Array<{ id: number; after: string | null }> {
  return sqlite.prepare(RESTORE_ROWS_SQL).all() as Array<{ id: number; after: string | null }>;
}

// ---- The names of the records rows speak of ------------------------------------------------------------

/**
 * How each kind of record is named, from its table (soft-deleted rows included: they keep their name); one
 * statement a kind for many ids. The tables are the schema's (db/schema.ts), present on both engines.
 */
const NAME_SQL: Record<NamedRecord, { from: string; name: string; id: string }> = {
  project: { from: 'projects', name: 'name', id: 'id' },
  allocation: { from: 'allocations', name: 'doc_number', id: 'id' },
  division: { from: 'divisions', name: 'name', id: 'id' },
  unit: { from: 'units', name: 'name', id: 'id' },
  projectType: { from: 'project_types', name: 'name', id: 'id' },
  inspection: { from: 'inspections', name: 'name', id: 'id' },
  finding: { from: 'findings', name: 'description', id: 'id' },
  asset: { from: 'assets', name: 'name', id: 'id' },
  bulletinSeries: { from: 'bulletin_series', name: 'name', id: 'id' },
  operator: { from: 'operators', name: 'name', id: 'id' },
  importBatch: { from: 'import_batches', name: 'file_name', id: 'id' },
  bulletin: { from: 'bulletins', name: 'title', id: 'id' },
  attachment: { from: 'attachments', name: 'original_name', id: 'id' },
  household: { from: 'households', name: 'head_name', id: 'id' },
  payment: { from: 'payments pay join projects p on p.id = pay.project_id', name: `p.name || '（' || coalesce('凭证号 ' || pay.voucher, pay.date) || '）'`, id: 'pay.id' },
  assetIncome: { from: 'asset_incomes i join assets a on a.id = i.asset_id', name: `a.name || ' ' || cast(i.year as text) || '年'`, id: 'i.id' },
  findingUpdate: { from: 'finding_updates u join findings f on f.id = u.finding_id', name: 'f.description', id: 'u.id' },
};

/** The names of these records of one kind, by id; ids the ledger no longer holds are left out. */
export async function recordNames(db: DataReader, record: NamedRecord, ids: readonly number[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  if (ids.length === 0) return names;
  const q = NAME_SQL[record];
  const rows = await db.all<{ id: number; name: string | null }>(`select ${q.id} as id, ${q.name} as name from ${q.from} where ${q.id} in (${placeholders(ids.length)})`, ids);
  for (const r of rows) if (r.name !== null) names.set(Number(r.id), r.name);
  return names;
}

/** Entities whose records a clerk finds by name in the trail's 名称 box. */
export type NameSearchEntity = 'project' | 'allocation' | 'division' | 'unit' | 'inspection' | 'finding' | 'asset' | 'operator';

const NAMED_TABLE_SQL: Record<NameSearchEntity, string> = {
  project: 'select id, name, search_initials as initials from projects',
  allocation: 'select id, doc_number as name, null as initials from allocations',
  division: 'select id, name, null as initials from divisions',
  unit: 'select id, name, null as initials from units',
  inspection: 'select id, name, null as initials from inspections',
  finding: 'select id, description as name, null as initials from findings',
  asset: 'select id, name, null as initials from assets',
  operator: 'select id, name, null as initials from operators',
};

/** Every record of one kind with its name (deleted ones too) and, for projects, their stored pinyin initials. */
export async function namedRecords(db: DataReader, entity: NameSearchEntity): Promise<Array<{ id: number; name: string; initials: string | null }>> {
  return db.all<{ id: number; name: string; initials: string | null }>(NAMED_TABLE_SQL[entity]);
}

// ---- 校验's replay (verify/tables.ts): the checked tables of verify/spec.ts against their trail --------------

/** Rows in these tables together (the tables of verify/spec.ts, the splits and the trail). */
export async function countTableRows(db: DataReader, tables: readonly string[]): Promise<number> {
  let n = 0;
  for (const table of tables) n += Number((await db.get<{ n: number | string }>(`select count(*) as n from ${table}`))?.n ?? 0);
  return n;
}

/** A checked table's row: its id, deleted_at (null where the table loses deleted rows) and columns c0, c1, … in order. */
export interface CheckedRow {
  id: number;
  deletedAt: string | null;
  [column: `c${number}`]: unknown;
}

/** The alias of a checked table's i-th column in a CheckedRow. */
export function checkedColumn(i: number): `c${number}` {
  return `c${i}`;
}

/** A page of a checked table in id order after `afterId` (校验 reads a million payments a page at a time). */
export async function checkedTablePage(db: DataReader, table: string, columns: readonly string[], softDelete: boolean, afterId: number, limit: number): Promise<CheckedRow[]> {
  const selected = columns.map((c, i) => `${c} as ${checkedColumn(i)}`).join(', ');
  return db.all<CheckedRow>(`select id, ${softDelete ? 'deleted_at' : 'null'} as "deletedAt", ${selected} from ${table} where id > ? order by id limit ?`, [afterId, limit]);
}

/** A page of the rows about single records of one entity, by record then row, after (entityId, id). */
export async function entityTrailPage(
  db: DataReader,
  entity: string,
  after: { entityId: number; id: number },
  limit: number,
): Promise<Array<{ id: number; entityId: number; action: string; after: string | null }>> {
  return db.all<{ id: number; entityId: number; action: string; after: string | null }>(
    `select id, entity_id as "entityId", action, after from audit_log
      where entity = ? and entity_id is not null and (entity_id > ? or (entity_id = ? and id > ?))
      order by entity_id, id limit ?`,
    [entity, after.entityId, after.entityId, after.id, limit],
  );
}

/** A page of an entity's `createMany` rows (bulk-trail.ts), in id order after `afterId`. */
export async function bulkCreatedPage(db: DataReader, entity: string, afterId: number, limit: number): Promise<Array<{ id: number; after: string | null }>> {
  return db.all<{ id: number; after: string | null }>(
    "select id, after from audit_log where entity = ? and entity_id is null and action = 'createMany' and id > ? order by id limit ?",
    [entity, afterId, limit],
  );
}

/** Every row of one entity about a single record, by record then row (the splits' `set` rows). */
export async function entityTrail(db: DataReader, entity: string): Promise<Array<{ id: number; entityId: number; after: string | null }>> {
  return db.all<{ id: number; entityId: number; after: string | null }>(
    'select id, entity_id as "entityId", after from audit_log where entity = ? and entity_id is not null order by entity_id, id',
    [entity],
  );
}

/** The delete rows of single records of these entities. */
export async function deleteRows(db: DataReader, entities: readonly string[]): Promise<Array<{ id: number; entity: string; entityId: number }>> {
  if (entities.length === 0) return [];
  return db.all<{ id: number; entity: string; entityId: number }>(
    `select id, entity, entity_id as "entityId" from audit_log where entity in (${placeholders(entities.length)}) and action = 'delete' and entity_id is not null`,
    entities,
  );
}

/** Every split (allocation, project, amount), by allocation then project. */
export async function allocationSplitRows(db: DataReader): Promise<Array<{ allocationId: number; projectId: number; amountFen: number }>> {
  return db.all<{ allocationId: number; projectId: number; amountFen: number }>(
    'select allocation_id as "allocationId", project_id as "projectId", amount_fen as "amountFen" from allocation_splits order by allocation_id, project_id',
  );
}

/** The live evidence files: where each is kept (its hash and type) and the size recorded. */
export async function liveAttachmentFiles(db: DataReader): Promise<Array<{ id: number; sha256: string; mime: string; size: number }>> {
  return db.all<{ id: number; sha256: string; mime: string; size: number }>(
    'select id, sha256, mime_type as mime, size_bytes as size from attachments where deleted_at is null order by id',
  );
}

// ---- 撤销导入 ---------------------------------------------------------------------------------------

/** One audit row as 撤销导入 replays it: what was done to which record, with the values before and after. */
export interface BatchAuditRow {
  id: number;
  action: string;
  entity: string;
  entityId: number | null;
  before: string | null;
  after: string | null;
}

/** The audit rows an import batch wrote, newest first (the order 撤销导入 undoes them in). */
export async function importBatchTrail(db: DataReader, batchId: number): Promise<BatchAuditRow[]> {
  const rows = await db.all<BatchAuditRow>(
    'select id, action, entity, entity_id as "entityId", before, after from audit_log where import_batch_id = ? order by id desc',
    [batchId],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), entityId: r.entityId === null ? null : Number(r.entityId) }));
}

/** Whether anything but the batch wrote to the record after the audit row `afterId`. */
export async function changedOutsideBatchSince(db: DataReader, entity: string, entityId: number, afterId: number, batchId: number): Promise<boolean> {
  const row = await db.get<{ id: number }>(
    'select id from audit_log where entity = ? and entity_id = ? and id > ? and (import_batch_id is null or import_batch_id <> ?) limit 1',
    [entity, entityId, afterId, batchId],
  );
  return row !== undefined;
}
