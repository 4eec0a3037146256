// Which automatic backups to keep. Pure, so it is tested with dates (and an injected "now") alone.
//
// Two kinds of automatic copy, two rules:
// - Scheduled copies (每日, the first start of a day) rotate grandfather-father-son: 7 daily, 4 weekly,
//   12 monthly. Periods are counted among those that HAVE scheduled copies (as restic's --keep-daily does):
//   an office that opens the program twice a week still keeps seven days' worth, not two.
// - Copies made before an operation (升级前, 恢复前, 撤销导入前) are the way back from that one step. They never
//   stand in for a day's scheduled copy and the rotation never looks at them. Each is kept for 30 days, and
//   the 10 newest are kept whatever their age (an office that has not opened the program for months still
//   has its last steps to undo).
// Manual copies are never removed: someone made them on purpose.
import { officeDay } from '../../../shared/dates';
import type { BackupKind } from '../../../db/backup';

export interface RotationPolicy {
  daily: number;
  weekly: number;
  monthly: number;
  /** Pre-operation copies younger than this many days are kept. */
  preOperationDays: number;
  /** The newest this many pre-operation copies are kept whatever their age. */
  preOperationKeep: number;
}

export const ROTATION: RotationPolicy = { daily: 7, weekly: 4, monthly: 12, preOperationDays: 30, preOperationKeep: 10 };

export type BackupRule = 'scheduled' | 'preOperation' | 'manual';

/** Which rule a kind of copy falls under. */
export function backupRule(kind: BackupKind): BackupRule {
  switch (kind) {
    case 'daily':
      return 'scheduled';
    case 'manual':
      return 'manual';
    case 'migration':
    case 'restore':
    case 'undo':
      return 'preOperation';
  }
}

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
function newestPerPeriod(sorted: RotatableBackup[], key: (d: Date) => string, count: number): Set<string> {
  const keep = new Set<string>();
  const periods = new Set<string>();
  for (const b of sorted) {
    const k = key(b.takenAt);
    if (periods.has(k)) continue;
    if (periods.size >= count) break;
    periods.add(k);
    keep.add(b.name);
  }
  return keep;
}

const newestFirst = (a: RotatableBackup, b: RotatableBackup) => b.takenAt.getTime() - a.takenAt.getTime() || (a.name < b.name ? 1 : -1);

/** The first instant of the local day `days` calendar days before now's day. */
function localDaysBefore(now: Date, days: number): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
}

/** The names to keep, as of `now` (only the pre-operation rule depends on it). */
export function backupsToKeep(backups: RotatableBackup[], now: Date, policy: RotationPolicy = ROTATION): Set<string> {
  const keep = new Set<string>();
  const scheduled: RotatableBackup[] = [];
  const preOperation: RotatableBackup[] = [];
  for (const b of backups) {
    const rule = backupRule(b.kind);
    if (rule === 'manual') keep.add(b.name);
    else if (rule === 'scheduled') scheduled.push(b);
    else preOperation.push(b);
  }
  scheduled.sort(newestFirst);
  for (const [key, count] of [
    [dayKey, policy.daily],
    [isoWeekKey, policy.weekly],
    [monthKey, policy.monthly],
  ] as const) {
    for (const name of newestPerPeriod(scheduled, key, count)) keep.add(name);
  }
  preOperation.sort(newestFirst);
  // 30 days counted in calendar days: a copy of 1 March is still kept all of 31 March.
  const since = localDaysBefore(now, policy.preOperationDays);
  preOperation.forEach((b, i) => {
    if (i < policy.preOperationKeep || b.takenAt >= since) keep.add(b.name);
  });
  return keep;
}
