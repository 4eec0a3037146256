// 帮扶力量's three stores (electron/ledger/assistance/units-store.ts, teams-store.ts, pairings-store.ts) give the same
// answers on both engines: their SQL runs unchanged on a migrated PostgreSQL database, money exact above 2^31 fen,
// counts as numbers, a spot check's presence a boolean, the version guard refusing a stale update.
import { afterAll, describe, expect, it } from 'vitest';
import * as pairings from '../../electron/ledger/assistance/pairings-store';
import * as teams from '../../electron/ledger/assistance/teams-store';
import * as units from '../../electron/ledger/assistance/units-store';
import * as projects from '../../electron/ledger/projects/store';
import { answersOnEveryEngine, type PortLedger } from '../helpers/port-engines';

const NOW = '2026-12-07T02:00:00.000Z';

async function answers(l: PortLedger): Promise<Record<string, unknown>> {
  // 区划, a project of 产业发展 and two households, written through their own stores or plainly.
  const place = await l.port.transaction(async (tx) => {
    const township = await tx.get<{ id: number }>("insert into divisions (code, name, level, created_at, updated_at) values ('632123100000', '桦树镇', 'township', ?, ?) returning id", [NOW, NOW]);
    const townshipId = Number(township?.id);
    const village = async (code: string, name: string) =>
      Number((await tx.get<{ id: number }>("insert into divisions (code, name, level, parent_id, created_at, updated_at) values (?, ?, 'village', ?, ?, ?) returning id", [code, name, townshipId, NOW, NOW]))?.id);
    const qianjin = await village('632123100200', '前进村');
    const xinsang = await village('632123100201', '新桑村');
    const industry = Number(await tx.get<{ id: number }>("select id from project_types where name = '产业发展' and parent_id is null").then((r) => r?.id));
    const project = await projects.insertProject(
      tx,
      {
        year: 2024, code: null, name: '食用菌基地', categoryId: industry, subcategoryId: null, constructionNature: null, townshipId, villageId: qianjin, location: null, content: null,
        plannedStart: null, plannedEnd: null, actualStart: null, actualEnd: null, departmentId: null, implementerId: null, responsiblePerson: null,
        fundCentralFen: 0, fundProvincialFen: 0, fundMunicipalFen: 0, fundCountyFen: 0, fundOtherFen: 0, fundOtherNote: null, financingMethod: null,
        beneficiaryVillages: null, beneficiaryHouseholds: null, beneficiaryPeople: null, povertyHouseholds: null, povertyPeople: null, monitoredHouseholds: null,
        monitoredPeople: null, performanceTarget: null, farmerLinkage: null, farmerLinkageNote: null, publicityStart: null, publicityEnd: null, supervisionPhone: null,
        publicityPlace: null, publicityResult: null, status: 'banked', remark: null,
      },
      { searchInitials: null, importBatchId: null },
      NOW,
    );
    const household = (headName: string, idNumber: string) =>
      projects.insertHousehold(tx, { headName, idNumber, members: 3, householdType: 'lifted', townshipId, villageId: qianjin, remark: null }, null, NOW);
    return { townshipId, qianjin, xinsang, project, h1: await household('王大山', '632123196001010118'), h2: await household('刘小河', '63212319650202021X') };
  });

  // 帮扶单位 and 成效.
  const u = await l.port.transaction(async (tx) => {
    const agri = await units.insertRecord(tx, units.UNITS, { name: '市农业农村局', kind: 'department', level: 'city', contactPerson: null, phone: null, remark: null }, NOW);
    const bank = await units.insertRecord(tx, units.UNITS, { name: '青山农商银行', kind: 'enterprise', level: 'county', contactPerson: '李', phone: null, remark: null }, NOW);
    const link = await units.insertRecord(tx, units.LINKS, { unitId: agri, villageId: place.qianjin, startDate: '2023-01-01', endDate: null, endReason: null, remark: null }, NOW);
    await units.insertRecord(tx, units.LINKS, { unitId: bank, villageId: place.qianjin, startDate: '2022-01-01', endDate: '2023-12-31', endReason: '调整', remark: null }, NOW);
    await units.insertRecord(tx, units.LEADERS, { name: '李建国', post: '副县长', phone: null, townshipId: place.townshipId, startDate: '2021-06-01', endDate: null, endReason: null, remark: null }, NOW);
    await units.insertUnitProject(tx, { unitId: agri, projectId: place.project, role: 'brought', remark: null }, NOW);
    await units.insertRecord(tx, units.FUNDS, { unitId: agri, date: '2024-03-10', amountFen: 3_000_000_000_00, source: '省厅奖补', projectId: place.project, villageId: null, remark: null }, NOW);
    const spare = await units.insertRecord(tx, units.FUNDS, { unitId: agri, date: '2023-05-01', amountFen: 1_00, source: '误录', projectId: null, villageId: null, remark: null }, NOW);
    await units.softDeleteRecord(tx, units.FUNDS, spare, '误录', NOW);
    await units.insertRecord(tx, units.DEEDS, { unitId: agri, date: '2024-02-01', villageId: place.qianjin, description: '捐赠图书' }, NOW);
    return { agri, bank, link };
  });
  const staleUpdate = await l.port.transaction((tx) => units.updateRecord(tx, units.LINKS, u.link, { remark: '旧表单' }, NOW, 7));
  const freshUpdate = await l.port.transaction((tx) => units.updateRecord(tx, units.LINKS, u.link, { remark: '协议已签' }, NOW, 1));

  // 驻村工作队, members, 轮换, 考勤, 请假, 抽查.
  const t = await l.port.transaction(async (tx) => {
    const team = await teams.insertRecord(tx, teams.TEAMS, { villageId: place.qianjin, unitId: u.agri, startDate: '2023-03-01', endDate: null, endReason: null, remark: null }, NOW);
    const member = (name: string, role: teams.MemberFields['role'], termStart: string, termEnd: string | null, status: teams.MemberFields['status'], idNumber: string | null) =>
      teams.insertRecord(tx, teams.MEMBERS, { teamId: team, name, gender: 'male', idNumber, employer: '市农业农村局', post: null, politicalStatus: 'partyMember', phone: null, role, termStart, termEnd, status, remark: null }, NOW);
    const zhang = await member('张伟', 'firstSecretary', '2023-03-01', '2024-02-29', 'rotated', '632123198503020018');
    const wang = await member('王磊', 'firstSecretary', '2024-03-01', '2026-02-28', 'onDuty', null);
    const zhao = await member('赵敏', 'member', '2023-03-01', '2024-05-31', 'onDuty', null);
    await teams.insertRotation(tx, { teamId: team, memberId: zhang, successorId: wang, kind: 'rotated', date: '2024-03-01', reason: '回原单位' }, NOW);
    await teams.insertRecord(tx, teams.ATTENDANCE, { memberId: wang, month: '2024-04', daysInVillage: 19, remark: null }, NOW);
    await teams.insertRecord(tx, teams.LEAVES, { memberId: wang, startDate: '2024-04-10', endDate: '2024-04-12', days: 3, reason: '事假', approvalLevel: 'township', approver: null }, NOW);
    await teams.insertRecord(tx, teams.SPOT_CHECKS, { memberId: wang, date: '2024-04-11', checkedBy: '督查组', present: false, remark: '请假中' }, NOW);
    await teams.insertRecord(tx, teams.SPOT_CHECKS, { memberId: wang, date: '2024-04-20', checkedBy: '督查组', present: false, remark: null }, NOW);
    await teams.insertRecord(tx, teams.SPOT_CHECKS, { memberId: zhao, date: '2024-04-20', checkedBy: '督查组', present: true, remark: null }, NOW);
    return { team, zhang, wang, zhao };
  });
  const april = { first: '2024-04-01', last: '2024-04-30' };

  // 结对 and 走访.
  const p = await l.port.transaction(async (tx) => {
    const cadre = await pairings.insertRecord(tx, pairings.CADRES, { name: '刘明', employer: '县农业农村局', post: null, phone: null, rank: 'staff', remark: null }, NOW);
    await pairings.insertRecord(tx, pairings.PAIRINGS, { cadreId: cadre, householdId: place.h1, startDate: '2024-01-01', endDate: null, endReason: null, remark: null }, NOW);
    await pairings.insertRecord(tx, pairings.PAIRINGS, { cadreId: cadre, householdId: place.h2, startDate: '2023-01-01', endDate: '2023-12-31', endReason: '调动', remark: null }, NOW);
    const visit = await pairings.insertRecord(tx, pairings.VISITS, { date: '2024-04-02', visitor: '刘明', cadreId: cadre, memberId: null, householdId: place.h1, villageId: null, content: '入户' }, NOW);
    await pairings.insertRecord(tx, pairings.VISITS, { date: '2024-04-03', visitor: '王磊', cadreId: null, memberId: t.wang, householdId: null, villageId: place.xinsang, content: '村民大会' }, NOW);
    return { cadre, visit };
  });

  return {
    staleUpdate,
    freshUpdate,
    units: await units.unitRecords(l.port, {}),
    unitsByLevel: await units.unitRecords(l.port, { level: 'county', kind: 'enterprise' }),
    unitsByKeyword: await units.unitRecords(l.port, { keywordPattern: '%农业%' }),
    unitIds: await units.unitIds(l.port, { ids: [u.bank] }),
    unitNamed: await units.unitIdNamed(l.port, '市农业农村局', null),
    links: await units.linkRecords(l.port, {}),
    linksOn: await units.linkRecords(l.port, { townshipId: place.townshipId, on: '2024-06-15' }),
    linkPeriods: await units.linkPeriods(l.port, u.agri, place.qianjin),
    leaders: await units.leaderRecords(l.port, { on: '2024-06-15' }),
    leaderPeriods: await units.leaderPeriods(l.port, '李建国'),
    unitProjects: await units.unitProjectRecords(l.port, u.agri),
    funds: await units.unitFundRecords(l.port, u.agri),
    deeds: await units.unitDeedRecords(l.port, u.agri),
    outcomeAll: await units.outcomeFigures(l.port, [u.agri, u.bank], null, '2024-06-15'),
    outcome2023: await units.outcomeFigures(l.port, [u.agri], 2023, '2023-12-31'),
    villagesOfUnits: [...(await units.currentVillagesOfUnits(l.port, [u.agri, u.bank], '2024-06-15'))],
    team: await teams.teamRecord(l.port, t.team),
    teamPeriods: await teams.teamPeriodsOfVillage(l.port, place.qianjin),
    teamList: await teams.teamListRecords(l.port, { month: april }, april),
    teamsOn: await teams.teamsOn(l.port, '2024-04-15'),
    teamCounts: [...(await teams.teamCountsByUnit(l.port, [u.agri, u.bank], '2024-04-15'))],
    teamsSent: await teams.teamsSentBy(l.port, [u.agri], '2024-01-01', '2024-12-31'),
    members: await teams.membersOfTeam(l.port, t.team),
    memberList: await teams.memberListRecords(l.port, { month: april }, '2024-04'),
    memberOfTeam: await teams.memberListRecords(l.port, { memberId: t.zhang, status: 'rotated' }, '2024-04'),
    termsOfPerson: await teams.termsOfPerson(l.port, '632123198503020018'),
    onDuty: await teams.membersOnDuty(l.port, '2024-06-15'),
    expired: await teams.termsExpiredOn(l.port, '2024-06-15'),
    rotations: await teams.rotationsOfTeam(l.port, t.team),
    rotationsOfWang: await teams.rotationsOfMember(l.port, t.wang),
    attendance: await teams.attendanceOf(l.port, t.wang, '2024-04'),
    leaves: await teams.leaveRecords(l.port, t.wang),
    spotChecks: await teams.spotCheckRecords(l.port, { townshipId: place.townshipId, from: '2024-04-01', to: '2024-04-30' }),
    absentChecks: await teams.spotCheckRecords(l.port, { absentOnly: true }),
    absencesApril: await teams.absencesBetween(l.port, '2024-04-01', '2024-04-30'),
    stored: await teams.storedRecord(l.port, teams.SPOT_CHECKS, 1),
    cadres: await pairings.cadreRecords(l.port, '2024-06-15'),
    cadresByKeyword: await pairings.cadreRecords(l.port, '2024-06-15', '%农业%'),
    pairingCount: await pairings.countPairings(l.port, { on: '2024-06-15' }),
    pairingsAll: await pairings.pairingRecords(l.port, { townshipId: place.townshipId }, 0, 10),
    pairingPeriods: await pairings.pairingPeriodsOfHousehold(l.port, place.h2),
    pairingCounts: await pairings.pairingCountsOn(l.port, '2024-06-15'),
    unpaired: await pairings.countUnpairedHouseholds(l.port, '2024-06-15'),
    unpairedRows: await pairings.unpairedHouseholds(l.port, '2024-06-15', place.townshipId, 0, 10),
    visits: await pairings.visitRecords(l.port, { townshipId: place.townshipId }, 0, 10),
    visit: await pairings.visitRecord(l.port, p.visit),
  };
}

describe('帮扶力量 stores on both engines', () => {
  const opened: PortLedger[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((l) => l.close()));
  });

  it('answer the same on better-sqlite3 and on PostgreSQL', async () => {
    const [fromSqlite, fromPostgres] = (await answersOnEveryEngine(answers, opened)) as [Record<string, unknown>, Record<string, unknown>];
    expect(fromPostgres).toEqual(fromSqlite);
    // And the answers are the ledger's, not two equal mistakes.
    expect([fromSqlite.staleUpdate, fromSqlite.freshUpdate]).toEqual([0, 1]);
    expect(fromSqlite.outcomeAll).toEqual({ villages: 1, projects: 1, industryProjects: 1, fundsFen: 3_000_000_000_00, deeds: 1 });
    expect(fromSqlite.outcome2023).toEqual({ villages: 1, projects: 0, industryProjects: 0, fundsFen: 0, deeds: 0 });
    expect(fromSqlite.teamList).toMatchObject([{ village: '前进村', township: '桦树镇', unit: '市农业农村局', leader: null, firstSecretary: '王磊', members: 2 }]);
    expect((fromSqlite.memberList as teams.MemberListRecord[]).map((m) => [m.name, m.daysInVillage, m.absences])).toEqual([
      ['王磊', 19, 1],
      ['赵敏', null, 0],
    ]);
    expect((fromSqlite.absentChecks as teams.SpotCheckRecord[]).map((s) => s.present)).toEqual([false, false]);
    expect(fromSqlite.absencesApril).toBe(1);
    expect([fromSqlite.onDuty, fromSqlite.expired, fromSqlite.pairingCount, fromSqlite.unpaired]).toEqual([2, 1, 1, 1]);
    expect((fromSqlite.visits as { total: number }).total).toBe(2);
  });
});
