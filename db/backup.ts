// Backup copies of the ledger file. A copy is written under a temporary name, then opened, switched to a
// self-contained rollback journal (no -wal beside it, so it can travel on a USB stick), checked with
// PRAGMA integrity_check, flushed to disk, and only then renamed to its final name. A copy killed half-way is
// therefore never found under a backup's name, and a bad copy is refused instead of kept.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isoDay, officeDateTime, officeDay, officeDayStart } from '../shared/dates';
import { chainHead, manifestPath, writeManifest } from './anchor';
import type { SqliteDb } from './open';

/** What a backup was made for; the part of its file name before the time stamp. */
export const BACKUP_KINDS = ['daily', 'manual', 'migration', 'restore', 'undo'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

const PREFIX: Record<BackupKind, string> = {
  daily: '每日',
  manual: '扶贫台账备份',
  migration: '升级前',
  restore: '恢复前',
  undo: '撤销导入前',
};

const BACKUP_STEP_PAGES = 1024;

/** Suffix of copies still being written; never listed as backups, removed when found stale. */
export const PARTIAL_SUFFIX = '.part';

export class BackupCheckError extends Error {
  constructor(
    message: string,
    readonly problem: string,
  ) {
    super(message);
    this.name = 'BackupCheckError';
  }
}

/** 每日-20240305-083000.db — the office's time (shared/dates.ts), because a clerk reads these names in a folder window. */
export function backupFileName(kind: BackupKind, at: Date): string {
  const stamp = officeDateTime(at, true).replace(/[-:]/g, '').replace(' ', '-');
  return `${PREFIX[kind]}-${stamp}.db`;
}

const NAME_PATTERN = /^(.+)-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d+))?\.db$/;

/** The kind and time a backup's file name records, or null for any other file. */
export function parseBackupFileName(name: string): { kind: BackupKind; takenAt: Date } | null {
  const m = NAME_PATTERN.exec(name);
  if (!m) return null;
  const kind = BACKUP_KINDS.find((k) => PREFIX[k] === m[1]);
  if (!kind) return null;
  const [y, mo, d, h, mi, s] = m.slice(2, 8).map(Number) as [number, number, number, number, number, number];
  const takenAt = new Date(Date.parse(officeDayStart(isoDay(y, mo, d))) + ((h * 60 + mi) * 60 + s) * 1000);
  if (h > 23 || mi > 59 || s > 59 || officeDay(takenAt) !== isoDay(y, mo, d)) return null;
  return { kind, takenAt };
}

/** A free name in the folder: two backups in the same second get -2, -3, … */
export function freeBackupPath(dir: string, kind: BackupKind, at: Date): string {
  const base = backupFileName(kind, at);
  let candidate = path.join(dir, base);
  for (let n = 2; fs.existsSync(candidate); n += 1) candidate = path.join(dir, base.replace(/\.db$/, `-${n}.db`));
  return candidate;
}

function partialPathFor(dest: string): string {
  return `${dest}.${process.pid}-${randomBytes(4).toString('hex')}${PARTIAL_SUFFIX}`;
}

/** Opens a file read-only and runs integrity_check; throws BackupCheckError naming the problem. */
export function checkLedgerCopy(file: string): void {
  let copy: SqliteDb;
  try {
    copy = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupCheckError(`无法打开文件：${(error as Error).message}`, 'unreadable');
  }
  try {
    let rows: string[];
    try {
      rows = (copy.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code === 'SQLITE_NOTADB') throw new BackupCheckError('这不是 SQLite 数据文件', 'not-a-database');
      throw new BackupCheckError(`文件已损坏：${(error as Error).message}`, 'corrupt');
    }
    if (rows.length !== 1 || rows[0] !== 'ok') throw new BackupCheckError(`完整性检查未通过：${rows.slice(0, 3).join('；')}`, 'corrupt');
    const tables = copy.prepare("select name from sqlite_master where type = 'table' and name in ('audit_log', 'projects', 'settings')").pluck().all();
    if (tables.length !== 3) throw new BackupCheckError('这不是扶贫台账的数据文件（缺少台账的数据表）', 'not-a-ledger');
  } finally {
    copy.close();
  }
}

function fsyncPath(target: string, flags: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(target, flags);
    fs.fsyncSync(fd);
  } catch {
    // Directories cannot be opened for fsync on Windows; the rename is still atomic there.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** The audit chain's head in a copy and its row count; null when the copy has no readable trail. */
function headOfCopy(file: string): { head: ReturnType<typeof chainHead>; auditRows: number } | null {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const head = chainHead(copy);
    return { head, auditRows: head ? (copy.prepare('select count(*) from audit_log').pluck().get() as number) : 0 };
  } catch {
    return null;
  } finally {
    copy.close();
  }
}

/**
 * Turn a freshly written partial copy into a backup: rollback journal, integrity_check, fsync, rename.
 * The partial file is removed when anything fails.
 */
function sealCopy(partial: string, dest: string, manifest: boolean): { file: string; bytes: number } {
  try {
    const copy = new Database(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    checkLedgerCopy(partial);
    // The head the copy holds, read from the checked copy itself (the ledger may have moved on meanwhile).
    const head = manifest ? headOfCopy(partial) : null;
    fsyncPath(partial, 'r+');
    fs.renameSync(partial, dest);
    fsyncPath(path.dirname(dest), 'r');
    // A backup's manifest anchors the audit chain outside the ledger (db/anchor.ts). Written after the
    // copy took its name: a manifest without its copy is never left, a copy without one is merely unanchored.
    if (head) writeManifest(dest, { file: path.basename(dest), takenAt: new Date().toISOString(), head: head.head, auditRows: head.auditRows });
    return { file: dest, bytes: fs.statSync(dest).size };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${partial}${suffix}`, { force: true });
    throw error;
  }
}

/** SQLite's online backup of an open connection to `dest`, checked before it takes the name. */
export async function writeBackup(sqlite: SqliteDb, dest: string, options: { manifest?: boolean } = {}): Promise<{ file: string; bytes: number }> {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const partial = partialPathFor(dest);
  try {
    // 4 MB (at 4 KB pages) per step: few event-loop turns on a 400 MB file, yet no step holds the loop long.
    await sqlite.backup(partial, { progress: () => BACKUP_STEP_PAGES });
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return sealCopy(partial, dest, options.manifest ?? true);
}

/** Online backup of a closed file (a backup to restore, staged or put in place: no manifest), opened read-only. */
export async function copyLedgerFile(source: string, dest: string): Promise<{ file: string; bytes: number }> {
  const from = new Database(source, { readonly: true, fileMustExist: true });
  try {
    return await writeBackup(from, dest, { manifest: false });
  } finally {
    from.close();
  }
}

/**
 * The same, synchronously, for the few places that cannot wait (before migrations at open, before a batch
 * undo inside a synchronous service): VACUUM INTO writes a consistent copy including WAL content.
 */
export function writeBackupSync(sqlite: SqliteDb, dest: string): { file: string; bytes: number } {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const partial = partialPathFor(dest);
  try {
    sqlite.prepare('VACUUM INTO ?').run(partial);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return sealCopy(partial, dest, true);
}

/** Remove a backup copy and its manifest. */
export function removeBackupFile(file: string): void {
  fs.rmSync(file, { force: true });
  fs.rmSync(manifestPath(file), { force: true });
}

/** Remove partial copies left by a killed process (older than `olderThanMs`, so a running copy is spared). */
export function removeStalePartials(dir: string, now: Date, olderThanMs = 10 * 60 * 1000): number {
  if (!fs.existsSync(dir)) return 0;
  let removed = 0;
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith(PARTIAL_SUFFIX) && !/\.part-(journal|wal|shm)$/.test(name)) continue;
    const full = path.join(dir, name);
    try {
      if (now.getTime() - fs.statSync(full).mtimeMs > olderThanMs) {
        fs.rmSync(full, { force: true });
        removed += 1;
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return removed;
}
