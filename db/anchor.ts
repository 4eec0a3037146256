// Anchors: the audit chain's newest row (id and hash) written down OUTSIDE the database, so that rows cut off
// the end of the chain leave a trace (a chain whose every row still links to the one before it cannot show
// its own missing tail). Three kinds, read back by 校验 (electron/ledger/audit/verify/anchors.ts):
//   - the anchor file beside the ledger (`台账.db.anchor.json`), rewritten after each committed write;
//   - the manifest beside each backup copy (`每日-….db.manifest.json`), the head the copy holds;
//   - the archive record beside each issued bulletin's PDF (electron/ledger/bulletins/).
// Every file is written to a temporary name and renamed, so a reader finds the old or the new one whole.
import fs from 'node:fs';
import type { SqliteDb } from './open';

export interface ChainHead {
  id: number;
  hash: string;
}

/** The newest audit row, or null for an empty trail (or a file older than the audit table). */
export function chainHead(sqlite: SqliteDb): ChainHead | null {
  const hasTable = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'audit_log'").get();
  if (!hasTable) return null;
  return (sqlite.prepare('select id, hash from audit_log order by id desc limit 1').get() as ChainHead | undefined) ?? null;
}

/** Write text to `file` by way of a temporary file and a rename. */
export function writeFileAtomic(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

function isHead(v: unknown): v is ChainHead {
  return typeof v === 'object' && v !== null && typeof (v as ChainHead).id === 'number' && typeof (v as ChainHead).hash === 'string';
}

// ---- The anchor file beside the ledger ----------------------------------------------------------------

export interface AnchorFile {
  /** The chain's head after the last committed write. */
  head: ChainHead;
  writtenAt: string;
  /**
   * A head written earlier that the chain no longer holds, and no restore explains: kept (the first one
   * seen) so that the next write cannot wipe the trace of a cut.
   */
  lost: (ChainHead & { seenAt: string }) | null;
}

export function anchorFilePath(dbFile: string): string {
  return `${dbFile}.anchor.json`;
}

export function readAnchorFile(dbFile: string): AnchorFile | null | 'unreadable' {
  const file = anchorFilePath(dbFile);
  if (!fs.existsSync(file)) return null;
  const v = readJson(file) as Partial<AnchorFile> | null;
  if (!v || !isHead(v.head)) return 'unreadable';
  const lost = isHead(v.lost) && typeof (v.lost as { seenAt?: unknown }).seenAt === 'string' ? (v.lost as AnchorFile['lost']) : null;
  return { head: v.head, writtenAt: typeof v.writtenAt === 'string' ? v.writtenAt : '', lost };
}

export function writeAnchorFile(dbFile: string, anchor: AnchorFile): void {
  writeFileAtomic(anchorFilePath(dbFile), `${JSON.stringify(anchor, null, 1)}\n`);
}

// ---- Backup manifests ---------------------------------------------------------------------------------

export interface BackupManifest {
  /** The backup file's own name. */
  file: string;
  takenAt: string;
  /** The head of the chain the copy holds (null: the copy has no audit rows). */
  head: ChainHead | null;
  auditRows: number;
}

export function manifestPath(backupFile: string): string {
  return `${backupFile}.manifest.json`;
}

export function readManifest(backupFile: string): BackupManifest | null {
  const v = readJson(manifestPath(backupFile)) as Partial<BackupManifest> | null;
  if (!v || typeof v.takenAt !== 'string') return null;
  return { file: typeof v.file === 'string' ? v.file : '', takenAt: v.takenAt, head: isHead(v.head) ? v.head : null, auditRows: Number(v.auditRows) || 0 };
}

export function writeManifest(backupFile: string, manifest: BackupManifest): void {
  writeFileAtomic(manifestPath(backupFile), `${JSON.stringify(manifest, null, 1)}\n`);
}

// ---- Issued bulletins' archive records -----------------------------------------------------------------

export interface BulletinArchiveRecord {
  title: string;
  /** 第3期 / 增刊第1期. */
  label: string;
  /** Relative to the data folder. */
  pdfPath: string;
  pdfSha256: string;
  issuedBy: string;
  issuedAt: string;
  /** The chain's head right after the issue was recorded. */
  auditHead: ChainHead | null;
}

export const ARCHIVE_RECORD_SUFFIX = '.归档记录.json';

export function archiveRecordPath(pdfFile: string): string {
  return `${pdfFile}${ARCHIVE_RECORD_SUFFIX}`;
}

export function readArchiveRecord(file: string): BulletinArchiveRecord | null {
  const v = readJson(file) as Partial<BulletinArchiveRecord> | null;
  if (!v || typeof v.title !== 'string') return null;
  return {
    title: v.title,
    label: typeof v.label === 'string' ? v.label : '',
    pdfPath: typeof v.pdfPath === 'string' ? v.pdfPath : '',
    pdfSha256: typeof v.pdfSha256 === 'string' ? v.pdfSha256 : '',
    issuedBy: typeof v.issuedBy === 'string' ? v.issuedBy : '',
    issuedAt: typeof v.issuedAt === 'string' ? v.issuedAt : '',
    auditHead: isHead(v.auditHead) ? v.auditHead : null,
  };
}
