// 账实核对: the tables against the trail. Replaying a record's audit rows (create → its values, every later
// row's `after` laid over them, delete → gone or marked deleted) gives the values it should have now; these
// are compared, field by field (spec.ts), with the row in its table.
//
// Both sides are read in id order and merged, one record at a time: the trail through audit_log's (entity,
// entity_id) index, the table through its primary key. Memory stays small at any size (a scale-100 ledger has
// a million payments). Records a bulk writer wrote arrive as `createMany` rows (bulk-trail.ts): each carries the
// values of many records, in id order, and is replayed as their create rows.
import fs from 'node:fs';
import type { SqliteDb } from '../../../../db/open';
import { blobPath } from '../../supervision/evidence';
import type { ServiceContext } from '../../../platform/context';
import { columnOf, SPLITS_ENTITY, TABLE_CHECKS, type TableCheck } from './spec';

export type TableProblemKind =
  /** A field's value differs from what the trail says it became. */
  | 'changed'
  /** A record in the table that no audit row speaks of. */
  | 'unrecorded'
  /** A record the trail says exists, missing from its table. */
  | 'missing'
  /** The trail deleted it; the table still has it live. */
  | 'revived'
  /** The table marks it deleted; the trail never deleted it. */
  | 'deletedOutside'
  /** An evidence file (佐证材料) gone from the attachments folder, or not the size recorded. */
  | 'fileMissing'
  | 'fileChanged';

export interface TableProblem {
  kind: TableProblemKind;
  entity: string;
  id: number;
  field: string | null;
  trail: unknown;
  table: unknown;
}

export interface TablesCheck {
  /** Records compared (in the table, in the trail, or both). */
  checked: number;
  /** The first MAX_PROBLEMS problems, in table order. */
  problems: TableProblem[];
  problemCount: number;
  /** Live evidence files looked for on disk. */
  filesChecked: number;
}

export const MAX_PROBLEMS = 500;

type Progress = (done: number, total: number) => void;

interface TrailRecord {
  id: number;
  state: Record<string, unknown>;
  deleted: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * A `createMany` row: { fields: [...], rows: [[id, v1, v2, …], …] }. Its writer (bulk-trail.ts) reads the records
 * back in id order and writes the rows in that order, so the records come out in id order.
 */
function* bulkCreated(sqlite: SqliteDb, entity: string): Generator<TrailRecord> {
  const texts = sqlite
    .prepare("select after from audit_log where entity = ? and entity_id is null and action = 'createMany' order by id")
    .pluck()
    .iterate(entity) as Iterable<string | null>;
  for (const text of texts) {
    const v = parse(text);
    if (!isObject(v) || !Array.isArray(v.fields) || !Array.isArray(v.rows)) continue;
    const fields = v.fields as string[];
    for (const r of v.rows as unknown[][]) {
      const id = r[0];
      if (typeof id !== 'number') continue;
      const state: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i += 1) state[fields[i] as string] = r[i + 1];
      yield { id, state, deleted: false };
    }
  }
}

/** The records the trail speaks of, in id order, each with the values its rows leave it. */
function* trailRecords(sqlite: SqliteDb, entity: string): Generator<TrailRecord> {
  const bulk = bulkCreated(sqlite, entity);
  let nextBulk = bulk.next();
  const rows = sqlite
    .prepare('select entity_id as entityId, action, after from audit_log where entity = ? and entity_id is not null order by entity_id, id')
    .iterate(entity) as Iterable<{ entityId: number; action: string; after: string | null }>;
  let current: TrailRecord | null = null;
  const flushBulkBelow = function* (id: number): Generator<TrailRecord> {
    while (!nextBulk.done && nextBulk.value.id < id) {
      yield nextBulk.value;
      nextBulk = bulk.next();
    }
  };
  for (const row of rows) {
    if (!current || current.id !== row.entityId) {
      if (current) yield current;
      yield* flushBulkBelow(row.entityId);
      if (!nextBulk.done && nextBulk.value.id === row.entityId) {
        current = nextBulk.value;
        nextBulk = bulk.next();
      } else current = { id: row.entityId, state: {}, deleted: false };
    }
    const after = parse(row.after);
    if (row.action === 'create') {
      current.state = isObject(after) ? { ...after } : {};
      current.deleted = false;
    } else if (row.action === 'delete') current.deleted = true;
    else if (isObject(after)) Object.assign(current.state, after);
  }
  if (current) yield current;
  yield* flushBulkBelow(Number.POSITIVE_INFINITY);
}

function same(trail: unknown, table: unknown): boolean {
  if (trail === table) return true;
  if ((trail === null || trail === undefined) && table === null) return true;
  if (typeof trail === 'boolean') return table === (trail ? 1 : 0);
  return false;
}

class Collector {
  problems: TableProblem[] = [];
  count = 0;
  add(p: TableProblem): void {
    this.count += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
  }
}

/** One table: merge its rows with the trail's records by id. Returns the records compared. */
function checkTable(sqlite: SqliteDb, t: TableCheck, out: Collector, step: () => void): number {
  const columns = t.fields.map(columnOf);
  const table = sqlite
    .prepare(`select id, ${t.softDelete ? 'deleted_at' : 'null'}, ${columns.join(', ')} from ${t.table} order by id`)
    .raw()
    .iterate() as Iterable<unknown[]>;
  const trail = trailRecords(sqlite, t.entity);
  let next = trail.next();
  let checked = 0;
  const trailOnly = (rec: TrailRecord) => {
    checked += 1;
    if (!rec.deleted) out.add({ kind: 'missing', entity: t.entity, id: rec.id, field: null, trail: null, table: null });
  };
  for (const row of table) {
    const id = row[0] as number;
    while (!next.done && next.value.id < id) {
      trailOnly(next.value);
      next = trail.next();
    }
    checked += 1;
    step();
    if (next.done || next.value.id !== id) {
      out.add({ kind: 'unrecorded', entity: t.entity, id, field: null, trail: null, table: null });
      continue;
    }
    const rec = next.value;
    next = trail.next();
    const deletedInTable = row[1] !== null;
    if (rec.deleted && !deletedInTable) out.add({ kind: 'revived', entity: t.entity, id, field: null, trail: true, table: false });
    if (!rec.deleted && deletedInTable) out.add({ kind: 'deletedOutside', entity: t.entity, id, field: null, trail: false, table: true });
    for (let i = 0; i < t.fields.length; i += 1) {
      const field = t.fields[i] as string;
      if (!(field in rec.state)) continue;
      const value = row[i + 2];
      if (!same(rec.state[field], value)) out.add({ kind: 'changed', entity: t.entity, id, field, trail: rec.state[field], table: value });
    }
  }
  while (!next.done) {
    trailOnly(next.value);
    next = trail.next();
  }
  return checked;
}

type Split = Map<number, number>;

/**
 * 资金分配: each allocation's list of (project, amount) is what its last `set` row says, less what a later
 * delete of the allocation or of a project took away with it (both remove their split rows).
 */
function checkSplits(sqlite: SqliteDb, out: Collector, step: () => void): number {
  const trail = new Map<number, { rowId: number; split: Split }>();
  for (const r of sqlite
    .prepare(`select id, entity_id as entityId, after from audit_log where entity = '${SPLITS_ENTITY}' and entity_id is not null order by entity_id, id`)
    .iterate() as Iterable<{ id: number; entityId: number; after: string | null }>) {
    const after = parse(r.after);
    const split: Split = new Map();
    if (Array.isArray(after)) for (const s of after) if (isObject(s) && typeof s.projectId === 'number') split.set(s.projectId, s.amountFen as number);
    trail.set(r.entityId, { rowId: r.id, split });
  }
  const deletes = sqlite
    .prepare("select id, entity, entity_id as entityId from audit_log where entity in ('allocation', 'project') and action = 'delete' and entity_id is not null")
    .all() as Array<{ id: number; entity: string; entityId: number }>;
  for (const d of deletes) {
    if (d.entity === 'allocation') {
      const s = trail.get(d.entityId);
      if (s && s.rowId < d.id) s.split.clear();
    } else for (const s of trail.values()) if (s.rowId < d.id) s.split.delete(d.entityId);
  }
  const table = new Map<number, Split>();
  for (const [allocationId, projectId, amountFen] of sqlite
    .prepare('select allocation_id, project_id, amount_fen from allocation_splits order by allocation_id, project_id')
    .raw()
    .iterate() as Iterable<[number, number, number]>) {
    step();
    let s = table.get(allocationId);
    if (!s) table.set(allocationId, (s = new Map()));
    s.set(projectId, amountFen);
  }
  const ids = [...new Set([...trail.keys(), ...table.keys()])].sort((a, b) => a - b);
  for (const id of ids) {
    const inTrail = trail.get(id);
    const inTable = table.get(id) ?? new Map<number, number>();
    if (!inTrail) {
      out.add({ kind: 'unrecorded', entity: SPLITS_ENTITY, id, field: null, trail: null, table: [...inTable].map(([projectId, amountFen]) => ({ projectId, amountFen })) });
      continue;
    }
    const projects = [...new Set([...inTrail.split.keys(), ...inTable.keys()])].sort((a, b) => a - b);
    for (const projectId of projects) {
      const a = inTrail.split.get(projectId) ?? null;
      const b = inTable.get(projectId) ?? null;
      if (a !== b) out.add({ kind: 'changed', entity: SPLITS_ENTITY, id, field: `project:${projectId}`, trail: a, table: b });
    }
  }
  return ids.length;
}

/** Each live evidence file is where its hash says, with the size recorded (contents are not re-hashed). */
function checkFiles(ctx: Pick<ServiceContext, 'sqlite' | 'dataDir'>, out: Collector): number {
  let n = 0;
  for (const r of ctx.sqlite
    .prepare('select id, sha256, mime_type as mime, size_bytes as size from attachments where deleted_at is null order by id')
    .iterate() as Iterable<{ id: number; sha256: string; mime: string; size: number }>) {
    n += 1;
    let size: number | null = null;
    try {
      size = fs.statSync(blobPath(ctx, r.sha256, r.mime)).size;
    } catch {
      size = null;
    }
    if (size === null) out.add({ kind: 'fileMissing', entity: 'attachment', id: r.id, field: 'sha256', trail: r.sha256, table: null });
    else if (size !== r.size) out.add({ kind: 'fileChanged', entity: 'attachment', id: r.id, field: 'sizeBytes', trail: r.size, table: size });
  }
  return n;
}

/** Compare every table of spec.ts (and the splits, and the evidence files) with the trail. */
export function checkTables(ctx: Pick<ServiceContext, 'sqlite' | 'dataDir'>, progress: Progress = () => undefined): TablesCheck {
  const sqlite = ctx.sqlite;
  const counts = TABLE_CHECKS.map((t) => sqlite.prepare(`select count(*) from ${t.table}`).pluck().get() as number);
  const total = counts.reduce((a, b) => a + b, 0) + (sqlite.prepare('select count(*) from allocation_splits').pluck().get() as number);
  let done = 0;
  let reported = -1;
  const step = () => {
    done += 1;
    const pct = Math.floor((done / Math.max(1, total)) * 100);
    if (pct !== reported) {
      reported = pct;
      progress(done, total);
    }
  };
  progress(0, total);
  const out = new Collector();
  let checked = 0;
  for (const t of TABLE_CHECKS) checked += checkTable(sqlite, t, out, step);
  checked += checkSplits(sqlite, out, step);
  const filesChecked = checkFiles(ctx, out);
  progress(total, total);
  return { checked, problems: out.problems, problemCount: out.count, filesChecked };
}
