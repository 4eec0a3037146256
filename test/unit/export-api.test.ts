// 导出 through its doors: the export.ledger / export.template channels (filters validated by the ledger's own
// list schema, progress events, masked ID numbers, layout of the sheet) and the CLI's `export LEDGER --out`.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { moneyDecimals, moneyFormat } from '../../electron/ledger/exports/table';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { dispatch } from '../../electron/platform/handlers';
import type { ProgressEvent } from '../../shared/api';
import type { ExportFile } from '../../shared/api-export';
import { testLedger, type TestLedger } from '../helpers/test-ledger';

const NOW = new Date('2026-11-24T10:00:00+08:00');
let dir: string;
let ledger: TestLedger;
const events: ProgressEvent[] = [];
let onEvent: ((e: ProgressEvent) => void) | null = null;

beforeAll(async () => {
  ledger = await testLedger({
    door: 'web',
    now: () => new Date(NOW.getTime()),
    onProgress: (e) => {
      events.push(e);
      onEvent?.(e);
    },
  });
  dir = ledger.dir;
  await loadDemoData(ledger, { scale: 1, seed: 5 });
  // A few 受益户 with real-looking ID numbers (the demo has none with these).
  await ledger.sql.run(
    "insert into households (head_name, id_number, members, household_type, township_id, created_at, updated_at) values (?, ?, 4, 'lifted', (select id from divisions where level = 'township' order by id limit 1), 'x', 'x')",
    ['王大山', '11010519491231002X'],
  );
});

afterAll(() => ledger.dispose());

async function exportOk(input: unknown): Promise<ExportFile> {
  const res = await dispatch(ledger, 'export.ledger', input);
  if (!res.ok) throw new Error(res.error.message);
  return res.value as ExportFile;
}

async function sheetOf(file: ExportFile, index = 0): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(file.base64, 'base64') as never);
  return wb.worksheets[index] as ExcelJS.Worksheet;
}

describe('export.ledger', () => {
  it('writes the office’s table: title, unit note, grouped two-row header, 合计, print set-up', async () => {
    const township = (await ledger.sql.get<{ id: number; name: string }>("select id, name from divisions where level = 'township' order by sort_order, code limit 1"))!;
    events.length = 0;
    const file = await exportOk({ ledger: 'projects', filters: { year: 2026, townshipId: township.id, status: ['started', 'completed'] }, unit: 'wan', jobId: 'job-1' });
    expect(file.fileName).toBe('青山县项目库（2026年）2026-11-24.xlsx');
    const expected = (await ledger.sql.value<number>("select count(*) from projects where deleted_at is null and year = 2026 and township_id = ? and status in ('started','completed')", [township.id])) ?? 0;
    expect(file.rows).toBe(expected);
    const sheet = await sheetOf(file);
    expect(sheet.getCell('A1').text).toBe(`青山县${township.name}2026年项目库台账`);
    expect(sheet.getCell('A2').text).toContain(`乡镇：${township.name}`);
    expect(sheet.getCell('A2').text).toContain('状态：开工、完工');
    const row2 = (sheet.getRow(2).values as unknown[]).filter(Boolean);
    expect(row2).toContain('单位：万元');
    // 资金规模 over 合计/中央/省级/市级/县级/其他, 受益对象 over 户数/其中脱贫户/人数; single headers merged down.
    const top = sheet.getRow(3).values as unknown[];
    const bottom = sheet.getRow(4).values as unknown[];
    const fund = top.indexOf('资金规模');
    expect(bottom.slice(fund, fund + 6)).toEqual(['合计', '中央', '省级', '市级', '县级', '其他']);
    const benefit = top.indexOf('受益对象');
    expect(bottom.slice(benefit, benefit + 3)).toEqual(['户数', '其中脱贫户', '人数']);
    expect(sheet.getCell('B3').isMerged && sheet.getCell('B4').master.address).toBe('B3');
    // 合计: SUM formulas with cached results equal to the rows' sum.
    const totalRow = sheet.getRow(5 + expected);
    expect(totalRow.getCell(1).text).toBe('合计');
    const fundTotal = totalRow.getCell(fund).value as ExcelJS.CellFormulaValue;
    expect(fundTotal.formula).toMatch(/^SUM\([A-Z]+5:[A-Z]+\d+\)$/);
    let sum = 0;
    for (let r = 5; r < 5 + expected; r += 1) sum += Math.round(Number(sheet.getRow(r).getCell(fund).value) * 1e6);
    expect(Math.round(Number(fundTotal.result) * 1e6)).toBe(sum);
    // 万元 to two decimals unless the column's amounts need more (whole 元: four), zero alike.
    let needed = 2;
    for (let r = 5; r < 5 + expected; r += 1) needed = Math.max(needed, moneyDecimals(Math.round(Number(sheet.getRow(r).getCell(fund).value) * 1e6), 'wan'));
    expect(sheet.getCell(5, fund).numFmt).toBe(moneyFormat(needed));
    // On paper: the print area ends with the paper columns (已拨付 among them), the others follow outside it.
    expect(sheet.pageSetup.printArea).toMatch(/^\$?A\$?1:\$?M\$?\d+$/);
    expect(bottom.indexOf('已拨付') > 0 ? bottom.indexOf('已拨付') : top.indexOf('已拨付')).toBeLessThanOrEqual(13);
    expect(top.indexOf('项目编号')).toBeGreaterThan(13);
    // Frozen header, autofilter, A4 landscape one page wide, header rows on every page, page numbers.
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:4' });
    expect(sheet.headerFooter.oddFooter).toContain('&P');
    // Progress events of the job, ending at the total.
    const mine = events.filter((e) => e.jobId === 'job-1');
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.at(-1)).toMatchObject({ done: expected, total: expected });
  });

  it('元 or 万元 as asked, and the full field set only on request', async () => {
    const yuan = await sheetOf(await exportOk({ ledger: 'payments', filters: { year: 2026 }, unit: 'yuan' }));
    expect((yuan.getRow(2).values as unknown[]).filter(Boolean)).toContain('单位：元');
    const first = await ledger.sql.value<number>("select amount_fen from payments where deleted_at is null and date like '2026%' order by date desc, id desc limit 1");
    expect(yuan.getCell('E3').text).toBe('拨付金额');
    expect(Math.round(Number(yuan.getCell('E5').value) * 100)).toBe(first);
    expect(yuan.getCell('E5').numFmt).toBe('#,##0.00');
    const concise = await sheetOf(await exportOk({ ledger: 'projects', filters: { year: 2026 } }));
    const full = await sheetOf(await exportOk({ ledger: 'projects', filters: { year: 2026 }, allColumns: true }));
    expect(full.columnCount).toBeGreaterThan(concise.columnCount);
    expect(full.getRow(3).values as unknown[]).toContain('绩效目标');
    expect(concise.getRow(3).values as unknown[]).not.toContain('绩效目标');
  });

  it('masks ID numbers unless asked', async () => {
    const masked = await sheetOf(await exportOk({ ledger: 'households' }));
    const shown = await sheetOf(await exportOk({ ledger: 'households', revealIds: true }));
    const ids = (s: ExcelJS.Worksheet) => {
      const out: string[] = [];
      s.eachRow((row, n) => {
        if (n >= 5) out.push(row.getCell(3).text);
      });
      return out;
    };
    expect(ids(masked)).toContain('110105********002X');
    expect(ids(masked)).not.toContain('11010519491231002X');
    expect(ids(shown)).toContain('11010519491231002X');
  });

  it('refuses filters the ledger’s own list refuses, in Chinese, at the field', async () => {
    const res = await dispatch(ledger, 'export.ledger', { ledger: 'projects', filters: { year: 1800 } });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error).toMatchObject({ code: 'VALIDATION', field: 'filters.year' });
      expect(res.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const split = await dispatch(ledger, 'export.ledger', { ledger: 'progress', filters: { year: 2026, cutoff: '2026-09-30' }, byTownship: true });
    expect(split.ok).toBe(false);
    const unknown = await dispatch(ledger, 'export.ledger', { ledger: 'nothing' });
    expect(unknown.ok).toBe(false);
  });

  it('export.cancel stops a running export: CANCELLED, no file', async () => {
    onEvent = (e) => {
      if (e.jobId === 'job-cancel' && e.done > 0) void dispatch(ledger, 'export.cancel', { jobId: 'job-cancel' });
    };
    try {
      const res = await dispatch(ledger, 'export.ledger', { ledger: 'payments', jobId: 'job-cancel' });
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error).toMatchObject({ code: 'CANCELLED' });
    } finally {
      onEvent = null;
    }
    // Nothing left running under that job; cancelling now says so.
    const again = await dispatch(ledger, 'export.cancel', { jobId: 'job-cancel' });
    expect(again).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('export.template answers a file for every kind', async () => {
    for (const kind of ['projects', 'allocations', 'payments', 'findings', 'households']) {
      const res = await dispatch(ledger, 'export.template', { kind });
      expect(res.ok).toBe(true);
      if (res.ok) expect((res.value as ExportFile).fileName).toMatch(/填报模板\.xlsx$/);
    }
  });
});

describe('CLI: export LEDGER --out FILE.xlsx', () => {
  it('writes the file and prints its summary; exit 2 on usage errors, 1 on refused input', async () => {
    const out = path.join(dir, 'cli-payments.xlsx');
    const at = await ledger.cli();
    const township = (await ledger.sql.value<string>("select name from divisions where level = 'township' order by id limit 1")) ?? '';
    const ok = await runCli(['export', 'payments', ...at, '--out', out, '--year', '2026', '--township', township, '--unit', 'yuan', '--json']);
    expect(ok.exitCode).toBe(0);
    const body = JSON.parse(ok.stdout) as { ok: boolean; out: string; rows: number; sheets: string[] };
    expect(body).toMatchObject({ ok: true, out, sheets: ['资金拨付'] });
    expect(body.rows).toBeGreaterThan(0);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');

    const progress = await runCli(['export', 'progress', ...at, '--out', path.join(dir, 'p.xlsx'), '--year', '2025', '--json']);
    expect(progress.exitCode).toBe(0);
    expect(JSON.parse(progress.stdout)).toMatchObject({ ok: true, sheets: ['支出进度排名', '按主管部门'] });

    expect((await runCli(['export', 'nothing', ...at, '--out', path.join(dir, 'x.xlsx'), '--json'])).exitCode).toBe(2);
    expect((await runCli(['export', 'payments', ...at, '--json'])).exitCode).toBe(2);
    expect((await runCli(['export', 'payments', ...at, '--out', path.join(dir, 'x.xlsx'), '--unit', 'jin', '--json'])).exitCode).toBe(2);
    const refused = await runCli(['export', 'projects', ...at, '--out', path.join(dir, 'x.xlsx'), '--township', '不存在镇', '--json']);
    expect(refused.exitCode).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(fs.existsSync(path.join(dir, 'x.xlsx'))).toBe(false);
  });
});
