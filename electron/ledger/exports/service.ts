// 导出: a ledger view with its current filters → an .xlsx the office would print as its own table; and the
// blank 导入模板 of each import kind. Both return the file's bytes (base64) with a suggested Chinese name;
// the renderer saves it as a download, the CLI writes it to --out.
import fs from 'node:fs';
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { api, type Channel, type ChannelParsedInput } from '../../../shared/api';
import {
  EXPORT_LEDGER_LABEL,
  XLSX_MIME,
  householdExportFilters,
  type ExportFile,
  type ExportFilterMap,
  type ExportLedger,
} from '../../../shared/api-export';
import { formatChineseDate, localToday } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import type { ServiceContext } from '../../platform/context';
import { dataPort } from '../../platform/data-port';
import { divisionName, townshipsInOrder } from '../divisions/store';
import { getSettings } from '../settings/service';
import { describeFilters, ledgerTable, type LedgerTable } from './ledgers';
import { countyName, safeFileName, townshipByLooseName } from './naming';
import { buildTemplate } from './templates';
import { ExportStyles, sheetName, writeTableSheet, type RowSource } from './table';

/** Exports under way by jobId → cancel asked. */
const running = new Map<string, boolean>();

export function cancelExport(_ctx: ServiceContext, input: { jobId: string }): { cancelled: boolean } {
  if (!running.has(input.jobId)) return { cancelled: false };
  running.set(input.jobId, true);
  return { cancelled: true };
}

/** The list channel whose input schema validates each ledger's filters (paging is the export's own). */
const FILTER_CHANNEL: Record<Exclude<ExportLedger, 'households'>, Channel> = {
  projects: 'projects.search',
  allocations: 'allocations.list',
  payments: 'payments.list',
  assets: 'assets.list',
  findings: 'findings.search',
  progress: 'progress.summary',
  rectification: 'findings.matrix',
};

function parseFilters(ledger: ExportLedger, raw: Record<string, unknown>): Record<string, unknown> {
  const { offset: _o, limit: _l, ...rest } = raw;
  void _o;
  void _l;
  const schema = ledger === 'households' ? householdExportFilters : api[FILTER_CHANNEL[ledger]].input;
  const parsed = schema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? `filters.${issue.path.join('.')}` : 'filters';
    throw new AppError('VALIDATION', `筛选条件有误：${issue?.message ?? '请检查后重试'}`, field);
  }
  return (parsed.data ?? {}) as Record<string, unknown>;
}

function yearOf(ledger: ExportLedger, filters: Record<string, unknown>): number | null {
  if (typeof filters.year === 'number') return filters.year;
  if (ledger === 'assets' && typeof filters.incomeYear === 'number') return filters.incomeYear;
  return null;
}

interface WrittenExport {
  fileName: string;
  rows: number;
  sheets: string[];
}

/** Write the workbook of one ledger view into a stream (a file for the CLI, memory for the API). */
export async function writeLedgerWorkbook(ctx: ServiceContext, input: ChannelParsedInput<'export.ledger'>, stream: Writable): Promise<WrittenExport> {
  const { ledger, unit, byTownship, revealIds, allColumns } = input;
  const filters = parseFilters(ledger, input.filters);
  const table = await ledgerTable(ctx, ledger, filters as ExportFilterMap[ExportLedger], { revealIds, allColumns });
  if (byTownship && !table.township) {
    throw new AppError('VALIDATION', `“${EXPORT_LEDGER_LABEL[ledger]}”已经按乡镇排列，不能再分乡镇导出；请取消“每个乡镇一个工作表”`, 'byTownship');
  }
  const county = await countyName(ctx);
  const year = yearOf(ledger, filters);
  const yearText = year === null ? '' : `${year}年`;
  const filterText = await describeFilters(ctx, ledger, filters);
  // A view of one township is that township's table: its name goes in the title.
  const filteredTownship =
    typeof filters.townshipId === 'number'
      ? ((await divisionName(dataPort(ctx), filters.townshipId)) ?? '')
      : typeof filters.township === 'string'
        ? ((await townshipByLooseName(ctx, filters.township))?.name ?? filters.township)
        : '';
  const today = formatChineseDate(localToday(ctx.now()));
  const subtitle = [filterText ? `筛选条件：${filterText}` : '', `导出日期：${today}`].filter(Boolean).join('　');

  const jobId = input.jobId ?? `export.ledger:${ledger}`;
  const label = `正在导出${EXPORT_LEDGER_LABEL[ledger]}`;
  const total = table.total;
  let before = 0;
  ctx.emitProgress({ jobId, label, done: 0, total });
  running.set(jobId, false);
  const progress = async (written: number) => {
    if (running.get(jobId)) throw new AppError('CANCELLED', '导出已取消，没有生成文件');
    ctx.emitProgress({ jobId, label, done: Math.min(total, before + written), total });
    // Let the zip stream drain and other requests run between batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = (await getSettings(ctx)).officeName || county || '扶贫台账';
  const styles = new ExportStyles(unit);
  const taken = new Set<string>();
  const sheets: string[] = [];
  let rows = 0;

  const write = async (t: LedgerTable<unknown>, name: string, titlePlace: string, source: RowSource<unknown>) => {
    const outcome = await writeTableSheet(workbook, styles, {
      name: sheetName(name, taken),
      title: `${county}${titlePlace}${yearText}${t.title}`,
      subtitle,
      unit,
      columns: input.allColumns ? t.columns : t.columns.filter((c) => !c.detail),
      rows: source,
      freezeColumns: t.freezeColumns,
      onRows: progress,
    });
    before += outcome.rows;
    rows += outcome.rows;
    sheets.push(outcome.name);
  };

  const writeSheets = async () => {
    if (byTownship && table.township) {
      // One sheet per township in 区划 order; rows that name no township on a sheet of their own.
      const order = (await townshipsInOrder(dataPort(ctx))).map((t) => t.name);
      const groups = new Map<string, unknown[]>();
      for await (const r of table.rows) {
        const t = table.township(r) ?? '';
        const list = groups.get(t) ?? [];
        list.push(r);
        groups.set(t, list);
      }
      const names = [...order.filter((n) => groups.has(n)), ...[...groups.keys()].filter((n) => n !== '' && !order.includes(n)), ...(groups.has('') ? [''] : [])];
      if (names.length === 0) await write(table, EXPORT_LEDGER_LABEL[ledger], '', []);
      for (const n of names) await write(table, n || '未指定乡镇', n, groups.get(n) ?? []);
    } else {
      await write(table, EXPORT_LEDGER_LABEL[ledger], filteredTownship, table.rows);
      for (const extra of table.extra ?? []) await write(extra.table, extra.name, filteredTownship, extra.table.rows);
    }
  };
  try {
    await writeSheets();
    await workbook.commit();
  } finally {
    running.delete(jobId);
  }
  ctx.emitProgress({ jobId, label: '导出完成', done: total, total });
  const fileName = safeFileName(`${county}${EXPORT_LEDGER_LABEL[ledger]}${yearText ? `（${yearText}）` : ''}${byTownship ? '（分乡镇）' : ''}${localToday(ctx.now())}.xlsx`);
  return { fileName, rows, sheets };
}

/** The workbook of one ledger view as bytes. */
export async function buildLedgerWorkbook(ctx: ServiceContext, input: ChannelParsedInput<'export.ledger'>): Promise<WrittenExport & { buffer: Buffer }> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const written = await writeLedgerWorkbook(ctx, input, stream);
  return { ...written, buffer: Buffer.concat(chunks) };
}

/** The workbook of one ledger view written to a file (the CLI; no copy of it in memory). */
export async function exportLedgerToFile(ctx: ServiceContext, input: ChannelParsedInput<'export.ledger'>, file: string): Promise<WrittenExport & { bytes: number }> {
  try {
    const written = await writeLedgerWorkbook(ctx, input, fs.createWriteStream(file));
    return { ...written, bytes: fs.statSync(file).size };
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw error;
  }
}

export async function exportLedger(ctx: ServiceContext, input: ChannelParsedInput<'export.ledger'>): Promise<ExportFile> {
  const built = await buildLedgerWorkbook(ctx, input);
  return { fileName: built.fileName, mimeType: XLSX_MIME, base64: built.buffer.toString('base64'), bytes: built.buffer.length, rows: built.rows, sheets: built.sheets };
}

export async function exportTemplate(ctx: ServiceContext, input: ChannelParsedInput<'export.template'>): Promise<ExportFile> {
  const built = await buildTemplate(ctx, input.kind);
  return { fileName: built.fileName, mimeType: XLSX_MIME, base64: built.buffer.toString('base64'), bytes: built.buffer.length, rows: 0, sheets: built.sheets };
}
