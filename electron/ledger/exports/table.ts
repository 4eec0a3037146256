// The printed-table sheet every ledger export is made of, written with exceljs' streaming WorkbookWriter:
//   row 1  title, merged across the table                (青山县2024年资金拨付台账)
//   row 2  what the table holds (filters, date), left; 单位：万元, right
//   rows 3–4 the header: grouped columns (资金规模 → 中央/省级/…) over two rows, single ones merged down
//   data rows, then a 合计 row of SUM formulas with their results cached (WPS/Excel show totals at once)
// plus frozen header, autofilter, A4 landscape fitted to one page wide, header rows printed on every page
// and page numbers in the footer.
//
// On paper: a sheet keeps every column, but only the columns marked for paper are printed. They come first,
// the others after them, and the print area covers the paper columns only, so a 项目库 of 22 columns prints
// as a table of 14 in a readable font (10 pt, and no smaller than 9 pt once fitted to the page width) rather
// than all 22 shrunk to 6 pt. Every data row has its height set from its wrapped line count, one rule for all
// rows, so rows of the same lines are the same height whichever program prints them. 万元 shows two
// decimals, more only where the amount needs them (whole 元 or fen), and zero as 0.00 like any other figure. Styles are a handful of shared objects: exceljs de-duplicates a style by
// object identity first (a WeakMap), so sharing them keeps the per-cell cost of styling near zero.
import type ExcelJS from 'exceljs';
import type { MoneyUnit } from '../../../shared/money';

/** What a column holds: decides number format, alignment, width and whether 合计 sums it. */
export type ColumnKind = 'seq' | 'text' | 'longText' | 'code' | 'money' | 'count' | 'date' | 'percent' | 'points' | 'rank';

/** A cell as a ledger produces it: money is integer fen, dates are ISO text ('2024-03-05' or '2024-03'). */
export type CellInput = string | number | null;

export interface ColumnSpec<R> {
  header: string;
  /** The group header over this column (adjacent columns with the same group share one merged cell). */
  group?: string;
  kind: ColumnKind;
  /** Width in Chinese characters (default: fitted to the header and the first rows). */
  width?: number;
  value: (row: R) => CellInput;
  /** Only in the full export (every field, for re-import); the printed table leaves it out. */
  detail?: boolean;
  /** false: in the sheet but not on paper (placed after the printed columns, outside the print area). Detail columns never print. */
  onPaper?: boolean;
  /** 合计 of this column: 'sum' (default for money and count), 'none', or a formula of other columns' totals. */
  total?: 'sum' | 'none' | TotalFormula;
}

/** A 合计 cell computed from other columns' totals (e.g. 支出进度 = 支出 ÷ 下达). */
export interface TotalFormula {
  /** Formula text given the total-row addresses of the table's columns by header ("E12"). */
  formula: (ref: (header: string) => string) => string;
  /** The cached result, from the summed columns (fen for money) — what the formula evaluates to. */
  result: (sum: (header: string) => number) => number | null;
}

export interface TableSheetSpec<R> {
  name: string;
  title: string;
  /** Left of the unit note: what the table holds (筛选条件, 截至日期). */
  subtitle: string;
  unit: MoneyUnit;
  columns: ReadonlyArray<ColumnSpec<R>>;
  rows: RowSource<R>;
  /** Columns kept in view when scrolling right (序号 and the name). */
  freezeColumns: number;
  /** Called every few hundred rows with the count written so far; awaited so streams can drain. */
  onRows?: (written: number) => Promise<void> | void;
}

/** Rows read page by page: synchronously (services on the old shape) or through the async data port. */
export type RowSource<R> = Iterable<R> | AsyncIterable<R>;

/** Next row of either kind of source; a synchronous source is never awaited (100 000 rows, no extra ticks). */
function rowPuller<R>(rows: RowSource<R>): () => IteratorResult<R> | Promise<IteratorResult<R>> {
  if (Symbol.asyncIterator in rows) {
    const iterator = rows[Symbol.asyncIterator]();
    return () => iterator.next();
  }
  const iterator = rows[Symbol.iterator]();
  return () => iterator.next();
}

export interface SheetOutcome {
  name: string;
  rows: number;
}

const HEADER_TOP = 3;
const HEADER_BOTTOM = 4;
const FIRST_DATA_ROW = 5;
const SAMPLE_ROWS = 300;
const YIELD_EVERY = 2000;

const FEN_PER_UNIT: Record<MoneyUnit, number> = { yuan: 100, wan: 1_000_000 };

/**
 * Decimals an amount needs in its unit: two, or more where two would hide 元 or fen (万元: 12.3456 is 123 456 元;
 * 12.345678 万元 is to the fen). The cell keeps the exact value whatever it shows.
 */
export function moneyDecimals(fen: number, unit: MoneyUnit): number {
  const max = unit === 'wan' ? 6 : 2;
  let d = 2;
  while (d < max && fen % 10 ** (max - d) !== 0) d += 1;
  return d;
}

/** The number format of money with `decimals` places: thousands separated, zero as 0.00 like any other figure. */
export function moneyFormat(decimals: number): string {
  return `#,##0.${'0'.repeat(decimals)}`;
}

const thin: ExcelJS.Border = { style: 'thin', color: { argb: 'FF000000' } };
const box: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const BODY_FONT: Partial<ExcelJS.Font> = { name: '宋体', size: 10 };
const BOLD_FONT: Partial<ExcelJS.Font> = { name: '宋体', size: 10, bold: true };

/** The few style objects of a workbook (one set per unit), shared by every cell that uses them. */
export class ExportStyles {
  readonly title: Partial<ExcelJS.Style> = {
    font: { name: '黑体', size: 16, bold: true },
    alignment: { horizontal: 'center', vertical: 'middle' },
  };
  readonly noteLeft: Partial<ExcelJS.Style> = { font: { name: '宋体', size: 10 }, alignment: { horizontal: 'left', vertical: 'middle' } };
  readonly noteRight: Partial<ExcelJS.Style> = { font: { name: '宋体', size: 10 }, alignment: { horizontal: 'right', vertical: 'middle' } };
  readonly header: Partial<ExcelJS.Style> = {
    font: BOLD_FONT,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    border: box,
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
  };
  private readonly body: Record<ColumnKind, Partial<ExcelJS.Style>>;
  private readonly totals: Record<ColumnKind, Partial<ExcelJS.Style>>;

  constructor(unit: MoneyUnit) {
    const make = (font: Partial<ExcelJS.Font>): Record<ColumnKind, Partial<ExcelJS.Style>> => {
      const centre: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle' };
      const left: Partial<ExcelJS.Alignment> = { horizontal: 'left', vertical: 'middle', wrapText: true };
      const right: Partial<ExcelJS.Alignment> = { horizontal: 'right', vertical: 'middle' };
      return {
        seq: { font, border: box, alignment: centre, numFmt: '0' },
        text: { font, border: box, alignment: left },
        longText: { font, border: box, alignment: { horizontal: 'left', vertical: 'middle', wrapText: true } },
        code: { font, border: box, alignment: { horizontal: 'left', vertical: 'middle' } },
        money: { font, border: box, alignment: right, numFmt: moneyFormat(2) },
        count: { font, border: box, alignment: right, numFmt: '#,##0' },
        date: { font, border: box, alignment: centre, numFmt: 'yyyy-mm-dd' },
        percent: { font, border: box, alignment: right, numFmt: '0.0' },
        points: { font, border: box, alignment: right, numFmt: '+0.0;-0.0;0.0' },
        rank: { font, border: box, alignment: centre, numFmt: '0' },
      };
    };
    this.body = make(BODY_FONT);
    this.totals = make(BOLD_FONT);
    this.unit = unit;
  }

  private readonly unit: MoneyUnit;
  /** Money styles with more than two decimals, made once per count and shared. */
  private readonly finer = new Map<string, Partial<ExcelJS.Style>>();

  cell(kind: ColumnKind): Partial<ExcelJS.Style> {
    return this.body[kind];
  }

  total(kind: ColumnKind): Partial<ExcelJS.Style> {
    return this.totals[kind];
  }

  /** The style of a money cell holding `fen`: the column's decimals (`atLeast`), or more if the amount needs them. */
  money(fen: number, total: boolean, atLeast = 2): Partial<ExcelJS.Style> {
    const decimals = Math.max(atLeast, moneyDecimals(fen, this.unit));
    const base = total ? this.totals.money : this.body.money;
    if (decimals === 2) return base;
    const key = `${total ? 't' : 'b'}${decimals}`;
    let style = this.finer.get(key);
    if (!style) {
      style = { ...base, numFmt: moneyFormat(decimals) };
      this.finer.set(key, style);
    }
    return style;
  }
}

/** Display width of text in Excel's character units: a Chinese character is two. */
export function textWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    // CJK, full-width forms and CJK punctuation are two units wide.
    w += (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef) ? 2 : 1;
  }
  return w;
}

const WIDTH_LIMITS: Record<ColumnKind, [number, number]> = {
  seq: [6, 8],
  text: [8, 32],
  longText: [30, 44],
  code: [8, 24],
  money: [8, 16],
  count: [8, 12],
  date: [11, 12],
  percent: [9, 11],
  points: [10, 12],
  rank: [6, 8],
};

/** Points per wrapped line of 10 pt text, and the padding above and below the lines. */
const LINE_HEIGHT = 13.5;
const ROW_PADDING = 4;

// Wrapping as a spreadsheet program draws 10 pt text: column width w (in digits of the default font, Calibri
// 11: 7 px) is 7w + 5 px, less the cell's padding; a CJK character of 10 pt is 13.33 px (taken as 13.4), other
// characters about half that (taken on the wide side), and a run of ASCII letters and digits moves to the next
// line whole. Measured against LibreOffice with Calibri's metrics (Carlito) and Excel's rule for widths.
const CJK_PX = 13.4;
const HALF_PX = 7.4;
const CELL_PADDING_PX = 8;

function charPx(c: number): number {
  return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x3000 && c <= 0x303f) ? CJK_PX : HALF_PX;
}

/** How many lines text takes in a wrapped column of this width (a cheap bound first: most cells are short). */
export function wrappedLines(text: string, width: number): number {
  const usable = Math.max(CJK_PX, width * 7 + 5 - CELL_PADDING_PX);
  if (text.length * CJK_PX <= usable && !text.includes('\n')) return 1;
  let lines = 0;
  for (const part of text.split('\n')) {
    let n = 1;
    let x = 0;
    for (const token of part.match(/[A-Za-z0-9.,%-]+|[\s\S]/gu) ?? []) {
      let w = 0;
      for (let i = 0; i < token.length; i += 1) w += charPx(token.charCodeAt(i));
      if (x > 0 && x + w > usable) {
        n += 1;
        x = 0;
      }
      // A token wider than the whole line is broken wherever it falls.
      while (w > usable) {
        n += 1;
        w -= usable;
      }
      x += w;
    }
    lines += n;
  }
  return lines;
}

/** Excel's ROUND(n ÷ d × 100, 1): a percentage to one decimal, halves away from zero; null when d is 0. */
export function percentOf(n: number, d: number): number | null {
  if (d === 0) return null;
  const x = (n / d) * 1000;
  return (Math.sign(x) * Math.round(Math.abs(x))) / 10;
}

/** Excel column letters of a 1-based column number. */
export function columnLetter(n: number): string {
  let s = '';
  let x = n;
  while (x > 0) {
    const m = (x - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    x = Math.floor((x - 1) / 26);
  }
  return s;
}

/** Money as its cell shows it (moneyFormat with moneyDecimals): 1,234.50 / 0.00 / 12.3456. */
export function formatMoneyCell(fen: number, unit: MoneyUnit): string {
  const per = FEN_PER_UNIT[unit];
  const decimals = moneyDecimals(fen, unit);
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / per);
  const frac = String(abs % per).padStart(String(per).length - 1, '0').slice(0, decimals).padEnd(decimals, '0');
  return `${fen < 0 ? '-' : ''}${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** Text a cell shows for sizing (money as the formatted figure). */
function sampleText(kind: ColumnKind, value: CellInput, unit: MoneyUnit): string {
  if (value === null) return '';
  if (kind === 'money' && typeof value === 'number') return formatMoneyCell(value, unit);
  return String(value);
}

const EXCEL_EPOCH_DAYS = 25_569; // 1970-01-01 as an Excel serial
const DAY_MS = 86_400_000;

/**
 * A calendar date as the Excel serial of that day, computed in UTC so no time zone can move it; the
 * column's date format shows it as a date. A month ('2024-03') stays text: a date cell would invent a day.
 */
function dateCell(iso: string): number | string {
  if (iso.length !== 10 || iso[4] !== '-' || iso[7] !== '-') return iso;
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS + EXCEL_EPOCH_DAYS;
}

/** Text is always written as a string cell; exceljs makes formulas only from {formula} objects, never from '=…'. */
function cellValue(kind: ColumnKind, value: CellInput, unit: MoneyUnit): ExcelJS.CellValue {
  if (value === null) return null;
  if (kind === 'money') return typeof value === 'number' ? value / FEN_PER_UNIT[unit] : value;
  if (kind === 'date') return typeof value === 'string' ? dateCell(value) : value;
  return value;
}

function sumFenSafe(total: number, v: CellInput): number {
  return typeof v === 'number' ? total + v : total;
}

/** Whether a column is printed (inside the print area). */
export function isOnPaper(column: Pick<ColumnSpec<never>, 'onPaper' | 'detail'>): boolean {
  return column.onPaper ?? !column.detail;
}

/** Write one table sheet; returns the number of data rows. Commits the sheet (streaming). */
export async function writeTableSheet<R>(workbook: ExcelJS.stream.xlsx.WorkbookWriter, styles: ExportStyles, spec: TableSheetSpec<R>): Promise<SheetOutcome> {
  const { unit } = spec;
  // The paper columns first (in their order), the others after them, outside the print area.
  const columns = [...spec.columns.filter(isOnPaper), ...spec.columns.filter((c) => !isOnPaper(c))];
  const n = columns.length;
  const lastLetter = columnLetter(n);
  // At least one column prints: a table of none would be a blank page.
  const printed = Math.max(1, columns.filter(isOnPaper).length);

  // Pull the first rows to size the columns (the streaming writer writes <cols> with the first row).
  const pull = rowPuller(spec.rows);
  const sample: R[] = [];
  let next = pull();
  if (next instanceof Promise) next = await next;
  while (!next.done && sample.length < SAMPLE_ROWS) {
    sample.push(next.value);
    next = pull();
    if (next instanceof Promise) next = await next;
  }
  const widths = columns.map((c) => {
    const [min, max] = WIDTH_LIMITS[c.kind];
    if (c.width !== undefined) return c.width;
    let w = Math.max(textWidth(c.header) + 2, min);
    for (const r of sample) w = Math.max(w, textWidth(sampleText(c.kind, c.value(r), unit)) + 2);
    return Math.min(w, max);
  });

  const sheet = workbook.addWorksheet(spec.name, {
    views: [{ state: 'frozen', xSplit: spec.freezeColumns, ySplit: HEADER_BOTTOM, topLeftCell: `${columnLetter(spec.freezeColumns + 1)}${FIRST_DATA_ROW}`, activeCell: `A${FIRST_DATA_ROW}` }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${HEADER_TOP}:${HEADER_BOTTOM}`,
      margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.25, footer: 0.25 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页', evenFooter: '&C第 &P 页，共 &N 页' },
  });
  // exceljs leaves a column of width exactly 9 (its default) out of <cols>, and the program's default (8.43) applies.
  sheet.columns = columns.map((c, i) => ({ key: `c${i}`, width: widths[i] === 9 ? 9.05 : widths[i] }));

  // Title and notes.
  const title = sheet.getRow(1);
  title.height = 34;
  title.getCell(1).value = spec.title;
  title.getCell(1).style = styles.title;
  sheet.mergeCells(1, 1, 1, printed);
  title.commit();
  const notes = sheet.getRow(2);
  notes.height = 20;
  const split = Math.max(1, Math.ceil(printed * 0.6));
  notes.getCell(1).value = spec.subtitle;
  notes.getCell(1).style = styles.noteLeft;
  // 单位 only where there is money to measure.
  const hasMoney = columns.some((col) => col.kind === 'money');
  if (hasMoney) {
    notes.getCell(split + 1 <= printed ? split + 1 : printed).value = `单位：${unit === 'wan' ? '万元' : '元'}`;
    notes.getCell(split + 1 <= printed ? split + 1 : printed).style = styles.noteRight;
  }
  if (split > 1 && split < printed) sheet.mergeCells(2, 1, 2, split);
  if (hasMoney && split + 1 < printed) sheet.mergeCells(2, split + 1, 2, printed);
  notes.commit();

  // Two header rows: groups over their columns, single columns merged down.
  const top = sheet.getRow(HEADER_TOP);
  const bottom = sheet.getRow(HEADER_BOTTOM);
  top.height = 24;
  bottom.height = 30;
  let c = 0;
  while (c < n) {
    const col = columns[c] as ColumnSpec<R>;
    if (col.group) {
      let end = c;
      while (end + 1 < n && columns[end + 1]?.group === col.group) end += 1;
      for (let k = c; k <= end; k += 1) {
        top.getCell(k + 1).value = col.group;
        top.getCell(k + 1).style = styles.header;
        bottom.getCell(k + 1).value = (columns[k] as ColumnSpec<R>).header;
        bottom.getCell(k + 1).style = styles.header;
      }
      if (end > c) sheet.mergeCells(HEADER_TOP, c + 1, HEADER_TOP, end + 1);
      c = end + 1;
    } else {
      top.getCell(c + 1).value = col.header;
      top.getCell(c + 1).style = styles.header;
      bottom.getCell(c + 1).style = styles.header;
      sheet.mergeCells(HEADER_TOP, c + 1, HEADER_BOTTOM, c + 1);
      c += 1;
    }
  }
  top.commit();
  bottom.commit();

  // A money column shows as many decimals as its first rows need, so the figures line up; a later amount that
  // needs more gets them in its own cell.
  const columnDecimals = columns.map((col) => {
    let d = 2;
    if (col.kind === 'money') for (const r of sample) d = Math.max(d, moneyDecimals(Number(col.value(r) ?? 0), unit));
    return d;
  });
  // Even rows: every row is at least as tall as most of the first rows need (rows of one line in a table
  // whose rows mostly wrap to two would look ragged), and taller only where its own text needs it.
  const wrapsAt = columns.map((col) => col.kind === 'text' || col.kind === 'longText');
  const linesOf = (r: R) => {
    let lines = 1;
    columns.forEach((col, k) => {
      const v = col.value(r);
      if (wrapsAt[k] && typeof v === 'string') lines = Math.max(lines, wrappedLines(v, widths[k] as number));
    });
    return lines;
  };
  const sampleLines = sample.map(linesOf).sort((a, b) => a - b);
  const floorLines = sampleLines[Math.floor(sampleLines.length / 2)] ?? 1;

  // Data rows.
  const cellStyles = columns.map((col) => styles.cell(col.kind));
  const sums = columns.map(() => 0);
  let written = 0;
  const writeRow = (r: R) => {
    const row = sheet.getRow(FIRST_DATA_ROW + written);
    let lines = floorLines;
    for (let k = 0; k < n; k += 1) {
      const col = columns[k] as ColumnSpec<R>;
      const v = col.kind === 'seq' ? (col.value(r) ?? written + 1) : col.value(r);
      const cell = row.getCell(k + 1);
      cell.value = cellValue(col.kind, v, unit);
      cell.style = col.kind === 'money' && typeof v === 'number' ? styles.money(v, false, columnDecimals[k]) : (cellStyles[k] as Partial<ExcelJS.Style>);
      if (col.kind === 'money' || col.kind === 'count') sums[k] = sumFenSafe(sums[k] as number, v);
      else if (wrapsAt[k] && typeof v === 'string') lines = Math.max(lines, wrappedLines(v, widths[k] as number));
    }
    // Every row's height is stated, from its line count by one rule: LibreOffice (and Excel until an edit)
    // keep rows without one at the default height, where wrapped lines overlap the next row, and rows left
    // to each program's own guess come out uneven.
    row.height = Math.min(409, lines * LINE_HEIGHT + ROW_PADDING);
    row.commit();
    written += 1;
  };
  for (const r of sample) writeRow(r);
  while (!next.done) {
    writeRow(next.value);
    next = pull();
    if (next instanceof Promise) next = await next;
    if (written % YIELD_EVERY === 0) await spec.onRows?.(written);
  }
  await spec.onRows?.(written);

  // 合计: SUM formulas with cached results; computed totals from other totals.
  const lastData = FIRST_DATA_ROW + written - 1;
  const totalRowNumber = FIRST_DATA_ROW + written;
  const totalRow = sheet.getRow(totalRowNumber);
  totalRow.height = 20;
  const refOf = (header: string) => {
    const k = columns.findIndex((col) => col.header === header);
    if (k < 0) throw new Error(`no column ${header}`);
    return `${columnLetter(k + 1)}${totalRowNumber}`;
  };
  const sumOf = (header: string) => sums[columns.findIndex((col) => col.header === header)] ?? 0;
  for (let k = 0; k < n; k += 1) {
    const col = columns[k] as ColumnSpec<R>;
    const cell = totalRow.getCell(k + 1);
    cell.style = styles.total(col.kind);
    const mode = col.total ?? (col.kind === 'money' || col.kind === 'count' ? 'sum' : 'none');
    if (k === 0) {
      cell.value = '合计';
      cell.style = styles.total('seq');
    } else if (mode === 'sum') {
      const letter = columnLetter(k + 1);
      const result = col.kind === 'money' ? (sums[k] as number) / FEN_PER_UNIT[unit] : (sums[k] as number);
      if (col.kind === 'money') cell.style = styles.money(sums[k] as number, true, columnDecimals[k]);
      cell.value = written > 0 ? { formula: `SUM(${letter}${FIRST_DATA_ROW}:${letter}${lastData})`, result } : 0;
    } else if (mode !== 'none') {
      const result = mode.result(sumOf);
      cell.value = result === null ? { formula: mode.formula(refOf), result: '' } : { formula: mode.formula(refOf), result };
    }
  }
  totalRow.commit();

  if (written > 0) sheet.autoFilter = `A${HEADER_BOTTOM}:${lastLetter}${lastData}`;
  // What prints: the paper columns, from the title to 合计 (set now that the last row is known).
  // (exceljs puts a $ before each part it is given: rows written as $1 come out as $A$1.)
  sheet.pageSetup.printArea = `A$1:${columnLetter(printed)}$${totalRowNumber}`;
  sheet.commit();
  return { name: spec.name, rows: written };
}

/** Sheet names: at most 31 characters, none of []:*?/\ and unique in the workbook. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, '－').slice(0, 31) || '表';
  let name = base;
  for (let i = 2; taken.has(name); i += 1) name = `${base.slice(0, 28)}(${i})`;
  taken.add(name);
  return name;
}
