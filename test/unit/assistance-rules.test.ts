// shared/assistance/rules.ts: every rule of 帮扶力量 at its edges — the 在岗 days, leave approval levels, the
// consequence table, pairing limits, 任期 and 轮换 — as the form, the import and the services use them.
import { describe, expect, it } from 'vitest';
import {
  absenceConsequence,
  ASSISTANCE_SETTING_DEFAULTS,
  assistanceSettingsOf,
  attendanceProblem,
  belowDaysRule,
  consequenceTableProblem,
  defaultTermEnd,
  firstOverlap,
  householdPairedProblem,
  leaveApprovalLevel,
  leaveApprovalRuleText,
  leaveProblem,
  leaveSpanDays,
  leavingProblem,
  monthLastDay,
  overPairingLimit,
  pairingLimit,
  periodCovers,
  periodOrderProblem,
  periodsOverlap,
  requiredDaysInMonth,
  roleClashProblem,
  termDaysInMonth,
  termEndOnLeaving,
  termExpired,
  termOutsideTeamProblem,
  visitTargetProblem,
} from '../../shared/assistance/rules';

const term = (start: string, end: string | null = null) => ({ start, end });

describe('periods (inclusive days, an open end runs on)', () => {
  it('overlap when they share a day, also an open one', () => {
    expect(periodsOverlap(term('2024-01-01', '2024-06-30'), term('2024-06-30', '2024-12-31'))).toBe(true);
    expect(periodsOverlap(term('2024-01-01', '2024-06-29'), term('2024-06-30', null))).toBe(false);
    expect(periodsOverlap(term('2024-01-01'), term('2030-01-01', '2030-02-01'))).toBe(true);
    expect(periodsOverlap(term('2024-07-01'), term('2024-01-01', '2024-06-30'))).toBe(false);
  });

  it('covers their first and last day', () => {
    expect(periodCovers(term('2024-01-01', '2024-01-31'), '2024-01-31')).toBe(true);
    expect(periodCovers(term('2024-01-01', '2024-01-31'), '2024-02-01')).toBe(false);
    expect(periodCovers(term('2024-01-01'), '2099-01-01')).toBe(true);
  });

  it('refuses an end before its start, accepts the same day', () => {
    expect(periodOrderProblem(term('2024-03-02', '2024-03-01'), '任期开始日期', '任期结束日期')).toBe('任期结束日期（2024-03-01）早于任期开始日期（2024-03-02），请检查日期');
    expect(periodOrderProblem(term('2024-03-01', '2024-03-01'), 'a', 'b')).toBeNull();
    expect(periodOrderProblem(term('2024-03-01'), 'a', 'b')).toBeNull();
  });

  it('finds the first other row sharing a day, never the row itself', () => {
    const rows = [
      { id: 1, period: term('2022-01-01', '2023-12-31') },
      { id: 2, period: term('2024-01-01') },
    ];
    expect(firstOverlap({ id: null, period: term('2024-05-01', '2024-05-31') }, rows)?.id).toBe(2);
    expect(firstOverlap({ id: 2, period: term('2024-05-01') }, rows)).toBeUndefined();
    expect(firstOverlap({ id: null, period: term('2021-01-01', '2021-12-31') }, rows)).toBeUndefined();
  });
});

describe('任期 and 轮换', () => {
  it('a two-year term ends the day before its second anniversary, also from 29 February', () => {
    expect(defaultTermEnd('2024-03-01', 2)).toBe('2026-02-28');
    expect(defaultTermEnd('2024-01-01', 2)).toBe('2025-12-31');
    expect(defaultTermEnd('2024-02-29', 2)).toBe('2026-02-27');
    expect(defaultTermEnd('2023-07-15', 1)).toBe('2024-07-14');
  });

  it('任期已满: 在岗 after the last day only', () => {
    expect(termExpired('onDuty', '2024-06-30', '2024-07-01')).toBe(true);
    expect(termExpired('onDuty', '2024-06-30', '2024-06-30')).toBe(false);
    expect(termExpired('rotated', '2024-06-30', '2025-01-01')).toBe(false);
    expect(termExpired('onDuty', null, '2099-01-01')).toBe(false);
  });

  it('the outgoing term ends the day before the change takes effect', () => {
    expect(termEndOnLeaving('2024-03-01')).toBe('2024-02-29');
    expect(termEndOnLeaving('2025-01-01')).toBe('2024-12-31');
  });

  it('only a member 在岗 leaves, and after the first day of the term (a late replacement is accepted)', () => {
    const m = { name: '张伟', status: 'onDuty' as const, termStart: '2024-01-01' };
    expect(leavingProblem(m, '2024-01-02', '轮换')).toBeNull();
    expect(leavingProblem(m, '2026-03-01', '轮换')).toBeNull();
    expect(leavingProblem(m, '2024-01-01', '轮换')).toMatch(/轮换日期（2024-01-01）应晚于张伟的任期开始日期/);
    expect(leavingProblem({ ...m, status: 'recalled' }, '2024-05-01', '召回')).toBe('张伟已不在岗，不能再召回；请刷新后查看其在岗状态');
  });

  it('one 第一书记 and one 队长 per team at a time; 队员 any number; the handover day belongs to the successor', () => {
    const team = [
      { id: 1, name: '张伟', role: 'firstSecretary' as const, period: term('2022-03-01', '2024-02-29') },
      { id: 2, name: '李强', role: 'leader' as const, period: term('2022-03-01') },
      { id: 3, name: '王芳', role: 'member' as const, period: term('2022-03-01') },
    ];
    expect(roleClashProblem({ id: null, role: 'firstSecretary', period: term('2024-03-01') }, team)).toBeNull();
    expect(roleClashProblem({ id: null, role: 'firstSecretary', period: term('2024-02-29') }, team)).toBe(
      '一个驻村工作队同一时间只能有一名第一书记：张伟任第一书记（2022-03-01 至 2024-02-29），与这段任期重叠。接替请用“轮换”，或先修改张伟的任期',
    );
    expect(roleClashProblem({ id: null, role: 'leader', period: term('2025-01-01') }, team)).toMatch(/只能有一名队长：李强/);
    expect(roleClashProblem({ id: 2, role: 'leader', period: term('2021-01-01') }, team)).toBeNull();
    expect(roleClashProblem({ id: null, role: 'member', period: term('2022-03-01') }, team)).toBeNull();
  });

  it('a term lies within the team’s 派驻 period', () => {
    expect(termOutsideTeamProblem(term('2024-01-01', '2025-12-31'), term('2024-01-01', '2025-12-31'))).toBeNull();
    expect(termOutsideTeamProblem(term('2023-12-31', '2025-12-31'), term('2024-01-01'))).toMatch(/早于工作队派驻开始日期/);
    expect(termOutsideTeamProblem(term('2024-01-01', '2026-01-01'), term('2024-01-01', '2025-12-31'))).toMatch(/晚于工作队派驻结束日期/);
    expect(termOutsideTeamProblem(term('2024-01-01'), term('2024-01-01', '2025-12-31'))).toMatch(/未填/);
  });
});

describe('在岗: at least N days a month in the village', () => {
  it('asks N of a whole month and N pro rata, rounded up, of a month the term covers in part', () => {
    expect(requiredDaysInMonth('2024-03', term('2024-01-01'), 20)).toBe(20);
    expect(requiredDaysInMonth('2024-04', term('2024-04-16'), 20)).toBe(10); // 15 of 30 days
    expect(requiredDaysInMonth('2024-04', term('2024-04-17'), 20)).toBe(10); // 14 of 30 → 9.33 → 10
    expect(requiredDaysInMonth('2024-02', term('2023-01-01', '2024-02-10'), 20)).toBe(7); // 10 of 29 → 6.9 → 7
    expect(requiredDaysInMonth('2024-05', term('2024-01-01', '2024-04-30'), 20)).toBeNull();
    expect(requiredDaysInMonth('2024-03', term('2024-01-01'), 22)).toBe(22);
  });

  it('counts the term’s days in a month', () => {
    expect(termDaysInMonth('2024-02', term('2024-01-01'))).toBe(29);
    expect(termDaysInMonth('2023-02', term('2023-02-28'))).toBe(1);
    expect(termDaysInMonth('2024-03', term('2024-03-10', '2024-03-12'))).toBe(3);
    expect(termDaysInMonth('2024-03', term('2024-04-01'))).toBe(0);
    expect(monthLastDay('2024-02')).toBe('2024-02-29');
  });

  it('is under the rule below N only, and never judges a month without an entry', () => {
    expect(belowDaysRule(19, 20)).toBe(true);
    expect(belowDaysRule(20, 20)).toBe(false);
    expect(belowDaysRule(null, 20)).toBe(false);
    expect(belowDaysRule(0, null)).toBe(false);
  });

  it('refuses days above the term’s days in the month, a month outside the term or still to come', () => {
    const t = term('2024-04-16', null);
    expect(attendanceProblem('2024-04', 15, t, '2024-05')).toBeNull();
    expect(attendanceProblem('2024-04', 0, t, '2024-05')).toBeNull();
    expect(attendanceProblem('2024-04', 16, t, '2024-05')).toBe('在村天数 16 天超过了该队员 2024-04 在任期内的天数（15 天），请核对');
    expect(attendanceProblem('2024-03', 5, t, '2024-05')).toBe('2024-03 不在该队员的任期（2024-04-16 起）内，请检查月份');
    expect(attendanceProblem('2024-06', 5, t, '2024-05')).toBe('2024-06 还没有到，不能登记这个月的考勤');
    expect(attendanceProblem('2024-05', 5, t, '2024-05')).toBeNull();
    expect(attendanceProblem('2024-13', 5, t, '2025-05')).toMatch(/月份“2024-13”不对/);
    expect(attendanceProblem('2024-05', -1, t, '2024-05')).toBe('在村天数应为 0 或正整数');
  });
});

describe('请假', () => {
  it('counts calendar days, both ends included, across months', () => {
    expect(leaveSpanDays('2024-03-05', '2024-03-05')).toBe(1);
    expect(leaveSpanDays('2024-02-28', '2024-03-01')).toBe(3);
  });

  it('accepts days up to the span inside the term, refuses the rest', () => {
    const t = term('2024-01-01', '2025-12-31');
    expect(leaveProblem('2024-03-04', '2024-03-08', 5, t)).toBeNull();
    expect(leaveProblem('2024-03-04', '2024-03-10', 5, t)).toBeNull(); // working days within a week
    expect(leaveProblem('2024-03-04', '2024-03-08', 6, t)).toBe('请假天数 6 天多于 2024-03-04 至 2024-03-08 的 5 天，请核对');
    expect(leaveProblem('2024-03-08', '2024-03-04', 1, t)).toBe('请假结束日期（2024-03-04）早于开始日期（2024-03-08），请检查日期');
    expect(leaveProblem('2024-03-04', '2024-03-04', 0, t)).toBe('请假天数应为正整数');
    expect(leaveProblem('2025-12-30', '2026-01-02', 4, t)).toMatch(/不在该队员的任期/);
  });

  it('goes to the 乡镇党委 up to the threshold and to the 县委组织部 beyond it', () => {
    const s = { leaveTownshipMaxDays: 3 };
    expect(leaveApprovalLevel(1, s)).toBe('township');
    expect(leaveApprovalLevel(3, s)).toBe('township');
    expect(leaveApprovalLevel(4, s)).toBe('county');
    expect(leaveApprovalLevel(4, { leaveTownshipMaxDays: 5 })).toBe('township');
    expect(leaveApprovalRuleText(s)).toBe('请假 3 天以内（含 3 天）由乡镇党委审批，超过 3 天由县委组织部审批');
  });
});

describe('抽查: the consequence table of repeated absences', () => {
  const table = ASSISTANCE_SETTING_DEFAULTS.absenceConsequences;
  it('gives the row of the most times reached, nothing before the first', () => {
    expect(absenceConsequence(0, table)).toBeNull();
    expect(absenceConsequence(1, table)?.consequence).toBe('年度考核不得评为优秀');
    expect(absenceConsequence(2, table)?.consequence).toBe('年度考核定为基本称职');
    expect(absenceConsequence(3, table)?.consequence).toBe('年度考核定为不称职');
    expect(absenceConsequence(7, table)?.consequence).toBe('年度考核定为不称职');
    expect(absenceConsequence(1, [{ times: 2, consequence: '约谈' }])).toBeNull();
  });

  it('takes a table ordered by times, each once, with words', () => {
    expect(consequenceTableProblem(table)).toBeNull();
    expect(consequenceTableProblem([])).toBeNull();
    expect(consequenceTableProblem([{ times: 2, consequence: '约谈' }, { times: 2, consequence: '通报' }])).toMatch(/2 次排在 2 次之后/);
    expect(consequenceTableProblem([{ times: 1, consequence: ' ' }])).toBe('缺勤 1 次的处理结果为空，请填写（如“年度考核不得评为优秀”）');
  });
});

describe('结对帮扶', () => {
  it('limits each rank by its setting and flags above the limit only', () => {
    const s = { pairingLimits: { countyLeader: 3, sectionLevel: 5, staff: 5 } };
    expect(pairingLimit('countyLeader', s)).toBe(3);
    expect(overPairingLimit(5, pairingLimit('staff', s))).toBe(false);
    expect(overPairingLimit(6, pairingLimit('staff', s))).toBe(true);
  });

  it('one 帮扶责任人 per household at a time', () => {
    expect(householdPairedProblem(undefined, '王大山')).toBeNull();
    expect(householdPairedProblem({ cadre: '刘明', period: term('2024-01-01') }, '王大山')).toBe(
      '王大山户在 2024-01-01 起 已由刘明结对帮扶，一户同一时间只有一名帮扶责任人；更换责任人请先结束原结对',
    );
  });
});

describe('走访 and settings', () => {
  it('a visit names a household or a village', () => {
    expect(visitTargetProblem(null, null)).toBe('请选择走访的农户或村');
    expect(visitTargetProblem(1, null)).toBeNull();
    expect(visitTargetProblem(null, 2)).toBeNull();
  });

  it('reads stored settings, each value out of range replaced by its default', () => {
    expect(assistanceSettingsOf({})).toEqual(ASSISTANCE_SETTING_DEFAULTS);
    const s = assistanceSettingsOf({
      minDaysInVillage: 22,
      leaveTownshipMaxDays: 0,
      termYears: 3,
      pairingLimits: { countyLeader: 10, staff: 'x' },
      absenceConsequences: [{ times: 2, consequence: '约谈' }],
    });
    expect(s).toEqual({
      minDaysInVillage: 22,
      leaveTownshipMaxDays: 3,
      termYears: 3,
      pairingLimits: { countyLeader: 10, sectionLevel: 5, staff: 5 },
      absenceConsequences: [{ times: 2, consequence: '约谈' }],
    });
    expect(assistanceSettingsOf({ absenceConsequences: [{ times: 2, consequence: 'a' }, { times: 1, consequence: 'b' }] }).absenceConsequences).toEqual(
      ASSISTANCE_SETTING_DEFAULTS.absenceConsequences,
    );
  });
});
