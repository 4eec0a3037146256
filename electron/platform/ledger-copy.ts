// Copying a whole ledger from one database to another through the data port, on either engine: a local file
// onto the office server (迁移到办公室服务器), the server into a new local file (a copy to take home, an archive,
// the office backup) and such a file back into a new server database (恢复). Plain Node; the office's services
// (electron/office/ledger-transfer.ts) open the two ends and add the stored files.
//
// The tables and their columns come from the drizzle schemas (db/schema.ts, checked against db/schema-pg.ts), so
// a new table is copied without a change here. Parents are copied before the tables that reference them, rows in
// key order (a row referencing one of its own table, as a village its township, comes after it), ids kept. The
// copy is one transaction of the target: before it commits, every table's row count and the sum of every money
// column (…_fen) are compared with the source, and the audit trail's hash chain is checked on the copy; a
// difference throws and nothing of the copy remains.
import { is } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from '../../db/schema';
import * as pgSchema from '../../db/schema-pg';
import { AppError } from '../../shared/errors';
import type { AuditChainCheck } from './audit';
import { verifyChainOnPort } from './audited-write';
import type { DataPort, DataReader, DataWriter, SqlParams, SqlValue } from './data-port';

export interface LedgerTable {
  name: string;
  columns: string[];
  /** The primary key's columns: rows are read and written in this order. */
  key: string[];
  /** Money in fen (columns named …_fen): summed on both sides after the copy. */
  moneyColumns: string[];
  /** Tables this one references (other than itself). */
  parents: string[];
}

/**
 * Tables whose rows the migrations themselves write (the 项目类型 dictionary of migration 0001, on both engines).
 * A database holding only those rows is empty: the copy replaces them with the source's.
 */
export const MIGRATION_SEEDED_TABLES: readonly string[] = ['project_types'];

function tablesOf<T>(schema: Record<string, unknown>, isTable: (value: unknown) => value is T, config: (table: T) => { name: string; columns: Array<{ name: string; primary: boolean }> }) {
  const out = new Map<string, { table: T; columns: string[] }>();
  for (const value of Object.values(schema)) {
    if (!isTable(value)) continue;
    const c = config(value);
    out.set(c.name, { table: value, columns: c.columns.map((col) => col.name) });
  }
  return out;
}

/** Parents first (a topological order of the foreign keys), otherwise as the schema declares them. */
function parentsFirst(tables: LedgerTable[]): LedgerTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: LedgerTable[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: LedgerTable) => {
    if (state.get(t.name) === 'done') return;
    if (state.get(t.name) === 'visiting') throw new Error(`Foreign keys form a cycle through ${t.name}: the ledger copy cannot order it.`);
    state.set(t.name, 'visiting');
    for (const parent of t.parents) {
      const p = byName.get(parent);
      if (p) visit(p);
    }
    state.set(t.name, 'done');
    ordered.push(t);
  };
  for (const t of tables) visit(t);
  return ordered;
}

let cachedTables: LedgerTable[] | null = null;

/** Tables of who is connected now, not of the ledger: never copied, backed up or compared (a copy has nobody connected). */
const NOT_LEDGER_DATA: ReadonlySet<string> = new Set(['operator_sessions']);

/** Every table of the ledger's schema, parents first. Throws when the two schemas do not have the same tables and columns. */
export function ledgerTables(): LedgerTable[] {
  if (cachedTables) return cachedTables;
  const lite = tablesOf(sqliteSchema as Record<string, unknown>, (v): v is SQLiteTable => is(v, SQLiteTable), sqliteTableConfig);
  const pg = tablesOf(pgSchema as Record<string, unknown>, (v): v is PgTable => is(v, PgTable), pgTableConfig);
  const tables: LedgerTable[] = [];
  for (const [name, { table, columns }] of lite) {
    const twin = pg.get(name);
    if (NOT_LEDGER_DATA.has(name) && twin) continue;
    if (!twin || twin.columns.join(',') !== columns.join(',')) {
      throw new Error(`db/schema.ts and db/schema-pg.ts differ in table ${name}: the ledger copy needs the same columns in both.`);
    }
    const config = sqliteTableConfig(table);
    const single = config.columns.filter((c) => c.primary).map((c) => c.name);
    const composite = config.primaryKeys[0]?.columns.map((c) => c.name) ?? [];
    const key = single.length > 0 ? single : composite;
    if (key.length === 0) throw new Error(`Table ${name} has no primary key: the ledger copy cannot order its rows.`);
    const parents = [...new Set(config.foreignKeys.map((fk) => sqliteTableConfig(fk.reference().foreignTable).name))].filter((p) => p !== name);
    tables.push({ name, columns, key, moneyColumns: columns.filter((c) => c.endsWith('_fen')), parents });
  }
  const missing = [...pg.keys()].filter((name) => !lite.has(name));
  if (missing.length > 0) throw new Error(`db/schema-pg.ts has tables db/schema.ts lacks: ${missing.join(', ')}.`);
  cachedTables = parentsFirst(tables);
  return cachedTables;
}

const quoted = (name: string) => `"${name}"`;

/** One table's row count and money sums, as the check compares them. */
export interface TableTotals {
  table: string;
  rows: number;
  /** Sum of each money column (fen); 0 for a table without rows. */
  sums: Record<string, number>;
}

function asNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'bigint') return Number(value);
  return Number(value);
}

export async function tableTotals(db: DataReader, table: LedgerTable): Promise<TableTotals> {
  const sums = table.moneyColumns.map((c, i) => `sum(${quoted(c)}) as "s${i}"`);
  const row = await db.get<Record<string, unknown>>(`select count(*) as "n"${sums.length ? `, ${sums.join(', ')}` : ''} from ${quoted(table.name)}`);
  return {
    table: table.name,
    rows: asNumber(row?.n),
    sums: Object.fromEntries(table.moneyColumns.map((c, i) => [c, asNumber(row?.[`s${i}`])])),
  };
}

/** What the target holds beyond the migrations' own rows: the tables with rows (empty: nothing). */
export async function nonEmptyTables(db: DataReader, tables: LedgerTable[] = ledgerTables()): Promise<Array<{ table: string; rows: number }>> {
  const found: Array<{ table: string; rows: number }> = [];
  for (const t of tables) {
    if (MIGRATION_SEEDED_TABLES.includes(t.name)) continue;
    const rows = asNumber((await db.get<{ n: unknown }>(`select count(*) as "n" from ${quoted(t.name)}`))?.n);
    if (rows > 0) found.push({ table: t.name, rows });
  }
  return found;
}

export interface CopyProgress {
  table: string;
  /** Rows of this table copied so far, and its total. */
  done: number;
  total: number;
  /** Position of this table among all (1-based), and how many there are. */
  tableIndex: number;
  tableCount: number;
}

export interface LedgerCopyOptions {
  /** Tables left out (e.g. file_contents when the files are written as files). */
  skipTables?: readonly string[];
  /** Rows read and written at a time (file_contents: fewer; its rows carry whole files). */
  pageSize?: number;
  onProgress?: (progress: CopyProgress) => void;
  /** Runs inside the target's transaction after the tables are copied and checked (the stored files). */
  afterTables?: (tx: DataWriter) => Promise<void>;
}

export interface LedgerCopyReport {
  tables: TableTotals[];
  /** The audit chain as checked on the copy (the same as on the source). */
  chain: AuditChainCheck;
}

/** A copy refused or failed: the Chinese sentence says what and, when it is one table, which. */
export class LedgerCopyError extends AppError {
  constructor(
    message: string,
    readonly table: string | null = null,
  ) {
    super('CONFLICT', message);
    this.name = 'LedgerCopyError';
  }
}

export const TABLE_LABEL: Record<string, string> = {
  divisions: '行政区划',
  units: '单位',
  project_types: '项目类型',
  projects: '项目',
  allocations: '资金下达',
  allocation_splits: '资金分配',
  payments: '拨付',
  assets: '资产',
  asset_incomes: '资产收益',
  inspections: '督导检查',
  findings: '问题',
  finding_updates: '整改进展',
  attachments: '佐证材料',
  households: '脱贫户',
  bulletin_series: '简报系列',
  bulletins: '简报',
  import_batches: '导入记录',
  audit_log: '审计日志',
  settings: '设置',
  operators: '操作员',
  import_mappings: '导入表头记忆',
  file_contents: '文件内容',
};

/** A table as the clerk reads it: 拨付（payments）. */
export function tableText(name: string): string {
  const label = TABLE_LABEL[name];
  return label ? `${label}（${name}）` : name;
}

const DEFAULT_PAGE = 1000;
const FILE_PAGE = 20;

/** The source's rows of one table, a page at a time in key order (keyset paging on a one-column key). */
async function* rowsOf(source: DataReader, table: LedgerTable, pageSize: number): AsyncGenerator<SqlParams[]> {
  const select = `select ${table.columns.map(quoted).join(', ')} from ${quoted(table.name)}`;
  const order = table.key.map(quoted).join(', ');
  if (table.key.length === 1) {
    const keyColumn = table.key[0] as string;
    let after: SqlValue | undefined;
    for (;;) {
      const rows = await source.all<Record<string, SqlValue>>(
        after === undefined ? `${select} order by ${order} limit ${pageSize}` : `${select} where ${quoted(keyColumn)} > ? order by ${order} limit ${pageSize}`,
        after === undefined ? [] : [after],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => table.columns.map((c) => r[c] ?? null));
      after = rows[rows.length - 1]?.[keyColumn] ?? null;
      if (rows.length < pageSize) return;
    }
  }
  for (let offset = 0; ; offset += pageSize) {
    const rows = await source.all<Record<string, SqlValue>>(`${select} order by ${order} limit ${pageSize} offset ${offset}`);
    if (rows.length === 0) return;
    yield rows.map((r) => table.columns.map((c) => r[c] ?? null));
    if (rows.length < pageSize) return;
  }
}

/** After rows came in with their ids, PostgreSQL's identity sequences go on after the largest id. */
async function resetSequences(tx: DataWriter, tables: LedgerTable[]): Promise<void> {
  for (const t of tables) {
    if (t.key.length !== 1 || t.key[0] !== 'id') continue;
    await tx.get(
      `select setval(pg_get_serial_sequence(?, 'id'), coalesce((select max(id) from ${quoted(t.name)}), 0) + 1, false) as "v"`,
      [t.name],
    );
  }
}

function differs(a: TableTotals, b: TableTotals): string | null {
  if (a.rows !== b.rows) return `行数不同（原有 ${a.rows} 行，复制后 ${b.rows} 行）`;
  for (const [column, sum] of Object.entries(a.sums)) {
    if (b.sums[column] !== sum) return `金额列 ${column} 的合计不同（原为 ${sum} 分，复制后为 ${b.sums[column] ?? 0} 分）`;
  }
  return null;
}

/**
 * Copy every table of `source` into `target`, which must be empty (only the migrations' rows), in one
 * transaction of the target. `source` should not change meanwhile: a snapshot file, or a read inside a
 * REPEATABLE READ transaction on PostgreSQL (copyLedgerFromServer does this).
 */
export async function copyLedger(source: DataReader, target: DataPort, options: LedgerCopyOptions = {}): Promise<LedgerCopyReport> {
  const tables = ledgerTables().filter((t) => !(options.skipTables ?? []).includes(t.name));
  const sourceTotals = new Map<string, TableTotals>();
  for (const t of tables) sourceTotals.set(t.name, await tableTotals(source, t));
  const sourceChain = await verifyChainOnPort(source);
  if (sourceChain.brokenAtId !== null) {
    throw new LedgerCopyError(
      `要复制的台账中审计日志第 ${sourceChain.brokenAtId} 条记录与哈希链不符，没有复制。请先在 审计日志 → 校验 中查明原因。`,
      'audit_log',
    );
  }

  return target.transaction(async (tx) => {
    const occupied = await nonEmptyTables(tx, tables);
    if (occupied.length > 0) {
      const shown = occupied.slice(0, 3).map((o) => `${tableText(o.table)} ${o.rows} 行`).join('、');
      throw new LedgerCopyError(`目标数据库不是空的（已有${shown}${occupied.length > 3 ? ` 等 ${occupied.length} 张表` : ''}），没有复制。请使用一个新建的空数据库，以免覆盖已有的台账。`);
    }
    // The migrations' dictionary gives way to the source's (same ids, the clerk's own edits kept).
    for (const name of [...MIGRATION_SEEDED_TABLES].reverse()) {
      if (tables.some((t) => t.name === name)) await tx.run(`delete from ${quoted(name)}`);
    }

    for (const [index, t] of tables.entries()) {
      const total = sourceTotals.get(t.name)?.rows ?? 0;
      let done = 0;
      options.onProgress?.({ table: t.name, done, total, tableIndex: index + 1, tableCount: tables.length });
      const pageSize = options.pageSize ?? (t.name === 'file_contents' ? FILE_PAGE : DEFAULT_PAGE);
      for await (const page of rowsOf(source, t, pageSize)) {
        done += await tx.insertMany(quoted(t.name), t.columns.map(quoted), page);
        options.onProgress?.({ table: t.name, done, total, tableIndex: index + 1, tableCount: tables.length });
      }
    }
    if (target.dialect === 'postgres') await resetSequences(tx, tables);

    const copied: TableTotals[] = [];
    for (const t of tables) {
      const before = sourceTotals.get(t.name) as TableTotals;
      const after = await tableTotals(tx, t);
      const difference = differs(before, after);
      if (difference) throw new LedgerCopyError(`复制后核对不符：${tableText(t.name)}${difference}。复制已撤销，目标数据库保持为空。`, t.name);
      copied.push(after);
    }
    const chain = await verifyChainOnPort(tx);
    if (JSON.stringify(chain) !== JSON.stringify(sourceChain)) {
      throw new LedgerCopyError('复制后审计日志的哈希链核对不符，复制已撤销，目标数据库保持为空。', 'audit_log');
    }
    await options.afterTables?.(tx);
    return { tables: copied, chain };
  });
}
