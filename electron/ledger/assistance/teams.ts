// 驻村工作队 and their members: one team per village per period, sent by a 帮扶单位; members 第一书记, 队长, 队员
// with a 任期 inside the team's 派驻; 轮换 (a successor takes the post from a day, the outgoing term ending the day
// before) and 召回, each one audited write with its history row. Rules: shared/assistance/rules.ts. A member's ID
// number is checked as households' are, stored normalised, and masked in the audit trail.
import type { ChannelParsedInput } from '../../../shared/api';
import type { MemberDetail, TeamDetail } from '../../../shared/api-assistance';
import { MEMBER_FIELD, TEAM_FIELD } from '../../../shared/assistance/fields';
import {
  defaultTermEnd,
  firstOverlap,
  leavingProblem,
  periodOrderProblem,
  periodText,
  roleClashProblem,
  termEndOnLeaving,
  termOutsideTeamProblem,
  type Period,
} from '../../../shared/assistance/rules';
import { addDays } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { checkIdNumber, maskIdNumber } from '../../../shared/id-number';
import { writeAudited, type AuditTrailWriter } from '../../platform/audited-write';
import type { ServiceContext } from '../../platform/context';
import type { DataReader, DataWriter } from '../../platform/data-port';
import { auditedUpdate, merged, notFound, requireVillage, storedForUpdate } from './common';
import { getAssistanceSettingsOn } from './settings';
import * as store from './teams-store';
import * as units from './units-store';
import { getMember, getTeam } from './views';

const periodOf = (r: { startDate: string; endDate: string | null }): Period => ({ start: r.startDate, end: r.endDate });
const termOf = (m: { termStart: string; termEnd: string | null }): Period => ({ start: m.termStart, end: m.termEnd });

// ---- Teams --------------------------------------------------------------------------------------------------

/** A team: a live 派出单位, a village, its dates in order, no other team in the village then, its members' terms inside. */
async function checkTeam(db: DataReader, f: store.TeamFields, id: number | null): Promise<void> {
  if (!(await units.unitRecord(db, f.unitId))) throw notFound('assistanceUnit', f.unitId, 'unitId');
  const village = await requireVillage(db, f.villageId);
  const order = periodOrderProblem(periodOf(f), TEAM_FIELD.startDate.label, TEAM_FIELD.endDate.label);
  if (order) throw new AppError('VALIDATION', order, 'endDate');
  const others = (await store.teamPeriodsOfVillage(db, f.villageId)).map((t) => ({ id: Number(t.id), unit: t.unit, period: periodOf(t) }));
  const clash = firstOverlap({ id, period: periodOf(f) }, others);
  if (clash) {
    throw new AppError('CONFLICT', `${village.name}在 ${periodText(clash.period)} 已有${clash.unit}派驻的工作队，一个村同一时间只有一支驻村工作队；请先结束那支工作队的派驻或调整日期`, 'startDate');
  }
  if (id !== null) {
    for (const m of await store.membersOfTeam(db, id)) {
      const outside = termOutsideTeamProblem(termOf(m), periodOf(f));
      if (outside) throw new AppError('VALIDATION', `${m.name}的${outside.replace('请检查日期', '请先调整其任期或派驻日期')}`, 'startDate');
    }
  }
}

export async function createTeam(ctx: ServiceContext, input: ChannelParsedInput<'teams.create'>): Promise<TeamDetail> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    const f: store.TeamFields = { ...input, endReason: null };
    await checkTeam(tx, f, null);
    const newId = await store.insertRecord(tx, store.TEAMS, f, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'workTeam', entityId: newId, after: f });
    return newId;
  });
  return getTeam(ctx, id);
}

export async function updateTeam(ctx: ServiceContext, input: ChannelParsedInput<'teams.update'>): Promise<TeamDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.TEAMS, 'workTeam', input.id, input.version);
    const after = merged(store.TEAMS, stored.fields, input);
    await checkTeam(tx, after, input.id);
    await auditedUpdate(tx, audit, { spec: store.TEAMS, entity: 'workTeam', id: input.id, before: stored.fields, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString() });
  });
  return getTeam(ctx, input.id);
}

/** Members of the team still 在岗 leave with it (轮换 as the term is over), their terms ending on its last day. */
export async function endTeam(ctx: ServiceContext, input: ChannelParsedInput<'teams.end'>): Promise<TeamDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.TEAMS, 'workTeam', input.id, input.version);
    if (stored.fields.endDate !== null) throw new AppError('CONFLICT', `这支工作队的派驻已于 ${stored.fields.endDate} 结束；如需更正结束日期，请修改工作队`, 'endDate');
    const now = ctx.now().toISOString();
    for (const m of await store.membersOfTeam(tx, input.id)) {
      if (m.status !== 'onDuty') continue;
      const problem = leavingProblem(m, addDays(input.endDate, 1), '轮换');
      if (problem) throw new AppError('VALIDATION', `${m.name}的任期从 ${m.termStart} 开始，晚于派驻结束日期 ${input.endDate}；请先修改其任期或检查日期`, 'endDate');
      await leavePost(tx, audit, m, 'rotated', addDays(input.endDate, 1), input.reason, now);
    }
    const after = { ...stored.fields, endDate: input.endDate, endReason: input.reason };
    await checkTeam(tx, after, input.id);
    await auditedUpdate(tx, audit, { spec: store.TEAMS, entity: 'workTeam', id: input.id, before: stored.fields, after, expected: input.version, stored: stored.version, now, action: 'end', reason: input.reason });
  });
  return getTeam(ctx, input.id);
}

// ---- Members ------------------------------------------------------------------------------------------------

/** The audit trail's copy of a member: the ID number masked (households' rule). */
function forAudit<T extends { idNumber?: string | null }>(values: T): T {
  return values.idNumber ? { ...values, idNumber: maskIdNumber(values.idNumber) } : values;
}

/** The ID number as stored (normalised), or the sentence at its field. */
function normalisedIdNumber(ctx: ServiceContext, text: string | null): string | null {
  if (text === null) return null;
  const check = checkIdNumber(text, { today: ctx.now() });
  if (!check.ok) throw new AppError('VALIDATION', check.message, 'idNumber');
  return check.normalised;
}

/**
 * A member's rules: the team, the term's order and place inside the team's 派驻, one 第一书记 and one 队长 at a
 * time, and one team at a time for the person an ID number names.
 */
async function checkMember(db: DataReader, f: store.MemberFields, id: number | null): Promise<void> {
  const team = await store.teamRecord(db, f.teamId);
  if (!team) throw notFound('workTeam', f.teamId, 'teamId');
  const term = termOf(f);
  const order = periodOrderProblem(term, MEMBER_FIELD.termStart.label, MEMBER_FIELD.termEnd.label);
  if (order) throw new AppError('VALIDATION', order, 'termEnd');
  const outside = termOutsideTeamProblem(term, periodOf(team));
  if (outside) throw new AppError('VALIDATION', outside, term.start < team.startDate ? 'termStart' : 'termEnd');
  const teammates = (await store.membersOfTeam(db, f.teamId)).map((m) => ({ id: m.id, name: m.name, role: m.role, period: termOf(m) }));
  const clash = roleClashProblem({ id, role: f.role, period: term }, teammates);
  if (clash) throw new AppError('CONFLICT', clash, 'role');
  if (f.idNumber !== null) {
    const terms = (await store.termsOfPerson(db, f.idNumber)).map((t) => ({ id: Number(t.id), village: t.village, period: termOf(t) }));
    const elsewhere = firstOverlap({ id, period: term }, terms);
    if (elsewhere) {
      throw new AppError('CONFLICT', `这个身份证号的队员在 ${periodText(elsewhere.period)} 驻${elsewhere.village}，一人同一时间只在一支工作队；请先轮换或召回，或核对身份证号`, 'idNumber');
    }
  }
}

async function memberResult(ctx: ServiceContext, id: number): Promise<MemberDetail> {
  return getMember(ctx, { id });
}

export async function createMember(ctx: ServiceContext, input: ChannelParsedInput<'members.create'>): Promise<MemberDetail> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    const settings = await getAssistanceSettingsOn(tx);
    const f: store.MemberFields = {
      ...input,
      idNumber: normalisedIdNumber(ctx, input.idNumber),
      termEnd: input.termEnd ?? defaultTermEnd(input.termStart, settings.termYears),
      status: 'onDuty',
    };
    await checkMember(tx, f, null);
    const newId = await store.insertRecord(tx, store.MEMBERS, f, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'teamMember', entityId: newId, after: forAudit(f) });
    return newId;
  });
  return memberResult(ctx, id);
}

export async function updateMember(ctx: ServiceContext, input: ChannelParsedInput<'members.update'>): Promise<MemberDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.MEMBERS, 'teamMember', input.id, input.version);
    const after = merged(store.MEMBERS, stored.fields, { ...input, idNumber: input.idNumber === undefined ? undefined : normalisedIdNumber(ctx, input.idNumber) });
    await checkMember(tx, after, input.id);
    await auditedUpdate(tx, audit, { spec: store.MEMBERS, entity: 'teamMember', id: input.id, before: stored.fields, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString(), forAudit });
  });
  return memberResult(ctx, input.id);
}

/** The outgoing member leaves post on `date`: 轮换 or 召回, their term ending the day before. */
async function endTerm(tx: DataWriter, audit: AuditTrailWriter, m: store.MemberRecord, kind: 'rotated' | 'recalled', date: string, reason: string, now: string): Promise<void> {
  const before: store.MemberFields = { ...m };
  const after: store.MemberFields = { ...before, status: kind, termEnd: termEndOnLeaving(date) };
  const action = kind === 'rotated' ? 'rotate' : 'recall';
  await auditedUpdate(tx, audit, { spec: store.MEMBERS, entity: 'teamMember', id: m.id, before, after, expected: Number(m.version), stored: Number(m.version), now, action, reason, forAudit });
}

/** The history row of a departure: who left, who took over, when and why. */
async function recordRotation(tx: DataWriter, audit: AuditTrailWriter, rotation: store.RotationFields, now: string): Promise<void> {
  const id = await store.insertRotation(tx, rotation, now);
  await audit.record({ action: 'create', entity: 'memberRotation', entityId: id, after: rotation });
}

async function leavePost(tx: DataWriter, audit: AuditTrailWriter, m: store.MemberRecord, kind: 'rotated' | 'recalled', date: string, reason: string, now: string): Promise<void> {
  await endTerm(tx, audit, m, kind, date, reason, now);
  await recordRotation(tx, audit, { teamId: m.teamId, memberId: m.id, successorId: null, kind, date, reason }, now);
}

/**
 * 轮换 as one write: the outgoing member leaves on `date` and the successor holds the post from that day. The
 * outgoing term ends first, so the successor's (from `date`) no longer overlaps it under the one-第一书记 rule.
 */
export async function rotateMember(ctx: ServiceContext, input: ChannelParsedInput<'members.rotate'>): Promise<{ outgoing: MemberDetail; successor: MemberDetail }> {
  const successorId = await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.MEMBERS, 'teamMember', input.id, input.version);
    const outgoing: store.MemberRecord = { ...stored.fields, id: input.id, version: stored.version };
    const problem = leavingProblem(outgoing, input.date, '轮换');
    if (problem) throw new AppError(outgoing.status === 'onDuty' ? 'VALIDATION' : 'CONFLICT', problem, 'date');
    const now = ctx.now().toISOString();
    const settings = await getAssistanceSettingsOn(tx);
    await endTerm(tx, audit, outgoing, 'rotated', input.date, input.reason, now);
    const s = input.successor;
    const f: store.MemberFields = {
      ...s,
      teamId: outgoing.teamId,
      idNumber: normalisedIdNumber(ctx, s.idNumber),
      role: s.role ?? outgoing.role,
      termStart: input.date,
      termEnd: s.termEnd ?? defaultTermEnd(input.date, settings.termYears),
      status: 'onDuty',
    };
    await checkMember(tx, f, null);
    const newId = await store.insertRecord(tx, store.MEMBERS, f, now);
    await audit.record({ action: 'create', entity: 'teamMember', entityId: newId, after: forAudit(f) });
    await recordRotation(tx, audit, { teamId: outgoing.teamId, memberId: input.id, successorId: newId, kind: 'rotated', date: input.date, reason: input.reason }, now);
    return newId;
  });
  return { outgoing: await memberResult(ctx, input.id), successor: await memberResult(ctx, successorId) };
}

/** 召回: the member leaves post on `date` with no successor named (one may be added as a new member). */
export async function recallMember(ctx: ServiceContext, input: ChannelParsedInput<'members.recall'>): Promise<MemberDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.MEMBERS, 'teamMember', input.id, input.version);
    const problem = leavingProblem(stored.fields, input.date, '召回');
    if (problem) throw new AppError(stored.fields.status === 'onDuty' ? 'VALIDATION' : 'CONFLICT', problem, 'date');
    await leavePost(tx, audit, { ...stored.fields, id: input.id, version: stored.version }, 'recalled', input.date, input.reason, ctx.now().toISOString());
  });
  return memberResult(ctx, input.id);
}
