// Payments, allocations, findings and households: each kind's rules, matching and undo.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChainOnPort } from '../../electron/platform/audited-write';
import { dataPort } from '../../electron/platform/data-port';
import { importUndo } from '../../electron/ledger/imports/service';
import { idNumberCheckDigit } from '../../shared/id-number';
import { deadlineBeforeStart } from '../../shared/supervision/findings';
import { csvText, encodeCodepage, exceljsXlsx } from '../helpers/import-fixtures';
import { count, importPath, seedPlaces, type Places } from '../helpers/import-ledger';
import { testLedger, type TestLedger } from '../helpers/test-ledger';
import fs from 'node:fs';

let ledger: TestLedger;
let places: Places;
beforeEach(async () => {
  ledger = await testLedger({ now: () => new Date('2024-06-15T02:00:00Z') });
  places = await seedPlaces(ledger);
});
afterEach(() => ledger.dispose());
const file = (name: string) => path.join(ledger.dir, name);

/** Two 2024 projects in 桦树镇 (道路 100 000 元, 水窖 50 000 元) and a 2023 道路 in 柳林乡. */
async function projects(): Promise<void> {
  const f = await exceljsXlsx(file('projects.xlsx'), [
    {
      rows: [
        ['项目编号', '年度', '乡镇', '村', '项目名称', '总投资（元）'],
        ['HS-2024-01', 2024, '桦树镇', '前进村', '道路', 100_000],
        ['HS-2024-02', 2024, '桦树镇', '南山村', '水窖', 50_000],
        ['LL-2023-01', 2023, '柳林乡', '柳林村', '道路', 80_000],
      ],
    },
  ]);
  const r = await importPath(ledger, f);
  expect(r.imported).toBe(3);
}

describe('payments', () => {
  it('refuses a row that would pay a project above its funds (naming both sums), counting the rows above', async () => {
    await projects();
    const f = await exceljsXlsx(file('pay.xlsx'), [
      {
        rows: [
          ['项目编号', '拨付日期', '拨付金额（元）', '凭证号', '支付类型'],
          ['HS-2024-01', '2024-03-01', 60_000, '付1', '预拨'],
          ['HS-2024-01', '2024-04-01', 50_000, '付2', '进度款'],
          ['HS-2024-01', '2024-05-01', 40_000, '付3', '结算'],
          ['HS-2024-02', '2024年5月', 1_000, '付4', null],
          ['XX-0000', '2024-05-01', 1_000, '付5', null],
        ],
      },
    ]);
    const r = await importPath(ledger, f);
    expect(r.imported).toBe(2);
    const over = r.errors.find((e) => e.row === 3);
    expect(over?.message).toMatch(/资金规模 100,000\.00 元，已拨付 60,000\.00 元（含本表前面各行），本行 50,000\.00 元将超出 10,000\.00 元/);
    expect(r.errors.find((e) => e.row === 5)?.message).toMatch(/只有年月，这里需要具体到日/);
    expect(r.errors.find((e) => e.row === 6)?.message).toMatch(/没有项目编号为 XX-0000/);
    // No allocation yet: every imported payment is flagged 拨付超下达 and still imported.
    expect(r.warnings.filter((w) => /拨付超下达/.test(w.message)).map((w) => w.row)).toEqual([2, 4]);
    expect(await ledger.sql.all('select amount_fen, payment_type from payments order by id')).toEqual([
      { amount_fen: 6_000_000, payment_type: 'advance' },
      { amount_fen: 4_000_000, payment_type: 'settlement' },
    ]);
    // The same file again: the two payments are recognised, the refused rows are still refused.
    const again = await importPath(ledger, f);
    expect([again.imported, again.unchanged]).toEqual([0, 2]);
    expect(await count(ledger, 'payments')).toBe(2);
  });

  it('finds projects by name within the sheet’s township and the payment’s year; ambiguous names go in order, with a warning', async () => {
    await projects();
    const f = await exceljsXlsx(file('byname.xlsx'), [
      {
        rows: [
          ['桦树镇拨付明细'],
          ['项目名称', '拨付时间', '拨付金额（元）'],
          ['道路', '2024年3月5日', 1000],
          ['水窖', '2024/3/6', 2000],
          ['不存在的项目', '2024/3/6', 2000],
        ],
      },
    ]);
    const r = await importPath(ledger, f);
    expect(r.imported).toBe(2);
    expect(r.errors[0]?.message).toMatch(/没有名为“不存在的项目”的项目（桦树镇）/);
    const paid = await ledger.sql.column('select p.code from payments pay join projects p on p.id = pay.project_id order by pay.id');
    expect(paid).toEqual(['HS-2024-01', 'HS-2024-02']);
    // Without a township, 道路 exists twice: 2024 wins for a 2024 payment.
    const g = await exceljsXlsx(file('county.xlsx'), [{ rows: [['项目名称', '拨付日期', '拨付金额（元）'], ['道路', '2023-11-01', 500], ['道路', '2024-11-01', 500]] }]);
    const r2 = await importPath(ledger, g);
    expect(r2.imported).toBe(2);
    const codes = await ledger.sql.column('select p.code from payments pay join projects p on p.id = pay.project_id order by pay.id desc limit 2');
    expect(codes).toEqual(['HS-2024-01', 'LL-2023-01']);
  });

  it('a 50-row GBK CSV of payments with text amounts', async () => {
    await projects();
    const rows: Array<Array<string | number | null>> = [['序号', '项目编号', '拨付时间', '拨付金额(元)', '收款单位']];
    for (let i = 1; i <= 50; i += 1) rows.push([i, i % 2 ? 'HS-2024-01' : 'HS-2024-02', `2024年${(i % 12) + 1}月${(i % 27) + 1}日`, `${(i * 10).toLocaleString('en-US')}.50`, '青山县恒达建筑工程有限公司']);
    const f = file('pay-gbk.csv');
    fs.writeFileSync(f, encodeCodepage(csvText(rows), 936));
    const r = await importPath(ledger, f);
    expect(r.errors).toEqual([]);
    expect(r.imported).toBe(50);
    expect(r.totals.amountFen).toBe(rows.slice(1).reduce((s, x) => s + Number(x[0]) * 1000 + 50, 0));
  });
});

describe('allocations', () => {
  it('groups rows of a 文号 into one allocation split across projects, normalises brackets, refuses over-splitting', async () => {
    await projects();
    const f = await exceljsXlsx(file('alloc.xlsx'), [
      {
        rows: [
          ['文号', '下达日期', '资金名称', '下达金额（元）', '项目编号', '分配金额（元）'],
          ['青财农字【2024】12号', '2024-02-01', '中央财政衔接推进乡村振兴补助资金', 120_000, 'HS-2024-01', 70_000],
          ['青财农字[2024]12号', '2024-02-01', '中央财政衔接推进乡村振兴补助资金', 120_000, 'HS-2024-02', 40_000],
          ['青财农字〔2024〕13号', '2024-03-01', '省级衔接资金', 10_000, 'HS-2024-01', 20_000],
        ],
        merges: [],
      },
    ]);
    const r = await importPath(ledger, f);
    expect(r.kind).toBe('allocations');
    // Rows imported (two rows of one 文号 make one allocation with two splits).
    expect(r.imported).toBe(2);
    expect(r.errors[0]?.message).toMatch(/文号 青财农字〔2024〕13号 下达金额 10,000\.00 元，分配到项目合计 20,000\.00 元，超出/);
    expect(await ledger.sql.all('select doc_number, level, amount_fen from allocations')).toEqual([{ doc_number: '青财农字〔2024〕12号', level: 'central', amount_fen: 12_000_000 }]);
    expect(await ledger.sql.column('select amount_fen from allocation_splits order by project_id')).toEqual([7_000_000, 4_000_000]);
    // A payment naming the 文号 links it, within what was allocated: no 拨付超下达.
    const pay = await exceljsXlsx(file('pay.xlsx'), [{ rows: [['项目编号', '拨付日期', '拨付金额（元）', '资金文号'], ['HS-2024-01', '2024-04-01', 50_000, '青财农字(2024)12号']] }]);
    const p = await importPath(ledger, pay);
    expect(p.warnings).toEqual([]);
    expect(await ledger.sql.value('select allocation_id from payments')).toBe(1);
    // Undo the allocation batch: refused while the payment uses it.
    await expect(importUndo(ledger, { batchId: r.batchId as number })).rejects.toThrow(/拨付记录关联了本批次新增的文号/);
  });
});

describe('allocations by level columns', () => {
  it('one row with 中央/省级/县级 columns becomes one allocation per level of the same 文号', async () => {
    const f = await exceljsXlsx(file('levels.xlsx'), [
      {
        rows: [
          ['2024年衔接资金下达情况（单位：万元）'],
          ['文号', '下达时间', '资金名称', '中央', '省级', '县级', '合计'],
          ['青财农〔2024〕1号', '2024年1月15日', '衔接推进乡村振兴补助资金', 100, 20, null, 120],
          ['青财农〔2024〕7号', '2024-03-01', '衔接推进乡村振兴补助资金', null, null, '15', 16],
        ],
      },
    ]);
    const r = await importPath(ledger, f);
    expect(r.kind).toBe('allocations');
    expect(r.imported).toBe(2);
    expect(r.totals.amountFen).toBe(135_000_000);
    expect(r.warnings.find((w) => w.row === 4)?.message).toMatch(/下达金额 160,000\.00 元与各级次之和 150,000\.00 元不符/);
    expect(await ledger.sql.all('select doc_number, level, amount_fen, date from allocations order by id')).toEqual([
      { doc_number: '青财农〔2024〕1号', level: 'central', amount_fen: 100_000_000, date: '2024-01-15' },
      { doc_number: '青财农〔2024〕1号', level: 'provincial', amount_fen: 20_000_000, date: '2024-01-15' },
      { doc_number: '青财农〔2024〕7号', level: 'county', amount_fen: 15_000_000, date: '2024-03-01' },
    ]);
  });
});

describe('findings', () => {
  it('puts findings under the named inspection, reads 整改时限 from its date, maps statuses, updates by 序号', async () => {
    await ledger.sql.run("insert into inspections (name, source, start_date, end_date) values ('2024年第一轮督导', 'supervision', '2024-03-01', '2024-03-10')");
    const insp = await ledger.sql.value<number>("select id from inspections where name = '2024年第一轮督导'");
    const rows = (status: string) => [
      ['序号', '乡镇', '村', '问题类别', '问题描述', '整改措施', '整改时限', '整改进展', '是否完成'],
      [1, '桦树镇', '前进村', '四保障-住房安全', '危房改造\n未验收', '限期验收', '立行立改', '已安排', status],
      [2, null, null, '作风', '台账不全', '完善台账', '2024年底前', null, '否'],
      [3, '柳林乡', null, null, '公益性岗位人员考勤记录不全，存在替岗现象', null, '长期坚持', null, null],
      [4, '石佛镇', null, '档案资料', '档案缺失', null, '尽快', null, null],
    ];
    const f = await exceljsXlsx(file('find.xlsx'), [{ rows: rows('否'), merges: ['B2:B3'] }]);
    const r = await importPath(ledger, f, { inspection: '2024年第一轮督导' });
    expect(r.kind).toBe('findings');
    expect(r.inspection).toMatchObject({ id: Number(insp), isNew: false });
    expect(r.imported).toBe(3);
    expect(r.errors[0]).toMatchObject({ row: 5, column: 'G' });
    expect(r.errors[0]?.message).toMatch(/整改时限“尽快”无法识别/);
    const got = await ledger.sql.all(
      'select f.seq, t.name as township, f.category, f.status, f.deadline_date, f.deadline_text, f.description from findings f left join divisions t on t.id = f.township_id order by f.seq',
    );
    expect(got).toEqual([
      { seq: 1, township: '桦树镇', category: 'housing', status: 'inProgress', deadline_date: '2024-04-09', deadline_text: '立行立改', description: '危房改造\n未验收' },
      { seq: 2, township: '桦树镇', category: 'workStyle', status: 'notStarted', deadline_date: '2024-12-31', deadline_text: '2024年底前', description: '台账不全' },
      { seq: 3, township: '柳林乡', category: 'work', status: 'ongoing', deadline_date: null, deadline_text: '长期坚持', description: '公益性岗位人员考勤记录不全，存在替岗现象' },
    ]);
    expect(r.warnings.some((w) => /没有填写问题类别/.test(w.message))).toBe(true);
    // Next month's sheet: row 1 is done now.
    const g = await exceljsXlsx(file('find2.xlsx'), [{ rows: rows('是'), merges: ['B2:B3'] }]);
    const r2 = await importPath(ledger, g, { inspection: '2024年第一轮督导' });
    expect([r2.imported, r2.updated, r2.unchanged]).toEqual([0, 1, 2]);
    expect(await ledger.sql.value('select status from findings where seq = 1')).toBe('awaitingClose');
    // Each status the sheets reported is a dated workflow step.
    expect(await ledger.sql.all('select from_status, to_status, date, note from finding_updates order by id')).toEqual([
      { from_status: 'notStarted', to_status: 'inProgress', date: '2024-06-15', note: '导入“find.xlsx”：表中为“否”' },
      { from_status: 'inProgress', to_status: 'awaitingClose', date: '2024-06-15', note: '导入“find2.xlsx”：表中为“是”' },
    ]);
    // A later sheet cannot step it back; once 销号 it is not touched at all.
    const r3 = await importPath(ledger, f, { inspection: '2024年第一轮督导' });
    expect(r3.warnings.some((w) => w.row === 2 && /不会因导入而退回/.test(w.message))).toBe(true);
    await ledger.sql.run("update findings set status = 'closed' where seq = 1");
    const g2 = await exceljsXlsx(file('find3.xlsx'), [{ rows: rows('是').map((x, i) => (i === 1 ? x.map((v, j) => (j === 5 ? '重新整改' : v)) : x)), merges: ['B2:B3'] }]);
    const r4 = await importPath(ledger, g2, { inspection: '2024年第一轮督导' });
    expect(r4.skipped.find((x) => x.row === 2)?.reason).toMatch(/已销号/);
    // Undo of the first batch: refused, its finding has later steps of another batch.
    await expect(importUndo(ledger, { batchId: r.batchId as number })).rejects.toThrow();
    // Undo of the second: the finding was changed since (销号 here by hand): only with force.
    await expect(importUndo(ledger, { batchId: r2.batchId as number })).rejects.toThrow(/又被修改过/);
    await importUndo(ledger, { batchId: r2.batchId as number, force: true });
    expect(await ledger.sql.value('select status from findings where seq = 1')).toBe('inProgress');
    expect(await count(ledger, 'finding_updates')).toBe(1);
  });

  it('refuses a 整改时限 before the inspection began with the findings service’s own sentence', async () => {
    await ledger.sql.run("insert into inspections (name, source, start_date, end_date) values ('2024年第二轮督导', 'supervision', '2024-05-01', '2024-05-10')");
    const f = await exceljsXlsx(file('early.xlsx'), [{ rows: [['序号', '乡镇', '问题描述', '整改时限'], [1, '桦树镇', '资金拨付滞后', '2024年4月30日前'], [2, '桦树镇', '台账不全', '2024年底前']] }]);
    const r = await importPath(ledger, f, { inspection: '2024年第二轮督导' });
    expect(r.imported).toBe(1);
    expect(r.errors).toEqual([expect.objectContaining({ row: 2, column: 'D' })]);
    expect(r.errors[0]?.message).toBe(`第2行D列「整改时限」：${deadlineBeforeStart({ text: '2024年4月30日前', date: '2024-04-30' }, '2024-05-01') ?? ''}`);
    expect(r.errors[0]?.message).toMatch(/整改时限“2024年4月30日前”（2024-04-30）早于检查开始日期 2024-05-01，请检查整改时限$/);
  });

  it('names a new inspection after the sheet’s title and removes it again on undo', async () => {
    const f = await exceljsXlsx(file('new.xlsx'), [
      { rows: [['青山县2024年专项督查反馈问题整改台账'], ['序号', '乡镇', '问题描述', '整改时限', '整改情况'], [1, '柳林乡', '资金拨付滞后', '2024年9月30日前', '正在推进']], merges: ['A1:E1'] },
    ]);
    const r = await importPath(ledger, f);
    expect(r.inspection).toMatchObject({ name: '青山县2024年专项督查反馈问题整改台账', isNew: true });
    expect(await ledger.sql.value('select source from inspections')).toBe('special');
    expect(await ledger.sql.value('select status from findings')).toBe('inProgress');
    await importUndo(ledger, { batchId: r.batchId as number });
    expect([await count(ledger, 'findings'), await count(ledger, 'inspections')]).toEqual([0, 0]);
  });
});

const id = (first17: string) => first17 + idNumberCheckDigit(first17);

describe('households', () => {
  it('checks ID numbers without ever quoting them, refuses numbers Excel rounded, masks them in the audit', async () => {
    const good = id('63212319800101001');
    const other = id('11010519491231002');
    const bad = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`;
    const f = await exceljsXlsx(file('hh.xlsx'), [
      {
        rows: [
          ['户主姓名', '身份证号码', '家庭人口', '户类型', '乡镇', '村'],
          ['张三', good, 4, '脱贫户', '桦树镇', '前进村'],
          ['李四', bad, 3, '边缘户', '桦树镇', '前进村'],
          ['王五', Number('632123198001010010'), 3, '一般户', '桦树镇', '前进村'],
          ['赵六', good.toLowerCase(), 2, '脱贫户', '桦树镇', '南山村'],
          ['钱七', other, 5, '突发严重困难户', '柳林乡', '柳林村'],
        ],
      },
    ]);
    const r = await importPath(ledger, f);
    expect(r.imported).toBe(2);
    const all = JSON.stringify(r);
    for (const n of [good, bad, other]) expect(all.includes(n)).toBe(false);
    expect(r.errors.find((e) => e.row === 3)?.message).toMatch(/校验码不对/);
    expect(r.errors.find((e) => e.row === 4)?.message).toMatch(/存成了数字/);
    expect(r.errors.find((e) => e.row === 5)?.message).toMatch(/与第2行的身份证号相同/);
    expect(r.warnings.find((w) => w.row === 6)?.message).toMatch(/地址码/);
    expect(await ledger.sql.all('select id_number, household_type from households order by id')).toEqual([
      { id_number: good, household_type: 'lifted' },
      { id_number: other, household_type: 'sudden' },
    ]);
    const audit = await ledger.sql.column<string>("select after from audit_log where entity = 'household' order by id");
    expect(audit.join('')).not.toContain(good);
    expect(audit[0]).toContain('632123********');
    expect((await verifyChainOnPort(dataPort(ledger))).ok).toBe(true);
  });
});

describe('places of every kind', () => {
  it('a second 前进村 in the county: without a township the village is ambiguous and said so', async () => {
    const f = await exceljsXlsx(file('hh2.xlsx'), [{ rows: [['户主姓名', '身份证号', '村'], ['张三', id('63212319800101001'), '前进村']] }]);
    const r = await importPath(ledger, f);
    expect(r.errors[0]?.message).toMatch(/有 2 个村叫“前进村”，请填写乡镇以区分/);
    expect(places.v['石佛镇/前进村']).toBeGreaterThan(0);
  });
});
