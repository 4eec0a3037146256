// The import's part of the API contract (导入向导、导入记录、撤销): zod input schemas, the plain result types
// the wizard reads, and `importChannels`, which shared/api.ts lists. The services are in
// electron/ledger/imports/service.ts; the pipeline's own modules re-export these types.
import { z } from 'zod';
import { channel } from './channel';
import { FundLevel, ImportKind } from './enums';
import type { MoneyUnit } from './money';
import { IMPORT_WARNING_KIND_KEYS, type ImportWarningGroup, type ImportWarningKind } from './import/warnings';
import { INSPECTION_FIELD, inspectionFieldMax } from './supervision/fields';

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
  inspection: z
    .string()
    .trim()
    .min(1, { error: `${INSPECTION_FIELD.name.label}不能为空` })
    .max(inspectionFieldMax('name'), { error: `${INSPECTION_FIELD.name.label}过长` })
    .optional(),
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
  /**
   * Import even though rows' amounts (or dates) will be empty while a column the mapping left unused holds
   * numbers (or dates) — the clerk has looked (the CLI's --allow-missing-amounts, the wizard's confirmation).
   */
  allowMissingAmounts: z.boolean().optional(),
};

export const importOpenInput = z
  .object({
    /** A file on this machine (CLI, scripts). The browser door refuses paths. */
    path: z.string().min(1).max(4096).optional(),
    /** Bytes uploaded by the wizard (both the Electron window and browser mode), base64. */
    dataBase64: z.string().max(280 * 1024 * 1024, { error: '文件过大' }).optional(),
    fileName: z.string().trim().min(1).max(255).optional(),
    /** Names this read for progress events and import.cancel. */
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

export const importCommitInput = z.object({ sessionId: z.string().min(1).max(100), jobId: z.string().min(1).max(100).optional(), ...importOptionsShape });
export const importCloseInput = z.object({ sessionId: z.string().min(1).max(100) });
export const importCancelInput = z.object({ jobId: z.string().min(1).max(100) });
export const importFileInput = z.object({
  path: z.string().min(1).max(4096),
  fileName: z.string().trim().min(1).max(255).optional(),
  ...importOptionsShape,
  dryRun: z.boolean().optional(),
  /** Every warning in `warnings` (the CLI's --all-warnings); otherwise each kind's first rows. */
  allWarnings: z.boolean().optional(),
});
export const importBatchesInput = z.object({ limit: int('每页行数').min(1).max(1000).optional(), offset: int('起始行').min(0).optional() });
export const importUndoInput = z.object({ batchId: int('批次编号').positive(), force: z.boolean().optional(), reason: z.string().trim().max(200).optional() });
export const importUndoPreviewInput = z.object({ batchId: int('批次编号').positive() });
export const importBatchGetInput = z.object({ batchId: int('批次编号').positive() });
export const importFieldsInput = z.object({ kind: importKindSchema });
/** A page of one preview's or commit's warnings, of one kind or of all (the wizard's full list). */
export const importWarningsInput = z.object({
  sessionId: z.string().min(1).max(100),
  warningsId: z.string().min(1).max(100),
  kind: z.enum(IMPORT_WARNING_KIND_KEYS as [ImportWarningKind, ...ImportWarningKind[]], { error: '提醒的种类不正确' }).nullable().optional(),
  offset: int('起始位置').min(0).optional(),
  limit: int('每页条数').min(1).max(500).optional(),
});

export type ImportOptionsInput = z.infer<z.ZodObject<typeof importOptionsShape>>;
export type ImportOpenInput = z.infer<typeof importOpenInput>;
export type ImportPreviewInput = z.infer<typeof importPreviewInput>;
export type ImportCommitInput = z.infer<typeof importCommitInput>;
export type ImportFileInput = z.infer<typeof importFileInput>;
export type ImportUndoInput = z.infer<typeof importUndoInput>;

// ---- Result shapes ----------------------------------------------------------------------------------

/** A problem found while reading: at a row and column of the sheet, or of the file as a whole. */
export interface ImportIssue {
  /** 1-based sheet row; null for the file as a whole. */
  row: number | null;
  /** Column letter ("F"); null when the problem is the row's or the file's. */
  column: string | null;
  /** The field the column maps to, for the wizard to mark the cell. */
  field?: string;
  /** A warning's kind (shared/import/warnings.ts): warnings of one kind are shown as one group. */
  kind?: ImportWarningKind;
  message: string;
}

export interface SkippedRow {
  row: number;
  reason: string;
}

/** What a row under the header is (the pipeline's classification). */
export type ImportRowClass = 'data' | 'blank' | 'total' | 'subtotal' | 'footer' | 'section' | 'columnNumbers' | 'repeatedHeader' | 'continuation' | 'note';
/** What importing a data row does. */
export type ImportOutcome = 'create' | 'update' | 'unchanged' | 'skip' | 'error';
export type ImportColumnSource = 'auto' | 'remembered' | 'user';

export interface ImportColumnInfo {
  index: number;
  letter: string;
  /** The flattened header ("资金规模/中央"). */
  header: string;
  field: string | null;
  fieldLabel: string | null;
  source: ImportColumnSource;
  unit: MoneyUnit | null;
}

export interface ImportRowView {
  row: number;
  cls: ImportRowClass | 'title' | 'header' | 'hidden' | 'excluded';
  outcome: ImportOutcome | null;
  reason: string | null;
  targetId: number | null;
}

/** 核对合计: a 合计/小计 row against the rows it adds up, per money column. */
export interface ReconcileEntry {
  /** 1-based row of the 合计/小计 row. */
  row: number;
  column: number;
  field: string;
  label: string;
  statedFen: number;
  /** Sum of every row it covers, as the ledger reads them. */
  sumFen: number;
  /** Sum of the rows that will be imported (or updated, or are unchanged). */
  importedFen: number;
  ok: boolean;
  message: string | null;
}

/** Rows whose money (or date) fields will be empty while unused columns hold numbers (or dates). */
export interface ImportMissingValues {
  type: 'money' | 'date';
  /** How many data rows. */
  rows: number;
  /** The unused columns that hold them, by letter and header, with how many of those rows each. */
  columns: Array<{ letter: string; header: string; rows: number }>;
  /** The kind's fields that stay empty (their labels). */
  fields: string[];
  message: string;
}

export interface ImportSheetNotes {
  title: string | null;
  lines: string[];
  unit: MoneyUnit | null;
  year: number | null;
  /** The 填报单位 line's unit name, when given. */
  reportingUnit: string | null;
}

export interface ImportPreviousBatch {
  id: number;
  at: string;
  status: string;
  imported: number;
  updated: number;
}

/** What the pipeline understood of a sheet and plans to do with it (the wizard's and the CLI's common part). */
export interface ImportPlan {
  kind: ImportKind;
  kindScores: Record<ImportKind, number>;
  sheet: string;
  sheets: Array<{ name: string; state: string; rows: number; cols: number; kind: ImportKind | null; score: number; hasHeader: boolean }>;
  header: { first: number; last: number; signature: string };
  columns: ImportColumnInfo[];
  notes: ImportSheetNotes;
  unit: MoneyUnit | null;
  unitSource: 'option' | 'note' | 'header' | 'guess' | 'default' | null;
  township: { id: number | null; name: string; source: 'option' | 'reportingUnit' | 'title'; isNew: boolean } | null;
  inspection: { id: number | null; name: string; isNew: boolean } | null;
  rowsRead: number;
  imported: number;
  updated: number;
  unchanged: number;
  skipped: SkippedRow[];
  errors: ImportIssue[];
  /** Each kind's first rows (WARNING_GROUP_SAMPLES of each), in sheet order; the whole list by kind on demand. */
  warnings: ImportIssue[];
  /** Warnings of one kind are one group: its sentence, its count, its first rows. */
  warningGroups: ImportWarningGroup[];
  warningCount: number;
  totals: { amountFen: number };
  reconcile: ReconcileEntry[];
  /** Money or dates the mapping missed (refused unless allowMissingAmounts). */
  missingValues: ImportMissingValues[];
  placesToAdd: Array<{ level: string; name: string; parent: string | null; code: string }>;
  previousBatches: ImportPreviousBatch[];
}

export type ImportFormat = 'xlsx' | 'xls' | 'html' | 'xml2003' | 'csv';

export interface ImportOpenResult {
  sessionId: string;
  fileName: string;
  sha256: string;
  size: number;
  format: ImportFormat;
  encoding: string | null;
  sheets: Array<{ name: string; state: string; rows: number; cols: number }>;
  /** Earlier batches of the same file (same SHA-256). */
  previousBatches: ImportPreviousBatch[];
}

/** The CLI contract's object (DESIGN.md), plus what the wizard's result page shows. */
export interface ImportResult {
  ok: true;
  kind: ImportKind;
  sheet: string;
  unit: MoneyUnit | null;
  rowsRead: number;
  imported: number;
  updated: number;
  skipped: SkippedRow[];
  errors: ImportIssue[];
  /** Each kind's first rows (the CLI's --all-warnings: every warning). */
  warnings: ImportIssue[];
  warningGroups: ImportWarningGroup[];
  warningCount: number;
  /** Names this import's full warning list for import.warnings (the wizard's pages); null from the CLI. */
  warningsId: string | null;
  totals: { amountFen: number };
  batchId: number | null;
  dryRun: boolean;
  unchanged: number;
  fileName: string;
  sha256: string;
  township: ImportPlan['township'];
  inspection: ImportPlan['inspection'];
  reconcile: ReconcileEntry[];
  missingValues: ImportMissingValues[];
  placesAdded: ImportPlan['placesToAdd'];
}

export interface ImportPreviewRow extends ImportRowView {
  cells: string[];
  hidden: boolean;
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

export interface ImportFieldInfo {
  key: string;
  label: string;
  type: string;
  required: boolean;
  multi: boolean;
}

export interface ImportPreview extends ImportPlan {
  sessionId: string;
  fileName: string;
  format: ImportFormat;
  encoding: string | null;
  fields: ImportFieldInfo[];
  rowCount: number;
  colCount: number;
  merges: Array<{ r1: number; c1: number; r2: number; c2: number }>;
  /** The requested page of rows with cells, classes, outcomes and problems at the cell. */
  rows: ImportPreviewRow[];
  /** How many rows the page was taken from (all rows, or only those with problems). */
  rowsTotal: number;
  summary: { create: number; update: number; unchanged: number; skip: number; error: number; warningRows: number };
  /** `errors` holds the first 1 000; this is the full count (warnings: warningGroups and warningCount). */
  errorCount: number;
  /** Names this preview's full warning list for import.warnings. */
  warningsId: string;
}

export interface ImportWarningsPage {
  total: number;
  rows: ImportIssue[];
}

export interface ImportBatchRow {
  id: number;
  kind: string;
  fileName: string;
  fileSha256: string;
  sheetName: string | null;
  operator: string;
  rowsRead: number;
  imported: number;
  updated: number;
  skipped: number;
  totalFen: number;
  status: 'done' | 'undone';
  createdAt: string;
  undoneAt: string | null;
}

/** How a ledger names its 导入批次 filter: "导入批次 #12（桦树镇项目台账.xlsx）". */
export function importBatchLabel(batch: { id: number; fileName: string }): string {
  return `导入批次 #${batch.id}（${batch.fileName}）`;
}

export interface ImportBatchPage {
  rows: ImportBatchRow[];
  total: number;
}

export interface UndoResult {
  batchId: number;
  removed: number;
  restored: number;
}

/** What undoing a batch would do, for the confirmation. */
export interface UndoPreview {
  batchId: number;
  fileName: string;
  status: 'done' | 'undone';
  /** Records the batch created, by what they are (项目, 拨付记录, 区划…), that would be removed. */
  remove: Array<{ entity: string; label: string; count: number }>;
  /** Records the batch updated that would get their earlier values back. */
  restore: Array<{ entity: string; label: string; count: number }>;
  /** Later work that depends on the batch: undo is refused while any is listed. */
  blocking: string[];
  /** Records changed after the import (undo would lose those changes; needs force). */
  editedLater: number;
}

export const importChannels = {
  'import.open': channel(importOpenInput).returns<ImportOpenResult>().reads('clerk'),
  'import.preview': channel(importPreviewInput).returns<ImportPreview>().reads('clerk'),
  'import.commit': channel(importCommitInput).returns<ImportResult>().writes('clerk'),
  'import.close': channel(importCloseInput).returns<{ closed: boolean }>().reads('clerk'),
  'import.cancel': channel(importCancelInput).returns<{ cancelled: boolean }>().reads('clerk'),
  'import.fields': channel(importFieldsInput).returns<ImportFieldInfo[]>().reads('read'),
  'import.warnings': channel(importWarningsInput).returns<ImportWarningsPage>().reads('clerk'),
  'import.batches': channel(importBatchesInput).returns<ImportBatchPage>().reads('read'),
  'import.batches.get': channel(importBatchGetInput).returns<ImportBatchRow>().reads('read'),
  'import.undoPreview': channel(importUndoPreviewInput).returns<UndoPreview>().reads('read'),
  'import.undo': channel(importUndoInput).returns<UndoResult>().writes('clerk'),
};
