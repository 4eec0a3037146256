// Money is integer fen (分) everywhere. Conversion from the text people type or sheets hold is done on
// decimal strings, never through binary floating point, so 0.1 + 0.2 style errors cannot reach the ledger.

export type Fen = number;

/** Largest single amount the ledger accepts: 10^12 fen = 100 亿元. */
export const MAX_AMOUNT_FEN = 1_000_000_000_000;

export type MoneyUnit = 'yuan' | 'wan';

export const MONEY_UNIT_LABEL: Record<MoneyUnit, string> = { yuan: '元', wan: '万元' };

/** Digits after the decimal point that still make whole fen: 元 → 2, 万元 → 6. */
const UNIT_DECIMALS: Record<MoneyUnit, number> = { yuan: 2, wan: 6 };

export class MoneyParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyParseError';
  }
}

/** Full-width digits, separators and spaces that real sheets contain, folded to plain ASCII. */
export function normaliseNumberText(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[，,]/g, '')
    .replace(/[－—–]/g, '-')
    .replace(/[\s\u00a0\u3000]/g, '');
}

/**
 * Parse an amount written in 元 or 万元 into integer fen.
 * Accepts "1,234.56", "１２３４．５", "-5" (only when allowNegative), rejects anything that is not a whole
 * number of fen ("0.001" 元) or exceeds MAX_AMOUNT_FEN.
 */
export function parseMoneyToFen(
  raw: string,
  unit: MoneyUnit,
  options: { allowNegative?: boolean } = {},
): Fen {
  const text = normaliseNumberText(raw);
  const match = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text) ?? /^([+-]?)()\.(\d+)$/.exec(text);
  if (!match) {
    throw new MoneyParseError(`“${raw}”不是有效的金额，请填写数字，例如 1234.56`);
  }
  const sign = match[1] === '-' ? -1 : 1;
  const whole = match[2] || '0';
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const decimals = UNIT_DECIMALS[unit];
  if (fraction.length > decimals) {
    throw new MoneyParseError(
      `金额“${raw}”${MONEY_UNIT_LABEL[unit]}不是整分，${MONEY_UNIT_LABEL[unit]}最多保留 ${decimals} 位小数`,
    );
  }
  if (sign < 0 && !options.allowNegative) {
    throw new MoneyParseError(`金额“${raw}”不能为负数`);
  }
  // Whole part × 10^(decimals) + fraction padded: an exact integer of the smallest unit (fen).
  const digits = (whole.replace(/^0+(?=\d)/, '') + fraction.padEnd(decimals, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > 16) {
    throw new MoneyParseError(`金额“${raw}”超过上限 ${formatFen(MAX_AMOUNT_FEN, 'wan')} 万元`);
  }
  const fen = Number(digits) * sign;
  if (Math.abs(fen) > MAX_AMOUNT_FEN) {
    throw new MoneyParseError(`金额“${raw}”超过上限 ${formatFen(MAX_AMOUNT_FEN, 'wan')} 万元`);
  }
  return fen === 0 ? 0 : fen;
}

export function isValidFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && Math.abs(value) <= MAX_AMOUNT_FEN;
}

/** Round a non-negative integer to a multiple of `step`, halves away from zero, in exact integer arithmetic. */
function roundToStep(value: number, step: number): number {
  const quotient = Math.floor(value / step);
  const remainder = value - quotient * step;
  return (remainder * 2 >= step ? quotient + 1 : quotient) * step;
}

/**
 * Format fen as 元 (two decimals) or 万元 (exact: up to six decimals, at least `minDecimals`; or rounded to
 * exactly `decimals` places for figures people read at a glance, e.g. 6,118.83 万元).
 */
export function formatFen(
  fen: Fen,
  unit: MoneyUnit = 'yuan',
  options: { grouping?: boolean; minDecimals?: number; decimals?: number } = {},
): string {
  const grouping = options.grouping ?? true;
  const negative = fen < 0;
  const decimals = UNIT_DECIMALS[unit];
  const shown = options.decimals === undefined ? decimals : Math.min(Math.max(0, options.decimals), decimals);
  const abs = roundToStep(Math.abs(Math.trunc(fen)), 10 ** (decimals - shown));
  const digits = String(abs).padStart(decimals + 1, '0');
  let whole = digits.slice(0, digits.length - decimals);
  let fraction = digits.slice(digits.length - decimals);
  if (options.decimals !== undefined) {
    fraction = fraction.slice(0, shown);
  } else if (unit === 'wan') {
    const keep = Math.max(options.minDecimals ?? 2, fraction.replace(/0+$/, '').length);
    fraction = fraction.slice(0, keep);
  }
  if (grouping) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative && abs !== 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * An amount as the office writes it: 元 with two decimals (455,616.50), 万元 with the places the amount
 * needs — none to six, trailing zeros trimmed, never rounding away a fen (50, 45.5617, 110.692905). For
 * inputs and exact figures; tables read at a glance round 万元 with formatFen's `decimals` instead.
 */
export function formatMoney(fen: Fen, unit: MoneyUnit, options: { grouping?: boolean } = {}): string {
  return formatFen(fen, unit, { grouping: options.grouping ?? true, minDecimals: 0 });
}

/**
 * An amount inside a sentence — a message, a warning, a refusal — in 元 with two decimals and grouping, unit
 * written after it: 1,234.00 元. (A column headed 金额（元） shows the bare formatFen(fen, 'yuan').)
 */
export function formatYuanWithUnit(fen: Fen): string {
  return `${formatFen(fen, 'yuan')} 元`;
}

/**
 * 万元 rounded to two places, no unit: how tables, totals, charts and the bulletin show money at a glance
 * (6,118.83). Exact figures (inputs, exports) use formatMoney.
 */
export function formatWanRounded(fen: Fen): string {
  return formatFen(fen, 'wan', { decimals: 2 });
}

/**
 * The unit an office writes a set of amounts in: 万元 while every amount is whole 元 (at most four decimals
 * of 万元, as 万元 tables keep them), 元 once one carries 角 or 分 — a clerk writes 455,616.50 元, never
 * 45.56165 万元. `preferred` is the form's usual unit; a form kept in 元 stays in 元.
 */
export function writtenUnit(fens: Iterable<Fen>, preferred: MoneyUnit = 'wan'): MoneyUnit {
  if (preferred === 'yuan') return 'yuan';
  for (const fen of fens) if (fen % 100 !== 0) return 'yuan';
  return 'wan';
}

/** Sum of fen values; throws if the total leaves the safe integer range (it never should). */
export function sumFen(values: Iterable<Fen>): Fen {
  let total = 0;
  for (const v of values) total += v;
  if (!Number.isSafeInteger(total)) throw new RangeError('金额合计超出可精确表示的范围');
  return total;
}

/** A ratio as a percentage with one decimal, e.g. 0.4567 → "45.7%"; null when the base is zero. */
export function formatPercent(numerator: number, denominator: number, decimals = 1): string | null {
  if (denominator === 0) return null;
  return `${((numerator / denominator) * 100).toFixed(decimals)}%`;
}
