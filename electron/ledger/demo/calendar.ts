// The demo county's calendar: days as integers (no time zones involved) and the years it fills, taken from the
// ledger's clock.
import { localToday } from '../../../shared/dates';

/**
 * Projects per year at scale 1 (about 1 000 in all), growing a little as the 衔接资金 pool grew; indexed by
 * age, 0 the current year. The demo's years follow the ledger's clock: projects in the five years up to
 * the current one, inspections in the last four (see demoCalendar).
 */
export const PROJECTS_PER_YEAR_BY_AGE = [220, 210, 200, 190, 180] as const;
const INSPECTION_YEAR_COUNT = 4;

const DAY_MS = 86_400_000;
export function dayNum(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}
export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
export function isoOf(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}
export function ymd(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}
export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The demo county's calendar, taken from the ledger's clock: its "today" (as-of day) is the local
 * calendar date of ctx.now(), and nothing that happened (actual dates, allocations, payments, steps of a
 * finding) is dated later. Plans and deadlines may lie ahead, as they do in a real ledger.
 */
export interface DemoCalendar {
  /** The as-of day as a day number. */
  asOf: number;
  /** The current year Y (the as-of day's). */
  year: number;
  /** 1 January of Y as a day number. */
  yearStart: number;
  /** Project years Y-4 … Y, oldest first. */
  projectYears: readonly number[];
  /** Inspection years Y-3 … Y, oldest first. */
  inspectionYears: readonly number[];
}

export function demoCalendar(now: Date): DemoCalendar {
  const asOf = dayNum(localToday(now));
  const year = Number(isoOf(asOf).slice(0, 4));
  return {
    asOf,
    year,
    yearStart: ymd(year, 1, 1),
    projectYears: PROJECTS_PER_YEAR_BY_AGE.map((_, i) => year - (PROJECTS_PER_YEAR_BY_AGE.length - 1) + i),
    inspectionYears: Array.from({ length: INSPECTION_YEAR_COUNT }, (_, i) => year - (INSPECTION_YEAR_COUNT - 1) + i),
  };
}
