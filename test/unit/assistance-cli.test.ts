// `list teams|members|pairings [--township NAME] [--month YYYY-MM] --json` (DESIGN.md's CLI contract, issue 17's
// fields): one JSON object { ok, rows, total }, exit 0; a township or month refused with exit 1 in Chinese. The CLI
// runs on the real clock, so the ledger's dates are laid out from today.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import { importFile } from '../../electron/ledger/imports/service';
import type { MemberDetail, TeamDetail } from '../../shared/api-assistance';
import { localToday } from '../../shared/dates';
import { idNumberCheckDigit } from '../../shared/id-number';
import { channels, setupCounty, type County } from '../helpers/county-fixture';
import { csvText } from '../helpers/import-fixtures';
import { tempLedger, type TempLedger } from '../helpers/ledger';

const idOf = (first17: string) => first17 + idNumberCheckDigit(first17);
const HOUSEHOLD_ID = idOf('63212319600101011');

const today = localToday(new Date());
const year = Number(today.slice(0, 4));
const [y, m] = today.split('-').map(Number) as [number, number];
/** The month before this one: its 考勤 can be entered. */
const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;

let ledger: TempLedger;
let c: County;
beforeEach(async () => {
  ledger = tempLedger();
  c = await setupCounty(ledger);
  const { ok } = channels(ledger);
  const unit = await ok<{ id: number }>('assistanceUnits.create', { name: '市农业农村局', kind: 'department', level: 'city' });
  const team = await ok<TeamDetail>('teams.create', { villageId: c.qianjin.id, unitId: unit.id, startDate: `${year - 1}-01-01` });
  const secretary = await ok<MemberDetail>('members.create', { teamId: team.id, name: '张伟', idNumber: idOf('63212319850302001'), employer: '市农业农村局', role: 'firstSecretary', termStart: `${year - 1}-01-01` });
  const member = await ok<MemberDetail>('members.create', { teamId: team.id, name: '赵敏', employer: '县农业农村局', role: 'member', termStart: `${year - 1}-01-01` });
  await ok('attendance.set', { memberId: secretary.id, month: lastMonth, daysInVillage: 22 });
  await ok('attendance.set', { memberId: member.id, month: lastMonth, daysInVillage: 15 });
  const file = path.join(ledger.dir, '受益户.csv');
  fs.writeFileSync(file, csvText([['户主姓名', '身份证号码', '家庭人口', '户类型', '乡镇', '村'], ['王大山', HOUSEHOLD_ID, 3, '脱贫户', '桦树镇', '前进村']]));
  await importFile(ledger, { path: file, kind: 'households' });
  const householdId = Number((await channels(ledger).ok<{ households: Array<{ id: number }> }>('pairings.flags', {})).households[0]?.id);
  const cadre = await ok<{ id: number }>('cadres.create', { name: '刘明', employer: '县农业农村局', rank: 'staff' });
  await ok('pairings.create', { cadreId: cadre.id, householdId, startDate: `${year - 1}-03-01` });
});
afterEach(() => ledger.dispose());

async function listJson(...args: string[]): Promise<{ exitCode: number; body: { ok: boolean; rows: Array<Record<string, unknown>>; total: number; error?: { code: string; message: string } } }> {
  const res = await runCli(['list', ...args, '--db', ledger.dbFile, '--json']);
  return { exitCode: res.exitCode, body: JSON.parse(res.stdout) };
}

describe('CLI list teams|members|pairings', () => {
  it('lists teams with village, township, unit, leader and member count, by township', async () => {
    const { exitCode, body } = await listJson('teams');
    expect(exitCode).toBe(0);
    expect(body).toMatchObject({ ok: true, total: 1 });
    expect(body.rows[0]).toMatchObject({ village: '前进村', township: '桦树镇', unit: '市农业农村局', leader: '张伟', members: 2 });
    expect((await listJson('teams', '--township', '桦树')).body.total).toBe(1);
    expect((await listJson('teams', '--township', '南山乡')).body.rows).toEqual([]);
    const unknown = await listJson('teams', '--township', '不存在镇');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.body.error?.message).toMatch(/不存在镇/);
  });

  it('lists members with role, unit, term, status and the month’s days against the rule', async () => {
    const { exitCode, body } = await listJson('members', '--month', lastMonth);
    expect(exitCode).toBe(0);
    expect(body.rows.map((r) => [r.name, r.role, r.unit, r.termStart, r.termEnd, r.status, r.daysInVillage, r.belowRule])).toEqual([
      ['张伟', '第一书记', '市农业农村局', `${year - 1}-01-01`, `${year}-12-31`, '在岗', 22, false],
      ['赵敏', '队员', '县农业农村局', `${year - 1}-01-01`, `${year}-12-31`, '在岗', 15, true],
    ]);
    // Without --month: this month, nothing entered yet, nobody judged.
    const now = (await listJson('members')).body;
    expect(now.rows.map((r) => [r.month, r.daysInVillage, r.belowRule])).toEqual([
      [today.slice(0, 7), null, false],
      [today.slice(0, 7), null, false],
    ]);
    const bad = await listJson('members', '--month', '2024-13');
    expect(bad.exitCode).toBe(1);
    expect(bad.body.error?.message).toMatch(/月份不对/);
  });

  it('lists pairings with cadre, unit, household, its masked ID number and since', async () => {
    const res = await runCli(['list', 'pairings', '--db', ledger.dbFile, '--json']);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).not.toContain(HOUSEHOLD_ID);
    const body = JSON.parse(res.stdout) as { rows: Array<Record<string, unknown>> };
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({ cadre: '刘明', unit: '县农业农村局', household: '王大山', idNumber: `632123********${HOUSEHOLD_ID.slice(-4)}`, since: `${year - 1}-03-01` });
    // A month before the pairing began: none running then.
    expect((await listJson('pairings', '--month', `${year - 1}-02`)).body.rows).toEqual([]);
    const human = await runCli(['list', 'pairings', '--db', ledger.dbFile]);
    expect(human.stdout.split('\n')[0]).toBe('帮扶责任人\t工作单位\t结对户\t身份证号\t结对日期');
  });

  it('names the new kinds when the kind is unknown (exit 2)', async () => {
    const res = await runCli(['list', 'cadres', '--db', ledger.dbFile, '--json']);
    expect(res.exitCode).toBe(2);
    expect(JSON.parse(res.stdout).error.message).toContain('teams、members、pairings');
  });
});
