// Moving a ledger between this PC and the office server, with its stored files, through the engine-neutral
// copier (electron/platform/ledger-copy.ts):
// - 迁移到办公室服务器: a snapshot of the local file → an empty server database; the 佐证材料 and archived
//   bulletin PDFs of the data folder go into file_contents (in office mode files live in the database).
// - 从服务器导出本机文件: the server → a new local ledger file, the files written back into its data folder as
//   a local ledger keeps them (a copy to take home, an archive).
// - The office backup: the server → a new local file that keeps the files in its file_contents (one file to
//   keep), checked after writing; 恢复 copies such a file into a new, empty server database.
// Each copy is one transaction of its target and is checked (row counts, money sums, the audit chain) before
// it commits; a failure leaves the target as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Pool } from 'pg';
import { checkLedgerCopy, copyLedgerFile, writeBackup } from '../../db/backup';
import { defaultMigrationsFolder, openLedgerFile, type SqliteDb } from '../../db/open';
import type { OfficeServerSettings } from '../../shared/api-office';
import { AppError } from '../../shared/errors';
import { anchorAfterCommit } from '../ledger/audit/anchor';
import { archivedPdfFile } from '../ledger/bulletins/bulletins';
import { archivedPdfs } from '../ledger/bulletins/store';
import type { FilesKept } from '../ledger/files/kept';
import { fileContent, insertFileContent, keptHashes } from '../ledger/files/store';
import { blobPath, storeBlob } from '../ledger/supervision/evidence';
import { storedAttachmentFiles } from '../ledger/supervision/evidence-store';
import { sqlitePort, type DataPort, type DataReader, type DataWriter } from '../platform/data-port';
import { sha256Of } from '../platform/file-hash';
import { copyLedger, LedgerCopyError, ledgerTables, tableText, tableTotals, type CopyProgress, type TableTotals } from '../platform/ledger-copy';
import { connectOfficeServer, migratedSentence } from '../platform/office-server';
import { postgresPort } from '../platform/postgres-port';
import type { AuditChainCheck } from '../platform/audit';

export type { FilesKept } from '../ledger/files/kept';

export interface TransferReport {
  tables: TableTotals[];
  chain: AuditChainCheck;
  /** Stored files copied (佐证材料 and archived PDFs, each content once). */
  files: number;
  /** Issued bulletins whose archived PDF the source lacked or had altered: printed again from the snapshot when opened. */
  missingPdfs: string[];
  /** Said when connecting migrated the server's ledger from an older schema (and where its backup went). */
  serverMigrated?: string | null;
}

export interface TransferOptions {
  now: () => Date;
  onProgress?: (progress: CopyProgress) => void;
}

interface FileWanted {
  sha256: string;
  /** Where the file lives under a data folder. */
  fileIn: (dataDir: string) => string;
  /** For the Chinese sentence when it is missing. */
  what: string;
  /** A missing attachment stops the copy; a missing bulletin PDF is printed again from its snapshot later. */
  required: boolean;
  mime: string | null;
}

async function filesWanted(source: DataReader): Promise<FileWanted[]> {
  const wanted: FileWanted[] = [];
  for (const a of await storedAttachmentFiles(source)) {
    wanted.push({ sha256: a.sha256, fileIn: (dataDir) => blobPath({ dataDir }, a.sha256, a.mimeType), what: `佐证材料“${a.originalName}”（第 ${a.id} 号）`, required: true, mime: a.mimeType });
  }
  for (const b of await archivedPdfs(source)) {
    wanted.push({ sha256: b.pdfSha256, fileIn: (dataDir) => archivedPdfFile(dataDir, b.snapshot), what: `简报“${b.title}”的归档 PDF`, required: false, mime: null });
  }
  return wanted;
}

/** The intact bytes of a file in a data folder, or undefined when it is missing or altered. */
function readIntact(file: string, sha256: string): Uint8Array | undefined {
  if (!fs.existsSync(file)) return undefined;
  const bytes = new Uint8Array(fs.readFileSync(file));
  return sha256Of(bytes) === sha256 ? bytes : undefined;
}

/** A file written into a target data folder by this copy, removed again when the copy fails. */
function writeIntoFolder(want: FileWanted, dataDir: string, bytes: Uint8Array, written: string[]): void {
  if (want.mime !== null) {
    const created = storeBlob({ dataDir }, want.sha256, want.mime, bytes);
    if (created) written.push(created);
    return;
  }
  const file = want.fileIn(dataDir);
  if (readIntact(file, want.sha256)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  written.push(file);
}

/**
 * Copy every table and the stored files from `source` to `target`. `written` collects the files this call put
 * in a target folder (the caller removes them when the copy fails).
 */
export async function copyLedgerWithFiles(
  source: DataReader,
  sourceFiles: FilesKept,
  target: DataPort,
  targetFiles: FilesKept,
  options: TransferOptions,
  written: string[] = [],
): Promise<TransferReport> {
  if (sourceFiles.in === 'folder' && targetFiles.in === 'folder') throw new Error('A copy between two data folders is a file copy, not a ledger copy.');
  const wanted = await filesWanted(source);
  const missingPdfs: string[] = [];
  let files = 0;
  const at = options.now().toISOString();

  const moveFiles = async (tx: DataWriter) => {
    const seen = new Set<string>();
    const present = targetFiles.in === 'table' ? await keptHashes(tx, wanted.map((w) => w.sha256)) : new Set<string>();
    for (const want of wanted) {
      if (seen.has(want.sha256)) continue;
      if (present.has(want.sha256)) {
        // Already in the target's file_contents (copied with the table): the same hash is the same bytes.
        seen.add(want.sha256);
        files += 1;
        continue;
      }
      const bytes = sourceFiles.in === 'folder' ? readIntact(want.fileIn(sourceFiles.dataDir), want.sha256) : await fileContent(source, want.sha256);
      const intact = bytes !== undefined && sha256Of(bytes) === want.sha256 ? bytes : undefined;
      if (!intact) {
        if (want.required) {
          const where = sourceFiles.in === 'folder' ? `在数据文件夹中找不到或已被改动（${want.fileIn(sourceFiles.dataDir)}）` : '在要复制的数据库中没有文件内容';
          throw new LedgerCopyError(`${want.what}的文件${where}，没有复制。请先在 督导检查 中重新上传这份材料，或从备份中找回这个文件。`, 'attachments');
        }
        missingPdfs.push(want.what);
        continue;
      }
      seen.add(want.sha256);
      if (targetFiles.in === 'table') {
        await insertFileContent(tx, want.sha256, intact, at);
      } else {
        writeIntoFolder(want, targetFiles.dataDir, intact, written);
      }
      files += 1;
    }
    // Checked as the tables are: every file the copy holds is there with its content.
    if (targetFiles.in === 'table') {
      const kept = await keptHashes(tx, [...seen]);
      const lacking = [...seen].filter((h) => !kept.has(h));
      if (lacking.length > 0) throw new LedgerCopyError(`复制后核对不符：${tableText('file_contents')}缺少 ${lacking.length} 个文件。复制已撤销，目标数据库保持为空。`, 'file_contents');
    } else {
      const lacking = wanted.filter((w) => seen.has(w.sha256) && !readIntact(w.fileIn(targetFiles.dataDir), w.sha256));
      if (lacking.length > 0) throw new LedgerCopyError(`复制后核对不符：${lacking[0]?.what ?? '文件'}没有写入数据文件夹。复制已撤销。`, 'file_contents');
    }
  };

  const report = await copyLedger(source, target, {
    // A local ledger keeps its files as files: the table's rows would be dead weight there.
    skipTables: targetFiles.in === 'folder' ? ['file_contents'] : [],
    onProgress: options.onProgress,
    afterTables: moveFiles,
  });
  return { ...report, files, missingPdfs };
}

// ---- the two ends ----------------------------------------------------------------------------------------

export interface ServerEnd {
  settings: OfficeServerSettings;
  password: string;
  migrationsFolder?: string;
  /** Where the backup goes when the server's ledger is at an older schema and is migrated on connect. */
  backupFolder: string;
}

/** The ledger already open on the office server: its own port (the office backup of an office-mode ledger). */
export interface OpenServerEnd {
  port: DataPort;
}

/**
 * The server database at this app's schema (an empty one is set up first, an older one backed up and migrated), as
 * a port; a ledger already open on the server as it is.
 */
async function openServer(server: ServerEnd | OpenServerEnd, now: () => Date): Promise<{ pool: Pool | null; port: DataPort; migratedNote: string | null }> {
  if ('port' in server) return { pool: null, port: server.port, migratedNote: null };
  const connection = await connectOfficeServer(server.settings, server.password, { migrationsFolder: server.migrationsFolder, backupFolder: server.backupFolder, now });
  return { pool: connection.pool, port: postgresPort(connection.pool), migratedNote: migratedSentence(connection) };
}

/**
 * Read the server as one consistent picture: a read-only REPEATABLE READ transaction, so clerks writing
 * meanwhile neither block the copy nor show up half in it.
 */
async function readingServer<T>(port: DataPort, work: (reader: DataReader) => Promise<T>): Promise<T> {
  return port.transaction(async (tx) => {
    await tx.run('set transaction isolation level repeatable read, read only');
    return work(tx);
  });
}

/** A read-only connection to a ledger file, as a port. */
function openFileReader(file: string): { sqlite: SqliteDb; port: DataPort } {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  return { sqlite, port: sqlitePort(sqlite) };
}

function removeLedgerFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal', '.anchor.json']) fs.rmSync(`${file}${suffix}`, { force: true });
}

function tempFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-transfer-'));
}

/**
 * 迁移到办公室服务器: the open local ledger (a snapshot of it, so the clerk may keep working) with the files of
 * its data folder into an empty server database.
 */
export async function copyLocalLedgerToServer(local: { sqlite: SqliteDb; dataDir: string }, server: ServerEnd, options: TransferOptions): Promise<TransferReport> {
  const dir = tempFolder();
  const snapshotFile = path.join(dir, '快照.db');
  let reader: { sqlite: SqliteDb; port: DataPort } | null = null;
  let opened: Awaited<ReturnType<typeof openServer>> | null = null;
  try {
    await writeBackup(local.sqlite, snapshotFile, { manifest: false });
    reader = openFileReader(snapshotFile);
    opened = await openServer(server, options.now);
    return await copyLedgerWithFiles(reader.port, { in: 'folder', dataDir: local.dataDir }, opened.port, { in: 'table' }, options);
  } finally {
    reader?.sqlite.close();
    await opened?.pool?.end().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The server into a NEW local ledger file (refused when the file exists): with the files written into the
 * file's folder (`files: 'folder'`, a ledger to open on its own) or kept inside it (`files: 'table'`, the office
 * backup). The file is checked (integrity) after it is closed; on any failure nothing of it remains.
 */
export async function copyServerToNewFile(
  server: ServerEnd | OpenServerEnd,
  file: string,
  files: 'folder' | 'table',
  options: TransferOptions & { sqliteMigrationsFolder?: string },
): Promise<TransferReport> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new AppError('CONFLICT', `文件“${target}”已经存在。为免覆盖，请另选一个文件名或文件夹。`, 'file');
  const written: string[] = [];
  let opened: Awaited<ReturnType<typeof openServer>> | null = null;
  let ledger: ReturnType<typeof openLedgerFile> | null = null;
  let done = false;
  try {
    opened = await openServer(server, options.now);
    ledger = openLedgerFile({ file: target, migrationsFolder: options.sqliteMigrationsFolder ?? defaultMigrationsFolder() });
    const targetPort = sqlitePort(ledger.sqlite);
    const filesKept: FilesKept = files === 'folder' ? { in: 'folder', dataDir: path.dirname(target) } : { in: 'table' };
    const serverPort = opened.port;
    const report = await readingServer(serverPort, (reader) => copyLedgerWithFiles(reader, { in: 'table' }, targetPort, filesKept, options, written));
    // The anchor beside the file follows its chain's head, as after any write to a local ledger.
    anchorAfterCommit({ sqlite: ledger.sqlite, dbFile: target, now: options.now });
    // One self-contained file to carry or keep (no -wal beside it); the app turns WAL on again when it opens it.
    ledger.sqlite.pragma('journal_mode = delete');
    ledger.close();
    ledger = null;
    checkLedgerCopy(target);
    done = true;
    return { ...report, serverMigrated: opened.migratedNote };
  } finally {
    ledger?.close();
    await opened?.pool?.end().catch(() => undefined);
    if (!done) {
      removeLedgerFile(target);
      for (const f of written) fs.rmSync(f, { force: true });
    }
  }
}

/**
 * 恢复 an office backup (or any ledger file that keeps its files in file_contents) into a NEW, empty server
 * database. The file is first copied aside and opened there, so a backup of an older version is upgraded
 * without touching the original.
 */
export async function copyFileToServer(file: string, server: ServerEnd, options: TransferOptions & { sqliteMigrationsFolder?: string }): Promise<TransferReport> {
  const dir = tempFolder();
  const staged = path.join(dir, '恢复.db');
  let ledger: ReturnType<typeof openLedgerFile> | null = null;
  let opened: Awaited<ReturnType<typeof openServer>> | null = null;
  try {
    await copyLedgerFile(path.resolve(file), staged);
    ledger = openLedgerFile({ file: staged, migrationsFolder: options.sqliteMigrationsFolder ?? defaultMigrationsFolder(), backupDir: dir });
    opened = await openServer(server, options.now);
    return await copyLedgerWithFiles(sqlitePort(ledger.sqlite), { in: 'table' }, opened.port, { in: 'table' }, options);
  } finally {
    ledger?.close();
    await opened?.pool?.end().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The table totals of a ledger file read again after writing (the office backup's check), compared with the copy's. */
export async function checkWrittenFile(file: string, expected: TableTotals[]): Promise<void> {
  const reader = openFileReader(file);
  try {
    for (const t of ledgerTables()) {
      const want = expected.find((e) => e.table === t.name);
      if (!want) continue;
      const got = await tableTotals(reader.port, t);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        throw new LedgerCopyError(`备份写好后核对不符：${tableText(t.name)}的行数或金额合计与服务器不同。这份备份不可用，请重新备份。`, t.name);
      }
    }
  } finally {
    reader.sqlite.close();
  }
}
