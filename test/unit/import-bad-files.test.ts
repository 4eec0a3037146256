// Files that must be refused: each with its CLI code and a Chinese message, the database byte for byte
// unchanged, within bounded time; and the app keeps importing good files afterwards.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import { LIMITS } from '../../electron/ledger/imports/workbook';
import { readImportFile } from '../../electron/ledger/imports/read';
import { deflateRepeated, encryptedXls, encryptedXlsxContainer, exceljsXlsx, inlineCell, libreOfficeConvert, makeZip, rawXlsx, soffice } from '../helpers/import-fixtures';
import { tempDir } from '../helpers/ledger';

const CHINESE = /[\u4e00-\u9fff]/;
let dir: string;
let db: string;
let good: string;

beforeAll(async () => {
  dir = tempDir('import-bad-');
  db = path.join(dir, 'ledger.db');
  good = await exceljsXlsx(path.join(dir, 'good.xlsx'), [
    {
      rows: [
        ['桦树镇2024年项目台账'],
        ['序号', '项目名称', '建设地点', '总投资（万元）'],
        [1, '前进村道路', '前进村', 12.5],
      ],
      merges: ['A1:D1'],
    },
  ]);
  const first = await runCli(['import', good, '--db', db, '--add-places', '--json']);
  expect(first.exitCode).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function refusedWith(file: string, code: string, extra: string[] = []): Promise<string> {
  const before = fs.readFileSync(db);
  const started = Date.now();
  const res = await runCli(['import', file, '--db', db, '--json', ...extra]);
  const elapsed = Date.now() - started;
  expect(res.exitCode, res.stdout).toBe(1);
  const body = JSON.parse(res.stdout) as { ok: boolean; error: { code: string; message: string } };
  expect(body.ok).toBe(false);
  expect(body.error.code, body.error.message).toBe(code);
  expect(body.error.message).toMatch(CHINESE);
  expect(Buffer.compare(fs.readFileSync(db), before), 'database changed').toBe(0);
  expect(elapsed).toBeLessThan(30_000);
  return body.error.message;
}

function write(name: string, data: Buffer | string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
}

describe('files that are not workbooks', () => {
  it('EMPTY: 0 bytes, blanks only, a workbook without any value', async () => {
    await refusedWith(write('empty.xlsx', Buffer.alloc(0)), 'EMPTY');
    await refusedWith(write('blank.csv', ' \r\n\r\n,,,\r\n'), 'EMPTY');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    await wb.xlsx.writeFile(path.join(dir, 'nothing.xlsx'));
    await refusedWith(path.join(dir, 'nothing.xlsx'), 'EMPTY');
  });

  it('NOT_A_WORKBOOK: random bytes, a PDF, a Word document, a zip of other things', async () => {
    const random = Buffer.alloc(4096);
    for (let i = 0; i < random.length; i += 1) random[i] = (i * 131 + 7) % 256;
    await refusedWith(write('random.xlsx', random), 'NOT_A_WORKBOOK');
    await refusedWith(write('scan.xlsx', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n')), 'NOT_A_WORKBOOK');
    const docx = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
    ]);
    expect(await refusedWith(write('report.xlsx', docx), 'NOT_A_WORKBOOK')).toMatch(/Word/);
    await refusedWith(write('photos.zip', makeZip([{ name: 'a.txt', data: Buffer.from('x') }])), 'NOT_A_WORKBOOK');
    // Plain text is never an .xlsx (as .xls it may be a web system's tab-separated export, read as such).
    expect(await refusedWith(write('notes.xlsx', Buffer.from('项目名称 拨付金额\n随便写的一段文字\n', 'utf8')), 'NOT_A_WORKBOOK')).toMatch(/纯文本/);
  });

  it('UNSUPPORTED: WPS .et, .ods, .xlsb, web archives — with a word to save as .xlsx', async () => {
    expect(await refusedWith(write('table.et', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), 'UNSUPPORTED')).toMatch(/\.xlsx/);
    const xlsb = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.bin', data: Buffer.from([1, 2, 3]) },
    ]);
    await refusedWith(write('binary.xlsx', xlsb), 'UNSUPPORTED');
    await refusedWith(write('page.xls', 'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="x"\r\n'), 'UNSUPPORTED');
    const ods = makeZip([
      { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), store: true },
      { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
    ]);
    await refusedWith(write('calc.xlsx', ods), 'UNSUPPORTED');
  });

  it.skipIf(!soffice())('UNSUPPORTED: an .ods written by LibreOffice', async () => {
    const out = path.join(dir, 'lo');
    fs.mkdirSync(out, { recursive: true });
    const ods = libreOfficeConvert(good, 'ods', out);
    await refusedWith(ods, 'UNSUPPORTED');
  }, 120_000);
});

describe('broken and protected files', () => {
  it('CORRUPT: truncated, damaged inside, DOCTYPE entities', async () => {
    const bytes = fs.readFileSync(good);
    await refusedWith(write('truncated.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2))), 'CORRUPT');
    const damaged = Buffer.from(bytes);
    // Damage the compressed sheet data (inside the first entries) but keep the directory.
    for (let i = 200; i < Math.min(damaged.length - 200, 1200); i += 7) damaged[i] = (damaged[i] ?? 0) ^ 0xff;
    await refusedWith(write('damaged.xlsx', damaged), 'CORRUPT');
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${inlineCell('A1', '&lol2;')}</row></sheetData></worksheet>`;
    await refusedWith(write('laughs.xlsx', rawXlsx(Buffer.from(laughs))), 'CORRUPT');
  });

  it('ENCRYPTED: a password-protected .xlsx (OLE container) and an encrypted .xls (FILEPASS)', async () => {
    expect(await refusedWith(write('secret.xlsx', encryptedXlsxContainer()), 'ENCRYPTED')).toMatch(/密码/);
    await refusedWith(write('secret.xls', encryptedXls([['项目名称', '金额'], ['水窖', 1]])), 'ENCRYPTED');
  });
});

describe('files too large to be a township sheet', () => {
  it('TOO_LARGE: a zip bomb refused from its directory, and one that lies about its size, in bounded time', async () => {
    const row = Buffer.from('<row><c t="inlineStr"><is><t>炸弹炸弹炸弹炸弹</t></is></c></row>');
    const payload = await deflateRepeated(row, 256 * 1024 * 1024);
    expect(payload.length).toBeLessThan(2 * 1024 * 1024);
    // Honest directory: 256 MB declared for a few hundred KB (ratio ≈ 1000).
    expect(await refusedWith(write('bomb.xlsx', rawXlsx(payload, { precompressed: true, declaredSize: 256 * 1024 * 1024 })), 'TOO_LARGE')).toMatch(/压缩/);
    // Lying directory: 4 000 bytes declared; inflation stops at the cap.
    const liar = write('liar.xlsx', rawXlsx(payload, { precompressed: true, declaredSize: 4000 }));
    expect(await refusedWith(liar, 'TOO_LARGE')).toMatch(/压缩炸弹/);
    const many = makeZip(Array.from({ length: LIMITS.maxZipEntries + 5 }, (_, i) => ({ name: `x/${i}.xml`, data: Buffer.from('x'), store: true })));
    await refusedWith(write('many.xlsx', many), 'TOO_LARGE');
  }, 60_000);

  it('TOO_LARGE: 1 000 000 rows (xlsx and csv), 16 000 columns, a cell with a megabyte of text', async () => {
    const rows: string[] = [];
    for (let r = 1; r <= 1_000_000; r += 1) rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
    expect(await refusedWith(write('million.xlsx', rawXlsx(rows.join(''))), 'TOO_LARGE')).toMatch(/行/);
    await refusedWith(write('million.csv', `序号,金额\n${'1,2\n'.repeat(1_000_000)}`), 'TOO_LARGE');
    const wide = `<row r="1">${'<c><v>1</v></c>'.repeat(16_000)}</row>`;
    expect(await refusedWith(write('wide.xlsx', rawXlsx(wide)), 'TOO_LARGE')).toMatch(/列/);
    const big = 'a'.repeat(1024 * 1024);
    expect(await refusedWith(write('bigcell.xlsx', rawXlsx(`<row r="1">${inlineCell('A1', big)}</row>`)), 'TOO_LARGE')).toMatch(/字符/);
    await refusedWith(write('bigcell.csv', `项目名称,金额\n"${big}",1\n`), 'TOO_LARGE');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').getCell('A1').value = big;
    await wb.xlsx.writeFile(path.join(dir, 'bigshared.xlsx'));
    await refusedWith(path.join(dir, 'bigshared.xlsx'), 'TOO_LARGE');
  }, 120_000);
});

describe('readable files without a ledger in them', () => {
  it('NO_HEADER: no header row at all, or a header that lacks what the kind needs', async () => {
    const noHeader = await exceljsXlsx(path.join(dir, 'noheader.xlsx'), [{ rows: [['春季', '夏季'], [1, 2], [3, 4]] }]);
    await refusedWith(noHeader, 'NO_HEADER');
    expect(await refusedWith(good, 'NO_HEADER', ['--kind', 'payments'])).toMatch(/拨付日期/);
  });

  it('keeps importing good files after all that', async () => {
    const res = await runCli(['import', good, '--db', db, '--json']);
    expect(res.exitCode).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, imported: 0 });
  });

  it('reads in this thread when the worker cannot start', async () => {
    const r = await readImportFile({ path: good }, { workerScript: path.join(dir, 'no-such-worker.js') });
    expect(r.data.sheets[0]?.rowCount).toBe(3);
  });

  it('the worker-less path refuses the same way', async () => {
    await expect(readImportFile({ path: path.join(dir, 'random.xlsx') }, { inProcess: true })).rejects.toMatchObject({ code: 'NOT_A_WORKBOOK' });
    await expect(readImportFile({ path: path.join(dir, 'liar.xlsx') }, { inProcess: true })).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });
});
