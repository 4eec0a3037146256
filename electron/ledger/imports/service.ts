// The import services: plain functions (ctx, input) → result, each with its zod input schema in
// contract.ts, for the channel table of shared/api.ts. The wizard opens a file once (a session keeps the
// parsed sheets in memory for a while) and then previews with its choices as often as it likes; the commit
// runs the same pipeline inside one transaction. importFile is the CLI's one-shot path.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { IMPORT_FIELDS } from '../../../shared/import/fields';
import type { ServiceContext } from '../../platform/context';
import { dataPort } from '../../platform/data-port';
import { importBatchesOfFile } from './batches-store';
import type {
  ImportCommitInput,
  ImportFieldInfo,
  ImportFileInput,
  ImportOpenInput,
  ImportOpenResult,
  ImportOptionsInput,
  ImportPreview,
  ImportPreviewInput,
  ImportResult,
  ImportPreviewRow as PreviewRow,
  ImportIssue,
  ImportWarningsPage,
} from '../../../shared/api-import';
import type { z } from 'zod';
import type { importWarningsInput } from '../../../shared/api-import';
import type { IssueLog } from './env';
import { runPipeline, sheetCells, type PipelineOptions, type PipelineResult } from './pipeline';
import { readImportFile, type ReadFileResult } from './read';
import { getImportBatch, listImportBatches, previewUndoImportBatch, undoImportBatch, type UndoPreview, type UndoResult } from './undo';
import type { ImportKind } from '../../../shared/enums';

interface Session {
  id: string;
  file: ReadFileResult;
  dbFile: string;
  touched: number;
  /** The problems of the latest previews and the commit, for import.warnings' pages (newest last). */
  logs: Array<{ id: string; log: IssueLog }>;
}

const SESSION_TTL_MS = 60 * 60 * 1000;
const PREVIEW_ISSUES = 1000;
/** Previews (and a commit) whose full warning lists a session keeps: the one shown and the one before. */
const KEPT_LOGS = 3;
const MAX_SESSIONS = 4;
const sessions = new Map<string, Session>();

function sweep(): void {
  const now = Date.now();
  for (const [id, s] of sessions) if (now - s.touched > SESSION_TTL_MS) sessions.delete(id);
  while (sessions.size > MAX_SESSIONS) {
    const oldest = [...sessions.values()].sort((a, b) => a.touched - b.touched)[0];
    if (!oldest) break;
    sessions.delete(oldest.id);
  }
}

function session(ctx: ServiceContext, id: string): Session {
  const s = sessions.get(id);
  if (!s || s.dbFile !== ctx.dbFile) throw new AppError('NOT_FOUND', '导入会话已过期（超过 1 小时未操作或已关闭），请重新选择文件');
  s.touched = Date.now();
  return s;
}

function options(input: ImportOptionsInput): PipelineOptions {
  const out: PipelineOptions = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

async function previousBatches(ctx: ServiceContext, sha256: string): Promise<ImportOpenResult['previousBatches']> {
  return (await importBatchesOfFile(dataPort(ctx), sha256)).map((b) => ({ id: b.id, at: b.createdAt, status: b.status, imported: b.imported, updated: b.updated }));
}

const reading = new Map<string, AbortController>();

/**
 * Read a file (a path on this machine, or uploaded bytes) and keep its sheets for the wizard's next steps.
 * The browser door may only upload: a path from a web page must not reach the file system. `jobId` lets
 * importCancel stop a long read.
 */
export async function importOpen(ctx: ServiceContext, input: ImportOpenInput): Promise<ImportOpenResult> {
  if (input.path !== undefined && ctx.door === 'web') {
    throw new AppError('FORBIDDEN', '浏览器模式不能按路径读取文件，请通过“选择文件”上传');
  }
  const jobId = input.jobId ?? 'import.open';
  const controller = new AbortController();
  reading.set(jobId, controller);
  ctx.emitProgress({ jobId, label: '正在读取文件', done: 0, total: 1 });
  let file: ReadFileResult;
  try {
    file =
      input.path !== undefined
        ? await readImportFile({ path: input.path, ...(input.fileName ? { fileName: input.fileName } : {}) }, { signal: controller.signal })
        : await readImportFile({ bytes: Buffer.from(input.dataBase64 ?? '', 'base64'), fileName: input.fileName ?? '上传的文件' }, { signal: controller.signal });
  } finally {
    reading.delete(jobId);
  }
  sweep();
  const id = randomUUID();
  sessions.set(id, { id, file, dbFile: ctx.dbFile, touched: Date.now(), logs: [] });
  sweep();
  ctx.emitProgress({ jobId, label: '已读取文件', done: 1, total: 1 });
  return {
    sessionId: id,
    fileName: file.fileName,
    sha256: file.sha256,
    size: file.size,
    format: file.data.format,
    encoding: file.data.encoding,
    sheets: file.data.sheets.map((s) => ({ name: s.name, state: s.state, rows: s.rowCount, cols: s.colCount })),
    previousBatches: await previousBatches(ctx, file.sha256),
  };
}

/** Stop reading a file (the wizard's cancel button while 正在读取文件). */
export function importCancel(_ctx: ServiceContext, input: { jobId: string }): { cancelled: boolean } {
  const c = reading.get(input.jobId);
  if (!c) return { cancelled: false };
  c.abort();
  return { cancelled: true };
}

export function importClose(_ctx: ServiceContext, input: { sessionId: string }): { closed: boolean } {
  return { closed: sessions.delete(input.sessionId) };
}

export function importFields(_ctx: ServiceContext, input: { kind: ImportKind }): ImportFieldInfo[] {
  return IMPORT_FIELDS[input.kind].map((f) => ({ key: f.key, label: f.label, type: f.type, required: f.required === true, multi: f.multi === true }));
}

/** What the wizard shows: the sheet as it looks (a page of rows), the header, the mapping, every problem at its cell. */
export async function importPreview(ctx: ServiceContext, input: ImportPreviewInput): Promise<ImportPreview> {
  const s = session(ctx, input.sessionId);
  const { sessionId, rowsFrom, rowsLimit, onlyProblems, revealIds, ...rest } = input;
  const result = await runPipeline(ctx, s.file.data, { fileName: s.file.fileName, sha256: s.file.sha256, size: s.file.size }, { ...options(rest), commit: false, withRows: true, wizard: true });
  const warningsId = keepLog(s, result.log);
  const errorsByRow = new Map<number, ImportIssue[]>();
  for (const e of result.errors) if (e.row !== null) errorsByRow.set(e.row, [...(errorsByRow.get(e.row) ?? []), e]);
  const warningRows = result.log.rowsWithWarnings();
  const idColumns = result.columns.filter((c) => c.field === 'idNumber').map((c) => c.index);
  let views = result.rows;
  if (onlyProblems) views = views.filter((r) => errorsByRow.has(r.row) || warningRows.has(r.row));
  const from = rowsFrom ?? 1;
  const limit = rowsLimit ?? 200;
  // Every sheet row has a view (title, header, data, skipped), so the page is by position in either list.
  const page = views.slice(from - 1, from - 1 + limit);
  const warningsByRow = result.log.warningsOfRows(new Set(page.map((v) => v.row)));
  const rows: PreviewRow[] = [];
  let merges: ImportPreview['merges'] = [];
  let rowCount = 0;
  let colCount = 0;
  if (page.length > 0 || !onlyProblems) {
    const first = page[0]?.row ?? from;
    const last = page[page.length - 1]?.row ?? from;
    const cells = sheetCells(s.file.data, result.sheet, first, last - first + 1, { idColumns, reveal: revealIds === true });
    merges = cells.merges;
    rowCount = cells.rowCount;
    colCount = cells.colCount;
    const cellRows = new Map(cells.rows.map((r) => [r.row, r]));
    for (const v of page) {
      const c = cellRows.get(v.row);
      rows.push({ ...v, cells: c?.cells ?? [], hidden: c?.hidden ?? false, errors: errorsByRow.get(v.row) ?? [], warnings: warningsByRow.get(v.row) ?? [] });
    }
  } else {
    const grid = s.file.data.sheets.find((g) => g.name === result.sheet);
    rowCount = grid?.rowCount ?? 0;
    colCount = grid?.colCount ?? 0;
  }
  const summary = { create: 0, update: 0, unchanged: 0, skip: 0, error: 0, warningRows: warningRows.size };
  for (const r of result.rows) {
    if (r.outcome === 'create') summary.create += 1;
    else if (r.outcome === 'update') summary.update += 1;
    else if (r.outcome === 'unchanged') summary.unchanged += 1;
    else if (r.outcome === 'error') summary.error += 1;
    else if (r.outcome === 'skip' && r.cls !== 'title' && r.cls !== 'header' && r.cls !== 'blank') summary.skip += 1;
  }
  const { rows: _all, batchId: _b, log: _log, ...restResult } = result;
  void _all;
  void _b;
  void _log;
  void sessionId;
  return {
    ...restResult,
    // The whole lists can be 100 000 long: the first thousand errors and each warning kind's first rows
    // here, every row's own in `rows`, a kind's full list through import.warnings.
    errors: result.errors.slice(0, PREVIEW_ISSUES),
    errorCount: result.errors.length,
    warningsId,
    sessionId: s.id,
    fileName: s.file.fileName,
    format: s.file.data.format,
    encoding: s.file.data.encoding,
    fields: importFields(ctx, { kind: result.kind }),
    rowCount,
    colCount,
    merges,
    rows,
    rowsTotal: views.length,
    summary,
  };
}

type ImportWarningsInput = z.infer<typeof importWarningsInput>;

/** Keep a run's problems in the session for import.warnings; returns the id that names them. */
function keepLog(s: Session, log: IssueLog): string {
  const id = randomUUID();
  s.logs.push({ id, log });
  while (s.logs.length > KEPT_LOGS) s.logs.shift();
  return id;
}

/** A page of the warnings of a preview or a commit the wizard showed (one kind, or all). */
export function importWarnings(ctx: ServiceContext, input: ImportWarningsInput): ImportWarningsPage {
  const s = session(ctx, input.sessionId);
  const kept = s.logs.find((l) => l.id === input.warningsId);
  if (!kept) throw new AppError('NOT_FOUND', '这份提醒清单已过期（预览已经更新），请关闭后重新打开');
  return kept.log.warningsPage(input.kind ?? null, input.offset ?? 0, input.limit ?? 100);
}

function toResult(result: PipelineResult, file: { fileName: string; sha256: string }, dryRun: boolean, extra: { allWarnings?: boolean; warningsId?: string } = {}): ImportResult {
  return {
    ok: true,
    kind: result.kind,
    sheet: result.sheet,
    unit: result.unit,
    rowsRead: result.rowsRead,
    imported: result.imported,
    updated: result.updated,
    skipped: result.skipped,
    errors: result.errors,
    warnings: extra.allWarnings ? result.log.allWarnings() : result.warnings,
    warningGroups: result.warningGroups,
    warningCount: result.warningCount,
    warningsId: extra.warningsId ?? null,
    totals: result.totals,
    batchId: result.batchId,
    dryRun,
    unchanged: result.unchanged,
    fileName: file.fileName,
    sha256: file.sha256,
    township: result.township,
    inspection: result.inspection,
    reconcile: result.reconcile,
    missingValues: result.missingValues,
    placesAdded: result.placesToAdd,
  };
}

/** Import the session's file with the wizard's choices, in one transaction. */
export async function importCommit(ctx: ServiceContext, input: ImportCommitInput): Promise<ImportResult> {
  const s = session(ctx, input.sessionId);
  const { sessionId: _sid, jobId: _job, ...rest } = input;
  void _sid;
  void _job;
  const jobId = input.jobId ?? `import.commit:${s.id}`;
  ctx.emitProgress({ jobId, label: '正在导入（全部写入，或一行也不写）', done: 0, total: 1 });
  const result = await runPipeline(ctx, s.file.data, { fileName: s.file.fileName, sha256: s.file.sha256, size: s.file.size }, { ...options(rest), commit: true, wizard: true });
  ctx.emitProgress({ jobId, label: '导入完成', done: 1, total: 1 });
  return toResult(result, s.file, false, { warningsId: keepLog(s, result.log) });
}

/** Read and import a file in one go (the CLI; scripts). dryRun plans without writing. */
export async function importFile(ctx: ServiceContext, input: ImportFileInput, read?: ReadFileResult): Promise<ImportResult> {
  const file = read ?? (await readImportFile({ path: input.path, ...(input.fileName ? { fileName: input.fileName } : {}) }));
  const { path: _p, fileName: _f, dryRun, allWarnings, ...rest } = input;
  void _p;
  void _f;
  const result = await runPipeline(ctx, file.data, { fileName: file.fileName, sha256: file.sha256, size: file.size }, { ...options(rest), commit: dryRun !== true });
  return toResult(result, file, dryRun === true, { allWarnings: allWarnings === true });
}

export function importBatches(ctx: ServiceContext, input: { limit?: number; offset?: number }) {
  return listImportBatches(ctx, input);
}

export function importBatchGet(ctx: ServiceContext, input: { batchId: number }) {
  return getImportBatch(ctx, input.batchId);
}

export function importUndo(ctx: ServiceContext, input: { batchId: number; force?: boolean; reason?: string }): Promise<UndoResult> {
  return undoImportBatch(ctx, input.batchId, { force: input.force === true, reason: input.reason ?? null });
}

export function importUndoPreview(ctx: ServiceContext, input: { batchId: number }): Promise<UndoPreview> {
  return previewUndoImportBatch(ctx, input.batchId);
}

export { undoImportBatch, readImportFile };
