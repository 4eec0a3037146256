// Which automatic backups to keep: 7 daily, 4 weekly, 12 monthly (grandfather-father-son). Pure, so it is
// tested with dates alone. Periods are counted among those that HAVE backups (as restic's --keep-daily does):
// an office that opens the program twice a week still keeps seven days' worth, not two.
import { officeDay } from '../../../shared/dates';
import type { BackupKind } from '../../../db/backup';

export interface RotationPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

export const ROTATION: RotationPolicy = { daily: 7, weekly: 4, monthly: 12 };

export interface RotatableBackup {
  name: string;
  takenAt: Date;
  kind: BackupKind;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The office's calendar day, as the clerk counts days (shared/dates.ts). */
export function dayKey(d: Date): string {
  return officeDay(d);
}

/** ISO 8601 week (Monday first; week 1 holds the year's first Thursday), e.g. 2024-W10. */
export function isoWeekKey(d: Date): string {
  const [y, m, dd] = officeDay(d).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, dd));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${pad(week)}`;
}

export function monthKey(d: Date): string {
  return officeDay(d).slice(0, 7);
}

/** The newest backup of each of the `count` most recent periods that have one. */
function newestPerPeriod(sorted: RotatableBackup[], key: (d: Date) => string, count: number): { keep: Set<string>; periods: Set<string> } {
  const keep = new Set<string>();
  const periods = new Set<string>();
  for (const b of sorted) {
    const k = key(b.takenAt);
    if (periods.has(k)) continue;
    if (periods.size >= count) break;
    periods.add(k);
    keep.add(b.name);
  }
  return { keep, periods };
}

/**
 * The names to keep. Manual backups are never rotated (someone made them on purpose). The copies made
 * before a migration, a restore or an undo are kept as long as their day is one of the daily days, even
 * when a later backup the same day is that day's daily pick: they are the way back from that step.
 */
export function backupsToKeep(backups: RotatableBackup[], policy: RotationPolicy = ROTATION): Set<string> {
  const keep = new Set<string>();
  const rotated: RotatableBackup[] = [];
  for (const b of backups) {
    if (b.kind === 'manual') keep.add(b.name);
    else rotated.push(b);
  }
  const sorted = [...rotated].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || (a.name < b.name ? 1 : -1));
  const daily = newestPerPeriod(sorted, dayKey, policy.daily);
  for (const set of [daily.keep, newestPerPeriod(sorted, isoWeekKey, policy.weekly).keep, newestPerPeriod(sorted, monthKey, policy.monthly).keep]) {
    for (const name of set) keep.add(name);
  }
  for (const b of sorted) if (b.kind !== 'daily' && daily.periods.has(dayKey(b.takenAt))) keep.add(b.name);
  return keep;
}
