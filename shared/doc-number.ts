// 文号 (document numbers) of allocation documents: 机关代字〔YYYY〕N号, e.g. 青财农字〔2023〕505号.
// Clerks and sheets write the year in [] 【】 ［］ () （） ﹝﹞ 〖〗 {} or even 〈〉; the ledger keeps 〔〕 only, so
// the same document is one string however it was typed. Used by the services and by the imports.

/** Opening and closing brackets people use around the year instead of 〔〕. */
const OPEN = '[【［(（〔﹝〖{｛<〈《';
const CLOSE = ']】］)）〕﹞〗}｝>〉》';

const escapeClass = (chars: string) => chars.replace(/[\]\\[^-]/g, '\\$&');

/** A year (four digits, possibly padded with spaces) between any opening and any closing bracket. */
const YEAR_IN_BRACKETS = new RegExp(`[${escapeClass(OPEN)}]\\s*(\\d{4})\\s*[${escapeClass(CLOSE)}]`, 'g');

/** Full-width digits (０-９) → ASCII digits. */
function asciiDigits(text: string): string {
  return text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * Normalise a 文号: trim, fold full-width digits, drop spaces, and put the year between 〔〕.
 * '青财农字[2023]505号' → '青财农字〔2023〕505号'; '青财农字【2023】 505 号' → '青财农字〔2023〕505号'.
 * Text without a bracketed year is returned trimmed and otherwise unchanged.
 */
export function normaliseDocNumber(raw: string): string {
  const compact = asciiDigits(raw).replace(/[\s\u00a0\u3000]+/g, '');
  return compact.replace(YEAR_IN_BRACKETS, (_m, year: string) => `〔${year}〕`);
}

const CANONICAL = /^(.+?)〔(\d{4})〕(\d+)号$/;

/** The parts of a canonical 文号, or null when it does not have the 机关代字〔YYYY〕N号 shape. */
export function parseDocNumber(text: string): { prefix: string; year: number; number: number } | null {
  const m = CANONICAL.exec(normaliseDocNumber(text));
  if (!m) return null;
  return { prefix: m[1] ?? '', year: Number(m[2]), number: Number(m[3]) };
}

/** True when the text (after normalising) has the 机关代字〔YYYY〕N号 shape. */
export function isCanonicalDocNumber(text: string): boolean {
  return parseDocNumber(text) !== null;
}
