// Understanding township project sheets: title and notes, multi-row headers, aliases, units, 合计/小计/
// footer/栏次 rows, hidden rows, places, reconciling totals, matching existing projects, undo.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChainOnPort } from '../../electron/platform/audited-write';
import { dataPort } from '../../electron/platform/data-port';
import { importUndo } from '../../electron/ledger/imports/service';
import { ledgerSnapshot } from '../helpers/county-fixture';
import { exceljsXlsx, sheetjsWrite, type Aoa } from '../helpers/import-fixtures';
import { count, importPath, seedPlaces, type Places } from '../helpers/import-ledger';
import { ON_SERVER, testLedger, type TestLedger } from '../helpers/test-ledger';

let ledger: TestLedger;
let places: Places;
beforeEach(async () => {
  ledger = await testLedger();
  places = await seedPlaces(ledger);
});
afterEach(() => ledger.dispose());

const file = (name: string) => path.join(ledger.dir, name);
const projects = () =>
  ledger.sql.all<Record<string, unknown>>(
    `select p.*, t.name as township, v.name as village, c.name as category from projects p
     left join divisions t on t.id = p.township_id left join divisions v on v.id = p.village_id
     left join project_types c on c.id = p.category_id where p.deleted_at is null order by p.id`,
  );
const chainIntact = async () => (await verifyChainOnPort(dataPort(ledger))).ok;

/** A county-style sheet: merged title, notes, a two-row header with 资金规模 over the levels, 合计, footer. */
function multiHeaderSheet(extra: Aoa = []): { rows: Aoa; merges: string[] } {
  return {
    rows: [
      ['青山县桦树镇2024年巩固拓展脱贫攻坚成果和乡村振兴项目实施台账'],
      ['填报单位：桦树镇人民政府', null, null, null, null, null, null, null, null, null, '单位：万元'],
      ['序号', '项 目 名 称', '项目\n类型', '实施地点', '资金规模', null, null, null, null, null, '项目状态'],
      [null, null, null, null, '合计', '中央', '省级', '市级', '县级', '其他', null],
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      [1, '前进村道路硬化', '乡村建设行动', '前进村', 30, 20, 5, 0, 5, '—', '在建'],
      [2, '南山村肉牛养殖', '产业发展', '南山村', 12.345678, 12.345678, null, null, null, null, '已完工'],
      [null, null, null, null, null, null, null, null, null, null, null],
      [3, '桦树沟村公益性岗位', '公益性岗位', '桦树沟村', 8, 8, null, null, null, null, '未开工'],
      ...extra,
      ['合计', null, null, null, 50.345678, 40.345678, 5, 0, 5, 0, null],
      ['填表人：孙丽', null, null, '审核人：周强', null, null, null, '填报日期：2024年4月1日'],
    ],
    merges: ['A1:K1', 'A3:A4', 'B3:B4', 'C3:C4', 'D3:D4', 'E3:J3', 'K3:K4', 'H12:K12'],
  };
}

describe('the header block and the rows around it', () => {
  it('reads a two-row header under a title and notes, in 万元, with 栏次, blank, 合计 and footer rows', async () => {
    const f = await exceljsXlsx(file('multi.xlsx'), [multiHeaderSheet()]);
    const r = await importPath(ledger, f);
    expect(r.kind).toBe('projects');
    expect(r.unit).toBe('wan');
    expect(r.errors).toEqual([]);
    expect(r.imported).toBe(3);
    expect(r.township).toMatchObject({ name: '桦树镇', source: 'reportingUnit' });
    expect(r.skipped.map((s) => [s.row, s.reason.slice(0, 2)])).toEqual([
      [5, '栏次'],
      [10, '合计'],
      [11, '表尾'],
    ]);
    // Every non-blank row below the header is imported, skipped or in error.
    expect(r.rowsRead).toBe(r.imported + r.updated + r.skipped.length);
    const rows = await projects();
    expect(rows.map((p) => [p.name, p.village, p.category, p.status])).toEqual([
      ['前进村道路硬化', '前进村', '乡村建设行动', 'started'],
      ['南山村肉牛养殖', '南山村', '产业发展', 'completed'],
      ['桦树沟村公益性岗位', '桦树沟村', '就业项目', 'approved'],
    ]);
    expect(rows[0]).toMatchObject({ fund_central_fen: 20_000_000, fund_provincial_fen: 5_000_000, fund_municipal_fen: 0, fund_county_fen: 5_000_000, fund_other_fen: 0, year: 2024 });
    expect(rows[1]).toMatchObject({ fund_central_fen: 12_345_678 });
    expect(r.totals.amountFen).toBe(50_345_678);
    expect(r.reconcile.every((x) => x.ok)).toBe(true);
    expect(r.batchId).toBeGreaterThan(0);
    expect(await chainIntact()).toBe(true);
  });

  it('matches header synonyms, units written in headers, a 建设地点 naming township and village', async () => {
    const f = sheetjsWrite(file('aliases.xls'), [
      {
        rows: [
          ['项目名称', '建设\n地点', '项目类别', '总投资（元）', '计划开工时间', '计划完工时间', '受益户数（户）', '建设性质', '实施进度'],
          ['石佛村节水灌溉', '石佛镇石佛村', '乡村建设行动', '150,000.00', '2024.3', '2024年10月', '35户', '新建', '已完工'],
          ['前进村小水窖', '石佛镇前进村', '乡村建设行动', '15万', '2024/4/1', '2024/9/30', 20, '新建', '已验收'],
        ],
      },
    ], 'xls');
    const r = await importPath(ledger, f);
    expect(r.errors).toEqual([]);
    const rows = await projects();
    expect(rows.map((p) => [p.township, p.village, p.fund_central_fen, p.planned_start, p.planned_end, p.beneficiary_households, p.construction_nature])).toEqual([
      ['石佛镇', '石佛村', 15_000_000, '2024-03', '2024-10', 35, '新建'],
      ['石佛镇', '前进村', 15_000_000, '2024-04-01', '2024-09-30', 20, '新建'],
    ]);
    // The two 前进村 of the county stay apart: this one is 石佛镇's.
    expect(rows[1]?.village_id).toBe(places.v['石佛镇/前进村']);
  });

  it('fills merged township cells down and reads the township from each row', async () => {
    const f = await exceljsXlsx(file('merged.xlsx'), [
      {
        rows: [
          ['乡镇', '村', '项目名称', '资金规模（万元）'],
          ['桦树镇', '前进村', '道路', 10],
          [null, '南山村', '水窖', 5],
          ['柳林乡', '柳林村', '大棚', 7],
          [null, '东山村', '光伏', 9],
        ],
        merges: ['A2:A3', 'A4:A5'],
      },
    ]);
    const r = await importPath(ledger, f, { unit: 'wan' });
    expect(r.errors).toEqual([]);
    expect((await projects()).map((p) => `${p.township}/${p.village}`)).toEqual(['桦树镇/前进村', '桦树镇/南山村', '柳林乡/柳林村', '柳林乡/东山村']);
  });

  it('skips hidden rows and says so, and imports them when asked', async () => {
    const sheet = multiHeaderSheet();
    const f = await exceljsXlsx(file('hidden.xlsx'), [{ ...sheet, hiddenRows: [9] }]);
    const r = await importPath(ledger, f, { dryRun: true });
    expect(r.imported).toBe(2);
    expect(r.skipped.find((s) => s.row === 9)?.reason).toMatch(/隐藏行/);
    // The 合计 still covers the hidden row (Excel's SUM does): no mismatch.
    expect(r.reconcile.every((x) => x.ok)).toBe(true);
    const all = await importPath(ledger, f, { includeHiddenRows: true });
    expect(all.imported).toBe(3);
  });
});

describe('templates as counties hand them out', () => {
  it('a three-row money header, 合计 first, 其中 rows, pre-numbered empty rows, continuation rows, 村 with 组', async () => {
    const f = await exceljsXlsx(file('template.xlsx'), [
      {
        rows: [
          ['附件2', null, null, null, null, null, null, null, null, null, null],
          ['桦树镇2024年衔接资金项目计划表'],
          ['序号', '项目名称', '建设地点', '资金来源（万元）', null, null, null, null, null, null, '实施进度'],
          [null, null, null, '合计', '财政衔接资金', null, null, null, null, '其他资金', null],
          [null, null, null, null, '小计', '中央', '省级', '市级', '县级', null, null],
          [null, '合计', null, 33, 30, 20, 5, 2, 3, 3, null],
          [null, '其中：产业项目', null, 20, 20, 20, null, null, null, null, null],
          [1, '前进村肉牛养殖', '前进村一组', 20, 20, 20, null, null, null, null, '完成投资80%'],
          [2, '南山村道路', '南山村', 13, 10, null, 5, 2, 3, 3, '已完工'],
          [null, '南山村道路', '南山村二组', null, null, null, null, null, null, null, null],
          [3, null, null, 0, null, null, null, null, null, null, null],
          [4, null, null, null, null, null, null, null, null, null, null],
        ],
        merges: ['A1:K1', 'A2:K2', 'A3:A5', 'B3:B5', 'C3:C5', 'D3:J3', 'D4:D5', 'E4:I4', 'J4:J5', 'K3:K5', 'B9:B10'],
      },
    ]);
    const r = await importPath(ledger, f);
    expect(r.errors).toEqual([]);
    expect(r.unit).toBe('wan');
    expect(r.imported).toBe(2);
    expect(r.skipped.map((x) => [x.row, x.reason.slice(0, 6)])).toEqual([
      [6, '合计行，不导'],
      [7, '合计的分项（'],
      [10, '与上一行合并'],
    ]);
    const rows = await projects();
    expect(rows.map((p) => [p.name, p.village, p.location, p.status, p.fund_central_fen, p.fund_provincial_fen, p.fund_municipal_fen, p.fund_county_fen, p.fund_other_fen])).toEqual([
      ['前进村肉牛养殖', '前进村', '前进村一组', 'started', 20_000_000, 0, 0, 0, 0],
      ['南山村道路', '南山村', null, 'completed', 0, 5_000_000, 2_000_000, 3_000_000, 3_000_000],
    ]);
    // The 合计 above the data covers the rows below it; the 衔接资金 小计 column is checked against its levels.
    expect(r.reconcile.filter((x) => !x.ok)).toEqual([]);
  });
});

describe('reconciling totals', () => {
  it('names the rows whose numbers are text when the 合计 skipped them, and stores the parts', async () => {
    const f = await exceljsXlsx(file('text-numbers.xlsx'), [
      {
        rows: [
          ['桦树镇项目台账（单位：元）'],
          ['项目名称', '建设地点', '总投资', '衔接资金', '其他资金'],
          ['道路', '前进村', 1000, '1,000', null],
          ['水窖', '南山村', '2,000', 1500, 500],
          ['大棚', '向阳村', 3000, 2000, '900'],
          ['合计', null, { formula: 'SUM(C3:C5)', result: 4000 }, null, null],
        ],
      },
    ]);
    const r = await importPath(ledger, f);
    expect(r.imported).toBe(3);
    const totalWarning = r.warnings.find((w) => w.row === 6);
    expect(totalWarning?.message).toMatch(/合计/);
    expect(totalWarning?.message).toMatch(/第4行.*文本/);
    // Row 5: 3 000 stated, 2 000 + 900 from the parts (900 written as text) — the parts are stored.
    const row5 = r.warnings.find((w) => w.row === 5);
    expect(row5?.message).toMatch(/总投资 3,000\.00 元与各资金来源之和 2,900\.00 元不符/);
    expect(row5?.message).toMatch(/文本/);
    expect((await projects()).map((p) => [p.fund_central_fen, p.fund_other_fen])).toEqual([
      [100_000, 0],
      [150_000, 50_000],
      [200_000, 90_000],
    ]);
    expect(r.totals.amountFen).toBe(100_000 + 200_000 + 290_000);
  });

  it('checks 小计 rows per section', async () => {
    const f = await exceljsXlsx(file('subtotals.xlsx'), [
      {
        rows: [
          ['项目名称', '建设地点', '总投资（元）'],
          ['一、产业发展类'],
          ['大棚', '前进村', 100],
          ['养殖', '南山村', 200],
          ['小计', null, 300],
          ['二、基础设施类'],
          ['道路', '向阳村', 50],
          ['小计', null, 60],
          ['合计', null, 350],
        ],
        merges: ['A2:C2', 'A6:C6'],
      },
    ]);
    const r = await importPath(ledger, f, { township: '桦树' });
    expect(r.imported).toBe(3);
    expect(r.skipped.filter((s) => /分类标题/.test(s.reason)).map((s) => s.row)).toEqual([2, 6]);
    expect(r.reconcile.map((x) => [x.row, x.ok])).toEqual([
      [5, true],
      [8, false],
      [9, true],
    ]);
    expect(r.warnings.find((w) => w.row === 8)?.message).toMatch(/小计60\.00 元与各行之和 50\.00 元不符/);
  });
});

describe('places, townships and units', () => {
  it('an unknown village is a row error naming it; the good rows still import (one transaction)', async () => {
    const f = await exceljsXlsx(file('unknown.xlsx'), [
      { rows: [['桦树镇项目台账'], ['项目名称', '村', '总投资（元）'], ['道路', '前进村', 100], ['水窖', '火星村', 200], ['大棚', '南山', 300]] },
    ]);
    const before = await count(ledger, 'divisions');
    const r = await importPath(ledger, f);
    expect(r.imported).toBe(2);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 4, column: 'B' });
    expect(r.errors[0]?.message).toMatch(/第4行B列.*“桦树镇”下没有村“火星村”/);
    expect(await count(ledger, 'divisions')).toBe(before);
  });

  it('--add-places adds the village (and a township named in the title) and reports each', async () => {
    const f = await exceljsXlsx(file('add.xlsx'), [
      { rows: [['石门镇2024年项目台账'], ['项目名称', '村', '总投资（元）'], ['道路', '石门村', 100], ['水窖', '红旗村', 200], ['大棚', '石门村', 300]] },
    ]);
    const refused = await importPath(ledger, f, { dryRun: true });
    expect(refused.imported).toBe(0);
    expect(refused.errors).toHaveLength(3);
    const r = await importPath(ledger, f, { addPlaces: true });
    expect(r.imported).toBe(3);
    const added = r.warnings.filter((w) => /已添加/.test(w.message)).map((w) => w.message);
    expect(added).toHaveLength(3);
    expect(added[0]).toMatch(/乡镇“石门镇”/);
    const codes = await ledger.sql.all("select name, code from divisions where name in ('石门镇', '石门村', '红旗村') order by code");
    expect(codes).toEqual([
      { name: '石门镇', code: '632123102000' },
      { name: '石门村', code: '632123102200' },
      { name: '红旗村', code: '632123102201' },
    ]);
    // Undo removes the places it added.
    await importUndo(ledger, { batchId: r.batchId as number });
    expect(await count(ledger, 'divisions', "name in ('石门镇', '石门村', '红旗村')")).toBe(0);
  });

  it('--township overrides the title; an unknown one is refused in Chinese', async () => {
    const f = await exceljsXlsx(file('tw.xlsx'), [{ rows: [['桦树镇台账'], ['项目名称', '村', '总投资（元）'], ['灌溉', '柳林村', 100]] }]);
    const r = await importPath(ledger, f, { township: '柳林' });
    expect(r.township).toMatchObject({ name: '柳林乡', source: 'option' });
    expect((await projects())[0]).toMatchObject({ township: '柳林乡', village: '柳林村' });
    await expect(importPath(ledger, f, { township: '不存在镇' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/不存在镇/) });
  });

  it('keeps unknown 主管部门 names in 备注 and warns', async () => {
    const f = await exceljsXlsx(file('units.xlsx'), [{ rows: [['项目名称', '村', '总投资（元）', '主管部门'], ['灌溉', '柳林村', 100, '县水利局']] }]);
    const r = await importPath(ledger, f, { township: '柳林乡' });
    expect(r.warnings.some((w) => /县水利局/.test(w.message))).toBe(true);
    expect((await projects())[0]?.remark).toBe('主管部门：县水利局');
  });
});

describe('units and values', () => {
  it('guesses 万元 when nothing says the unit and every amount is small, and says so', async () => {
    const f = await exceljsXlsx(file('guess.xlsx'), [
      { rows: [['项目名称', '村', '总投资'], ['道路', '前进村', 30.5], ['水窖', '南山村', 12], ['大棚', '向阳村', 8.25]] },
    ]);
    const r = await importPath(ledger, f, { township: '桦树镇' });
    expect(r.unit).toBe('wan');
    expect(r.warnings.some((w) => /按“万元”导入/.test(w.message))).toBe(true);
    expect((await projects())[0]?.fund_central_fen).toBe(30_500_000);
    const yuan = await importPath(ledger, f, { township: '桦树镇', unit: 'yuan', dryRun: true });
    expect(yuan.unit).toBe('yuan');
    expect(yuan.totals.amountFen).toBe(5075);
  });

  it('reports a bad cell with its row, column and header, and imports the other rows', async () => {
    const f = await exceljsXlsx(file('bad-cells.xlsx'), [
      {
        rows: [
          ['项目名称', '村', '总投资（元）', '计划开工', '计划完工', '项目状态'],
          ['道路', '前进村', 'abc', '2024-03-01', '2024-09-30', '在建'],
          ['水窖', '南山村', 100, '2024-13-01', '2024-09-30', '在建'],
          ['大棚', '向阳村', 100, '2024-09-01', '2024-03-30', '在建'],
          ['光伏', '前进村', 100, '2024-03-01', '2024-09-30', '搞着呢'],
          ['', '前进村', 100, null, null, null],
          ['养殖', '南山村', 0.001, null, null, null],
          ['好项目', '南山村', 100, null, null, null],
        ],
      },
    ]);
    const r = await importPath(ledger, f, { township: '桦树镇' });
    expect(r.imported).toBe(1);
    const at = (row: number) => r.errors.filter((e) => e.row === row).map((e) => `${e.column}:${e.message}`);
    expect(at(2)[0]).toMatch(/^C:第2行C列「总投资（元）」：“abc”不是金额/);
    expect(at(3)[0]).toMatch(/^D:.*不是存在的月份|^D:.*不是/);
    expect(at(4)[0]).toMatch(/^E:.*计划完工日期 2024-03-30 早于计划开工日期 2024-09-01/);
    expect(at(5)[0]).toMatch(/^F:.*项目状态“搞着呢”无法识别/);
    expect(at(6)[0]).toMatch(/项目名称为空/);
    expect(at(7)[0]).toMatch(/不是整分/);
  });
});

describe('matching existing projects', () => {
  const sheet = (amount: number, status = '在建'): Aoa => [
    ['桦树镇2024年项目台账（单位：万元）'],
    ['项目名称', '村', '总投资', '项目状态'],
    ['道路', '前进村', amount, status],
    ['水窖', '南山村', 5, '在建'],
    ['水窖', '南山村', 6, '在建'],
  ];

  it('the same file again: recognised by its hash, every row unchanged, no new batch', async () => {
    const f = await exceljsXlsx(file('again.xlsx'), [{ rows: sheet(10) }]);
    const first = await importPath(ledger, f);
    expect(first.imported).toBe(3);
    // Imported at 06:30 on 2 December in the office (22:30Z on the 1st): the note names the office's day.
    await ledger.sql.run('update import_batches set created_at = ?', ['2026-12-01T22:30:00.000Z']);
    const second = await importPath(ledger, f);
    expect([second.imported, second.updated, second.unchanged, second.batchId]).toEqual([0, 0, 3, null]);
    expect(second.warnings.some((w) => /同一文件已于 2026-12-02 导入过/.test(w.message))).toBe(true);
    expect(second.skipped.every((s) => /一致/.test(s.reason))).toBe(true);
    expect(await count(ledger, 'projects')).toBe(3);
    expect(await count(ledger, 'import_batches')).toBe(1);
  });

  it('a changed sheet updates in place (before/after in the audit), or skips when asked; undo restores', async () => {
    await importPath(ledger, await exceljsXlsx(file('v1.xlsx'), [{ rows: sheet(10) }]));
    const v2 = await exceljsXlsx(file('v2.xlsx'), [{ rows: sheet(12, '已完工') }]);
    const skipped = await importPath(ledger, v2, { onMatch: 'skip' });
    expect([skipped.imported, skipped.updated]).toEqual([0, 0]);
    expect(skipped.skipped.filter((s) => /按设置跳过/.test(s.reason))).toHaveLength(3);
    const r = await importPath(ledger, v2);
    expect([r.imported, r.updated, r.unchanged]).toEqual([0, 1, 2]);
    const road = (await projects())[0];
    expect(road).toMatchObject({ fund_central_fen: 12_000_000, status: 'completed' });
    const audit = await ledger.sql.get<{ before: string; after: string }>("select before, after from audit_log where entity = 'project' and action = 'update' and import_batch_id = ?", [r.batchId]);
    expect(JSON.parse(audit?.before ?? 'null')).toEqual({ fundCentralFen: 10_000_000, status: 'started' });
    expect(JSON.parse(audit?.after ?? 'null')).toEqual({ fundCentralFen: 12_000_000, status: 'completed' });
    const undo = await importUndo(ledger, { batchId: r.batchId as number });
    expect(undo).toEqual({ batchId: r.batchId, removed: 0, restored: 1 });
    expect((await projects())[0]).toMatchObject({ fund_central_fen: 10_000_000, status: 'started' });
    expect(await chainIntact()).toBe(true);
    await expect(importUndo(ledger, { batchId: r.batchId as number })).rejects.toThrow(/已经撤销/);
  });

  it('never steps a status back through an import', async () => {
    await importPath(ledger, await exceljsXlsx(file('s1.xlsx'), [{ rows: sheet(10, '已验收') }]));
    const r = await importPath(ledger, await exceljsXlsx(file('s2.xlsx'), [{ rows: sheet(10, '在建') }]));
    expect(r.warnings.some((w) => /不会因导入而退回/.test(w.message))).toBe(true);
    expect((await projects())[0]?.status).toBe('accepted');
  });

  it('uses and checks 项目编号; repeated names are told apart in order', async () => {
    const f = await exceljsXlsx(file('codes.xlsx'), [
      {
        rows: [
          ['项目编号', '项目名称', '村', '总投资（元）'],
          ['QS-2024-0100', '道路', '前进村', 100],
          ['QS-2024-0100', '道路二', '前进村', 100],
          [null, '道路', '前进村', 200],
        ],
      },
    ]);
    const r = await importPath(ledger, f, { township: '桦树镇' });
    expect(r.imported).toBe(2);
    expect(r.errors[0]?.message).toMatch(/项目编号 QS-2024-0100 与第2行重复/);
    // No year anywhere in the sheet: this year, said once.
    const year = new Date().getFullYear();
    expect(r.warnings.some((w) => w.message.includes(`按今年（${year}年）导入`))).toBe(true);
    expect((await projects()).map((p) => p.code)).toEqual(['QS-2024-0100', `青山-${year}-0001`]);
  });

  it('undo of a batch that created projects removes them; refused while a later batch pays on them', async () => {
    const created = await importPath(ledger, await exceljsXlsx(file('p.xlsx'), [{ rows: sheet(10) }]));
    const pay = await exceljsXlsx(file('pay.xlsx'), [
      { rows: [['项目名称', '村', '拨付日期', '拨付金额（元）'], ['道路', '前进村', '2024-05-01', 1000]] },
    ]);
    const paid = await importPath(ledger, pay, { township: '桦树镇' });
    expect(paid.imported).toBe(1);
    await expect(importUndo(ledger, { batchId: created.batchId as number })).rejects.toThrow(new RegExp(`拨付记录.*批次 ${paid.batchId}`));
    await importUndo(ledger, { batchId: paid.batchId as number });
    const undo = await importUndo(ledger, { batchId: created.batchId as number });
    expect(undo.removed).toBe(3);
    expect(await count(ledger, 'projects')).toBe(0);
    expect(await ledger.sql.column('select status from import_batches order by id')).toEqual(['undone', 'undone']);
  });
});

describe('kinds and sheets', () => {
  it('detects the kind from the headers, refuses a kind the headers cannot serve, picks the ledger sheet', async () => {
    const f = await exceljsXlsx(file('sheets.xlsx'), [
      { name: '填表说明', rows: [['填表说明'], ['1. 金额单位为万元'], ['2. 日期写到日']] },
      { name: '项目台账', rows: [['项目名称', '村', '总投资（万元）'], ['道路', '前进村', 10]] },
      { name: '拨付', rows: [['项目名称', '拨付日期', '拨付金额（元）'], ['道路', '2024-05-01', 1000]] },
    ]);
    const r = await importPath(ledger, f, { township: '桦树镇', dryRun: true });
    expect([r.sheet, r.kind]).toEqual(['项目台账', 'projects']);
    const p = await importPath(ledger, f, { township: '桦树镇', kind: 'payments', dryRun: true });
    expect([p.sheet, p.kind]).toEqual(['拨付', 'payments']);
    const chosen = await importPath(ledger, f, { township: '桦树镇', sheet: '拨付', dryRun: true });
    expect(chosen.kind).toBe('payments');
    await expect(importPath(ledger, f, { sheet: '不存在' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(importPath(ledger, f, { sheet: '项目台账', kind: 'households' })).rejects.toMatchObject({ code: 'NO_HEADER' });
    expect(await count(ledger, 'projects')).toBe(0);
  });
});

describe('the import file is kept out of the database', () => {
  it('a dry run writes nothing', async () => {
    const f = await exceljsXlsx(file('dry.xlsx'), [multiHeaderSheet()]);
    // A file also keeps its size; the server has no file, its rows are the whole check.
    const fileSize = () => (ON_SERVER ? null : fs.statSync(ledger.dbFile).size);
    const before = { rows: await ledgerSnapshot(ledger), size: fileSize() };
    const r = await importPath(ledger, f, { dryRun: true, addPlaces: true });
    expect(r.imported).toBe(3);
    expect(r.batchId).toBeNull();
    expect(await count(ledger, 'projects')).toBe(0);
    expect({ rows: await ledgerSnapshot(ledger), size: fileSize() }).toEqual(before);
  });
});
