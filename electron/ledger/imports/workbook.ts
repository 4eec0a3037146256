// What a reader hands to the rest of the pipeline: the sheets of a file as grids of cells, with merged
// ranges, hidden rows and columns. The same shape for .xlsx, .xls, HTML tables and CSV, so everything after
// reading is format-blind. Plain data only: it crosses the worker boundary by structured clone.
import { AppError, type ErrorCode } from '../../../shared/errors';
import type { SheetCell } from '../../../shared/import/cell';

export interface MergeRange {
  /** 0-based, inclusive. */
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export interface SheetGrid {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Rows by 0-based index; a missing row is empty. */
  rows: Array<SheetCell[] | undefined>;
  /** 1 + the last row index that holds a value. */
  rowCount: number;
  /** 1 + the last column index that holds a value. */
  colCount: number;
  merges: MergeRange[];
  hiddenRows: number[];
  hiddenCols: number[];
}

export type FileFormat = 'xlsx' | 'xls' | 'html' | 'xml2003' | 'csv';

export interface WorkbookData {
  format: FileFormat;
  /** For CSV and HTML: the text encoding that decoded it. */
  encoding: 'UTF-8' | 'UTF-8 BOM' | 'UTF-16' | 'GB18030' | null;
  sheets: SheetGrid[];
  /** Which reader produced it (diagnostics and tests). */
  reader: 'ledger-xlsx' | 'exceljs' | 'sheetjs' | 'csv';
}

/** File-level refusals: EMPTY, NOT_A_WORKBOOK, CORRUPT, ENCRYPTED, TOO_LARGE, UNSUPPORTED, NO_HEADER. */
export type FileErrorCode = Extract<ErrorCode, 'EMPTY' | 'NOT_A_WORKBOOK' | 'CORRUPT' | 'ENCRYPTED' | 'TOO_LARGE' | 'UNSUPPORTED' | 'NO_HEADER'>;

export class ImportFileError extends AppError {
  constructor(code: FileErrorCode, message: string) {
    super(code, message);
    this.name = 'ImportFileError';
  }
}

/**
 * Limits that keep a hostile or broken file from taking the machine: checked from the zip's directory
 * before anything is inflated, then again while reading.
 */
export const LIMITS = {
  /** The file itself. */
  maxFileBytes: 200 * 1024 * 1024,
  /** Entries in a zip (a workbook has a few dozen). */
  maxZipEntries: 10_000,
  /** One part, uncompressed (a 100 000 × 15 sheet is about 60 MB of XML). */
  maxEntryBytes: 400 * 1024 * 1024,
  /** All parts together, uncompressed. */
  maxTotalBytes: 600 * 1024 * 1024,
  /** Compression ratio above which a large part is taken for a zip bomb. */
  maxRatio: 200,
  /** …when the part inflates to more than this. */
  ratioFloorBytes: 16 * 1024 * 1024,
  /** Rows that hold a value, per sheet. */
  maxRows: 300_000,
  /** Columns that hold a value. */
  maxCols: 1_000,
  /** Cells that hold a value, over the whole file. */
  maxCells: 8_000_000,
  /** Characters in one cell: Excel's own limit. */
  maxCellChars: 32_767,
  /** Reading time in the worker. */
  timeoutMs: 180_000,
  /** Worker heap. */
  workerHeapMb: 1_536,
} as const;

export type ReadLimits = typeof LIMITS;

export const MESSAGES = {
  empty: '文件是空的（0 字节或没有任何内容），请检查是否选错了文件',
  emptySheets: '文件中没有任何有内容的工作表，请检查是否选错了文件',
  notWorkbook: (what: string) => `这不是电子表格文件（看起来是${what}），请选择 .xlsx、.xls 或 .csv 文件`,
  corrupt: (detail: string) => `文件已损坏，无法读取（${detail}）。请用 Excel 或 WPS 打开确认，另存为 .xlsx 后再导入`,
  encrypted: '文件设置了打开密码，无法读取。请在 Excel 或 WPS 中取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存为 .xlsx 再导入',
  tooLarge: (detail: string) => `文件过大，不能导入（${detail}）。请按乡镇或年度拆分成多个文件后分别导入`,
  unsupported: (what: string) => `不支持${what}格式，请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后再导入`,
};

export function fileError(code: FileErrorCode, message: string): ImportFileError {
  return new ImportFileError(code, message);
}

/** Column letters for messages: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Bookkeeping shared by readers: counts rows and cells, refuses what exceeds the limits. */
export class GridBuilder {
  readonly rows: Array<SheetCell[] | undefined> = [];
  rowCount = 0;
  colCount = 0;
  private filledRows = 0;
  private lastFilledRow = -1;
  readonly merges: MergeRange[] = [];
  readonly hiddenRows: number[] = [];
  readonly hiddenCols: number[] = [];

  constructor(
    readonly name: string,
    private readonly budget: { cells: number },
    private readonly limits: ReadLimits = LIMITS,
  ) {}

  set(r: number, c: number, value: SheetCell): void {
    if (value === null || value === '') return;
    if (typeof value === 'string' && value.length > this.limits.maxCellChars) {
      throw fileError(
        'TOO_LARGE',
        MESSAGES.tooLarge(`工作表“${this.name}”${columnLetter(c)}${r + 1} 单元格有 ${value.length} 个字符，超过 Excel 单元格上限 ${this.limits.maxCellChars} 个字符`),
      );
    }
    if (c >= this.limits.maxCols) {
      throw fileError('TOO_LARGE', MESSAGES.tooLarge(`工作表“${this.name}”有内容的列超过 ${this.limits.maxCols} 列（第 ${c + 1} 列 ${columnLetter(c)} 有内容）`));
    }
    if (r !== this.lastFilledRow) {
      this.lastFilledRow = r;
      this.filledRows += 1;
      if (this.filledRows > this.limits.maxRows) {
        throw fileError('TOO_LARGE', MESSAGES.tooLarge(`工作表“${this.name}”有内容的行超过 ${this.limits.maxRows.toLocaleString('en-US')} 行`));
      }
    }
    this.budget.cells -= 1;
    if (this.budget.cells < 0) {
      throw fileError('TOO_LARGE', MESSAGES.tooLarge(`有内容的单元格超过 ${this.limits.maxCells.toLocaleString('en-US')} 个`));
    }
    let row = this.rows[r];
    if (!row) {
      row = [];
      this.rows[r] = row;
    }
    while (row.length < c) row.push(null);
    row[c] = value;
    if (r + 1 > this.rowCount) this.rowCount = r + 1;
    if (c + 1 > this.colCount) this.colCount = c + 1;
  }

  build(state: SheetGrid['state']): SheetGrid {
    // Merges and hidden rows beyond the data are irrelevant; keep the grid's own extent.
    const merges = this.merges.filter((m) => m.r1 < Math.max(this.rowCount, 1) + 1 && m.c1 < Math.max(this.colCount, 1) + 1);
    return {
      name: this.name,
      state,
      rows: this.rows,
      rowCount: this.rowCount,
      colCount: this.colCount,
      merges,
      hiddenRows: this.hiddenRows.filter((r) => r < this.rowCount),
      hiddenCols: this.hiddenCols.filter((c) => c < this.colCount),
    };
  }
}

// ---- Crossing the worker boundary -------------------------------------------------------------------
// Structured clone copies every string of every cell on its own and every row as its own array: a
// 100 000-row sheet arrives as ~700 000 separate strings and costs the main thread more than the whole
// parse. Packed, a sheet is one table of its distinct strings and three typed arrays (transferred, not
// copied); unpacked, equal cells share one string and one date object.

const TAG_EMPTY = 0;
const TAG_STRING = 1;
const TAG_NUMBER = 2;
const TAG_TRUE = 3;
const TAG_FALSE = 4;
const TAG_DATE = 5;
const TAG_ERROR = 6;
const TAG_FORMULA = 7;

export interface PackedSheet {
  name: string;
  state: SheetGrid['state'];
  rowCount: number;
  colCount: number;
  merges: MergeRange[];
  hiddenRows: number[];
  hiddenCols: number[];
  /** Distinct strings of the sheet (cell texts, error codes, formulas). */
  strings: string[];
  /** Cells of each row; -1 for a row that is absent. */
  rowLengths: Int32Array;
  /** One per cell of the present rows, in order. */
  tags: Uint8Array;
  /** A number, a date serial, or an index into strings. */
  values: Float64Array;
}

export interface PackedWorkbook {
  format: FileFormat;
  encoding: WorkbookData['encoding'];
  reader: WorkbookData['reader'];
  sheets: PackedSheet[];
}

function packSheet(grid: SheetGrid): PackedSheet {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const rowLengths = new Int32Array(grid.rows.length);
  let cells = 0;
  for (let r = 0; r < grid.rows.length; r += 1) {
    const row = grid.rows[r];
    rowLengths[r] = row ? row.length : -1;
    if (row) cells += row.length;
  }
  const tags = new Uint8Array(cells);
  const values = new Float64Array(cells);
  let k = 0;
  for (const row of grid.rows) {
    if (!row) continue;
    for (let c = 0; c < row.length; c += 1, k += 1) {
      const cell = row[c];
      if (cell === null || cell === undefined) tags[k] = TAG_EMPTY;
      else if (typeof cell === 'string') {
        tags[k] = TAG_STRING;
        values[k] = intern(cell);
      } else if (typeof cell === 'number') {
        tags[k] = TAG_NUMBER;
        values[k] = cell;
      } else if (typeof cell === 'boolean') tags[k] = cell ? TAG_TRUE : TAG_FALSE;
      else if ('d' in cell) {
        tags[k] = TAG_DATE;
        values[k] = cell.d;
      } else if ('e' in cell) {
        tags[k] = TAG_ERROR;
        values[k] = intern(cell.e);
      } else {
        tags[k] = TAG_FORMULA;
        values[k] = intern(cell.f);
      }
    }
  }
  return {
    name: grid.name,
    state: grid.state,
    rowCount: grid.rowCount,
    colCount: grid.colCount,
    merges: grid.merges,
    hiddenRows: grid.hiddenRows,
    hiddenCols: grid.hiddenCols,
    strings,
    rowLengths,
    tags,
    values,
  };
}

function unpackSheet(p: PackedSheet): SheetGrid {
  const rows: Array<SheetCell[] | undefined> = new Array<SheetCell[] | undefined>(p.rowLengths.length);
  // Cells are never mutated after reading, so equal dates can share one object.
  const dates = new Map<number, SheetCell>();
  let k = 0;
  for (let r = 0; r < p.rowLengths.length; r += 1) {
    const n = p.rowLengths[r] ?? -1;
    if (n < 0) continue;
    const row = new Array<SheetCell>(n);
    for (let c = 0; c < n; c += 1, k += 1) {
      const v = p.values[k] ?? 0;
      switch (p.tags[k]) {
        case TAG_STRING:
          row[c] = p.strings[v] ?? '';
          break;
        case TAG_NUMBER:
          row[c] = v;
          break;
        case TAG_TRUE:
          row[c] = true;
          break;
        case TAG_FALSE:
          row[c] = false;
          break;
        case TAG_DATE: {
          let d = dates.get(v);
          if (d === undefined) {
            d = { d: v };
            dates.set(v, d);
          }
          row[c] = d;
          break;
        }
        case TAG_ERROR:
          row[c] = { e: p.strings[v] ?? '' };
          break;
        case TAG_FORMULA:
          row[c] = { f: p.strings[v] ?? '' };
          break;
        default:
          row[c] = null;
      }
    }
    rows[r] = row;
  }
  return {
    name: p.name,
    state: p.state,
    rows,
    rowCount: p.rowCount,
    colCount: p.colCount,
    merges: p.merges,
    hiddenRows: p.hiddenRows,
    hiddenCols: p.hiddenCols,
  };
}

/** The workbook as the worker posts it, and the typed arrays to transfer with it. */
export function packWorkbook(data: WorkbookData): { packed: PackedWorkbook; transfer: ArrayBuffer[] } {
  const sheets = data.sheets.map(packSheet);
  const transfer: ArrayBuffer[] = [];
  for (const s of sheets) transfer.push(s.rowLengths.buffer as ArrayBuffer, s.tags.buffer as ArrayBuffer, s.values.buffer as ArrayBuffer);
  return { packed: { format: data.format, encoding: data.encoding, reader: data.reader, sheets }, transfer };
}

export function unpackWorkbook(packed: PackedWorkbook): WorkbookData {
  return { format: packed.format, encoding: packed.encoding, reader: packed.reader, sheets: packed.sheets.map(unpackSheet) };
}
