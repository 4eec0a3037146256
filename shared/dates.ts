// Dates are calendar dates, kept as ISO text with day ('2024-03-05') or month ('2024-03') precision.
// The ledger's own dates never touch a time zone: the users live in UTC+8 and spreadsheet libraries shift
// Date objects.
//
// Stored times (created_at, updated_at, the audit trail's at, issued_at, backups' takenAt) are instants in
// UTC ('2026-12-01T22:09:00.000Z'). Cutting one at ten characters gives the UTC day, which is yesterday
// for anything done before 08:00 in the office. Every place that shows or compares a stored time as a
// calendar day goes through officeDay() (and officeDateTime() for a time of day, officeDayStart() to
// turn a day back into the instant it starts), as does "today" (localToday).
//
// The office's zone is Asia/Shanghai, applied as the fixed offset UTC+08:00 rather than the machine's zone:
// China has kept one zone without daylight saving since 1991, so the fixed offset gives the same answer for
// every time the ledger can hold, and it keeps every door agreeing — the Electron window, the browser mode,
// the CLI on a server or a test machine set to UTC, and the clerks' PCs sharing one office database — and
// needs no time-zone data (ICU) at run time.

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

/** The office's zone (see the opening comment): Asia/Shanghai, UTC+08:00. */
export const OFFICE_TIME_ZONE = 'Asia/Shanghai';
const OFFICE_OFFSET_MS = 8 * 3_600_000;

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/** A stored instant (ISO text or Date) as wall-clock parts in the office's zone, via a UTC-shifted Date. */
function officeWallClock(instant: string | Date): Date | null {
  if (typeof instant === 'string' && !INSTANT_RE.test(instant)) return null;
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return Number.isNaN(ms) ? null : new Date(ms + OFFICE_OFFSET_MS);
}

/**
 * The office's calendar day of a stored instant: '2026-12-01T22:30:00Z' → '2026-12-02'. A text that is
 * already a calendar day ('2026-12-02', '2026-12') is returned as it is; anything unreadable as ''.
 */
export function officeDay(instant: string | Date): IsoDay {
  if (typeof instant === 'string' && isValidIsoDate(instant)) return instant;
  const t = officeWallClock(instant);
  return t ? isoDay(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()) : '';
}

/** A stored instant as the office's date and time: '2026-12-01T22:30:05Z' → '2026-12-02 06:30' (or …:05). */
export function officeDateTime(instant: string | Date, withSeconds = false): string {
  const t = officeWallClock(instant);
  if (!t) return typeof instant === 'string' ? instant : '';
  const p = (n: number) => String(n).padStart(2, '0');
  const time = `${p(t.getUTCHours())}:${p(t.getUTCMinutes())}${withSeconds ? `:${p(t.getUTCSeconds())}` : ''}`;
  return `${isoDay(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())} ${time}`;
}

/** The instant an office day begins, as the ISO text stored times use: '2026-12-02' → '2026-12-01T16:00:00.000Z'. */
export function officeDayStart(day: IsoDay): string {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`不是有效日期：${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - OFFICE_OFFSET_MS).toISOString();
}

/** Today in the office (officeDay of now): the default for every "today" and 截至 date. */
export function localToday(now: Date = new Date()): IsoDay {
  return officeDay(now);
}

/** The office's current year (a 'this year' default). */
export function officeYear(now: Date = new Date()): number {
  return Number(localToday(now).slice(0, 4));
}

/** 2024-04-01 → 2024年4月1日, 2024-04 → 2024年4月 (official documents write no zero padding). */
export function formatChineseDate(text: string): string {
  const d = DAY_RE.exec(text);
  if (d) return `${Number(d[1])}年${Number(d[2])}月${Number(d[3])}日`;
  const m = MONTH_RE.exec(text);
  if (m) return `${Number(m[1])}年${Number(m[2])}月`;
  return text;
}

/**
 * A period as official documents write it: 2024年4月1日至2024年6月30日; one date when both ends are the same
 * day or only one end is known; '' when neither is.
 */
export function formatChineseDateRange(start: string | null, end: string | null): string {
  if (start && end && start !== end) return `${formatChineseDate(start)}至${formatChineseDate(end)}`;
  if (start) return formatChineseDate(start);
  return end ? formatChineseDate(end) : '';
}

/** A stored instant as the office's day and minute in Chinese: '2024-04-02T01:00:00Z' → 2024年4月2日 09:00. */
export function formatChineseInstant(iso: string): string {
  const t = officeDateTime(iso);
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/.exec(t);
  return m ? `${formatChineseDate(m[1] as string)} ${m[2] as string}` : iso;
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
