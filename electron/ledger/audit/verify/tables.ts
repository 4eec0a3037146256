// 账实核对: the tables against the trail. Replaying a record's audit rows (create → its values, every later
// row's `after` laid over them, delete → gone or marked deleted) gives the values it should have now; these
// are compared, field by field (spec.ts), with the row in its table.
//
// Both sides are read through the data port (the audit store) a page at a time in id order and merged, one
// record at a time: the trail through audit_log's (entity, entity_id) index, the table through its primary
// key. Memory stays small at any size (a scale-100 ledger has a million payments). Records a bulk writer wrote arrive as `createMany` rows (bulk-trail.ts): each carries the
// values of many records, in id order, and is replayed as their create rows.
import fs from 'node:fs';
import { blobPath } from '../../supervision/evidence';
import { filesKeptBy } from '../../files/kept';
import { keptHashes } from '../../files/store';
import type { ServiceContext } from '../../../platform/context';
import { dataPort, type DataReader } from '../../../platform/data-port';
import * as store from '../store';
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

/** Rows of a table or of the trail read a page at a time. */
const PAGE = 2000;
/** `createMany` rows carry up to 10 000 records each: fewer of them a page. */
const BULK_PAGE = 20;

/**
 * A `createMany` row: { fields: [...], rows: [[id, v1, v2, …], …] }. Its writer (bulk-trail.ts) reads the records
 * back in id order and writes the rows in that order, so the records come out in id order.
 */
async function* bulkCreated(db: DataReader, entity: string): AsyncGenerator<TrailRecord[]> {
  for (let afterId = 0; ; ) {
    const page = await store.bulkCreatedPage(db, entity, afterId, BULK_PAGE);
    for (const row of page) {
      afterId = row.id;
      const v = parse(row.after);
      if (!isObject(v) || !Array.isArray(v.fields) || !Array.isArray(v.rows)) continue;
      const fields = v.fields as string[];
      const records: TrailRecord[] = [];
      for (const r of v.rows as unknown[][]) {
        const id = r[0];
        if (typeof id !== 'number') continue;
        const state: Record<string, unknown> = {};
        for (let i = 0; i < fields.length; i += 1) state[fields[i] as string] = r[i + 1];
        records.push({ id, state, deleted: false });
      }
      yield records;
    }
    if (page.length < BULK_PAGE) return;
  }
}

/** Records in id order, taken one at a time from batches that arrive asynchronously (no promise per record). */
class RecordQueue {
  private batch: TrailRecord[] = [];
  private at = 0;
  private ended = false;
  constructor(private readonly source: AsyncGenerator<TrailRecord[]>) {}
  /** The next record, or null at the end; `fill` first. */
  peek(): TrailRecord | null {
    return this.batch[this.at] ?? null;
  }
  take(): void {
    this.at += 1;
  }
  /** True when the batch in hand is used up and fill() must read on. */
  drained(): boolean {
    return this.at >= this.batch.length && !this.ended;
  }
  /** Make sure peek() answers: read batches until one has a record left or the source ends. */
  async fill(): Promise<void> {
    while (this.at >= this.batch.length && !this.ended) {
      const next = await this.source.next();
      if (next.done) this.ended = true;
      else {
        this.batch = next.value;
        this.at = 0;
      }
    }
  }
}

/** The records the trail speaks of, in id order, each with the values its rows leave it; in batches. */
async function* trailRecords(db: DataReader, entity: string): AsyncGenerator<TrailRecord[]> {
  const bulk = new RecordQueue(bulkCreated(db, entity));
  await bulk.fill();
  let current: TrailRecord | null = null;
  let out: TrailRecord[] = [];
  // Bulk records below `id` go out as they come, a batch at a time: a large table's are never all held at once.
  async function* flushBulkBelow(id: number): AsyncGenerator<TrailRecord[]> {
    for (;;) {
      const b = bulk.peek();
      if (b === null || b.id >= id) return;
      out.push(b);
      bulk.take();
      if (bulk.drained()) {
        yield out;
        out = [];
        await bulk.fill();
      }
    }
  }
  let after = { entityId: 0, id: 0 };
  for (;;) {
    const rows = await store.entityTrailPage(db, entity, after, PAGE);
    for (const row of rows) {
      if (!current || current.id !== row.entityId) {
        if (current) out.push(current);
        yield* flushBulkBelow(row.entityId);
        const b = bulk.peek();
        if (b !== null && b.id === row.entityId) {
          current = b;
          bulk.take();
          if (bulk.drained()) await bulk.fill();
        } else current = { id: row.entityId, state: {}, deleted: false };
      }
      const value = parse(row.after);
      if (row.action === 'create') {
        current.state = isObject(value) ? { ...value } : {};
        current.deleted = false;
      } else if (row.action === 'delete') current.deleted = true;
      else if (isObject(value)) Object.assign(current.state, value);
    }
    if (out.length > 0) {
      yield out;
      out = [];
    }
    const last = rows[rows.length - 1];
    if (rows.length < PAGE || !last) break;
    after = { entityId: last.entityId, id: last.id };
  }
  if (current) out.push(current);
  yield* flushBulkBelow(Number.POSITIVE_INFINITY);
  if (out.length > 0) yield out;
}

function same(trail: unknown, table: unknown): boolean {
  if (trail === table) return true;
  if ((trail === null || trail === undefined) && table === null) return true;
  // A flag is 0/1 in SQLite, a boolean in PostgreSQL.
  if (typeof trail === 'boolean') return table === trail || table === (trail ? 1 : 0);
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
async function checkTable(db: DataReader, t: TableCheck, out: Collector, step: () => void): Promise<number> {
  const columns = t.fields.map(columnOf);
  const keys = columns.map((_, i) => store.checkedColumn(i));
  const trail = new RecordQueue(trailRecords(db, t.entity));
  await trail.fill();
  let checked = 0;
  const trailOnly = (rec: TrailRecord) => {
    checked += 1;
    if (!rec.deleted) out.add({ kind: 'missing', entity: t.entity, id: rec.id, field: null, trail: null, table: null });
  };
  for (let afterId = 0; ; ) {
    const page = await store.checkedTablePage(db, t.table, columns, t.softDelete, afterId, PAGE);
    for (const row of page) {
      const id = Number(row.id);
      afterId = id;
      for (let rec = trail.peek(); rec !== null && rec.id < id; rec = trail.peek()) {
        trailOnly(rec);
        trail.take();
        if (trail.drained()) await trail.fill();
      }
      checked += 1;
      step();
      const rec = trail.peek();
      if (rec === null || rec.id !== id) {
        out.add({ kind: 'unrecorded', entity: t.entity, id, field: null, trail: null, table: null });
        continue;
      }
      trail.take();
      if (trail.drained()) await trail.fill();
      const deletedInTable = row.deletedAt !== null;
      if (rec.deleted && !deletedInTable) out.add({ kind: 'revived', entity: t.entity, id, field: null, trail: true, table: false });
      if (!rec.deleted && deletedInTable) out.add({ kind: 'deletedOutside', entity: t.entity, id, field: null, trail: false, table: true });
      for (let i = 0; i < t.fields.length; i += 1) {
        const field = t.fields[i] as string;
        if (!(field in rec.state)) continue;
        const value = row[keys[i] as `c${number}`];
        if (!same(rec.state[field], value)) out.add({ kind: 'changed', entity: t.entity, id, field, trail: rec.state[field], table: value });
      }
    }
    if (page.length < PAGE) break;
  }
  for (let rec = trail.peek(); rec !== null; rec = trail.peek()) {
    trailOnly(rec);
    trail.take();
    if (trail.drained()) await trail.fill();
  }
  return checked;
}

type Split = Map<number, number>;

/**
 * 资金分配: each allocation's list of (project, amount) is what its last `set` row says, less what a later
 * delete of the allocation or of a project took away with it (both remove their split rows).
 */
async function checkSplits(db: DataReader, out: Collector, step: () => void): Promise<number> {
  const trail = new Map<number, { rowId: number; split: Split }>();
  for (const r of await store.entityTrail(db, SPLITS_ENTITY)) {
    const after = parse(r.after);
    const split: Split = new Map();
    if (Array.isArray(after)) for (const s of after) if (isObject(s) && typeof s.projectId === 'number') split.set(s.projectId, s.amountFen as number);
    trail.set(r.entityId, { rowId: r.id, split });
  }
  const deletes = await store.deleteRows(db, ['allocation', 'project']);
  for (const d of deletes) {
    if (d.entity === 'allocation') {
      const s = trail.get(d.entityId);
      if (s && s.rowId < d.id) s.split.clear();
    } else for (const s of trail.values()) if (s.rowId < d.id) s.split.delete(d.entityId);
  }
  const table = new Map<number, Split>();
  for (const { allocationId, projectId, amountFen } of await store.allocationSplitRows(db)) {
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
async function checkFiles(ctx: Pick<ServiceContext, 'sqlite' | 'dataDir' | 'port'>, out: Collector): Promise<number> {
  const files = await store.liveAttachmentFiles(dataPort(ctx));
  if (filesKeptBy(ctx).in === 'table') {
    // On the office server the bytes are in file_contents under their hash, written with the record.
    const kept = await keptHashes(dataPort(ctx), files.map((r) => r.sha256));
    for (const r of files) if (!kept.has(r.sha256)) out.add({ kind: 'fileMissing', entity: 'attachment', id: r.id, field: 'sha256', trail: r.sha256, table: null });
    return files.length;
  }
  let n = 0;
  for (const r of files) {
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
export async function checkTables(ctx: Pick<ServiceContext, 'sqlite' | 'dataDir' | 'port'>, progress: Progress = () => undefined): Promise<TablesCheck> {
  const db = dataPort(ctx);
  const total = await store.countTableRows(db, [...TABLE_CHECKS.map((t) => t.table), 'allocation_splits']);
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
  for (const t of TABLE_CHECKS) checked += await checkTable(db, t, out, step);
  checked += await checkSplits(db, out, step);
  const filesChecked = await checkFiles(ctx, out);
  progress(total, total);
  return { checked, problems: out.problems, problemCount: out.count, filesChecked };
}
