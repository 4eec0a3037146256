// Dates are calendar dates, kept as ISO text with day ('2024-03-05') or month ('2024-03') precision.
// Nothing here touches a time zone: the users live in UTC+8 and spreadsheet libraries shift Date objects.

export type IsoDay = string;
export type IsoMonth = string;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidIsoDay(text: string): boolean {
  const m = DAY_RE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isValidIsoMonth(text: string): boolean {
  const m = MONTH_RE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return year >= 1900 && year <= 2100 && month >= 1 && month <= 12;
}

/** Day or month precision, as project dates in township sheets often give only a month. */
export function isValidIsoDate(text: string): boolean {
  return isValidIsoDay(text) || isValidIsoMonth(text);
}

export function isoDay(year: number, month: number, day: number): IsoDay {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Today's calendar date where the program runs (the office's own clock, UTC+8 for the users). */
export function localToday(now: Date = new Date()): IsoDay {
  return isoDay(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** 2024-04-01 → 2024年4月1日, 2024-04 → 2024年4月 (official documents write no zero padding). */
export function formatChineseDate(text: string): string {
  const d = DAY_RE.exec(text);
  if (d) return `${Number(d[1])}年${Number(d[2])}月${Number(d[3])}日`;
  const m = MONTH_RE.exec(text);
  if (m) return `${Number(m[1])}年${Number(m[2])}月`;
  return text;
}

/** Compare two ISO dates of possibly different precision by their first day ('2024-03' ≡ '2024-03-01'). */
export function compareIsoDates(a: string, b: string): number {
  const fa = a.length === 7 ? `${a}-01` : a;
  const fb = b.length === 7 ? `${b}-01` : b;
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

export function addDays(day: IsoDay, days: number): IsoDay {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`不是有效日期：${day}`);
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return isoDay(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}
