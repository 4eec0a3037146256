// The rectification workflow 未启动 → 整改中 → 已完成待销号 → 已销号 (and 长期坚持): it moves only through dated
// progress steps (finding_updates), each in one transaction with its audit rows. 已完成待销号 needs evidence,
// 已销号 needs a reviewer who is not the person who recorded the completion, and a step back a reason
// (the rules of shared/supervision/findings.ts).
import type { ChannelParsedInput, FindingDetail } from '../../../shared/api';
import { localToday } from '../../../shared/dates';
import { FindingStatus } from '../../../shared/enums';
import { AppError } from '../../../shared/errors';
import { closingReviewerProblem, isStepBack } from '../../../shared/supervision/findings';
import { writeAudited } from '../../platform/audited-write';
import type { DataReader } from '../../platform/data-port';
import type { ServiceContext } from '../../platform/context';
import { assertUpdated, assertVersion } from '../../platform/row-version';
import { liveEvidenceCount } from './evidence-store';
import { getFinding } from './findings';
import * as store from './findings-store';
import type { FindingColumns, FindingRecord } from './findings-store';
import { requireFinding, requireInspection } from './records';

type ProgressInput = ChannelParsedInput<'findings.progress'>;
type StepColumns = Partial<Pick<FindingColumns, 'progressText' | 'status' | 'completedBy' | 'completedDate' | 'closedDate' | 'closedReviewer'>>;

/** The date of a step: not in the future, not before the inspection's start nor before the previous step. */
async function assertStepDate(ctx: ServiceContext, db: DataReader, f: FindingRecord, date: string): Promise<void> {
  const inspection = await requireInspection(db, f.inspectionId, 'id');
  const today = localToday(ctx.now());
  if (date > today) throw new AppError('VALIDATION', `进展日期 ${date} 晚于今天（${today}），不能填写将来的日期`, 'date');
  if (inspection.startDate !== null && date < inspection.startDate) {
    throw new AppError('VALIDATION', `进展日期 ${date} 早于检查开始日期 ${inspection.startDate}，请检查日期`, 'date');
  }
  const lastDate = await store.lastStepDate(db, f.id);
  if (lastDate !== null && date < lastDate) {
    throw new AppError('VALIDATION', `进展日期 ${date} 早于上一次整改进展的日期 ${lastDate}，请按时间顺序填写`, 'date');
  }
}

/** What a move of status writes on the finding (and who reviewed a 销号), or the refusal at its field. */
async function statusMove(db: DataReader, f: FindingRecord, to: FindingStatus, input: ProgressInput, operator: string): Promise<{ sets: StepColumns; reviewer: string | null }> {
  if (to === f.status) {
    if (f.status === 'closed') throw new AppError('CONFLICT', '问题已销号，不能再添加整改进展；如问题反弹需重新整改，请把状态退回并填写原因', 'status');
    return { sets: {}, reviewer: null };
  }
  if (isStepBack(f.status, to) && !input.reason) {
    throw new AppError('VALIDATION', `状态从“${FindingStatus.label[f.status]}”退回到“${FindingStatus.label[to]}”，须填写退回原因`, 'reason');
  }
  if (to === 'closed') {
    if (f.status !== 'awaitingClose') throw new AppError('VALIDATION', '问题须先整改完成并标记为“已完成待销号”，才能销号', 'status');
    if ((await liveEvidenceCount(db, f.id)) === 0) throw new AppError('VALIDATION', '该问题没有佐证材料，不能销号；请先上传整改佐证材料', 'attachments');
    const reviewer = input.reviewer ?? operator;
    const sameOne = closingReviewerProblem(reviewer, f.completedBy);
    if (sameOne !== null) throw new AppError('VALIDATION', sameOne, 'reviewer');
    if (f.completedDate !== null && input.date < f.completedDate) {
      throw new AppError('VALIDATION', `销号日期 ${input.date} 早于整改完成日期 ${f.completedDate}，请检查日期`, 'date');
    }
    return { sets: { status: to, closedDate: input.date, closedReviewer: reviewer }, reviewer };
  }
  if (to === 'awaitingClose') {
    if ((await liveEvidenceCount(db, f.id)) === 0) {
      throw new AppError('VALIDATION', '请先上传至少一份佐证材料（照片、文件或扫描件），再标记为“已完成待销号”', 'attachments');
    }
    // 撤销销号: the completion stands, the 销号 does not.
    if (f.status === 'closed') return { sets: { closedDate: null, closedReviewer: null, status: to }, reviewer: null };
    return { sets: { completedBy: operator, completedDate: input.date, status: to }, reviewer: null };
  }
  if (to === 'ongoing' && f.deadlineDate !== null) {
    throw new AppError('VALIDATION', `该问题的整改时限是 ${f.deadlineDate}，不能改为“长期坚持”；如确属长期坚持，请先把整改时限改为“长期坚持”`, 'status');
  }
  // Below 已完成待销号 nothing is completed or closed any more.
  return { sets: { completedBy: null, completedDate: null, closedDate: null, closedReviewer: null, status: to }, reviewer: null };
}

const stateOf = (f: FindingRecord) => ({
  status: f.status,
  progressText: f.progressText,
  completedBy: f.completedBy,
  completedDate: f.completedDate,
  closedDate: f.closedDate,
  closedReviewer: f.closedReviewer,
});

/**
 * One dated progress step: a note, and optionally a new status. Every rule is checked before anything is
 * written; the step, the finding and both audit rows are one transaction.
 */
export async function progressFinding(ctx: ServiceContext, input: ProgressInput): Promise<FindingDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    const f = await requireFinding(tx, input.id);
    await assertVersion(tx, 'finding', f.id, f.version, input.version);
    await assertStepDate(ctx, tx, f, input.date);
    const to = input.status ?? f.status;
    const operator = audit.operator;
    const { sets, reviewer } = await statusMove(tx, f, to, input, operator);
    const now = ctx.now().toISOString();
    await assertUpdated(tx, 'finding', f.id, await store.updateFinding(tx, f.id, { progressText: input.note, ...sets }, now, input.version));
    const updateId = await store.insertFindingUpdate(tx, { findingId: f.id, date: input.date, fromStatus: f.status, toStatus: to, note: input.note, operator }, now);
    await audit.record({
      action: 'create',
      entity: 'findingUpdate',
      entityId: updateId,
      after: { findingId: f.id, date: input.date, fromStatus: f.status, toStatus: to, note: input.note, reviewer },
      reason: input.reason ?? null,
    });
    const after = (await store.findingRecord(tx, f.id)) as FindingRecord;
    await audit.record({
      action: to === f.status ? 'progress' : 'status',
      entity: 'finding',
      entityId: f.id,
      before: stateOf(f),
      after: stateOf(after),
      reason: input.reason ?? null,
    });
  });
  return getFinding(ctx, input.id);
}
