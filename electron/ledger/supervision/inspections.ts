// 督导检查: inspections that produce findings — 名称, 类型/问题来源, 来源文号 (normalised to 〔〕), 检查组, 组长,
// 起止日期 (end not before start) and 对象 (townships by id, county departments by name). Names are unique
// among live inspections (the import finds an inspection by its name). Changing the dates moves the
// 立行立改 deadlines of its findings along and is refused when findings or progress steps would fall before
// the new start. An inspection with live findings cannot be deleted.
import type { ChannelParsedInput, InspectionDetail, InspectionPage, InspectionRow } from '../../../shared/api';
import { normaliseDocNumber } from '../../../shared/doc-number';
import { InspectionSource } from '../../../shared/enums';
import { AppError } from '../../../shared/errors';
import { inspectionEndBeforeStart } from '../../../shared/supervision/findings';
import { writeAudited } from '../../platform/audited-write';
import { dataPort, type DataReader } from '../../platform/data-port';
import { assertUpdated, assertVersion } from '../../platform/row-version';
import type { ServiceContext } from '../../platform/context';
import { deadlineKindOf, todayFor } from './deadlines';
import { recomputeImmediateDeadlines } from './findings';
import * as findingsStore from './findings-store';
import { inspectionCounts, inspectionFindings, keywordPatterns, statusCountsZero } from './findings-views';
import * as store from './inspections-store';
import type { InspectionColumns, InspectionRecord } from './inspections-store';
import { requireInspection } from './records';

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
    source: r.source,
    sourceDocNumber: r.sourceDocNumber,
    team: r.team,
    leader: r.leader,
    startDate: r.startDate,
    endDate: r.endDate,
    townshipIds: t.townshipIds,
    departments: t.departments,
    remark: r.remark,
  };
}

function columnsOf(f: InspectionFields): InspectionColumns {
  const { townshipIds, departments, ...rest } = f;
  return { ...rest, targets: JSON.stringify({ townshipIds, departments }) };
}

type Counts = { total: number; open: number; overdue: number } | undefined;

async function toRow(db: DataReader, r: InspectionRecord, counts: Counts): Promise<InspectionRow> {
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
    townships: await store.townshipNames(db, f.townshipIds),
    departments: f.departments,
    remark: f.remark,
    findingCount: counts?.total ?? 0,
    openCount: counts?.open ?? 0,
    overdueCount: counts?.overdue ?? 0,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** Every rule that needs the whole record or the database; throws the first problem at its field. */
async function validate(db: DataReader, f: InspectionFields, currentId: number | null): Promise<InspectionFields> {
  const out = { ...f, sourceDocNumber: f.sourceDocNumber === null ? null : normaliseDocNumber(f.sourceDocNumber) || null };
  if (await store.inspectionNameTaken(db, out.name, currentId)) throw new AppError('CONFLICT', `已有名为“${out.name}”的检查，请换一个名称（可加上年份或批次）`, 'name');
  const endFirst = inspectionEndBeforeStart(out.startDate, out.endDate);
  if (endFirst) throw new AppError('VALIDATION', endFirst, 'endDate');
  if (out.startDate === null && out.endDate !== null) throw new AppError('VALIDATION', '请填写开始日期', 'startDate');
  if (out.townshipIds.length > 0) {
    const known = new Set((await store.townshipNames(db, out.townshipIds)).map((t) => t.id));
    const bad = out.townshipIds.find((id) => !known.has(id));
    if (bad !== undefined) throw new AppError('VALIDATION', `区划中没有编号为 ${bad} 的乡镇，请重新选择检查对象`, 'townshipIds');
  }
  return out;
}

export async function getInspection(ctx: ServiceContext, id: number, today?: string): Promise<InspectionDetail> {
  const db = dataPort(ctx);
  const r = await requireInspection(db, id, 'id');
  const day = todayFor(ctx, today);
  const counts = (await inspectionCounts(ctx, [id], day)).get(id);
  return {
    ...(await toRow(db, r, counts)),
    version: r.version,
    today: day,
    statusCounts: counts ? counts.counts : statusCountsZero(),
    findings: await inspectionFindings(ctx, id, day),
  };
}

export async function listInspections(ctx: ServiceContext, input: ChannelParsedInput<'inspections.list'>): Promise<InspectionPage> {
  const db = dataPort(ctx);
  const today = todayFor(ctx, input.today);
  const filter: store.InspectionFilter = { year: input.year, source: input.source, keywordPatterns: keywordPatterns(input.keyword) };
  const total = await store.countInspections(db, filter);
  const records = await store.listInspectionRecords(db, filter, input.offset ?? 0, input.limit ?? 100);
  const counts = await inspectionCounts(
    ctx,
    records.map((r) => r.id),
    today,
  );
  const rows: InspectionRow[] = [];
  for (const r of records) rows.push(await toRow(db, r, counts.get(r.id)));
  return { rows, total, today };
}

export async function createInspection(ctx: ServiceContext, input: ChannelParsedInput<'inspections.create'>): Promise<InspectionDetail> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    const f = await validate(tx, input, null);
    const newId = await store.insertInspection(tx, columnsOf(f), ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'inspection', entityId: newId, after: f });
    return newId;
  });
  return getInspection(ctx, id);
}

/** New dates may not leave a finding's deadline (other than 立行立改, which moves along) or a step before the start. */
async function assertDatesKeepFindings(db: DataReader, id: number, startDate: string): Promise<void> {
  const blocking = (await findingsStore.deadlinesBefore(db, id, startDate)).filter((r) => deadlineKindOf(r.text) !== 'immediate');
  const first = blocking[0];
  if (first) {
    throw new AppError(
      'VALIDATION',
      `本次检查${first.seq !== null ? `序号 ${first.seq} 的` : '有'}问题整改时限为 ${first.date}，早于新的开始日期 ${startDate}；请先修改该问题的整改时限`,
      'startDate',
    );
  }
  const step = await findingsStore.firstStepDate(db, id);
  if (step !== null && step < startDate) {
    throw new AppError('VALIDATION', `本次检查的问题已有 ${step} 的整改进展，开始日期不能晚于该日期`, 'startDate');
  }
}

export async function updateInspection(ctx: ServiceContext, input: ChannelParsedInput<'inspections.update'>): Promise<InspectionDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await requireInspection(tx, input.id, 'id');
    await assertVersion(tx, 'inspection', input.id, stored.version, input.version);
    const before = fieldsOf(stored);
    const { id, version, ...given } = input;
    const merged: InspectionFields = { ...before };
    for (const k of Object.keys(before) as Array<keyof InspectionFields>) {
      const v = (given as Partial<InspectionFields>)[k];
      if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
    }
    if (input.startDate === null) throw new AppError('VALIDATION', '请填写开始日期', 'startDate');
    const f = await validate(tx, merged, id);
    const datesChanged = f.startDate !== before.startDate || f.endDate !== before.endDate;
    // Findings and steps dated before the new start would break the rules they were entered under.
    if (datesChanged && f.startDate !== null) await assertDatesKeepFindings(tx, id, f.startDate);
    const changed = (Object.keys(before) as Array<keyof InspectionFields>).filter((k) => JSON.stringify(f[k]) !== JSON.stringify(before[k]));
    if (changed.length === 0) return;
    await assertUpdated(tx, 'inspection', id, await store.updateInspection(tx, id, columnsOf(f), ctx.now().toISOString(), version));
    await audit.record({
      action: 'update',
      entity: 'inspection',
      entityId: id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, f[k]])),
    });
    if (datesChanged) await recomputeImmediateDeadlines(ctx, tx, { id, startDate: f.startDate, endDate: f.endDate }, audit);
  });
  return getInspection(ctx, input.id);
}

export async function deleteInspection(ctx: ServiceContext, input: ChannelParsedInput<'inspections.delete'>): Promise<{ id: number }> {
  return writeAudited(ctx, async (tx, audit) => {
    const current = await requireInspection(tx, input.id, 'id');
    const live = await findingsStore.liveFindingCount(tx, input.id);
    if (live > 0) {
      throw new AppError('CONFLICT', `检查“${current.name}”下还有 ${live} 个问题，不能删除；请先删除这些问题或把它们移到其他检查`, 'id');
    }
    await store.softDeleteInspection(tx, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'inspection', entityId: input.id, before: fieldsOf(current), reason: input.reason });
    return { id: input.id };
  });
}
