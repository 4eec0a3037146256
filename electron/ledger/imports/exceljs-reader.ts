// exceljs' in-memory reader as a second opinion: used only when the ledger's own .xlsx reader meets a
// structure it does not know and the file is small enough for exceljs (~8 KB of memory per cell). Strings
// come from the cell's rich text runs or text (after a LibreOffice re-save plain titles are richText);
// merged cells are taken from the master cell only (exceljs reports "[object Object]" as the text of a
// merged slave of a rich-text master); dates are calendar dates read in UTC.
import ExcelJS from 'exceljs';
import type { SheetCell } from '../../../shared/import/cell';
import { GridBuilder, LIMITS, type ReadLimits, type SheetGrid, type WorkbookData } from './workbook';

function dateToSerial(d: Date): number {
  // exceljs builds UTC-midnight Dates from serials: the calendar day is in the UTC fields.
  const ms = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Math.round((ms - Date.UTC(1899, 11, 30)) / 86_400_000) + (d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds()) / 86_400;
}

function convert(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return { d: dateToSerial(value) };
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('error' in value) return { e: String(value.error) };
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      if (result === undefined || result === null) return { f: String((value as { formula?: string }).formula ?? '') };
      if (result instanceof Date) return { d: dateToSerial(result) };
      if (typeof result === 'object' && result !== null && 'error' in result) return { e: String((result as { error: unknown }).error) };
      return typeof result === 'string' || typeof result === 'number' || typeof result === 'boolean' ? result : String(result);
    }
    if ('text' in value) {
      const t = (value as { text: unknown }).text;
      if (typeof t === 'string') return t;
      if (t && typeof t === 'object' && 'richText' in t) return (t as { richText: Array<{ text: string }> }).richText.map((r) => r.text).join('');
    }
  }
  return null;
}

function decodeRange(ref: string): { r1: number; c1: number; r2: number; c2: number } | null {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
  if (!m) return null;
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { r1: Number(m[2]) - 1, c1: col(m[1] as string), r2: Number(m[4]) - 1, c2: col(m[3] as string) };
}

export async function readXlsxWithExcelJs(bytes: Buffer, limits: ReadLimits = LIMITS): Promise<WorkbookData> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const budget = { cells: limits.maxCells };
  const sheets: SheetGrid[] = [];
  wb.eachSheet((ws) => {
    const grid = new GridBuilder(ws.name, budget, limits);
    ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      if (row.hidden) grid.hiddenRows.push(rowNumber - 1);
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        const v = convert(cell.value);
        if (v !== null) grid.set(rowNumber - 1, colNumber - 1, v);
      });
    });
    for (const ref of (ws.model as { merges?: string[] }).merges ?? []) {
      const range = decodeRange(ref);
      if (range) grid.merges.push(range);
    }
    (ws.columns ?? []).forEach((col, i) => {
      if (col?.hidden) grid.hiddenCols.push(i);
    });
    const state = ws.state === 'hidden' ? 'hidden' : ws.state === 'veryHidden' ? 'veryHidden' : 'visible';
    sheets.push(grid.build(state));
  });
  return { format: 'xlsx', encoding: null, sheets, reader: 'exceljs' };
}
