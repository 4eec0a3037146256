// 设置 → 数据存放's 迁移到办公室服务器…, 从服务器导出本机文件…, the office backup and its restore: the channels'
// services over electron/office/ledger-transfer.ts. Each names what it will copy first (preview), runs with
// progress events, answers in Chinese, and leaves a row in this PC's audit trail naming the server and the counts.
import path from 'node:path';
import { freeBackupPath } from '../../db/backup';
import type {
  OfficeServerInput,
  TransferPreview,
  TransferResult,
} from '../../shared/api-office';
import type { ChannelParsedInput } from '../../shared/api';
import { ledgerCountsText, type LedgerCounts } from '../../shared/api-backup';
import { AppError } from '../../shared/errors';
import { officeDateTime } from '../../shared/dates';
import { ledgerCounts, ledgerCountsOn, officeBackupFolder, previewBackup } from '../ledger/backup/service';
import { writeAudited } from '../platform/audited-write';
import type { ServiceContext } from '../platform/context';
import { TABLE_LABEL, type CopyProgress } from '../platform/ledger-copy';
import { connectOfficeServer, migratedSentence, OfficeServerError } from '../platform/office-server';
import { postgresPort } from '../platform/postgres-port';
import {
  checkWrittenFile,
  copyFileToServer,
  copyLocalLedgerToServer,
  copyServerToNewFile,
  type ServerEnd,
  type TransferReport,
} from './ledger-transfer';
import { fieldsOf, passwordFor, serverText } from './service';

const JOB = 'ledgerTransfer';

/** Where office-server backups go: 备份/办公室服务器 beside this PC's ledger. */

function serverEnd(ctx: ServiceContext, input: OfficeServerInput): ServerEnd {
  return { settings: fieldsOf(input), password: passwordFor(ctx, input), migrationsFolder: ctx.ledgerLocation?.pgMigrationsFolder, backupFolder: officeBackupFolder(ctx) };
}

/** The server's refusals (unreachable, wrong password, not a ledger, …) as the clerk's error. */
async function asClerkError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OfficeServerError) throw new AppError('CONFLICT', error.message);
    throw error;
  }
}

function progressOf(ctx: ServiceContext, verb: string): (p: CopyProgress) => void {
  return (p) => ctx.emitProgress({ jobId: JOB, label: `${verb}：${TABLE_LABEL[p.table] ?? p.table}（第 ${p.tableIndex}/${p.tableCount} 张表）`, done: p.done, total: p.total });
}

function resultOf(report: TransferReport, target: string, file: string | null, counts: LedgerCounts, done: string): TransferResult {
  const pdfNote = report.missingPdfs.length > 0 ? `另有 ${report.missingPdfs.length} 期简报的归档 PDF 缺失，打开时会按签发时的定稿重新生成。` : '';
  return {
    target,
    file,
    tables: report.tables.map((t) => ({ table: t.table, label: TABLE_LABEL[t.table] ?? t.table, rows: t.rows })),
    counts,
    files: report.files,
    missingPdfs: report.missingPdfs,
    message: `${report.serverMigrated ?? ''}${done}：${ledgerCountsText(counts)}，文件 ${report.files} 个；每张表的行数和金额合计已核对一致，审计日志哈希链完整。${pdfNote}`,
  };
}

/** A new folder for a ledger made from the server: the file and, beside it, its files (a local ledger keeps them so). */
function defaultExportFile(ctx: ServiceContext): string {
  // 扶贫台账-2026-12-07-1930 (the office's wall clock, as the clerk reads it).
  const stamp = officeDateTime(ctx.now(), true).replace(/[: ]/g, '-').replace(/-(\d\d)-(\d\d)-(\d\d)$/, '-$1$2$3');
  return path.join(ctx.dataDir, '从服务器导出', `扶贫台账-${stamp}`, '扶贫台账.db');
}

export async function previewTransfer(ctx: ServiceContext, input: ChannelParsedInput<'ledgerTransfer.preview'>): Promise<TransferPreview> {
  const where = serverText(fieldsOf(input.server)) ?? '';
  if (input.direction === 'toServer') {
    return { source: `本机台账文件 ${ctx.dbFile}`, target: `办公室服务器 ${where}`, counts: ledgerCounts(ctx.sqlite), file: null, migrated: null };
  }
  const server = serverEnd(ctx, input.server);
  return asClerkError(async () => {
    const connection = await connectOfficeServer(server.settings, server.password, { migrationsFolder: server.migrationsFolder, backupFolder: server.backupFolder, now: () => ctx.now() });
    try {
      const counts = await ledgerCountsOn(postgresPort(connection.pool));
      const file = defaultExportFile(ctx);
      return { source: `办公室服务器 ${where}`, target: `本机文件 ${file}`, counts, file, migrated: migratedSentence(connection) };
    } finally {
      await connection.pool.end();
    }
  });
}

async function recordTransfer(ctx: ServiceContext, action: string, after: Record<string, unknown>, reason: string): Promise<void> {
  await writeAudited(ctx, async (_tx, audit) => {
    await audit.record({ action, entity: 'ledger', after, reason });
  });
}

/** 迁移到办公室服务器: this PC's ledger and its files into an empty server database. */
export async function transferToServer(ctx: ServiceContext, input: ChannelParsedInput<'ledgerTransfer.toServer'>): Promise<TransferResult> {
  const server = serverEnd(ctx, input.server);
  const where = serverText(server.settings) ?? '';
  const report = await asClerkError(() => copyLocalLedgerToServer(ctx, server, { now: () => ctx.now(), onProgress: progressOf(ctx, '正在迁移到办公室服务器') }));
  const counts = ledgerCounts(ctx.sqlite);
  await recordTransfer(ctx, 'migrateToServer', { server: where, counts, files: report.files }, `迁移到办公室服务器 ${where}`);
  return resultOf(report, where, null, counts, `已迁移到办公室服务器 ${where}`);
}

/** 从服务器导出本机文件: the server into a new local ledger file, its files beside it. */
export async function transferToFile(ctx: ServiceContext, input: ChannelParsedInput<'ledgerTransfer.toFile'>): Promise<TransferResult> {
  const server = serverEnd(ctx, input.server);
  const where = serverText(server.settings) ?? '';
  const file = path.resolve(input.file ?? defaultExportFile(ctx));
  const report = await asClerkError(() =>
    copyServerToNewFile(server, file, 'folder', { now: () => ctx.now(), onProgress: progressOf(ctx, '正在从服务器导出'), sqliteMigrationsFolder: ctx.ledgerLocation?.sqliteMigrationsFolder }),
  );
  const counts = await ledgerCountsOf(file);
  await recordTransfer(ctx, 'exportFromServer', { server: where, file, counts, files: report.files }, `从办公室服务器 ${where} 导出本机文件`);
  return resultOf(report, where, file, counts, `已从办公室服务器导出到 ${file}`);
}

async function ledgerCountsOf(file: string): Promise<LedgerCounts> {
  return previewBackup(file).counts;
}

/**
 * The office backup: the server, files included, into one new file under 备份/办公室服务器 beside this PC's
 * ledger, then read back and compared table by table with what the copy wrote.
 */
export async function backupServer(ctx: ServiceContext, input: ChannelParsedInput<'ledgerTransfer.backupServer'>): Promise<TransferResult> {
  const server = serverEnd(ctx, input.server);
  const where = serverText(server.settings) ?? '';
  const file = freeBackupPath(officeBackupFolder(ctx), 'manual', ctx.now());
  const report = await asClerkError(() =>
    copyServerToNewFile(server, file, 'table', { now: () => ctx.now(), onProgress: progressOf(ctx, '正在备份办公室服务器'), sqliteMigrationsFolder: ctx.ledgerLocation?.sqliteMigrationsFolder }),
  );
  await checkWrittenFile(file, report.tables);
  const counts = await ledgerCountsOf(file);
  await recordTransfer(ctx, 'backupServer', { server: where, file, counts, files: report.files }, `备份办公室服务器 ${where}`);
  return resultOf(report, where, file, counts, `办公室服务器已备份到 ${file}`);
}

/** 恢复 an office backup into a new, empty server database (the clerk has seen its date and counts: backup.preview). */
export async function restoreToServer(ctx: ServiceContext, input: ChannelParsedInput<'ledgerTransfer.restoreToServer'>): Promise<TransferResult> {
  const preview = previewBackup(input.file);
  const server = serverEnd(ctx, input.server);
  const where = serverText(server.settings) ?? '';
  const report = await asClerkError(() =>
    copyFileToServer(preview.path, server, { now: () => ctx.now(), onProgress: progressOf(ctx, '正在恢复到办公室服务器'), sqliteMigrationsFolder: ctx.ledgerLocation?.sqliteMigrationsFolder }),
  );
  await recordTransfer(ctx, 'restoreToServer', { server: where, from: preview.path, takenAt: preview.takenAt, counts: preview.counts, files: report.files }, `从备份恢复到办公室服务器 ${where}`);
  return resultOf(report, where, null, preview.counts, `备份已恢复到办公室服务器 ${where}`);
}
