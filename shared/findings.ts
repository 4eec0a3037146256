// Rules of the rectification workflow that both sides need.
import type { FindingStatus } from './enums';

/** Statuses in which a finding still has to be fixed by its deadline. */
const OPEN_STATUSES: ReadonlySet<FindingStatus> = new Set(['notStarted', 'inProgress']);

/**
 * Overdue is computed from the deadline, the status and today — never stored. 长期坚持 (no deadline),
 * completed and closed findings are never overdue.
 */
export function isFindingOverdue(status: FindingStatus, deadlineDate: string | null, today: string): boolean {
  return deadlineDate !== null && OPEN_STATUSES.has(status) && deadlineDate < today;
}
