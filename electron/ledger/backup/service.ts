// 备份与恢复: automatic copies (first start of each day, before migrations, restores and batch undos) in the
// 备份 folder beside the ledger, kept by the rules of rotation.ts (scheduled copies 7 daily / 4 weekly /
// 12 monthly; pre-operation copies 30 days, the newest 10 always); copies to a folder the user picks;
// a look inside a copy (date, record counts) without opening it for writing; and the restore itself, which
// keeps a copy of what it replaces and reopens the ledger in place for every door.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  BackupCheckError,
  checkLedgerCopy,
  copyLedgerFile,
  freeBackupPath,
  parseBackupFileName,
  removeBackupFile,
  removeStalePartials,
  writeBackup,
  writeBackupSync,
  type BackupKind,
} from '../../../db/backup';
import { chainHead } from '../../../db/anchor';
import { defaultBackupDir, defaultMigrationsFolder, readJournal, type SqliteDb } from '../../../db/open';
import type { BackupFile, BackupPreview, LedgerCounts, RestoreResult } from '../../../shared/api-backup';
import { AppError } from '../../../shared/errors';
import { writeAudited } from '../../platform/audited-write';
import { replaceLedgerFile, type ServiceContext } from '../../platform/context';
import { logError, logInfo } from '../../platform/log';
import { dataPort, type DataReader } from '../../platform/data-port';
import { ledgerTables } from '../../platform/ledger-copy';
import { isOfficeLedger } from '../../platform/office-ledger';
import { checkWrittenFile, copyServerToNewFile } from '../../office/ledger-transfer';
import { backupsToKeep, dayKey } from './rotation';

/** Browser-mode downloads go through JSON: past this size the clerk copies the file from the folder instead. */
const MAX_DOWNLOAD_BYTES = 300 * 1024 * 1024;

/** A local ledger's copies sit in 备份 beside its file; a ledger on the office server's, in officeBackupFolder. */
export function backupFolder(ctx: Pick<ServiceContext, 'dbFile' | 'dataDir' | 'port'>): string {
  return isOfficeLedger(ctx) ? officeBackupFolder(ctx) : defaultBackupDir(ctx.dbFile);
}

/**
 * Where copies of the office server go (its backups, the copy before it is migrated): 备份/办公室服务器, in this PC's
 * data folder when the ledger open is the server's, else beside the local ledger's own 备份.
 */
export function officeBackupFolder(ctx: Pick<ServiceContext, 'dbFile'> & Partial<Pick<ServiceContext, 'dataDir' | 'port'>>): string {
  const backups = isOfficeLedger(ctx) && ctx.dataDir ? path.join(ctx.dataDir, '备份') : defaultBackupDir(ctx.dbFile);
  return path.join(backups, '办公室服务器');
}

/**
 * The copy itself: a local ledger's file by VACUUM INTO, checked; a ledger on the office server copied table by
 * table (files included) into a new ledger file, read back and compared table by table (office/ledger-transfer.ts).
 */
async function writeLedgerCopy(ctx: ServiceContext, file: string): Promise<{ file: string }> {
  if (!isOfficeLedger(ctx)) return writeBackup(ctx.sqlite, file);
  const report = await copyServerToNewFile({ port: ctx.port }, file, 'table', { now: () => ctx.now(), sqliteMigrationsFolder: ctx.ledgerLocation?.sqliteMigrationsFolder });
  await checkWrittenFile(file, report.tables);
  return { file };
}

// One backup or restore at a time per ledger: a restore closes the connection a running backup reads.
const queues = new WeakMap<ServiceContext, Promise<unknown>>();
function exclusive<T>(ctx: ServiceContext, job: () => Promise<T>): Promise<T> {
  const previous = queues.get(ctx) ?? Promise.resolve();
  const next = previous.then(job, job);
  queues.set(
    ctx,
    next.catch(() => undefined),
  );
  return next;
}

function describe(file: string, kind: BackupKind, takenAt: Date): BackupFile {
  return { name: path.basename(file), path: file, kind, takenAt: takenAt.toISOString(), bytes: fs.statSync(file).size };
}

export function listBackups(ctx: Pick<ServiceContext, 'dbFile' | 'dataDir' | 'port'>): BackupFile[] {
  const dir = backupFolder(ctx);
  if (!fs.existsSync(dir)) return [];
  const rows: BackupFile[] = [];
  for (const name of fs.readdirSync(dir)) {
    const parsed = parseBackupFileName(name);
    if (!parsed) continue;
    const full = path.join(dir, name);
    try {
      rows.push(describe(full, parsed.kind, parsed.takenAt));
    } catch {
      // Removed meanwhile.
    }
  }
  return rows.sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : a.name < b.name ? 1 : -1));
}

/** Delete the automatic copies the rotation no longer keeps, and partial copies left by a killed process. */
export function rotateBackups(ctx: Pick<ServiceContext, 'dbFile' | 'dataDir' | 'port' | 'now'>): string[] {
  const rows = listBackups(ctx);
  const keep = backupsToKeep(
    rows.map((r) => ({ name: r.name, kind: r.kind, takenAt: new Date(r.takenAt) })),
    ctx.now(),
  );
  const removed: string[] = [];
  for (const r of rows) {
    if (keep.has(r.name)) continue;
    try {
      removeBackupFile(r.path);
      removed.push(r.name);
    } catch (error) {
      logError('backup rotation', error);
    }
  }
  removeStalePartials(backupFolder(ctx), ctx.now());
  return removed;
}

function refuseBadCopy(error: unknown, what: string): never {
  if (error instanceof BackupCheckError) {
    if (error.problem === 'not-a-ledger' || error.problem === 'not-a-database') {
      throw new AppError('UNSUPPORTED', `${what}不是扶贫台账的数据文件（${error.message}），请选择本程序做的备份（.db 文件）`, 'path');
    }
    throw new AppError('CORRUPT', `${what}已损坏，不能使用：${error.message}。请换一个备份`, 'path');
  }
  throw error;
}

/** An automatic or manual copy of the open ledger, checked before it takes its name. */
export function createBackup(ctx: ServiceContext, kind: BackupKind, folder?: string): Promise<BackupFile> {
  return exclusive(ctx, async () => {
    const dir = folder ?? backupFolder(ctx);
    if (folder !== undefined) {
      if (!path.isAbsolute(folder)) throw new AppError('VALIDATION', '请选择完整的文件夹路径（如 E:\\ 或 /media/u盘）', 'folder');
      if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
        throw new AppError('NOT_FOUND', `找不到文件夹“${folder}”。请确认U盘已插好，或另选一个文件夹`, 'folder');
      }
    }
    const takenAt = ctx.now();
    let written: { file: string };
    try {
      written = await writeLedgerCopy(ctx, freeBackupPath(dir, kind, takenAt));
    } catch (error) {
      if (error instanceof BackupCheckError) {
        throw new AppError('CORRUPT', `备份写好后检查未通过（${error.message}），这份备份已删除。请检查磁盘后重试`);
      }
      throw error;
    }
    if (folder === undefined) rotateBackups(ctx);
    return describe(written.file, kind, takenAt);
  });
}

/** The copy made right before a batch undo; call it before the undo's transaction starts (VACUUM INTO cannot run inside one). */
export async function backupBeforeUndo(ctx: ServiceContext): Promise<string> {
  const file = freeBackupPath(backupFolder(ctx), 'undo', ctx.now());
  const written = isOfficeLedger(ctx) ? await writeLedgerCopy(ctx, file) : writeBackupSync(ctx.sqlite, file);
  rotateBackups(ctx);
  return written.file;
}

/** On the first start of a day: a daily copy, then rotation. Returns the copy, or null when today has one. */
export async function ensureDailyBackup(ctx: ServiceContext): Promise<BackupFile | null> {
  const today = dayKey(ctx.now());
  const done = listBackups(ctx).some((b) => b.kind === 'daily' && dayKey(new Date(b.takenAt)) === today);
  if (done) {
    rotateBackups(ctx);
    return null;
  }
  return createBackup(ctx, 'daily');
}

/** Called by the doors that open the ledger at start-up (Electron, browser mode); never blocks or fails start-up. */
export function startDailyBackup(ctx: ServiceContext): Promise<void> {
  return ensureDailyBackup(ctx).then(
    (made) => {
      if (made) logInfo('backup', `每日备份已完成：${made.path}`);
    },
    (error: unknown) => logError('daily backup', error),
  );
}

function tableNames(sqlite: SqliteDb): Set<string> {
  return new Set(sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]);
}

/** Which rows each count of LedgerCounts counts (soft-deleted ones never). */
const COUNTED: Record<keyof LedgerCounts, { table: string; where?: string }> = {
  townships: { table: 'divisions', where: "level = 'township'" },
  villages: { table: 'divisions', where: "level = 'village'" },
  projects: { table: 'projects' },
  allocations: { table: 'allocations' },
  payments: { table: 'payments' },
  assets: { table: 'assets' },
  inspections: { table: 'inspections' },
  findings: { table: 'findings' },
  households: { table: 'households' },
  attachments: { table: 'attachments' },
  auditRows: { table: 'audit_log' },
};

function countSql(table: string, where: string | undefined, softDeleted: boolean): string {
  const clause = [where, softDeleted ? 'deleted_at is null' : ''].filter(Boolean).join(' and ');
  return `select count(*) as "n" from ${table}${clause ? ` where ${clause}` : ''}`;
}

/** Records a clerk recognises; soft-deleted ones are not counted. Tables a copy lacks count as 0. */
export function ledgerCounts(sqlite: SqliteDb): LedgerCounts {
  const tables = tableNames(sqlite);
  const count = ({ table, where }: { table: string; where?: string }) => {
    if (!tables.has(table)) return 0;
    const columns = new Set(sqlite.prepare(`select name from pragma_table_info('${table}')`).pluck().all() as string[]);
    return (sqlite.prepare(countSql(table, where, columns.has('deleted_at'))).get() as { n: number }).n;
  };
  return Object.fromEntries(Object.entries(COUNTED).map(([key, spec]) => [key, count(spec)])) as unknown as LedgerCounts;
}

/** The same counts through the data port, on either engine (a ledger at this app's schema). */
export async function ledgerCountsOn(db: DataReader): Promise<LedgerCounts> {
  const columns = new Map(ledgerTables().map((t) => [t.name, t.columns]));
  const counts: Partial<Record<keyof LedgerCounts, number>> = {};
  for (const [key, spec] of Object.entries(COUNTED) as Array<[keyof LedgerCounts, { table: string; where?: string }]>) {
    const row = await db.get<{ n: number }>(countSql(spec.table, spec.where, columns.get(spec.table)?.includes('deleted_at') ?? false));
    counts[key] = Number(row?.n ?? 0);
  }
  return counts as LedgerCounts;
}

function schemaState(sqlite: SqliteDb): 'same' | 'older' | 'newer' {
  const entries = readJournal(defaultMigrationsFolder());
  const newest = entries.reduce((m, e) => Math.max(m, e.when), -1);
  const hasTable = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  const applied = hasTable ? ((sqlite.prepare('select max(created_at) from __drizzle_migrations').pluck().get() as number | null) ?? -1) : -1;
  if (applied > newest) return 'newer';
  return applied < newest ? 'older' : 'same';
}

/** Date and record counts of a backup, read from a read-only connection after integrity_check. */
export function previewBackup(file: string): BackupPreview {
  const full = path.resolve(file);
  if (!fs.existsSync(full) || !fs.statSync(full).isFile()) {
    throw new AppError('NOT_FOUND', `找不到备份文件“${file}”。请确认U盘已插好或重新选择`, 'path');
  }
  try {
    checkLedgerCopy(full);
  } catch (error) {
    refuseBadCopy(error, '这个备份文件');
  }
  const copy = new Database(full, { readonly: true, fileMustExist: true });
  try {
    const state = schemaState(copy);
    if (state === 'newer') {
      throw new AppError('UNSUPPORTED', '这个备份来自更新版本的扶贫台账，本程序无法使用。请先把程序升级到最新版本', 'path');
    }
    const lastChangeAt = (copy.prepare('select at from audit_log order by id desc limit 1').pluck().get() as string | undefined) ?? null;
    const rawOffice = copy.prepare("select value from settings where key = 'officeName'").pluck().get() as string | undefined;
    const office = rawOffice ? (JSON.parse(rawOffice) as unknown) : '';
    const named = parseBackupFileName(path.basename(full));
    return {
      path: full,
      bytes: fs.statSync(full).size,
      takenAt: (named?.takenAt ?? fs.statSync(full).mtime).toISOString(),
      lastChangeAt,
      officeName: typeof office === 'string' ? office : '',
      counts: ledgerCounts(copy),
      needsUpgrade: state === 'older',
    };
  } finally {
    copy.close();
  }
}

function removeJournalFiles(dbFile: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
}

/** Put a sealed copy in place of the (closed) ledger file: a rename, so the file is either old or new. */
function swapIn(staged: string): (dbFile: string) => void {
  return (dbFile) => {
    // The connection closed cleanly (checkpointed): a -wal left now would be replayed onto the new file.
    removeJournalFiles(dbFile);
    fs.renameSync(staged, dbFile);
    try {
      const fd = fs.openSync(path.dirname(dbFile), 'r');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    } catch {
      // Not possible on Windows; the rename is atomic there too.
    }
  };
}

function stagingPath(dbFile: string): string {
  return `${dbFile}.恢复中.db`;
}

/**
 * 恢复: check the copy, back up the current ledger, stage the copy beside the ledger (checked again), swap it
 * in by rename and reopen the ledger in the same context. A kill at any moment leaves the old file or the
 * new one, never a mix. The restore is itself recorded in the restored ledger's audit trail.
 */
export function restoreBackup(ctx: ServiceContext, file: string): Promise<RestoreResult> {
  return exclusive(ctx, async () => {
    if (isOfficeLedger(ctx)) {
      throw new AppError(
        'UNSUPPORTED',
        '台账在办公室服务器上，不能在这里用备份替换它。请在 设置 → 数据存放 中用“从备份恢复到办公室服务器”把备份恢复到一个新的空数据库，核对无误后再让各台电脑连接它。',
        'path',
      );
    }
    const preview = previewBackup(file);
    if (path.resolve(preview.path) === path.resolve(ctx.dbFile)) {
      throw new AppError('VALIDATION', '这是正在使用的台账文件本身，不能用它恢复。请选择一个备份文件', 'path');
    }
    // The counts through the ledger's port, where the restore's audit row goes too; the copy, the chain's heads
    // and the swap are the local file's own (VACUUM INTO, the anchor, the rename): a restore replaces that file.
    const before = await ledgerCountsOn(dataPort(ctx));
    // The head of the chain being put aside: 校验 tells this intended restore from a cut by it (db/anchor.ts).
    const replaced = chainHead(ctx.sqlite);
    const previous = await writeBackup(ctx.sqlite, freeBackupPath(backupFolder(ctx), 'restore', ctx.now()));
    const staged = stagingPath(ctx.dbFile);
    fs.rmSync(staged, { force: true });
    try {
      await copyLedgerFile(preview.path, staged);
    } catch (error) {
      refuseBadCopy(error, '复制出来的备份');
    }
    try {
      replaceLedgerFile(ctx, swapIn(staged));
    } catch (error) {
      // The restored file would not open (e.g. its upgrade failed): put back what was there.
      logError('restore', error);
      const back = `${ctx.dbFile}.还原中.db`;
      fs.copyFileSync(previous.file, back);
      replaceLedgerFile(ctx, swapIn(back));
      throw new AppError('CORRUPT', '恢复后的台账无法打开，已换回恢复前的台账，没有任何改动。请换一个备份再试', 'path');
    }
    await writeAudited(ctx, (_tx, audit) =>
      audit.record({
        action: 'restore',
        entity: 'ledger',
        before: { counts: before },
        // The restored file's head, read inside the transaction: the row right before this one.
        after: { from: preview.path, takenAt: preview.takenAt, previousBackup: previous.file, counts: preview.counts, replaced, restoredHead: chainHead(ctx.sqlite) },
        reason: `从备份恢复：${path.basename(preview.path)}`,
      }),
    );
    rotateBackups(ctx);
    return { restoredFrom: preview.path, previousBackup: previous.file, counts: await ledgerCountsOn(dataPort(ctx)) };
  });
}

/** The CLI's restore into a path that holds no ledger yet: the checked copy simply takes the name. */
export async function restoreIntoNewFile(dbFile: string, file: string): Promise<void> {
  const preview = previewBackup(file);
  fs.mkdirSync(path.dirname(path.resolve(dbFile)), { recursive: true });
  removeJournalFiles(dbFile);
  try {
    await copyLedgerFile(preview.path, path.resolve(dbFile));
  } catch (error) {
    refuseBadCopy(error, '复制出来的备份');
  }
}

/** Record a restore made by restoreIntoNewFile in the new ledger's own trail. */
export async function recordRestore(ctx: ServiceContext, from: string): Promise<void> {
  const counts = await ledgerCountsOn(dataPort(ctx));
  await writeAudited(ctx, (_tx, audit) =>
    audit.record({ action: 'restore', entity: 'ledger', before: null, after: { from: path.resolve(from), counts, replaced: null, restoredHead: chainHead(ctx.sqlite) }, reason: `从备份恢复：${path.basename(from)}` }),
  );
}

export function downloadBackup(ctx: ServiceContext, name: string): { name: string; base64: string } {
  const found = listBackups(ctx).find((b) => b.name === name);
  if (!found) throw new AppError('NOT_FOUND', `备份文件夹中没有“${name}”，请刷新列表后重试`, 'name');
  if (found.bytes > MAX_DOWNLOAD_BYTES) {
    throw new AppError('TOO_LARGE', `这份备份有 ${Math.round(found.bytes / 1024 / 1024)} MB，太大不能在浏览器中下载。请直接从备份文件夹复制：${found.path}`);
  }
  return { name, base64: fs.readFileSync(found.path).toString('base64') };
}
