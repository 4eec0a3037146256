// One cell of a sheet as the import reads it, the same on both sides (the reader in the main process, the
// wizard's preview in the renderer). Strings stay strings (ID numbers, numbers stored as text); numbers are
// what the file holds; a date cell is its Excel serial (1900 system, converted in UTC — a calendar date,
// never a local Date); a formula without a cached result and an error value are kept as such.

export interface DateCell {
  /** Excel serial day number in the 1900 date system (1904 workbooks are shifted when read). */
  d: number;
}
export interface ErrorCell {
  /** '#N/A', '#VALUE!', … */
  e: string;
}
export interface FormulaCell {
  /** A formula whose result was never calculated (written by a program, not opened in Excel). */
  f: string;
}

export type SheetCell = null | string | number | boolean | DateCell | ErrorCell | FormulaCell;

export function isDateCell(cell: SheetCell | undefined): cell is DateCell {
  return typeof cell === 'object' && cell !== null && 'd' in cell;
}
export function isErrorCell(cell: SheetCell | undefined): cell is ErrorCell {
  return typeof cell === 'object' && cell !== null && 'e' in cell;
}
export function isFormulaCell(cell: SheetCell | undefined): cell is FormulaCell {
  return typeof cell === 'object' && cell !== null && 'f' in cell;
}

const MS_PER_DAY = 86_400_000;
/** Serial 0 of the 1900 system, as Excel counts after its fictitious 1900-02-29 (serial 60). */
const EPOCH_1900 = Date.UTC(1899, 11, 30);

/** Excel serial → ISO day, in UTC (calendar arithmetic only). Times of day are dropped. */
export function serialToIsoDay(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return null;
  // Round to the second first: 45000.99999999 is 45001 written by a program with float noise.
  const whole = Math.floor(Math.round(serial * 86_400) / 86_400);
  // Serials 1–59 are 1900-01-01…1900-02-28; Excel's 60 (1900-02-29) does not exist.
  if (whole === 60) return null;
  const ms = whole < 60 ? EPOCH_1900 + (whole + 1) * MS_PER_DAY : EPOCH_1900 + whole * MS_PER_DAY;
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** ISO day → Excel serial (UTC). */
export function isoDayToSerial(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  return Math.round((ms - EPOCH_1900) / MS_PER_DAY);
}

/** A number as people read it: up to 15 significant digits, no float noise, no exponent for ordinary sizes. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  const p = Number(n.toPrecision(15));
  const s = String(p);
  if (!/e/i.test(s)) return s;
  // Small or huge numbers: a plain decimal without exponent.
  return p.toFixed(20).replace(/\.?0+$/, '');
}

/** What the cell shows, as text (dates as ISO days, errors as their code, uncalculated formulas empty). */
export function cellText(cell: SheetCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  if ('d' in cell) return serialToIsoDay(cell.d) ?? numberText(cell.d);
  if ('e' in cell) return cell.e;
  return '';
}

/** True when the cell holds nothing a person would see. */
export function isBlankCell(cell: SheetCell | undefined): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'string') return cell.trim() === '';
  if (typeof cell === 'object' && 'f' in cell) return true;
  return false;
}
