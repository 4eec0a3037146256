// 到项目库查看 / 导入记录 → 查看记录 (issue 12, item 17): each ledger's search channel takes an import batch and
// lists the rows that batch created or updated — no others; the batch is named "导入批次 #N（文件名）" in the
// ledger and in an export's 筛选条件. And the wizard's words: 将添加 before the import, 已添加 after, the wizard's
// own choice (添加地名) instead of the CLI's --add-places.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/platform/handlers';
import { describeFilters } from '../../electron/ledger/exports/ledgers';
import type { AllocationPage, FindingSearchResult, Page, PaymentListRow, ProjectSearchResult } from '../../shared/api';
import type { ImportBatchRow, ImportOpenResult, ImportPreview, ImportResult } from '../../shared/api-import';
import { importBatchLabel } from '../../shared/api-import';
import { exceljsXlsx } from '../helpers/import-fixtures';
import { importPath, seedPlaces } from '../helpers/import-ledger';
import { testLedger, type TestLedger } from '../helpers/test-ledger';

let ledger: TestLedger;
beforeEach(async () => {
  ledger = await testLedger({ door: 'web', now: () => new Date('2024-06-15T02:00:00Z') });
  await seedPlaces(ledger);
});
afterEach(() => ledger.dispose());
const file = (name: string) => path.join(ledger.dir, name);

async function ok<T>(channel: string, input: unknown): Promise<T> {
  const r = await dispatch(ledger, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as T;
}

/** Through the wizard's channels, as the screen does. */
async function wizardImport(f: string, options: Record<string, unknown> = {}): Promise<{ preview: ImportPreview; result: ImportResult }> {
  const open = await ok<ImportOpenResult>('import.open', { dataBase64: fs.readFileSync(f).toString('base64'), fileName: path.basename(f) });
  const preview = await ok<ImportPreview>('import.preview', { sessionId: open.sessionId, ...options });
  const result = await ok<ImportResult>('import.commit', { sessionId: open.sessionId, ...options });
  return { preview, result };
}

const projectSheet = (name: string, rows: Array<Array<string | number>>) =>
  exceljsXlsx(file(name), [{ rows: [['项目编号', '年度', '乡镇', '村', '项目名称', '总投资（元）'], ...rows] }]);

describe('the ledgers filtered to an import batch', () => {
  it('项目库: the projects a batch created and those it updated, not another batch’s nor ones typed in', async () => {
    const first = await wizardImport(await projectSheet('一月.xlsx', [['A-1', 2024, '桦树镇', '前进村', '道路', 1000], ['A-2', 2024, '桦树镇', '南山村', '水窖', 2000]]));
    await ok('projects.create', { year: 2024, name: '手工录入的项目', status: 'planning' });
    // The second sheet updates A-2 and adds A-3.
    const second = await wizardImport(await projectSheet('二月.xlsx', [['A-2', 2024, '桦树镇', '南山村', '水窖', 2500], ['A-3', 2024, '桦树镇', '向阳村', '大棚', 3000]]));
    expect([second.result.imported, second.result.updated]).toEqual([1, 1]);
    const names = async (batchId: number) =>
      (await ok<ProjectSearchResult>('projects.search', { importBatchId: batchId, sortBy: 'code', sortDir: 'asc' })).rows.map((r) => r.name);
    expect(await names(first.result.batchId as number)).toEqual(['道路', '水窖']);
    expect(await names(second.result.batchId as number)).toEqual(['水窖', '大棚']);
    const totals = await ok<ProjectSearchResult>('projects.search', { importBatchId: second.result.batchId });
    expect(totals.totals).toMatchObject({ count: 2, totalFen: 550_000 });
    // Combined with the other filters, and a batch that does not exist lists nothing.
    expect((await ok<ProjectSearchResult>('projects.search', { importBatchId: second.result.batchId, keyword: '大棚' })).rows.map((r) => r.name)).toEqual(['大棚']);
    expect((await ok<ProjectSearchResult>('projects.search', { importBatchId: 999 })).totals.count).toBe(0);
    expect(await dispatch(ledger, 'projects.search', { importBatchId: 0 })).toMatchObject({ ok: false, error: { message: '导入批次编号不正确' } });
    // The filter names the batch by its file, in the ledger and in an export's 筛选条件.
    const batch = await ok<ImportBatchRow>('import.batches.get', { batchId: second.result.batchId });
    expect(importBatchLabel(batch)).toBe(`导入批次 #${second.result.batchId}（二月.xlsx）`);
    expect(await describeFilters(ledger, 'projects', { importBatchId: second.result.batchId })).toBe(`导入批次 #${second.result.batchId}（二月.xlsx）`);
    expect(await dispatch(ledger, 'import.batches.get', { batchId: 999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/没有导入批次 #999/) } });
  });

  it('资金拨付, 资金下达 and 问题台账: each lists only the batch’s rows', async () => {
    await importPath(ledger, await projectSheet('p.xlsx', [['A-1', 2024, '桦树镇', '前进村', '道路', 100_000], ['A-2', 2024, '桦树镇', '南山村', '水窖', 100_000]]));
    const pay1 = await importPath(ledger, await exceljsXlsx(file('pay1.xlsx'), [{ rows: [['项目编号', '拨付日期', '拨付金额（元）', '凭证号'], ['A-1', '2024-03-01', 1000, '付1'], ['A-2', '2024-03-02', 2000, '付2']] }]));
    const pay2 = await importPath(ledger, await exceljsXlsx(file('pay2.xlsx'), [{ rows: [['项目编号', '拨付日期', '拨付金额（元）', '凭证号'], ['A-1', '2024-04-01', 3000, '付3']] }]));
    const vouchers = async (batchId: number | null | undefined) => (await ok<Page<PaymentListRow>>('payments.list', { importBatchId: batchId })).rows.map((r) => r.voucher).sort();
    expect(await vouchers(pay1.batchId)).toEqual(['付1', '付2']);
    expect(await vouchers(pay2.batchId)).toEqual(['付3']);

    const alloc = await importPath(ledger, await exceljsXlsx(file('alloc.xlsx'), [{ rows: [['文号', '下达日期', '资金级次', '下达金额（元）'], ['青财农字〔2024〕1号', '2024-02-01', '中央', 500_000]] }]));
    await ok('allocations.create', { docNumber: '青财农字〔2024〕9号', level: 'county', date: '2024-02-03', amountFen: 100 });
    const docs = (await ok<AllocationPage>('allocations.list', { importBatchId: alloc.batchId })).rows.map((r) => r.docNumber);
    expect(docs).toEqual(['青财农字〔2024〕1号']);

    const find = await importPath(
      ledger,
      await exceljsXlsx(file('find.xlsx'), [{ rows: [['序号', '乡镇', '问题描述', '整改时限'], [1, '桦树镇', '档案不全', '2024年底前'], [2, '柳林乡', '替岗', '2024年底前']] }]),
      { inspection: '2024年督导' },
    );
    const other = await importPath(ledger, await exceljsXlsx(file('find2.xlsx'), [{ rows: [['序号', '乡镇', '问题描述', '整改时限'], [1, '石佛镇', '资金滞留', '2024年底前']] }]), { inspection: '2024年暗访' });
    const described = async (batchId: number | null) => (await ok<FindingSearchResult>('findings.search', { importBatchId: batchId })).rows.map((r) => r.description).sort();
    expect(await described(find.batchId)).toEqual(['替岗', '档案不全'].sort());
    expect(await described(other.batchId)).toEqual(['资金滞留']);
  });
});

describe('the wizard’s words', () => {
  const newVillageSheet = () =>
    exceljsXlsx(file('新村.xlsx'), [{ rows: [['桦树镇2024年项目台账'], ['项目名称', '村', '总投资（元）'], ['道路', '石门村', 100]] }]);

  it('says 将添加 before the import and 已添加 after it', async () => {
    const { preview, result } = await wizardImport(await newVillageSheet(), { addPlaces: true });
    const before = preview.warnings.map((w) => w.message).filter((m) => /石门村/.test(m));
    expect(before).toEqual([expect.stringMatching(/区划中没有村“石门村”，导入时将添加到“桦树镇”下/)]);
    expect(before[0]).not.toMatch(/已添加/);
    expect(result.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/区划中没有村“石门村”，已添加到“桦树镇”下/));
  });

  it('names the wizard’s 添加地名 choice, never the CLI’s --add-places; the CLI names its option', async () => {
    const f = await newVillageSheet();
    const open = await ok<ImportOpenResult>('import.open', { dataBase64: fs.readFileSync(f).toString('base64'), fileName: '新村.xlsx' });
    const preview = await ok<ImportPreview>('import.preview', { sessionId: open.sessionId });
    const msg = preview.errors.find((e) => /石门村/.test(e.message))?.message ?? '';
    expect(msg).toMatch(/“桦树镇”下没有村“石门村”，请单击单元格选择正确的村；确是新地名时，在“预览与校对”中勾选“添加地名”/);
    expect(JSON.stringify(preview)).not.toMatch(/--add-places|--township|--kind/);
    const cli = await importPath(ledger, f, { dryRun: true });
    expect(cli.errors.find((e) => /石门村/.test(e.message))?.message).toMatch(/--add-places/);
  });
});
