// Reading files written by other writers: exceljs (in memory and streaming), SheetJS (xlsx, BIFF8 .xls,
// HTML, XML 2003), LibreOffice when installed, hand-made zips; CSV in UTF-8, UTF-8 BOM, GBK and UTF-16.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellText, type SheetCell } from '../../shared/import/cell';
import { readImportFile } from '../../electron/ledger/imports/read';
import { readXlsxWithExcelJs } from '../../electron/ledger/imports/exceljs-reader';
import { packWorkbook, unpackWorkbook, type SheetGrid, type WorkbookData } from '../../electron/ledger/imports/workbook';
import {
  csvText,
  encodeCodepage,
  exceljsXlsx,
  inlineCell,
  libreOfficeConvert,
  rawXlsx,
  sheetjsWrite,
  soffice,
  type SheetSpec,
} from '../helpers/import-fixtures';
import { tempDir } from '../helpers/ledger';

let dir: string;
beforeAll(() => {
  dir = tempDir('import-readers-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const texts = (grid: SheetGrid, r: number) => (grid.rows[r] ?? []).map((c) => cellText(c ?? null));
const cell = (grid: SheetGrid, r: number, c: number): SheetCell => grid.rows[r]?.[c] ?? null;

const LEDGER: SheetSpec = {
  name: '项目台账',
  rows: [
    ['桦树镇2024年项目实施台账', null, null, null, null],
    ['序号', '项目名称', '总投资（万元）', '开工日期', '身份证号'],
    [1, '前进村道路', 12.5, new Date(Date.UTC(2024, 2, 5)), '110101199003071234'],
    [2, '南山村水窖', '1,234.5', new Date(Date.UTC(2024, 11, 31)), '11010119900307123X'],
    ['合计', null, { formula: 'SUM(C3:C4)', result: 12.5 }, null, null],
  ],
  merges: ['A1:E1'],
  hiddenRows: [4],
  numFmt: { 4: 'yyyy-mm-dd' },
};

function checkLedger(grid: SheetGrid, options: { formula?: boolean; hidden?: boolean } = {}) {
  expect(texts(grid, 0)[0]).toBe('桦树镇2024年项目实施台账');
  expect(texts(grid, 1)).toEqual(['序号', '项目名称', '总投资（万元）', '开工日期', '身份证号']);
  expect(cell(grid, 2, 1)).toBe('前进村道路');
  expect(cell(grid, 2, 2)).toBe(12.5);
  expect(cell(grid, 3, 2)).toBe('1,234.5');
  // A date cell (its serial may carry a time of day, as SheetJS writes local times): the calendar day counts.
  expect(cell(grid, 2, 3)).toMatchObject({ d: expect.any(Number) });
  expect(cellText(cell(grid, 2, 3))).toBe('2024-03-05');
  expect(cellText(cell(grid, 3, 3))).toBe('2024-12-31');
  // ID numbers stay text, every digit.
  expect(cell(grid, 2, 4)).toBe('110101199003071234');
  expect(cell(grid, 3, 4)).toBe('11010119900307123X');
  if (options.formula !== false) expect(cell(grid, 4, 2)).toBe(12.5);
  expect(grid.merges).toContainEqual({ r1: 0, c1: 0, r2: 0, c2: 4 });
  if (options.hidden !== false) expect(grid.hiddenRows).toEqual([3]);
}

describe('xlsx', () => {
  it('exceljs in-memory writer: values, dates in UTC+8, merges, hidden rows, cached formulas', async () => {
    const file = await exceljsXlsx(path.join(dir, 'exceljs.xlsx'), [LEDGER]);
    const r = await readImportFile({ path: file });
    expect(r.data.format).toBe('xlsx');
    expect(r.data.reader).toBe('ledger-xlsx');
    checkLedger(r.data.sheets[0] as SheetGrid);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exceljs streaming writer (shared strings) and rich text', async () => {
    const file = path.join(dir, 'stream.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
    const ws = wb.addWorksheet('明细');
    ws.addRow([{ richText: [{ text: '桦树镇' }, { text: '2024', font: { bold: true } }, { text: '年拨付' }] }]).commit();
    ws.addRow(['项目名称', '拨付日期', '拨付金额']).commit();
    const row = ws.addRow(['水窖', new Date(Date.UTC(2024, 0, 31)), 100]);
    row.getCell(2).numFmt = 'yyyy"年"m"月"d"日"';
    row.commit();
    ws.commit();
    await wb.commit();
    const grid = (await readImportFile({ path: file })).data.sheets[0] as SheetGrid;
    expect(cell(grid, 0, 0)).toBe('桦树镇2024年拨付');
    expect(cellText(cell(grid, 2, 1))).toBe('2024-01-31');
  });

  it('SheetJS-written xlsx', async () => {
    const file = sheetjsWrite(path.join(dir, 'sheetjs.xlsx'), [LEDGER], 'xlsx');
    const grid = (await readImportFile({ path: file })).data.sheets[0] as SheetGrid;
    checkLedger(grid, { formula: false });
  });

  it('hidden sheets, 1904 dates, inline strings, cells without references, entities and _x000D_ escapes', async () => {
    const sheet = `<row r="1">${inlineCell('A1', '项目名称')}<c r="B1" t="inlineStr"><is><r><t>金</t></r><r><t>额</t></r><rPh><t>きん</t></rPh></is></c></row>` +
      `<row><c t="inlineStr"><is><t>A&amp;B_x000D_C</t></is></c><c><v>1.5</v></c><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c><f>B2*2</f></c></row>`;
    const file = path.join(dir, 'raw.xlsx');
    fs.writeFileSync(file, rawXlsx(sheet, { tail: '<mergeCells count="1"><mergeCell ref="A1:A1"/></mergeCells>' }));
    const grid = (await readImportFile({ path: file })).data.sheets[0] as SheetGrid;
    expect(texts(grid, 0)).toEqual(['项目名称', '金额']);
    expect(cell(grid, 1, 0)).toBe('A&B\rC');
    expect(cell(grid, 1, 1)).toBe(1.5);
    expect(cell(grid, 1, 2)).toBe(true);
    expect(cell(grid, 1, 3)).toEqual({ e: '#N/A' });
    expect(cell(grid, 1, 4)).toEqual({ f: 'B2*2' });
    expect(grid.merges).toEqual([]);
  });

  it('a sheet larger than one inflated slice (4 MB) reads whole, rows across the slice ends intact', async () => {
    const parts: string[] = [];
    for (let i = 1; i <= 100_000; i += 1) parts.push(`<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>第${i}行项目</t></is></c><c r="B${i}"><v>${i}.5</v></c></row>`);
    const file = path.join(dir, 'big.xlsx');
    fs.writeFileSync(file, rawXlsx(parts.join('')));
    const grid = (await readImportFile({ path: file })).data.sheets[0] as SheetGrid;
    expect(grid.rowCount).toBe(100_000);
    for (let r = 0; r < 100_000; r += 1) {
      if (grid.rows[r]?.[0] !== `第${r + 1}行项目` || grid.rows[r]?.[1] !== r + 1.5) throw new Error(`row ${r + 1}: ${JSON.stringify(grid.rows[r])}`);
    }
  });

  it('exceljs as second opinion gives the same grid', async () => {
    const file = await exceljsXlsx(path.join(dir, 'twice.xlsx'), [LEDGER]);
    const ours = (await readImportFile({ path: file })).data.sheets[0] as SheetGrid;
    const theirs = (await readXlsxWithExcelJs(fs.readFileSync(file))).sheets[0] as SheetGrid;
    for (let r = 0; r < 5; r += 1) expect(texts(theirs, r)).toEqual(texts(ours, r));
    expect(theirs.hiddenRows).toEqual(ours.hiddenRows);
    expect(theirs.merges).toEqual(ours.merges);
  });
});

describe('the grid across the worker boundary', () => {
  it('packed and unpacked, every kind of cell, absent rows and padding come back the same', () => {
    const grid: SheetGrid = {
      name: '明细',
      state: 'hidden',
      rows: [['项目名称', '金额', null, '项目名称'], undefined, [1.5, -0, 12345678901234, true, false, { d: 45000 }, { e: '#N/A' }, { f: 'B2*2' }, ''], [], [{ d: 45000 }, '水窖']],
      rowCount: 5,
      colCount: 9,
      merges: [{ r1: 0, c1: 0, r2: 0, c2: 3 }],
      hiddenRows: [3],
      hiddenCols: [2],
    };
    grid.rows[7] = ['最后一行'];
    const data: WorkbookData = { format: 'xlsx', encoding: null, reader: 'ledger-xlsx', sheets: [grid] };
    const { packed, transfer } = packWorkbook(data);
    // The cells travel as three transferable buffers and each distinct string once.
    expect(transfer).toHaveLength(3);
    expect(packed.sheets[0]?.strings.filter((s) => s === '项目名称')).toHaveLength(1);
    const back = unpackWorkbook(structuredClone(packed, { transfer }));
    expect(back).toEqual(data);
    const rows = (back.sheets[0] as SheetGrid).rows;
    expect(rows.length).toBe(8);
    expect(1 in rows).toBe(false);
    expect(Object.is(rows[2]?.[1], -0)).toBe(true);
  });

  it('the worker and the in-process reader give the same workbook', async () => {
    const file = await exceljsXlsx(path.join(dir, 'worker.xlsx'), [LEDGER, { name: '第二页', rows: [['甲'], [], ['乙', 2]], state: 'hidden' }]);
    // The real worker script, loaded through tsx's require hook (Node 20 ignores `--import tsx` in a worker's
    // execArgv); the marker proves the read ran in the worker rather than falling back to this thread.
    const marker = path.join(dir, 'worker-ran');
    const script = path.join(dir, 'worker-boot.cjs');
    const source = path.resolve(__dirname, '../../electron/ledger/imports/read-worker.ts');
    fs.writeFileSync(
      script,
      `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();\nrequire('node:fs').writeFileSync(${JSON.stringify(marker)}, '1');\nrequire(${JSON.stringify(source)});\n`,
    );
    const viaWorker = await readImportFile({ path: file }, { workerScript: script });
    expect(fs.existsSync(marker)).toBe(true);
    const inProcess = await readImportFile({ path: file }, { inProcess: true });
    expect(viaWorker.data).toEqual(inProcess.data);
    expect(viaWorker.data.sheets[1]?.state).toBe('hidden');
  });
});

describe('xls and markup', () => {
  it('BIFF8 .xls written by SheetJS: merges, dates (hidden rows of .xls: see the LibreOffice test)', async () => {
    const file = sheetjsWrite(path.join(dir, 'biff8.xls'), [LEDGER], 'xls');
    const r = await readImportFile({ path: file });
    expect(r.data.format).toBe('xls');
    // SheetJS' BIFF8 writer does not write hidden row flags; LibreOffice's does (tested below).
    checkLedger(r.data.sheets[0] as SheetGrid, { formula: false, hidden: false });
  });

  it('an HTML table saved with an .xls name keeps cells as text (no float for ID numbers)', async () => {
    const html = `<html><head><meta charset="utf-8"></head><body><table>
      <tr><td colspan="3">桦树镇拨付明细</td></tr>
      <tr><td>项目名称</td><td>金额</td><td>身份证号</td></tr>
      <tr><td>水窖</td><td>1,667,000</td><td>110101199003071234</td></tr></table></body></html>`;
    const file = path.join(dir, 'web.xls');
    fs.writeFileSync(file, html);
    const r = await readImportFile({ path: file });
    expect(r.data.format).toBe('html');
    const grid = r.data.sheets[0] as SheetGrid;
    expect(texts(grid, 1)).toEqual(['项目名称', '金额', '身份证号']);
    expect(cell(grid, 2, 1)).toBe('1,667,000');
    expect(cell(grid, 2, 2)).toBe('110101199003071234');
    expect(grid.merges).toContainEqual({ r1: 0, c1: 0, r2: 0, c2: 2 });
  });

  it('an HTML table in GBK', async () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body><table><tr><td>项目名称</td><td>拨付金额</td></tr><tr><td>桦树沟村公益性岗位</td><td>100</td></tr></table></body></html>`;
    const file = path.join(dir, 'web-gbk.xls');
    fs.writeFileSync(file, encodeCodepage(html, 936));
    const r = await readImportFile({ path: file });
    expect(r.data.encoding).toBe('GB18030');
    expect(texts(r.data.sheets[0] as SheetGrid, 1)).toEqual(['桦树沟村公益性岗位', '100']);
  });

  it('XML Spreadsheet 2003', async () => {
    const file = sheetjsWrite(path.join(dir, 'x2003.xml'), [LEDGER], 'xlml');
    const r = await readImportFile({ path: file });
    expect(r.data.format).toBe('xml2003');
    expect(texts(r.data.sheets[0] as SheetGrid, 1)).toEqual(['序号', '项目名称', '总投资（万元）', '开工日期', '身份证号']);
  });
});

describe('csv', () => {
  const rows = [
    ['序号', '项目名称', '拨付时间', '拨付金额(元)', '身份证号'],
    ['1', '前进村农村道路建设项目（0）', '2023年9月19日', '833,500.00', '110101199003071234'],
    ['2', '含,逗号与"引号"\n和换行', '2023/7/5', '1,064,000.00', '="0012"'],
  ];
  const expectRows = (grid: SheetGrid) => {
    expect(texts(grid, 0)).toEqual(rows[0]);
    expect(texts(grid, 1)).toEqual(rows[1]);
    expect(cell(grid, 2, 1)).toBe('含,逗号与"引号"\n和换行');
    expect(cell(grid, 2, 4)).toBe('0012');
  };
  it('UTF-8 without and with BOM', async () => {
    const plain = path.join(dir, 'u8.csv');
    fs.writeFileSync(plain, csvText(rows).replace('"=""0012"""', '="0012"'));
    const a = await readImportFile({ path: plain });
    expect(a.data.encoding).toBe('UTF-8');
    expectRows(a.data.sheets[0] as SheetGrid);
    const bom = path.join(dir, 'u8bom.csv');
    fs.writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(plain)]));
    const b = await readImportFile({ path: bom });
    expect(b.data.encoding).toBe('UTF-8 BOM');
    expectRows(b.data.sheets[0] as SheetGrid);
  });

  it('GBK (written with SheetJS code pages) and UTF-16 tab-separated (Excel’s Unicode text)', async () => {
    const text = csvText(rows).replace('"=""0012"""', '="0012"');
    const gbk = path.join(dir, 'gbk.csv');
    fs.writeFileSync(gbk, encodeCodepage(text, 936));
    const g = await readImportFile({ path: gbk });
    expect(g.data.encoding).toBe('GB18030');
    expectRows(g.data.sheets[0] as SheetGrid);
    const u16 = path.join(dir, 'u16.txt');
    fs.writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvText(rows, '\t').replace('"=""0012"""', '="0012"'), 'utf16le')]));
    const u = await readImportFile({ path: u16 });
    expect(u.data.encoding).toBe('UTF-16');
    expectRows(u.data.sheets[0] as SheetGrid);
  });

  it('semicolon-separated text is split on semicolons', async () => {
    const file = path.join(dir, 'semi.csv');
    fs.writeFileSync(file, '项目名称;金额\n水窖;1.234,5\n');
    const grid = (await readImportFile({ path: file })).data.sheets[0] as SheetGrid;
    expect(texts(grid, 1)).toEqual(['水窖', '1.234,5']);
  });
});

describe.skipIf(!soffice())('LibreOffice as writer', () => {
  it('re-saves as .xlsx (rich-text titles) and .xls; both read as written', async () => {
    const src = await exceljsXlsx(path.join(dir, 'lo-src.xlsx'), [LEDGER]);
    const loDir = path.join(dir, 'lo');
    fs.mkdirSync(loDir, { recursive: true });
    const xls = libreOfficeConvert(src, 'xls', loDir);
    const g1 = (await readImportFile({ path: xls })).data.sheets[0] as SheetGrid;
    checkLedger(g1);
    const again = path.join(loDir, 'again');
    fs.mkdirSync(again, { recursive: true });
    const xlsx = libreOfficeConvert(xls, 'xlsx', again);
    const g2 = (await readImportFile({ path: xlsx })).data.sheets[0] as SheetGrid;
    checkLedger(g2);
  }, 120_000);

  it('a CSV LibreOffice writes from a workbook', async () => {
    const src = sheetjsWrite(path.join(dir, 'lo-csv-src.xlsx'), [{ rows: [['项目名称', '金额'], ['水窖', 1234.5]] }], 'xlsx');
    const loDir = path.join(dir, 'lo-csv');
    fs.mkdirSync(loDir, { recursive: true });
    const csv = libreOfficeConvert(src, 'csv:Text - txt - csv (StarCalc):44,34,76', loDir);
    const grid = (await readImportFile({ path: csv })).data.sheets[0] as SheetGrid;
    expect(texts(grid, 1)).toEqual(['水窖', '1234.5']);
  }, 120_000);
});
