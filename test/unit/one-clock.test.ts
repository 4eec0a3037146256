// One clock (issue 15): every timestamp the ledger writes comes from ctx.now(), passed to SQL as a parameter,
// never from SQLite's own clock. This scans the main process's source (outside db/, whose schema keeps its
// column defaults) for SQL that stamps with SQLite's clock: strftime/datetime/date/julianday of 'now',
// CURRENT_TIMESTAMP, and inserts into a table with created_at that leave it to the schema's default.
import fs from 'node:fs';
import path from 'node:path';
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';

const ROOT = path.resolve(__dirname, '..', '..');


function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The code without its comments (a comment may name strftime('now') to forbid it). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** Tables whose rows carry created_at filled by the schema's SQLite default when an insert leaves it out. */
const STAMPED_TABLES = new Map<string, string>(
  (Object.values(schema) as unknown[])
    .filter((v): v is SQLiteTable => is(v, SQLiteTable))
    .map((table) => getTableConfig(table))
    .filter((config) => config.columns.some((c) => c.name === 'created_at' && c.hasDefault))
    .map((config) => [config.name, config.name]),
);

const SQLITE_CLOCK = /\b(?:strftime|datetime|date|julianday|unixepoch)\s*\([^)]*'now'|current_timestamp|current_date|current_time\b/i;

/** Each use of SQLite's clock in a file, as "file: the statement". */
function clockUses(file: string, text: string): string[] {
  const body = code(text);
  const found: string[] = [];
  for (const line of body.split('\n')) if (SQLITE_CLOCK.test(line)) found.push(`${file}: ${line.trim()}`);
  for (const m of body.matchAll(/insert\s+into\s+(\w+)\s*\(([\s\S]*?)\)\s*(?:values|select)\b/gi)) {
    const table = m[1]!.toLowerCase();
    // A column list built in code (`${columns.join(', ')}`) names created_at where it is built, in the same file.
    const columns = m[2]!.includes('${') ? body : m[2]!;
    if (STAMPED_TABLES.has(table) && !/\bcreated_at\b/.test(columns)) found.push(`${file}: insert into ${table} without created_at`);
  }
  for (const m of body.matchAll(/\.insert\((\w+)\)\s*\.values\(\{([^}]*)\}/g)) {
    if (!/\bcreatedAt\b|\.\.\./.test(m[2]!)) found.push(`${file}: drizzle insert into ${m[1]} without createdAt`);
  }
  return found;
}

describe('one clock', () => {
  it('knows which tables are stamped (the scan is not empty by mistake)', () => {
    expect([...STAMPED_TABLES.keys()]).toEqual(expect.arrayContaining(['divisions', 'units', 'bulletins', 'bulletin_series', 'operators', 'import_batches']));
  });

  it('finds a stamp by SQLite’s clock where there is one', () => {
    expect(clockUses('x.ts', "db.prepare(`update units set updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') where id = ?`)")).toHaveLength(1);
    expect(clockUses('x.ts', "db.prepare('insert into bulletins (series_id, title) values (?, ?)')")).toHaveLength(1);
    expect(clockUses('x.ts', 'tx.run(`insert into units (${cols.join(\', \')}) values (${placeholders(2)})`)')).toHaveLength(1);
    expect(clockUses('x.ts', 'ctx.db.insert(operators).values({ name, role }).returning()')).toHaveLength(1);
    expect(clockUses('x.ts', "// never strftime('now')\ndb.prepare('insert into units (name, created_at, updated_at) values (?, ?, ?)')")).toEqual([]);
  });

  it('no SQL under electron/ stamps rows with SQLite’s clock', () => {
    const uses = sourceFiles(path.join(ROOT, 'electron'))
      .map((full) => path.relative(ROOT, full).split(path.sep).join('/'))
      .flatMap((file) => clockUses(file, fs.readFileSync(path.join(ROOT, file), 'utf8')));
    expect(uses).toEqual([]);
  });
});
