import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FindingDetail, InspectionDetail, InspectionPage } from '../../shared/api';
import { setupSupervision, type Supervision } from '../helpers/supervision-fixture';
import { lastAudit as lastAuditOf } from '../helpers/test-ledger';

let s: Supervision;
beforeEach(async () => {
  s = await setupSupervision();
});
afterEach(() => s.ledger.dispose());

const lastAudit = () => lastAuditOf(s.ledger);

describe('检查：新增、修改、查看', () => {
  it('creates an inspection with every field, the 文号 normalised, targets named, audited', async () => {
    const i = await s.inspection({ name: '2026年省级巩固衔接成效考核反馈', source: 'assessment', sourceDocNumber: '青乡振督【2026】 12 号' });
    expect(i).toMatchObject({
      name: '2026年省级巩固衔接成效考核反馈',
      source: 'assessment',
      sourceLabel: '考核评估反馈',
      sourceDocNumber: '青乡振督〔2026〕12号',
      team: '县乡村振兴局第一督导组',
      leader: '王建国',
      startDate: '2026-09-01',
      endDate: '2026-09-10',
      townshipIds: [s.c.huashu.id, s.c.nanshan.id],
      townships: [
        { id: s.c.huashu.id, name: '桦树镇' },
        { id: s.c.nanshan.id, name: '南山乡' },
      ],
      departments: ['县住建局'],
      findingCount: 0,
      statusCounts: { notStarted: 0, inProgress: 0, awaitingClose: 0, closed: 0, ongoing: 0 },
      findings: [],
    });
    expect(await lastAudit()).toMatchObject({ action: 'create', entity: 'inspection', entityId: i.id });
    // Departments only (a 专项督查 of county departments), one day (no end date).
    const dept = await s.inspection({ name: '部门专项督查', source: 'special', townshipIds: [], departments: ['县财政局', '县财政局', '县农业农村局'], endDate: null });
    expect(dept).toMatchObject({ townships: [], departments: ['县财政局', '县农业农村局'], endDate: null });
  });

  const bad: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['an end before the start', { startDate: '2026-09-10', endDate: '2026-09-01' }, 'endDate', /结束日期 2026-09-01 早于开始日期 2026-09-10/],
    ['a day that does not exist', { startDate: '2026-02-30' }, 'startDate', /不是有效日期/],
    ['no start date', { startDate: undefined }, 'startDate', /开始日期/],
    ['an unknown source', { source: '随便看看' }, 'source', /问题来源应为：督导检查、专项督查/],
    ['an empty name', { name: ' ' }, 'name', /请填写检查名称/],
    ['an unknown township as target', { townshipIds: [9999] }, 'townshipIds', /没有编号为 9999 的乡镇/],
    ['a village as target', { townshipIds: [] as number[] }, 'townshipIds', /乡镇/],
  ];
  it.each(bad)('refuses %s, writing nothing', async (label, override, field, message) => {
    const input = label === 'a village as target' ? { townshipIds: [s.c.qianjin.id] } : override;
    const before = await s.snapshot();
    const err = await s.api.refused('inspections.create', {
      name: '某次检查',
      source: 'supervision',
      startDate: '2026-09-01',
      endDate: '2026-09-10',
      ...input,
    });
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
    expect(await s.snapshot()).toBe(before);
  });

  it('keeps names unique among live inspections', async () => {
    const a = await s.inspection({ name: '县委第三轮巡察反馈' });
    const before = await s.snapshot();
    expect(await s.api.refused('inspections.create', { name: '县委第三轮巡察反馈', source: 'inspectionTour', startDate: '2026-06-01' })).toMatchObject({
      code: 'CONFLICT',
      field: 'name',
    });
    expect(await s.snapshot()).toBe(before);
    await s.api.ok('inspections.delete', { id: a.id, reason: '录错' });
    await s.api.ok('inspections.create', { name: '县委第三轮巡察反馈', source: 'inspectionTour', startDate: '2026-06-01' });
  });

  it('updates fields partially and audits only what changed', async () => {
    const i = await s.inspection();
    const u = await s.api.ok<InspectionDetail>('inspections.update', { id: i.id, leader: '李组长', sourceDocNumber: '青乡振督(2026)13号', departments: [] });
    expect(u).toMatchObject({ leader: '李组长', sourceDocNumber: '青乡振督〔2026〕13号', departments: [], team: i.team });
    const audit = await lastAudit();
    expect(JSON.parse(audit.before ?? '{}')).toEqual({ leader: '王建国', sourceDocNumber: '青乡振督〔2026〕12号', departments: ['县住建局'] });
    const before = await s.snapshot();
    expect((await s.api.refused('inspections.update', { id: i.id, endDate: '2026-08-01' })).field).toBe('endDate');
    expect((await s.api.refused('inspections.update', { id: i.id, startDate: null })).field).toBe('startDate');
    expect((await s.api.refused('inspections.update', { id: 9999, leader: 'x' })).code).toBe('NOT_FOUND');
    expect(await s.snapshot()).toBe(before);
  });

  it('moving the dates moves 立行立改 deadlines, and refuses a start after a finding’s deadline or progress', async () => {
    const i = await s.inspection();
    const now = await s.finding(i.id, { deadline: '立行立改' });
    const dated = await s.finding(i.id, { deadline: '2026年10月31日前' });
    expect(now.deadlineDate).toBe('2026-10-10');
    await s.api.ok('inspections.update', { id: i.id, startDate: '2026-09-05', endDate: '2026-09-15' });
    expect((await s.api.ok<FindingDetail>('findings.get', { id: now.id })).deadlineDate).toBe('2026-10-15');
    expect((await s.api.ok<FindingDetail>('findings.get', { id: dated.id })).deadlineDate).toBe('2026-10-31');
    expect(await lastAudit()).toMatchObject({ entity: 'finding', entityId: now.id, reason: '检查日期变更，重新计算“立行立改”的整改时限' });

    const before = await s.snapshot();
    const late = await s.api.refused('inspections.update', { id: i.id, startDate: '2026-11-01', endDate: '2026-11-02' });
    expect(late.field).toBe('startDate');
    expect(late.message).toMatch(/序号 2 的问题整改时限为 2026-10-31/);
    expect(await s.snapshot()).toBe(before);

    await s.api.ok('findings.progress', { id: now.id, date: '2026-09-20', note: '开始', status: 'inProgress' });
    await s.api.ok('findings.update', { id: dated.id, deadline: '2026年底前' });
    expect((await s.api.refused('inspections.update', { id: i.id, startDate: '2026-09-25', endDate: '2026-09-30' })).message).toMatch(/已有 2026-09-20 的整改进展/);
  });

  it('shows its findings with counts by status and overdue for a given day', async () => {
    const i = await s.inspection();
    const a = await s.finding(i.id, { deadline: '2026年10月31日前' });
    await s.finding(i.id, { deadline: '长期坚持' });
    const c = await s.finding(i.id, { deadline: '2026年底前' });
    await s.advance(c.id, 'closed', '2026-11-01');
    await s.api.ok('findings.progress', { id: a.id, date: '2026-10-01', note: '开始', status: 'inProgress' });
    const d = await s.api.ok<InspectionDetail>('inspections.get', { id: i.id });
    expect(d).toMatchObject({
      findingCount: 3,
      openCount: 2,
      overdueCount: 1,
      statusCounts: { notStarted: 0, inProgress: 1, awaitingClose: 0, closed: 1, ongoing: 1 },
    });
    expect(d.findings.map((f) => [f.seq, f.status, f.overdue])).toEqual([
      [1, '整改中', true],
      [2, '长期坚持', false],
      [3, '已销号', false],
    ]);
    expect((await s.api.ok<InspectionDetail>('inspections.get', { id: i.id, today: '2026-10-31' })).overdueCount).toBe(0);
  });

  it('lists with counts, newest first, filtered by year, source and keyword', async () => {
    const a = await s.inspection({ name: '2025年审计反馈', source: 'audit', startDate: '2025-05-01', endDate: '2025-05-20', sourceDocNumber: '青审[2025]8号' });
    const b = await s.inspection({ name: '2026年暗访', source: 'unannounced', startDate: '2026-03-01', endDate: null, leader: '孙组长' });
    await s.finding(a.id, { deadline: '2025年底前' });
    await s.finding(b.id, { deadline: '2026年底前' });
    const list = (input: Record<string, unknown>) => s.api.ok<InspectionPage>('inspections.list', input);
    const all = await list({});
    expect(all.rows.map((r) => r.name)).toEqual(['2026年暗访', '2025年审计反馈']);
    expect(all.rows[1]).toMatchObject({ findingCount: 1, openCount: 1, overdueCount: 1 });
    expect(all.total).toBe(2);
    expect((await list({ year: 2025 })).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await list({ source: 'unannounced' })).rows.map((r) => r.id)).toEqual([b.id]);
    expect((await list({ keyword: '青审' })).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await list({ keyword: '孙组长' })).rows.map((r) => r.id)).toEqual([b.id]);
    expect((await list({ limit: 1, offset: 1 })).rows.map((r) => r.id)).toEqual([a.id]);
  });

  it('refuses deleting an inspection that still has findings; deletes it softly once they are gone', async () => {
    const i = await s.inspection();
    const f = await s.finding(i.id);
    const before = await s.snapshot();
    const err = await s.api.refused('inspections.delete', { id: i.id, reason: '重复' });
    expect(err).toMatchObject({ code: 'CONFLICT' });
    expect(err.message).toMatch(/还有 1 个问题/);
    expect(await s.snapshot()).toBe(before);
    await s.api.ok('findings.delete', { id: f.id, reason: '重复' });
    await s.api.ok('inspections.delete', { id: i.id, reason: '重复' });
    expect((await s.api.refused('inspections.get', { id: i.id })).code).toBe('NOT_FOUND');
    expect(await lastAudit()).toMatchObject({ action: 'delete', entity: 'inspection', reason: '重复' });
  });
});
