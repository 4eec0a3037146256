// 导入模板: each kind's blank template has drop-downs from this ledger, validation, hints and a locked header;
// filled in as a township would (in a spreadsheet program: exceljs here) it imports with no mapping question.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportKind } from '../../shared/enums';
import { idNumberCheckDigit } from '../../shared/id-number';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { buildTemplate, TEMPLATE_COLUMNS, TEMPLATE_ROWS } from '../../electron/ledger/exports/templates';
import { importClose, importFile, importOpen, importPreview } from '../../electron/ledger/imports/service';
import { testLedger, type TestLedger } from '../helpers/test-ledger';

const NOW = new Date('2026-11-24T10:00:00+08:00');
let ledger: TestLedger;
let dir: string;

beforeAll(async () => {
  ledger = await testLedger({ now: () => new Date(NOW.getTime()) });
  await loadDemoData(ledger, { scale: 1, seed: 99 });
  dir = ledger.dir;
});

afterAll(() => ledger.dispose());

const one = async <T>(sql: string): Promise<T> => (await ledger.sql.value<T>(sql)) as T;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

function validId(seq: number): string {
  const first17 = `63212319850${String(101 + (seq % 28)).padStart(3, '0')}${String(100 + seq).slice(-3)}`.slice(0, 17);
  return first17 + idNumberCheckDigit(first17);
}

/** The project with the most of its funds still unpaid (a payment may not take a project above its funds). */
const ROOMIEST_PROJECT = `select {col} from projects p where code is not null and deleted_at is null
  order by p.fund_central_fen + p.fund_provincial_fen + p.fund_municipal_fen + p.fund_county_fen + p.fund_other_fen
         - (select coalesce(sum(amount_fen), 0) from payments where project_id = p.id and deleted_at is null) desc, p.id limit 1`;

/** What a township writes into each column (by header), row by row. */
async function fillValues(kind: ImportKind, i: number): Promise<Record<string, ExcelJS.CellValue>> {
  const township = await one<string>("select name from divisions where level = 'township' order by sort_order, code limit 1");
  const village = await one<string>(`select v.name from divisions v join divisions t on t.id = v.parent_id where t.name = '${township}' order by v.code limit 1`);
  switch (kind) {
    case 'projects':
      return {
        年度: 2027,
        项目名称: `${village}模板测试项目${i}`,
        项目类型: '产业发展',
        子类型: '生产项目',
        建设性质: '新建',
        乡镇: township,
        村: village,
        建设内容及规模: '新建日光温室 3 栋',
        计划开工: day('2027-03-01'),
        计划完工: '2027-10',
        主管部门: await one<string>("select name from units where kind = 'department' order by name limit 1"),
        中央: 12.345678,
        省级: 3,
        户数: 40,
        其中脱贫户: 12,
        人数: 120,
        项目状态: '入库',
      };
    case 'allocations':
      return { 文号: `青财农字〔2027〕${10 + i}号`, 下达日期: day('2027-02-15'), 资金级次: '中央', 资金名称: '衔接推进乡村振兴补助资金', 下达金额: 100.5 + i };
    case 'payments':
      return {
        项目编号: await one<string>(`${ROOMIEST_PROJECT.replace('{col}', 'code')}`),
        项目名称: await one<string>(`${ROOMIEST_PROJECT.replace('{col}', 'name')}`),
        拨付日期: day(`2026-11-0${i + 1}`),
        拨付金额: 0.0123 + i / 1000,
        收款单位: '青山县建筑工程有限公司',
        凭证号: `模板-${i}`,
        支付类型: '进度款',
      };
    case 'findings':
      return { 检查名称: '2027年模板测试检查', 问题类别: '项目资产', 问题描述: `资产管护制度未落实${i}`, 乡镇: township, 村: village, 责任单位: `${township}人民政府`, 整改时限: '2027年底前', 整改状态: '整改中' };
    case 'households':
      return { 户主姓名: `张${i}`, 身份证号: validId(i), 家庭人口: 4, 户类型: '脱贫户', 乡镇: township, 村: village };
  }
}

async function fillTemplate(kind: ImportKind, rows: number): Promise<string> {
  const built = await buildTemplate(ledger, kind);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(built.buffer as never);
  const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
  const columns = TEMPLATE_COLUMNS[kind];
  for (let i = 0; i < rows; i += 1) {
    const values = await fillValues(kind, i);
    columns.forEach((c, k) => {
      if (values[c.header] !== undefined) sheet.getCell(5 + i, k + 1).value = values[c.header] as ExcelJS.CellValue;
    });
    sheet.getCell(5 + i, 1).value = i + 1;
  }
  const file = path.join(dir, `${kind}-filled.xlsx`);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('导入模板', () => {
  it.each(ImportKind.values)('%s: drop-downs, hints, validation and a locked header', async (kind) => {
    const built = await buildTemplate(ledger, kind);
    expect(built.fileName).toMatch(/^青山县.+填报模板\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(built.buffer as never);
    const [sheet, lists] = wb.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(lists.name).toBe('下拉选项');
    expect(lists.state).toBe('hidden');
    const columns = TEMPLATE_COLUMNS[kind];
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    columns.forEach((c, k) => {
      const letter = String.fromCharCode(65 + (k % 26));
      const prefix = k >= 26 ? 'A' : '';
      const header = sheet.getCell(c.group ? 4 : 3, k + 1);
      expect(header.text).toBe(c.header);
      expect(String(header.note ?? '')).toContain(c.hint.slice(0, 6));
      // Header locked (the default), data rows unlocked.
      expect(header.protection?.locked ?? true).toBe(true);
      expect(sheet.getCell(5, k + 1).protection?.locked).toBe(false);
      expect(sheet.getCell(4 + TEMPLATE_ROWS, k + 1).protection?.locked).toBe(false);
      const v = validations[`${prefix}${letter}5`];
      if (c.list) {
        expect(v?.type).toBe('list');
        expect(String(v?.formulae[0])).toMatch(/^'下拉选项'!\$[A-Z]+\$2:\$[A-Z]+\$\d+$/);
      } else if (c.input === 'date') expect(v?.type).toBe('custom');
      else if (c.input === 'money') expect(v?.type).toBe('decimal');
      else if (c.input === 'count' || c.input === 'year') expect(v?.type).toBe('whole');
      expect(v?.prompt).toBe(c.hint);
    });
    // The township list holds 区划's townships, in order.
    const townships = await ledger.sql.column<string>("select name from divisions where level = 'township' order by sort_order, code");
    if (columns.some((c) => c.list?.name === 'township')) {
      const col = lists.getRow(1).values as unknown[];
      const k = col.indexOf('乡镇');
      expect(k).toBeGreaterThan(0);
      expect(townships.map((_, i) => lists.getCell(i + 2, k).text)).toEqual(townships);
    }
    expect((sheet as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
  });

  it.each(ImportKind.values)('%s: a filled template imports with no mapping question', async (kind) => {
    const file = await fillTemplate(kind, 3);
    // The wizard's view: the kind found, every column mapped automatically, the unit read from the note.
    const opened = await importOpen(ledger, { path: file });
    const preview = await importPreview(ledger, { sessionId: opened.sessionId });
    importClose(ledger, { sessionId: opened.sessionId });
    expect(preview.kind).toBe(kind);
    expect(preview.sheet).toBe(ImportKind.label[kind]);
    const headed = preview.columns.filter((c) => c.header !== '');
    expect(headed.length).toBe(TEMPLATE_COLUMNS[kind].length);
    expect(headed.filter((c) => c.field === null).map((c) => c.header)).toEqual([]);
    expect(new Set(headed.map((c) => c.source))).toEqual(new Set(['auto']));
    if (['projects', 'allocations', 'payments'].includes(kind)) expect(preview.unit).toBe('wan');
    expect(preview.errors).toEqual([]);

    const result = await importFile(ledger, { path: file });
    expect(result.errors).toEqual([]);
    expect(result.imported).toBe(3);
    expect(result.skipped.filter((s) => !/空|blank/.test(s.reason)).length).toBe(0);
  });

  it('amounts in 万元 and dates land exactly', async () => {
    const p = await ledger.sql.get("select fund_central_fen as c, fund_provincial_fen as s, planned_start as ps, planned_end as pe from projects where name like '%模板测试项目0'");
    expect(p).toEqual({ c: 12_345_678, s: 3_000_000, ps: '2027-03-01', pe: '2027-10' });
    expect(await one<number>("select amount_fen from payments where voucher = '模板-1'")).toBe(13_300);
    expect(await one<number>("select amount_fen from allocations where doc_number = '青财农字〔2027〕11号'")).toBe(101_500_000);
  });
});
