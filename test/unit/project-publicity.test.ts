// The project's 公示 record, added through the project field table (shared/projects/fields.ts) and the 入库
// requirement (shared/projects.ts): 入库 needs a finished 公示 whose result allows it, the service refuses in the
// requirement's words (the form's rule reads the same requirement, test/e2e/ledgers.spec.ts), the import flags
// such rows 资料不全 as it does for every 入库 field; the import reads 公示 columns as townships head them (监督电话
// 12317 when none is given), the export and the template carry them, the audit trail names them, the demo fills them.
import ExcelJS from 'exceljs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { buildTemplate, TEMPLATE_COLUMNS } from '../../electron/ledger/exports/templates';
import { dispatch } from '../../electron/platform/handlers';
import type { ProjectDetail } from '../../shared/api';
import type { ExportFile } from '../../shared/api-export';
import { describeAuditRow } from '../../shared/audit-describe';
import { bankEntryRefusal, incompleteFields, missingForBank, type BankFacts } from '../../shared/projects';
import { bankable, channels, setupCounty, type County } from '../helpers/county-fixture';
import { exceljsXlsx } from '../helpers/import-fixtures';
import { importPath } from '../helpers/import-ledger';
import { testLedger, type TestLedger } from '../helpers/test-ledger';

let ledger: TestLedger;
let api: ReturnType<typeof channels>;
let c: County;
beforeEach(async () => {
  ledger = await testLedger();
  api = channels(ledger);
  c = await setupCounty(ledger);
});
afterEach(() => ledger.dispose());

const PUBLICITY = '公示（开始、结束日期，公示结果为无异议或有异议已处理）';
const REFUSAL = `项目进入“入库”须先填写完整，还缺：${PUBLICITY}；请补齐后再保存`;

describe('公示: the 入库 rule', () => {
  it('the service refuses 入库 without a finished 公示 or with an objection still open, at 公示结果, writing nothing', async () => {
    const before = await api.snapshot();
    for (const gap of [{ publicityResult: null }, { publicityEnd: null }, { publicityStart: null }, { publicityResult: 'objectionPending' }]) {
      expect(await api.refused('projects.create', bankable(c, gap))).toMatchObject({ code: 'VALIDATION', field: 'publicityResult', message: REFUSAL });
    }
    expect(await api.refused('projects.create', bankable(c, { status: 'started', publicityResult: 'objectionPending' }))).toMatchObject({
      field: 'publicityResult',
      message: `“开工”在“入库”之后，项目进入项目库须先填写完整，还缺：${PUBLICITY}；请补齐后再保存`,
    });
    expect(await api.refused('projects.create', bankable(c, { publicityStart: '2024-01-10', publicityEnd: '2024-01-09' }))).toMatchObject({
      field: 'publicityEnd',
      message: '公示结束日期 2024-01-09 早于公示开始日期 2024-01-10，请检查',
    });
    expect(await api.refused('projects.create', bankable(c, { publicityResult: '同意' }))).toMatchObject({ field: 'publicityResult', message: '公示结果应为：无异议、有异议已处理、有异议未处理' });
    expect(await api.refused('projects.create', bankable(c, { publicityStart: '2024-01' }))).toMatchObject({ field: 'publicityStart' });
    expect(await api.snapshot()).toBe(before);
  });

  it('takes a finished 公示 (无异议 or 有异议已处理); before 入库 an open objection holds the project back', async () => {
    const p = await api.ok<ProjectDetail>('projects.create', bankable(c, { publicityPlace: '前进村村务公开栏', supervisionPhone: '12317' }));
    expect(p).toMatchObject({ status: 'banked', publicityStart: '2024-01-10', publicityEnd: '2024-01-19', publicityPlace: '前进村村务公开栏', supervisionPhone: '12317', publicityResult: 'noObjection', incompleteFields: [] });
    const q = await api.ok<ProjectDetail>('projects.create', bankable(c, { name: '新桑村便民桥', publicityResult: 'objectionResolved', supervisionPhone: '0971-1234567' }));
    expect(q).toMatchObject({ publicityResult: 'objectionResolved', supervisionPhone: '0971-1234567' });
    const r = await api.ok<ProjectDetail>('projects.create', bankable(c, { name: '前进村冷库', status: 'publicized', publicityResult: 'objectionPending' }));
    expect(r.missingForBank).toEqual([PUBLICITY]);
    expect(await api.refused('projects.update', { id: r.id, status: 'banked' })).toMatchObject({ field: 'publicityResult', message: REFUSAL });
    expect((await api.ok<ProjectDetail>('projects.update', { id: r.id, publicityResult: 'objectionResolved', status: 'banked' })).status).toBe('banked');
  });

  it('the shared rule the form reads says the same: the requirement, its field and its refusal', () => {
    const facts = { fundMunicipalFen: 0, fundCountyFen: 0, fundOtherFen: 0, location: null, implementerId: null, beneficiaryVillages: null, farmerLinkageNote: null, ...bankable(c) } as unknown as BankFacts;
    expect(missingForBank({ ...facts, publicityResult: 'objectionPending' })).toEqual([PUBLICITY]);
    expect(bankEntryRefusal('publicized', 'banked', { ...facts, publicityEnd: null })).toEqual({ message: REFUSAL, field: 'publicityResult' });
    expect(bankEntryRefusal('publicized', 'banked', facts)).toBeNull();
    // A project stored at 入库 without a 公示 stays editable, flagged 资料不全.
    expect(incompleteFields('started', { ...facts, publicityResult: null })).toEqual([PUBLICITY]);
  });

  it('the audit trail names the 公示 fields in Chinese, the result by its words', async () => {
    const p = await api.ok<ProjectDetail>('projects.create', bankable(c, { publicityPlace: '前进村村务公开栏' }));
    await api.ok('projects.update', { id: p.id, publicityResult: 'objectionResolved', supervisionPhone: '0971-1234567' });
    const row = (await ledger.sql.get<{ action: string; entity: string; entityId: number; before: string; after: string }>(
      `select action, entity, entity_id as "entityId", before, after from audit_log where entity = 'project' and action = 'update' order by id desc limit 1`,
    ))!;
    const described = describeAuditRow({ ...row, before: JSON.parse(row.before) as Record<string, unknown>, after: JSON.parse(row.after) as Record<string, unknown> }, () => null);
    expect(described.changes.map((x) => [x.label, x.before, x.after])).toEqual([
      ['监督电话', '（空）', '0971-1234567'],
      ['公示结果', '无异议', '有异议已处理'],
    ]);
    const created = describeAuditRow({ action: 'create', entity: 'project', entityId: p.id, before: null, after: { publicityStart: '2024-01-10', publicityPlace: '前进村村务公开栏' } }, () => null);
    expect(created.changes.map((x) => [x.label, x.after])).toEqual([
      ['公示开始日期', '2024年1月10日'],
      ['公示地点', '前进村村务公开栏'],
    ]);
  });
});

describe('公示: import, export, template, demo', () => {
  it('imports 公示 columns headed as a township writes them; 12317 when the sheet has no 监督电话; the rows the rule refuses', async () => {
    const file = await exceljsXlsx(path.join(ledger.dir, 'gongshi.xlsx'), [
      {
        name: 'Sheet1',
        rows: [
          ['青山县桦树镇2024年项目库'],
          ['序号', '项目名称', '乡镇', '项目状态', '公示时间', '公示截止时间', '公示栏', '公示情况'],
          [1, '前进村道路硬化项目', '桦树镇', '公示', '2024年1月10日', '2024-01-19', '前进村村务公开栏', null],
          [2, '新桑村便民桥项目', '桦树镇', '入库', '2024-01-10', '2024-01-19', '新桑村村务公开栏', '有异议未处理'],
          [3, '南山村水窖项目', '桦树镇', '入库', '2024-01-10', '2024-01-19', '南山村村务公开栏', '无异议'],
          [4, '小河村冷库项目', '桦树镇', '谋划申报', '2024-01-10', '2024-01-03', null, null],
          [5, '桦树沟村光伏项目', '桦树镇', '谋划申报', null, null, null, '同意'],
          [6, '前进村公益性岗位', '桦树镇', '谋划申报', null, null, null, null],
        ],
      },
    ]);
    const result = await importPath(ledger, file, { township: '桦树镇' });
    expect(result.imported).toBe(4);
    const byRow = new Map(result.errors.map((e) => [e.row, e.message]));
    expect(byRow.get(6)).toMatch(/：公示结束日期 2024-01-03 早于公示开始日期 2024-01-10，请检查$/);
    expect(byRow.get(7)).toMatch(/：公示结果“同意”应为：无异议、有异议已处理、有异议未处理$/);
    // At 入库 with an objection still open: imported as the sheet says and flagged 资料不全, the 入库 rule's way for imports.
    expect(result.warnings.map((w) => w.message).join('\n')).toContain(`资料不全：缺少`);
    expect(result.warnings.map((w) => w.message).join('\n')).toContain(PUBLICITY);
    const rows = (
      await ledger.sql.all<Record<string, unknown>>('select name, publicity_start, publicity_end, publicity_place, supervision_phone, publicity_result, status from projects order by id')
    ).map((row) => Object.values(row));
    expect(rows).toEqual([
      ['前进村道路硬化项目', '2024-01-10', '2024-01-19', '前进村村务公开栏', '12317', null, 'publicized'],
      ['新桑村便民桥项目', '2024-01-10', '2024-01-19', '新桑村村务公开栏', '12317', 'objectionPending', 'banked'],
      ['南山村水窖项目', '2024-01-10', '2024-01-19', '南山村村务公开栏', '12317', 'noObjection', 'banked'],
      ['前进村公益性岗位', null, null, null, null, null, 'planning'],
    ]);
  });

  it('exports the 公示 columns under 公示 (every field) and the template offers 公示结果 as a drop-down', async () => {
    await api.ok('projects.create', bankable(c, { year: 2026, publicityPlace: '前进村村务公开栏', supervisionPhone: '12317', publicityResult: 'objectionResolved' }));
    const res = await dispatch(ledger, 'export.ledger', { ledger: 'projects', filters: { year: 2026 }, allColumns: true });
    if (!res.ok) throw new Error(res.error.message);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from((res.value as ExportFile).base64, 'base64') as never);
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
    let headerRow = 0;
    sheet.eachRow((r, n) => {
      if (headerRow === 0 && (r.values as unknown[]).includes('公示开始日期')) headerRow = n;
    });
    const headers = (sheet.getRow(headerRow).values as unknown[]).map((v) => String(v ?? ''));
    const col = (h: string) => headers.indexOf(h);
    expect(['公示开始日期', '公示结束日期', '监督电话', '公示地点', '公示结果'].map(col).every((k) => k > 0)).toBe(true);
    expect(sheet.getCell(headerRow - 1, col('公示开始日期')).text).toBe('公示');
    const data = sheet.getRow(headerRow + 1);
    expect((data.getCell(col('公示开始日期')).value as Date).toISOString().slice(0, 10)).toBe('2024-01-10');
    expect([col('公示地点'), col('监督电话'), col('公示结果')].map((k) => data.getCell(k).text)).toEqual(['前进村村务公开栏', '12317', '有异议已处理']);

    const columns = TEMPLATE_COLUMNS.projects.map((t) => t.header);
    expect(columns.slice(columns.indexOf('公示开始日期'), columns.indexOf('公示结果') + 1)).toEqual(['公示开始日期', '公示结束日期', '监督电话', '公示地点', '公示结果']);
    const built = await buildTemplate(ledger, 'projects');
    const tpl = new ExcelJS.Workbook();
    await tpl.xlsx.load(built.buffer as never);
    const lists = tpl.worksheets.find((w) => (w.getRow(1).values as unknown[]).includes('公示结果'));
    if (!lists) throw new Error('模板没有公示结果的下拉列表');
    const k = (lists.getRow(1).values as unknown[]).indexOf('公示结果');
    expect([2, 3, 4].map((r) => lists.getCell(r, k).text)).toEqual(['无异议', '有异议已处理', '有异议未处理']);
  });

  it('the demo county fills a believable 公示 for every project from 公示 on; entered projects have a finished one', async () => {
    const demo = await testLedger();
    try {
      await loadDemoData(demo, { scale: 1, seed: 3 });
      const rows = await demo.sql.all<{ status: string; plannedStart: string | null; s: string | null; e: string | null; place: string | null; phone: string | null; result: string | null }>(
        'select status, planned_start as "plannedStart", publicity_start as s, publicity_end as e, publicity_place as place, supervision_phone as phone, publicity_result as result from projects',
      );
      const banked = rows.filter((r) => !['planning', 'publicized'].includes(r.status));
      expect(banked.length).toBeGreaterThan(10);
      for (const r of banked) {
        expect(r.s !== null && r.e !== null && r.s < r.e && r.e < (r.plannedStart ?? '9999')).toBe(true);
        expect(['noObjection', 'objectionResolved']).toContain(r.result);
        expect(r.phone).toBe('12317');
        expect(r.place).toMatch(/公开栏$/);
      }
      expect(new Set(banked.map((r) => r.result))).toEqual(new Set(['noObjection', 'objectionResolved']));
      for (const r of rows.filter((x) => x.status === 'planning')) expect([r.s, r.result]).toEqual([null, null]);
      for (const r of rows.filter((x) => x.status === 'publicized')) expect([r.s !== null, r.result]).toEqual([true, null]);
    } finally {
      await demo.dispose();
    }
  });
});
