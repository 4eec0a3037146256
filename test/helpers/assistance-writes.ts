// Every write channel of 帮扶力量 once or more, in the order a clerk would meet them, through the caller's checked
// `call` (the audit test's, or the assistance suite's): settings, 帮扶单位 and 包联, 县级领导, 成效, a team with its
// 第一书记, 轮换 and 召回, 考勤, 请假, 抽查, 结对 and 走访. Dates lie in the first half of 2026 (before both suites'
// clocks). The households come from a 受益户 import of the file it writes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importFile } from '../../electron/ledger/imports/service';
import type { ServiceContext } from '../../electron/platform/context';
import type { Channel } from '../../shared/api';
import { idNumberCheckDigit } from '../../shared/id-number';
import { csvText } from './import-fixtures';

type Call = <T>(channel: Channel, input?: unknown) => Promise<T>;

interface Versioned {
  id: number;
  version: number;
}

export interface AssistancePlaces {
  /** 桦树镇 of the county fixture, and two of its villages. */
  townshipId: number;
  townshipName: string;
  villageId: number;
  villageName: string;
  otherVillageId: number;
  projectId: number;
}

const idOf = (first17: string) => first17 + idNumberCheckDigit(first17);

export async function writeEveryAssistanceKind(call: Call, ledger: ServiceContext, p: AssistancePlaces): Promise<void> {
  await call('assistanceSettings.update', { minDaysInVillage: 22, pairingLimits: { staff: 3 }, absenceConsequences: [{ times: 1, consequence: '年度考核不得评为优秀' }] });

  // 帮扶单位, 包联, 县级领导.
  const unit = await call<Versioned>('assistanceUnits.create', { name: '市住房和城乡建设局', kind: 'department', level: 'city' });
  await call('assistanceUnits.update', { id: unit.id, version: unit.version, contactPerson: '何科长' });
  const spare = await call<Versioned>('assistanceUnits.create', { name: '误建的帮扶单位', kind: 'enterprise', level: 'county' });
  await call('assistanceUnits.delete', { id: spare.id, reason: '重复登记' });
  const link = await call<Versioned>('villageLinks.create', { unitId: unit.id, villageId: p.villageId, startDate: '2026-01-01' });
  const linked = await call<Versioned>('villageLinks.update', { id: link.id, version: link.version, remark: '帮扶协议已签订' });
  await call('villageLinks.end', { id: link.id, version: linked.version, endDate: '2026-06-30', reason: '帮扶任务调整' });
  const leader = await call<Versioned>('townshipLeaders.create', { name: '周县长', post: '副县长', townshipId: p.townshipId, startDate: '2026-01-01' });
  const led = await call<Versioned>('townshipLeaders.update', { id: leader.id, version: leader.version, phone: '13800000001' });
  await call('townshipLeaders.end', { id: leader.id, version: led.version, endDate: '2026-06-30', reason: '分工调整' });

  // 成效.
  const helped = await call<Versioned>('unitProjects.set', { unitId: unit.id, projectId: p.projectId, role: 'brought' });
  await call('unitProjects.set', { unitId: unit.id, projectId: p.projectId, role: 'helped' });
  await call('unitProjects.remove', { id: helped.id });
  const fund = await call<Versioned>('unitFunds.create', { unitId: unit.id, date: '2026-03-01', amountFen: 50_000_000, source: '省住建厅危房改造补助' });
  await call('unitFunds.update', { id: fund.id, version: fund.version, amountFen: 60_000_000 });
  await call('unitFunds.delete', { id: fund.id, reason: '重复统计' });
  const deed = await call<Versioned>('unitDeeds.create', { unitId: unit.id, date: '2026-04-01', villageId: p.villageId, description: '为村卫生室添置设备' });
  await call('unitDeeds.update', { id: deed.id, version: deed.version, description: '为村卫生室添置诊疗设备' });
  await call('unitDeeds.delete', { id: deed.id, reason: '误录' });

  // 驻村工作队: a team, its 第一书记 rotated, the successor recalled, the team ended.
  const team = await call<Versioned>('teams.create', { villageId: p.otherVillageId, unitId: unit.id, startDate: '2026-01-01' });
  const renamed = await call<Versioned>('teams.update', { id: team.id, version: team.version, remark: '第一批' });
  const secretary = await call<Versioned>('members.create', {
    teamId: team.id,
    name: '孙立',
    gender: 'male',
    idNumber: idOf('63212319880808001'),
    role: 'firstSecretary',
    termStart: '2026-01-01',
  });
  const edited = await call<Versioned>('members.update', { id: secretary.id, version: secretary.version, phone: '13600000000' });
  await call('attendance.set', { memberId: secretary.id, month: '2026-02', daysInVillage: 18 });
  const febRow = await call<{ version: number }>('attendance.set', { memberId: secretary.id, month: '2026-03', daysInVillage: 20 });
  await call('attendance.set', { memberId: secretary.id, month: '2026-03', daysInVillage: 23, version: febRow.version });
  const leave = await call<Versioned>('leaves.create', { memberId: secretary.id, startDate: '2026-03-09', endDate: '2026-03-10', reason: '家中有事' });
  await call('leaves.update', { id: leave.id, version: leave.version, approver: '桦树镇党委' });
  await call('leaves.delete', { id: leave.id, reason: '登记错误' });
  const check = await call<Versioned>('spotChecks.create', { memberId: secretary.id, date: '2026-03-18', checkedBy: '县委组织部', present: false });
  await call('spotChecks.update', { id: check.id, version: check.version, remark: '电话未接通' });
  await call('spotChecks.delete', { id: check.id, reason: '重复登记' });
  const rotated = await call<{ successor: Versioned }>('members.rotate', { id: secretary.id, version: edited.version, date: '2026-04-01', reason: '回原单位', successor: { name: '钱进', gender: 'male' } });
  await call('members.recall', { id: rotated.successor.id, version: rotated.successor.version, date: '2026-05-01', reason: '身体原因' });
  await call('teams.end', { id: team.id, version: renamed.version, endDate: '2026-06-30', reason: '派驻期满' });

  // 结对帮扶 and 走访 (a household from the 受益户 import).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assistance-writes-'));
  try {
    const file = path.join(dir, '受益户.csv');
    fs.writeFileSync(file, csvText([['户主姓名', '身份证号码', '家庭人口', '户类型', '乡镇', '村'], ['吴老汉', idOf('63212319550505005'), 2, '脱贫户', p.townshipName, p.villageName]]));
    await importFile(ledger, { path: file, kind: 'households' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const households = await call<{ households: Array<{ id: number; headName: string }> }>('pairings.flags', {});
  const household = households.households.find((h) => h.headName === '吴老汉');
  if (!household) throw new Error('the imported household is not flagged as without a 责任人');
  const cadre = await call<Versioned>('cadres.create', { name: '郑敏', employer: '县住建局', rank: 'staff' });
  await call('cadres.update', { id: cadre.id, version: cadre.version, post: '科员' });
  const pairing = await call<{ pairing: Versioned }>('pairings.create', { cadreId: cadre.id, householdId: household.id, startDate: '2026-02-01' });
  await call('pairings.end', { id: pairing.pairing.id, version: pairing.pairing.version, endDate: '2026-06-30', reason: '工作调动' });
  const visit = await call<Versioned>('visits.create', { date: '2026-03-05', visitor: '郑敏', cadreId: cadre.id, householdId: household.id, content: '宣讲防返贫监测政策' });
  await call('visits.update', { id: visit.id, version: visit.version, content: '宣讲防返贫监测政策，登记务工意愿' });
  await call('visits.delete', { id: visit.id, reason: '重复录入' });
}
