// 督导检查: inspections that produce findings — 名称, 类型/问题来源, 来源文号 (normalised to 〔〕), 检查组, 组长,
// 起止日期 (end not before start) and 对象 (townships by id, county departments by name). Names are unique
// among live inspections (the import finds an inspection by its name). Changing the dates moves the
// 立行立改 deadlines of its findings along and is refused when findings or progress steps would fall before
// the new start. An inspection with live findings cannot be deleted.
import type { ChannelParsedInput, InspectionDetail, InspectionPage, InspectionRow } from '../../shared/api';
import { normaliseDocNumber } from '../../shared/doc-number';
import { InspectionSource } from '../../shared/enums';
import { AppError } from '../../shared/errors';
import { writeWithAudit } from './audit';
import type { ServiceContext } from './context';
import {
  deadlineKindOf,
  inspectionCounts,
  inspectionFindings,
  inspectionRecord,
  recomputeImmediateDeadlines,
  todayFor,
  type InspectionRecord,
} from './findings';
import { likeAnywhere } from './sql-like';

interface InspectionFields {
  name: string;
  source: InspectionSource;
  sourceDocNumber: string | null;
  team: string | null;
  leader: string | null;
  startDate: string | null;
  endDate: string | null;
  townshipIds: number[];
  departments: string[];
  remark: string | null;
}

interface Targets {
  townshipIds: number[];
  departments: string[];
}

function parseTargets(raw: string | null): Targets {
  if (!raw) return { townshipIds: [], departments: [] };
  try {
    const value = JSON.parse(raw) as { townshipIds?: unknown; departments?: unknown };
    return {
      townshipIds: Array.isArray(value.townshipIds) ? value.townshipIds.filter((v): v is number => Number.isInteger(v)) : [],
      departments: Array.isArray(value.departments) ? value.departments.filter((v): v is string => typeof v === 'string') : [],
    };
  } catch {
    return { townshipIds: [], departments: [] };
  }
}

function fieldsOf(r: InspectionRecord): InspectionFields {
  const t = parseTargets(r.targets);
  return {
    name: r.name,
    source: r.source as InspectionSource,
    sourceDocNumber: r.source_doc_number,
    team: r.team,
    leader: r.leader,
    startDate: r.start_date,
    endDate: r.end_date,
    townshipIds: t.townshipIds,
    departments: t.departments,
    remark: r.remark,
  };
}

function townshipNames(ctx: ServiceContext, ids: readonly number[]): Array<{ id: number; name: string }> {
  if (ids.length === 0) return [];
  const rows = ctx.sqlite
    .prepare("select id, name from divisions where level = 'township' and id in (select value from json_each(?)) order by sort_order, code")
    .all(JSON.stringify(ids)) as Array<{ id: number; name: string }>;
  return rows;
}

function toRow(ctx: ServiceContext, r: InspectionRecord, counts: { total: number; open: number; overdue: number } | undefined): InspectionRow {
  const f = fieldsOf(r);
  return {
    id: r.id,
    name: f.name,
    source: f.source,
    sourceLabel: InspectionSource.label[f.source] ?? f.source,
    sourceDocNumber: f.sourceDocNumber,
    team: f.team,
    leader: f.leader,
    startDate: f.startDate,
    endDate: f.endDate,
    townshipIds: f.townshipIds,
    townships: townshipNames(ctx, f.townshipIds),
    departments: f.departments,
    remark: f.remark,
    findingCount: counts?.total ?? 0,
    openCount: counts?.open ?? 0,
    overdueCount: counts?.overdue ?? 0,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Every rule that needs the whole record or the database; throws the first problem at its field. */
function validate(ctx: ServiceContext, f: InspectionFields, currentId: number | null): InspectionFields {
  const out = { ...f, sourceDocNumber: f.sourceDocNumber === null ? null : normaliseDocNumber(f.sourceDocNumber) || null };
  const holder = ctx.sqlite
    .prepare('select id from inspections where name = ? and deleted_at is null and id <> ? limit 1')
    .get(out.name, currentId ?? 0);
  if (holder) throw new AppError('CONFLICT', `已有名为“${out.name}”的检查，请换一个名称（可加上年份或批次）`, 'name');
  if (out.startDate !== null && out.endDate !== null && out.endDate < out.startDate) {
    throw new AppError('VALIDATION', `结束日期 ${out.endDate} 早于开始日期 ${out.startDate}，请检查`, 'endDate');
  }
  if (out.startDate === null && out.endDate !== null) throw new AppError('VALIDATION', '请填写开始日期', 'startDate');
  if (out.townshipIds.length > 0) {
    const found = townshipNames(ctx, out.townshipIds);
    const known = new Set(found.map((t) => t.id));
    const bad = out.townshipIds.find((id) => !known.has(id));
    if (bad !== undefined) throw new AppError('VALIDATION', `区划中没有编号为 ${bad} 的乡镇，请重新选择检查对象`, 'townshipIds');
  }
  return out;
}

const COLUMNS = ['name', 'source', 'source_doc_number', 'team', 'leader', 'start_date', 'end_date', 'targets', 'remark'] as const;

function columnValues(f: InspectionFields): unknown[] {
  return [
    f.name,
    f.source,
    f.sourceDocNumber,
    f.team,
    f.leader,
    f.startDate,
    f.endDate,
    JSON.stringify({ townshipIds: f.townshipIds, departments: f.departments }),
    f.remark,
  ];
}

export function getInspection(ctx: ServiceContext, id: number, today?: string): InspectionDetail {
  const r = inspectionRecord(ctx, id, 'id');
  const day = todayFor(ctx, today);
  const counts = inspectionCounts(ctx, [id], day).get(id);
  return {
    ...toRow(ctx, r, counts),
    today: day,
    statusCounts: counts ? counts.counts : { notStarted: 0, inProgress: 0, awaitingClose: 0, closed: 0, ongoing: 0 },
    findings: inspectionFindings(ctx, id, day),
  };
}

export function listInspections(ctx: ServiceContext, input: ChannelParsedInput<'inspections.list'>): InspectionPage {
  const today = todayFor(ctx, input.today);
  const where = ['i.deleted_at is null'];
  const params: Record<string, unknown> = {};
  if (input.year !== undefined) {
    where.push('i.start_date >= @yearStart and i.start_date < @yearEnd');
    params.yearStart = `${input.year}-01-01`;
    params.yearEnd = `${input.year + 1}-01-01`;
  }
  if (input.source !== undefined) {
    where.push('i.source = @source');
    params.source = input.source;
  }
  const words = (input.keyword ?? '').split(/[\s\u3000]+/).filter(Boolean);
  words.forEach((word, n) => {
    params[`kw${n}`] = likeAnywhere(word);
    const like = `like @kw${n} escape '\\'`;
    where.push(`(i.name ${like} or i.source_doc_number ${like} or i.team ${like} or i.leader ${like})`);
  });
  const whereSql = where.join(' and ');
  const total = ctx.sqlite.prepare(`select count(*) from inspections i where ${whereSql}`).pluck().get(params) as number;
  const records = ctx.sqlite
    .prepare(`select * from inspections i where ${whereSql} order by i.start_date is null, i.start_date desc, i.id desc limit @limit offset @offset`)
    .all({ ...params, limit: input.limit ?? 100, offset: input.offset ?? 0 }) as InspectionRecord[];
  const counts = inspectionCounts(
    ctx,
    records.map((r) => r.id),
    today,
  );
  return { rows: records.map((r) => toRow(ctx, r, counts.get(r.id))), total, today };
}

export function createInspection(ctx: ServiceContext, input: ChannelParsedInput<'inspections.create'>): InspectionDetail {
  const id = writeWithAudit(ctx, (audit) => {
    const f = validate(ctx, input, null);
    const now = ctx.now().toISOString();
    const info = ctx.sqlite
      .prepare(`insert into inspections (${COLUMNS.join(', ')}, created_at, updated_at) values (${COLUMNS.map(() => '?').join(', ')}, ?, ?)`)
      .run(...columnValues(f), now, now);
    const newId = Number(info.lastInsertRowid);
    audit.record({ action: 'create', entity: 'inspection', entityId: newId, after: f });
    return newId;
  });
  return getInspection(ctx, id);
}

export function updateInspection(ctx: ServiceContext, input: ChannelParsedInput<'inspections.update'>): InspectionDetail {
  writeWithAudit(ctx, (audit) => {
    const current = inspectionRecord(ctx, input.id, 'id');
    const before = fieldsOf(current);
    const { id, ...given } = input;
    const merged: InspectionFields = { ...before };
    for (const k of Object.keys(before) as Array<keyof InspectionFields>) {
      const v = (given as Partial<InspectionFields>)[k];
      if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
    }
    if (input.startDate === null) throw new AppError('VALIDATION', '请填写开始日期', 'startDate');
    const f = validate(ctx, merged, id);
    const datesChanged = f.startDate !== before.startDate || f.endDate !== before.endDate;
    if (datesChanged && f.startDate !== null) {
      // Findings and steps dated before the new start would break the rules they were entered under.
      const early = ctx.sqlite
        .prepare(
          `select seq, deadline_text as text, deadline_date as date from findings
           where inspection_id = ? and deleted_at is null and deadline_date < ? order by deadline_date limit 20`,
        )
        .all(id, f.startDate) as Array<{ seq: number | null; text: string | null; date: string }>;
      // 立行立改 deadlines move with the dates, so they never block.
      const blocking = early.filter((r) => deadlineKindOf(r.text) !== 'immediate');
      const first = blocking[0];
      if (first) {
        throw new AppError(
          'VALIDATION',
          `本次检查${first.seq !== null ? `序号 ${first.seq} 的` : '有'}问题整改时限为 ${first.date}，早于新的开始日期 ${f.startDate}；请先修改该问题的整改时限`,
          'startDate',
        );
      }
      const step = ctx.sqlite
        .prepare(
          `select min(u.date) from finding_updates u join findings fi on fi.id = u.finding_id
           where fi.inspection_id = ? and fi.deleted_at is null`,
        )
        .pluck()
        .get(id) as string | null;
      if (step !== null && step < f.startDate) {
        throw new AppError('VALIDATION', `本次检查的问题已有 ${step} 的整改进展，开始日期不能晚于该日期`, 'startDate');
      }
    }
    const changed = (Object.keys(before) as Array<keyof InspectionFields>).filter((k) => JSON.stringify(f[k]) !== JSON.stringify(before[k]));
    if (changed.length === 0) return;
    const now = ctx.now().toISOString();
    ctx.sqlite
      .prepare(`update inspections set ${COLUMNS.map((c) => `${c} = ?`).join(', ')}, updated_at = ? where id = ?`)
      .run(...columnValues(f), now, id);
    audit.record({
      action: 'update',
      entity: 'inspection',
      entityId: id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, f[k]])),
    });
    if (datesChanged) recomputeImmediateDeadlines(ctx, { id, start_date: f.startDate, end_date: f.endDate }, audit);
  });
  return getInspection(ctx, input.id);
}

export function deleteInspection(ctx: ServiceContext, input: ChannelParsedInput<'inspections.delete'>): { id: number } {
  return writeWithAudit(ctx, (audit) => {
    const current = inspectionRecord(ctx, input.id, 'id');
    const live = ctx.sqlite.prepare('select count(*) from findings where inspection_id = ? and deleted_at is null').pluck().get(input.id) as number;
    if (live > 0) {
      throw new AppError('CONFLICT', `检查“${current.name}”下还有 ${live} 个问题，不能删除；请先删除这些问题或把它们移到其他检查`, 'id');
    }
    const now = ctx.now().toISOString();
    ctx.sqlite.prepare('update inspections set deleted_at = ?, delete_reason = ?, updated_at = ? where id = ?').run(now, input.reason, now, input.id);
    audit.record({ action: 'delete', entity: 'inspection', entityId: input.id, before: fieldsOf(current), reason: input.reason });
    return { id: input.id };
  });
}
