// 帮扶力量: the contract of the assistance area — 帮扶单位 and their 包联, 县级领导联系乡镇, 驻村工作队 and members
// (轮换, 召回), 考勤, 请假, 抽查, 结对帮扶, 走访记录, 成效 and the area's settings. shared/api.ts lists these channels
// with the rest of the API. Field names come from shared/assistance/fields.ts, rules from shared/assistance/rules.ts.
// ID numbers leave the main process masked (110105********002X) unless a read asks for them in full.
import { z } from 'zod';
import { channel } from './channel';
import { isValidIsoDay, isValidIsoMonth } from './dates';
import { MAX_AMOUNT_FEN } from './money';
import { rowVersion } from './row-version';
import { AssistanceUnitKind, AssistanceUnitLevel, CadreRank, Gender, LeaveApprovalLevel, MemberStatus, PoliticalStatus, TeamRole, UnitProjectRole } from './assistance/enums';
import {
  ATTENDANCE_FIELD,
  CADRE_FIELD,
  LEADER_FIELD,
  LEAVE_FIELD,
  LINK_FIELD,
  MEMBER_FIELD,
  OUTCOME_FIELD,
  PAIRING_FIELD,
  ROTATION_FIELD,
  SPOT_CHECK_FIELD,
  TEAM_FIELD,
  UNIT_FIELD,
  VISIT_FIELD,
} from './assistance/fields';
import { ASSISTANCE_SETTING_LIMITS, consequenceTableProblem, type AssistanceSettingsValue } from './assistance/rules';

export type { AssistanceSettingsValue, AbsenceConsequence } from './assistance/rules';

// ---- Field schemas -----------------------------------------------------------------------------------------

const id = z.number({ error: '缺少记录编号' }).int().positive();
const refId = (label: string) => z.number({ error: `请选择${label}` }).int({ error: `${label}应为记录编号` }).positive({ error: `${label}应为记录编号` });
const optionalRef = (label: string) =>
  refId(label)
    .nullish()
    .transform((v) => v ?? null);
const text = (label: string, max: number) => z.string({ error: `${label}应为文字` }).trim().max(max, { error: `${label}不能超过 ${max} 个字` });
const requiredText = (f: { label: string; max: number }) => text(f.label, f.max).min(1, { error: `请填写${f.label}` });
const optionalText = (f: { label: string; max: number }) =>
  text(f.label, f.max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v));
const day = (label: string) =>
  z.string({ error: `请填写${label}` }).trim().refine(isValidIsoDay, { error: `${label}不是有效日期，请按 2024-03-05 的格式填写存在的日期` });
const optionalDay = (label: string) =>
  day(label)
    .nullish()
    .transform((v) => v ?? null);
const month = (label: string) => z.string({ error: `请填写${label}` }).trim().refine(isValidIsoMonth, { error: `${label}不对，请按 2024-03 的格式填写` });
const choice = <T extends string>(label: string, e: { values: readonly [T, ...T[]]; label: Record<T, string> }) =>
  z.enum(e.values, { error: `${label}应为${e.values.map((v) => e.label[v]).join('、')}之一` });
const optionalChoice = <T extends string>(label: string, e: { values: readonly [T, ...T[]]; label: Record<T, string> }) =>
  choice(label, e)
    .nullish()
    .transform((v) => v ?? null);
const township = text('乡镇', 40).optional();
const offset = z.number({ error: '起始行应为数字' }).int().min(0, { error: '起始行不能为负数' }).optional();
const limit = z.number({ error: '每页行数应为数字' }).int().min(1, { error: '每页至少 1 行' }).max(100_000, { error: '每页最多 100000 行' }).optional();
const year = z.number({ error: '年度应为数字' }).int().min(2000, { error: '年度应在 2000 年以后' }).max(2100, { error: '年度不能晚于 2100 年' });
const fen = (label: string) =>
  z
    .number({ error: `${label}应填写金额（以分为单位的整数）` })
    .int({ error: `${label}必须是整分，不能有不足 1 分的零头` })
    .min(0, { error: `${label}不能为负数` })
    .max(MAX_AMOUNT_FEN, { error: `${label}不能超过 100 亿元` });
const endInput = (f: { endDate: { label: string }; endReason: { label: string; max: number } }) =>
  z.object({ id, version: rowVersion, endDate: day(f.endDate.label), reason: requiredText(f.endReason) });
const deleteInput = z.object({ id, reason: requiredText({ label: '删除原因', max: 200 }) });
/** The 18 characters are checked in the service (shared/id-number.ts), which says what is wrong with them. */
const idNumber = z
  .string({ error: `${MEMBER_FIELD.idNumber.label}应为文字` })
  .max(40, { error: `${MEMBER_FIELD.idNumber.label}太长，请填写 18 位公民身份号码` })
  .nullish()
  .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v));

// ---- Result shapes ---------------------------------------------------------------------------------------------

export interface AssistanceUnitRow {
  id: number;
  version: number;
  name: string;
  kind: AssistanceUnitKind;
  kindLabel: string;
  level: AssistanceUnitLevel;
  levelLabel: string;
  contactPerson: string | null;
  phone: string | null;
  remark: string | null;
  /** Villages it helps today (包联 running). */
  villages: string[];
  /** 驻村工作队 it has in villages today. */
  teams: number;
}

export interface VillageLinkRow {
  id: number;
  version: number;
  unitId: number;
  unit: string;
  villageId: number;
  village: string;
  township: string;
  startDate: string;
  endDate: string | null;
  endReason: string | null;
  remark: string | null;
  /** Running today. */
  current: boolean;
}

export interface TownshipLeaderRow {
  id: number;
  version: number;
  name: string;
  post: string | null;
  phone: string | null;
  townshipId: number;
  township: string;
  startDate: string;
  endDate: string | null;
  endReason: string | null;
  remark: string | null;
  current: boolean;
}

export interface UnitProjectRow {
  id: number;
  unitId: number;
  projectId: number;
  project: string;
  year: number;
  category: string | null;
  role: UnitProjectRole;
  roleLabel: string;
  remark: string | null;
}

export interface UnitFundRow {
  id: number;
  version: number;
  unitId: number;
  date: string;
  amountFen: number;
  source: string;
  projectId: number | null;
  project: string | null;
  villageId: number | null;
  village: string | null;
  remark: string | null;
}

export interface UnitDeedRow {
  id: number;
  version: number;
  unitId: number;
  date: string;
  villageId: number | null;
  village: string | null;
  description: string;
}

export interface AssistanceUnitDetail extends AssistanceUnitRow {
  links: VillageLinkRow[];
  projects: UnitProjectRow[];
  funds: UnitFundRow[];
  deeds: UnitDeedRow[];
}

/** 成效 of a scope of 帮扶单位: what "派出77个驻村工作队，帮助乡村发展产业项目63个，争取资金1849万元" is made of. */
export interface AssistanceSummary {
  /** The year asked (null: all years). */
  year: number | null;
  units: number;
  /** 驻村工作队 sent (their 派驻 touching the year; all of them without a year). */
  teams: number;
  /** 选派干部: members serving in those teams then. */
  membersSent: number;
  /** Villages helped by 包联 (running at the year's end, or today). */
  villages: number;
  projects: number;
  /** Of the projects, those of the 大类 产业发展. */
  industryProjects: number;
  fundsFen: number;
  deeds: number;
  /** The report's sentence, e.g. 派出驻村工作队77个，帮助乡村发展产业项目63个，争取资金1849万元. */
  sentence: string;
}

export interface TeamRow {
  id: number;
  version: number;
  villageId: number;
  village: string;
  townshipId: number;
  township: string;
  unitId: number;
  /** 派出单位. */
  unit: string;
  startDate: string;
  endDate: string | null;
  endReason: string | null;
  remark: string | null;
  /** The 队长 of the month, else its 第一书记 (who often leads the team too). */
  leader: string | null;
  firstSecretary: string | null;
  /** Members whose 任期 touches the month. */
  members: number;
  current: boolean;
}

export interface MemberRow {
  id: number;
  version: number;
  teamId: number;
  villageId: number;
  village: string;
  township: string;
  /** The team's 派出单位. */
  sentBy: string;
  name: string;
  gender: Gender | null;
  genderLabel: string | null;
  /** Masked unless the read asked for it in full. */
  idNumber: string | null;
  /** 单位: where the member works. */
  unit: string | null;
  post: string | null;
  politicalStatus: PoliticalStatus | null;
  politicalStatusLabel: string | null;
  phone: string | null;
  /** 第一书记 / 队长 / 队员. */
  role: string;
  roleCode: TeamRole;
  termStart: string;
  termEnd: string | null;
  /** 在岗 / 轮换 / 召回. */
  status: string;
  statusCode: MemberStatus;
  remark: string | null;
  termExpired: boolean;
  /** The month the 考勤 figures are of. */
  month: string;
  daysInVillage: number | null;
  /** What the 在岗 rule asks this month (pro rata in a month the term covers in part; null outside the term). */
  requiredDays: number | null;
  belowRule: boolean;
  /** The 考勤 row's version, for its form (null: not entered). */
  attendanceVersion: number | null;
  /** Spot checks that found the member absent in the month's year, and what the consequence table makes of them. */
  absences: number;
  consequence: string | null;
}

export interface RotationRow {
  id: number;
  teamId: number;
  date: string;
  kind: 'rotated' | 'recalled';
  kindLabel: string;
  memberId: number;
  member: string;
  successorId: number | null;
  successor: string | null;
  reason: string;
}

export interface TeamDetail extends TeamRow {
  memberRows: MemberRow[];
  rotations: RotationRow[];
}

export interface AttendanceRow {
  memberId: number;
  month: string;
  daysInVillage: number;
  requiredDays: number | null;
  belowRule: boolean;
  remark: string | null;
  version: number;
}

export interface LeaveRow {
  id: number;
  version: number;
  memberId: number;
  member: string;
  startDate: string;
  endDate: string;
  days: number;
  reason: string | null;
  approvalLevel: LeaveApprovalLevel;
  approvalLevelLabel: string;
  approver: string | null;
}

export interface SpotCheckRow {
  id: number;
  version: number;
  memberId: number;
  member: string;
  village: string;
  township: string;
  date: string;
  checkedBy: string;
  present: boolean;
  remark: string | null;
}

export interface MemberDetail extends MemberRow {
  attendance: AttendanceRow[];
  leaves: LeaveRow[];
  spotChecks: SpotCheckRow[];
  rotations: RotationRow[];
}

export interface CadreRow {
  id: number;
  version: number;
  name: string;
  employer: string | null;
  post: string | null;
  phone: string | null;
  rank: CadreRank;
  rankLabel: string;
  remark: string | null;
  /** Households paired with the cadre today, the rank's limit, and whether that is over it. */
  households: number;
  limit: number;
  overLimit: boolean;
}

export interface PairingRow {
  id: number;
  version: number;
  cadreId: number;
  cadre: string;
  /** The cadre's 单位. */
  unit: string | null;
  post: string | null;
  phone: string | null;
  householdId: number;
  household: string;
  /** The household head's ID number, masked. */
  idNumber: string;
  township: string | null;
  village: string | null;
  since: string;
  until: string | null;
  endReason: string | null;
  remark: string | null;
  current: boolean;
}

export interface PairingWriteResult {
  pairing: PairingRow;
  /** The cadre after this write: over the rank's limit is flagged, not refused. */
  cadre: CadreRow;
  warning: string | null;
}

export interface PairingFlags {
  on: string;
  householdsWithoutCadre: number;
  /** The first of them (the rest by paging), ID numbers masked. */
  households: Array<{ id: number; headName: string; idNumber: string; township: string | null; village: string | null }>;
  cadresOverLimit: CadreRow[];
}

export interface VisitRow {
  id: number;
  version: number;
  date: string;
  visitor: string;
  cadreId: number | null;
  memberId: number | null;
  householdId: number | null;
  household: string | null;
  villageId: number | null;
  village: string | null;
  township: string | null;
  content: string;
  /** Photos attached (attachments of owner type visit). */
  photos: number;
}

/** 首页's 帮扶力量 figures. */
export interface AssistanceDashboard {
  today: string;
  month: string;
  teams: number;
  membersOnDuty: number;
  /** Members whose 考勤 of the month is below the 在岗 rule, and those with none entered yet. */
  membersBelowRule: number;
  membersWithoutAttendance: number;
  /** Spot checks of the month that found a member absent. */
  spotCheckAbsences: number;
  termsExpired: number;
  householdsWithoutCadre: number;
  cadresOverLimit: number;
}

// ---- Input schemas ---------------------------------------------------------------------------------------------

const consequenceRow = z.object({
  times: z
    .number({ error: '缺勤次数应为数字' })
    .int({ error: '缺勤次数应为整数' })
    .min(ASSISTANCE_SETTING_LIMITS.absenceTimes.min, { error: '缺勤次数至少为 1' })
    .max(ASSISTANCE_SETTING_LIMITS.absenceTimes.max, { error: `缺勤次数不能超过 ${ASSISTANCE_SETTING_LIMITS.absenceTimes.max}` }),
  consequence: text('处理结果', ASSISTANCE_SETTING_LIMITS.consequenceMax),
});

const wholeSetting = (label: string, limits: { min: number; max: number }, unit: string) =>
  z
    .number({ error: `${label}应为数字` })
    .int({ error: `${label}应为整数` })
    .min(limits.min, { error: `${label}应在 ${limits.min}–${limits.max} ${unit}之间` })
    .max(limits.max, { error: `${label}应在 ${limits.min}–${limits.max} ${unit}之间` });

export const assistanceSettingsUpdateInput = z.object({
  minDaysInVillage: wholeSetting('每月在村天数要求', ASSISTANCE_SETTING_LIMITS.minDaysInVillage, '天').optional(),
  leaveTownshipMaxDays: wholeSetting('乡镇党委审批的请假天数上限', ASSISTANCE_SETTING_LIMITS.leaveTownshipMaxDays, '天').optional(),
  termYears: wholeSetting('驻村任期', ASSISTANCE_SETTING_LIMITS.termYears, '年').optional(),
  pairingLimits: z
    .object(
      Object.fromEntries(CadreRank.values.map((rank) => [rank, wholeSetting(`${CadreRank.label[rank]}结对户数上限`, ASSISTANCE_SETTING_LIMITS.pairingLimit, '户')])) as Record<
        CadreRank,
        ReturnType<typeof wholeSetting>
      >,
    )
    .partial()
    .optional(),
  absenceConsequences: z
    .array(consequenceRow, { error: '缺勤处理结果表应为列表' })
    .max(20, { error: '缺勤处理结果表最多 20 行' })
    .superRefine((table, ctx) => {
      const problem = consequenceTableProblem(table);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
});

// -- 帮扶单位, 包联, 县级领导

const unitFields = {
  name: requiredText(UNIT_FIELD.name),
  kind: choice(UNIT_FIELD.kind.label, AssistanceUnitKind),
  level: choice(UNIT_FIELD.level.label, AssistanceUnitLevel),
  contactPerson: optionalText(UNIT_FIELD.contactPerson),
  phone: optionalText(UNIT_FIELD.phone),
  remark: optionalText(UNIT_FIELD.remark),
};
export const assistanceUnitCreateInput = z.object(unitFields);
export const assistanceUnitUpdateInput = z.object(unitFields).partial().extend({ id, version: rowVersion });
export const assistanceUnitListInput = z
  .object({
    level: choice(UNIT_FIELD.level.label, AssistanceUnitLevel).optional(),
    kind: choice(UNIT_FIELD.kind.label, AssistanceUnitKind).optional(),
    keyword: text('关键字', 50).optional(),
  })
  .optional()
  .default({});
export const assistanceSummaryInput = z
  .object({
    /** The units counted (omitted: every unit the level and kind name). */
    unitIds: z.array(id, { error: '帮扶单位应为列表' }).max(5000).optional(),
    level: choice(UNIT_FIELD.level.label, AssistanceUnitLevel).optional(),
    kind: choice(UNIT_FIELD.kind.label, AssistanceUnitKind).optional(),
    year: year.optional(),
  })
  .optional()
  .default({});

const linkFields = {
  unitId: refId(LINK_FIELD.unitId.label),
  villageId: refId(LINK_FIELD.villageId.label),
  startDate: day(LINK_FIELD.startDate.label),
  endDate: optionalDay(LINK_FIELD.endDate.label),
  remark: optionalText(LINK_FIELD.remark),
};
export const villageLinkCreateInput = z.object(linkFields);
export const villageLinkUpdateInput = z
  .object({ startDate: linkFields.startDate, endDate: linkFields.endDate, remark: linkFields.remark })
  .partial()
  .extend({ id, version: rowVersion });
export const villageLinkListInput = z
  .object({ unitId: id.optional(), villageId: id.optional(), township, on: day('日期').optional() })
  .optional()
  .default({});

const leaderFields = {
  name: requiredText(LEADER_FIELD.name),
  post: optionalText(LEADER_FIELD.post),
  phone: optionalText(LEADER_FIELD.phone),
  townshipId: refId(LEADER_FIELD.townshipId.label),
  startDate: day(LEADER_FIELD.startDate.label),
  endDate: optionalDay(LEADER_FIELD.endDate.label),
  remark: optionalText(LEADER_FIELD.remark),
};
export const townshipLeaderCreateInput = z.object(leaderFields);
export const townshipLeaderUpdateInput = z.object(leaderFields).partial().extend({ id, version: rowVersion });
export const townshipLeaderListInput = z.object({ township, on: day('日期').optional() }).optional().default({});

// -- 成效

export const unitProjectSetInput = z.object({
  unitId: refId(OUTCOME_FIELD.unitId.label),
  projectId: refId(OUTCOME_FIELD.projectId.label),
  role: choice(OUTCOME_FIELD.role.label, UnitProjectRole),
  remark: optionalText(OUTCOME_FIELD.remark),
});
const fundFields = {
  unitId: refId(OUTCOME_FIELD.unitId.label),
  date: day(OUTCOME_FIELD.date.label),
  amountFen: fen(OUTCOME_FIELD.amountFen.label).min(1, { error: `${OUTCOME_FIELD.amountFen.label}应大于 0` }),
  source: requiredText(OUTCOME_FIELD.source),
  projectId: optionalRef(OUTCOME_FIELD.projectId.label),
  villageId: optionalRef(OUTCOME_FIELD.villageId.label),
  remark: optionalText(OUTCOME_FIELD.remark),
};
export const unitFundCreateInput = z.object(fundFields);
export const unitFundUpdateInput = z.object(fundFields).omit({ unitId: true }).partial().extend({ id, version: rowVersion });
const deedFields = {
  unitId: refId(OUTCOME_FIELD.unitId.label),
  date: day(OUTCOME_FIELD.date.label),
  villageId: optionalRef(OUTCOME_FIELD.villageId.label),
  description: requiredText(OUTCOME_FIELD.description),
};
export const unitDeedCreateInput = z.object(deedFields);
export const unitDeedUpdateInput = z.object(deedFields).omit({ unitId: true }).partial().extend({ id, version: rowVersion });

// -- 驻村工作队 and members

const teamFields = {
  villageId: refId(TEAM_FIELD.villageId.label),
  unitId: refId(TEAM_FIELD.unitId.label),
  startDate: day(TEAM_FIELD.startDate.label),
  endDate: optionalDay(TEAM_FIELD.endDate.label),
  remark: optionalText(TEAM_FIELD.remark),
};
export const teamCreateInput = z.object(teamFields);
export const teamUpdateInput = z.object(teamFields).partial().extend({ id, version: rowVersion });
export const teamEndInput = endInput(TEAM_FIELD);
/** `month`: the month the rows' leader and counts are of (default: this month); `all`: teams of every period. */
export const teamListInput = z
  .object({ township, villageId: id.optional(), unitId: id.optional(), month: month('月份').optional(), all: z.boolean().optional(), limit, offset })
  .optional()
  .default({});

/** The person: what a member and a successor are both described by. */
const personFields = {
  name: requiredText(MEMBER_FIELD.name),
  gender: optionalChoice(MEMBER_FIELD.gender.label, Gender),
  idNumber,
  employer: optionalText(MEMBER_FIELD.employer),
  post: optionalText(MEMBER_FIELD.post),
  politicalStatus: optionalChoice(MEMBER_FIELD.politicalStatus.label, PoliticalStatus),
  phone: optionalText(MEMBER_FIELD.phone),
  remark: optionalText(MEMBER_FIELD.remark),
};
export const memberCreateInput = z.object({
  teamId: refId(MEMBER_FIELD.teamId.label),
  ...personFields,
  role: choice(MEMBER_FIELD.role.label, TeamRole),
  termStart: day(MEMBER_FIELD.termStart.label),
  /** Omitted: the usual term (设置: 驻村任期) from its start. */
  termEnd: day(MEMBER_FIELD.termEnd.label).nullish(),
});
export const memberUpdateInput = z
  .object({ ...personFields, role: choice(MEMBER_FIELD.role.label, TeamRole), termStart: day(MEMBER_FIELD.termStart.label), termEnd: optionalDay(MEMBER_FIELD.termEnd.label) })
  .partial()
  .extend({ id, version: rowVersion });
/** 轮换: the member leaves on `date` and the successor takes the post from that day (one audited write). */
export const memberRotateInput = z.object({
  id,
  version: rowVersion,
  date: day(ROTATION_FIELD.date.label),
  reason: requiredText(ROTATION_FIELD.reason),
  successor: z.object({
    ...personFields,
    /** Omitted: the outgoing member's role. */
    role: choice(MEMBER_FIELD.role.label, TeamRole).optional(),
    termEnd: day(MEMBER_FIELD.termEnd.label).nullish(),
  }),
});
export const memberRecallInput = z.object({ id, version: rowVersion, date: day('召回日期'), reason: requiredText({ label: '召回原因', max: ROTATION_FIELD.reason.max }) });
export const memberListInput = z
  .object({
    township,
    teamId: id.optional(),
    unitId: id.optional(),
    /** The 考勤 month (default: this month); members whose 任期 touches it are listed unless `all`. */
    month: month('月份').optional(),
    all: z.boolean().optional(),
    status: choice(MEMBER_FIELD.status.label, MemberStatus).optional(),
    belowRuleOnly: z.boolean().optional(),
    limit,
    offset,
  })
  .optional()
  .default({});
export const memberGetInput = z.object({ id, month: month('月份').optional(), revealId: z.boolean().optional() });

// -- 考勤, 请假, 抽查

export const attendanceSetInput = z.object({
  memberId: refId(ATTENDANCE_FIELD.memberId.label),
  month: month(ATTENDANCE_FIELD.month.label),
  daysInVillage: z.number({ error: '请填写在村天数' }).int({ error: '在村天数应为整数' }).min(0, { error: '在村天数不能为负数' }).max(31, { error: '在村天数不能超过 31 天' }),
  remark: optionalText(ATTENDANCE_FIELD.remark),
  /** The row's version when the month was entered before (required then: a form read it). */
  version: rowVersion.optional(),
});

const leaveFields = {
  memberId: refId(LEAVE_FIELD.memberId.label),
  startDate: day(LEAVE_FIELD.startDate.label),
  endDate: day(LEAVE_FIELD.endDate.label),
  /** Omitted: the calendar days from start to end. */
  days: z.number({ error: '请假天数应为数字' }).int({ error: '请假天数应为整数' }).min(1, { error: '请假天数至少 1 天' }).max(366, { error: '请假天数不能超过 366 天' }).nullish(),
  reason: optionalText(LEAVE_FIELD.reason),
  approver: optionalText(LEAVE_FIELD.approver),
};
export const leaveCreateInput = z.object(leaveFields);
export const leaveUpdateInput = z.object(leaveFields).omit({ memberId: true }).partial().extend({ id, version: rowVersion });

const spotCheckFields = {
  memberId: refId(SPOT_CHECK_FIELD.memberId.label),
  date: day(SPOT_CHECK_FIELD.date.label),
  checkedBy: requiredText(SPOT_CHECK_FIELD.checkedBy),
  present: z.boolean({ error: '请选择抽查结果：在岗或不在岗' }),
  remark: optionalText(SPOT_CHECK_FIELD.remark),
};
export const spotCheckCreateInput = z.object(spotCheckFields);
export const spotCheckUpdateInput = z.object(spotCheckFields).omit({ memberId: true }).partial().extend({ id, version: rowVersion });
export const spotCheckListInput = z
  .object({ memberId: id.optional(), township, year: year.optional(), absentOnly: z.boolean().optional() })
  .optional()
  .default({});

// -- 结对帮扶 and 走访

const cadreFields = {
  name: requiredText(CADRE_FIELD.name),
  employer: optionalText(CADRE_FIELD.employer),
  post: optionalText(CADRE_FIELD.post),
  phone: optionalText(CADRE_FIELD.phone),
  rank: choice(CADRE_FIELD.rank.label, CadreRank),
  remark: optionalText(CADRE_FIELD.remark),
};
export const cadreCreateInput = z.object(cadreFields);
export const cadreUpdateInput = z.object(cadreFields).partial().extend({ id, version: rowVersion });
export const cadreListInput = z.object({ keyword: text('关键字', 50).optional() }).optional().default({});

export const pairingCreateInput = z.object({
  cadreId: refId(PAIRING_FIELD.cadreId.label),
  householdId: refId(PAIRING_FIELD.householdId.label),
  startDate: day(PAIRING_FIELD.startDate.label),
  remark: optionalText(PAIRING_FIELD.remark),
});
export const pairingEndInput = endInput(PAIRING_FIELD);
/** Pairings running today (or on the last day of `month`, a past month) unless `all`. */
export const pairingListInput = z
  .object({ township, cadreId: id.optional(), householdId: id.optional(), month: month('月份').optional(), all: z.boolean().optional(), limit, offset })
  .optional()
  .default({});
export const pairingFlagsInput = z.object({ township, limit, offset }).optional().default({});

const visitFields = {
  date: day(VISIT_FIELD.date.label),
  visitor: requiredText(VISIT_FIELD.visitor),
  cadreId: optionalRef(VISIT_FIELD.cadreId.label),
  memberId: optionalRef(VISIT_FIELD.memberId.label),
  householdId: optionalRef(VISIT_FIELD.householdId.label),
  villageId: optionalRef(VISIT_FIELD.villageId.label),
  content: requiredText(VISIT_FIELD.content),
};
export const visitCreateInput = z.object(visitFields);
export const visitUpdateInput = z.object(visitFields).partial().extend({ id, version: rowVersion });
export const visitListInput = z
  .object({
    householdId: id.optional(),
    villageId: id.optional(),
    cadreId: id.optional(),
    memberId: id.optional(),
    township,
    from: day('起始日期').optional(),
    to: day('截止日期').optional(),
    limit,
    offset,
  })
  .optional()
  .default({});

export const assistanceDashboardInput = z.object({ month: month('月份').optional() }).optional().default({});

// ---- The channels ----------------------------------------------------------------------------------------------

const empty = z.object({}).strict().optional();
type Page<T> = { rows: T[]; total: number };

export const assistanceChannels = {
  'assistanceSettings.get': channel(empty).returns<AssistanceSettingsValue>().reads('read'),
  'assistanceSettings.update': channel(assistanceSettingsUpdateInput).returns<AssistanceSettingsValue>().writes('admin'),
  // 帮扶单位, 包联, 县级领导联系乡镇
  'assistanceUnits.list': channel(assistanceUnitListInput).returns<AssistanceUnitRow[]>().reads('read'),
  'assistanceUnits.get': channel(z.object({ id })).returns<AssistanceUnitDetail>().reads('read'),
  'assistanceUnits.create': channel(assistanceUnitCreateInput).returns<AssistanceUnitDetail>().writes('clerk'),
  'assistanceUnits.update': channel(assistanceUnitUpdateInput).returns<AssistanceUnitDetail>().writes('clerk'),
  'assistanceUnits.delete': channel(deleteInput).returns<{ id: number }>().writes('clerk'),
  'assistanceUnits.summary': channel(assistanceSummaryInput).returns<AssistanceSummary>().reads('read'),
  'villageLinks.list': channel(villageLinkListInput).returns<VillageLinkRow[]>().reads('read'),
  'villageLinks.create': channel(villageLinkCreateInput).returns<VillageLinkRow>().writes('clerk'),
  'villageLinks.update': channel(villageLinkUpdateInput).returns<VillageLinkRow>().writes('clerk'),
  'villageLinks.end': channel(endInput(LINK_FIELD)).returns<VillageLinkRow>().writes('clerk'),
  'townshipLeaders.list': channel(townshipLeaderListInput).returns<TownshipLeaderRow[]>().reads('read'),
  'townshipLeaders.create': channel(townshipLeaderCreateInput).returns<TownshipLeaderRow>().writes('clerk'),
  'townshipLeaders.update': channel(townshipLeaderUpdateInput).returns<TownshipLeaderRow>().writes('clerk'),
  'townshipLeaders.end': channel(endInput(LEADER_FIELD)).returns<TownshipLeaderRow>().writes('clerk'),
  // 成效
  'unitProjects.set': channel(unitProjectSetInput).returns<UnitProjectRow>().writes('clerk'),
  'unitProjects.remove': channel(z.object({ id })).returns<{ id: number }>().writes('clerk'),
  'unitFunds.create': channel(unitFundCreateInput).returns<UnitFundRow>().writes('clerk'),
  'unitFunds.update': channel(unitFundUpdateInput).returns<UnitFundRow>().writes('clerk'),
  'unitFunds.delete': channel(deleteInput).returns<{ id: number }>().writes('clerk'),
  'unitDeeds.create': channel(unitDeedCreateInput).returns<UnitDeedRow>().writes('clerk'),
  'unitDeeds.update': channel(unitDeedUpdateInput).returns<UnitDeedRow>().writes('clerk'),
  'unitDeeds.delete': channel(deleteInput).returns<{ id: number }>().writes('clerk'),
  // 驻村工作队
  'teams.list': channel(teamListInput).returns<Page<TeamRow>>().reads('read'),
  'teams.get': channel(z.object({ id, month: month('月份').optional() })).returns<TeamDetail>().reads('read'),
  'teams.create': channel(teamCreateInput).returns<TeamDetail>().writes('clerk'),
  'teams.update': channel(teamUpdateInput).returns<TeamDetail>().writes('clerk'),
  'teams.end': channel(teamEndInput).returns<TeamDetail>().writes('clerk'),
  'members.list': channel(memberListInput).returns<Page<MemberRow>>().reads('read'),
  'members.get': channel(memberGetInput).returns<MemberDetail>().reads('read'),
  'members.create': channel(memberCreateInput).returns<MemberDetail>().writes('clerk'),
  'members.update': channel(memberUpdateInput).returns<MemberDetail>().writes('clerk'),
  'members.rotate': channel(memberRotateInput).returns<{ outgoing: MemberDetail; successor: MemberDetail }>().writes('clerk'),
  'members.recall': channel(memberRecallInput).returns<MemberDetail>().writes('clerk'),
  // 考勤, 请假, 抽查
  'attendance.set': channel(attendanceSetInput).returns<AttendanceRow>().writes('clerk'),
  'leaves.list': channel(z.object({ memberId: id })).returns<LeaveRow[]>().reads('read'),
  'leaves.create': channel(leaveCreateInput).returns<LeaveRow>().writes('clerk'),
  'leaves.update': channel(leaveUpdateInput).returns<LeaveRow>().writes('clerk'),
  'leaves.delete': channel(deleteInput).returns<{ id: number }>().writes('clerk'),
  'spotChecks.list': channel(spotCheckListInput).returns<SpotCheckRow[]>().reads('read'),
  'spotChecks.create': channel(spotCheckCreateInput).returns<SpotCheckRow>().writes('clerk'),
  'spotChecks.update': channel(spotCheckUpdateInput).returns<SpotCheckRow>().writes('clerk'),
  'spotChecks.delete': channel(deleteInput).returns<{ id: number }>().writes('clerk'),
  // 结对帮扶, 走访
  'cadres.list': channel(cadreListInput).returns<CadreRow[]>().reads('read'),
  'cadres.create': channel(cadreCreateInput).returns<CadreRow>().writes('clerk'),
  'cadres.update': channel(cadreUpdateInput).returns<CadreRow>().writes('clerk'),
  'pairings.list': channel(pairingListInput).returns<Page<PairingRow>>().reads('read'),
  'pairings.create': channel(pairingCreateInput).returns<PairingWriteResult>().writes('clerk'),
  'pairings.end': channel(pairingEndInput).returns<PairingWriteResult>().writes('clerk'),
  'pairings.flags': channel(pairingFlagsInput).returns<PairingFlags>().reads('read'),
  'visits.list': channel(visitListInput).returns<Page<VisitRow>>().reads('read'),
  'visits.create': channel(visitCreateInput).returns<VisitRow>().writes('clerk'),
  'visits.update': channel(visitUpdateInput).returns<VisitRow>().writes('clerk'),
  'visits.delete': channel(deleteInput).returns<{ id: number }>().writes('clerk'),
  // 首页
  'assistance.dashboard': channel(assistanceDashboardInput).returns<AssistanceDashboard>().reads('read'),
};

/** Who left post and how, in words (RotationRow.kindLabel). */
export const ROTATION_KIND_LABEL: Record<RotationRow['kind'], string> = { rotated: MemberStatus.label.rotated, recalled: MemberStatus.label.recalled };
