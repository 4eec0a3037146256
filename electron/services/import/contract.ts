// The import's API contract, ready to be listed in shared/api.ts: one zod input schema per service function
// of electron/services/import/service.ts and the shapes they return. Channel names suggested:
//   'import.open'     importOpenInput     → ImportOpenResult      (read a file; a session for the wizard)
//   'import.preview'  importPreviewInput  → ImportPreview         (sheet, header, mapping, rows, problems)
//   'import.commit'   importCommitInput   → ImportResult          (one transaction; the batch)
//   'import.close'    importCloseInput    → { closed: boolean }
//   'import.cancel'   importCancelInput   → { cancelled: boolean }   (stop a long read of import.open)
//   'import.file'     importFileInput     → ImportResult          (read + commit in one go, as the CLI)
//   'import.batches'  importBatchesInput  → ImportBatchPage       (导入记录)
//   'import.undo'     importUndoInput     → UndoResult            (撤销一个批次)
//   'import.fields'   importFieldsInput   → ImportFieldInfo[]     (the fields a kind can map to)
import { z } from 'zod';
import { FundLevel, ImportKind } from '../../../shared/enums';
import type { Issue, SkippedRow } from './env';
import type { ColumnInfo, PipelineResult, RowView } from './pipeline';
import type { ReconcileEntry } from './reconcile';
import type { ImportBatchRow, UndoResult } from './undo';

const int = (label: string) => z.number({ error: `${label}应为数字` }).int({ error: `${label}应为整数` });

export const importKindSchema = z.enum(ImportKind.values, { error: '导入种类应为 projects、allocations、payments、findings 或 households' });

/** Everything the user can decide in the wizard (and the CLI's options). */
export const importOptionsShape = {
  kind: importKindSchema.optional(),
  sheet: z.string().max(100, { error: '工作表名称过长' }).optional(),
  headerRows: z
    .object({ first: int('表头起始行').min(1), last: int('表头结束行').min(1) })
    .refine((h) => h.last >= h.first && h.last - h.first <= 4, { error: '表头最多 5 行，且结束行不能在起始行之前' })
    .optional(),
  mapping: z
    .array(z.object({ column: int('列号').min(0).max(999), field: z.string().max(40).nullable() }))
    .max(1000)
    .optional(),
  township: z.string().trim().min(1, { error: '乡镇名称不能为空' }).max(30, { error: '乡镇名称过长' }).optional(),
  unit: z.enum(['yuan', 'wan'], { error: '金额单位应为 yuan（元）或 wan（万元）' }).optional(),
  inspection: z.string().trim().min(1, { error: '检查名称不能为空' }).max(200, { error: '检查名称过长' }).optional(),
  addPlaces: z.boolean().optional(),
  onMatch: z.enum(['update', 'skip'], { error: '已有记录的处理方式应为 update（更新）或 skip（跳过）' }).optional(),
  linkageLevel: z.enum(FundLevel.values).optional(),
  includeHiddenRows: z.boolean().optional(),
  excludeRows: z.array(int('行号').min(1)).max(300_000).optional(),
  edits: z
    .array(z.object({ row: int('行号').min(1), column: int('列号').min(0).max(999), value: z.string().max(32_767, { error: '单元格内容过长' }) }))
    .max(10_000)
    .optional(),
  rememberMapping: z.boolean().optional(),
};

export const importOpenInput = z
  .object({
    /** A file on this machine (Electron: from the open dialog; CLI). */
    path: z.string().min(1).max(4096).optional(),
    /** Bytes uploaded by the browser-mode wizard, base64. */
    dataBase64: z.string().max(280 * 1024 * 1024, { error: '文件过大' }).optional(),
    fileName: z.string().trim().min(1).max(255).optional(),
    /** Names this read for progress events and importCancel. */
    jobId: z.string().min(1).max(100).optional(),
  })
  .refine((v) => (v.path === undefined) !== (v.dataBase64 === undefined), { error: '请选择一个文件' })
  .refine((v) => v.path !== undefined || v.fileName !== undefined, { error: '上传文件时须提供文件名' });

export const importPreviewInput = z.object({
  sessionId: z.string().min(1).max(100),
  ...importOptionsShape,
  /** The page of rows to return with their cells (1-based first row, count). */
  rowsFrom: int('起始行').min(1).optional(),
  rowsLimit: int('行数').min(1).max(2000).optional(),
  /** Only rows with errors or warnings ("只看有问题的行"). */
  onlyProblems: z.boolean().optional(),
  /** Show ID numbers unmasked. */
  revealIds: z.boolean().optional(),
});

export const importCommitInput = z.object({ sessionId: z.string().min(1).max(100), ...importOptionsShape });
export const importCloseInput = z.object({ sessionId: z.string().min(1).max(100) });
export const importCancelInput = z.object({ jobId: z.string().min(1).max(100) });
export const importFileInput = z.object({
  path: z.string().min(1).max(4096),
  fileName: z.string().trim().min(1).max(255).optional(),
  ...importOptionsShape,
  dryRun: z.boolean().optional(),
});
export const importBatchesInput = z.object({ limit: int('每页行数').min(1).max(1000).optional(), offset: int('起始行').min(0).optional() });
export const importUndoInput = z.object({ batchId: int('批次编号').positive(), force: z.boolean().optional(), reason: z.string().trim().max(200).optional() });
export const importFieldsInput = z.object({ kind: importKindSchema });

export type ImportOptionsInput = z.infer<z.ZodObject<typeof importOptionsShape>>;
export type ImportOpenInput = z.infer<typeof importOpenInput>;
export type ImportPreviewInput = z.infer<typeof importPreviewInput>;
export type ImportCommitInput = z.infer<typeof importCommitInput>;
export type ImportFileInput = z.infer<typeof importFileInput>;
export type ImportUndoInput = z.infer<typeof importUndoInput>;

export interface ImportOpenResult {
  sessionId: string;
  fileName: string;
  sha256: string;
  size: number;
  format: 'xlsx' | 'xls' | 'html' | 'xml2003' | 'csv';
  encoding: string | null;
  sheets: Array<{ name: string; state: string; rows: number; cols: number }>;
  /** Earlier batches of the same file (same SHA-256). */
  previousBatches: Array<{ id: number; at: string; status: string; imported: number; updated: number }>;
}

/** The CLI contract's object (DESIGN.md), plus what the wizard's result page shows. */
export interface ImportResult {
  ok: true;
  kind: ImportKind;
  sheet: string;
  unit: 'yuan' | 'wan' | null;
  rowsRead: number;
  imported: number;
  updated: number;
  skipped: SkippedRow[];
  errors: Issue[];
  warnings: Issue[];
  totals: { amountFen: number };
  batchId: number | null;
  dryRun: boolean;
  unchanged: number;
  fileName: string;
  sha256: string;
  township: PipelineResult['township'];
  inspection: PipelineResult['inspection'];
  reconcile: ReconcileEntry[];
  placesAdded: PipelineResult['placesToAdd'];
}

export interface PreviewRow extends RowView {
  cells: string[];
  hidden: boolean;
  errors: Issue[];
  warnings: Issue[];
}

export interface ImportPreview extends Omit<PipelineResult, 'rows' | 'batchId'> {
  sessionId: string;
  fileName: string;
  format: ImportOpenResult['format'];
  encoding: string | null;
  fields: ImportFieldInfo[];
  rowCount: number;
  colCount: number;
  merges: Array<{ r1: number; c1: number; r2: number; c2: number }>;
  /** The requested page of rows with cells, classes, outcomes and problems at the cell. */
  rows: PreviewRow[];
  summary: { create: number; update: number; unchanged: number; skip: number; error: number; warningRows: number };
  /** `errors` and `warnings` hold the first 1 000; these are the full counts. */
  errorCount: number;
  warningCount: number;
}

export interface ImportFieldInfo {
  key: string;
  label: string;
  type: string;
  required: boolean;
  multi: boolean;
}

export type ImportColumn = ColumnInfo;
export type ImportBatchPage = { rows: ImportBatchRow[]; total: number };
export type { UndoResult, ImportBatchRow };
