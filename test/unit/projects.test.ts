import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { refreshProjectSearchInitials, searchInitialsFor } from '../../electron/ledger/projects/search';
import type { SqlValue } from '../../electron/platform/data-port';
import { BANK_MET_SQL } from '../../electron/ledger/projects/store-search';
import { importFile } from '../../electron/ledger/imports/service';
import { BANK_REQUIREMENTS, incompleteFields, type BankFacts } from '../../shared/projects';
import { exceljsXlsx } from '../helpers/import-fixtures';
import { INITIALS_RULE_VERSION } from '../../shared/pinyin';
import { projectTypePathsMatching } from '../../shared/project-types';
import type { Page, ProjectDetail, ProjectListRow, ProjectSearchResult, ProjectTypeNode } from '../../shared/api';
import { bankable, channels, setupCounty, type County } from '../helpers/county-fixture';
import { lastAudit as lastAuditOf, ON_SERVER, testLedger, type TestLedger } from '../helpers/test-ledger';

let ledger: TestLedger;
let api: ReturnType<typeof channels>;
let c: County;
beforeEach(async () => {
  ledger = await testLedger();
  api = channels(ledger);
  c = await setupCounty(ledger);
});
afterEach(() => ledger.dispose());

const create = (input: Record<string, unknown>) => api.ok<ProjectDetail>('projects.create', input);
const search = (input: Record<string, unknown>) => api.ok<ProjectSearchResult>('projects.search', input);
const lastAudit = () => lastAuditOf(ledger);

describe('项目：新增与编号', () => {
  it('creates a project with a generated number, its names resolved and an audit row', async () => {
    const p = await create({ year: 2024, name: '前进村小水窖建设项目', townshipId: c.huashu.id, villageId: c.qianjin.id, fundCentralFen: 123_456 });
    expect(p).toMatchObject({
      code: '青山-2024-0001',
      township: '桦树镇',
      village: '前进村',
      status: 'planning',
      statusLabel: '谋划申报',
      totalFen: 123_456,
      fundsFen: { central: 123_456, provincial: 0, municipal: 0, county: 0, other: 0 },
      paidFen: 0,
      allocatedFen: 0,
      overAllocation: false,
    });
    expect(p.missingForBank).toContain('绩效目标');
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'create', entity: 'project', entityId: p.id, before: null });
    expect(JSON.parse(audit.after ?? '{}')).toMatchObject({ name: '前进村小水窖建设项目', code: '青山-2024-0001' });
    expect(await ledger.sql.value('select search_initials from projects where id = ?', [p.id])).toBe('qjcxsjjsxm hsz qjc');

    const second = await create({ year: 2024, name: '第二个项目' });
    expect(second.code).toBe('青山-2024-0002');
    expect((await create({ year: 2025, name: '下一年的项目' })).code).toBe('青山-2025-0001');
    expect((await api.ok<{ code: string }>('projects.suggestCode', { year: 2024 })).code).toBe('青山-2024-0003');
  });

  it('takes an edited number, continues after the highest, and keeps numbers unique among live projects', async () => {
    const a = await create({ year: 2024, name: '甲', code: '青山-2024-0007' });
    expect((await create({ year: 2024, name: '乙' })).code).toBe('青山-2024-0008');
    const before = await api.snapshot();
    const dup = await api.refused('projects.create', { year: 2024, name: '丙', code: '青山-2024-0007' });
    expect(dup).toMatchObject({ code: 'CONFLICT', field: 'code' });
    expect(dup.message).toContain('甲');
    expect(await api.snapshot()).toBe(before);
    await api.ok('projects.delete', { id: a.id, reason: '重复录入' });
    // A deleted project's number may be taken again; generated numbers still never reuse it.
    expect((await create({ year: 2024, name: '丙', code: '青山-2024-0007' })).code).toBe('青山-2024-0007');
    expect((await create({ year: 2024, name: '丁' })).code).toBe('青山-2024-0009');
    // Clearing the number asks for a new one.
    const d = await create({ year: 2024, name: '戊', code: 'X-1' });
    expect((await api.ok<ProjectDetail>('projects.update', { id: d.id, code: null })).code).toBe('青山-2024-0010');
  });

  it('lists the two-level type dictionary', async () => {
    const types = await api.ok<ProjectTypeNode[]>('projectTypes.list');
    expect(types.map((t) => t.name)).toEqual(['产业发展', '就业项目', '乡村建设行动', '易地搬迁后扶', '巩固三保障成果', '乡村治理和精神文明建设', '项目管理费', '其他']);
    expect(types[1]?.children.map((t) => t.name)).toEqual(['务工补助', '就业培训', '公益性岗位']);
  });
});

describe('项目：校验（中文提示、指明字段、不写入任何内容）', () => {
  const cases: Array<[string, () => Record<string, unknown>, string, RegExp]> = [
    ['negative money', () => ({ fundCentralFen: -1 }), 'fundCentralFen', /不能为负数/],
    ['money that is not whole fen', () => ({ fundProvincialFen: 100.5 }), 'fundProvincialFen', /整分/],
    ['money above 10^12 fen', () => ({ fundCountyFen: 1_000_000_000_001 }), 'fundCountyFen', /100 亿元/],
    ['money as text', () => ({ fundOtherFen: '100' }), 'fundOtherFen', /金额/],
    ['a day that does not exist', () => ({ plannedStart: '2024-02-30' }), 'plannedStart', /不是有效日期/],
    ['a month that does not exist', () => ({ actualEnd: '2024-13' }), 'actualEnd', /不是有效日期/],
    ['an unknown township', () => ({ townshipId: 9999, villageId: null }), 'townshipId', /没有编号为 9999 的乡镇/],
    ['an unknown village', () => ({ villageId: 9999 }), 'villageId', /没有编号为 9999 的村/],
    ['a village of another township', () => ({ villageId: c.xiaohe.id }), 'villageId', /“小河村”不属于“桦树镇”/],
    ['a township given as village', () => ({ villageId: c.nanshan.id }), 'villageId', /不是村/],
    ['an overlong name', () => ({ name: '项'.repeat(101) }), 'name', /不能超过 100 个字/],
    ['an empty name', () => ({ name: '   ' }), 'name', /请填写项目名称/],
    ['overlong content', () => ({ content: '字'.repeat(2001) }), 'content', /2000/],
    ['a subcategory of another category', () => ({ subcategoryId: c.type('产业发展/生产项目') }), 'subcategoryId', /不属于“乡村建设行动”/],
    ['an unknown category', () => ({ categoryId: 9999 }), 'categoryId', /没有编号为 9999/],
    ['a subcategory as category', () => ({ categoryId: c.type('产业发展/生产项目'), subcategoryId: null }), 'categoryId', /子类型/],
    ['an unknown department', () => ({ departmentId: 9999 }), 'departmentId', /主管部门/],
    ['poverty households above households', () => ({ povertyHouseholds: 321 }), 'povertyHouseholds', /其中脱贫户数（321）不能多于受益户数（320）/],
    ['poverty people above people', () => ({ povertyPeople: 1101 }), 'povertyPeople', /不能多于受益人数/],
    ['negative households', () => ({ beneficiaryHouseholds: -3 }), 'beneficiaryHouseholds', /不能为负数/],
    ['planned end before start', () => ({ plannedStart: '2024-05-01', plannedEnd: '2024-04-30' }), 'plannedEnd', /早于计划开工日期/],
    ['actual end before start (by month)', () => ({ actualStart: '2024-06', actualEnd: '2024-05-31' }), 'actualEnd', /早于实际开工日期/],
    ['an unknown 联农带农 word', () => ({ farmerLinkage: ['拍脑袋'] }), 'farmerLinkage.0', /联农带农方式应为/],
    ['an unknown status', () => ({ status: 'done' }), 'status', /项目状态不正确/],
    ['a year out of range', () => ({ year: 1999 }), 'year', /2000 年以后/],
  ];
  it.each(cases)('refuses %s', async (_label, override, field, message) => {
    const before = await api.snapshot();
    const err = await api.refused('projects.create', bankable(c, override()));
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
    expect(await api.snapshot()).toBe(before);
  });

  it('accepts a month-precision start with a day in the same month as end, and infers the township from the village', async () => {
    const p = await create(bankable(c, { townshipId: null, villageId: c.xiaohe.id, actualStart: '2024-06', actualEnd: '2024-06-20', status: 'completed' }));
    expect(p).toMatchObject({ townshipId: c.nanshan.id, township: '南山乡', village: '小河村', actualStart: '2024-06' });
    const sub = await create({ year: 2024, name: '只填子类型', subcategoryId: c.type('就业项目/公益性岗位') });
    expect(sub).toMatchObject({ category: '就业项目', subcategory: '公益性岗位' });
  });

  it('refuses the same bad inputs on update, writing nothing', async () => {
    const p = await create(bankable(c));
    const before = await api.snapshot();
    expect((await api.refused('projects.update', { id: p.id, fundCentralFen: -5 })).field).toBe('fundCentralFen');
    expect((await api.refused('projects.update', { id: p.id, plannedEnd: '2024-02-30' })).field).toBe('plannedEnd');
    expect((await api.refused('projects.update', { id: p.id, villageId: c.xiaohe.id })).field).toBe('villageId');
    expect((await api.refused('projects.update', { id: p.id, beneficiaryHouseholds: 100 })).field).toBe('povertyHouseholds');
    expect((await api.refused('projects.update', { id: p.id, name: '名'.repeat(101) })).field).toBe('name');
    expect((await api.refused('projects.update', { id: 9999, name: '不存在' })).code).toBe('NOT_FOUND');
    expect(await api.snapshot()).toBe(before);
  });
});

describe('项目：入库条件与状态流转', () => {
  it('refuses 入库 and later while DOMAIN.md bank fields are missing, listing all of them', async () => {
    const before = await api.snapshot();
    const err = await api.refused('projects.create', { year: 2024, name: '缺项目', status: 'banked', fundCentralFen: 0 });
    expect(err.field).toBe('categoryId');
    expect(err.message).toBe(
      '项目进入“入库”须先填写完整，还缺：项目类型、建设性质、实施地点（乡镇或地点）、计划开工、完工日期、主管部门或实施单位、建设内容及规模、资金规模、受益对象（受益村数、户数或人数）、绩效目标、联农带农方式、公示（开始、结束日期，公示结果为无异议或有异议已处理）；请补齐后再保存',
    );
    expect((await api.refused('projects.create', bankable(c, { fundCentralFen: 0, fundProvincialFen: 0, status: 'started' }))).message).toMatch(/还缺：资金规模；/);
    expect((await api.refused('projects.create', bankable(c, { farmerLinkage: [] }))).field).toBe('farmerLinkage');
    expect(await api.snapshot()).toBe(before);

    // A planning project may be incomplete; moving it into the bank is refused until it is complete.
    const p = await create({ year: 2024, name: '谋划中的项目', townshipId: c.huashu.id });
    expect((await api.refused('projects.update', { id: p.id, status: 'banked' })).message).toMatch(/还缺：项目类型/);
    const { year: _y, name: _n, status: _s, ...rest } = bankable(c);
    const banked = await api.ok<ProjectDetail>('projects.update', { id: p.id, ...rest, status: 'banked' });
    expect(banked).toMatchObject({ status: 'banked', missingForBank: [] });
  });

  it('moves forward freely; a step back needs a reason, which lands in the audit trail', async () => {
    const p = await create(bankable(c));
    const started = await api.ok<ProjectDetail>('projects.update', { id: p.id, status: 'started', actualStart: '2024-03-10' });
    expect(started.status).toBe('started');
    expect((await lastAudit()).reason).toBeNull();

    const before = await api.snapshot();
    const err = await api.refused('projects.update', { id: p.id, status: 'approved' });
    expect(err).toMatchObject({ code: 'VALIDATION', field: 'reason' });
    expect(err.message).toBe('项目状态从“开工”退回到“年度计划/立项”，须填写退回原因');
    expect(await api.snapshot()).toBe(before);

    const back = await api.ok<ProjectDetail>('projects.update', { id: p.id, status: 'approved', reason: '施工许可被撤回，重新立项' });
    expect(back.status).toBe('approved');
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'update', entity: 'project', entityId: p.id, reason: '施工许可被撤回，重新立项' });
    expect(JSON.parse(audit.before ?? '{}')).toEqual({ status: 'started' });
    expect(JSON.parse(audit.after ?? '{}')).toEqual({ status: 'approved' });
  });

  it('records only the changed fields in before/after and writes nothing for a no-op', async () => {
    const p = await create(bankable(c));
    await api.ok('projects.update', { id: p.id, name: '前进村道路硬化项目（一期）', fundCountyFen: 5_000_000 });
    const audit = await lastAudit();
    expect(JSON.parse(audit.before ?? '{}')).toEqual({ name: '前进村道路硬化项目', fundCountyFen: 0 });
    expect(JSON.parse(audit.after ?? '{}')).toEqual({ name: '前进村道路硬化项目（一期）', fundCountyFen: 5_000_000 });
    const before = await api.snapshot();
    await api.ok('projects.update', { id: p.id, name: '前进村道路硬化项目（一期）' });
    expect(await api.snapshot()).toBe(before);
  });
});

describe('资料不全：入库条件是门槛，不锁已有记录', () => {
  /** A township sheet with neither 绩效目标 nor 联农带农方式 nor dates, its projects already under way. */
  async function importIncomplete(): Promise<ProjectDetail> {
    const file = await exceljsXlsx(path.join(ledger.dir, 'township.xlsx'), [
      {
        name: 'Sheet1',
        rows: [
          ['青山县桦树镇2024年项目实施台账'],
          ['序号', '项目名称', '村', '项目类型', '资金规模（万元）', '项目状态', '备注'],
          [1, '前进村光伏电站', '前进村', '产业发展', 45.56165, '在建', null],
          [2, '新桑村道路硬化', '新桑村', '乡村建设行动', 12, '谋划申报', null],
        ],
      },
    ]);
    const result = await importFile(ledger, { path: file });
    expect(result.imported).toBe(2);
    // The import says so in one grouped line (the 谋划申报 row is not in the bank, so not counted).
    const flagged = result.warnings.filter((w) => w.message.startsWith('资料不全：缺少'));
    expect(flagged).toEqual([
      {
        kind: 'projectIncomplete',
        row: null,
        column: null,
        field: 'status',
        message:
          '资料不全：缺少建设性质、计划开工、完工日期、主管部门或实施单位、建设内容及规模、受益对象（受益村数、户数或人数）、绩效目标、联农带农方式、公示（开始、结束日期，公示结果为无异议或有异议已处理）的项目共 1 个（第 3 行），状态已在“入库”之后；已照常导入，项目库中标为“资料不全”，可勾选“只看资料不全”补齐',
      },
    ]);
    const page = await search({ keyword: '光伏' });
    const id = page.rows[0]?.id;
    if (id === undefined) throw new Error('imported project not found');
    return api.ok<ProjectDetail>('projects.get', { id });
  }

  it('keeps an imported 开工 project editable: 备注 saves with an audit row; the flag names what is missing', async () => {
    const p = await importIncomplete();
    expect(p.status).toBe('started');
    expect(p.incompleteFields).toContain('绩效目标');
    // The township's sheet carries no 公示 either.
    expect(p.incompleteFields).toContain('公示（开始、结束日期，公示结果为无异议或有异议已处理）');
    expect(p.incompleteFields).toHaveLength(8);

    const saved = await api.ok<ProjectDetail>('projects.update', { id: p.id, remark: '已与乡镇核对' });
    expect(saved.remark).toBe('已与乡镇核对');
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'update', entity: 'project', entityId: p.id });
    expect(JSON.parse(audit.after ?? '{}')).toEqual({ remark: '已与乡镇核对' });

    // Moving on (开工 → 完工) is an edit of a project already in the bank: not refused either.
    expect((await api.ok<ProjectDetail>('projects.update', { id: p.id, status: 'completed' })).status).toBe('completed');
    // Filling the fields clears the flag.
    const { year: _y, name: _n, status: _s, ...rest } = bankable(c);
    expect((await api.ok<ProjectDetail>('projects.update', { id: p.id, ...rest })).incompleteFields).toEqual([]);
  });

  it('refuses moving an incomplete 谋划申报 project into 入库, listing the missing fields, and writes nothing', async () => {
    const p = await create({ year: 2024, name: '谋划中的水窖', townshipId: c.huashu.id, fundCentralFen: 5_000_000 });
    expect(p.incompleteFields).toEqual([]);
    expect(p.missingForBank.length).toBeGreaterThan(0);
    const before = await api.snapshot();
    const err = await api.refused('projects.update', { id: p.id, status: 'banked' });
    expect(err).toMatchObject({ code: 'VALIDATION', field: 'categoryId' });
    expect(err.message).toBe(
      '项目进入“入库”须先填写完整，还缺：项目类型、建设性质、计划开工、完工日期、主管部门或实施单位、建设内容及规模、受益对象（受益村数、户数或人数）、绩效目标、联农带农方式、公示（开始、结束日期，公示结果为无异议或有异议已处理）；请补齐后再保存',
    );
    // Straight to 开工 by hand is entering the bank too.
    expect((await api.refused('projects.update', { id: p.id, status: 'started' })).message).toMatch(/^“开工”在“入库”之后，项目进入项目库须先填写完整，还缺：项目类型/);
    expect(await api.snapshot()).toBe(before);
  });

  it('flags 资料不全 in the 项目库 rows and filters to them through projects.search', async () => {
    await importIncomplete();
    await create(bankable(c, { name: '完整的项目', status: 'started' }));
    await create({ year: 2024, name: '谋划阶段的项目' });
    const all = await search({});
    const byName = new Map(all.rows.map((r) => [r.name, r.incompleteFields]));
    expect(byName.get('前进村光伏电站')).toHaveLength(8);
    expect(byName.get('完整的项目')).toEqual([]);
    expect(byName.get('谋划阶段的项目')).toEqual([]);
    expect(byName.get('新桑村道路硬化')).toEqual([]);
    const only = await search({ incomplete: true });
    expect(only.rows.map((r) => r.name)).toEqual(['前进村光伏电站']);
    expect(only.totals.count).toBe(1);
    expect(only.totals.totalFen).toBe(45_561_650);
    expect((await api.refused('projects.search', { incomplete: '是' })).code).toBe('VALIDATION');
  });

  it('the SQL filter agrees with the shared rule on every requirement, met and unmet', async () => {
    const full: BankFacts = {
      name: '项目',
      categoryId: c.type('产业发展'),
      constructionNature: '新建',
      townshipId: c.huashu.id,
      location: null,
      plannedStart: '2024-03',
      plannedEnd: '2024-10',
      departmentId: c.agri.id,
      implementerId: null,
      content: '内容',
      fundCentralFen: 100,
      fundProvincialFen: 0,
      fundMunicipalFen: 0,
      fundCountyFen: 0,
      fundOtherFen: 0,
      beneficiaryVillages: null,
      beneficiaryHouseholds: 3,
      beneficiaryPeople: null,
      performanceTarget: '目标',
      farmerLinkage: ['劳务联结'],
      farmerLinkageNote: null,
      publicityStart: '2024-01-10',
      publicityEnd: '2024-01-19',
      publicityResult: 'noObjection',
    };
    // Each requirement emptied in turn (and its alternative filled, where it has one), plus blank-looking text.
    const variants: Array<Partial<BankFacts>> = [
      {},
      { name: '\u3000' },
      { categoryId: null },
      { constructionNature: '  ' },
      { townshipId: null },
      { townshipId: null, location: '二组' },
      { plannedEnd: null },
      { departmentId: null },
      { departmentId: null, implementerId: c.water.id },
      { content: '' },
      { fundCentralFen: 0 },
      { fundCentralFen: 0, fundOtherFen: 1 },
      { beneficiaryHouseholds: 0 },
      { beneficiaryHouseholds: null, beneficiaryPeople: 5 },
      { performanceTarget: null },
      { farmerLinkage: [] },
      { farmerLinkage: null, farmerLinkageNote: '带动务工' },
      { publicityResult: 'objectionResolved' },
      { publicityResult: 'objectionPending' },
      { publicityResult: null },
      { publicityEnd: ' ' },
      { publicityStart: null },
    ];
    const insertSql = `insert into projects (year, name, category_id, construction_nature, township_id, location, planned_start, planned_end,
         department_id, implementer_id, content, fund_central_fen, fund_provincial_fen, fund_municipal_fen, fund_county_fen,
         fund_other_fen, beneficiary_villages, beneficiary_households, beneficiary_people, performance_target, farmer_linkage,
         farmer_linkage_note, publicity_start, publicity_end, publicity_result, status, created_at, updated_at)
       values (2024, @name, @categoryId, @constructionNature, @townshipId, @location, @plannedStart, @plannedEnd, @departmentId,
         @implementerId, @content, @fundCentralFen, @fundProvincialFen, @fundMunicipalFen, @fundCountyFen, @fundOtherFen,
         @beneficiaryVillages, @beneficiaryHouseholds, @beneficiaryPeople, @performanceTarget, @farmerLinkage, @farmerLinkageNote,
         @publicityStart, @publicityEnd, @publicityResult, 'banked', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z') returning id`;
    // Named parameters in the order they stand, as positional ones for the port.
    const names = [...insertSql.matchAll(/@(\w+)/g)].map((m) => m[1] as keyof typeof full);
    const positional = insertSql.replace(/@\w+/g, '?');
    for (const v of variants) {
      const f = { ...full, ...v };
      const row = { ...f, farmerLinkage: f.farmerLinkage === null ? null : JSON.stringify(f.farmerLinkage) };
      const id = Number(await ledger.sql.value(positional, names.map((n) => (row[n] ?? null) as SqlValue)));
      for (const r of BANK_REQUIREMENTS) {
        const met = Number(await ledger.sql.value(`select case when ${BANK_MET_SQL[r.key]} then 1 else 0 end from projects p where id = ?`, [id])) === 1;
        expect([JSON.stringify(v), r.key, met]).toEqual([JSON.stringify(v), r.key, r.met(f)]);
      }
      expect(incompleteFields('banked', f).length > 0).toBe(BANK_REQUIREMENTS.some((r) => !r.met(f)));
    }
  });
});

describe('项目：删除', () => {
  it('soft-deletes with a reason; refuses while the project has live payments', async () => {
    const p = await create(bankable(c));
    const alloc = await api.ok<{ id: number }>('allocations.create', { docNumber: '青财农字[2024]1号', level: 'central', date: '2024-02-01', amountFen: 50_000_000 });
    await api.ok('allocationSplits.set', { allocationId: alloc.id, splits: [{ projectId: p.id, amountFen: 40_000_000 }] });
    const pay = await api.ok<{ payment: { id: number } }>('payments.create', { projectId: p.id, date: '2024-04-01', amountFen: 1_000_000 });

    const before = await api.snapshot();
    expect((await api.refused('projects.delete', { id: p.id })).field).toBe('reason');
    const err = await api.refused('projects.delete', { id: p.id, reason: '录入错误' });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe('项目“前进村道路硬化项目”已有 1 笔拨付记录（合计 10,000.00 元），不能删除；请先删除或改挂这些拨付记录');
    expect(await api.snapshot()).toBe(before);

    await api.ok('payments.delete', { id: pay.payment.id, reason: '凭证作废' });
    await api.ok('projects.delete', { id: p.id, reason: '录入错误' });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'delete', entity: 'project', reason: '录入错误' });
    expect(JSON.parse(audit.before ?? '{}').splits).toEqual([{ allocationId: alloc.id, amountFen: 40_000_000 }]);
    expect(await ledger.sql.get('select case when deleted_at is not null then 1 else 0 end as deleted, delete_reason as reason from projects where id = ?', [p.id])).toEqual({ deleted: 1, reason: '录入错误' });
    expect(await ledger.sql.value('select count(*) from allocation_splits')).toBe(0);
    expect((await api.refused('projects.get', { id: p.id })).code).toBe('NOT_FOUND');
    expect((await search({})).totals.count).toBe(0);
  });

  it('refuses lowering the funds below what was paid', async () => {
    const p = await create(bankable(c));
    await api.ok('payments.create', { projectId: p.id, date: '2024-04-01', amountFen: 90_000_000 });
    const before = await api.snapshot();
    const err = await api.refused('projects.update', { id: p.id, fundProvincialFen: 0 });
    expect(err.message).toBe('该项目已拨付 900,000.00 元，资金规模不能调低到 800,000.00 元；请先调整拨付记录');
    expect(await api.snapshot()).toBe(before);
  });
});

describe('项目库：筛选、搜索、排序、分页与合计', () => {
  async function fixture() {
    const road = await create(bankable(c, { name: '前进村道路硬化项目', fundCentralFen: 100_00, fundProvincialFen: 50_00, fundCountyFen: 0 }));
    const water = await create(
      bankable(c, {
        name: '小水窖建设项目',
        villageId: c.xinsang.id,
        categoryId: c.type('乡村建设行动'),
        subcategoryId: c.type('乡村建设行动/人居环境整治'),
        departmentId: c.water.id,
        fundCentralFen: 300_00,
        fundProvincialFen: 0,
        fundMunicipalFen: 40_00,
        status: 'started',
      }),
    );
    const tea = await create(
      bankable(c, {
        name: '茶叶加工厂建设',
        townshipId: c.nanshan.id,
        villageId: c.xiaohe.id,
        categoryId: c.type('产业发展'),
        subcategoryId: c.type('产业发展/加工流通项目'),
        fundCentralFen: 0,
        fundProvincialFen: 0,
        fundOtherFen: 200_00,
        status: 'completed',
      }),
    );
    const old = await create({ year: 2023, name: '2023年小型水利设施', townshipId: c.huashu.id, fundCountyFen: 70_00 });
    await api.ok('payments.create', { projectId: road.id, date: '2024-05-01', amountFen: 30_00 });
    await api.ok('payments.create', { projectId: road.id, date: '2024-06-01', amountFen: 20_00 });
    await api.ok('payments.create', { projectId: water.id, date: '2024-06-01', amountFen: 111_11 });
    await api.ok('payments.create', { projectId: old.id, date: '2023-06-01', amountFen: 5_00 });
    return { road, water, tea, old };
  }

  it('filters by year, township, village, type, status, fund level and department, with totals of the whole set', async () => {
    const { road, water, tea, old } = await fixture();
    const all = await search({});
    expect(all.totals).toEqual({
      count: 4,
      fundsFen: { central: 400_00, provincial: 50_00, municipal: 40_00, county: 70_00, other: 200_00 },
      totalFen: 760_00,
      paidFen: 166_11,
    });
    const ids = async (input: Record<string, unknown>) => (await search(input)).rows.map((r) => r.id).sort((a, b) => a - b);
    expect(await ids({ year: 2024 })).toEqual([road.id, water.id, tea.id]);
    expect(await ids({ townshipId: c.huashu.id })).toEqual([road.id, water.id, old.id]);
    expect(await ids({ villageId: c.xinsang.id })).toEqual([water.id]);
    expect(await ids({ categoryId: c.type('产业发展') })).toEqual([tea.id]);
    expect(await ids({ subcategoryId: c.type('乡村建设行动/农村基础设施') })).toEqual([road.id]);
    expect(await ids({ status: ['started', 'completed'] })).toEqual([water.id, tea.id]);
    expect(await ids({ fundLevel: ['municipal', 'county'] })).toEqual([water.id, old.id]);
    expect(await ids({ fundLevel: ['other'] })).toEqual([tea.id]);
    expect(await ids({ departmentId: c.water.id })).toEqual([water.id]);

    const filtered = await search({ year: 2024, townshipId: c.huashu.id, limit: 1 });
    expect(filtered.rows).toHaveLength(1);
    expect(filtered.totals).toEqual({
      count: 2,
      fundsFen: { central: 400_00, provincial: 50_00, municipal: 40_00, county: 0, other: 0 },
      totalFen: 490_00,
      paidFen: 161_11,
    });
    const row = (await search({ villageId: c.qianjin.id })).rows[0];
    expect(row).toMatchObject({ id: road.id, township: '桦树镇', village: '前进村', paidFen: 50_00, allocatedFen: 0, overAllocation: true, totalFen: 150_00 });
  });

  it('searches Chinese text and pinyin initials of name, township and village', async () => {
    const { road, water, tea, old } = await fixture();
    const ids = async (keyword: string) => (await search({ keyword })).rows.map((r) => r.id).sort((a, b) => a - b);
    expect(await ids('xsj')).toEqual([water.id]); // 小水窖
    expect(await ids('XSJ')).toEqual([water.id]);
    expect(await ids('xsc')).toEqual([water.id]); // 新桑村
    expect(await ids('水窖')).toEqual([water.id]);
    expect(await ids('新桑')).toEqual([water.id]); // the village's name
    expect(await ids('南山')).toEqual([tea.id]); // the township's name
    expect(await ids('nsx')).toEqual([tea.id]);
    expect(await ids('道路 前进')).toEqual([road.id]); // every word must match
    expect(await ids('青山-2023')).toEqual([old.id]); // the number
    expect(await ids('100%')).toEqual([]); // LIKE wildcards are plain text
    expect(await ids('小水窖 nsx')).toEqual([]);
  });

  it('finds a name holding digits by its initials with the number or without it (qjcsyj, qjc2026)', async () => {
    const mushroom = await create({ year: 2026, name: '前进村2026年食用菌大棚建设项目', townshipId: c.huashu.id, villageId: c.qianjin.id });
    const solar = await create({ year: 2026, name: '光伏电站（200KW）扩建项目', townshipId: c.nanshan.id });
    await create({ year: 2026, name: '前进村食堂改造', townshipId: c.huashu.id });
    const ids = async (keyword: string) => (await search({ keyword })).rows.map((r) => r.id).sort((a, b) => a - b);
    expect(await ids('qjcsyj')).toEqual([mushroom.id]);
    expect(await ids('qjc2026')).toEqual([mushroom.id]);
    expect(await ids('qjc2026nsyj')).toEqual([mushroom.id]);
    expect(await ids('syjdp')).toEqual([mushroom.id]);
    expect(await ids('gfdz200kw')).toEqual([solar.id]); // Latin letters count as themselves
    expect(await ids('gfdzkj')).toEqual([solar.id]); // the number and its unit left out
    expect(await ids('jcsyj')).toEqual([mushroom.id]);
    expect(await ids('csyjq')).toEqual([]); // no match spans the name and the township
  });

  it('recomputes initials stored under an older rule on the first search of a connection', async () => {
    const p = await create({ year: 2026, name: '前进村2026年食用菌大棚建设项目', townshipId: c.huashu.id, villageId: c.qianjin.id });
    // As an earlier version stored them: one form only, the number in it; no rule recorded.
    await ledger.sql.run('update projects set search_initials = ? where id = ?', ['qjc2026nsyjdpjsxm hsz qjc', p.id]);
    await ledger.sql.run("delete from settings where key = 'searchInitialsRule'");
    expect((await search({ keyword: 'qjcsyj' })).rows.map((r) => r.id)).toEqual([p.id]);
    expect(await ledger.sql.value('select search_initials from projects where id = ?', [p.id])).toBe('qjc2026nsyjdpjsxm qjcsyjdpjsxm hsz qjc');
    expect(await ledger.sql.value("select value from settings where key = 'searchInitialsRule'")).toBe(String(INITIALS_RULE_VERSION));
  });

  it('项目类型 search finds a 子类型 by its everyday words, aliases and pinyin initials (种植 → 产业发展/生产项目)', async () => {
    await ledger.sql.run("update project_types set aliases = '美丽乡村、村庄清洁' where name = '人居环境整治'");
    const types = await api.ok<ProjectTypeNode[]>('projectTypes.list', {});
    const idOf = (name: string) => {
      for (const t of types) {
        if (t.name === name) return t.id;
        const sub = t.children.find((s) => s.name === name);
        if (sub) return sub.id;
      }
      throw new Error(name);
    };
    const names = (typed: string) =>
      projectTypePathsMatching(types, typed).map((path) => path.map((id) => types.flatMap((t) => [t, ...t.children]).find((t) => t.id === id)?.name).join('/'));
    expect(names('种植')).toEqual(['产业发展/生产项目']);
    expect(names('养殖')).toEqual(['产业发展/生产项目']);
    expect(names('生产')).toEqual(['产业发展/生产项目']);
    expect(names('scxm')).toEqual(['产业发展/生产项目']);
    expect(names('美丽')).toEqual(['乡村建设行动/人居环境整治']); // the office's alias
    expect(names('就业')).toEqual(['就业项目', '就业项目/务工补助', '就业项目/就业培训', '就业项目/公益性岗位']);
    expect(projectTypePathsMatching(types, '种植')).toEqual([[idOf('产业发展'), idOf('生产项目')]]);
    expect(names('火箭')).toEqual([]);
  });

  it('sorts by a whitelisted column and pages with offset/limit', async () => {
    const { road, water, tea, old } = await fixture();
    const order = async (input: Record<string, unknown>) => (await search(input)).rows.map((r) => r.id);
    expect(await order({ sortBy: 'totalFen', sortDir: 'desc' })).toEqual([water.id, tea.id, road.id, old.id]);
    expect(await order({ sortBy: 'totalFen', sortDir: 'asc' })).toEqual([old.id, road.id, tea.id, water.id]);
    expect(await order({ sortBy: 'paidFen' })).toEqual([water.id, road.id, old.id, tea.id]);
    expect(await order({ sortBy: 'status', sortDir: 'asc' })).toEqual([old.id, road.id, water.id, tea.id]);
    expect(await order({ sortBy: 'township', sortDir: 'desc' })).toEqual([tea.id, old.id, water.id, road.id]);
    expect(await order({ sortBy: 'name', sortDir: 'asc', limit: 2, offset: 1 })).toHaveLength(2);
    const page = await search({ sortBy: 'totalFen', sortDir: 'desc', limit: 2, offset: 2 });
    expect(page.rows.map((r) => r.id)).toEqual([road.id, old.id]);
    expect(page).toMatchObject({ offset: 2, limit: 2, totals: { count: 4 } });
    expect((await api.refused('projects.search', { sortBy: 'delete_reason' })).field).toBe('sortBy');
    expect((await api.refused('projects.search', { limit: 0 })).field).toBe('limit');
    expect((await api.refused('projects.search', { keyword: '字'.repeat(51) })).field).toBe('keyword');
  });

  it('fills missing initials lazily before a search (rows written by raw SQL) and on demand', async () => {
    const at = ledger.now().toISOString();
    await ledger.sql.run('insert into projects (year, name, township_id, village_id, created_at, updated_at) values (2024, ?, ?, ?, ?, ?)', ['小水窖维修', c.nanshan.id, c.xiaohe.id, at, at]);
    expect(await ledger.sql.value('select count(*) from projects where search_initials is null')).toBe(1);
    const found = await search({ keyword: 'xsjwx' });
    expect(found.rows.map((r) => r.name)).toEqual(['小水窖维修']);
    expect(await ledger.sql.value('select count(*) from projects where search_initials is null')).toBe(0);
    await ledger.sql.run("update projects set search_initials = 'stale'");
    const ids = await ledger.sql.column<number>('select id from projects');
    expect(await refreshProjectSearchInitials(ledger, ids)).toBe(1);
    expect(await ledger.sql.value('select search_initials from projects')).toBe(searchInitialsFor('小水窖维修', '南山乡', '小河村'));
    expect(searchInitialsFor('重庆长寿路', null, null)).toBe('cqcsl');
  });

  it('recomputes the totals of a filtered set after any write, including from another connection', async () => {
    const { road } = await fixture();
    const before = (await search({ year: 2024 })).totals;
    expect((await search({ year: 2024, offset: 1 })).totals).toEqual(before);
    await api.ok('payments.create', { projectId: road.id, date: '2024-06-01', amountFen: 1_00 });
    const afterOwnWrite = (await search({ year: 2024 })).totals;
    expect(afterOwnWrite.paidFen).toBe(before.paidFen + 1_00);
    const otherWrite = 'update projects set fund_county_fen = fund_county_fen + 7 where id = ?';
    if (ON_SERVER) {
      // Each of the pool's connections is another session of the server.
      await ledger.sql.run(otherWrite, [road.id]);
    } else {
      const other = new Database(ledger.dbFile);
      other.prepare(otherWrite).run(road.id);
      other.close();
    }
    expect((await search({ year: 2024 })).totals.fundsFen.county).toBe(afterOwnWrite.fundsFen.county + 7);
  });

  it('finds projects by the new name after their village is renamed', async () => {
    const { water } = await fixture();
    await api.ok('divisions.update', { id: c.xinsang.id, name: '幸福村' });
    const ids = async (keyword: string) => (await search({ keyword })).rows.map((r) => r.id);
    expect(await ids('xfc')).toEqual([water.id]);
    expect(await ids('xsc')).toEqual([]);
  });

  it('keeps the CLI projects.list shape unchanged', async () => {
    await fixture();
    const list = await api.ok<Page<ProjectListRow>>('projects.list', { year: 2024 });
    expect(list.total).toBe(3);
    expect(Object.keys(list.rows[0] ?? {}).sort()).toEqual(
      ['category', 'code', 'department', 'fundsFen', 'households', 'id', 'name', 'plannedEnd', 'plannedStart', 'povertyHouseholds', 'status', 'statusCode', 'subcategory', 'totalFen', 'township', 'village', 'year'].sort(),
    );
  });
});
