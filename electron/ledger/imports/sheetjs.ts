// Legacy .xls (BIFF8/BIFF5 inside an OLE2 container), HTML tables saved as .xls and XML Spreadsheet 2003,
// read with SheetJS Community Edition 0.20.3 (republished as @e965/xlsx; never the frozen `xlsx` package).
// Cells are taken as the file stores them: numbers with a date format become date serials, HTML cells stay
// text (raw) so ID numbers and "1,667,000" are not turned into floats by the reader.
import * as XLSX from '@e965/xlsx';
import type { SheetCell } from '../../../shared/import/cell';
import { fileError, GridBuilder, LIMITS, MESSAGES, type FileFormat, type ReadLimits, type SheetGrid, type WorkbookData } from './workbook';

interface CfbEntry {
  name: string;
  type: number;
  size: number;
}

/** The stream names of an OLE2 compound file (to tell .xls from .doc and from a password-protected .xlsx). */
export function oleStreams(bytes: Buffer): string[] {
  try {
    const cfb = XLSX.CFB.read(bytes, { type: 'buffer' }) as unknown as { FileIndex: CfbEntry[] };
    return cfb.FileIndex.map((e) => e.name);
  } catch {
    throw fileError('CORRUPT', MESSAGES.corrupt('OLE 复合文件结构损坏，可能不完整'));
  }
}

function translateError(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  if (/password|encrypt/i.test(message)) throw fileError('ENCRYPTED', MESSAGES.encrypted);
  if (error instanceof Error && error.name === 'ImportFileError') throw error;
  throw fileError('CORRUPT', MESSAGES.corrupt(`读取时出错：${message.slice(0, 80)}`));
}

function convertCell(cell: XLSX.CellObject, date1904: boolean): SheetCell {
  switch (cell.t) {
    case 's':
      return typeof cell.v === 'string' ? cell.v : String(cell.v ?? '');
    case 'n': {
      const v = cell.v as number;
      if (typeof v !== 'number' || !Number.isFinite(v)) return null;
      if (cell.z !== undefined && typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z)) return { d: date1904 ? v + 1462 : v };
      if (typeof cell.z === 'number' && XLSX.SSF.is_date(XLSX.SSF.get_table()[cell.z] ?? '')) return { d: date1904 ? v + 1462 : v };
      return v;
    }
    case 'b':
      return Boolean(cell.v);
    case 'e':
      return { e: cell.w ?? '#ERR' };
    case 'd': {
      const d = cell.v instanceof Date ? cell.v : new Date(String(cell.v));
      if (Number.isNaN(d.getTime())) return null;
      // A calendar date: SheetJS builds local-midnight Dates for date cells; take the local calendar day.
      const ms = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
      return { d: Math.round((ms - Date.UTC(1899, 11, 30)) / 86_400_000) };
    }
    default:
      if (cell.f && cell.v === undefined) return { f: cell.f };
      return null;
  }
}

function convertWorkbook(wb: XLSX.WorkBook, format: FileFormat, limits: ReadLimits, encoding: WorkbookData['encoding']): WorkbookData {
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const budget = { cells: limits.maxCells };
  const sheets: SheetGrid[] = [];
  wb.SheetNames.forEach((name, i) => {
    const ws = wb.Sheets[name] as (XLSX.WorkSheet & { '!data'?: XLSX.CellObject[][] }) | undefined;
    if (!ws) return;
    const full = ws['!fullref'] ?? ws['!ref'];
    if (full) {
      const range = XLSX.utils.decode_range(full);
      if (range.e.r + 1 > limits.maxRows + 200) {
        throw fileError('TOO_LARGE', MESSAGES.tooLarge(`工作表“${name}”有 ${range.e.r + 1} 行，超过 ${limits.maxRows.toLocaleString('en-US')} 行`));
      }
    }
    const grid = new GridBuilder(name, budget, limits);
    const data = ws['!data'];
    if (data) {
      data.forEach((row, r) => {
        if (!row) return;
        row.forEach((cell, c) => {
          if (!cell) return;
          const v = convertCell(cell, date1904);
          if (v !== null) grid.set(r, c, v);
        });
      });
    } else if (ws['!ref']) {
      for (const key of Object.keys(ws)) {
        if (key.charAt(0) === '!') continue;
        const { r, c } = XLSX.utils.decode_cell(key);
        const v = convertCell(ws[key] as XLSX.CellObject, date1904);
        if (v !== null) grid.set(r, c, v);
      }
    }
    for (const m of ws['!merges'] ?? []) grid.merges.push({ r1: m.s.r, c1: m.s.c, r2: m.e.r, c2: m.e.c });
    (ws['!rows'] ?? []).forEach((row, r) => {
      if (row?.hidden) grid.hiddenRows.push(r);
    });
    (ws['!cols'] ?? []).forEach((col, c) => {
      if (col?.hidden) grid.hiddenCols.push(c);
    });
    const hidden = wb.Workbook?.Sheets?.[i]?.Hidden ?? 0;
    sheets.push(grid.build(hidden === 2 ? 'veryHidden' : hidden === 1 ? 'hidden' : 'visible'));
  });
  return { format, encoding, sheets, reader: 'sheetjs' };
}

const COMMON: XLSX.ParsingOptions = {
  cellStyles: true,
  cellDates: false,
  cellNF: true,
  cellHTML: false,
  dense: true,
  WTF: false,
};

export function readXls(bytes: Buffer, limits: ReadLimits = LIMITS): WorkbookData {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { ...COMMON, type: 'buffer', sheetRows: limits.maxRows + 201 });
  } catch (error) {
    translateError(error);
  }
  return convertWorkbook(wb, 'xls', limits, null);
}

/** An HTML table (what web systems export with an .xls name) or XML Spreadsheet 2003, already decoded. */
export function readMarkup(text: string, format: 'html' | 'xml2003', encoding: WorkbookData['encoding'], limits: ReadLimits = LIMITS): WorkbookData {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(text, { ...COMMON, type: 'string', raw: true, sheetRows: limits.maxRows + 201 });
  } catch (error) {
    translateError(error);
  }
  return convertWorkbook(wb, format, limits, encoding);
}
