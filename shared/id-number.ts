// 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence, 1 check
// character. Used by the import checks, the household forms and the demo data, on both sides of the app,
// so nothing here touches Node or the DOM. ID numbers are personal data: messages never echo the number.

import { daysInMonth, formatChineseDate, isoDay, localToday } from './dates';

export type IdNumberCheck = { ok: true; normalised: string } | { ok: false; message: string };

/** Weights of positions 1–17 (2^(18-i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character by S mod 11. */
const CHECK_CHARS = '10X98765432';

/**
 * Earliest birth year accepted. Nobody registered today was born before 1900, but GB 11643's own worked
 * example (440524188001010014) is born in 1880 and people test with it; a mistyped year is caught by the
 * check character in most cases anyway.
 */
const MIN_BIRTH_YEAR = 1800;

/**
 * The 18th character for the first 17 digits. Throws a RangeError when the input is not 17 digits: a
 * caller building numbers (demo data, tests) has a bug then, it is not user input.
 */
export function idNumberCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('计算校验码需要 17 位数字');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/**
 * Fold what sheets and keyboards put around a number: spaces, full-width digits and X (from WPS or an IME),
 * and the leading apostrophe Excel users type to keep the digits as text.
 */
function foldIdText(text: string): string {
  return text
    .replace(/[\s\u00a0\u3000]/g, '')
    .replace(/^['‘’`]/, '')
    .replace(/[０-９Ｘｘ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Today as YYYYMMDD on the machine's own calendar (the office's clock, UTC+8 for the users). */
/**
 * Check a citizen ID number. Accepts a lowercase x (normalised to X) and full-width characters; rejects
 * wrong length, non-digits, an impossible or future birth date and a wrong check character, each with a
 * Chinese sentence saying what to fix. The address code is not checked against a list: DOMAIN.md asks to
 * warn, not reject, on an unknown one, and that warning belongs to the caller that knows the county.
 * `today` exists for tests; by default the machine's date bounds the birth date.
 */
export function checkIdNumber(text: string, options: { today?: Date } = {}): IdNumberCheck {
  const value = foldIdText(text ?? '');
  if (value.length === 0) return { ok: false, message: '身份证号为空，请填写 18 位公民身份号码' };
  if (value.length === 15 && /^\d{15}$/.test(value)) {
    return { ok: false, message: '这是 15 位的旧身份证号，请填写换发后的 18 位公民身份号码' };
  }
  if (value.length !== 18) {
    return { ok: false, message: `身份证号应为 18 位，现在是 ${value.length} 位，请检查是否多输或漏输` };
  }
  for (let i = 0; i < 17; i += 1) {
    const c = value.charAt(i);
    if (c < '0' || c > '9') {
      return { ok: false, message: `身份证号前 17 位应全是数字，第 ${i + 1} 位“${c}”不是数字` };
    }
  }
  const last = value.charAt(17).toUpperCase();
  if (!/^[0-9X]$/.test(last)) {
    return { ok: false, message: `身份证号第 18 位（校验码）应为数字或 X，现在是“${value.charAt(17)}”` };
  }

  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = formatChineseDate(isoDay(year, month, day));
  if (month < 1 || month > 12 || day < 1 || year < 1 || day > daysInMonth(year, month)) {
    return { ok: false, message: `身份证号第 7–14 位的出生日期（${value.slice(6, 14)}）不是存在的日期，请核对` };
  }
  if (year < MIN_BIRTH_YEAR) {
    return { ok: false, message: `身份证号中的出生日期 ${birth} 早于 ${MIN_BIRTH_YEAR} 年，请核对第 7–14 位` };
  }
  if (value.slice(6, 14) > localToday(options.today).replace(/-/g, '')) {
    return { ok: false, message: `身份证号中的出生日期 ${birth} 晚于今天，请核对第 7–14 位` };
  }

  const expected = idNumberCheckDigit(value.slice(0, 17));
  if (expected !== last) {
    return {
      ok: false,
      message: `身份证号校验码不对：按前 17 位算出第 18 位应为“${expected}”，现在是“${last}”，请核对号码是否抄错`,
    };
  }
  return { ok: true, normalised: value.slice(0, 17) + last };
}

/**
 * Mask an ID number for screens and exports: first 6 and last 4 characters kept, the birth date and
 * sequence hidden (110105********002X). A string too short to mask safely is hidden entirely.
 */
export function maskIdNumber(id: string): string {
  const value = id.trim();
  if (value.length < 11) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** 18-character (and old 15-digit) ID numbers inside any text, also next to letters, in ASCII or full width. */
const ID_NUMBER_IN_TEXT = /(?<![0-9０-９])[0-9０-９]{17}[0-9０-９XxＸｘ](?![0-9０-９])|(?<![0-9０-９])[0-9０-９]{15}(?![0-9０-９])/g;

/**
 * Mask every ID number inside a text (a log line, a preview cell, a message) the way maskIdNumber does;
 * the rest of the text is left as it is.
 */
export function maskIdNumbersInText(text: string): string {
  return text.replace(ID_NUMBER_IN_TEXT, (id) => maskIdNumber(id));
}
