// The rules of 帮扶力量, written once for the forms, the import kinds and the services (DOMAIN.md "帮扶力量").
//
// Periods (包联, 县级领导联系乡镇, a team's 派驻, a member's 任期, a 结对, a leave) are inclusive calendar days,
// ISO 'YYYY-MM-DD'; an end of null means "still running". A member who leaves by 轮换 or 召回 leaves on the
// change's date: that day belongs to the successor, so the outgoing 任期 ends the day before (a 第一书记 and
// their successor never overlap, not even on the handover day).
//
// 在岗 rule: at least N days a month in the village (N a setting, 20 by default). A month the 任期 covers only
// in part asks for N pro rata, rounded up (a member starting on the 16th of a 30-day month owes 10 of 20).
// Leave does not lower N: approved leave explains an absence, it does not count as days in the village.
// 抽查: a check that finds a member absent on a day of their recorded leave is no absence (the leave explains it);
// the other absences of a year go through the consequence table (the stores count them so, in SQL).
// Every message is a Chinese sentence saying what is wrong and what to do.
import { addDays, daysInMonth, isValidIsoDay, isValidIsoMonth, type IsoDay, type IsoMonth } from '../dates';
import { CadreRank, LeaveApprovalLevel, TeamRole, type CadreRank as CadreRankCode, type LeaveApprovalLevel as LeaveLevel, type MemberStatus, type TeamRole as TeamRoleCode } from './enums';

// ---- Settings --------------------------------------------------------------------------------------------

/** One row of the consequence table: from this many absences on spot checks in a year, this consequence. */
export interface AbsenceConsequence {
  times: number;
  consequence: string;
}

export interface AssistanceSettingsValue {
  /** N of the 在岗 rule: days a month in the village. */
  minDaysInVillage: number;
  /** Leave of at most this many days is approved by the 乡镇党委; longer leave by the 县委组织部. */
  leaveTownshipMaxDays: number;
  /** The usual 任期 in years: a member's term end when none is given. */
  termYears: number;
  /** Households a 帮扶责任人 may be paired with at once, by rank. */
  pairingLimits: Record<CadreRankCode, number>;
  /** Absences on spot checks in a year → the year's rating, ascending by times. */
  absenceConsequences: AbsenceConsequence[];
}

/** DOMAIN.md's figures: 20 days, 5 households, a two-year term, and the usual consequence table. */
export const ASSISTANCE_SETTING_DEFAULTS: AssistanceSettingsValue = {
  minDaysInVillage: 20,
  leaveTownshipMaxDays: 3,
  termYears: 2,
  pairingLimits: { countyLeader: 5, sectionLevel: 5, staff: 5 },
  absenceConsequences: [
    { times: 1, consequence: '年度考核不得评为优秀' },
    { times: 2, consequence: '年度考核定为基本称职' },
    { times: 3, consequence: '年度考核定为不称职' },
  ],
};

/** Limits a settings form offers; the contract refuses values outside them. */
export const ASSISTANCE_SETTING_LIMITS = {
  minDaysInVillage: { min: 1, max: 31 },
  leaveTownshipMaxDays: { min: 1, max: 60 },
  termYears: { min: 1, max: 10 },
  pairingLimit: { min: 1, max: 100 },
  absenceTimes: { min: 1, max: 50 },
  consequenceMax: 60,
} as const;

/** The sentence when a consequence table cannot be used, or null: times whole, ascending, each once; words given. */
export function consequenceTableProblem(table: readonly AbsenceConsequence[]): string | null {
  let previous = 0;
  for (const row of table) {
    if (row.consequence.trim() === '') return `缺勤 ${row.times} 次的处理结果为空，请填写（如“年度考核不得评为优秀”）`;
    if (row.times <= previous) return `处理结果表应按缺勤次数从少到多排列、每个次数只写一行：${row.times} 次排在 ${previous} 次之后，请调整`;
    previous = row.times;
  }
  return null;
}

const isWhole = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Settings from their stored values: each value out of range (a hand-edited ledger) falls back to its default. */
export function assistanceSettingsOf(stored: Partial<Record<keyof AssistanceSettingsValue, unknown>>): AssistanceSettingsValue {
  const d = ASSISTANCE_SETTING_DEFAULTS;
  const L = ASSISTANCE_SETTING_LIMITS;
  const limits = stored.pairingLimits as Partial<Record<CadreRankCode, unknown>> | undefined;
  const pairingLimits = Object.fromEntries(
    CadreRank.values.map((rank) => {
      const v = typeof limits === 'object' && limits !== null ? limits[rank] : undefined;
      return [rank, isWhole(v, L.pairingLimit.min, L.pairingLimit.max) ? v : d.pairingLimits[rank]];
    }),
  ) as Record<CadreRankCode, number>;
  const table = Array.isArray(stored.absenceConsequences)
    ? (stored.absenceConsequences as unknown[]).filter(
        (r): r is AbsenceConsequence => typeof r === 'object' && r !== null && isWhole((r as AbsenceConsequence).times, L.absenceTimes.min, L.absenceTimes.max) && typeof (r as AbsenceConsequence).consequence === 'string',
      )
    : null;
  return {
    minDaysInVillage: isWhole(stored.minDaysInVillage, L.minDaysInVillage.min, L.minDaysInVillage.max) ? stored.minDaysInVillage : d.minDaysInVillage,
    leaveTownshipMaxDays: isWhole(stored.leaveTownshipMaxDays, L.leaveTownshipMaxDays.min, L.leaveTownshipMaxDays.max) ? stored.leaveTownshipMaxDays : d.leaveTownshipMaxDays,
    termYears: isWhole(stored.termYears, L.termYears.min, L.termYears.max) ? stored.termYears : d.termYears,
    pairingLimits,
    absenceConsequences: table !== null && consequenceTableProblem(table) === null ? table : d.absenceConsequences,
  };
}

// ---- Periods ---------------------------------------------------------------------------------------------

export interface Period {
  start: IsoDay;
  /** null: still running. */
  end: IsoDay | null;
}

const OPEN_END = '9999-12-31';

/** Whether two inclusive periods share a day. */
export function periodsOverlap(a: Period, b: Period): boolean {
  return a.start <= (b.end ?? OPEN_END) && b.start <= (a.end ?? OPEN_END);
}

/** Whether `day` falls in the period. */
export function periodCovers(p: Period, day: IsoDay): boolean {
  return p.start <= day && day <= (p.end ?? OPEN_END);
}

/** An end before its start: the sentence, or null. */
export function periodOrderProblem(p: Period, startLabel: string, endLabel: string): string | null {
  return p.end !== null && p.end < p.start ? `${endLabel}（${p.end}）早于${startLabel}（${p.start}），请检查日期` : null;
}

/** "2024-03-01 至 2026-02-28" / "2024-03-01 起" for messages. */
export function periodText(p: Period): string {
  return p.end === null ? `${p.start} 起` : `${p.start} 至 ${p.end}`;
}

/** The first of `others` sharing a day with `candidate` (its own row left out by id), or undefined. */
export function firstOverlap<T extends { id: number; period: Period }>(candidate: { id: number | null; period: Period }, others: readonly T[]): T | undefined {
  return others.find((o) => o.id !== candidate.id && periodsOverlap(o.period, candidate.period));
}

// ---- 任期 and 轮换 ------------------------------------------------------------------------------------------

/** The usual term end: `years` after the start, the day before (2024-03-01 → 2026-02-28 for two years). */
export function defaultTermEnd(start: IsoDay, years: number): IsoDay {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const day = Math.min(d, daysInMonth(y + years, m));
  return addDays(`${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`, -1);
}

/** 任期已满: still 在岗 after the term's last day (the office should rotate or extend). */
export function termExpired(status: MemberStatus, termEnd: IsoDay | null, today: IsoDay): boolean {
  return status === 'onDuty' && termEnd !== null && termEnd < today;
}

/** The last day of the outgoing member's 任期 when the change (轮换 or 召回) takes effect on `date`. */
export function termEndOnLeaving(date: IsoDay): IsoDay {
  return addDays(date, -1);
}

/** Why a member cannot leave post on `date`, or null: only a member 在岗 leaves, after the first day of the term. */
export function leavingProblem(member: { name: string; status: MemberStatus; termStart: IsoDay }, date: IsoDay, what: '轮换' | '召回'): string | null {
  if (member.status !== 'onDuty') return `${member.name}已不在岗，不能再${what}；请刷新后查看其在岗状态`;
  // A date after the planned term end is accepted: the member stayed until replaced, and the term then ends the day before.
  if (date <= member.termStart) return `${what}日期（${date}）应晚于${member.name}的任期开始日期（${member.termStart}）：${what}当天起该队员不再在岗，请检查日期`;
  return null;
}

/** Roles a team holds one of at a time. */
export const SINGLE_ROLES: readonly TeamRoleCode[] = ['firstSecretary', 'leader'];

/**
 * One 第一书记 and one 队长 per team at a time: the sentence naming the member whose term overlaps, or null.
 * `others` are the team's members (the candidate's own row left out by id).
 */
export function roleClashProblem(
  candidate: { id: number | null; role: TeamRoleCode; period: Period },
  others: ReadonlyArray<{ id: number; name: string; role: TeamRoleCode; period: Period }>,
): string | null {
  if (!SINGLE_ROLES.includes(candidate.role)) return null;
  const clash = firstOverlap(candidate, others.filter((o) => o.role === candidate.role));
  if (!clash) return null;
  const role = TeamRole.label[candidate.role];
  return `一个驻村工作队同一时间只能有一名${role}：${clash.name}任${role}（${periodText(clash.period)}），与这段任期重叠。接替请用“轮换”，或先修改${clash.name}的任期`;
}

/** A member's term must lie within the team's 派驻 period: the sentence, or null. */
export function termOutsideTeamProblem(term: Period, team: Period): string | null {
  if (term.start < team.start) return `任期开始日期（${term.start}）早于工作队派驻开始日期（${team.start}），请检查日期`;
  if (team.end !== null && (term.end === null || term.end > team.end)) {
    return `任期结束日期（${term.end ?? '未填'}）晚于工作队派驻结束日期（${team.end}），请检查日期`;
  }
  return null;
}

// ---- 在岗 and 考勤 ----------------------------------------------------------------------------------------

export function monthFirstDay(month: IsoMonth): IsoDay {
  return `${month}-01`;
}

export function monthLastDay(month: IsoMonth): IsoDay {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

/** Days of `month` inside the term (0 when the term does not touch the month). */
export function termDaysInMonth(month: IsoMonth, term: Period): number {
  const first = monthFirstDay(month);
  const last = monthLastDay(month);
  const from = term.start > first ? term.start : first;
  const to = term.end !== null && term.end < last ? term.end : last;
  if (to < from) return 0;
  return Number(to.slice(8, 10)) - Number(from.slice(8, 10)) + 1;
}

/** Days the 在岗 rule asks of a member in `month`: N for a whole month, N pro rata (rounded up) for a part; null outside the term. */
export function requiredDaysInMonth(month: IsoMonth, term: Period, minDays: number): number | null {
  const inTerm = termDaysInMonth(month, term);
  if (inTerm === 0) return null;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const all = daysInMonth(y, m);
  return inTerm === all ? minDays : Math.ceil((minDays * inTerm) / all);
}

/** Under the rule: days entered and fewer than asked. A month without an entry is not judged (missing is not absent). */
export function belowDaysRule(days: number | null, required: number | null): boolean {
  return days !== null && required !== null && days < required;
}

/** The days entered for a member-month: the sentence when they cannot be, or null. */
export function attendanceProblem(month: IsoMonth, days: number, term: Period, currentMonth: IsoMonth): string | null {
  if (!isValidIsoMonth(month)) return `月份“${month}”不对，请按 2024-03 的格式填写`;
  if (month > currentMonth) return `${month} 还没有到，不能登记这个月的考勤`;
  const inTerm = termDaysInMonth(month, term);
  if (inTerm === 0) return `${month} 不在该队员的任期（${periodText(term)}）内，请检查月份`;
  if (!Number.isInteger(days) || days < 0) return '在村天数应为 0 或正整数';
  if (days > inTerm) return `在村天数 ${days} 天超过了该队员 ${month} 在任期内的天数（${inTerm} 天），请核对`;
  return null;
}

// ---- 请假 ------------------------------------------------------------------------------------------------

/** Calendar days from start to end, both counted. */
export function leaveSpanDays(start: IsoDay, end: IsoDay): number {
  const t = (d: IsoDay) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((t(end) - t(start)) / 86_400_000) + 1;
}

/** A leave's dates and days: the sentence when they do not fit, or null. Days default to the span; fewer (working days) are accepted. */
export function leaveProblem(start: IsoDay, end: IsoDay, days: number, term: Period): string | null {
  if (!isValidIsoDay(start) || !isValidIsoDay(end)) return '请假日期不是有效日期，请按 2024-03-05 的格式填写';
  if (end < start) return `请假结束日期（${end}）早于开始日期（${start}），请检查日期`;
  const span = leaveSpanDays(start, end);
  if (!Number.isInteger(days) || days < 1) return '请假天数应为正整数';
  if (days > span) return `请假天数 ${days} 天多于 ${start} 至 ${end} 的 ${span} 天，请核对`;
  if (!periodCovers(term, start) || !periodCovers(term, end)) return `请假日期不在该队员的任期（${periodText(term)}）内，请检查日期`;
  return null;
}

/** Who approves a leave of `days` days: the 乡镇党委 up to the threshold, the 县委组织部 beyond it. */
export function leaveApprovalLevel(days: number, settings: Pick<AssistanceSettingsValue, 'leaveTownshipMaxDays'>): LeaveLevel {
  return days <= settings.leaveTownshipMaxDays ? 'township' : 'county';
}

/** The approval rule in words, for forms and messages. */
export function leaveApprovalRuleText(settings: Pick<AssistanceSettingsValue, 'leaveTownshipMaxDays'>): string {
  const n = settings.leaveTownshipMaxDays;
  return `请假 ${n} 天以内（含 ${n} 天）由${LeaveApprovalLevel.label.township}审批，超过 ${n} 天由${LeaveApprovalLevel.label.county}审批`;
}

// ---- 抽查 and its consequences --------------------------------------------------------------------------

/** The consequence of `absences` absences on spot checks in a year: the table's row with the most times reached, or null. */
export function absenceConsequence(absences: number, table: readonly AbsenceConsequence[]): AbsenceConsequence | null {
  let found: AbsenceConsequence | null = null;
  for (const row of table) if (absences >= row.times && (found === null || row.times > found.times)) found = row;
  return found;
}

// ---- 结对帮扶 ---------------------------------------------------------------------------------------------

/** Households a 帮扶责任人 of this rank may be paired with at once. */
export function pairingLimit(rank: CadreRankCode, settings: Pick<AssistanceSettingsValue, 'pairingLimits'>): number {
  return settings.pairingLimits[rank];
}

/** Over the limit: more current households than the rank allows (flagged, not refused: an import must not stall on it). */
export function overPairingLimit(current: number, limit: number): boolean {
  return current > limit;
}

/** One 帮扶责任人 per household at a time: the sentence naming the current one, or null. */
export function householdPairedProblem(clash: { cadre: string; period: Period } | undefined, household: string): string | null {
  if (!clash) return null;
  return `${household}户在 ${periodText(clash.period)} 已由${clash.cadre}结对帮扶，一户同一时间只有一名帮扶责任人；更换责任人请先结束原结对`;
}

// ---- 走访 ------------------------------------------------------------------------------------------------

/** A visit is to a household or to a village: the sentence when it names neither, or null. */
export function visitTargetProblem(householdId: number | null, villageId: number | null): string | null {
  return householdId === null && villageId === null ? '请选择走访的农户或村' : null;
}

// ---- 成效 in a report's words ----------------------------------------------------------------------------

/** 万元 as reports write them: whole when whole (1849万元), else to two places without trailing zeros (12.5万元). */
export function wanYuanText(fen: number): string {
  const hundredths = Math.round(fen / 10_000); // 1 万元 = 1 000 000 fen
  const whole = Math.trunc(hundredths / 100);
  const part = Math.abs(hundredths % 100);
  return part === 0 ? `${whole}万元` : `${whole}.${String(part).padStart(2, '0').replace(/0$/, '')}万元`;
}

/** "派出驻村工作队77个，帮助乡村发展产业项目63个，争取资金1849万元" from a unit summary's figures. */
export function outcomeSentence(f: { teams: number; industryProjects: number; fundsFen: number }): string {
  return `派出驻村工作队${f.teams}个，帮助乡村发展产业项目${f.industryProjects}个，争取资金${wanYuanText(f.fundsFen)}`;
}
