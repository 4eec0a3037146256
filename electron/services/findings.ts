// 问题整改台账: findings of an inspection and their rectification (整改), per DOMAIN.md.
//
// - A finding names its township/village (the village must lie in the township), optionally a project or
//   an asset, and keeps its 整改时限 twice: the words as written and the date they mean (shared/import's
//   parser, the same one the import uses). "立行立改" = the inspection's end date (its start when it has no
//   end) + the configured days; "长期坚持" has no date and starts the finding in status 长期坚持. A deadline
//   before the inspection's start is refused.
// - The workflow 未启动 → 整改中 → 已完成待销号 → 已销号 (and 长期坚持) moves only through dated progress
//   steps (finding_updates), each in one transaction with its audit rows: 已完成待销号 needs evidence,
//   已销号 needs a reviewer who is not the person who recorded the completion, and a step back a reason.
// - Overdue is computed for `today` (or a given day) from deadline and status — never stored. The SQL
//   below and shared/findings.ts isFindingOverdue say the same thing (a test holds them together).
import type {
  ChannelParsedInput,
  DeadlineKind,
  DeadlinePreview,
  FindingCategoryRow,
  FindingDashboard,
  FindingDetail,
  FindingMatrix,
  FindingMatrixRow,
  FindingSearchResult,
  FindingSearchRow,
  FindingStatusCounts,
  FindingUpdateRow,
} from '../../shared/api';
import { addDays, localToday } from '../../shared/dates';
import { FindingCategory, FindingStatus } from '../../shared/enums';
import { AppError } from '../../shared/errors';
import { isFindingOverdue } from '../../shared/findings';
import { parseDeadlineCell } from '../../shared/import/values';
import { listAttachmentsOf, liveEvidenceCount } from './attachments';
import { writeWithAudit, type AuditRecorder } from './audit';
import type { ServiceContext } from './context';
import { cachedStatement, liveProjectNow, resolvePlaceNow } from '../ledger/projects/store-sync';
import { getSupervisionSettings } from './supervision-settings';
import { importBatchCondition } from './import/batch-rows';
import { likeAnywhere } from './sql-like';

type Sqlite = ServiceContext['sqlite'];

// ---- Records ----------------------------------------------------------------------------------------

export interface InspectionRecord {
  id: number;
  name: string;
  source: string;
  source_doc_number: string | null;
  team: string | null;
  leader: string | null;
  start_date: string | null;
  end_date: string | null;
  targets: string | null;
  remark: string | null;
  import_batch_id: number | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface FindingRecord {
  id: number;
  inspection_id: number;
  seq: number | null;
  category: FindingCategory;
  description: string;
  township_id: number | null;
  village_id: number | null;
  project_id: number | null;
  asset_id: number | null;
  lead_unit: string | null;
  responsible_unit: string | null;
  responsible_leader: string | null;
  responsible_person: string | null;
  goal: string | null;
  measures: string | null;
  deadline_text: string | null;
  deadline_date: string | null;
  progress_text: string | null;
  status: FindingStatus;
  completed_by: string | null;
  completed_date: string | null;
  closed_date: string | null;
  closed_reviewer: string | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A live inspection, or NOT_FOUND at the field. */
export function inspectionRecord(ctx: ServiceContext, id: number, field = 'inspectionId'): InspectionRecord {
  const row = ctx.sqlite.prepare('select * from inspections where id = ? and deleted_at is null').get(id) as InspectionRecord | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的检查，可能已被删除，请刷新后重试`, field);
  return row;
}

/** A live finding, or NOT_FOUND at the field. */
export function findingRecord(ctx: ServiceContext, id: number, field = 'id'): FindingRecord {
  const row = ctx.sqlite.prepare('select * from findings where id = ? and deleted_at is null').get(id) as FindingRecord | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的问题，可能已被删除，请刷新后重试`, field);
  return row;
}

// ---- Rules ------------------------------------------------------------------------------------------

/** Statuses that can be overdue (isFindingOverdue): a deadline still to meet. */
export const OVERDUE_STATUSES: readonly FindingStatus[] = ['notStarted', 'inProgress'];
/** "Open" in counts: still being fixed (长期坚持 included). */
export const OPEN_STATUSES: readonly FindingStatus[] = ['notStarted', 'inProgress', 'ongoing'];

const inList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
/** SQL of isFindingOverdue for a findings row aliased `f` and a @today parameter. */
export const OVERDUE_SQL = `(f.status in (${inList(OVERDUE_STATUSES)}) and f.deadline_date is not null and f.deadline_date < @today)`;
const OPEN_SQL = `(f.status in (${inList(OPEN_STATUSES)}))`;

/** Workflow order; a move to a lower rank is a step back (needs a reason). 长期坚持 sits beside 整改中. */
const RANK: Record<FindingStatus, number> = { notStarted: 0, inProgress: 1, ongoing: 1, awaitingClose: 2, closed: 3 };

export function daysBetween(from: string, to: string): number {
  const a = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)));
  const b = Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, Number(to.slice(8, 10)));
  return Math.round((b - a) / 86_400_000);
}

/** The ledger's today (the office clock, UTC+8 for the users) unless a day is given. */
export function todayFor(ctx: ServiceContext, given?: string): string {
  return given ?? localToday(ctx.now());
}

/** Names compared the way people write them: spaces and letter case ignored. */
function samePerson(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  const norm = (s: string) => s.replace(/[\s\u3000]+/g, '').toLowerCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

export interface ParsedDeadline {
  text: string | null;
  date: string | null;
  kind: DeadlineKind | null;
}

/** The day 立行立改 counts from: the inspection's end (findings are handed over then), else its start. */
function immediateBase(inspection: Pick<InspectionRecord, 'start_date' | 'end_date'>): string | null {
  return inspection.end_date ?? inspection.start_date;
}

/**
 * 整改时限 words → the date they mean, checked against the inspection. Throws at field `deadline`:
 * words nobody can read, 立行立改 for an inspection without dates, a date before the inspection's start.
 */
export function parseFindingDeadline(
  ctx: ServiceContext,
  words: string | null,
  inspection: Pick<InspectionRecord, 'start_date' | 'end_date'>,
  immediateDays = getSupervisionSettings(ctx).immediateDays,
): ParsedDeadline {
  if (words === null || words.trim() === '') return { text: null, date: null, kind: null };
  const parsed = parseDeadlineCell(words, { inspectionDate: immediateBase(inspection), immediateDays });
  if (!parsed.ok) throw new AppError('VALIDATION', parsed.message, 'deadline');
  if (parsed.value === null) return { text: null, date: null, kind: null };
  const { text, date, kind } = parsed.value;
  if (kind === 'immediate' && date === null) {
    throw new AppError('VALIDATION', '这次检查没有填写起止日期，无法计算“立行立改”的整改时限；请先填写检查日期，或直接写明整改日期', 'deadline');
  }
  const start = inspection.start_date;
  if (date !== null && start !== null && date < start) {
    throw new AppError('VALIDATION', `整改时限“${text ?? date}”（${date}）早于检查开始日期 ${start}，请检查整改时限`, 'deadline');
  }
  return { text: text ?? date, date, kind };
}

/** The kind of stored words (no inspection needed: only the words are read). */
export function deadlineKindOf(text: string | null): DeadlineKind | null {
  if (text === null) return null;
  const parsed = parseDeadlineCell(text, {});
  return parsed.ok && parsed.value ? parsed.value.kind : null;
}

export function previewDeadline(ctx: ServiceContext, input: ChannelParsedInput<'findings.previewDeadline'>): DeadlinePreview {
  const inspection = inspectionRecord(ctx, input.inspectionId);
  const days = getSupervisionSettings(ctx).immediateDays;
  const d = parseFindingDeadline(ctx, input.deadline, inspection, days);
  let explanation: string | null = null;
  if (d.kind === 'immediate') {
    const base = immediateBase(inspection);
    explanation = `立行立改：检查${inspection.end_date ? '结束' : '开始'}日期 ${base ?? ''} 后 ${days} 天，即 ${d.date ?? ''}`;
  } else if (d.kind === 'ongoing') explanation = '长期坚持：没有截止日期，不计逾期';
  else if (d.kind === 'yearEnd') explanation = `年底前：${d.date ?? ''}`;
  else if (d.kind === 'monthEnd') explanation = `月底前：${d.date ?? ''}`;
  else if (d.date) explanation = `截止日期：${d.date}`;
  return { text: d.text, date: d.date, kind: d.kind, explanation };
}

// ---- Validation of a finding's fields ---------------------------------------------------------------

interface FindingFields {
  inspectionId: number;
  seq: number | null;
  category: FindingCategory;
  description: string;
  townshipId: number | null;
  villageId: number | null;
  projectId: number | null;
  assetId: number | null;
  leadUnit: string | null;
  responsibleUnit: string | null;
  responsibleLeader: string | null;
  responsiblePerson: string | null;
  goal: string | null;
  measures: string | null;
  deadlineText: string | null;
  deadlineDate: string | null;
}

const COLUMN: Record<keyof FindingFields, string> = {
  inspectionId: 'inspection_id',
  seq: 'seq',
  category: 'category',
  description: 'description',
  townshipId: 'township_id',
  villageId: 'village_id',
  projectId: 'project_id',
  assetId: 'asset_id',
  leadUnit: 'lead_unit',
  responsibleUnit: 'responsible_unit',
  responsibleLeader: 'responsible_leader',
  responsiblePerson: 'responsible_person',
  goal: 'goal',
  measures: 'measures',
  deadlineText: 'deadline_text',
  deadlineDate: 'deadline_date',
};
const FIELD_NAMES = Object.keys(COLUMN) as Array<keyof FindingFields>;

function fieldsOf(r: FindingRecord): FindingFields {
  return {
    inspectionId: r.inspection_id,
    seq: r.seq,
    category: r.category,
    description: r.description,
    townshipId: r.township_id,
    villageId: r.village_id,
    projectId: r.project_id,
    assetId: r.asset_id,
    leadUnit: r.lead_unit,
    responsibleUnit: r.responsible_unit,
    responsibleLeader: r.responsible_leader,
    responsiblePerson: r.responsible_person,
    goal: r.goal,
    measures: r.measures,
    deadlineText: r.deadline_text,
    deadlineDate: r.deadline_date,
  };
}

function assertLinks(ctx: ServiceContext, f: FindingFields): void {
  if (f.projectId !== null) liveProjectNow(ctx.sqlite, f.projectId, 'projectId');
  if (f.assetId !== null) {
    const asset = ctx.sqlite.prepare('select id from assets where id = ? and deleted_at is null').get(f.assetId);
    if (!asset) throw new AppError('NOT_FOUND', `找不到编号为 ${f.assetId} 的资产，可能已被删除，请重新选择涉及资产`, 'assetId');
  }
}

function nextSeq(sqlite: Sqlite, inspectionId: number): number {
  const max = sqlite.prepare('select max(seq) from findings where inspection_id = ? and deleted_at is null').pluck().get(inspectionId) as number | null;
  return (max ?? 0) + 1;
}

function assertSeqFree(sqlite: Sqlite, inspectionId: number, seq: number, exceptId: number | null): void {
  const holder = sqlite
    .prepare('select id, description from findings where inspection_id = ? and seq = ? and deleted_at is null and id <> ? limit 1')
    .get(inspectionId, seq, exceptId ?? 0) as { id: number; description: string } | undefined;
  if (holder) {
    const shown = holder.description.length > 20 ? `${holder.description.slice(0, 20)}…` : holder.description;
    throw new AppError('CONFLICT', `本次检查的序号 ${seq} 已被问题“${shown}”使用，请换一个序号`, 'seq');
  }
}

// ---- Reading ----------------------------------------------------------------------------------------

function statusCountsZero(): FindingStatusCounts {
  return { notStarted: 0, inProgress: 0, awaitingClose: 0, closed: 0, ongoing: 0 };
}

/** Live attachments of a finding and of its progress steps. */
const ATTACHMENT_COUNT_SQL = `((select count(*) from attachments x where x.owner_type = 'finding' and x.owner_id = f.id and x.deleted_at is null)
  + (select count(*) from finding_updates u join attachments x on x.owner_type = 'findingUpdate' and x.owner_id = u.id and x.deleted_at is null
     where u.finding_id = f.id))`;

const ROW_SQL = `select f.id, f.inspection_id as inspectionId, i.name as inspection, f.seq, f.township_id as townshipId, t.name as township,
    f.village_id as villageId, v.name as village, f.category, f.description, f.status, f.deadline_date as deadline,
    f.deadline_text as deadlineText, f.responsible_unit as responsibleUnit, f.lead_unit as leadUnit,
    f.responsible_person as responsiblePerson, f.project_id as projectId, p.name as project, f.asset_id as assetId, a.name as asset,
    f.progress_text as progressText, f.closed_date as closedDate, f.updated_at as updatedAt, ${ATTACHMENT_COUNT_SQL} as attachmentCount
  from findings f
  join inspections i on i.id = f.inspection_id
  left join divisions t on t.id = f.township_id
  left join divisions v on v.id = f.village_id
  left join projects p on p.id = f.project_id
  left join assets a on a.id = f.asset_id`;

interface RowSql {
  id: number;
  inspectionId: number;
  inspection: string;
  seq: number | null;
  townshipId: number | null;
  township: string | null;
  villageId: number | null;
  village: string | null;
  category: FindingCategory;
  description: string;
  status: FindingStatus;
  deadline: string | null;
  deadlineText: string | null;
  responsibleUnit: string | null;
  leadUnit: string | null;
  responsiblePerson: string | null;
  projectId: number | null;
  project: string | null;
  assetId: number | null;
  asset: string | null;
  progressText: string | null;
  closedDate: string | null;
  updatedAt: string;
  attachmentCount: number;
}

function toSearchRow(r: RowSql, today: string): FindingSearchRow {
  return {
    id: r.id,
    inspection: r.inspection,
    township: r.township,
    village: r.village,
    category: FindingCategory.label[r.category],
    description: r.description,
    status: FindingStatus.label[r.status],
    statusCode: r.status,
    deadline: r.deadline,
    deadlineText: r.deadlineText,
    overdue: isFindingOverdue(r.status, r.deadline, today),
    responsibleUnit: r.responsibleUnit,
    inspectionId: r.inspectionId,
    seq: r.seq,
    townshipId: r.townshipId,
    villageId: r.villageId,
    categoryCode: r.category,
    leadUnit: r.leadUnit,
    responsiblePerson: r.responsiblePerson,
    projectId: r.projectId,
    project: r.project,
    assetId: r.assetId,
    asset: r.asset,
    progressText: r.progressText,
    closedDate: r.closedDate,
    daysLeft: r.deadline === null ? null : daysBetween(today, r.deadline),
    attachmentCount: r.attachmentCount,
    updatedAt: r.updatedAt,
  };
}

function nextStatuses(f: FindingRecord): FindingStatus[] {
  return FindingStatus.values.filter((s) => {
    if (s === f.status) return false;
    if (s === 'closed') return f.status === 'awaitingClose';
    if (s === 'ongoing') return f.deadline_date === null;
    return true;
  });
}

export function getFinding(ctx: ServiceContext, id: number, today?: string): FindingDetail {
  const r = findingRecord(ctx, id);
  const day = todayFor(ctx, today);
  const names = ctx.sqlite
    .prepare(
      `select i.name as inspection, i.start_date as inspectionStart, i.end_date as inspectionEnd, t.name as township, v.name as village,
              p.name as project, a.name as asset
       from findings f join inspections i on i.id = f.inspection_id
       left join divisions t on t.id = f.township_id left join divisions v on v.id = f.village_id
       left join projects p on p.id = f.project_id left join assets a on a.id = f.asset_id
       where f.id = ?`,
    )
    .get(id) as { inspection: string; inspectionStart: string | null; inspectionEnd: string | null; township: string | null; village: string | null; project: string | null; asset: string | null };
  const updates = ctx.sqlite
    .prepare(
      `select u.id, u.date, u.from_status as fromStatus, u.to_status as toStatus, u.note, u.operator,
              (select l.reason from audit_log l where l.entity = 'findingUpdate' and l.entity_id = u.id order by l.id limit 1) as reason
       from finding_updates u where u.finding_id = ? order by u.date, u.id`,
    )
    .all(id) as Array<{ id: number; date: string; fromStatus: FindingStatus | null; toStatus: FindingStatus; note: string | null; operator: string; reason: string | null }>;
  const updateRows: FindingUpdateRow[] = updates.map((u) => ({
    id: u.id,
    date: u.date,
    fromStatus: u.fromStatus,
    fromStatusLabel: u.fromStatus ? (FindingStatus.label[u.fromStatus] ?? u.fromStatus) : null,
    toStatus: u.toStatus,
    toStatusLabel: FindingStatus.label[u.toStatus] ?? u.toStatus,
    note: u.note,
    operator: u.operator,
    reason: u.reason,
    attachments: listAttachmentsOf(ctx, 'findingUpdate', u.id),
  }));
  return {
    id: r.id,
    inspectionId: r.inspection_id,
    inspection: names.inspection,
    inspectionStart: names.inspectionStart,
    inspectionEnd: names.inspectionEnd,
    seq: r.seq,
    category: r.category,
    categoryLabel: FindingCategory.label[r.category],
    description: r.description,
    townshipId: r.township_id,
    township: names.township,
    villageId: r.village_id,
    village: names.village,
    projectId: r.project_id,
    project: names.project,
    assetId: r.asset_id,
    asset: names.asset,
    leadUnit: r.lead_unit,
    responsibleUnit: r.responsible_unit,
    responsibleLeader: r.responsible_leader,
    responsiblePerson: r.responsible_person,
    goal: r.goal,
    measures: r.measures,
    deadlineText: r.deadline_text,
    deadlineDate: r.deadline_date,
    deadlineKind: deadlineKindOf(r.deadline_text),
    progressText: r.progress_text,
    status: r.status,
    statusLabel: FindingStatus.label[r.status],
    completedBy: r.completed_by,
    completedDate: r.completed_date,
    closedDate: r.closed_date,
    closedReviewer: r.closed_reviewer,
    today: day,
    overdue: isFindingOverdue(r.status, r.deadline_date, day),
    daysLeft: r.deadline_date === null ? null : daysBetween(day, r.deadline_date),
    nextStatuses: nextStatuses(r),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updates: updateRows,
    attachments: listAttachmentsOf(ctx, 'finding', r.id),
  };
}

// ---- Writing ----------------------------------------------------------------------------------------

export function createFinding(ctx: ServiceContext, input: ChannelParsedInput<'findings.create'>): FindingDetail {
  const id = writeWithAudit(ctx, (audit) => {
    const inspection = inspectionRecord(ctx, input.inspectionId);
    const place = resolvePlaceNow(ctx.sqlite, input.townshipId, input.villageId);
    const deadline = parseFindingDeadline(ctx, input.deadline, inspection);
    const { deadline: _words, ...rest } = input;
    const f: FindingFields = { ...rest, ...place, deadlineText: deadline.text, deadlineDate: deadline.date };
    assertLinks(ctx, f);
    if (f.seq === null) f.seq = nextSeq(ctx.sqlite, f.inspectionId);
    else assertSeqFree(ctx.sqlite, f.inspectionId, f.seq, null);
    // 长期坚持 has no deadline to miss: the finding starts in that status (DOMAIN.md).
    const status: FindingStatus = deadline.kind === 'ongoing' ? 'ongoing' : 'notStarted';
    const now = ctx.now().toISOString();
    const columns = FIELD_NAMES.map((k) => COLUMN[k]);
    const info = ctx.sqlite
      .prepare(
        `insert into findings (${columns.join(', ')}, status, created_at, updated_at) values (${columns.map(() => '?').join(', ')}, ?, ?, ?)`,
      )
      .run(...FIELD_NAMES.map((k) => f[k]), status, now, now);
    const newId = Number(info.lastInsertRowid);
    audit.record({ action: 'create', entity: 'finding', entityId: newId, after: { ...f, status } });
    return newId;
  });
  return getFinding(ctx, id);
}

export function updateFinding(ctx: ServiceContext, input: ChannelParsedInput<'findings.update'>): FindingDetail {
  writeWithAudit(ctx, (audit) => {
    const current = findingRecord(ctx, input.id);
    if (current.status === 'closed') {
      throw new AppError('CONFLICT', '问题已销号，不能再修改；如确需修改，请先在整改进展中退回（须填写原因）', 'status');
    }
    const before = fieldsOf(current);
    const { id, deadline: words, ...given } = input;
    const merged: FindingFields = { ...before };
    for (const k of FIELD_NAMES) {
      const v = (given as Partial<FindingFields>)[k];
      if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
    }
    const inspection = inspectionRecord(ctx, merged.inspectionId);
    // A village alone brings its township; a township alone keeps no village of another township.
    const townshipGiven = input.townshipId !== undefined;
    const villageGiven = input.villageId !== undefined;
    if (townshipGiven && !villageGiven && merged.townshipId !== before.townshipId) merged.villageId = null;
    if (villageGiven && !townshipGiven && merged.villageId !== null) merged.townshipId = null;
    Object.assign(merged, resolvePlaceNow(ctx.sqlite, merged.townshipId, merged.villageId));
    if (words !== undefined || merged.inspectionId !== before.inspectionId) {
      const d = parseFindingDeadline(ctx, words !== undefined ? words : before.deadlineText, inspection);
      if (current.status === 'ongoing' && d.date !== null) {
        throw new AppError('VALIDATION', '该问题的状态是“长期坚持”，不能设定截止日期；请先在整改进展中把状态改为“整改中”，再修改整改时限', 'deadline');
      }
      merged.deadlineText = d.text;
      merged.deadlineDate = d.date;
    }
    assertLinks(ctx, merged);
    if (merged.seq === null) merged.seq = nextSeq(ctx.sqlite, merged.inspectionId);
    if (merged.seq !== before.seq || merged.inspectionId !== before.inspectionId) assertSeqFree(ctx.sqlite, merged.inspectionId, merged.seq, id);
    const changed = FIELD_NAMES.filter((k) => merged[k] !== before[k]);
    if (changed.length === 0) return;
    ctx.sqlite
      .prepare(`update findings set ${changed.map((k) => `${COLUMN[k]} = ?`).join(', ')}, updated_at = ? where id = ?`)
      .run(...changed.map((k) => merged[k]), ctx.now().toISOString(), id);
    audit.record({
      action: 'update',
      entity: 'finding',
      entityId: id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, merged[k]])),
    });
  });
  return getFinding(ctx, input.id);
}

/** Soft delete with a reason; a 销号 finding stays (its record is the proof of the rectification). */
export function deleteFinding(ctx: ServiceContext, input: ChannelParsedInput<'findings.delete'>): { id: number } {
  return writeWithAudit(ctx, (audit) => {
    const current = findingRecord(ctx, input.id);
    if (current.status === 'closed') throw new AppError('CONFLICT', '问题已销号，不能删除', 'id');
    const now = ctx.now().toISOString();
    ctx.sqlite.prepare('update findings set deleted_at = ?, delete_reason = ?, updated_at = ? where id = ?').run(now, input.reason, now, input.id);
    audit.record({ action: 'delete', entity: 'finding', entityId: input.id, before: { ...fieldsOf(current), status: current.status }, reason: input.reason });
    return { id: input.id };
  });
}

/**
 * One dated progress step: a note, and optionally a new status. Rules (each refused at its field, nothing
 * written): the date is not in the future, not before the inspection's start nor before the previous step;
 * 已销号 only from 已完成待销号, with evidence and a reviewer other than the person who recorded the
 * completion; 已完成待销号 only with evidence; 长期坚持 only for a finding without a deadline date; a step
 * back (to a lower rank) needs a reason. The step, the finding and both audit rows are one transaction.
 */
export function progressFinding(ctx: ServiceContext, input: ChannelParsedInput<'findings.progress'>): FindingDetail {
  writeWithAudit(ctx, (audit) => {
    const f = findingRecord(ctx, input.id);
    const inspection = inspectionRecord(ctx, f.inspection_id, 'id');
    const today = localToday(ctx.now());
    if (input.date > today) throw new AppError('VALIDATION', `进展日期 ${input.date} 晚于今天（${today}），不能填写将来的日期`, 'date');
    if (inspection.start_date !== null && input.date < inspection.start_date) {
      throw new AppError('VALIDATION', `进展日期 ${input.date} 早于检查开始日期 ${inspection.start_date}，请检查日期`, 'date');
    }
    const lastDate = ctx.sqlite.prepare('select max(date) from finding_updates where finding_id = ?').pluck().get(f.id) as string | null;
    if (lastDate !== null && input.date < lastDate) {
      throw new AppError('VALIDATION', `进展日期 ${input.date} 早于上一次整改进展的日期 ${lastDate}，请按时间顺序填写`, 'date');
    }
    const to = input.status ?? f.status;
    const operator = ctx.operator();
    const sets: Record<string, string | null> = { progress_text: input.note };
    let reviewer: string | null = null;

    if (to === f.status) {
      if (f.status === 'closed') {
        throw new AppError('CONFLICT', '问题已销号，不能再添加整改进展；如问题反弹需重新整改，请把状态退回并填写原因', 'status');
      }
    } else {
      const stepBack = RANK[to] < RANK[f.status];
      if (stepBack && !input.reason) {
        throw new AppError('VALIDATION', `状态从“${FindingStatus.label[f.status]}”退回到“${FindingStatus.label[to]}”，须填写退回原因`, 'reason');
      }
      if (to === 'closed') {
        if (f.status !== 'awaitingClose') {
          throw new AppError('VALIDATION', '问题须先整改完成并标记为“已完成待销号”，才能销号', 'status');
        }
        if (liveEvidenceCount(ctx, f.id) === 0) {
          throw new AppError('VALIDATION', '该问题没有佐证材料，不能销号；请先上传整改佐证材料', 'attachments');
        }
        reviewer = input.reviewer ?? operator;
        if (samePerson(reviewer, f.completed_by)) {
          throw new AppError('VALIDATION', `销号审核人不能是记录整改完成的人（${f.completed_by ?? ''}），请由其他人审核销号`, 'reviewer');
        }
        if (f.completed_date !== null && input.date < f.completed_date) {
          throw new AppError('VALIDATION', `销号日期 ${input.date} 早于整改完成日期 ${f.completed_date}，请检查日期`, 'date');
        }
        sets.closed_date = input.date;
        sets.closed_reviewer = reviewer;
      } else if (to === 'awaitingClose') {
        if (liveEvidenceCount(ctx, f.id) === 0) {
          throw new AppError('VALIDATION', '请先上传至少一份佐证材料（照片、文件或扫描件），再标记为“已完成待销号”', 'attachments');
        }
        if (f.status === 'closed') {
          // 撤销销号: the completion stands, the 销号 does not.
          sets.closed_date = null;
          sets.closed_reviewer = null;
        } else {
          sets.completed_by = operator;
          sets.completed_date = input.date;
        }
      } else {
        if (to === 'ongoing' && f.deadline_date !== null) {
          throw new AppError(
            'VALIDATION',
            `该问题的整改时限是 ${f.deadline_date}，不能改为“长期坚持”；如确属长期坚持，请先把整改时限改为“长期坚持”`,
            'status',
          );
        }
        // Below 已完成待销号 nothing is completed or closed any more.
        sets.completed_by = null;
        sets.completed_date = null;
        sets.closed_date = null;
        sets.closed_reviewer = null;
      }
      sets.status = to;
    }

    const beforeState = {
      status: f.status,
      progressText: f.progress_text,
      completedBy: f.completed_by,
      completedDate: f.completed_date,
      closedDate: f.closed_date,
      closedReviewer: f.closed_reviewer,
    };
    const now = ctx.now().toISOString();
    const keys = Object.keys(sets);
    ctx.sqlite
      .prepare(`update findings set ${keys.map((k) => `${k} = @${k}`).join(', ')}, updated_at = @now where id = @id`)
      .run({ ...sets, now, id: f.id });
    const updateId = Number(
      ctx.sqlite
        .prepare(
          'insert into finding_updates (finding_id, date, from_status, to_status, note, operator, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(f.id, input.date, f.status, to, input.note, operator, now, now).lastInsertRowid,
    );
    audit.record({
      action: 'create',
      entity: 'findingUpdate',
      entityId: updateId,
      after: { findingId: f.id, date: input.date, fromStatus: f.status, toStatus: to, note: input.note, reviewer },
      reason: input.reason ?? null,
    });
    const after = findingRecord(ctx, f.id);
    audit.record({
      action: to === f.status ? 'progress' : 'status',
      entity: 'finding',
      entityId: f.id,
      before: beforeState,
      after: {
        status: after.status,
        progressText: after.progress_text,
        completedBy: after.completed_by,
        completedDate: after.completed_date,
        closedDate: after.closed_date,
        closedReviewer: after.closed_reviewer,
      },
      reason: input.reason ?? null,
    });
  });
  return getFinding(ctx, input.id);
}

// ---- Search and views -------------------------------------------------------------------------------

interface Filters {
  inspectionId?: number | undefined;
  townshipId?: number | undefined;
  villageId?: number | undefined;
  noTownship?: boolean | undefined;
  category?: readonly FindingCategory[] | undefined;
  status?: readonly FindingStatus[] | undefined;
  overdueOnly?: boolean | undefined;
  dueWithinDays?: number | undefined;
  year?: number | undefined;
  keyword?: string | undefined;
  importBatchId?: number | undefined;
}

/** WHERE over `findings f join inspections i`, with its parameters (always including @today). */
function buildWhere(filters: Filters, today: string): { sql: string; params: Record<string, unknown> } {
  const where = ['f.deleted_at is null', 'i.deleted_at is null'];
  const params: Record<string, unknown> = { today };
  if (filters.inspectionId !== undefined) {
    where.push('f.inspection_id = @inspectionId');
    params.inspectionId = filters.inspectionId;
  }
  if (filters.townshipId !== undefined) {
    where.push('f.township_id = @townshipId');
    params.townshipId = filters.townshipId;
  }
  if (filters.noTownship) where.push('f.township_id is null');
  if (filters.importBatchId !== undefined) {
    where.push(importBatchCondition('f.id', 'findings'));
    params.importBatchId = filters.importBatchId;
  }
  if (filters.villageId !== undefined) {
    where.push('f.village_id = @villageId');
    params.villageId = filters.villageId;
  }
  if (filters.category && filters.category.length > 0) {
    where.push(`f.category in (${filters.category.map((c, i) => ((params[`cat${i}`] = c), `@cat${i}`)).join(', ')})`);
  }
  if (filters.status && filters.status.length > 0) {
    where.push(`f.status in (${filters.status.map((s, i) => ((params[`st${i}`] = s), `@st${i}`)).join(', ')})`);
  }
  if (filters.overdueOnly) where.push(OVERDUE_SQL);
  if (filters.dueWithinDays !== undefined) {
    where.push(`(f.status in (${inList(OVERDUE_STATUSES)}) and f.deadline_date >= @today and f.deadline_date <= @dueEnd)`);
    params.dueEnd = addDays(today, filters.dueWithinDays);
  }
  if (filters.year !== undefined) {
    where.push('i.start_date >= @yearStart and i.start_date < @yearEnd');
    params.yearStart = `${filters.year}-01-01`;
    params.yearEnd = `${filters.year + 1}-01-01`;
  }
  const words = (filters.keyword ?? '').split(/[\s\u3000]+/).filter(Boolean);
  words.forEach((word, n) => {
    const key = `kw${n}`;
    params[key] = likeAnywhere(word);
    const like = `like @${key} escape '\\'`;
    where.push(
      `(f.description ${like} or f.responsible_unit ${like} or f.lead_unit ${like} or f.responsible_person ${like}
        or f.responsible_leader ${like} or f.deadline_text ${like} or f.measures ${like} or i.name ${like}
        or f.township_id in (select id from divisions where level = 'township' and name ${like})
        or f.village_id in (select id from divisions where level = 'village' and name ${like}))`,
    );
  });
  return { sql: where.join(' and '), params };
}

const SORT_SQL: Record<string, (dir: string) => string> = {
  /** Newest inspection first (desc), its findings in 序号 order. */
  default: (dir) => `i.start_date ${dir}, f.inspection_id ${dir}, f.seq, f.id`,
  deadline: (dir) => `f.deadline_date is null, f.deadline_date ${dir}, f.id`,
  township: (dir) => `f.township_id is null, t.sort_order ${dir}, t.code ${dir}, f.id`,
  status: (dir) => `(case f.status ${FindingStatus.values.map((v, i) => `when '${v}' then ${i}`).join(' ')} end) ${dir}, f.id`,
  category: (dir) => `(case f.category ${FindingCategory.values.map((v, i) => `when '${v}' then ${i}`).join(' ')} end) ${dir}, f.id`,
  updatedAt: (dir) => `f.updated_at ${dir}, f.id ${dir}`,
};

/** The rows of a filtered set, in order, and the status counts and overdue count of the whole set. */
export function searchFindings(ctx: ServiceContext, input: ChannelParsedInput<'findings.search'>): FindingSearchResult {
  const today = todayFor(ctx, input.today);
  const { sql: whereSql, params } = buildWhere(input, today);
  const sortBy = input.sortBy ?? 'default';
  const dir = input.sortDir ?? (sortBy === 'updatedAt' || sortBy === 'default' ? 'desc' : 'asc');
  const limit = input.limit ?? 100;
  const offset = input.offset ?? 0;
  const order = (SORT_SQL[sortBy] ?? SORT_SQL.default!)(dir);
  const rows = cachedStatement(ctx.sqlite, `${ROW_SQL} where ${whereSql} order by ${order} limit @limit offset @offset`)
    .pluck(false)
    .all({ ...params, limit, offset }) as RowSql[];
  const counts = cachedStatement(
    ctx.sqlite,
    `select f.status, count(*) as n, sum(case when ${OVERDUE_SQL} then 1 else 0 end) as overdue
     from findings f join inspections i on i.id = f.inspection_id where ${whereSql} group by f.status`,
  )
    .pluck(false)
    .all(params) as Array<{ status: FindingStatus; n: number; overdue: number }>;
  const statusCounts = statusCountsZero();
  let total = 0;
  let overdueCount = 0;
  for (const c of counts) {
    if (c.status in statusCounts) statusCounts[c.status] += c.n;
    total += c.n;
    overdueCount += c.overdue;
  }
  return { rows: rows.map((r) => toSearchRow(r, today)), total, offset, limit, today, statusCounts, overdueCount };
}

/** Every live finding of an inspection (its page), in 序号 order. */
export function inspectionFindings(ctx: ServiceContext, inspectionId: number, today: string): FindingSearchRow[] {
  const { sql: whereSql, params } = buildWhere({ inspectionId }, today);
  const rows = cachedStatement(ctx.sqlite, `${ROW_SQL} where ${whereSql} order by f.seq is null, f.seq, f.id`).pluck(false).all(params) as RowSql[];
  return rows.map((r) => toSearchRow(r, today));
}

export function overdueFindings(ctx: ServiceContext, input: ChannelParsedInput<'findings.overdue'>): FindingSearchResult {
  return searchFindings(ctx, { ...input, overdueOnly: true, sortBy: 'deadline', sortDir: 'asc' });
}

export function dueSoonFindings(ctx: ServiceContext, input: ChannelParsedInput<'findings.dueSoon'>): FindingSearchResult {
  const { days, ...rest } = input;
  return searchFindings(ctx, { ...rest, dueWithinDays: days ?? 7, sortBy: 'deadline', sortDir: 'asc' });
}

interface GroupCount {
  key: string | null;
  status: FindingStatus;
  n: number;
  overdue: number;
}

function groupCounts(ctx: ServiceContext, column: string, input: ChannelParsedInput<'findings.matrix'>, today: string): GroupCount[] {
  const { sql: whereSql, params } = buildWhere({ inspectionId: input.inspectionId, year: input.year, category: input.category }, today);
  return cachedStatement(
    ctx.sqlite,
    `select ${column} as key, f.status, count(*) as n, sum(case when ${OVERDUE_SQL} then 1 else 0 end) as overdue
     from findings f join inspections i on i.id = f.inspection_id where ${whereSql} group by ${column}, f.status`,
  )
    .pluck(false)
    .all(params) as GroupCount[];
}

function emptyMatrixRow(townshipId: number | null, township: string): FindingMatrixRow {
  return { townshipId, township, counts: statusCountsZero(), total: 0, open: 0, overdue: 0 };
}

function addCount(row: { counts: FindingStatusCounts; total: number; open: number; overdue: number }, c: GroupCount): void {
  row.counts[c.status] += c.n;
  row.total += c.n;
  if (OPEN_STATUSES.includes(c.status)) row.open += c.n;
  row.overdue += c.overdue;
}

/** 乡镇 × 状态: every township in 区划 order (zeros included), then findings that name no township. */
export function findingMatrix(ctx: ServiceContext, input: ChannelParsedInput<'findings.matrix'>): FindingMatrix {
  const today = todayFor(ctx, input.today);
  const townships = ctx.sqlite.prepare("select id, name from divisions where level = 'township' order by sort_order, code").all() as Array<{ id: number; name: string }>;
  const byId = new Map<number | null, FindingMatrixRow>(townships.map((t) => [t.id, emptyMatrixRow(t.id, t.name)]));
  const none = emptyMatrixRow(null, '未指定乡镇（县直部门等）');
  const totals = emptyMatrixRow(null, '合计');
  for (const c of groupCounts(ctx, 'f.township_id', input, today)) {
    const row = c.key === null ? none : (byId.get(Number(c.key)) ?? none);
    addCount(row, c);
    addCount(totals, c);
  }
  const rows = townships.map((t) => byId.get(t.id) as FindingMatrixRow);
  if (none.total > 0) rows.push(none);
  return { today, statuses: FindingStatus.options, rows, totals };
}

/** Findings per 问题类别 (all fifteen, in the clerk's order). */
export function findingsByCategory(ctx: ServiceContext, input: ChannelParsedInput<'findings.byCategory'>): { today: string; rows: FindingCategoryRow[] } {
  const today = todayFor(ctx, input.today);
  const rows = new Map<string, FindingCategoryRow>(
    FindingCategory.values.map((c) => [c, { category: c, label: FindingCategory.label[c], counts: statusCountsZero(), total: 0, open: 0, overdue: 0 }]),
  );
  for (const c of groupCounts(ctx, 'f.category', input, today)) {
    const row = c.key === null ? undefined : rows.get(c.key);
    if (row) addCount(row, c);
  }
  return { today, rows: [...rows.values()] };
}

/** 首页: overdue findings and those due within the next `days` (7) days, today included. */
export function findingDashboard(ctx: ServiceContext, input: ChannelParsedInput<'findings.dashboard'>): FindingDashboard {
  const today = todayFor(ctx, input?.today);
  const days = input?.days ?? 7;
  const r = cachedStatement(
    ctx.sqlite,
    `select count(*) as total,
            coalesce(sum(case when ${OPEN_SQL} then 1 else 0 end), 0) as open,
            coalesce(sum(case when f.status = 'ongoing' then 1 else 0 end), 0) as ongoing,
            coalesce(sum(case when f.status = 'awaitingClose' then 1 else 0 end), 0) as awaitingClose,
            coalesce(sum(case when f.status = 'closed' then 1 else 0 end), 0) as closed,
            coalesce(sum(case when ${OVERDUE_SQL} then 1 else 0 end), 0) as overdue,
            coalesce(sum(case when f.status in (${inList(OVERDUE_STATUSES)}) and f.deadline_date >= @today and f.deadline_date <= @dueEnd then 1 else 0 end), 0) as dueSoon
     from findings f join inspections i on i.id = f.inspection_id
     where f.deleted_at is null and i.deleted_at is null`,
  )
    .pluck(false)
    .get({ today, dueEnd: addDays(today, days) }) as Omit<FindingDashboard, 'today' | 'days'>;
  return { today, days, ...r };
}

/** Status counts and overdue per inspection (for the inspection list and page). */
export function inspectionCounts(
  ctx: ServiceContext,
  inspectionIds: readonly number[],
  today: string,
): Map<number, { counts: FindingStatusCounts; total: number; open: number; overdue: number }> {
  const out = new Map<number, { counts: FindingStatusCounts; total: number; open: number; overdue: number }>();
  for (const id of inspectionIds) out.set(id, { counts: statusCountsZero(), total: 0, open: 0, overdue: 0 });
  if (inspectionIds.length === 0) return out;
  const rows = cachedStatement(
    ctx.sqlite,
    `select f.inspection_id as key, f.status, count(*) as n, sum(case when ${OVERDUE_SQL} then 1 else 0 end) as overdue
     from findings f where f.deleted_at is null and f.inspection_id in (select value from json_each(@ids))
     group by f.inspection_id, f.status`,
  )
    .pluck(false)
    .all({ ids: JSON.stringify(inspectionIds), today }) as GroupCount[];
  for (const c of rows) {
    const row = out.get(Number(c.key));
    if (row) addCount(row, c);
  }
  return out;
}

/**
 * After an inspection's dates changed: 立行立改 deadlines of its findings that are not 销号 follow the new
 * date (each change audited). Returns how many findings changed.
 */
export function recomputeImmediateDeadlines(
  ctx: ServiceContext,
  inspection: Pick<InspectionRecord, 'id' | 'start_date' | 'end_date'>,
  audit: AuditRecorder,
): number {
  const days = getSupervisionSettings(ctx).immediateDays;
  const rows = ctx.sqlite
    .prepare("select id, deadline_text, deadline_date from findings where inspection_id = ? and deleted_at is null and status <> 'closed' and deadline_text is not null")
    .all(inspection.id) as Array<{ id: number; deadline_text: string; deadline_date: string | null }>;
  const update = ctx.sqlite.prepare('update findings set deadline_date = ?, updated_at = ? where id = ?');
  const now = ctx.now().toISOString();
  let changed = 0;
  for (const r of rows) {
    if (deadlineKindOf(r.deadline_text) !== 'immediate') continue;
    const base = immediateBase(inspection);
    const date = base === null ? null : addDays(base, days);
    if (date === r.deadline_date) continue;
    update.run(date, now, r.id);
    audit.record({
      action: 'update',
      entity: 'finding',
      entityId: r.id,
      before: { deadlineDate: r.deadline_date },
      after: { deadlineDate: date },
      reason: '检查日期变更，重新计算“立行立改”的整改时限',
    });
    changed += 1;
  }
  return changed;
}
