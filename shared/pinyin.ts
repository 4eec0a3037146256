// Pinyin initials: how a clerk finds a name by typing its first letters (小水窖 → xsj), in the project search
// (the stored search_initials column) and in every drop-down list of the app.
//
// The rule for what is not Chinese: Latin letters and digits count as themselves (光伏电站200KW →
// gfdz200kw, so `gfdz200` finds it). A clerk also skips numbers: "前进村2026年食用菌大棚" is typed qjcsyj,
// the year left out. So a name has a second form without its numbers, a number being a run of digits with
// the unit written right after it (2026年, 2026年度, 200KW, 3期, 500亩): qjcsyjdp. Both forms
// are searched; `qjc2026` finds the first, `qjcsyj` the second.
import { pinyin } from 'pinyin-pro';

/**
 * Bump when the initials of a stored name change (the rule above): ledgers written under an older rule have
 * their search_initials recomputed on the next search.
 */
export const INITIALS_RULE_VERSION = 2;

const cache = new Map<string, string>();

/** 小水窖（二期） → xsjeq: lowercase first letters of the Chinese, other letters and digits as they are. */
export function initialsOf(text: string): string {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const value = pinyin(text, { pattern: 'first', toneType: 'none', separator: '', nonZh: 'consecutive' })
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  if (cache.size > 5000) cache.clear();
  cache.set(text, value);
  return value;
}

/** A number as names write it: digits (with a decimal part) and the unit right after them. */
const NUMBER_WITH_UNIT = /[0-9０-９]+(?:[.．][0-9０-９]+)?(?:年度|[年月日号期批次届个户人亩座处栋间套台米吨万千元]|[A-Za-zＡ-Ｚａ-ｚ]+)?/g;

/** The name without its numbers (前进村2026年食用菌 → 前进村食用菌); the name itself when it has none. */
export function withoutNumbers(text: string): string {
  return text.replace(NUMBER_WITH_UNIT, '');
}

/** The initials a name is found by: its own, and those of the name without numbers when they differ. */
export function initialsForms(text: string): string[] {
  const full = initialsOf(text);
  const bare = initialsOf(withoutNumbers(text));
  return bare === full || bare === '' ? [full] : [full, bare];
}

/** A typed word that may be pinyin initials: letters and digits only. */
export function looksLikeInitials(typed: string): boolean {
  return /^[a-z0-9]+$/i.test(typed);
}

/**
 * Does `text` match what the clerk typed? Chinese (or any text) matches as a part of it, case aside;
 * letters and digits also match as a part of its pinyin initials (either form). The drop-down lists of the
 * app filter their options with this.
 */
export function matchesTyped(text: string, typed: string): boolean {
  const word = typed.trim().toLowerCase();
  if (word === '') return true;
  if (text.toLowerCase().includes(word)) return true;
  return looksLikeInitials(word) && initialsForms(text).some((form) => form.includes(word));
}
