// The backup taken before connectOfficeServer migrates an office server's ledger from an older schema: a logical
// copy that depends on nothing of this app's current schema. Every table of the public schema and drizzle's
// migrations table, table by table, from one snapshot (REPEATABLE READ), as gzip'd JSON lines:
//   {"format":…,"version":1,"server":"host:port","database":…,"takenAt":…}   the file's header
//   {"table":"public.projects","columns":[{"name":"id","type":"integer"},…]} a table starts
//   {"r":{…}}                                                              one row: PostgreSQL's own to_jsonb
//   {"end":"public.projects","rows":N}                                     the table ends
// Rows are PostgreSQL's jsonb text written as it comes (no number goes through a JS double; bytea is hex text),
// so jsonb_populate_record can put them back into a table of the same columns. The file is written under a
// temporary name, read back and its row counts compared with the database's, and only then takes its name.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { ClientBase } from 'pg';
import { PARTIAL_SUFFIX } from '../../db/backup';
import { officeDateTime } from '../../shared/dates';

export const OFFICE_BACKUP_FORMAT = '扶贫台账办公室服务器备份';
export const OFFICE_BACKUP_SUFFIX = '.jsonl.gz';

// Rows a round trip: file_contents holds whole attachments (megabytes each, twice that as hex), so few at a time.
const FETCH_ROWS = 100;

type Queryable = Pick<ClientBase, 'query'>;

export interface OfficeBackupSource {
  host: string;
  port: number;
  database: string;
}

export interface OfficeBackupTable {
  /** schema.table */
  table: string;
  rows: number;
}

export interface OfficeBackup {
  file: string;
  tables: OfficeBackupTable[];
}

/** A file name's part made of the server's words: no characters a Windows folder refuses. */
function fileWord(text: string): string {
  return text.replace(/[\\/:*?"<>|\s]+/g, '_');
}

/** 升级前-办公室服务器-192.168.1.20_5432-fupin-20261207-193000.jsonl.gz (the office's time, as the other backups). */
export function officeBackupFileName(source: OfficeBackupSource, at: Date): string {
  const stamp = officeDateTime(at, true).replace(/[-:]/g, '').replace(' ', '-');
  return `升级前-办公室服务器-${fileWord(source.host)}_${source.port}-${fileWord(source.database)}-${stamp}${OFFICE_BACKUP_SUFFIX}`;
}

/** A free name in the folder: two backups in the same second get -2, -3, … */
function freeOfficeBackupPath(dir: string, source: OfficeBackupSource, at: Date): string {
  const base = officeBackupFileName(source, at);
  let candidate = path.join(dir, base);
  for (let n = 2; fs.existsSync(candidate); n += 1) candidate = path.join(dir, base.replace(OFFICE_BACKUP_SUFFIX, `-${n}${OFFICE_BACKUP_SUFFIX}`));
  return candidate;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface TableToCopy {
  schema: string;
  name: string;
}

async function tablesToCopy(client: Queryable): Promise<TableToCopy[]> {
  const rows = await client.query<TableToCopy>(
    `select schemaname as schema, tablename as name from pg_tables
      where schemaname = 'public' or (schemaname = 'drizzle' and tablename = '__drizzle_migrations')
      order by schemaname = 'drizzle' desc, tablename`,
  );
  return rows.rows;
}

async function columnsOf(client: Queryable, t: TableToCopy): Promise<Array<{ name: string; type: string }>> {
  const rows = await client.query<{ name: string; type: string }>(
    `select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute
      where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`,
    [`${quoted(t.schema)}.${quoted(t.name)}`],
  );
  return rows.rows;
}

/** The backup's lines, read in the open REPEATABLE READ transaction a cursor page at a time. */
async function* backupLines(client: Queryable, header: Record<string, unknown>, tables: TableToCopy[]): AsyncGenerator<string> {
  yield `${JSON.stringify(header)}\n`;
  for (const t of tables) {
    const table = `${t.schema}.${t.name}`;
    yield `${JSON.stringify({ table, columns: await columnsOf(client, t) })}\n`;
    await client.query(`declare backup_rows no scroll cursor for select to_jsonb(t)::text as r from ${quoted(t.schema)}.${quoted(t.name)} t`);
    let rows = 0;
    for (;;) {
      const page = await client.query<{ r: string }>(`fetch forward ${FETCH_ROWS} from backup_rows`);
      if (page.rows.length === 0) break;
      rows += page.rows.length;
      yield page.rows.map((row) => `{"r":${row.r}}\n`).join('');
    }
    await client.query('close backup_rows');
    yield `${JSON.stringify({ end: table, rows })}\n`;
  }
}

/** The rows of each table as the file holds them, read back line by line; throws when the file is not whole. */
export async function readOfficeBackupCounts(file: string): Promise<OfficeBackupTable[]> {
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  const tables: OfficeBackupTable[] = [];
  let current: string | null = null;
  let rows = 0;
  let first = true;
  for await (const line of lines) {
    if (line === '') continue;
    const parsed = JSON.parse(line) as { format?: string; table?: string; end?: string; rows?: number; r?: unknown };
    if (first) {
      if (parsed.format !== OFFICE_BACKUP_FORMAT) throw new Error('文件开头不是办公室服务器备份的说明');
      first = false;
    } else if (parsed.table !== undefined) {
      if (current !== null) throw new Error(`表 ${current} 没有结束标记`);
      current = parsed.table;
      rows = 0;
    } else if (parsed.end !== undefined) {
      if (parsed.end !== current || parsed.rows !== rows) throw new Error(`表 ${parsed.end} 的行数与结束标记不符`);
      tables.push({ table: current, rows });
      current = null;
    } else if ('r' in parsed && current !== null) {
      rows += 1;
    } else {
      throw new Error('文件中有无法识别的行');
    }
  }
  if (first) throw new Error('文件是空的');
  if (current !== null) throw new Error(`表 ${current} 没有写完`);
  return tables;
}

/**
 * Write the logical backup of the database `client` is connected to into `folder` and check it: read back, each
 * table's rows must equal what the database held in the snapshot copied. Runs its own read-only transaction on
 * `client`. Throws (the partial file removed) when the folder cannot be written or the check fails.
 */
export async function writeOfficeBackup(client: Queryable, source: OfficeBackupSource, folder: string, at: Date): Promise<OfficeBackup> {
  fs.mkdirSync(folder, { recursive: true });
  const file = freeOfficeBackupPath(folder, source, at);
  const partial = `${file}.${process.pid}-${randomBytes(4).toString('hex')}${PARTIAL_SUFFIX}`;
  const header = { format: OFFICE_BACKUP_FORMAT, version: 1, server: `${source.host}:${source.port}`, database: source.database, takenAt: at.toISOString() };
  await client.query('begin isolation level repeatable read read only');
  try {
    const tables = await tablesToCopy(client);
    await pipeline(Readable.from(backupLines(client, header, tables)), zlib.createGzip(), fs.createWriteStream(partial, { flags: 'wx' }));
    const inDatabase: OfficeBackupTable[] = [];
    for (const t of tables) {
      const n = await client.query<{ n: string }>(`select count(*)::text as n from ${quoted(t.schema)}.${quoted(t.name)}`);
      inDatabase.push({ table: `${t.schema}.${t.name}`, rows: Number(n.rows[0]?.n ?? -1) });
    }
    await client.query('commit');
    const reread = await readOfficeBackupCounts(partial);
    if (JSON.stringify(reread) !== JSON.stringify(inDatabase)) {
      const wrong = inDatabase.find((t, i) => reread[i]?.table !== t.table || reread[i]?.rows !== t.rows);
      throw new Error(`写好的备份读回来与数据库不符（${wrong ? `表 ${wrong.table}：数据库 ${wrong.rows} 行` : '表的数目不同'}）`);
    }
    fs.renameSync(partial, file);
    return { file, tables: inDatabase };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    fs.rmSync(partial, { force: true });
    throw error;
  }
}
