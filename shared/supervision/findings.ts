// The rules of a finding and its rectification (整改) workflow, written once for the form, the import and the
// findings service: which statuses can be overdue, the workflow order (a step back needs a reason), the
// 整改时限 date order against the inspection, and the 销号 conditions.
import type { FindingStatus } from '../enums';
import { INSPECTION_FIELD } from './fields';

/** Statuses in which a finding still has to be fixed by its deadline (the ones that can be overdue). */
export const OVERDUE_STATUSES: readonly FindingStatus[] = ['notStarted', 'inProgress'];
/** "Open" in counts: still being fixed (长期坚持 included). */
export const OPEN_STATUSES: readonly FindingStatus[] = ['notStarted', 'inProgress', 'ongoing'];

/**
 * Overdue is computed from the deadline, the status and today — never stored. 长期坚持 (no deadline),
 * completed and closed findings are never overdue.
 */
export function isFindingOverdue(status: FindingStatus, deadlineDate: string | null, today: string): boolean {
  return deadlineDate !== null && OVERDUE_STATUSES.includes(status) && deadlineDate < today;
}

/** Workflow order; a move to a lower rank is a step back (needs a reason). 长期坚持 sits beside 整改中. */
export const STATUS_RANK: Readonly<Record<FindingStatus, number>> = { notStarted: 0, inProgress: 1, ongoing: 1, awaitingClose: 2, closed: 3 };

export function isStepBack(from: FindingStatus, to: FindingStatus): boolean {
  return STATUS_RANK[to] < STATUS_RANK[from];
}

/** Where a finding may go from `status` (its deadline decides whether 长期坚持 is open to it). */
export function nextStatuses(all: readonly FindingStatus[], status: FindingStatus, deadlineDate: string | null): FindingStatus[] {
  return all.filter((s) => {
    if (s === status) return false;
    if (s === 'closed') return status === 'awaitingClose';
    if (s === 'ongoing') return deadlineDate === null;
    return true;
  });
}

/** The day 立行立改 counts from: the inspection's end (findings are handed over then), else its start. */
export function immediateBase(inspection: { startDate: string | null; endDate: string | null }): string | null {
  return inspection.endDate ?? inspection.startDate;
}

/** 整改时限 before the inspection began is a mistake: the sentence saying so, or null when the order is right. */
export function deadlineBeforeStart(deadline: { text: string | null; date: string | null }, inspectionStart: string | null): string | null {
  const { text, date } = deadline;
  if (date === null || inspectionStart === null || date >= inspectionStart) return null;
  return `整改时限“${text ?? date}”（${date}）早于检查开始日期 ${inspectionStart}，请检查整改时限`;
}

/** Names compared the way people write them: spaces and letter case ignored. */
export function samePerson(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  const norm = (s: string) => s.replace(/[\s\u3000]+/g, '').toLowerCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

/** 销号 needs a reviewer other than the person who recorded the completion: the sentence when it is the same one. */
export function closingReviewerProblem(reviewer: string | null, completedBy: string | null): string | null {
  return samePerson(reviewer, completedBy) ? `销号审核人不能是记录整改完成的人（${completedBy ?? ''}），请由其他人审核销号` : null;
}

/** A 销号 record (from the app or a sheet) names its reviewer. */
export const CLOSED_WITHOUT_REVIEWER = '已销号的问题没有填写销号审核人，请补充（销号需要佐证材料和审核人）';

/** An inspection ending before it began is a mistake: the sentence saying so (form and service), or null when the order is right. */
export function inspectionEndBeforeStart(startDate: string | null, endDate: string | null): string | null {
  if (startDate === null || endDate === null || endDate >= startDate) return null;
  return `${INSPECTION_FIELD.endDate.label} ${endDate} 早于${INSPECTION_FIELD.startDate.label} ${startDate}，请检查`;
}
