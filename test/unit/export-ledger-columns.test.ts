// The columns a clerk gets in the 问题整改台账, 受益户名单 and 扶贫项目资产台账 (full export) and in the 问题整改 and
// 受益户 templates: the header cells are pinned word for word, and a row's cells are those of its record. The
// columns are derived from the ledgers' field tables (shared/supervision/fields.ts, …); this test holds the
// files still when a table moves.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { dispatch } from '../../electron/platform/handlers';
import type { ExportFile } from '../../shared/api-export';
import { AssetKind, AssetOperationMode, AssetRightsLevel, AssetStatus, FindingCategory, FindingStatus, HouseholdType, InspectionSource } from '../../shared/enums';
import { testLedger, type TestLedger } from '../helpers/test-ledger';

const NOW = new Date('2026-11-24T10:00:00+08:00');
const HEADER_ROW = 4;
const FIRST_ROW = 5;
let ledger: TestLedger;

beforeAll(async () => {
  ledger = await testLedger({ door: 'web', now: () => new Date(NOW.getTime()) });
  await loadDemoData(ledger, { scale: 1, seed: 5 });
});

afterAll(() => ledger.dispose());

async function sheetOf(channel: 'export.ledger' | 'export.template', input: unknown): Promise<ExcelJS.Worksheet> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(res.error.message);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from((res.value as ExportFile).base64, 'base64') as never);
  return wb.worksheets[0] as ExcelJS.Worksheet;
}

function rowTexts(sheet: ExcelJS.Worksheet, row: number): unknown[] {
  const values = sheet.getRow(row).values as unknown[];
  return values.slice(1);
}

/** A data row as header → cell (dates as ISO days). */
function record(sheet: ExcelJS.Worksheet, row: number): Record<string, unknown> {
  const headers = rowTexts(sheet, HEADER_ROW) as string[];
  const cells = rowTexts(sheet, row);
  return Object.fromEntries(headers.map((h, i) => {
    const v = cells[i];
    return [h, v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? null)];
  }));
}

const one = async <T>(sql: string, ...params: Array<string | number>): Promise<T> => (await ledger.sql.get<T>(sql, params)) as T;

describe('the ledgers’ exported columns', () => {
  it('问题整改台账: every column, in order, and a finding’s cells', async () => {
    const sheet = await sheetOf('export.ledger', { ledger: 'findings', filters: {}, allColumns: true });
    expect(rowTexts(sheet, HEADER_ROW)).toEqual([
      '序号', '问题类别', '问题描述', '乡镇', '村', '责任单位', '整改时限', '整改进展', '整改状态', '是否逾期',
      '检查名称', '问题来源', '涉及项目', '牵头单位', '责任领导', '责任人', '整改目标', '整改措施', '销号日期', '销号审核人',
    ]);
    const cells = record(sheet, FIRST_ROW);
    const f = await one<Record<string, string | number | null>>(
      `select f.*, i.name inspection, i.source, t.name township, v.name village, p.name project from findings f
         join inspections i on i.id = f.inspection_id left join divisions t on t.id = f.township_id
         left join divisions v on v.id = f.village_id left join projects p on p.id = f.project_id
        where f.description = ? and f.deleted_at is null`,
      String(cells['问题描述']),
    );
    expect(cells).toEqual({
      序号: f.seq,
      问题类别: FindingCategory.label[f.category as FindingCategory],
      问题描述: f.description,
      乡镇: f.township,
      村: f.village,
      责任单位: f.responsible_unit,
      整改时限: f.deadline_text ?? f.deadline_date,
      整改进展: f.progress_text,
      整改状态: FindingStatus.label[f.status as FindingStatus],
      是否逾期: cells['是否逾期'] === null ? null : '逾期',
      检查名称: f.inspection,
      问题来源: InspectionSource.label[f.source as InspectionSource],
      涉及项目: f.project,
      牵头单位: f.lead_unit,
      责任领导: f.responsible_leader,
      责任人: f.responsible_person,
      整改目标: f.goal,
      整改措施: f.measures,
      销号日期: f.closed_date,
      销号审核人: f.closed_reviewer,
    });
  });

  it('受益户名单: every column, in order, and a household’s cells (ID number masked)', async () => {
    const sheet = await sheetOf('export.ledger', { ledger: 'households', filters: {}, allColumns: true });
    expect(rowTexts(sheet, HEADER_ROW)).toEqual(['序号', '户主姓名', '身份证号', '家庭人口', '户类型', '乡镇', '村', '备注']);
    const cells = record(sheet, FIRST_ROW);
    const h = await one<Record<string, string | number | null>>(
      `select h.*, t.name township, v.name village from households h left join divisions t on t.id = h.township_id
         left join divisions v on v.id = h.village_id where h.head_name = ? and h.deleted_at is null order by h.id limit 1`,
      String(cells['户主姓名']),
    );
    const id = String(h.id_number);
    expect(cells).toEqual({
      序号: 1,
      户主姓名: h.head_name,
      身份证号: `${id.slice(0, 6)}********${id.slice(14)}`,
      家庭人口: h.members,
      户类型: h.household_type === null ? null : HouseholdType.label[h.household_type as HouseholdType],
      乡镇: h.township,
      村: h.village,
      备注: h.remark,
    });
  });

  it('扶贫项目资产台账: every column, in order (合同期 over its two dates), and an asset’s cells', async () => {
    const sheet = await sheetOf('export.ledger', { ledger: 'assets', filters: {}, allColumns: true, unit: 'wan' });
    const headers = [
      '序号', '资产名称', '资产类型', '乡镇', '村', '原值', '形成时间', '所有权人', '经营方式', '年收益', '收益率（%）', '低于最低收益率', '状态',
      '资产编号', '来源项目', '确权层级', '移交日期', '经营/管护主体', '合同开始', '合同结束', '收益年度', '备注',
    ];
    expect(rowTexts(sheet, HEADER_ROW)).toEqual(headers);
    expect(rowTexts(sheet, HEADER_ROW - 1)).toEqual(headers.map((h) => (h.startsWith('合同') ? '合同期' : h)));
    const cells = record(sheet, FIRST_ROW);
    const a = await one<Record<string, string | number | null>>(
      `select a.*, t.name township, v.name village, p.name project from assets a left join divisions t on t.id = a.township_id
         left join divisions v on v.id = a.village_id left join projects p on p.id = a.project_id where a.code = ?`,
      String(cells['资产编号']),
    );
    expect(cells).toMatchObject({
      序号: 1,
      资产名称: a.name,
      资产类型: AssetKind.label[a.kind as AssetKind],
      乡镇: a.township,
      村: a.village,
      原值: Number(a.original_value_fen) / 1_000_000,
      形成时间: a.formed_date,
      所有权人: a.owner,
      经营方式: a.operation_mode === null ? null : AssetOperationMode.label[a.operation_mode as AssetOperationMode],
      状态: AssetStatus.label[a.status as AssetStatus],
      资产编号: a.code,
      来源项目: a.project,
      确权层级: a.rights_level === null ? null : AssetRightsLevel.label[a.rights_level as AssetRightsLevel],
      移交日期: a.handover_date,
      '经营/管护主体': a.manager,
      合同开始: a.contract_start,
      合同结束: a.contract_end,
      备注: a.remark,
    });
  });
});

describe('the templates’ columns', () => {
  it('问题整改 template: every column, in order, with its hint', async () => {
    const sheet = await sheetOf('export.template', { kind: 'findings' });
    expect(rowTexts(sheet, HEADER_ROW)).toEqual([
      '序号', '检查名称', '问题类别', '问题描述', '乡镇', '村', '涉及项目', '牵头单位', '责任单位', '责任领导', '责任人', '整改目标', '整改措施', '整改时限', '整改进展', '整改状态', '销号日期', '销号审核人',
    ]);
    const description = sheet.getCell(FIRST_ROW, 4).dataValidation;
    expect(description.prompt).toBe('必填：发现的问题');
    expect(sheet.getCell(FIRST_ROW, 14).dataValidation.prompt).toBe('日期如 2024-10-31，或 2024年底前、立行立改、长期坚持');
    expect(sheet.getCell(FIRST_ROW, 16).dataValidation).toMatchObject({ type: 'list', errorStyle: 'stop', prompt: '未启动、整改中、已完成待销号、已销号或长期坚持' });
  });

  it('受益户 template: every column, in order, with its hint', async () => {
    const sheet = await sheetOf('export.template', { kind: 'households' });
    expect(rowTexts(sheet, HEADER_ROW)).toEqual(['序号', '户主姓名', '身份证号', '家庭人口', '户类型', '乡镇', '村', '备注']);
    expect(sheet.getCell(FIRST_ROW, 3).dataValidation).toMatchObject({ type: 'textLength', prompt: '必填：18 位公民身份号码，末位 X 大小写均可' });
    expect(sheet.getCell(FIRST_ROW, 5).dataValidation).toMatchObject({ type: 'list', errorStyle: 'stop', prompt: '脱贫户、脱贫不稳定户、边缘易致贫户或突发严重困难户' });
  });
});
