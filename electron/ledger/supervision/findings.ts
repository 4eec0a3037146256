// 问题整改台账: a finding of an inspection, per DOMAIN.md. It names its township/village (the village must lie in
// the township), optionally a project or an asset, and keeps its 整改时限 twice: the words as written and the date
// they mean (deadlines.ts). "长期坚持" starts the finding in status 长期坚持. Its workflow steps are progress.ts;
// its views findings-views.ts.
import type { ChannelParsedInput, FindingDetail, FindingUpdateRow } from '../../../shared/api';
import { addDays } from '../../../shared/dates';
import { FindingCategory, FindingStatus } from '../../../shared/enums';
import { AppError } from '../../../shared/errors';
import { immediateBase, isFindingOverdue, nextStatuses } from '../../../shared/supervision/findings';
import { writeAudited, type AuditTrailWriter } from '../../platform/audited-write';
import { dataPort, type DataReader, type DataWriter } from '../../platform/data-port';
import { assertUpdated, assertVersion } from '../../platform/row-version';
import type { ServiceContext } from '../../platform/context';
import { resolvePlace } from '../projects/places';
import { getProjectRecord } from '../projects/service';
import * as assets from '../assets/store';
import { daysBetween, deadlineKindOf, parseFindingDeadline, todayFor } from './deadlines';
import { listAttachmentsOf } from './evidence';
import * as store from './findings-store';
import { FINDING_FIELDS, type FindingFields, type FindingRecord } from './findings-store';
import type { InspectionRecord } from './inspections-store';
import { requireFinding, requireInspection } from './records';
import { getSupervisionSettingsOn } from './settings';

function fieldsOf(r: FindingRecord): FindingFields {
  return Object.fromEntries(FINDING_FIELDS.map((k) => [k, r[k]])) as FindingFields;
}

async function assertLinks(ctx: ServiceContext, db: DataReader, f: FindingFields): Promise<void> {
  if (f.projectId !== null) await getProjectRecord(db, f.projectId, 'projectId');
  if (f.assetId !== null && !(await assets.assetFields(db, f.assetId))) {
    throw new AppError('NOT_FOUND', `找不到编号为 ${f.assetId} 的资产，可能已被删除，请重新选择涉及资产`, 'assetId');
  }
}

async function assertSeqFree(db: DataReader, inspectionId: number, seq: number, exceptId: number | null): Promise<void> {
  const holder = await store.seqHolder(db, inspectionId, seq, exceptId);
  if (holder) {
    const shown = holder.description.length > 20 ? `${holder.description.slice(0, 20)}…` : holder.description;
    throw new AppError('CONFLICT', `本次检查的序号 ${seq} 已被问题“${shown}”使用，请换一个序号`, 'seq');
  }
}

export async function getFinding(ctx: ServiceContext, id: number, today?: string): Promise<FindingDetail> {
  const db = dataPort(ctx);
  const r = await requireFinding(db, id);
  const day = todayFor(ctx, today);
  const names = (await store.findingNames(db, id)) as store.FindingNames;
  const updates: FindingUpdateRow[] = [];
  for (const u of await store.findingSteps(db, id)) {
    updates.push({
      ...u,
      fromStatusLabel: u.fromStatus ? (FindingStatus.label[u.fromStatus] ?? u.fromStatus) : null,
      toStatusLabel: FindingStatus.label[u.toStatus] ?? u.toStatus,
      attachments: await listAttachmentsOf(ctx, 'findingUpdate', u.id),
    });
  }
  return {
    id: r.id,
    version: r.version,
    inspectionId: r.inspectionId,
    inspection: names.inspection,
    inspectionStart: names.inspectionStart,
    inspectionEnd: names.inspectionEnd,
    seq: r.seq,
    category: r.category,
    categoryLabel: FindingCategory.label[r.category],
    description: r.description,
    townshipId: r.townshipId,
    township: names.township,
    villageId: r.villageId,
    village: names.village,
    projectId: r.projectId,
    project: names.project,
    assetId: r.assetId,
    asset: names.asset,
    leadUnit: r.leadUnit,
    responsibleUnit: r.responsibleUnit,
    responsibleLeader: r.responsibleLeader,
    responsiblePerson: r.responsiblePerson,
    goal: r.goal,
    measures: r.measures,
    deadlineText: r.deadlineText,
    deadlineDate: r.deadlineDate,
    deadlineKind: deadlineKindOf(r.deadlineText),
    progressText: r.progressText,
    status: r.status,
    statusLabel: FindingStatus.label[r.status],
    completedBy: r.completedBy,
    completedDate: r.completedDate,
    closedDate: r.closedDate,
    closedReviewer: r.closedReviewer,
    today: day,
    overdue: isFindingOverdue(r.status, r.deadlineDate, day),
    daysLeft: r.deadlineDate === null ? null : daysBetween(day, r.deadlineDate),
    nextStatuses: nextStatuses(FindingStatus.values, r.status, r.deadlineDate),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    updates,
    attachments: await listAttachmentsOf(ctx, 'finding', r.id),
  };
}

export async function createFinding(ctx: ServiceContext, input: ChannelParsedInput<'findings.create'>): Promise<FindingDetail> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    const inspection = await requireInspection(tx, input.inspectionId);
    const place = await resolvePlace(tx, input.townshipId, input.villageId);
    const deadline = parseFindingDeadline(input.deadline, inspection, (await getSupervisionSettingsOn(tx)).immediateDays);
    const { deadline: _words, ...rest } = input;
    const f: FindingFields = { ...rest, ...place, deadlineText: deadline.text, deadlineDate: deadline.date };
    await assertLinks(ctx, tx, f);
    if (f.seq === null) f.seq = await store.nextSeq(tx, f.inspectionId);
    else await assertSeqFree(tx, f.inspectionId, f.seq, null);
    // 长期坚持 has no deadline to miss: the finding starts in that status (DOMAIN.md).
    const status: FindingStatus = deadline.kind === 'ongoing' ? 'ongoing' : 'notStarted';
    const newId = await store.insertFinding(tx, { ...f, status }, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'finding', entityId: newId, after: { ...f, status } });
    return newId;
  });
  return getFinding(ctx, id);
}

/** The stored fields with the given ones laid over, the place kept consistent (a village alone brings its township). */
async function mergeFields(db: DataReader, before: FindingFields, input: ChannelParsedInput<'findings.update'>): Promise<FindingFields> {
  const { id: _id, version: _version, deadline: _words, ...given } = input;
  const merged: FindingFields = { ...before };
  for (const k of FINDING_FIELDS) {
    const v = (given as Partial<FindingFields>)[k];
    if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  }
  const townshipGiven = input.townshipId !== undefined;
  const villageGiven = input.villageId !== undefined;
  if (townshipGiven && !villageGiven && merged.townshipId !== before.townshipId) merged.villageId = null;
  if (villageGiven && !townshipGiven && merged.villageId !== null) merged.townshipId = null;
  return { ...merged, ...(await resolvePlace(db, merged.townshipId, merged.villageId)) };
}

export async function updateFinding(ctx: ServiceContext, input: ChannelParsedInput<'findings.update'>): Promise<FindingDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    const current = await requireFinding(tx, input.id);
    if (current.status === 'closed') {
      throw new AppError('CONFLICT', '问题已销号，不能再修改；如确需修改，请先在整改进展中退回（须填写原因）', 'status');
    }
    await assertVersion(tx, 'finding', input.id, current.version, input.version);
    const before = fieldsOf(current);
    const merged = await mergeFields(tx, before, input);
    const inspection = await requireInspection(tx, merged.inspectionId);
    if (input.deadline !== undefined || merged.inspectionId !== before.inspectionId) {
      const d = parseFindingDeadline(input.deadline !== undefined ? input.deadline : before.deadlineText, inspection, (await getSupervisionSettingsOn(tx)).immediateDays);
      if (current.status === 'ongoing' && d.date !== null) {
        throw new AppError('VALIDATION', '该问题的状态是“长期坚持”，不能设定截止日期；请先在整改进展中把状态改为“整改中”，再修改整改时限', 'deadline');
      }
      merged.deadlineText = d.text;
      merged.deadlineDate = d.date;
    }
    await assertLinks(ctx, tx, merged);
    if (merged.seq === null) merged.seq = await store.nextSeq(tx, merged.inspectionId);
    if (merged.seq !== before.seq || merged.inspectionId !== before.inspectionId) await assertSeqFree(tx, merged.inspectionId, merged.seq, input.id);
    const changed = FINDING_FIELDS.filter((k) => merged[k] !== before[k]);
    if (changed.length === 0) return;
    const changes = Object.fromEntries(changed.map((k) => [k, merged[k]]));
    await assertUpdated(tx, 'finding', input.id, await store.updateFinding(tx, input.id, changes, ctx.now().toISOString(), input.version));
    await audit.record({
      action: 'update',
      entity: 'finding',
      entityId: input.id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, merged[k]])),
    });
  });
  return getFinding(ctx, input.id);
}

/** Soft delete with a reason; a 销号 finding stays (its record is the proof of the rectification). */
export async function deleteFinding(ctx: ServiceContext, input: ChannelParsedInput<'findings.delete'>): Promise<{ id: number }> {
  return writeAudited(ctx, async (tx, audit) => {
    const current = await requireFinding(tx, input.id);
    if (current.status === 'closed') throw new AppError('CONFLICT', '问题已销号，不能删除', 'id');
    await store.softDeleteFinding(tx, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'finding', entityId: input.id, before: { ...fieldsOf(current), status: current.status }, reason: input.reason });
    return { id: input.id };
  });
}

/**
 * After an inspection's dates changed: 立行立改 deadlines of its findings that are not 销号 follow the new
 * date (each change audited). Returns how many findings changed.
 */
export async function recomputeImmediateDeadlines(
  ctx: ServiceContext,
  tx: DataWriter,
  inspection: Pick<InspectionRecord, 'id' | 'startDate' | 'endDate'>,
  audit: AuditTrailWriter,
): Promise<number> {
  const days = (await getSupervisionSettingsOn(tx)).immediateDays;
  const now = ctx.now().toISOString();
  let changed = 0;
  for (const r of await store.wordedDeadlines(tx, inspection.id)) {
    if (deadlineKindOf(r.deadlineText) !== 'immediate') continue;
    const base = immediateBase(inspection);
    const date = base === null ? null : addDays(base, days);
    if (date === r.deadlineDate) continue;
    await store.updateFinding(tx, r.id, { deadlineDate: date }, now);
    await audit.record({
      action: 'update',
      entity: 'finding',
      entityId: r.id,
      before: { deadlineDate: r.deadlineDate },
      after: { deadlineDate: date },
      reason: '检查日期变更，重新计算“立行立改”的整改时限',
    });
    changed += 1;
  }
  return changed;
}
