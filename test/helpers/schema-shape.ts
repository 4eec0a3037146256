// What a live ledger database says about its own schema, in one shape for both engines, so a test can compare
// the SQLite file (sqlite_master, pragma table_info/index_list/index_info/foreign_key_list) with the
// PostgreSQL database (information_schema and the pg_catalog views) table by table.
// Defaults are compared by what they evaluate to in their own engine; "the current instant" by its shape.
import type { Pool } from 'pg';
import type { SqliteDb } from '../../db/open';

export interface ColumnShape {
  /** integer (SQLite integer; PostgreSQL integer or bigint) or text. */
  type: string;
  notNull: boolean;
  /** What the default evaluates to: null for none, 'now (ISO instant)' for the current UTC instant. */
  default: string | null;
}

export interface IndexShape {
  unique: boolean;
  columns: string[];
  /** A partial index's condition, normalised (lower case, no quotes, table prefixes or parentheses). */
  where: string | null;
}

export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  indexes: Record<string, IndexShape>;
  checks: string[];
  /** column → table.column */
  foreignKeys: Record<string, string>;
}

export type SchemaShape = Record<string, TableShape>;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function defaultMeaning(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (ISO_INSTANT.test(text) && Math.abs(Date.parse(text) - Date.now()) < 60_000) return 'now (ISO instant)';
  return text;
}

export function normaliseCondition(condition: string): string {
  return condition
    .toLowerCase()
    .replace(/"/g, '')
    .replace(/\b\w+\.(?=\w)/g, '')
    .replace(/[()]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const sorted = <T>(record: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

// ---- SQLite ------------------------------------------------------------------------------------------------

export function sqliteShape(sqlite: SqliteDb): SchemaShape {
  const tables = sqlite
    .prepare("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name")
    .all() as Array<{ name: string; sql: string }>;
  const shape: SchemaShape = {};
  for (const table of tables) {
    const info = sqlite.prepare(`pragma table_info("${table.name}")`).all() as Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>;
    const columns: Record<string, ColumnShape> = {};
    for (const c of info) {
      const evaluated = c.dflt_value === null ? null : sqlite.prepare(`select ${c.dflt_value} as v`).pluck().get();
      columns[c.name] = { type: c.type.toLowerCase(), notNull: c.notnull === 1 || c.pk > 0, default: defaultMeaning(evaluated) };
    }
    const indexes: Record<string, IndexShape> = {};
    const list = sqlite.prepare(`pragma index_list("${table.name}")`).all() as Array<{ name: string; unique: number; origin: string; partial: number }>;
    for (const index of list.filter((i) => i.origin !== 'pk')) {
      const cols = (sqlite.prepare(`pragma index_info("${index.name}")`).all() as Array<{ seqno: number; name: string }>).sort((a, b) => a.seqno - b.seqno).map((c) => c.name);
      const sql = sqlite.prepare("select sql from sqlite_master where type = 'index' and name = ?").pluck().get(index.name) as string | null;
      const where = index.partial && sql ? normaliseCondition(sql.slice(sql.search(/\bwhere\b/i) + 5)) : null;
      indexes[index.name] = { unique: index.unique === 1, columns: cols, where };
    }
    const fks = sqlite.prepare(`pragma foreign_key_list("${table.name}")`).all() as Array<{ from: string; table: string; to: string }>;
    shape[table.name] = {
      columns: sorted(columns),
      primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      indexes: sorted(indexes),
      checks: [...table.sql.matchAll(/CONSTRAINT "(\w+)" CHECK/g)].map((m) => m[1] ?? '').sort(),
      foreignKeys: sorted(Object.fromEntries(fks.map((f) => [f.from, `${f.table}.${f.to}`]))),
    };
  }
  return shape;
}

// ---- PostgreSQL --------------------------------------------------------------------------------------------

const PG_TYPES: Record<string, string> = { integer: 'integer', bigint: 'integer', text: 'text', bytea: 'blob' };

export async function postgresShape(pool: Pool): Promise<SchemaShape> {
  const q = async <T extends object>(sql: string, params: unknown[] = []) => (await pool.query<T>(sql, params)).rows;
  const tables = await q<{ name: string }>("select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1");
  const shape: SchemaShape = {};
  for (const { name } of tables) {
    const info = await q<{ name: string; type: string; nullable: string; dflt: string | null }>(
      `select column_name as name, data_type as type, is_nullable as nullable, column_default as dflt
         from information_schema.columns where table_schema = 'public' and table_name = $1`,
      [name],
    );
    const columns: Record<string, ColumnShape> = {};
    for (const c of info) {
      const evaluated = c.dflt === null ? null : (await q<{ v: unknown }>(`select ${c.dflt} as v`))[0]?.v;
      columns[c.name] = { type: PG_TYPES[c.type] ?? c.type, notNull: c.nullable === 'NO', default: defaultMeaning(evaluated) };
    }
    const indexRows = await q<{ name: string; unique: boolean; primary: boolean; where: string | null; columns: string[] }>(
      `select c.relname as name, i.indisunique as unique, i.indisprimary as primary, pg_get_expr(i.indpred, i.indrelid) as where,
              array(select a.attname::text from unnest(i.indkey) with ordinality k(attnum, n)
                      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.n) as columns
         from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid = $1::regclass`,
      [`public.${name}`],
    );
    const indexes: Record<string, IndexShape> = {};
    for (const index of indexRows.filter((i) => !i.primary)) {
      indexes[index.name] = { unique: index.unique, columns: index.columns, where: index.where === null ? null : normaliseCondition(index.where) };
    }
    const checks = await q<{ name: string }>("select conname as name from pg_constraint where contype = 'c' and conrelid = $1::regclass order by 1", [`public.${name}`]);
    const fks = await q<{ from: string; to: string }>(
      `select a.attname as from, c.confrelid::regclass::text || '.' || af.attname as to
         from pg_constraint c
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
         join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
        where c.contype = 'f' and c.conrelid = $1::regclass`,
      [`public.${name}`],
    );
    shape[name] = {
      columns: sorted(columns),
      primaryKey: indexRows.find((i) => i.primary)?.columns ?? [],
      indexes: sorted(indexes),
      checks: checks.map((c) => c.name),
      foreignKeys: sorted(Object.fromEntries(fks.map((f) => [f.from, f.to]))),
    };
  }
  return shape;
}
