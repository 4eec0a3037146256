// 帮扶力量 through its channels, on both engines (vitest.config.ts SERVICE_SUITES_ON_BOTH): 帮扶单位 and 包联,
// 县级领导, 驻村工作队 and members with 轮换 and 召回, 考勤 against the 在岗 rule, leave approval levels, 抽查 and the
// consequence table, 结对帮扶 with its limit and flags, 走访 with photos, 成效 and its summary sentence, 首页's figures.
// Every write leaves audit rows; a stale version is refused; a refusal writes nothing and says why in Chinese.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/ledger/imports/service';
import { api as contract, type AttachmentRow, type Channel, type ProjectDetail } from '../../shared/api';
import type {
  AssistanceDashboard,
  AssistanceSettingsValue,
  AssistanceSummary,
  AssistanceUnitDetail,
  AttendanceRow,
  CadreRow,
  LeaveRow,
  MemberDetail,
  MemberRow,
  PairingFlags,
  PairingRow,
  PairingWriteResult,
  SpotCheckRow,
  TeamDetail,
  TeamRow,
  TownshipLeaderRow,
  VillageLinkRow,
  VisitRow,
} from '../../shared/api-assistance';
import { assistanceChannels } from '../../shared/api-assistance';
import { idNumberCheckDigit } from '../../shared/id-number';
import { bankable, channels, setupCounty, tablesSnapshot, type County } from '../helpers/county-fixture';
import { csvText } from '../helpers/import-fixtures';
import { writeEveryAssistanceKind } from '../helpers/assistance-writes';
import { samplePng } from '../helpers/supervision-fixture';
import { lastAudit as lastAuditOf, testLedger, type TestLedger } from '../helpers/test-ledger';

/** 2024-06-15 in the office: this month is 2024-06. */
const NOW = () => new Date('2024-06-15T10:00:00+08:00');
const idOf = (first17: string) => first17 + idNumberCheckDigit(first17);
const ZHANG_ID = idOf('63212319850302001');
const LI_ID = idOf('63212319900715002');

const TABLES = [
  'assistance_units',
  'village_links',
  'township_leaders',
  'work_teams',
  'team_members',
  'member_rotations',
  'member_attendance',
  'member_leaves',
  'spot_checks',
  'assistance_cadres',
  'pairings',
  'assistance_visits',
  'unit_projects',
  'unit_funds',
  'unit_deeds',
  'settings',
  'audit_log',
];

let ledger: TestLedger;
let c: County;

beforeEach(async () => {
  ledger = await testLedger({ now: NOW });
  c = await setupCounty(ledger);
});
afterEach(() => ledger.dispose());

const base = () => channels(ledger);

/** A channel answered; a write of the area is checked to have left audit rows. */
async function ok<T>(channel: Channel, input?: unknown): Promise<T> {
  const before = Number((await ledger.sql.value('select coalesce(max(id), 0) from audit_log')) ?? 0);
  const value = await base().ok<T>(channel, input);
  if (channel in assistanceChannels && contract[channel].effect === 'write') {
    const after = Number((await ledger.sql.value('select coalesce(max(id), 0) from audit_log')) ?? 0);
    expect(after, `${channel} left no audit row`).toBeGreaterThan(before);
  }
  return value;
}

/** Refused in Chinese, with nothing written. */
async function refused(channel: Channel, input: unknown): Promise<{ code: string; message: string; field?: string }> {
  const before = await tablesSnapshot(ledger, TABLES);
  const error = await base().refused(channel, input);
  expect(await tablesSnapshot(ledger, TABLES)).toBe(before);
  return error;
}

const lastAudit = () => lastAuditOf(ledger);

async function unit(name = '市农业农村局', overrides: Record<string, unknown> = {}): Promise<AssistanceUnitDetail> {
  return ok<AssistanceUnitDetail>('assistanceUnits.create', { name, kind: 'department', level: 'city', ...overrides });
}

async function teamWithSecretary(): Promise<{ team: TeamDetail; secretary: MemberDetail }> {
  const u = await unit();
  const team = await ok<TeamDetail>('teams.create', { villageId: c.qianjin.id, unitId: u.id, startDate: '2023-03-01' });
  const secretary = await ok<MemberDetail>('members.create', {
    teamId: team.id,
    name: '张伟',
    gender: 'male',
    idNumber: ZHANG_ID,
    employer: '市农业农村局',
    post: '四级主任科员',
    politicalStatus: 'partyMember',
    phone: '13900000001',
    role: 'firstSecretary',
    termStart: '2023-03-01',
  });
  return { team, secretary };
}

async function importHouseholds(rows: Array<[string, string, string, string]>): Promise<number[]> {
  const file = path.join(ledger.dir, '受益户.csv');
  fs.writeFileSync(file, csvText([['户主姓名', '身份证号码', '家庭人口', '户类型', '乡镇', '村'], ...rows.map(([name, id, township, village]) => [name, id, 3, '脱贫户', township, village])]));
  const result = await importFile(ledger, { path: file, kind: 'households' });
  expect(result.errors).toEqual([]);
  return ledger.sql.column<number>('select id from households order by id');
}

describe('帮扶单位, 包联 and 县级领导', () => {
  it('keeps units with several per village and the history of their periods; refuses duplicates, overlaps and stale saves', async () => {
    const agri = await unit();
    expect(agri).toMatchObject({ name: '市农业农村局', kindLabel: '部门', levelLabel: '市', villages: [], teams: 0, version: 1 });
    expect(await lastAudit()).toMatchObject({ action: 'create', entity: 'assistanceUnit', entityId: agri.id });
    expect(await refused('assistanceUnits.create', { name: '市农业农村局', kind: 'enterprise', level: 'city' })).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect((await refused('assistanceUnits.create', { name: '青山农商行', kind: 'bank', level: 'county' })).field).toBe('kind');
    const bank = await unit('青山农商银行', { kind: 'enterprise', level: 'county' });

    // Two units help 前进村; one unit cannot hold two overlapping 包联 of it.
    const l1 = await ok<VillageLinkRow>('villageLinks.create', { unitId: agri.id, villageId: c.qianjin.id, startDate: '2021-05-01' });
    await ok('villageLinks.create', { unitId: bank.id, villageId: c.qianjin.id, startDate: '2022-01-01' });
    expect(l1).toMatchObject({ unit: '市农业农村局', village: '前进村', township: '桦树镇', current: true, endDate: null });
    const overlap = await refused('villageLinks.create', { unitId: agri.id, villageId: c.qianjin.id, startDate: '2023-01-01' });
    expect(overlap).toMatchObject({ code: 'CONFLICT', field: 'startDate' });
    expect(overlap.message).toContain('已在 2021-05-01 起 包联前进村');
    expect((await refused('villageLinks.create', { unitId: agri.id, villageId: c.huashu.id, startDate: '2023-01-01' })).message).toBe('“桦树镇”不是村，请重新选择村');
    expect((await refused('villageLinks.create', { unitId: agri.id, villageId: c.xinsang.id, startDate: '2023-01-01', endDate: '2022-12-31' })).field).toBe('endDate');

    // A unit still helping is not deleted; ended, the link stays in the history.
    expect((await refused('assistanceUnits.delete', { id: agri.id, reason: '机构调整' })).message).toContain('还有 1 个包联村');
    const ended = await ok<VillageLinkRow>('villageLinks.end', { id: l1.id, version: l1.version, endDate: '2024-05-31', reason: '帮扶任务调整' });
    expect(ended).toMatchObject({ endDate: '2024-05-31', endReason: '帮扶任务调整', current: false, version: 2 });
    expect(await lastAudit()).toMatchObject({ action: 'end', entity: 'villageLink', reason: '帮扶任务调整' });
    expect((await refused('villageLinks.end', { id: l1.id, version: ended.version, endDate: '2024-06-01', reason: '再次结束' })).message).toContain('已于 2024-05-31 结束');
    const noted = await ok<VillageLinkRow>('villageLinks.update', { id: l1.id, version: ended.version, remark: '帮扶协议已归档' });
    expect(noted).toMatchObject({ remark: '帮扶协议已归档', endDate: '2024-05-31', version: 3 });
    expect((await refused('villageLinks.update', { id: l1.id, version: ended.version, remark: '再改' })).code).toBe('STALE');
    const villages = await ok<VillageLinkRow[]>('villageLinks.list', { villageId: c.qianjin.id });
    expect(villages.map((l) => [l.unit, l.current])).toEqual([
      ['青山农商银行', true],
      ['市农业农村局', false],
    ]);
    expect((await ok<VillageLinkRow[]>('villageLinks.list', { township: '桦树', on: '2024-06-15' })).map((l) => l.unit)).toEqual(['青山农商银行']);
    expect((await ok<AssistanceUnitDetail>('assistanceUnits.get', { id: bank.id })).villages).toEqual(['前进村']);

    // A stale form: the second save of version 1 is refused with who saved it.
    await ok('assistanceUnits.update', { id: agri.id, version: 1, contactPerson: '王科长' });
    const stale = await refused('assistanceUnits.update', { id: agri.id, version: 1, phone: '0971-1234567' });
    expect(stale.code).toBe('STALE');
    expect(stale.message).toContain('这条帮扶单位记录已被');
    await ok('assistanceUnits.delete', { id: agri.id, reason: '机构调整' });
    expect(await lastAudit()).toMatchObject({ action: 'delete', entity: 'assistanceUnit', reason: '机构调整' });
    expect((await ok<Array<{ name: string }>>('assistanceUnits.list', {})).map((u) => u.name)).toEqual(['青山农商银行']);
  });

  it('holds a 县级领导 to one township at a time', async () => {
    const first = await ok<TownshipLeaderRow>('townshipLeaders.create', { name: '李建国', post: '县委常委、副县长', townshipId: c.huashu.id, startDate: '2021-06-01' });
    expect(first).toMatchObject({ township: '桦树镇', current: true });
    const clash = await refused('townshipLeaders.create', { name: '李建国', townshipId: c.nanshan.id, startDate: '2024-01-01' });
    expect(clash.message).toBe('李建国在 2021-06-01 起 联系桦树镇，一名县级领导同一时间联系一个乡镇；请先结束那段联系或调整日期');
    await ok('townshipLeaders.end', { id: first.id, version: first.version, endDate: '2023-12-31', reason: '分工调整' });
    await ok('townshipLeaders.create', { name: '李建国', townshipId: c.nanshan.id, startDate: '2024-01-01' });
    const now = await ok<TownshipLeaderRow[]>('townshipLeaders.list', { on: '2024-06-15' });
    expect(now.map((l) => [l.name, l.township])).toEqual([['李建国', '南山乡']]);
    expect((await ok<TownshipLeaderRow[]>('townshipLeaders.list', { township: '桦树镇' })).map((l) => l.endDate)).toEqual(['2023-12-31']);
    const edited = await ok<TownshipLeaderRow>('townshipLeaders.update', { id: first.id, version: 2, phone: '13800000000' });
    expect(edited.version).toBe(3);
    expect((await refused('townshipLeaders.update', { id: first.id, version: 2, post: '副县长' })).code).toBe('STALE');
    expect((await refused('townshipLeaders.create', { name: '王强', townshipId: c.qianjin.id, startDate: '2024-01-01' })).message).toBe('“前进村”不是乡镇，请重新选择乡镇');
  });
});

describe('驻村工作队 and members', () => {
  it('keeps one team per village at a time, a two-year term by default, the ID masked and checked', async () => {
    const { team, secretary } = await teamWithSecretary();
    expect(secretary).toMatchObject({ role: '第一书记', roleCode: 'firstSecretary', status: '在岗', termStart: '2023-03-01', termEnd: '2025-02-28', unit: '市农业农村局', sentBy: '市农业农村局', village: '前进村', township: '桦树镇' });
    expect(secretary.idNumber).toBe(`632123********${ZHANG_ID.slice(-4)}`);
    expect((await lastAudit()).after).not.toContain(ZHANG_ID);
    expect((await ok<MemberDetail>('members.get', { id: secretary.id, revealId: true })).idNumber).toBe(ZHANG_ID);

    const other = await unit('县交通运输局', { level: 'county' });
    const second = await refused('teams.create', { villageId: c.qianjin.id, unitId: other.id, startDate: '2024-01-01' });
    expect(second.message).toBe('前进村在 2023-03-01 起 已有市农业农村局派驻的工作队，一个村同一时间只有一支驻村工作队；请先结束那支工作队的派驻或调整日期');
    const badId = await refused('members.create', { teamId: team.id, name: '李娜', role: 'member', termStart: '2024-01-01', idNumber: `${ZHANG_ID.slice(0, 17)}${ZHANG_ID.endsWith('1') ? '2' : '1'}` });
    expect(badId).toMatchObject({ field: 'idNumber' });
    expect(badId.message).toMatch(/校验码不对/);
    expect((await refused('members.create', { teamId: team.id, name: '李娜', role: 'member', termStart: '2023-02-01' })).message).toBe('任期开始日期（2023-02-01）早于工作队派驻开始日期（2023-03-01），请检查日期');
    // One 第一书记 at a time; any number of 队员; the same person not in two teams at once.
    const clash = await refused('members.create', { teamId: team.id, name: '李娜', role: 'firstSecretary', termStart: '2024-01-01' });
    expect(clash).toMatchObject({ code: 'CONFLICT', field: 'role' });
    expect(clash.message).toContain('只能有一名第一书记：张伟任第一书记（2023-03-01 至 2025-02-28）');
    await ok('members.create', { teamId: team.id, name: '李娜', gender: 'female', role: 'leader', termStart: '2023-03-01', idNumber: LI_ID });
    const xinsangTeam = await ok<TeamDetail>('teams.create', { villageId: c.xinsang.id, unitId: other.id, startDate: '2023-01-01' });
    expect((await refused('members.create', { teamId: xinsangTeam.id, name: '李娜', role: 'member', termStart: '2024-01-01', idNumber: LI_ID })).message).toContain('一人同一时间只在一支工作队');

    // The team's 派驻 holds its members' terms.
    const late = await refused('teams.update', { id: team.id, version: team.version, startDate: '2023-04-01' });
    expect(late.message).toBe('张伟的任期开始日期（2023-03-01）早于工作队派驻开始日期（2023-04-01），请先调整其任期或派驻日期');
    const renamed = await ok<TeamDetail>('teams.update', { id: team.id, version: team.version, remark: '市派第三批' });
    expect(renamed).toMatchObject({ remark: '市派第三批', version: 2 });
    expect((await refused('teams.update', { id: team.id, version: team.version, remark: '旧表单' })).code).toBe('STALE');
    const teams = await ok<{ rows: TeamRow[]; total: number }>('teams.list', {});
    expect(teams.rows.map((t) => [t.village, t.township, t.unit, t.leader, t.firstSecretary, t.members])).toEqual([
      ['前进村', '桦树镇', '市农业农村局', '李娜', '张伟', 2],
      ['新桑村', '桦树镇', '县交通运输局', null, null, 0],
    ]);
    await ok('members.update', { id: secretary.id, version: 1, phone: '13900000002' });
    expect((await refused('members.update', { id: secretary.id, version: 1, post: '三级主任科员' })).code).toBe('STALE');
  });

  it('轮换 as one audited write: the outgoing term ends the day before, the successor holds the post from the day; 召回 too', async () => {
    const { team, secretary } = await teamWithSecretary();
    const auditBefore = Number(await ledger.sql.value('select max(id) from audit_log'));
    const { outgoing, successor } = await ok<{ outgoing: MemberDetail; successor: MemberDetail }>('members.rotate', {
      id: secretary.id,
      version: secretary.version,
      date: '2024-03-01',
      reason: '任期调整，回原单位任职',
      successor: { name: '王磊', gender: 'male', employer: '市农业农村局', politicalStatus: 'partyMember' },
    });
    expect(outgoing).toMatchObject({ status: '轮换', statusCode: 'rotated', termEnd: '2024-02-29' });
    expect(successor).toMatchObject({ name: '王磊', role: '第一书记', status: '在岗', termStart: '2024-03-01', termEnd: '2026-02-28' });
    const rows = await ledger.sql.all<{ action: string; entity: string; reason: string | null }>('select action, entity, reason from audit_log where id > ? order by id', [auditBefore]);
    expect(rows).toEqual([
      { action: 'rotate', entity: 'teamMember', reason: '任期调整，回原单位任职' },
      { action: 'create', entity: 'teamMember', reason: null },
      { action: 'create', entity: 'memberRotation', reason: null },
    ]);
    const detail = await ok<TeamDetail>('teams.get', { id: team.id });
    expect(detail.rotations.map((r) => [r.member, r.successor, r.date, r.kindLabel, r.reason])).toEqual([['张伟', '王磊', '2024-03-01', '轮换', '任期调整，回原单位任职']]);
    expect(detail.firstSecretary).toBe('王磊');
    // Gone from post: no second 轮换; a 轮换 on the first day of a term is refused.
    expect((await refused('members.rotate', { id: secretary.id, version: outgoing.version, date: '2024-04-01', reason: '再次', successor: { name: '某某' } })).message).toBe(
      '张伟已不在岗，不能再轮换；请刷新后查看其在岗状态',
    );
    expect((await refused('members.recall', { id: successor.id, version: successor.version, date: '2024-03-01', reason: '考核不合格' })).field).toBe('date');
    const recalled = await ok<MemberDetail>('members.recall', { id: successor.id, version: successor.version, date: '2024-06-10', reason: '考核不合格' });
    expect(recalled).toMatchObject({ status: '召回', termEnd: '2024-06-09' });
    expect(await lastAudit()).toMatchObject({ action: 'create', entity: 'memberRotation' });
    expect(recalled.rotations.map((r) => [r.member, r.successor, r.kindLabel])).toEqual([
      ['张伟', '王磊', '轮换'],
      ['王磊', null, '召回'],
    ]);

    // Ending the team rotates whoever is still in post, their term ending on its last day.
    const member = await ok<MemberDetail>('members.create', { teamId: team.id, name: '赵敏', role: 'member', termStart: '2024-01-01' });
    const current = await ok<TeamDetail>('teams.get', { id: team.id });
    const ended = await ok<TeamDetail>('teams.end', { id: team.id, version: current.version, endDate: '2024-06-14', reason: '派驻期满' });
    expect(ended).toMatchObject({ endDate: '2024-06-14', current: false });
    expect((await ok<MemberDetail>('members.get', { id: member.id })).statusCode).toBe('rotated');
    expect((await ok<MemberDetail>('members.get', { id: member.id })).termEnd).toBe('2024-06-14');
    expect(await lastAudit()).toMatchObject({ action: 'end', entity: 'workTeam', reason: '派驻期满' });
    // This month's list still shows the team (its 派驻 touched June), no longer current; July's has none.
    expect((await ok<{ rows: TeamRow[] }>('teams.list', {})).rows.map((t) => [t.current, t.leader, t.members])).toEqual([[false, '王磊', 2]]);
    expect((await ok<{ rows: TeamRow[] }>('teams.list', { month: '2024-07' })).rows).toEqual([]);
    expect((await ok<{ rows: TeamRow[] }>('teams.list', { all: true })).rows.map((t) => t.endReason)).toEqual(['派驻期满']);
  });
});

describe('考勤 against the 在岗 rule, 请假 and 抽查', () => {
  it('flags a member under N days a month, pro rata in a partial month, and follows the setting', async () => {
    const { team, secretary } = await teamWithSecretary();
    const may = await ok<AttendanceRow>('attendance.set', { memberId: secretary.id, month: '2024-05', daysInVillage: 19 });
    expect(may).toMatchObject({ daysInVillage: 19, requiredDays: 20, belowRule: true, version: 1 });
    expect(await lastAudit()).toMatchObject({ action: 'create', entity: 'attendance' });
    // A month entered before is changed at the version read; blind, or stale, it is refused.
    expect((await refused('attendance.set', { memberId: secretary.id, month: '2024-05', daysInVillage: 22 })).field).toBe('version');
    const fixed = await ok<AttendanceRow>('attendance.set', { memberId: secretary.id, month: '2024-05', daysInVillage: 22, version: 1 });
    expect(fixed).toMatchObject({ daysInVillage: 22, belowRule: false, version: 2 });
    expect(JSON.parse(String((await lastAudit()).before))).toMatchObject({ daysInVillage: 19 });
    expect((await refused('attendance.set', { memberId: secretary.id, month: '2024-05', daysInVillage: 21, version: 1 })).code).toBe('STALE');
    expect((await refused('attendance.set', { memberId: secretary.id, month: '2024-07', daysInVillage: 21 })).message).toBe('2024-07 还没有到，不能登记这个月的考勤');
    expect((await refused('attendance.set', { memberId: secretary.id, month: '2024-04', daysInVillage: 31 })).message).toBe('在村天数 31 天超过了该队员 2024-04 在任期内的天数（30 天），请核对');
    expect((await refused('attendance.set', { memberId: secretary.id, month: '2023-02', daysInVillage: 10 })).field).toBe('month');

    // A member starting on 16 April owes 10 of April's 20 days.
    const newcomer = await ok<MemberDetail>('members.create', { teamId: team.id, name: '赵敏', role: 'member', termStart: '2024-04-16' });
    await ok('attendance.set', { memberId: newcomer.id, month: '2024-04', daysInVillage: 9 });
    await ok('attendance.set', { memberId: secretary.id, month: '2024-04', daysInVillage: 20 });
    const april = await ok<{ rows: MemberRow[]; total: number }>('members.list', { month: '2024-04' });
    expect(april.rows.map((r) => [r.name, r.daysInVillage, r.requiredDays, r.belowRule])).toEqual([
      ['张伟', 20, 20, false],
      ['赵敏', 9, 10, true],
    ]);
    expect((await ok<{ rows: MemberRow[] }>('members.list', { month: '2024-04', belowRuleOnly: true })).rows.map((r) => r.name)).toEqual(['赵敏']);
    // A month without an entry is not judged; a month before the term lists no one.
    const june = await ok<{ rows: MemberRow[] }>('members.list', {});
    expect(june.rows.map((r) => [r.month, r.daysInVillage, r.belowRule])).toEqual([
      ['2024-06', null, false],
      ['2024-06', null, false],
    ]);
    expect((await ok<{ rows: MemberRow[]; total: number }>('members.list', { month: '2023-01' })).total).toBe(0);
    expect((await ok<{ rows: MemberRow[]; total: number }>('members.list', { township: '南山乡', month: '2024-04' })).total).toBe(0);

    // N is a setting: at 9 days 赵敏 is no longer under it.
    const settings = await ok<AssistanceSettingsValue>('assistanceSettings.update', { minDaysInVillage: 18 });
    expect(settings.minDaysInVillage).toBe(18);
    expect(await lastAudit()).toMatchObject({ action: 'update', entity: 'settings' });
    expect((await ok<{ rows: MemberRow[] }>('members.list', { month: '2024-04', belowRuleOnly: true })).rows).toEqual([]);
  });

  it('decides who approves a leave by its days, and keeps what was decided when the threshold changes', async () => {
    const { secretary } = await teamWithSecretary();
    const short = await ok<LeaveRow>('leaves.create', { memberId: secretary.id, startDate: '2024-05-06', endDate: '2024-05-08', reason: '家中有事', approver: '桦树镇党委' });
    expect(short).toMatchObject({ days: 3, approvalLevel: 'township', approvalLevelLabel: '乡镇党委' });
    const long = await ok<LeaveRow>('leaves.create', { memberId: secretary.id, startDate: '2024-05-20', endDate: '2024-05-26', days: 5, reason: '病假' });
    expect(long).toMatchObject({ days: 5, approvalLevelLabel: '县委组织部' });
    expect((await refused('leaves.create', { memberId: secretary.id, startDate: '2024-05-08', endDate: '2024-05-09' })).message).toContain('已有请假记录');
    expect((await refused('leaves.create', { memberId: secretary.id, startDate: '2024-06-03', endDate: '2024-06-04', days: 3 })).message).toBe('请假天数 3 天多于 2024-06-03 至 2024-06-04 的 2 天，请核对');
    await ok('assistanceSettings.update', { leaveTownshipMaxDays: 5 });
    expect((await ok<LeaveRow[]>('leaves.list', { memberId: secretary.id })).map((l) => l.approvalLevel)).toEqual(['township', 'county']);
    const moved = await ok<LeaveRow>('leaves.update', { id: long.id, version: long.version, endDate: '2024-05-21' });
    expect(moved).toMatchObject({ days: 2, approvalLevel: 'township' });
    expect((await refused('leaves.update', { id: long.id, version: long.version, reason: '事假' })).code).toBe('STALE');
    await ok('leaves.delete', { id: short.id, reason: '登记错误' });
    expect((await ok<LeaveRow[]>('leaves.list', { memberId: secretary.id })).map((l) => l.id)).toEqual([long.id]);
  });

  it('counts spot-check absences of the year, not those on a day of leave, through the consequence table', async () => {
    const { secretary } = await teamWithSecretary();
    const check = (date: string, present: boolean) => ok<SpotCheckRow>('spotChecks.create', { memberId: secretary.id, date, checkedBy: '县委组织部督查组', present });
    await check('2024-03-12', true);
    const absent = await check('2024-04-09', false);
    expect(absent).toMatchObject({ present: false, member: '张伟', village: '前进村' });
    expect((await ok<MemberRow>('members.get', { id: secretary.id })).consequence).toBe('年度考核不得评为优秀');
    await ok('leaves.create', { memberId: secretary.id, startDate: '2024-05-14', endDate: '2024-05-15', reason: '就医' });
    await check('2024-05-15', false);
    await check('2023-11-20', false); // last year's
    let m = await ok<MemberRow>('members.get', { id: secretary.id });
    expect([m.absences, m.consequence]).toEqual([1, '年度考核不得评为优秀']);
    await check('2024-06-03', false);
    m = await ok<MemberRow>('members.get', { id: secretary.id });
    expect([m.absences, m.consequence]).toEqual([2, '年度考核定为基本称职']);
    expect((await ok<SpotCheckRow[]>('spotChecks.list', { year: 2024, absentOnly: true })).map((s) => s.date)).toEqual(['2024-06-03', '2024-05-15', '2024-04-09']);
    // The table is a setting; a check is of a day of the term that has come.
    await ok('assistanceSettings.update', { absenceConsequences: [{ times: 2, consequence: '约谈提醒' }] });
    expect((await ok<MemberRow>('members.get', { id: secretary.id })).consequence).toBe('约谈提醒');
    expect((await refused('assistanceSettings.update', { absenceConsequences: [{ times: 2, consequence: 'a' }, { times: 1, consequence: 'b' }] })).message).toContain('从少到多');
    expect((await refused('spotChecks.create', { memberId: secretary.id, date: '2024-06-20', checkedBy: '督查组', present: false })).message).toBe('抽查日期 2024-06-20 还没有到，请检查日期');
    expect((await refused('spotChecks.create', { memberId: secretary.id, date: '2023-02-01', checkedBy: '督查组', present: false })).field).toBe('date');
    const corrected = await ok<SpotCheckRow>('spotChecks.update', { id: absent.id, version: absent.version, present: true, remark: '在邻村开会，已核实' });
    expect(corrected).toMatchObject({ present: true, version: 2 });
    expect((await refused('spotChecks.update', { id: absent.id, version: absent.version, remark: 'x' })).code).toBe('STALE');
    await ok('spotChecks.delete', { id: corrected.id, reason: '重复登记' });
    expect((await ok<MemberRow>('members.get', { id: secretary.id })).absences).toBe(1);
  });
});

describe('结对帮扶 and 走访', () => {
  it('pairs households one 责任人 at a time, flags the limit and households without one, masks ID numbers', async () => {
    const ids = await importHouseholds([
      ['王大山', idOf('63212319600101011'), '桦树镇', '前进村'],
      ['刘小河', idOf('63212319650202021'), '桦树镇', '新桑村'],
      ['陈石头', idOf('63212319700303031'), '南山乡', '小河村'],
    ]);
    const [h1, h2, h3] = ids as [number, number, number];
    await ok('assistanceSettings.update', { pairingLimits: { staff: 2 } });
    const cadre = await ok<CadreRow>('cadres.create', { name: '刘明', employer: '县农业农村局', post: '科员', phone: '13700000000', rank: 'staff' });
    expect(cadre).toMatchObject({ rankLabel: '一般干部', households: 0, limit: 2, overLimit: false });
    const first = await ok<PairingWriteResult>('pairings.create', { cadreId: cadre.id, householdId: h1, startDate: '2024-01-01' });
    expect(first.pairing).toMatchObject({ cadre: '刘明', unit: '县农业农村局', household: '王大山', since: '2024-01-01', current: true, township: '桦树镇', village: '前进村' });
    expect(first.pairing.idNumber).toBe(`632123********${idOf('63212319600101011').slice(-4)}`);
    await ok('pairings.create', { cadreId: cadre.id, householdId: h2, startDate: '2024-01-01' });
    const third = await ok<PairingWriteResult>('pairings.create', { cadreId: cadre.id, householdId: h3, startDate: '2024-02-01' });
    expect(third.cadre).toMatchObject({ households: 3, overLimit: true });
    expect(third.warning).toBe('刘明现结对 3 户，超过一般干部每人 2 户的上限（设置中可调整），请核实或调整结对');

    const other = await ok<CadreRow>('cadres.create', { name: '周平', rank: 'sectionLevel' });
    expect((await refused('pairings.create', { cadreId: other.id, householdId: h1, startDate: '2024-03-01' })).message).toBe(
      '王大山户在 2024-01-01 起 已由刘明结对帮扶，一户同一时间只有一名帮扶责任人；更换责任人请先结束原结对',
    );
    let flags = await ok<PairingFlags>('pairings.flags', {});
    expect(flags).toMatchObject({ householdsWithoutCadre: 0, households: [] });
    expect(flags.cadresOverLimit.map((x) => x.name)).toEqual(['刘明']);

    // 更换责任人: the old pairing ends, the household is flagged until the new one starts.
    await ok('pairings.end', { id: first.pairing.id, version: first.pairing.version, endDate: '2024-06-14', reason: '工作调动' });
    expect(await lastAudit()).toMatchObject({ action: 'end', entity: 'pairing', reason: '工作调动' });
    flags = await ok<PairingFlags>('pairings.flags', {});
    expect(flags.householdsWithoutCadre).toBe(1);
    expect(flags.households.map((h) => [h.headName, h.idNumber.includes('*')])).toEqual([['王大山', true]]);
    expect(flags.cadresOverLimit).toEqual([]);
    await ok('pairings.create', { cadreId: other.id, householdId: h1, startDate: '2024-06-15' });
    const list = await ok<{ rows: PairingRow[]; total: number }>('pairings.list', {});
    expect(list.rows.map((p) => [p.household, p.cadre, p.since])).toEqual([
      ['王大山', '周平', '2024-06-15'],
      ['刘小河', '刘明', '2024-01-01'],
      ['陈石头', '刘明', '2024-02-01'],
    ]);
    expect(JSON.stringify(list)).not.toContain(idOf('63212319600101011'));
    expect((await ok<{ total: number }>('pairings.list', { township: '南山乡' })).total).toBe(1);
    expect((await ok<{ total: number }>('pairings.list', { all: true })).total).toBe(4);
    const renamed = await ok<CadreRow>('cadres.update', { id: other.id, version: other.version, post: '副主任科员' });
    expect(renamed.households).toBe(1);
    expect((await refused('cadres.update', { id: other.id, version: other.version, phone: '1' })).code).toBe('STALE');
  });

  it('records visits to a household or a village, with photos as attachments', async () => {
    const [h1] = (await importHouseholds([['王大山', idOf('63212319600101011'), '桦树镇', '前进村']])) as [number];
    const visit = await ok<VisitRow>('visits.create', { date: '2024-06-12', visitor: '刘明', householdId: h1, content: '宣讲小额信贷政策，帮助申请产业奖补' });
    expect(visit).toMatchObject({ household: '王大山', village: '前进村', township: '桦树镇', photos: 0 });
    expect((await refused('visits.create', { date: '2024-06-12', visitor: '刘明', content: '入户' })).message).toBe('请选择走访的农户或村');
    expect((await refused('visits.create', { date: '2024-06-16', visitor: '刘明', villageId: c.qianjin.id, content: '入户' })).field).toBe('date');
    const photo = await ok<AttachmentRow>('attachments.add', { ownerType: 'visit', ownerId: visit.id, name: '入户照片.png', base64: samplePng().toString('base64') });
    expect(photo.ownerType).toBe('visit');
    const village = await ok<VisitRow>('visits.create', { date: '2024-06-10', visitor: '张伟', villageId: c.xiaohe.id, content: '召开村民代表会议' });
    const all = await ok<{ rows: VisitRow[]; total: number }>('visits.list', {});
    expect(all.rows.map((v) => [v.date, v.village, v.photos])).toEqual([
      ['2024-06-12', '前进村', 1],
      ['2024-06-10', '小河村', 0],
    ]);
    expect((await ok<{ total: number }>('visits.list', { township: '南山乡' })).total).toBe(1);
    const edited = await ok<VisitRow>('visits.update', { id: village.id, version: village.version, content: '召开村民代表会议，议定光伏收益分配' });
    expect(edited.version).toBe(2);
    await ok('visits.delete', { id: village.id, reason: '重复录入' });
    expect((await base().refused('attachments.add', { ownerType: 'visit', ownerId: village.id, name: 'a.png', base64: samplePng().toString('base64') })).code).toBe('NOT_FOUND');
  });
});

describe('the records of other areas it names', () => {
  it('keeps a village with a team from deletion, and an import’s households with pairings from 撤销导入', async () => {
    const u = await unit();
    const village = await ok<{ id: number }>('divisions.create', { level: 'village', parentId: c.nanshan.id, code: '632123200201', name: '柳沟村' });
    const team = await ok<TeamDetail>('teams.create', { villageId: village.id, unitId: u.id, startDate: '2024-01-01' });
    await ok('villageLinks.create', { unitId: u.id, villageId: village.id, startDate: '2024-01-01' });
    const kept = await refused('divisions.delete', { id: village.id });
    expect(kept.message).toBe('“柳沟村”下还有1 个驻村工作队、1 条包联记录，不能删除；请先把它们移到别处或删除后再试');
    expect(team.village).toBe('柳沟村');

    const file = path.join(ledger.dir, '受益户.csv');
    fs.writeFileSync(file, csvText([['户主姓名', '身份证号码', '家庭人口', '户类型', '乡镇', '村'], ['王大山', idOf('63212319600101011'), 3, '脱贫户', '桦树镇', '前进村']]));
    const batch = await importFile(ledger, { path: file, kind: 'households' });
    const [household] = await ledger.sql.column<number>('select id from households');
    const cadre = await ok<CadreRow>('cadres.create', { name: '刘明', rank: 'staff' });
    await ok('pairings.create', { cadreId: cadre.id, householdId: household, startDate: '2024-01-01' });
    const preview = await ok<{ blocking: string[] }>('import.undoPreview', { batchId: batch.batchId });
    expect(preview.blocking).toEqual(['1 条结对帮扶记录用到了本批次新增的受益户']);
    expect((await refused('import.undo', { batchId: batch.batchId })).message).toContain('1 条结对帮扶记录用到了本批次新增的受益户');
  });
});

describe('成效 and 首页', () => {
  it('sums what a scope of units did into the report’s sentence', async () => {
    const agri = await unit('市农业农村局');
    const water = await unit('市水利局');
    const county = await unit('县财政局', { level: 'county' });
    await ok('teams.create', { villageId: c.qianjin.id, unitId: agri.id, startDate: '2023-03-01' });
    await ok('teams.create', { villageId: c.xiaohe.id, unitId: water.id, startDate: '2024-01-01' });
    await ok('teams.create', { villageId: c.xinsang.id, unitId: county.id, startDate: '2024-01-01' });
    const industry = await ok<ProjectDetail>('projects.create', bankable(c, { name: '前进村食用菌基地', categoryId: c.type('产业发展'), subcategoryId: c.type('产业发展/生产项目') }));
    const road = await ok<ProjectDetail>('projects.create', bankable(c, { name: '小河村道路硬化' }));
    await ok('unitProjects.set', { unitId: agri.id, projectId: industry.id, role: 'brought' });
    await ok('unitProjects.set', { unitId: water.id, projectId: industry.id, role: 'helped' });
    const linked = await ok<{ id: number; roleLabel: string }>('unitProjects.set', { unitId: water.id, projectId: road.id, role: 'brought' });
    expect(linked.roleLabel).toBe('引进');
    await ok('unitProjects.set', { unitId: water.id, projectId: road.id, role: 'helped', remark: '协调施工' });
    expect(await lastAudit()).toMatchObject({ action: 'update', entity: 'unitProject' });
    await ok('unitFunds.create', { unitId: agri.id, date: '2024-03-10', amountFen: 1_200_000_000, source: '省农业农村厅产业奖补', projectId: industry.id });
    const fund = await ok<{ id: number; version: number }>('unitFunds.create', { unitId: water.id, date: '2024-04-02', amountFen: 649_000_000, source: '市水利局专项' });
    await ok('unitFunds.create', { unitId: county.id, date: '2024-04-02', amountFen: 100_000_000, source: '县级财政' });
    await ok('unitDeeds.create', { unitId: agri.id, date: '2024-02-01', villageId: c.qianjin.id, description: '为村小学捐赠图书 500 册' });
    expect((await refused('unitFunds.create', { unitId: agri.id, date: '2024-03-10', amountFen: 10.5, source: '捐赠' })).field).toBe('amountFen');

    const city = await ok<AssistanceSummary>('assistanceUnits.summary', { level: 'city', kind: 'department' });
    expect(city).toMatchObject({ units: 2, teams: 2, projects: 2, industryProjects: 1, fundsFen: 1_849_000_000, deeds: 1 });
    expect(city.sentence).toBe('派出驻村工作队2个，帮助乡村发展产业项目1个，争取资金1849万元');
    const all = await ok<AssistanceSummary>('assistanceUnits.summary', {});
    expect(all).toMatchObject({ units: 3, teams: 3, fundsFen: 1_949_000_000 });
    expect((await ok<AssistanceSummary>('assistanceUnits.summary', { unitIds: [water.id], year: 2023 })).teams).toBe(0);
    expect((await ok<AssistanceSummary>('assistanceUnits.summary', { unitIds: [water.id], year: 2024 })).sentence).toBe('派出驻村工作队1个，帮助乡村发展产业项目1个，争取资金649万元');

    await ok('unitFunds.update', { id: fund.id, version: fund.version, amountFen: 650_500_000 });
    expect((await ok<AssistanceSummary>('assistanceUnits.summary', { level: 'city' })).sentence).toBe('派出驻村工作队2个，帮助乡村发展产业项目1个，争取资金1850.5万元');
    await ok('unitFunds.delete', { id: fund.id, reason: '与县级重复统计' });
    const detail = await ok<AssistanceUnitDetail>('assistanceUnits.get', { id: water.id });
    expect(detail.funds).toEqual([]);
    expect(detail.projects.map((p) => [p.project, p.roleLabel])).toEqual([
      ['前进村食用菌基地', '帮助实施'],
      ['小河村道路硬化', '帮助实施'],
    ]);
    await ok('unitProjects.remove', { id: linked.id });
    expect(await lastAudit()).toMatchObject({ action: 'delete', entity: 'unitProject' });
    const deed = (await ok<AssistanceUnitDetail>('assistanceUnits.get', { id: agri.id })).deeds[0]!;
    await ok('unitDeeds.update', { id: deed.id, version: deed.version, description: '为村小学捐赠图书 600 册' });
    await ok('unitDeeds.delete', { id: deed.id, reason: '误录' });
    expect((await ok<AssistanceSummary>('assistanceUnits.summary', { unitIds: [agri.id] })).deeds).toBe(0);
  });

  it('gives 首页 its counts: teams, members 在岗, under the rule this month, households without a 责任人', async () => {
    const { team, secretary } = await teamWithSecretary();
    const member = await ok<MemberDetail>('members.create', { teamId: team.id, name: '赵敏', role: 'member', termStart: '2023-03-01', termEnd: '2024-05-31' });
    await ok('attendance.set', { memberId: secretary.id, month: '2024-06', daysInVillage: 12 });
    await ok('spotChecks.create', { memberId: secretary.id, date: '2024-06-05', checkedBy: '督查组', present: false });
    await importHouseholds([
      ['王大山', idOf('63212319600101011'), '桦树镇', '前进村'],
      ['刘小河', idOf('63212319650202021'), '桦树镇', '新桑村'],
    ]);
    const dashboard = await ok<AssistanceDashboard>('assistance.dashboard', {});
    expect(dashboard).toEqual({
      today: '2024-06-15',
      month: '2024-06',
      teams: 1,
      membersOnDuty: 2,
      membersBelowRule: 1,
      membersWithoutAttendance: 0,
      spotCheckAbsences: 1,
      termsExpired: 1,
      householdsWithoutCadre: 2,
      cadresOverLimit: 0,
    });
    // 赵敏's term ended in May: in May she was in, without 考勤.
    const may = await ok<AssistanceDashboard>('assistance.dashboard', { month: '2024-05' });
    expect(may).toMatchObject({ membersBelowRule: 0, membersWithoutAttendance: 2, spotCheckAbsences: 0 });
    expect((await ok<MemberRow>('members.get', { id: member.id })).termExpired).toBe(true);
  });
});

describe('every write channel of 帮扶力量', () => {
  it('leaves its audit rows, run once each through test/helpers/assistance-writes.ts (the audit test runs the same)', async () => {
    const later = await testLedger({ now: () => new Date('2026-11-24T10:00:00+08:00') });
    try {
      const county = await setupCounty(later);
      const project = await channels(later).ok<ProjectDetail>('projects.create', bankable(county));
      const seen = new Set<string>();
      const call = async <T,>(channel: Channel, input?: unknown): Promise<T> => {
        const before = Number((await later.sql.value('select coalesce(max(id), 0) from audit_log')) ?? 0);
        const value = await channels(later).ok<T>(channel, input);
        const rows = await later.sql.all<{ operator: string; at: string; entityId: number | null }>('select operator, at, entity_id as "entityId" from audit_log where id > ? order by id', [before]);
        if (contract[channel].effect === 'write') {
          expect(rows.length, `${channel} left no audit row`).toBeGreaterThan(0);
          for (const row of rows) expect(row.at, channel).toBe('2026-11-24T02:00:00.000Z');
          seen.add(channel);
        } else expect(rows, `${channel} reads but wrote`).toEqual([]);
        return value;
      };
      await writeEveryAssistanceKind(call, later, { townshipId: county.huashu.id, townshipName: '桦树镇', villageId: county.qianjin.id, villageName: '前进村', otherVillageId: county.xinsang.id, projectId: project.id });
      const writes = Object.keys(assistanceChannels).filter((ch) => contract[ch as Channel].effect === 'write');
      expect(writes.filter((ch) => !seen.has(ch))).toEqual([]);
      expect(writes.length).toBeGreaterThan(35);
    } finally {
      await later.dispose();
    }
  });
});
