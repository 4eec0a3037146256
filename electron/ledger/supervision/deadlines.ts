// 整改时限: the words a clerk writes ("2024年底前", "立行立改", "长期坚持") and the date they mean, read by
// shared/import's parser (the one the import uses) and checked against the inspection by the rules of
// shared/supervision/findings.ts. "立行立改" = the inspection's end date (its start when it has no end) + the
// configured days; "长期坚持" has no date.
import type { ChannelParsedInput, DeadlineKind, DeadlinePreview } from '../../../shared/api';
import { localToday } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { parseDeadlineCell } from '../../../shared/import/values';
import { deadlineBeforeStart, immediateBase } from '../../../shared/supervision/findings';
import { dataPort } from '../../platform/data-port';
import type { ServiceContext } from '../../platform/context';
import type { InspectionRecord } from './inspections-store';
import { getSupervisionSettingsOn } from './settings';
import { requireInspection } from './records';

export type InspectionDates = Pick<InspectionRecord, 'startDate' | 'endDate'>;

export interface ParsedDeadline {
  text: string | null;
  date: string | null;
  kind: DeadlineKind | null;
}

/**
 * 整改时限 words → the date they mean, checked against the inspection. Throws at field `deadline`:
 * words nobody can read, 立行立改 for an inspection without dates, a date before the inspection's start.
 */
export function parseFindingDeadline(words: string | null, inspection: InspectionDates, immediateDays: number): ParsedDeadline {
  if (words === null || words.trim() === '') return { text: null, date: null, kind: null };
  const parsed = parseDeadlineCell(words, { inspectionDate: immediateBase(inspection), immediateDays });
  if (!parsed.ok) throw new AppError('VALIDATION', parsed.message, 'deadline');
  if (parsed.value === null) return { text: null, date: null, kind: null };
  const { text, date, kind } = parsed.value;
  if (kind === 'immediate' && date === null) {
    throw new AppError('VALIDATION', '这次检查没有填写起止日期，无法计算“立行立改”的整改时限；请先填写检查日期，或直接写明整改日期', 'deadline');
  }
  const early = deadlineBeforeStart({ text, date }, inspection.startDate);
  if (early !== null) throw new AppError('VALIDATION', early, 'deadline');
  return { text: text ?? date, date, kind };
}

/** The kind of stored words (no inspection needed: only the words are read). */
export function deadlineKindOf(text: string | null): DeadlineKind | null {
  if (text === null) return null;
  const parsed = parseDeadlineCell(text, {});
  return parsed.ok && parsed.value ? parsed.value.kind : null;
}

/** The ledger's today (the office clock, UTC+8 for the users) unless a day is given. */
export function todayFor(ctx: ServiceContext, given?: string): string {
  return given ?? localToday(ctx.now());
}

export function daysBetween(from: string, to: string): number {
  const a = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)));
  const b = Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, Number(to.slice(8, 10)));
  return Math.round((b - a) / 86_400_000);
}

export async function previewDeadline(ctx: ServiceContext, input: ChannelParsedInput<'findings.previewDeadline'>): Promise<DeadlinePreview> {
  const inspection = await requireInspection(dataPort(ctx), input.inspectionId);
  const days = (await getSupervisionSettingsOn(dataPort(ctx))).immediateDays;
  const d = parseFindingDeadline(input.deadline, inspection, days);
  let explanation: string | null = null;
  if (d.kind === 'immediate') {
    const base = immediateBase(inspection);
    explanation = `立行立改：检查${inspection.endDate ? '结束' : '开始'}日期 ${base ?? ''} 后 ${days} 天，即 ${d.date ?? ''}`;
  } else if (d.kind === 'ongoing') explanation = '长期坚持：没有截止日期，不计逾期';
  else if (d.kind === 'yearEnd') explanation = `年底前：${d.date ?? ''}`;
  else if (d.kind === 'monthEnd') explanation = `月底前：${d.date ?? ''}`;
  else if (d.date) explanation = `截止日期：${d.date}`;
  return { text: d.text, date: d.date, kind: d.kind, explanation };
}
