import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChainOnPort } from '../../electron/platform/audited-write';
import { dataPort } from '../../electron/platform/data-port';
import { dispatch } from '../../electron/platform/handlers';
import type { ApiResponse, DivisionRow, UnitRow } from '../../shared/api';
import { tablesSnapshot } from '../helpers/county-fixture';
import { SAMPLE_COUNTY } from '../helpers/ledger';
import { tamperLedger } from '../helpers/tamper';
import { ON_SERVER, testLedger, type TestLedger } from '../helpers/test-ledger';

const CHINESE = /[\u4e00-\u9fff]/;
let ledger: TestLedger;
beforeEach(async () => {
  ledger = await testLedger();
});
afterEach(() => ledger.dispose());

async function ok<T>(channel: string, input?: unknown): Promise<T> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as T;
}
async function refused(channel: string, input?: unknown): Promise<Extract<ApiResponse, { ok: false }>['error']> {
  const res = await dispatch(ledger, channel, input);
  if (res.ok) throw new Error(`${channel} should have been refused`);
  expect(res.error.message).toMatch(CHINESE);
  return res.error;
}
const auditCount = () => ledger.sql.value<number>('select count(*) from audit_log');
const snapshot = () => tablesSnapshot(ledger, ['divisions', 'units', 'audit_log']);
const chain = () => verifyChainOnPort(dataPort(ledger));

async function county(): Promise<DivisionRow> {
  return ok<DivisionRow>('county.setup', SAMPLE_COUNTY);
}

describe('区划', () => {
  it('sets up the county once and records it in 设置', async () => {
    const c = await county();
    expect(c.level).toBe('county');
    expect((await ok<{ countyName: string }>('settings.get')).countyName).toBe('青山县');
    expect((await refused('county.setup', SAMPLE_COUNTY)).code).toBe('CONFLICT');
    expect((await ok<{ isEmpty: boolean }>('dashboard.summary')).isEmpty).toBe(false);
  });

  it('adds townships and villages with checked codes, edits, moves and deletes with checks', async () => {
    const c = await county();
    const suggestion = await ok<{ code: string }>('divisions.suggestCode', { parentId: c.id });
    expect(suggestion.code).toBe('632123100000');
    const huashu = await ok<DivisionRow>('divisions.create', { level: 'township', parentId: c.id, code: suggestion.code, name: '桦树镇' });
    const nanshan = await ok<DivisionRow>('divisions.create', { level: 'township', parentId: c.id, code: '632123200000', name: '南山乡' });
    const vCode = (await ok<{ code: string }>('divisions.suggestCode', { parentId: huashu.id })).code;
    expect(vCode).toBe('632123100200');
    const qianjin = await ok<DivisionRow>('divisions.create', {
      level: 'village',
      parentId: huashu.id,
      code: vCode,
      name: '前进村',
      isPovertyVillage: true,
      exitYear: 2019,
    });
    expect(qianjin.isPovertyVillage).toBe(true);

    // Wrong shapes are refused at the code field, and nothing is written.
    const before = await snapshot();
    const bad = await refused('divisions.create', { level: 'village', parentId: huashu.id, code: '63212310020', name: '向阳村' });
    expect(bad).toMatchObject({ code: 'VALIDATION', field: 'code' });
    expect(bad.message).toMatch(/12 位数字/);
    expect((await refused('divisions.create', { level: 'village', parentId: huashu.id, code: '632123200201', name: '向阳村' })).message).toMatch(/前 9 位/);
    expect((await refused('divisions.create', { level: 'village', parentId: huashu.id, code: vCode, name: '向阳村' })).code).toBe('CONFLICT');
    expect((await refused('divisions.create', { level: 'village', parentId: huashu.id, code: '632123100201', name: '前进村' })).field).toBe('name');
    expect((await refused('divisions.create', { level: 'village', parentId: c.id, code: '632123100201', name: '向阳村' })).field).toBe('level');
    expect((await refused('divisions.create', { level: 'village', parentId: 99999, code: '632123100201', name: '向阳村' })).code).toBe('NOT_FOUND');
    expect((await refused('divisions.create', { level: 'village', parentId: huashu.id, code: '632123100201', name: '' })).field).toBe('name');
    expect((await refused('divisions.create', { level: 'village', parentId: huashu.id, code: '632123100201', name: '村'.repeat(41) })).field).toBe('name');
    expect(await snapshot()).toBe(before);

    const renamed = await ok<DivisionRow>('divisions.update', { id: qianjin.id, name: '前进新村', isPovertyVillage: false });
    expect(renamed).toMatchObject({ name: '前进新村', isPovertyVillage: false });

    // A township with villages may not change its code or be deleted.
    expect((await refused('divisions.update', { id: huashu.id, code: '632123101000' })).field).toBe('code');
    expect((await refused('divisions.delete', { id: huashu.id })).message).toMatch(/1 个下级区划/);

    // Move the village: the code must take the new township's prefix.
    expect((await refused('divisions.move', { id: qianjin.id, newParentId: nanshan.id, newCode: vCode })).field).toBe('code');
    const moved = await ok<DivisionRow>('divisions.move', { id: qianjin.id, newParentId: nanshan.id, newCode: '632123200200' });
    expect(moved).toMatchObject({ parentId: nanshan.id, code: '632123200200' });

    await ok('divisions.delete', { id: huashu.id });
    expect((await refused('divisions.delete', { id: c.id })).message).toMatch(/不能删除/);
    const list = await ok<DivisionRow[]>('divisions.list');
    expect(list.map((d) => d.name)).toEqual(['青山县', '南山乡', '前进新村']);
  });

  it('refuses deleting a village that a project names', async () => {
    const c = await county();
    const t = await ok<DivisionRow>('divisions.create', { level: 'township', parentId: c.id, code: '632123100000', name: '桦树镇' });
    const v = await ok<DivisionRow>('divisions.create', { level: 'village', parentId: t.id, code: '632123100200', name: '前进村' });
    await ledger.sql.run('insert into projects (year, name, township_id, village_id) values (2024, ?, ?, ?)', ['前进村道路项目', t.id, v.id]);
    expect((await refused('divisions.delete', { id: v.id })).message).toMatch(/1 个项目/);
  });
});

describe('单位与设置', () => {
  it('creates, edits and soft-deletes units; refuses duplicates and units in use', async () => {
    const agri = await ok<UnitRow>('units.create', { name: '县农业农村局', kind: 'department', phone: '0971-1234567' });
    expect(agri.contactPerson).toBeNull();
    expect((await refused('units.create', { name: '县农业农村局', kind: 'department' })).field).toBe('name');
    expect((await refused('units.create', { name: '某单位', kind: 'ministry' })).field).toBe('kind');
    await ok('units.update', { id: agri.id, contactPerson: '张伟' });
    await ledger.sql.run('insert into projects (year, name, department_id) values (2024, ?, ?)', ['示例项目', agri.id]);
    expect((await refused('units.delete', { id: agri.id })).message).toMatch(/1 个项目/);
    const water = await ok<UnitRow>('units.create', { name: '县水利局', kind: 'department' });
    await ok('units.delete', { id: water.id, reason: '机构改革合并' });
    expect((await ok<UnitRow[]>('units.list')).map((u) => u.name)).toEqual(['县农业农村局']);
    expect(await ledger.sql.value('select case when deleted_at is not null then 1 else 0 end from units where id = ?', [water.id])).toBe(1);
  });

  it('saves settings and records who changed what', async () => {
    await ok('settings.update', { operatorName: '李娜' });
    // The server names whoever signed in, not 设置 → 操作员姓名.
    if (ON_SERVER) await ledger.actAs('李娜');
    await ok('settings.update', { officeName: '青山县乡村振兴局', countyName: '青山县' });
    const s = await ok<{ officeName: string; operatorName: string; dataDir: string }>('settings.get');
    expect(s).toMatchObject({ officeName: '青山县乡村振兴局', operatorName: '李娜', dataDir: ledger.dir });
    const last = await ledger.sql.get<{ operator: string; after: string }>('select operator, entity, before, after from audit_log order by id desc limit 1');
    expect(last?.operator).toBe('李娜');
    expect(JSON.parse(last?.after ?? 'null')).toEqual({ officeName: '青山县乡村振兴局', countyName: '青山县' });
    expect((await refused('settings.update', { officeName: '局'.repeat(61) })).field).toBe('officeName');
  });
});

describe('审计与契约', () => {
  it('every write leaves a chained audit row; the chain detects a hand edit; triggers refuse edits', async () => {
    const c = await county();
    await ok('divisions.create', { level: 'township', parentId: c.id, code: '632123100000', name: '桦树镇' });
    await ok('units.create', { name: '县水利局', kind: 'department' });
    expect(await auditCount()).toBe(3);
    expect(await chain()).toEqual({ ok: true, rows: 3, brokenAtId: null, gapAfterId: null, gapCount: 0 });
    await expect(ledger.sql.run('delete from audit_log')).rejects.toThrow(/审计日志不可删除/);
    await expect(ledger.sql.run("update audit_log set operator = 'x'")).rejects.toThrow(/审计日志不可修改/);
    // Someone drops the trigger and edits the rows by hand: the chain breaks at that row.
    await tamperLedger(ledger, async (db) => {
      await db.run("update audit_log set after = '{}' where id = 2");
    });
    expect(await chain()).toEqual({ ok: false, rows: 2, brokenAtId: 2, gapAfterId: null, gapCount: 0 });
  });

  it('refuses unknown channels and malformed input with Chinese messages, writing nothing', async () => {
    const before = await snapshot();
    expect((await refused('projects.drop', {})).code).toBe('UNKNOWN_CHANNEL');
    expect((await refused('divisions.create', 'not an object')).code).toBe('VALIDATION');
    expect((await refused('divisions.create', { level: 'county', parentId: 1, code: '1', name: 'x' })).field).toBe('level');
    expect((await refused('dashboard.summary', { extra: 1 })).code).toBe('VALIDATION');
    expect((await refused('findings.list', { today: '2024-02-30' })).field).toBe('today');
    expect(await snapshot()).toBe(before);
  });
});
