import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OVERDUE_SQL } from '../../electron/ledger/supervision/findings-views-store';
import type { AssetDetail, DeadlinePreview, FindingDetail, FindingSearchResult, InspectionDetail, ProjectDetail } from '../../shared/api';
import { isFindingOverdue } from '../../shared/supervision/findings';
import { FindingStatus } from '../../shared/enums';
import { samplePdf, samplePng, setupSupervision, TODAY, type Supervision } from '../helpers/supervision-fixture';
import { channels } from '../helpers/county-fixture';
import { withSession } from '../../electron/ledger/operators/service';
import { newSessionSlot } from '../../electron/platform/context';
import { isOfficeLedger } from '../../electron/platform/office-ledger';
import type { SessionState } from '../../shared/api';

let s: Supervision;
let insp: InspectionDetail;
beforeEach(async () => {
  s = await setupSupervision();
  insp = await s.inspection();
});
afterEach(() => s.ledger.dispose());

const get = (id: number, today?: string) => s.api.ok<FindingDetail>('findings.get', today ? { id, today } : { id });
const audits = (entity: string, id: number) =>
  s.ledger.sql.all<{ action: string; before: string | null; after: string | null; reason: string | null; operator: string }>(
    'select action, before, after, reason, operator from audit_log where entity = ? and entity_id = ? order by id',
    [entity, id],
  );

describe('整改时限：原文与解析日期（固定时钟 2026-11-24）', () => {
  // The inspection runs 2026-09-01 … 2026-09-10; 立行立改 = end + 30 days (the default setting).
  const cases: Array<[string, string | null, string | null]> = [
    ['2026-10-31', '2026-10-31', 'date'],
    ['2026/10/31', '2026-10-31', 'date'],
    ['2026.10.31', '2026-10-31', 'date'],
    ['20261031', '2026-10-31', 'date'],
    ['2026年10月31日', '2026-10-31', 'date'],
    ['2026年10月31日前', '2026-10-31', 'date'],
    ['二〇二六年十月三十一日前', '2026-10-31', 'date'],
    ['２０２６年１０月３１日前', '2026-10-31', 'date'],
    ['2026年12月31日前完成整改', '2026-12-31', 'date'],
    ['2026年底前', '2026-12-31', 'yearEnd'],
    ['2026年底', '2026-12-31', 'yearEnd'],
    ['2026年11月底前', '2026-11-30', 'monthEnd'],
    ['2026年11月', '2026-11-30', 'monthEnd'],
    ['立行立改', '2026-10-10', 'immediate'],
    ['长期坚持', null, 'ongoing'],
  ];
  it.each(cases)('“%s” → %s', async (words, date, kind) => {
    const f = await s.finding(insp.id, { deadline: words });
    expect(f).toMatchObject({ deadlineText: words.replace(/\s+/g, ' ').trim(), deadlineDate: date, deadlineKind: kind });
    expect(f.status).toBe(kind === 'ongoing' ? 'ongoing' : 'notStarted');
    const preview = await s.api.ok<DeadlinePreview>('findings.previewDeadline', { inspectionId: insp.id, deadline: words });
    expect(preview).toMatchObject({ date, kind });
  });

  it('立行立改 counts from the end date, else the start date, with the configured days', async () => {
    const preview = await s.api.ok<DeadlinePreview>('findings.previewDeadline', { inspectionId: insp.id, deadline: '立行立改' });
    expect(preview.explanation).toBe('立行立改：检查结束日期 2026-09-10 后 30 天，即 2026-10-10');
    await s.api.ok('supervisionSettings.update', { immediateDays: 10 });
    expect((await s.finding(insp.id, { deadline: '立行立改' })).deadlineDate).toBe('2026-09-20');
    const oneDay = await s.inspection({ name: '暗访', source: 'unannounced', startDate: '2026-10-08', endDate: null });
    expect((await s.finding(oneDay.id, { deadline: '立行立改' })).deadlineDate).toBe('2026-10-18');
    // Raising the setting later does not move deadlines already written.
    await s.api.ok('supervisionSettings.update', { immediateDays: 15 });
    const list = await s.api.ok<FindingSearchResult>('findings.search', { inspectionId: oneDay.id });
    expect(list.rows[0]?.deadline).toBe('2026-10-18');
  });

  it('长期坚持 is never overdue and a finding without a deadline is never overdue', async () => {
    const ongoing = await s.finding(insp.id, { deadline: '长期坚持' });
    const none = await s.finding(insp.id, { deadline: null });
    for (const today of ['2026-09-01', TODAY, '2099-12-31']) {
      expect((await get(ongoing.id, today)).overdue).toBe(false);
      expect((await get(none.id, today)).overdue).toBe(false);
    }
    expect(none).toMatchObject({ deadlineText: null, deadlineDate: null, status: 'notStarted' });
  });

  const refusals: Array<[string, string, RegExp]> = [
    ['a deadline before the inspection', '2026年8月31日前', /早于检查开始日期 2026-09-01/],
    ['a year-end before the inspection', '2025年底前', /2025-12-31.*早于检查开始日期/],
    ['words nobody can read', '尽快', /无法识别/],
    ['a day that does not exist', '2026-02-30', /不是存在的日期/],
    ['a date without a year', '10月31日前', /没有写年份/],
  ];
  it.each(refusals)('refuses %s at the field, writing nothing', async (_label, words, message) => {
    const before = await s.snapshot();
    const err = await s.api.refused('findings.create', {
      inspectionId: insp.id,
      category: 'water',
      description: '饮水问题',
      townshipId: s.c.huashu.id,
      deadline: words,
    });
    expect(err).toMatchObject({ code: 'VALIDATION', field: 'deadline' });
    expect(err.message).toMatch(message);
    expect(await s.snapshot()).toBe(before);
  });

  it('refuses 立行立改 for an inspection without dates (an imported one)', async () => {
    await s.ledger.sql.run("insert into inspections (name, source) values ('导入的检查', 'audit')");
    const id = Number(await s.ledger.sql.value("select id from inspections where name = '导入的检查'"));
    const before = await s.snapshot();
    const err = await s.api.refused('findings.create', { inspectionId: id, category: 'records', description: '档案不全', deadline: '立行立改' });
    expect(err.field).toBe('deadline');
    expect(err.message).toMatch(/没有填写起止日期/);
    expect(await s.snapshot()).toBe(before);
    // Dates still work, and nothing is "before" an inspection that has no start.
    expect((await s.finding(id, { deadline: '2020年底前' })).deadlineDate).toBe('2020-12-31');
  });

  it('changing the words on update re-parses them and audits before/after', async () => {
    const f = await s.finding(insp.id, { deadline: '2026年底前' });
    const u = await s.api.ok<FindingDetail>('findings.update', { id: f.id, deadline: '2026年10月31日前' });
    expect(u).toMatchObject({ deadlineText: '2026年10月31日前', deadlineDate: '2026-10-31' });
    const last = (await audits('finding', f.id)).at(-1);
    expect(last?.action).toBe('update');
    expect(JSON.parse(last?.before ?? '{}')).toEqual({ deadlineText: '2026年底前', deadlineDate: '2026-12-31' });
    const before = await s.snapshot();
    expect((await s.api.refused('findings.update', { id: f.id, deadline: '2026年8月1日' })).field).toBe('deadline');
    expect(await s.snapshot()).toBe(before);
  });
});

describe('问题：字段、地点与关联', () => {
  it('creates a finding with every field, its names resolved, numbered within the inspection, audited', async () => {
    const project = await s.api.ok<ProjectDetail>('projects.create', { year: 2026, name: '前进村危房改造项目', townshipId: s.c.huashu.id });
    const asset = await s.api.ok<AssetDetail>('assets.create', { name: '前进村光伏电站', kind: 'operating', townshipId: s.c.huashu.id });
    const f = await s.finding(insp.id, { projectId: project.id, assetId: asset.id });
    expect(f).toMatchObject({
      inspectionId: insp.id,
      inspection: insp.name,
      seq: 1,
      category: 'housing',
      categoryLabel: '住房安全',
      township: '桦树镇',
      village: '前进村',
      project: '前进村危房改造项目',
      asset: '前进村光伏电站',
      leadUnit: '县住建局',
      responsibleUnit: '桦树镇人民政府',
      responsibleLeader: '赵副镇长',
      responsiblePerson: '钱干事',
      goal: '补齐鉴定资料',
      measures: '逐户核实，补办鉴定',
      deadlineText: '2026年12月31日前',
      deadlineDate: '2026-12-31',
      status: 'notStarted',
      statusLabel: '未启动',
      today: TODAY,
      overdue: false,
      daysLeft: 37,
      updates: [],
      attachments: [],
    });
    expect((await s.finding(insp.id)).seq).toBe(2);
    expect((await s.finding(insp.id, { seq: 7 })).seq).toBe(7);
    expect((await s.finding(insp.id)).seq).toBe(8);
    const err = await s.api.refused('findings.create', { inspectionId: insp.id, category: 'water', description: '重复序号', seq: 7 });
    expect(err).toMatchObject({ code: 'CONFLICT', field: 'seq' });
    expect((await audits('finding', f.id))[0]).toMatchObject({ action: 'create', before: null });
  });

  it('a village alone brings its township; a county-level finding names none', async () => {
    expect(await s.finding(insp.id, { townshipId: null, villageId: s.c.xiaohe.id })).toMatchObject({ township: '南山乡', village: '小河村' });
    expect(await s.finding(insp.id, { townshipId: null, villageId: null, responsibleUnit: '县住建局' })).toMatchObject({ township: null, village: null });
  });

  const bad: Array<[string, () => Record<string, unknown>, string, RegExp]> = [
    ['a village not in its township', () => ({ townshipId: s.c.huashu.id, villageId: s.c.xiaohe.id }), 'villageId', /“小河村”不属于“桦树镇”/],
    ['a township given as village', () => ({ villageId: s.c.nanshan.id }), 'villageId', /不是村/],
    ['an unknown township', () => ({ townshipId: 9999, villageId: null }), 'townshipId', /没有编号为 9999 的乡镇/],
    ['an unknown project', () => ({ projectId: 9999 }), 'projectId', /找不到编号为 9999 的项目/],
    ['an unknown asset', () => ({ assetId: 9999 }), 'assetId', /找不到编号为 9999 的资产/],
    ['an unknown inspection', () => ({ inspectionId: 9999 }), 'inspectionId', /找不到编号为 9999 的检查/],
    ['an unknown category', () => ({ category: 'misc' }), 'category', /请选择问题类别/],
    ['an empty description', () => ({ description: '  ' }), 'description', /请填写问题描述/],
    // The import's limit (shared/supervision/fields.ts): the form and the contract took 2000 while the import took 4000.
    ['an overlong description', () => ({ description: '问'.repeat(4001) }), 'description', /问题描述不能超过 4000 个字/],
  ];
  it.each(bad)('refuses %s, writing nothing', async (_label, override, field, message) => {
    const before = await s.snapshot();
    const err = await s.api.refused('findings.create', {
      inspectionId: insp.id,
      category: 'housing',
      description: '住房问题',
      townshipId: s.c.huashu.id,
      villageId: s.c.qianjin.id,
      ...override(),
    });
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
    expect(await s.snapshot()).toBe(before);
  });

  it('refuses a village of another township on update too', async () => {
    const f = await s.finding(insp.id);
    const before = await s.snapshot();
    expect((await s.api.refused('findings.update', { id: f.id, villageId: s.c.xiaohe.id, townshipId: s.c.huashu.id })).field).toBe('villageId');
    expect(await s.snapshot()).toBe(before);
    // Choosing another village alone moves the township with it.
    expect(await s.api.ok<FindingDetail>('findings.update', { id: f.id, villageId: s.c.xiaohe.id })).toMatchObject({ township: '南山乡', village: '小河村' });
  });
});

describe('整改流程：未启动 → 整改中 → 已完成待销号 → 已销号', () => {
  it('runs end to end with dated steps, evidence, a second person for 销号 and an audit row per write', async () => {
    await s.setOperator('张三');
    const f = await s.finding(insp.id, { deadline: '2026年11月30日前' });

    // A note without a status change.
    let d = await s.api.ok<FindingDetail>('findings.progress', { id: f.id, date: '2026-09-15', note: '已召开专题会议研究整改' });
    expect(d).toMatchObject({ status: 'notStarted', progressText: '已召开专题会议研究整改' });
    d = await s.api.ok<FindingDetail>('findings.progress', { id: f.id, date: '2026-09-20', note: '逐户核实，启动鉴定', status: 'inProgress' });
    expect(d.status).toBe('inProgress');

    // 已完成待销号 without evidence: refused, nothing written.
    let before = await s.snapshot();
    const noEvidence = await s.api.refused('findings.progress', { id: f.id, date: '2026-11-10', note: '整改完成', status: 'awaitingClose' });
    expect(noEvidence).toMatchObject({ field: 'attachments' });
    expect(noEvidence.message).toMatch(/佐证材料/);
    expect(await s.snapshot()).toBe(before);

    await s.attach('finding', f.id, '鉴定报告.pdf', samplePdf());
    d = await s.api.ok<FindingDetail>('findings.progress', { id: f.id, date: '2026-11-10', note: '2户鉴定已补齐', status: 'awaitingClose' });
    expect(d).toMatchObject({ status: 'awaitingClose', statusLabel: '已完成待销号', completedBy: '张三', completedDate: '2026-11-10', overdue: false });
    expect(d.nextStatuses).toContain('closed');

    // 销号 by the person who recorded the completion: refused (default reviewer is the operator, and naming them too).
    before = await s.snapshot();
    const same = await s.api.refused('findings.progress', { id: f.id, date: '2026-11-20', note: '同意销号', status: 'closed' });
    expect(same).toMatchObject({ field: 'reviewer' });
    expect(same.message).toMatch(/不能是记录整改完成的人（张三）/);
    expect((await s.api.refused('findings.progress', { id: f.id, date: '2026-11-20', note: '同意销号', status: 'closed', reviewer: ' 张 三 ' })).field).toBe('reviewer');
    // A 销号 date before the completion.
    expect((await s.api.refused('findings.progress', { id: f.id, date: '2026-11-09', note: '同意销号', status: 'closed', reviewer: '李四' })).field).toBe('date');
    expect(await s.snapshot()).toBe(before);

    // A second operator closes it.
    await s.setOperator('李四');
    d = await s.api.ok<FindingDetail>('findings.progress', { id: f.id, date: '2026-11-20', note: '经审核整改到位，同意销号', status: 'closed' });
    expect(d).toMatchObject({ status: 'closed', statusLabel: '已销号', closedDate: '2026-11-20', closedReviewer: '李四', completedBy: '张三' });
    // From 已销号 only steps back remain (each needs a reason).
    expect(d.nextStatuses).toEqual(['notStarted', 'inProgress', 'awaitingClose']);
    expect(d.updates.map((u) => [u.date, u.fromStatus, u.toStatus, u.operator])).toEqual([
      ['2026-09-15', 'notStarted', 'notStarted', '张三'],
      ['2026-09-20', 'notStarted', 'inProgress', '张三'],
      ['2026-11-10', 'inProgress', 'awaitingClose', '张三'],
      ['2026-11-20', 'awaitingClose', 'closed', '李四'],
    ]);
    // Each step: one findingUpdate audit row and one finding audit row, in the same transaction.
    expect(await s.ledger.sql.value("select count(*) from audit_log where entity = 'findingUpdate'")).toBe(4);
    expect((await audits('finding', f.id)).map((a) => a.action)).toEqual(['create', 'progress', 'status', 'status', 'status']);
    expect((await audits('finding', f.id)).at(-1)?.operator).toBe('李四');

    // Once 销号: no edits, no notes, no deleting, no evidence changes.
    before = await s.snapshot();
    expect((await s.api.refused('findings.update', { id: f.id, description: '改描述' })).code).toBe('CONFLICT');
    expect((await s.api.refused('findings.progress', { id: f.id, date: '2026-11-21', note: '补充说明' })).code).toBe('CONFLICT');
    expect((await s.api.refused('findings.delete', { id: f.id, reason: '误录' })).code).toBe('CONFLICT');
    expect((await s.api.refused('attachments.delete', { id: d.attachments[0]!.id, reason: '传错了' })).message).toMatch(/已销号/);
    expect((await s.api.refused('attachments.add', { ownerType: 'finding', ownerId: f.id, name: 'x.png', base64: samplePng().toString('base64') })).message).toMatch(
      /已销号/,
    );
    // A step back needs a reason.
    const noReason = await s.api.refused('findings.progress', { id: f.id, date: '2026-11-22', note: '问题反弹', status: 'awaitingClose' });
    expect(noReason).toMatchObject({ field: 'reason' });
    expect(await s.snapshot()).toBe(before);

    d = await s.api.ok<FindingDetail>('findings.progress', { id: f.id, date: '2026-11-22', note: '复查发现问题反弹', status: 'inProgress', reason: '复查发现1户鉴定报告不合格' });
    expect(d).toMatchObject({ status: 'inProgress', closedDate: null, closedReviewer: null, completedBy: null, completedDate: null });
    expect(d.updates.at(-1)).toMatchObject({ reason: '复查发现1户鉴定报告不合格', fromStatusLabel: '已销号', toStatusLabel: '整改中' });
    expect((await audits('finding', f.id)).at(-1)?.reason).toBe('复查发现1户鉴定报告不合格');
  });

  it('销号 where operators sign in: the reviewer is by default the signed-in operator, not 设置 → 操作员姓名; the trail names who signed in', async () => {
    const f = await s.finding(insp.id);
    const g = await s.finding(insp.id, { description: '新桑村1户危房改造补助未兑现' });
    // Operators prepared by the 管理员; on a file multi-user mode is then turned on, on the server it always is.
    await s.api.ok('settings.update', { operatorName: '设置里的姓名' });
    await s.api.ok('operators.create', { name: '张三', role: 'reviewer', password: 'zhang-pass' });
    await s.api.ok('operators.create', { name: '李四', role: 'reviewer', password: 'li-pass' });
    if (!isOfficeLedger(s.ledger)) await channels(withSession(s.ledger, newSessionSlot())).ok('operators.setMultiUser', { enabled: true, adminName: '赵管理', password: 'admin-pass' });
    const signedIn = async (name: string, password: string) => {
      const door = channels(withSession(s.ledger, newSessionSlot()));
      await door.ok('session.signIn', { name, password });
      return door;
    };
    const zhang = await signedIn('张三', 'zhang-pass');
    const li = await signedIn('李四', 'li-pass');
    // What the 销号 dialog takes as its default reviewer.
    expect((await li.ok<SessionState>('session.current')).operatorName).toBe('李四');

    for (const id of [f.id, g.id]) {
      await zhang.ok('attachments.add', { ownerType: 'finding', ownerId: id, name: '整改照片.png', base64: samplePng(id).toString('base64') });
      expect(await zhang.ok<FindingDetail>('findings.progress', { id, date: '2026-11-10', note: '整改完成', status: 'awaitingClose' })).toMatchObject({ completedBy: '张三' });
    }
    // The one who recorded the completion cannot close it, named as signed in (not as 设置 names the PC's user).
    expect((await zhang.refused('findings.progress', { id: f.id, date: '2026-11-20', note: '同意销号', status: 'closed' })).message).toMatch(/不能是记录整改完成的人（张三）/);

    // No reviewer given: the signed-in 李四 reviews, and the step and both trail rows name 李四.
    const closed = await li.ok<FindingDetail>('findings.progress', { id: f.id, date: '2026-11-20', note: '经审核整改到位，同意销号', status: 'closed' });
    expect(closed).toMatchObject({ status: 'closed', closedReviewer: '李四', completedBy: '张三' });
    expect(closed.updates.at(-1)?.operator).toBe('李四');
    const stepRow = await s.ledger.sql.get<{ operator: string; after: string }>("select operator, after from audit_log where entity = 'findingUpdate' order by id desc limit 1");
    expect(stepRow?.operator).toBe('李四');
    expect(JSON.parse(stepRow?.after ?? '{}')).toMatchObject({ toStatus: 'closed', reviewer: '李四' });
    expect((await audits('finding', f.id)).at(-1)).toMatchObject({ action: 'status', operator: '李四' });

    // A reviewer named in the dialog (the 督导组's leader who signed the paper) is kept as the reviewer; the trail
    // still names 李四, who recorded it.
    const named = await li.ok<FindingDetail>('findings.progress', { id: g.id, date: '2026-11-20', note: '督导组复核同意销号', status: 'closed', reviewer: '王组长' });
    expect(named).toMatchObject({ closedReviewer: '王组长' });
    expect(named.updates.at(-1)?.operator).toBe('李四');
    const namedRows = await audits('finding', g.id);
    expect(namedRows.at(-1)).toMatchObject({ action: 'status', operator: '李四' });
    expect(JSON.parse(namedRows.at(-1)?.after ?? '{}')).toMatchObject({ closedReviewer: '王组长' });
    expect(await s.ledger.sql.value("select count(*) from audit_log where entity in ('finding', 'findingUpdate', 'attachment') and operator = '设置里的姓名'")).toBe(0);
  });

  it('撤销销号 back to 已完成待销号 keeps the completion; 销号 from another status is refused', async () => {
    await s.setOperator('张三');
    const f = await s.finding(insp.id);
    expect((await s.api.refused('findings.progress', { id: f.id, date: '2026-10-01', note: '销号', status: 'closed', reviewer: '李四' })).field).toBe('status');
    await s.advance(f.id, 'awaitingClose', '2026-10-01');
    await s.api.ok('findings.progress', { id: f.id, date: '2026-10-05', note: '销号', status: 'closed', reviewer: '李四' });
    const d = await s.api.ok<FindingDetail>('findings.progress', { id: f.id, date: '2026-10-06', note: '撤销销号', status: 'awaitingClose', reason: '审核有误' });
    expect(d).toMatchObject({ status: 'awaitingClose', completedBy: '张三', completedDate: '2026-10-01', closedDate: null, closedReviewer: null });
  });

  it('refuses a future date, a date before the inspection and a date before the previous step', async () => {
    const f = await s.finding(insp.id);
    await s.api.ok('findings.progress', { id: f.id, date: '2026-10-01', note: '开始整改', status: 'inProgress' });
    const before = await s.snapshot();
    const future = await s.api.refused('findings.progress', { id: f.id, date: '2026-11-25', note: '明天的进展' });
    expect(future).toMatchObject({ field: 'date' });
    expect(future.message).toMatch(/晚于今天（2026-11-24）/);
    expect((await s.api.refused('findings.progress', { id: f.id, date: '2026-08-31', note: '早于检查' })).message).toMatch(/早于检查开始日期/);
    expect((await s.api.refused('findings.progress', { id: f.id, date: '2026-09-30', note: '倒填' })).message).toMatch(/早于上一次整改进展/);
    expect((await s.api.refused('findings.progress', { id: f.id, date: '2026-02-30', note: '无效' })).field).toBe('date');
    expect((await s.api.refused('findings.progress', { id: f.id, date: '2026-10-02', note: '' })).field).toBe('note');
    // Today itself is fine.
    expect(await s.snapshot()).toBe(before);
    await s.api.ok('findings.progress', { id: f.id, date: TODAY, note: '今天的进展' });
  });

  it('a step back needs a reason; 长期坚持 only for a finding without a deadline date', async () => {
    const f = await s.finding(insp.id);
    await s.api.ok('findings.progress', { id: f.id, date: '2026-10-01', note: '开始整改', status: 'inProgress' });
    const before = await s.snapshot();
    expect((await s.api.refused('findings.progress', { id: f.id, date: '2026-10-02', note: '退回', status: 'notStarted' })).field).toBe('reason');
    const ongoing = await s.api.refused('findings.progress', { id: f.id, date: '2026-10-02', note: '长期坚持', status: 'ongoing' });
    expect(ongoing).toMatchObject({ field: 'status' });
    expect(ongoing.message).toMatch(/整改时限是 2026-12-31/);
    expect(await s.snapshot()).toBe(before);
    await s.api.ok('findings.progress', { id: f.id, date: '2026-10-02', note: '退回未启动', status: 'notStarted', reason: '责任单位调整' });

    const long = await s.finding(insp.id, { deadline: '长期坚持' });
    expect(long.status).toBe('ongoing');
    expect(long.nextStatuses).toEqual(['notStarted', 'inProgress', 'awaitingClose']);
    // A 长期坚持 finding cannot quietly get a date while its status is 长期坚持.
    const dated = await s.api.refused('findings.update', { id: long.id, deadline: '2026年底前' });
    expect(dated).toMatchObject({ field: 'deadline' });
    // It can be completed with evidence and closed like any other.
    await s.advance(long.id, 'closed', '2026-11-01');
    expect((await get(long.id)).status).toBe('closed');
  });

  it('the last evidence of a finding 已完成待销号 cannot be deleted; others can, with a reason', async () => {
    const f = await s.finding(insp.id);
    const a = await s.attach('finding', f.id, '照片1.png', samplePng(1));
    const b = await s.attach('finding', f.id, '照片2.png', samplePng(2));
    await s.api.ok('findings.progress', { id: f.id, date: '2026-10-01', note: '完成', status: 'awaitingClose' });
    await s.api.ok('attachments.delete', { id: a.id, reason: '重复上传' });
    const before = await s.snapshot();
    const last = await s.api.refused('attachments.delete', { id: b.id, reason: '传错了' });
    expect(last.message).toMatch(/唯一的佐证材料/);
    expect(await s.snapshot()).toBe(before);
    expect((await s.api.refused('attachments.delete', { id: b.id })).field).toBe('reason');
  });

  it('evidence attached to a progress step counts for the finding', async () => {
    const f = await s.finding(insp.id);
    const step = await s.api.ok<FindingDetail>('findings.progress', { id: f.id, date: '2026-10-01', note: '开始整改', status: 'inProgress' });
    const stepId = step.updates[0]!.id;
    await s.attach('findingUpdate', stepId, '现场照片.png', samplePng(3));
    const done = await s.api.ok<FindingDetail>('findings.progress', { id: f.id, date: '2026-10-02', note: '完成', status: 'awaitingClose' });
    expect(done.status).toBe('awaitingClose');
    expect(done.updates[0]?.attachments.map((x) => x.name)).toEqual(['现场照片.png']);
    expect((await s.api.ok<FindingSearchResult>('findings.search', { inspectionId: insp.id })).rows[0]?.attachmentCount).toBe(1);
  });

  it('refuses 销号 of a finding without evidence (imported as 已完成待销号)', async () => {
    const f = await s.finding(insp.id);
    await s.ledger.sql.run("update findings set status = 'awaitingClose', completed_by = '王五', completed_date = '2026-10-01' where id = ?", [f.id]);
    const before = await s.snapshot();
    const err = await s.api.refused('findings.progress', { id: f.id, date: '2026-10-05', note: '同意销号', status: 'closed', reviewer: '李四' });
    expect(err).toMatchObject({ field: 'attachments' });
    expect(err.message).toMatch(/没有佐证材料，不能销号/);
    expect(await s.snapshot()).toBe(before);
  });

  it('deletes a finding softly with a reason', async () => {
    const f = await s.finding(insp.id);
    await s.api.ok('findings.delete', { id: f.id, reason: '重复录入' });
    expect((await s.api.refused('findings.get', { id: f.id })).code).toBe('NOT_FOUND');
    expect(await s.ledger.sql.value('select delete_reason from findings where id = ?', [f.id])).toBe('重复录入');
    expect((await audits('finding', f.id)).at(-1)).toMatchObject({ action: 'delete', reason: '重复录入' });
  });
});

describe('逾期：由时限、状态和“今天”计算，从不存储', () => {
  it('is computed for several todays, and stops once the work is done', async () => {
    const f = await s.finding(insp.id, { deadline: '2026年10月31日前' });
    await s.api.ok('findings.progress', { id: f.id, date: '2026-10-01', note: '开始整改', status: 'inProgress' });
    const overdueOn = async (today: string) => (await get(f.id, today)).overdue;
    expect(await overdueOn('2026-10-30')).toBe(false);
    expect(await overdueOn('2026-10-31')).toBe(false);
    expect(await overdueOn('2026-11-01')).toBe(true);
    expect(await overdueOn('2027-06-01')).toBe(true);
    // Default: the ledger's clock (2026-11-24).
    expect(await get(f.id)).toMatchObject({ overdue: true, today: TODAY, daysLeft: -24 });
    const search = (today: string) => s.api.ok<FindingSearchResult>('findings.search', { overdueOnly: true, today });
    expect((await search('2026-10-31')).total).toBe(0);
    expect((await search('2026-11-01')).total).toBe(1);
    // No column stores it.
    const columns = Object.keys((await s.ledger.sql.get<Record<string, unknown>>('select * from findings where id = ?', [f.id])) ?? {});
    expect(columns).toContain('deadline_date');
    expect(columns.some((c) => c.includes('overdue'))).toBe(false);
    await s.advance(f.id, 'awaitingClose', '2026-11-20');
    expect(await overdueOn('2027-06-01')).toBe(false);
  });

  it('the SQL rule and isFindingOverdue agree on every status, deadline and today', async () => {
    const deadlines = [null, '2026-10-30', '2026-10-31', '2026-11-01'];
    const todays = ['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02'];
    const checkSql = `select case when ${OVERDUE_SQL} then 1 else 0 end as overdue from (select cast(? as text) as status, cast(? as text) as deadline_date) f`;
    for (const status of FindingStatus.values) {
      for (const deadline of deadlines) {
        for (const today of todays) {
          expect(Boolean(await s.ledger.sql.value(checkSql, [today, status, deadline])), `${status} ${deadline} ${today}`).toBe(isFindingOverdue(status, deadline, today));
        }
      }
    }
  });
});
