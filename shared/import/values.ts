// Reading values out of sheet cells the way a careful clerk would: money in 元 or 万元 (or "15万" in the
// cell), numbers stored as text with separators, spaces or full-width digits, dates as serials, date cells
// and the many ways people write dates, and the 整改时限 words of DOMAIN.md. Every parser returns either a
// value or a Chinese message; nothing throws for bad input. Money never passes through binary floating point
// except where the file itself holds a binary number, which is turned into its shortest decimal first.
import { addDays, daysInMonth, isValidIsoDay, isValidIsoMonth, isoDay } from '../dates';
import { MAX_AMOUNT_FEN, type MoneyUnit } from '../money';
import { cellText, isDateCell, isErrorCell, isFormulaCell, numberText, serialToIsoDay, type SheetCell } from './cell';
import { foldWidth, squeeze } from './text';

export type Parsed<T> = { ok: true; value: T; note?: string; empty?: undefined } | { ok: false; message: string } | { ok: true; value: null; empty: true; note?: string };

const EMPTY = { ok: true, value: null, empty: true } as const;
const fail = (message: string) => ({ ok: false, message }) as const;

/** Marks clerks put in a cell meaning "nothing here". */
const NOTHING = new Set(['-', '--', '—', '——', '–', '/', '\\', '无', '空', '暂无', '/ ', 'N/A', 'n/a', '#N/A']);

export function isNothing(text: string): boolean {
  return NOTHING.has(text.trim());
}

/** Full-width digits and signs folded, thousands separators and spaces dropped (shared/money's rules plus NFKC). */
export function foldNumberText(text: string): string {
  return foldWidth(text)
    .replace(/[，,]/g, '')
    .replace(/[．。]/g, '.')
    .replace(/[－—–]/g, '-')
    .replace(/[\s\u00a0\u3000'’‘]/g, '');
}

// ---- Money ------------------------------------------------------------------------------------------

export interface MoneyValue {
  fen: number;
  /** The cell held the number as text: Excel's SUM skips such cells (the usual cause of a wrong 合计). */
  textNumber: boolean;
  /** The cell named its own unit ("15万", "3,000元"). */
  cellUnit: MoneyUnit | null;
}


/**
 * A decimal string ("1234.56", "-0.5") scaled by 10^shift into an exact integer, or null when it is not a
 * whole number after scaling or leaves the safe range.
 */
function scaleDecimal(text: string, shift: number): { value: number } | { fraction: true } | { tooBig: true } | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const sign = m[1] === '-' ? -1 : 1;
  const whole = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > shift) return { fraction: true };
  const digits = (whole + fraction.padEnd(shift, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > 15) return { tooBig: true };
  const value = Number(digits) * sign;
  return { value: value === 0 ? 0 : value };
}

const UNIT_SHIFT: Record<MoneyUnit, number> = { yuan: 2, wan: 6 };
const UNIT_WORD: Record<MoneyUnit, string> = { yuan: '元', wan: '万元' };

/**
 * Money in a cell → fen. `unit` is what the column or sheet says; a unit written in the cell wins.
 * Empty, "-", "—", "/", "无" are empty. Negative amounts and fractions of a fen are errors.
 */
export function parseMoneyCell(cell: SheetCell | undefined, unit: MoneyUnit, options: { allowZero?: boolean } = {}): Parsed<MoneyValue> {
  if (cell === null || cell === undefined) return EMPTY;
  if (isErrorCell(cell)) return fail(`单元格是错误值 ${cell.e}，不是金额`);
  if (isFormulaCell(cell)) return fail('公式没有计算结果（文件可能由程序生成后未在 Excel 中打开保存），请打开文件保存后再导入');
  if (isDateCell(cell)) return fail(`是日期（${cellText(cell)}），不是金额`);
  if (typeof cell === 'boolean') return fail('不是金额');
  let text: string;
  let textNumber = false;
  let cellUnit: MoneyUnit | null = null;
  let shift = UNIT_SHIFT[unit];
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail('不是有效的金额');
    text = numberText(cell);
  } else {
    const raw = cell.trim();
    if (raw === '' || isNothing(raw)) return EMPTY;
    text = foldNumberText(raw).replace(/^[¥￥]|^RMB|^人民币/i, '');
    const u = /(亿元|亿|万元|万|元整|元|圆)$/.exec(text);
    if (u) {
      text = text.slice(0, text.length - u[0].length);
      if (u[1] === '亿元' || u[1] === '亿') {
        shift = 10;
        cellUnit = 'wan';
      } else if (u[1] === '万元' || u[1] === '万') {
        cellUnit = 'wan';
        shift = UNIT_SHIFT.wan;
      } else {
        cellUnit = 'yuan';
        shift = UNIT_SHIFT.yuan;
      }
    }
    if (/^\(.*\)$/.test(text)) return fail(`金额“${raw}”是负数（括号表示），不能导入负数`);
    textNumber = true;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) {
      return fail(`“${raw.length > 30 ? `${raw.slice(0, 30)}…` : raw}”不是金额，请填写数字，例如 12.5`);
    }
  }
  const scaled = scaleDecimal(text, shift);
  if (scaled === null) return fail(`“${text}”不是金额`);
  if ('fraction' in scaled) {
    const shown = cellUnit ?? unit;
    return fail(`金额 ${text}${UNIT_WORD[shown]} 不是整分（${UNIT_WORD[shown]}最多 ${UNIT_SHIFT[shown]} 位小数）`);
  }
  if ('tooBig' in scaled || Math.abs(scaled.value) > MAX_AMOUNT_FEN) return fail(`金额 ${text} 超过上限 100 亿元，请检查单位`);
  if (scaled.value < 0) return fail(`金额 ${text} 是负数，不能导入负数`);
  if (scaled.value === 0 && options.allowZero === false) return fail('金额为 0');
  return { ok: true, value: { fen: scaled.value, textNumber, cellUnit } };
}

// ---- Counts -----------------------------------------------------------------------------------------

/** Whole numbers of households, people, villages: "49", "49户", "1,234 人", "４９". */
export function parseCountCell(cell: SheetCell | undefined, max = 10_000_000): Parsed<number> {
  if (cell === null || cell === undefined) return EMPTY;
  if (isErrorCell(cell)) return fail(`单元格是错误值 ${cell.e}`);
  if (isFormulaCell(cell)) return fail('公式没有计算结果，请打开文件保存后再导入');
  if (isDateCell(cell)) return fail(`是日期（${cellText(cell)}），不是数字`);
  if (typeof cell === 'boolean') return fail('不是数字');
  let n: number;
  if (typeof cell === 'number') {
    n = Number(numberText(cell));
  } else {
    const raw = cell.trim();
    if (raw === '' || isNothing(raw)) return EMPTY;
    const text = foldNumberText(raw).replace(/(户|人|个|村|人次|口|名|家)$/, '');
    if (!/^[+-]?\d+(\.0*)?$/.test(text)) return fail(`“${raw}”不是整数`);
    n = Number(text);
  }
  if (!Number.isInteger(n)) return fail(`${numberText(n)} 不是整数`);
  if (n < 0) return fail(`${n} 是负数`);
  if (n > max) return fail(`${n} 超过上限 ${max}`);
  return { ok: true, value: n };
}

/** A year: 2023, "2023", "2023年", "2023年度". */
export function parseYearCell(cell: SheetCell | undefined): Parsed<number> {
  if (cell === null || cell === undefined) return EMPTY;
  if (isDateCell(cell)) {
    const iso = serialToIsoDay(cell.d);
    return iso ? { ok: true, value: Number(iso.slice(0, 4)) } : fail('不是有效年度');
  }
  const text = typeof cell === 'number' ? numberText(cell) : foldWidth(cellText(cell)).replace(/\s/g, '');
  if (text === '' || isNothing(text)) return EMPTY;
  const m = /^(\d{4})(?:年度?|年)?$/.exec(text);
  if (!m) return fail(`“${text}”不是年度，请填写如 2024`);
  const y = Number(m[1]);
  if (y < 2000 || y > 2100) return fail(`年度 ${y} 不在 2000–2100 之间`);
  return { ok: true, value: y };
}

// ---- Dates ------------------------------------------------------------------------------------------

export interface DateValue {
  /** '2024-03-05' or '2024-03'. */
  iso: string;
  precision: 'day' | 'month';
}

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, O: 0, o: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 二〇二三年三月十五日 → 2023年3月15日 (years digit by digit, months and days with 十). */
export function chineseNumeralsToDigits(text: string): string {
  return text
    .replace(/([〇零一二三四五六七八九]{4})年/g, (_m, y: string) => `${[...y].map((c) => CN_DIGITS[c] ?? 0).join('')}年`)
    .replace(/([一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])(?=[月日号])/g, (m) => {
      if (!m.includes('十')) return String(CN_DIGITS[m] ?? m);
      const [tens, ones] = m.split('十') as [string, string];
      return String((tens ? (CN_DIGITS[tens] ?? 1) : 1) * 10 + (ones ? (CN_DIGITS[ones] ?? 0) : 0));
    });
}

function dayOrFail(y: number, m: number, d: number, raw: string): Parsed<DateValue> {
  const iso = isoDay(y, m, d);
  if (!isValidIsoDay(iso)) return fail(`“${raw}”不是存在的日期`);
  return { ok: true, value: { iso, precision: 'day' } };
}
function monthOrFail(y: number, m: number, raw: string): Parsed<DateValue> {
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
  if (!isValidIsoMonth(iso)) return fail(`“${raw}”不是存在的月份`);
  return { ok: true, value: { iso, precision: 'month' } };
}

function fullYear(y: string): number | null {
  if (y.length === 4) return Number(y);
  if (y.length === 2) return 2000 + Number(y);
  return null;
}

/**
 * Dates as text: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日(号), 20240305, 2024-03, 2024/3, 2024.3,
 * 2024年3月(份), 202403, 3/5/2024 (as US-style Excel exports write it), 二〇二四年三月五日, with a time of
 * day after it ignored.
 */
export function parseDateText(raw: string): Parsed<DateValue> {
  let text = chineseNumeralsToDigits(foldWidth(raw)).replace(/\s+/g, ' ').trim();
  if (text === '' || isNothing(text)) return EMPTY;
  // Drop a time of day ("2024-03-05 00:00:00", "2024-03-05T00:00:00.000Z").
  text = text.replace(/[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/, '').replace(/\s/g, '');
  let m = /^(\d{4}|\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(text);
  if (m) {
    const y = fullYear(m[1] ?? '');
    if (y === null) return fail(`“${raw}”不是日期`);
    return dayOrFail(y, Number(m[2]), Number(m[3]), raw);
  }
  m = /^(\d{4})年?(\d{1,2})月?份?$/.exec(text);
  if (m && /[-/.年]/.test(text) === false && text.length === 6) {
    return monthOrFail(Number(m[1]), Number(m[2]), raw);
  }
  m = /^(\d{4})[-/.年](\d{1,2})(?:月份?|月)?$/.exec(text);
  if (m) return monthOrFail(Number(m[1]), Number(m[2]), raw);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return dayOrFail(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (m) return dayOrFail(Number(m[3]), Number(m[1]), Number(m[2]), raw);
  return fail(`“${raw.length > 30 ? `${raw.slice(0, 30)}…` : raw}”不是日期，请写成 2024-03-05 或 2024年3月5日`);
}

/**
 * A date cell, a serial, or text. `precision: 'day'` refuses a month alone. A plain number in a date column
 * is read as a serial when it lies between 1955 and 2100, as 20240305 when it has eight digits, and as
 * year.month when it looks like 2024.3 (Excel turned "2024.3" into a number).
 */
export function parseDateCell(cell: SheetCell | undefined, precision: 'day' | 'dayOrMonth' = 'dayOrMonth'): Parsed<DateValue> {
  if (cell === null || cell === undefined) return EMPTY;
  if (isErrorCell(cell)) return fail(`单元格是错误值 ${cell.e}，不是日期`);
  if (isFormulaCell(cell)) return fail('公式没有计算结果，请打开文件保存后再导入');
  if (typeof cell === 'boolean') return fail('不是日期');
  let result: Parsed<DateValue>;
  if (isDateCell(cell)) {
    const iso = serialToIsoDay(cell.d);
    // A date cell can hold any day Excel knows (to 9999); the ledger keeps 1900–2100 (found by fuzzing).
    result = iso && isValidIsoDay(iso) ? { ok: true, value: { iso, precision: 'day' } } : fail(iso ? `日期 ${iso} 超出 1900–2100 年，请核对` : '不是有效日期');
  } else if (typeof cell === 'number') {
    const text = numberText(cell);
    if (/^\d{8}$/.test(text)) result = parseDateText(text);
    else if (/^\d{4}\.\d{1,2}$/.test(text)) {
      const [y, mo] = text.split('.') as [string, string];
      result = monthOrFail(Number(y), Number(mo), text);
      if (result.ok && mo === '1') result = { ...result, note: `“${text}”按 ${y} 年 1 月读取；如是 10 月，请把单元格设为文本后写成 ${y}.10` };
    } else if (cell >= 20_000 && cell < 73_051) {
      const iso = serialToIsoDay(cell);
      result = iso ? { ok: true, value: { iso, precision: 'day' } } : fail(`${text} 不是日期`);
    } else result = fail(`${text} 不是日期，请写成 2024-03-05 或 2024年3月5日`);
  } else {
    result = parseDateText(cell);
  }
  if (result.ok && result.value && precision === 'day' && result.value.precision === 'month') {
    return fail(`“${cellText(cell)}”只有年月，这里需要具体到日`);
  }
  return result;
}

// ---- 整改时限 -----------------------------------------------------------------------------------------

export interface DeadlineValue {
  /** The date it means, or null (长期坚持, or 立行立改 without an inspection date). */
  date: string | null;
  /** The words as written (null for a date cell). */
  text: string | null;
  kind: 'date' | 'yearEnd' | 'monthEnd' | 'immediate' | 'ongoing';
}

export interface DeadlineContext {
  /** The inspection's date (end, else start): 立行立改 = this + immediateDays. */
  inspectionDate?: string | null;
  /** Days 立行立改 allows (a setting; 30 by default). */
  immediateDays?: number;
  /** For "10月31日前" without a year. */
  defaultYear?: number | null;
}

const ONGOING = /^(长期坚持|长期|持续推进|持续整改|长期整改|常态化|常态长效|长期推进|持续|长效)/;
const IMMEDIATE = /^(立行立改|立即整改|即知即改|立查立改|立即|马上就改|即查即改)/;

function lastDay(y: number, m: number): string {
  return isoDay(y, m, daysInMonth(y, m));
}

/** 整改时限 as DOMAIN.md reads it; the original words are kept beside the date. */
export function parseDeadlineCell(cell: SheetCell | undefined, context: DeadlineContext = {}): Parsed<DeadlineValue> {
  if (cell === null || cell === undefined) return EMPTY;
  if (isDateCell(cell) || typeof cell === 'number') {
    const d = parseDateCell(cell, 'dayOrMonth');
    if (!d.ok || d.value === null) return d.ok ? EMPTY : d;
    const date = d.value.precision === 'month' ? lastDay(Number(d.value.iso.slice(0, 4)), Number(d.value.iso.slice(5, 7))) : d.value.iso;
    return { ok: true, value: { date, text: null, kind: 'date' } };
  }
  if (isErrorCell(cell) || isFormulaCell(cell) || typeof cell === 'boolean') return fail('整改时限无法识别');
  const original = cell.replace(/\s+/g, ' ').trim();
  if (original === '' || isNothing(original)) return EMPTY;
  const text = squeeze(chineseNumeralsToDigits(foldWidth(original)));
  if (ONGOING.test(text)) return { ok: true, value: { date: null, text: original, kind: 'ongoing' } };
  if (IMMEDIATE.test(text)) {
    const base = context.inspectionDate && isValidIsoDay(context.inspectionDate) ? context.inspectionDate : null;
    return { ok: true, value: { date: base ? addDays(base, context.immediateDays ?? 30) : null, text: original, kind: 'immediate' } };
  }
  // Several dates ("2023年10月—12月底", "2023年6月底前完成，长期坚持"): the last one written wins. One
  // scan with the most specific form first at each position, so "10月31日" is never also read as "10月".
  const body = text.replace(/(之前|以前|前|止|为止|完成|整改到位|到位|以内|内)+/g, ' ');
  const TOKEN =
    /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]|(\d{4})年(上半年|下半年|第?[一二三四]季度)(?:末|底)?|(\d{4})年(?:年)?(?:底|末|全年)|(?:(\d{4})年)?(\d{1,2})月份?(底|末|上旬|中旬|下旬)?|(\d{4})[-/.](\d{1,2})(?![\d])|(\d{4})(\d{2})(\d{2})/g;
  let last: Parsed<DeadlineValue> | null = null;
  let yearSeen: number | null = context.defaultYear ?? null;
  const ok = (date: string, kind: DeadlineValue['kind']): Parsed<DeadlineValue> => ({ ok: true, value: { date, text: original, kind } });
  const noYear = fail(`整改时限“${original}”没有写年份`);
  for (const t of body.matchAll(TOKEN)) {
    let value: Parsed<DeadlineValue>;
    if (t[1]) {
      const d = dayOrFail(Number(t[1]), Number(t[2]), Number(t[3]), original);
      value = d.ok && d.value ? ok(d.value.iso, 'date') : d.ok ? noYear : d;
      yearSeen = Number(t[1]);
    } else if (t[5]) {
      if (t[4]) yearSeen = Number(t[4]);
      if (yearSeen === null) value = noYear;
      else {
        const d = dayOrFail(yearSeen, Number(t[5]), Number(t[6]), original);
        value = d.ok && d.value ? ok(d.value.iso, 'date') : d.ok ? noYear : d;
      }
    } else if (t[7]) {
      yearSeen = Number(t[7]);
      const word = t[8] ?? '';
      const month = /上半年|二季度/.test(word) ? 6 : /一季度/.test(word) ? 3 : /三季度/.test(word) ? 9 : 12;
      value = ok(lastDay(yearSeen, month), 'monthEnd');
    } else if (t[9]) {
      yearSeen = Number(t[9]);
      value = ok(isoDay(yearSeen, 12, 31), 'yearEnd');
    } else if (t[11]) {
      if (t[10]) yearSeen = Number(t[10]);
      const month = Number(t[11]);
      if (yearSeen === null) value = noYear;
      else if (month < 1 || month > 12) value = fail(`整改时限“${original}”中的月份不存在`);
      else {
        const part = t[12];
        value = ok(part === '上旬' ? isoDay(yearSeen, month, 10) : part === '中旬' ? isoDay(yearSeen, month, 20) : lastDay(yearSeen, month), 'monthEnd');
      }
    } else if (t[13]) {
      yearSeen = Number(t[13]);
      const month = Number(t[14]);
      value = month >= 1 && month <= 12 ? ok(lastDay(yearSeen, month), 'monthEnd') : fail(`整改时限“${original}”中的月份不存在`);
    } else {
      const d = dayOrFail(Number(t[15]), Number(t[16]), Number(t[17]), original);
      value = d.ok && d.value ? ok(d.value.iso, 'date') : d.ok ? noYear : d;
    }
    last = value;
  }
  if (last === null) {
    return fail(
      `整改时限“${original.length > 30 ? `${original.slice(0, 30)}…` : original}”无法识别，请写成日期、“2024年10月31日前”、“2024年底前”、“立行立改”或“长期坚持”`,
    );
  }
  return last;
}
