// Exports on paper: the number formats of money cells, and a demo-sized 项目库 printed from a spreadsheet
// program (LibreOffice → PDF, read back with pdf.js): the paper columns only, body text no smaller than 9 pt at
// fit-to-width, a sensible number of pages, even rows, and every column still in the sheet.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLedgerInput } from '../../shared/api-export';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { buildLedgerWorkbook } from '../../electron/ledger/exports/service';
import { formatMoneyCell, moneyDecimals, moneyFormat, wrappedLines } from '../../electron/ledger/exports/table';
import { soffice } from '../helpers/import-fixtures';
import { tempDir, tempLedger, type TempLedger } from '../helpers/ledger';
import { readPdfText } from '../helpers/pdf-text';

describe('row heights', () => {
  it('count wrapped lines as a spreadsheet program draws 10 pt text in a column of w digits', () => {
    // Width 30 = 215 px: 15 CJK characters (201 px) fit, 16 (214 px) do not once the padding is taken off.
    expect(wrappedLines('青山县农村信用合作联社（代发）', 30)).toBe(1);
    expect(wrappedLines('青山县农村信用合作联社（代发）。', 30)).toBe(2);
    // LibreOffice (Calibri metrics) wraps this 24-character text after 18 characters at width 36.
    expect(wrappedLines('用于项目前期设计、评审、招标、监理及验收等管理费用', 36)).toBe(2);
    // A number moves to the next line whole rather than split.
    expect(wrappedLines(`${'一'.repeat(17)}1234.5`, 36)).toBe(2);
    expect(wrappedLines('甲\n乙', 36)).toBe(2);
    expect(wrappedLines('', 10)).toBe(1);
  });
});

describe('money cells', () => {
  it('show 万元 to two decimals, more only where the amount needs them, and zero as 0.00', () => {
    expect(moneyDecimals(0, 'wan')).toBe(2);
    expect(moneyDecimals(12_340_000, 'wan')).toBe(2); // 12.34 万元
    expect(moneyDecimals(12_345_000, 'wan')).toBe(3); // 12.345 万元 = 123 450 元
    expect(moneyDecimals(12_345_600, 'wan')).toBe(4); // whole 元
    expect(moneyDecimals(12_345_678, 'wan')).toBe(6); // to the fen
    expect(moneyDecimals(-5_000_000, 'wan')).toBe(2);
    expect(moneyDecimals(123_456, 'yuan')).toBe(2);
    expect(moneyFormat(2)).toBe('#,##0.00');
    expect(moneyFormat(4)).toBe('#,##0.0000');
    expect(formatMoneyCell(0, 'wan')).toBe('0.00');
    expect(formatMoneyCell(12_340_000, 'wan')).toBe('12.34');
    expect(formatMoneyCell(1_234_567_800, 'wan')).toBe('1,234.5678');
    expect(formatMoneyCell(-5_000_000, 'wan')).toBe('-5.00');
    expect(formatMoneyCell(123_456_78, 'yuan')).toBe('123,456.78');
    expect(formatMoneyCell(0, 'yuan')).toBe('0.00');
  });
});

const NOW = new Date('2026-11-24T10:00:00+08:00');
const hasLibreOffice = soffice() !== null;
// Column widths are counted in digits of the workbook's default font, Calibri: where neither it nor its
// metric twin Carlito is installed (Debian: fonts-crosextra-carlito), LibreOffice measures with a wider face
// and every page would print smaller than in Excel or WPS, so the sizes are only checked where it is.
const hasCalibriMetrics = /Carlito|Calibri/i.test(spawnSync('fc-match', ['Calibri'], { encoding: 'utf8' }).stdout ?? '');
let demo: TempLedger;
let dir: string;

beforeAll(async () => {
  demo = tempLedger({ now: () => new Date(NOW.getTime()) });
  await loadDemoData(demo, { scale: 1, seed: 424242 });
  dir = tempDir('export-paper-');
});

afterAll(() => {
  demo.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasLibreOffice || !hasCalibriMetrics)('项目库 on paper (LibreOffice)', () => {
  it('prints the paper columns in 9 pt or larger, about 15 projects a page, with even rows; the sheet keeps every column', async () => {
    const built = await buildLedgerWorkbook(demo, exportLedgerInput.parse({ ledger: 'projects', filters: {}, unit: 'wan' }));
    const file = path.join(dir, '项目库.xlsx');
    fs.writeFileSync(file, built.buffer);
    const projects = built.rows;
    expect(projects).toBeGreaterThan(500);

    // The sheet: every column is there, the print area stops after the paper columns.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.worksheets[0]!;
    const headers = [3, 4].flatMap((r) => (sheet.getRow(r).values as unknown[]).map((v) => String(v ?? '')));
    for (const h of ['项目编号', '年度', '计划开工', '主管部门', '户数', '项目名称', '建设内容及规模', '已拨付']) expect(headers).toContain(h);
    expect(sheet.pageSetup.printArea).toMatch(/^\$?A\$?1:\$?M\$?\d+$/);
    // Even rows: data rows of one table share one height unless their own text needs more lines.
    const heights = new Map<number, number>();
    for (let r = 5; r < 5 + projects; r += 1) {
      const h = sheet.getRow(r).height;
      heights.set(h, (heights.get(h) ?? 0) + 1);
    }
    const common = Math.max(...heights.values());
    expect(common / projects).toBeGreaterThan(0.85);
    // Money: two decimals where the amounts need no more; zero shows with the same decimals.
    const fundCol = (sheet.getRow(4).values as unknown[]).indexOf('中央');
    expect(fundCol).toBeGreaterThan(0);
    expect(sheet.getRow(5).getCell(fundCol).numFmt).toBe('#,##0.00');

    execFileSync(soffice() as string, [`-env:UserInstallation=file://${path.join(dir, '.lo-profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, file], {
      stdio: 'pipe',
      timeout: 240_000,
    });
    const pages = await readPdfText(new Uint8Array(fs.readFileSync(file.replace(/\.xlsx$/, '.pdf'))));
    // Not the 22 columns squeezed onto a page: the other columns stay off paper.
    const all = pages.map((p) => p.text).join('');
    expect(all).toContain('建设内容及规模');
    expect(all).not.toContain('项目编号');
    expect(all).not.toContain('计划开工');
    for (const p of pages) {
      expect(p.widthMm).toBeGreaterThan(p.heightMm); // A4 landscape
      // Text sizes: a text item's box is its font size (pdf-text.ts); everything in the table is ≥ 9 pt.
      const sizes = p.items.map((it) => (it.bottom - it.top) / (25.4 / 72));
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(8.95);
    }
    // About 15 projects (two lines each) a page: ~500 projects come to some 35 pages, not hundreds.
    expect(pages.length).toBeLessThanOrEqual(Math.ceil(projects / 14));
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(projects / 30));
  });
});
