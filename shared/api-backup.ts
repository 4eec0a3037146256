// 备份与恢复: the channels, their input schemas and result shapes.
import { z } from 'zod';
import { channel } from './channel';

// ---- 备份与恢复 --------------------------------------------------------------------------------------

export const BACKUP_KIND_LABEL = {
  daily: '每日自动',
  manual: '手动',
  migration: '升级前',
  restore: '恢复前',
  undo: '撤销导入前',
} as const;
export type BackupKindName = keyof typeof BACKUP_KIND_LABEL;

export interface BackupFile {
  name: string;
  path: string;
  kind: BackupKindName;
  /** When the copy was made (ISO instant). */
  takenAt: string;
  bytes: number;
}

export interface BackupList {
  /** The 备份 folder beside the ledger file. */
  folder: string;
  rows: BackupFile[];
  /**
   * What is kept: scheduled (每日) copies rotate daily/weekly/monthly; copies made before an operation are kept
   * preOperationDays days, the newest preOperationKeep whatever their age; manual copies always.
   */
  policy: { daily: number; weekly: number; monthly: number; preOperationDays: number; preOperationKeep: number };
}

/** Records a clerk recognises, counted in a backup without opening it for writing. */
export interface LedgerCounts {
  townships: number;
  villages: number;
  projects: number;
  allocations: number;
  payments: number;
  assets: number;
  inspections: number;
  findings: number;
  households: number;
  attachments: number;
  auditRows: number;
}

/** The record counts as the 备份 screen and the 审计日志 name them: label and counting word. */
export const LEDGER_COUNT_LABEL: Record<keyof LedgerCounts, { label: string; unit: string }> = {
  townships: { label: '乡镇', unit: '个' },
  villages: { label: '村', unit: '个' },
  projects: { label: '项目', unit: '个' },
  allocations: { label: '资金下达', unit: '笔' },
  payments: { label: '拨付', unit: '笔' },
  assets: { label: '资产', unit: '项' },
  inspections: { label: '督导检查', unit: '次' },
  findings: { label: '问题', unit: '条' },
  households: { label: '脱贫户', unit: '户' },
  attachments: { label: '佐证材料', unit: '份' },
  auditRows: { label: '审计记录', unit: '条' },
};

/** 项目 12 个、拨付 30 笔、… (the counts that are not 0), as confirms, results and the audit trail say them. */
export function ledgerCountsText(counts: Partial<Record<keyof LedgerCounts, unknown>>): string {
  const parts = (Object.keys(LEDGER_COUNT_LABEL) as Array<keyof LedgerCounts>)
    .filter((k) => typeof counts[k] === 'number' && (counts[k] as number) > 0)
    .map((k) => `${LEDGER_COUNT_LABEL[k].label} ${(counts[k] as number).toLocaleString('zh-CN')} ${LEDGER_COUNT_LABEL[k].unit}`);
  return parts.length ? parts.join('、') : '（无记录）';
}

export interface BackupPreview {
  path: string;
  bytes: number;
  /** When the copy was made: from its file name when it is one of ours, else the file's modification time. */
  takenAt: string;
  /** The newest change recorded in the copy's audit trail (ISO instant), null for an empty ledger. */
  lastChangeAt: string | null;
  officeName: string;
  counts: LedgerCounts;
  /** The copy's schema is older than this program's: it is upgraded after restoring (and backed up first). */
  needsUpgrade: boolean;
}

export interface RestoreResult {
  restoredFrom: string;
  /** The copy of the ledger as it was before the restore. */
  previousBackup: string | null;
  counts: LedgerCounts;
}

export const filePath = (label: string) =>
  z
    .string({ error: `请选择${label}` })
    .trim()
    .min(1, { error: `请选择${label}` })
    .max(1000, { error: `${label}路径过长` });

export const backupCreateInput = z
  .object({
    /** A folder the user picked (e.g. a USB stick); default: the 备份 folder beside the ledger. */
    folder: filePath('备份文件夹').optional(),
  })
  .strict()
  .optional();

export const backupPathInput = z.object({ path: filePath('备份文件') }).strict();

export const backupRestoreInput = z
  .object({
    path: filePath('备份文件'),
    confirm: z.literal(true, { error: '恢复会替换当前台账，请先确认' }),
  })
  .strict();

export const backupDownloadInput = z
  .object({ name: z.string({ error: '请选择备份' }).min(1).max(200) })
  .strict();

export const backupChannels = {
  'backup.list': channel(z.object({}).strict().optional()).returns<BackupList>().reads('read'),
  'backup.create': channel(backupCreateInput).returns<BackupFile>().reads('clerk'),
  'backup.preview': channel(backupPathInput).returns<BackupPreview>().reads('admin'),
  'backup.restore': channel(backupRestoreInput).returns<RestoreResult>().writes('admin'),
  /** Browser mode cannot pick a folder: it downloads one of the 备份 folder's copies instead. */
  'backup.download': channel(backupDownloadInput).returns<{ name: string; base64: string }>().reads('read'),
  /** Electron only: the system dialogs. Elsewhere they answer UNSUPPORTED and the screen asks for a typed path. */
  'backup.pickFolder': channel(z.object({}).strict().optional()).returns<{ path: string | null }>().reads('read'),
  'backup.pickFile': channel(z.object({}).strict().optional()).returns<{ path: string | null }>().reads('admin'),
};
