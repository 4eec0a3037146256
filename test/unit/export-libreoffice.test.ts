// An independent reader: LibreOffice opens the exports, converts them to CSV, and the values and the 合计
// formulas' results must be the ledger's. Formulas are checked twice: as written (cached results, what WPS and
// Excel show at once) and with the cached results removed, so LibreOffice computes them itself.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../shared/api';
import { exportLedgerInput } from '../../shared/api-export';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { buildLedgerWorkbook } from '../../electron/ledger/exports/service';
import { findingMatrix } from '../../electron/ledger/supervision/findings-views';
import { listPayments } from '../../electron/ledger/funds/payments-list';
import { progressSummary } from '../../electron/ledger/funds/progress';
import { channels, setupCounty, bankable } from '../helpers/county-fixture';
import { soffice } from '../helpers/import-fixtures';
import { tempDir, tempLedger, type TempLedger } from '../helpers/ledger';

const NOW = new Date('2026-11-24T10:00:00+08:00');
const hasLibreOffice = soffice() !== null;
let demo: TempLedger;
let dir: string;

beforeAll(async () => {
  demo = tempLedger({ now: () => new Date(NOW.getTime()) });
  await loadDemoData(demo, { scale: 1, seed: 424242 });
  dir = tempDir('export-lo-');
});

afterAll(() => {
  demo.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function exportFile(ledger: TempLedger, name: string, input: ChannelInput<'export.ledger'>): Promise<string> {
  const built = await buildLedgerWorkbook(ledger, exportLedgerInput.parse(input));
  const file = path.join(dir, `${name}.xlsx`);
  fs.writeFileSync(file, built.buffer);
  return file;
}

/** The same workbook with every formula's cached result removed: a reader must compute them. */
async function withoutCachedResults(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  let formulas = 0;
  wb.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.formula) {
          cell.value = { formula: cell.formula } as ExcelJS.CellFormulaValue;
          formulas += 1;
        }
      }),
    ),
  );
  expect(formulas).toBeGreaterThan(0);
  const out = file.replace(/\.xlsx$/, '-uncached.xlsx');
  await wb.xlsx.writeFile(out);
  return out;
}

/** LibreOffice → CSV (UTF-8, raw values rather than as shown), first sheet; one soffice run for all files. */
function toCsv(files: string[]): Map<string, string[][]> {
  const exe = soffice() as string;
  execFileSync(
    exe,
    [`-env:UserInstallation=file://${path.join(dir, '.lo-profile')}`, '--headless', '--norestore', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false', '--outdir', dir, ...files],
    { stdio: 'pipe', timeout: 180_000 },
  );
  return new Map(files.map((f) => [f, parseCsv(fs.readFileSync(f.replace(/\.xlsx$/, '.csv'), 'utf8'))]));
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** A figure as LibreOffice printed it, in fen (元 figures) or as a number. */
const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
const yuanToFen = (s: string | undefined) => Math.round((num(s) as number) * 100);

describe.skipIf(!hasLibreOffice)('LibreOffice reads the exports', () => {
  it('payments, progress ranking and 问题整改进度: values and 合计 results are the ledger’s', async () => {
    const paymentsFilters = { year: 2026 };
    const payments = await exportFile(demo, 'payments', { ledger: 'payments', unit: 'yuan', filters: paymentsFilters });
    const progressInput = { year: 2026, cutoff: '2026-09-30', level: 'all' as const };
    const progress = await exportFile(demo, 'progress', { ledger: 'progress', unit: 'wan', filters: progressInput });
    const rect = await exportFile(demo, 'rect', { ledger: 'rectification', filters: { year: 2026, today: '2026-11-24' } });
    const files = [payments, progress, rect, await withoutCachedResults(payments), await withoutCachedResults(progress), await withoutCachedResults(rect)];
    const csv = toCsv(files);

    // 资金拨付: every row in the screen's order, amounts to the fen, and the 合计.
    const ledgerRows = (await listPayments(demo, { ...paymentsFilters, limit: 100_000 })).rows;
    for (const file of [payments, payments.replace('.xlsx', '-uncached.xlsx')]) {
      const rows = csv.get(file) as string[][];
      expect(rows[0]?.[0]).toBe('青山县2026年资金拨付台账');
      expect(rows[1]).toContain('单位：元');
      // The paper columns first, 项目编号 after them (outside the print area).
      expect(rows[2]).toEqual(['序号', '项目名称', '乡镇', '拨付日期', '拨付金额', '收款单位', '凭证号', '支付类型', '资金文号', '拨付超下达', '项目编号']);
      const data = rows.slice(4, 4 + ledgerRows.length);
      expect(data.map((r) => [r[1], r[3], yuanToFen(r[4]), r[6] || null])).toEqual(ledgerRows.map((p) => [p.project, p.date, p.amountFen, p.voucher]));
      const total = rows[4 + ledgerRows.length] as string[];
      expect(total[0]).toBe('合计');
      expect(yuanToFen(total[4])).toBe(ledgerRows.reduce((s, p) => s + p.amountFen, 0));
    }

    // 支出进度排名: each township's figures, and the 合计 row's ratios computed by LibreOffice itself.
    const summary = await progressSummary(demo, progressInput);
    const sum = (f: (r: (typeof summary.byTownship)[number]) => number) => summary.byTownship.reduce((s, r) => s + f(r), 0);
    for (const file of [progress, progress.replace('.xlsx', '-uncached.xlsx')]) {
      const rows = csv.get(file) as string[][];
      const data = rows.slice(4, 4 + summary.byTownship.length);
      expect(data.map((r) => [num(r[0]), r[1], num(r[2]), Math.round((num(r[3]) as number) * 1e6), Math.round((num(r[4]) as number) * 1e6), num(r[5]), num(r[7])])).toEqual(
        summary.byTownship.map((t) => [t.rank, t.name, t.projects, t.allocatedFen, t.spentFen, t.progressPercent, t.gapPoints]),
      );
      const total = rows[4 + summary.byTownship.length] as string[];
      const allocated = sum((r) => r.allocatedFen);
      const spent = sum((r) => r.spentFen);
      const expected = Math.round((spent / allocated) * 1000) / 10;
      expect(total[0]).toBe('合计');
      expect(Math.round((num(total[3]) as number) * 1e6)).toBe(allocated);
      expect(Math.round((num(total[4]) as number) * 1e6)).toBe(spent);
      expect(num(total[5])).toBe(expected);
      expect(num(total[6])).toBe(summary.timePercent);
      expect(num(total[7])).toBeCloseTo(expected - summary.timePercent, 6);
      expect(num(total[9])).toBe(Math.round(((allocated - spent) / allocated) * 1000) / 10);
    }

    // 问题整改进度: counts per township and status, and the completion rate of the 合计.
    const matrix = await findingMatrix(demo, { year: 2026, today: '2026-11-24' });
    for (const file of [rect, rect.replace('.xlsx', '-uncached.xlsx')]) {
      const rows = csv.get(file) as string[][];
      expect(rows[1]).not.toContain('单位：万元');
      const data = rows.slice(4, 4 + matrix.rows.length);
      expect(data.map((r) => [r[1], num(r[2]), num(r[3]), num(r[7]), num(r[10])])).toEqual(matrix.rows.map((m) => [m.township, m.total, m.counts.notStarted, m.counts.ongoing, m.overdue]));
      const total = rows[4 + matrix.rows.length] as string[];
      expect(num(total[2])).toBe(matrix.totals.total);
      const done = matrix.totals.counts.awaitingClose + matrix.totals.counts.closed;
      expect(num(total[8])).toBe(done);
      expect(num(total[9])).toBe(Math.round((done / matrix.totals.total) * 1000) / 10);
    }
  });

  it('text that begins with = + - @ is written as text and read back as the same text, never run as a formula', async () => {
    const l = tempLedger({ now: () => new Date(NOW.getTime()) });
    try {
      const county = await setupCounty(l);
      const { ok } = channels(l);
      const risky = ['=1+1', '+1', '-1', '@SUM(A1:A9)', '=HYPERLINK("http://example.com","点这里")', '=cmd|\' /C calc\'!A0'];
      for (const [i, name] of risky.entries()) {
        const p = await ok<{ id: number }>('projects.create', { ...bankable(county), code: `RISK-${i}`, name, content: name });
        await ok('payments.create', { projectId: p.id, date: '2024-05-06', amountFen: 100 + i, payee: name, voucher: name });
      }
      const file = await exportFile(l, 'risky', { ledger: 'payments', unit: 'yuan' });
      // In the file: string cells, no <f> anywhere but the 合计 row.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
      const formulaRows: number[] = [];
      sheet.eachRow((row, n) => row.eachCell((cell) => (cell.formula ? formulaRows.push(n) : undefined)));
      expect([...new Set(formulaRows)]).toEqual([5 + risky.length]);
      const rows = toCsv([file]).get(file) as string[][];
      const names = rows.slice(4, 4 + risky.length).map((r) => r[1]);
      expect(new Set(names)).toEqual(new Set(risky));
      const payees = rows.slice(4, 4 + risky.length).map((r) => r[5]);
      expect(new Set(payees)).toEqual(new Set(risky));
    } finally {
      l.dispose();
    }
  });
});
