// 在岗 records of a member: monthly 考勤 (days in the village, one row per member and month), 请假 (its approval
// level decided by its days against the setting, kept as it was decided) and 抽查 (present or absent on a day of
// the term). Rules: shared/assistance/rules.ts.
import type { ChannelParsedInput } from '../../../shared/api';
import type { AttendanceRow, LeaveRow, SpotCheckRow } from '../../../shared/api-assistance';
import { attendanceProblem, leaveApprovalLevel, leaveProblem, leaveSpanDays, periodCovers, periodsOverlap, periodText, type Period } from '../../../shared/assistance/rules';
import { AppError } from '../../../shared/errors';
import { writeAudited } from '../../platform/audited-write';
import type { ServiceContext } from '../../platform/context';
import { dataPort, type DataReader } from '../../platform/data-port';
import { assertUpdated, assertVersion } from '../../platform/row-version';
import { auditedUpdate, merged, monthOf, notFound, storedForUpdate, todayOf, townshipFilter } from './common';
import { getAssistanceSettingsOn } from './settings';
import * as store from './teams-store';
import { attendanceRow, leaveRow, spotCheckRow } from './views';

const termOf = (m: { termStart: string; termEnd: string | null }): Period => ({ start: m.termStart, end: m.termEnd });

async function requireMember(db: DataReader, id: number, field = 'memberId'): Promise<store.MemberRecord> {
  const m = await store.memberRecord(db, id);
  if (!m) throw notFound('teamMember', id, field);
  return m;
}

// ---- 考勤 ---------------------------------------------------------------------------------------------------

/**
 * A member-month's days in the village: inserted, or changed at the version its form read (a month entered
 * before cannot be overwritten blind). Nothing changed: nothing written.
 */
export async function setAttendance(ctx: ServiceContext, input: ChannelParsedInput<'attendance.set'>): Promise<AttendanceRow> {
  await writeAudited(ctx, async (tx, audit) => {
    const member = await requireMember(tx, input.memberId);
    const problem = attendanceProblem(input.month, input.daysInVillage, termOf(member), monthOf(todayOf(ctx)));
    if (problem) throw new AppError('VALIDATION', problem, problem.startsWith('在村天数') ? 'daysInVillage' : 'month');
    const now = ctx.now().toISOString();
    const stored = await store.attendanceOf(tx, input.memberId, input.month);
    const after: store.AttendanceFields = { memberId: input.memberId, month: input.month, daysInVillage: input.daysInVillage, remark: input.remark };
    if (!stored) {
      const id = await store.insertRecord(tx, store.ATTENDANCE, after, now);
      await audit.record({ action: 'create', entity: 'attendance', entityId: id, after });
      return;
    }
    if (input.version === undefined) {
      throw new AppError('VALIDATION', `${member.name} ${input.month} 的考勤已登记为 ${stored.daysInVillage} 天：请先读取这条记录再修改（缺少记录版本）`, 'version');
    }
    await assertVersion(tx, 'attendance', stored.id, Number(stored.version), input.version);
    if (Number(stored.daysInVillage) === after.daysInVillage && stored.remark === after.remark) return;
    await assertUpdated(tx, 'attendance', stored.id, await store.updateRecord(tx, store.ATTENDANCE, stored.id, { daysInVillage: after.daysInVillage, remark: after.remark }, now, input.version));
    await audit.record({
      action: 'update',
      entity: 'attendance',
      entityId: stored.id,
      before: { memberId: stored.memberId, month: stored.month, daysInVillage: Number(stored.daysInVillage), remark: stored.remark },
      after,
    });
  });
  const db = dataPort(ctx);
  const member = await requireMember(db, input.memberId);
  const row = await store.attendanceOf(db, input.memberId, input.month);
  if (!row) throw notFound('attendance', input.memberId);
  return attendanceRow(row, termOf(member), await getAssistanceSettingsOn(db));
}

// ---- 请假 ---------------------------------------------------------------------------------------------------

/** A leave's days inside the term, no overlap with another leave of the member, and the level its days ask. */
async function plannedLeave(ctx: ServiceContext, db: DataReader, f: Omit<store.LeaveFields, 'approvalLevel' | 'days'> & { days: number | null }, id: number | null): Promise<store.LeaveFields> {
  const member = await requireMember(db, f.memberId);
  const days = f.days ?? (f.endDate >= f.startDate ? leaveSpanDays(f.startDate, f.endDate) : 1);
  const problem = leaveProblem(f.startDate, f.endDate, days, termOf(member));
  if (problem) throw new AppError('VALIDATION', problem, problem.startsWith('请假天数') ? 'days' : 'endDate');
  const other = (await store.leaveRecords(db, f.memberId)).find((l) => l.id !== id && periodsOverlap({ start: l.startDate, end: l.endDate }, { start: f.startDate, end: f.endDate }));
  if (other) throw new AppError('CONFLICT', `${member.name}在 ${periodText({ start: other.startDate, end: other.endDate })} 已有请假记录，与这次请假重叠；请修改那条记录或检查日期`, 'startDate');
  const settings = await getAssistanceSettingsOn(db);
  return { ...f, days, approvalLevel: leaveApprovalLevel(days, settings) };
}

async function leaveResult(ctx: ServiceContext, id: number): Promise<LeaveRow> {
  const r = await store.leaveRecord(dataPort(ctx), id);
  if (!r) throw notFound('memberLeave', id, 'id');
  return leaveRow(r);
}

export async function listLeaves(ctx: ServiceContext, memberId: number): Promise<LeaveRow[]> {
  return (await store.leaveRecords(dataPort(ctx), memberId)).map(leaveRow);
}

export async function createLeave(ctx: ServiceContext, input: ChannelParsedInput<'leaves.create'>): Promise<LeaveRow> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    const f = await plannedLeave(ctx, tx, { ...input, days: input.days ?? null }, null);
    const newId = await store.insertRecord(tx, store.LEAVES, f, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'memberLeave', entityId: newId, after: f });
    return newId;
  });
  return leaveResult(ctx, id);
}

/** Changing the days decides the approval level again (the rule of the day of the change). */
export async function updateLeave(ctx: ServiceContext, input: ChannelParsedInput<'leaves.update'>): Promise<LeaveRow> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.LEAVES, 'memberLeave', input.id, input.version);
    const before = { ...stored.fields, days: Number(stored.fields.days) };
    const given = merged(store.LEAVES, before, { ...input, days: input.days ?? undefined });
    // New dates without new days: the days follow the dates.
    const datesMoved = (input.startDate !== undefined || input.endDate !== undefined) && input.days == null;
    const after = await plannedLeave(ctx, tx, { ...given, days: datesMoved ? null : given.days }, input.id);
    await auditedUpdate(tx, audit, { spec: store.LEAVES, entity: 'memberLeave', id: input.id, before, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString() });
  });
  return leaveResult(ctx, input.id);
}

export async function deleteLeave(ctx: ServiceContext, input: ChannelParsedInput<'leaves.delete'>): Promise<{ id: number }> {
  return writeAudited(ctx, async (tx, audit) => {
    const stored = await store.storedRecord(tx, store.LEAVES, input.id);
    if (!stored) throw notFound('memberLeave', input.id, 'id');
    await store.softDeleteRecord(tx, store.LEAVES, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'memberLeave', entityId: input.id, before: stored.fields, reason: input.reason });
    return { id: input.id };
  });
}

// ---- 抽查 ---------------------------------------------------------------------------------------------------

/** A spot check is of a day of the member's term, and not of a day still to come. */
async function checkSpotCheck(ctx: ServiceContext, db: DataReader, f: store.SpotCheckFields): Promise<void> {
  const member = await requireMember(db, f.memberId);
  if (f.date > todayOf(ctx)) throw new AppError('VALIDATION', `抽查日期 ${f.date} 还没有到，请检查日期`, 'date');
  if (!periodCovers(termOf(member), f.date)) throw new AppError('VALIDATION', `抽查日期 ${f.date} 不在${member.name}的任期（${periodText(termOf(member))}）内，请检查日期`, 'date');
}

async function spotCheckResult(ctx: ServiceContext, id: number): Promise<SpotCheckRow> {
  const r = await store.spotCheckRecord(dataPort(ctx), id);
  if (!r) throw notFound('spotCheck', id, 'id');
  return spotCheckRow(r);
}

export async function listSpotChecks(ctx: ServiceContext, input: ChannelParsedInput<'spotChecks.list'>): Promise<SpotCheckRow[]> {
  const townshipId = await townshipFilter(ctx, input.township);
  const year = input.year;
  const rows = await store.spotCheckRecords(dataPort(ctx), {
    memberId: input.memberId,
    townshipId,
    from: year === undefined ? undefined : `${year}-01-01`,
    to: year === undefined ? undefined : `${year}-12-31`,
    absentOnly: input.absentOnly,
  });
  return rows.map(spotCheckRow);
}

export async function createSpotCheck(ctx: ServiceContext, input: ChannelParsedInput<'spotChecks.create'>): Promise<SpotCheckRow> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    await checkSpotCheck(ctx, tx, input);
    const newId = await store.insertRecord(tx, store.SPOT_CHECKS, input, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'spotCheck', entityId: newId, after: input });
    return newId;
  });
  return spotCheckResult(ctx, id);
}

const withPresence = (f: store.SpotCheckFields): store.SpotCheckFields => ({ ...f, present: Boolean(Number(f.present)) });

export async function updateSpotCheck(ctx: ServiceContext, input: ChannelParsedInput<'spotChecks.update'>): Promise<SpotCheckRow> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.SPOT_CHECKS, 'spotCheck', input.id, input.version);
    const before = withPresence(stored.fields);
    const after = merged(store.SPOT_CHECKS, before, input);
    await checkSpotCheck(ctx, tx, after);
    await auditedUpdate(tx, audit, { spec: store.SPOT_CHECKS, entity: 'spotCheck', id: input.id, before, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString() });
  });
  return spotCheckResult(ctx, input.id);
}

export async function deleteSpotCheck(ctx: ServiceContext, input: ChannelParsedInput<'spotChecks.delete'>): Promise<{ id: number }> {
  return writeAudited(ctx, async (tx, audit) => {
    const stored = await store.storedRecord(tx, store.SPOT_CHECKS, input.id);
    if (!stored) throw notFound('spotCheck', input.id, 'id');
    await store.softDeleteRecord(tx, store.SPOT_CHECKS, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'spotCheck', entityId: input.id, before: withPresence(stored.fields), reason: input.reason });
    return { id: input.id };
  });
}
