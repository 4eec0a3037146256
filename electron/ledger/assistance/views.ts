// The reads of 驻村工作队: the teams list (village, township, 派出单位, leader, members), the monthly members table
// (role, unit, 任期, 在岗状态, days in the village against the 在岗 rule, spot-check absences and their consequence),
// a team's and a member's page, and 首页's 帮扶力量 figures. ID numbers leave here masked unless asked for in full.
import type { ChannelParsedInput } from '../../../shared/api';
import { ROTATION_KIND_LABEL, type AssistanceDashboard, type AttendanceRow, type LeaveRow, type MemberDetail, type MemberRow, type RotationRow, type SpotCheckRow, type TeamDetail, type TeamRow } from '../../../shared/api-assistance';
import { Gender, LeaveApprovalLevel, MemberStatus, PoliticalStatus, TeamRole } from '../../../shared/assistance/enums';
import { absenceConsequence, belowDaysRule, overPairingLimit, pairingLimit, periodCovers, requiredDaysInMonth, termExpired, type AssistanceSettingsValue } from '../../../shared/assistance/rules';
import { maskIdNumber } from '../../../shared/id-number';
import type { ServiceContext } from '../../platform/context';
import { dataPort } from '../../platform/data-port';
import { monthOf, notFound, spanOf, todayOf, townshipFilter } from './common';
import * as pairings from './pairings-store';
import { getAssistanceSettingsOn } from './settings';
import * as store from './teams-store';

const DEFAULT_LIMIT = 1000;

function page<T>(rows: T[], offset: number | undefined, limit: number | undefined): { rows: T[]; total: number } {
  const from = offset ?? 0;
  return { total: rows.length, rows: rows.slice(from, from + (limit ?? DEFAULT_LIMIT)) };
}

// ---- Teams --------------------------------------------------------------------------------------------------

function teamRow(r: store.TeamListRecord, today: string): TeamRow {
  return {
    id: r.id,
    version: Number(r.version),
    villageId: r.villageId,
    village: r.village,
    townshipId: r.townshipId,
    township: r.township,
    unitId: r.unitId,
    unit: r.unit,
    startDate: r.startDate,
    endDate: r.endDate,
    endReason: r.endReason,
    remark: r.remark,
    leader: r.leader ?? r.firstSecretary,
    firstSecretary: r.firstSecretary,
    members: Number(r.members),
    current: periodCovers({ start: r.startDate, end: r.endDate }, today),
  };
}

/** Teams whose 派驻 touches the month (default this month), or every team with `all`; leader and members as of the month. */
export async function listTeams(ctx: ServiceContext, input: ChannelParsedInput<'teams.list'>): Promise<{ rows: TeamRow[]; total: number }> {
  const today = todayOf(ctx);
  const span = spanOf(input.month ?? monthOf(today));
  const filter: store.TeamFilter = { townshipId: await townshipFilter(ctx, input.township), villageId: input.villageId, unitId: input.unitId, month: input.all ? undefined : span };
  const rows = (await store.teamListRecords(dataPort(ctx), filter, span)).map((r) => teamRow(r, today));
  return page(rows, input.offset, input.limit);
}

function rotationRow(r: store.RotationRecord): RotationRow {
  return { ...r, id: Number(r.id), kindLabel: ROTATION_KIND_LABEL[r.kind] };
}

export async function getTeam(ctx: ServiceContext, id: number, month?: string): Promise<TeamDetail> {
  const db = dataPort(ctx);
  const today = todayOf(ctx);
  const m = month ?? monthOf(today);
  const [record] = await store.teamListRecords(db, { teamId: id }, spanOf(m));
  if (!record) throw notFound('workTeam', id, 'id');
  const settings = await getAssistanceSettingsOn(db);
  const members = await store.memberListRecords(db, { teamId: id }, m);
  return {
    ...teamRow(record, today),
    memberRows: members.map((r) => memberRow(r, m, settings, today, false)),
    rotations: (await store.rotationsOfTeam(db, id)).map(rotationRow),
  };
}

// ---- Members ------------------------------------------------------------------------------------------------

function memberRow(r: store.MemberListRecord, month: string, settings: AssistanceSettingsValue, today: string, revealId: boolean): MemberRow {
  const required = requiredDaysInMonth(month, { start: r.termStart, end: r.termEnd }, settings.minDaysInVillage);
  const days = r.daysInVillage === null ? null : Number(r.daysInVillage);
  const absences = Number(r.absences);
  return {
    id: r.id,
    version: Number(r.version),
    teamId: r.teamId,
    villageId: r.villageId,
    village: r.village,
    township: r.township,
    sentBy: r.sentBy,
    name: r.name,
    gender: r.gender,
    genderLabel: r.gender === null ? null : Gender.label[r.gender],
    idNumber: r.idNumber === null ? null : revealId ? r.idNumber : maskIdNumber(r.idNumber),
    unit: r.employer,
    post: r.post,
    politicalStatus: r.politicalStatus,
    politicalStatusLabel: r.politicalStatus === null ? null : PoliticalStatus.label[r.politicalStatus],
    phone: r.phone,
    role: TeamRole.label[r.role],
    roleCode: r.role,
    termStart: r.termStart,
    termEnd: r.termEnd,
    status: MemberStatus.label[r.status],
    statusCode: r.status,
    remark: r.remark,
    termExpired: termExpired(r.status, r.termEnd, today),
    month,
    daysInVillage: days,
    requiredDays: required,
    belowRule: belowDaysRule(days, required),
    attendanceVersion: r.attendanceVersion === null ? null : Number(r.attendanceVersion),
    absences,
    consequence: absenceConsequence(absences, settings.absenceConsequences)?.consequence ?? null,
  };
}

/**
 * The monthly table: members whose 任期 touches the month (default this month; every member with `all`), each with
 * the month's days in the village against the rule. Filtered in the service (the rule is computed), then paged.
 */
export async function listMembers(ctx: ServiceContext, input: ChannelParsedInput<'members.list'>): Promise<{ rows: MemberRow[]; total: number }> {
  const db = dataPort(ctx);
  const today = todayOf(ctx);
  const month = input.month ?? monthOf(today);
  const settings = await getAssistanceSettingsOn(db);
  const filter: store.MemberFilter = {
    townshipId: await townshipFilter(ctx, input.township),
    teamId: input.teamId,
    unitId: input.unitId,
    status: input.status,
    month: input.all ? undefined : spanOf(month),
  };
  const rows = (await store.memberListRecords(db, filter, month)).map((r) => memberRow(r, month, settings, today, false));
  return page(
    input.belowRuleOnly ? rows.filter((r) => r.belowRule) : rows,
    input.offset,
    input.limit,
  );
}

export function attendanceRow(r: store.AttendanceRecord, term: { start: string; end: string | null }, settings: AssistanceSettingsValue): AttendanceRow {
  const required = requiredDaysInMonth(r.month, term, settings.minDaysInVillage);
  const days = Number(r.daysInVillage);
  return { memberId: r.memberId, month: r.month, daysInVillage: days, requiredDays: required, belowRule: belowDaysRule(days, required), remark: r.remark, version: Number(r.version) };
}

export function leaveRow(r: store.LeaveRecord): LeaveRow {
  return { ...r, id: Number(r.id), version: Number(r.version), days: Number(r.days), approvalLevelLabel: LeaveApprovalLevel.label[r.approvalLevel] };
}

export function spotCheckRow(r: store.SpotCheckRecord): SpotCheckRow {
  return { ...r, id: Number(r.id), version: Number(r.version) };
}

export async function getMember(ctx: ServiceContext, input: { id: number; month?: string; revealId?: boolean }): Promise<MemberDetail> {
  const db = dataPort(ctx);
  const today = todayOf(ctx);
  const month = input.month ?? monthOf(today);
  const [record] = await store.memberListRecords(db, { memberId: input.id }, month);
  if (!record) throw notFound('teamMember', input.id, 'id');
  const settings = await getAssistanceSettingsOn(db);
  const term = { start: record.termStart, end: record.termEnd };
  return {
    ...memberRow(record, month, settings, today, input.revealId === true),
    attendance: (await store.attendanceOfMember(db, input.id)).map((a) => attendanceRow(a, term, settings)),
    leaves: (await store.leaveRecords(db, input.id)).map(leaveRow),
    spotChecks: (await store.spotCheckRecords(db, { memberId: input.id })).map(spotCheckRow),
    rotations: (await store.rotationsOfMember(db, input.id)).map(rotationRow),
  };
}

// ---- 首页 ----------------------------------------------------------------------------------------------------

/** Teams and members in post today; the month's members under the rule or without 考勤; absences; pairing flags. */
export async function assistanceDashboard(ctx: ServiceContext, input: ChannelParsedInput<'assistance.dashboard'>): Promise<AssistanceDashboard> {
  const db = dataPort(ctx);
  const today = todayOf(ctx);
  const month = input.month ?? monthOf(today);
  const span = spanOf(month);
  // A past month is seen as of its last day; this month as of today.
  const day = span.last < today ? span.last : today;
  const settings = await getAssistanceSettingsOn(db);
  const rows = (await store.memberListRecords(db, { month: span }, month)).map((r) => memberRow(r, month, settings, today, false));
  const counts = await pairings.pairingCountsOn(db, day);
  return {
    today,
    month,
    teams: await store.teamsOn(db, day),
    membersOnDuty: await store.membersOnDuty(db, day),
    membersBelowRule: rows.filter((r) => r.belowRule).length,
    membersWithoutAttendance: rows.filter((r) => r.daysInVillage === null && r.requiredDays !== null).length,
    spotCheckAbsences: await store.absencesBetween(db, span.first, span.last),
    termsExpired: await store.termsExpiredOn(db, day),
    householdsWithoutCadre: await pairings.countUnpairedHouseholds(db, day),
    cadresOverLimit: counts.filter((c) => overPairingLimit(c.households, pairingLimit(c.rank, settings))).length,
  };
}
