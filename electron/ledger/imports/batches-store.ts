// 导入批次 and remembered header mappings: the only code with SQL for the import_batches and import_mappings
// tables, for whoever writes them (the pipeline, 撤销导入) and reads them (导入记录, the ledgers' 导入批次
// filter, the audit trail's names). Row types come from the drizzle schema; SQL is portable (see
// electron/platform/data-port.ts); every time is the context's clock, passed in as `at`.
import { importBatches, importMappings } from '../../../db/schema';
import type { DataReader, DataWriter } from '../../platform/data-port';

type BatchRecord = typeof importBatches.$inferSelect;

/** A batch as 导入记录 lists it (the stored record without its updated_at). */
export type ImportBatchRecord = Omit<BatchRecord, 'updatedAt'>;

/** What a batch is opened with; its counts are filled in when its rows are written (setBatchCounts). */
export type NewImportBatch = Pick<BatchRecord, 'kind' | 'fileName' | 'fileSha256' | 'sheetName' | 'operator' | 'rowsRead'>;

export type BatchCounts = Pick<BatchRecord, 'imported' | 'updated' | 'skipped' | 'totalFen'>;

export type ImportMappingRecord = Pick<typeof importMappings.$inferSelect, 'kind' | 'mapping'>;

const BATCH_SELECT = `select id, kind, file_name as "fileName", file_sha256 as "fileSha256", sheet_name as "sheetName", operator,
    rows_read as "rowsRead", imported, updated, skipped, total_fen as "totalFen", status, created_at as "createdAt", undone_at as "undoneAt"
  from import_batches`;

/** Money and counts as numbers on both engines (PostgreSQL's bigint arrives as text). */
function batch(row: ImportBatchRecord): ImportBatchRecord {
  return { ...row, rowsRead: Number(row.rowsRead), imported: Number(row.imported), updated: Number(row.updated), skipped: Number(row.skipped), totalFen: Number(row.totalFen) };
}

export async function insertImportBatch(tx: DataWriter, fields: NewImportBatch, at: string): Promise<number> {
  const row = await tx.get<{ id: number }>(
    `insert into import_batches (kind, file_name, file_sha256, sheet_name, operator, rows_read, imported, updated, skipped, total_fen, status, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 'done', ?, ?) returning id`,
    [fields.kind, fields.fileName, fields.fileSha256, fields.sheetName, fields.operator, fields.rowsRead, at, at],
  );
  if (!row) throw new Error('insert into import_batches returned no id');
  return Number(row.id);
}

export async function setImportBatchCounts(tx: DataWriter, id: number, counts: BatchCounts, at: string): Promise<void> {
  await tx.run('update import_batches set imported = ?, updated = ?, skipped = ?, total_fen = ?, updated_at = ? where id = ?', [
    counts.imported,
    counts.updated,
    counts.skipped,
    counts.totalFen,
    at,
    id,
  ]);
}

export async function markImportBatchUndone(tx: DataWriter, id: number, at: string): Promise<void> {
  await tx.run("update import_batches set status = 'undone', undone_at = ?, updated_at = ? where id = ?", [at, at, id]);
}

export async function importBatchById(db: DataReader, id: number): Promise<ImportBatchRecord | undefined> {
  const row = await db.get<ImportBatchRecord>(`${BATCH_SELECT} where id = ?`, [id]);
  return row && batch(row);
}

/** The batches of one file (by its SHA-256), oldest first: has this file been imported before? */
export async function importBatchesOfFile(db: DataReader, sha256: string): Promise<ImportBatchRecord[]> {
  return (await db.all<ImportBatchRecord>(`${BATCH_SELECT} where file_sha256 = ? order by id`, [sha256])).map(batch);
}

/** Newest first, one page. */
export async function importBatchPage(db: DataReader, offset: number, limit: number): Promise<{ rows: ImportBatchRecord[]; total: number }> {
  const total = Number((await db.get<{ n: number }>('select count(*) as n from import_batches'))?.n ?? 0);
  const rows = (await db.all<ImportBatchRecord>(`${BATCH_SELECT} order by id desc limit ? offset ?`, [limit, offset])).map(batch);
  return { rows, total };
}

export async function importBatchFileName(db: DataReader, id: number): Promise<string | undefined> {
  return (await db.get<{ fileName: string }>('select file_name as "fileName" from import_batches where id = ?', [id]))?.fileName;
}

export async function rememberedImportMapping(db: DataReader, signature: string): Promise<ImportMappingRecord | undefined> {
  return db.get<ImportMappingRecord>('select kind, mapping from import_mappings where signature = ?', [signature]);
}

/** Remember (or replace) the header mapping of a sheet with this header signature. */
export async function rememberImportMapping(tx: DataWriter, signature: string, mapping: ImportMappingRecord, at: string): Promise<void> {
  await tx.run(
    `insert into import_mappings (signature, kind, mapping, created_at, updated_at) values (?, ?, ?, ?, ?)
     on conflict (signature) do update set kind = excluded.kind, mapping = excluded.mapping, updated_at = excluded.updated_at`,
    [signature, mapping.kind, mapping.mapping, at, at],
  );
}
