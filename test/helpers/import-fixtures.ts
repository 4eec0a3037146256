// Spreadsheet fixtures written from code by other writers than the reader under test: exceljs (in memory
// and streaming), SheetJS (xlsx, BIFF8 .xls, HTML, XML 2003), LibreOffice (when installed) and raw bytes for
// the hostile files (zip bombs, truncated, password-protected containers).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import { createRequire } from 'node:module';

export type Aoa = Array<Array<string | number | boolean | Date | null | { formula: string; result?: number | string } | { richText: Array<{ text: string }> }>>;

export interface SheetSpec {
  name?: string;
  rows: Aoa;
  merges?: string[];
  hiddenRows?: number[];
  /** 1-based column → number format (e.g. dates). */
  numFmt?: Record<number, string>;
  state?: 'visible' | 'hidden';
}

/** An .xlsx written by exceljs' in-memory workbook. Dates are written as Date objects (exceljs makes serials). */
export async function exceljsXlsx(file: string, sheets: SheetSpec[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name ?? 'Sheet1', { state: s.state ?? 'visible' });
    s.rows.forEach((row, i) => {
      const r = ws.getRow(i + 1);
      row.forEach((v, j) => {
        if (v === null) return;
        const cell = r.getCell(j + 1);
        cell.value = v as ExcelJS.CellValue;
        const fmt = s.numFmt?.[j + 1];
        if (fmt) cell.numFmt = fmt;
      });
      r.commit();
    });
    for (const m of s.merges ?? []) ws.mergeCells(m);
    for (const h of s.hiddenRows ?? []) ws.getRow(h).hidden = true;
  }
  await wb.xlsx.writeFile(file);
  return file;
}

/** A workbook written by SheetJS (bookType xlsx, xls = BIFF8, biff5, html, xlml = XML 2003, csv). */
export function sheetjsWrite(file: string, sheets: SheetSpec[], bookType: XLSX.BookType): string {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(
      s.rows.map((r) => r.map((v) => (v !== null && typeof v === 'object' && !(v instanceof Date) ? ('richText' in v ? v.richText.map((x) => x.text).join('') : (v.result ?? null)) : v))),
      { cellDates: true },
    );
    if (s.merges) ws['!merges'] = s.merges.map((m) => XLSX.utils.decode_range(m));
    if (s.hiddenRows) {
      ws['!rows'] = [];
      for (const h of s.hiddenRows) ws['!rows'][h - 1] = { hidden: true };
    }
    XLSX.utils.book_append_sheet(wb, ws, s.name ?? 'Sheet1');
    if (s.state === 'hidden') {
      wb.Workbook = wb.Workbook ?? { Sheets: [] };
      wb.Workbook.Sheets = wb.SheetNames.map((n) => ({ name: n, Hidden: n === s.name ? 1 : 0 }));
    }
  }
  // The ESM build has no fs: write the bytes ourselves.
  const out = XLSX.write(wb, { bookType, type: 'buffer', cellDates: false }) as Uint8Array | string;
  fs.writeFileSync(file, typeof out === 'string' ? Buffer.from(out, 'utf8') : Buffer.from(out));
  return file;
}

/** Text encoded with SheetJS' code page tables (936 = GBK, 54936 = GB18030). */
export function encodeCodepage(text: string, codepage: number): Buffer {
  const cptable = createRequire(path.join(process.cwd(), 'package.json'))('@e965/xlsx/dist/cpexcel.js') as unknown;
  const encoded = (cptable as { utils: { encode: (cp: number, s: string) => number[] | Uint8Array } }).utils.encode(codepage, text);
  return Buffer.from(encoded as Uint8Array);
}

export function csvText(rows: Array<Array<string | number | null>>, delimiter = ','): string {
  return rows
    .map((r) =>
      r
        .map((v) => {
          const s = v === null ? '' : String(v);
          return /[",\n\r\t;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
        })
        .join(delimiter),
    )
    .join('\r\n');
}

// ---- LibreOffice -------------------------------------------------------------------------------------

let sofficePath: string | null | undefined;
export function soffice(): string | null {
  if (sofficePath !== undefined) return sofficePath;
  const r = spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' });
  sofficePath = r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
  return sofficePath;
}

/** Convert with LibreOffice headless (e.g. 'xls', 'xlsx', 'ods', 'csv:Text - txt - csv (StarCalc):44,34,76'). */
export function libreOfficeConvert(input: string, target: string, outDir: string): string {
  const exe = soffice();
  if (!exe) throw new Error('LibreOffice is not installed');
  const profile = path.join(outDir, '.lo-profile');
  execFileSync(exe, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', target, '--outdir', outDir, input], {
    stdio: 'pipe',
    timeout: 120_000,
  });
  const ext = target.split(':')[0] as string;
  const out = path.join(outDir, `${path.basename(input).replace(/\.[^.]+$/, '')}.${ext}`);
  if (!fs.existsSync(out)) throw new Error(`LibreOffice did not write ${out}`);
  return out;
}

// ---- Hostile bytes ----------------------------------------------------------------------------------

function crc32(buf: Buffer): number {
  const z = zlib as unknown as { crc32?: (b: Uint8Array) => number };
  if (z.crc32) return z.crc32(buf) >>> 0;
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

export interface ZipPart {
  name: string;
  data: Buffer;
  /** Lie in the directory about the uncompressed size. */
  declaredSize?: number;
  store?: boolean;
  /** `data` is raw deflate output already (a bomb's payload); declaredSize gives the size it claims. */
  precompressed?: boolean;
}

/** A minimal zip writer (for crafted archives: bombs, lying directories, odd parts). */
export function makeZip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const data = p.store || p.precompressed ? p.data : zlib.deflateRawSync(p.data, { level: 9 });
    const size = p.declaredSize ?? p.data.length;
    const crc = p.precompressed ? 0 : crc32(p.data);
    const method = p.store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/** Deflate `total` bytes made of one repeated chunk without ever holding them (a zip bomb's payload). */
export async function deflateRepeated(chunk: Buffer, total: number): Promise<Buffer> {
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i += chunk.length) chunk.copy(block, i);
  const stream = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  stream.on('data', (d: Buffer) => out.push(d));
  const done = new Promise<void>((resolve) => stream.on('end', () => resolve()));
  for (let written = 0; written < total; written += block.length) stream.write(block);
  stream.end();
  await done;
  return Buffer.concat(out);
}

/** A hand-made .xlsx whose single sheet is the given sheetData XML (inline strings, no styles). */
export function rawXlsx(sheetData: string | Buffer, options: { declaredSize?: number; precompressed?: boolean; extraParts?: ZipPart[]; tail?: string } = {}): Buffer {
  const sheet = Buffer.isBuffer(sheetData)
    ? sheetData
    : Buffer.from(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData>${options.tail ?? ''}</worksheet>`,
        'utf8',
      );
  return makeZip([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', data: Buffer.from(ROOT_RELS) },
    { name: 'xl/workbook.xml', data: Buffer.from(WORKBOOK) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(WORKBOOK_RELS) },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: options.precompressed ? (sheetData as Buffer) : sheet,
      ...(options.declaredSize !== undefined ? { declaredSize: options.declaredSize } : {}),
      ...(options.precompressed ? { precompressed: true } : {}),
    },
    ...(options.extraParts ?? []),
  ]);
}

/** Inline-string cell XML. */
export function inlineCell(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t></is></c>`;
}

/** An OLE2 container like the one Excel writes for a password-protected .xlsx (EncryptionInfo + EncryptedPackage). */
export function encryptedXlsxContainer(): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0, ...Buffer.from('<?xml version="1.0"?><encryption/>')]));
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(4096, 7));
  XLSX.CFB.utils.cfb_add(cfb, '/\u0006DataSpaces/Version', Buffer.alloc(64, 1));
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}

/** A BIFF8 .xls (SheetJS) with a FILEPASS record after its first BOF: what Excel writes for an encrypted .xls. */
export function encryptedXls(rows: Aoa): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows as unknown[][]), 'Sheet1');
  const bytes = Buffer.from(XLSX.write(wb, { bookType: 'xls', type: 'buffer' }) as Uint8Array);
  const cfb = XLSX.CFB.read(bytes, { type: 'buffer' });
  const entry = XLSX.CFB.find(cfb, 'Workbook');
  if (!entry || !entry.content) throw new Error('no Workbook stream');
  const stream = Buffer.from(entry.content as Uint8Array);
  const bofLen = stream.readUInt16LE(2);
  const at = 4 + bofLen;
  // FILEPASS (0x002F): RC4 (type 1), version 1.1, salt, verifier, verifier hash.
  const body = Buffer.alloc(54);
  body.writeUInt16LE(1, 0);
  body.writeUInt16LE(1, 2);
  body.writeUInt16LE(1, 4);
  const record = Buffer.alloc(4);
  record.writeUInt16LE(0x002f, 0);
  record.writeUInt16LE(body.length, 2);
  entry.content = Buffer.concat([stream.subarray(0, at), record, body, stream.subarray(at)]);
  entry.size = (entry.content as Buffer).length;
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}
