// From bytes to sheets: what kind of file this is is decided by its content (the name only for formats we
// refuse by name, such as WPS .et), then the matching reader runs. Runs inside the reading worker; every
// refusal is an ImportFileError with its CLI code and a Chinese sentence.
import { decodeText, readCsv } from './csv';
import { fileError, ImportFileError, LIMITS, MESSAGES, type ReadLimits, type WorkbookData } from './workbook';
import { readXlsx } from './xlsx';
import { openZip } from './zip';

const REFUSED_BY_NAME: Record<string, string> = {
  et: 'WPS 表格（.et）',
  ett: 'WPS 表格模板（.ett）',
  ods: 'OpenDocument 表格（.ods）',
  ots: 'OpenDocument 表格模板（.ots）',
  fods: 'OpenDocument 表格（.fods）',
  numbers: 'Apple Numbers（.numbers）',
  xlsb: 'Excel 二进制工作簿（.xlsb）',
  wps: 'WPS 文字（.wps）',
  dbf: 'dBase（.dbf）',
  sxc: 'StarOffice 表格（.sxc）',
  wk1: 'Lotus 1-2-3',
  wks: 'Lotus/Works 表格',
  slk: 'SYLK（.slk）',
  dif: 'DIF（.dif）',
  mht: '网页存档（.mht）',
  mhtml: '网页存档（.mhtml）',
};

const NOT_SHEETS: Record<string, string> = {
  doc: 'Word 文档',
  docx: 'Word 文档',
  pdf: 'PDF 文件',
  ppt: 'PowerPoint 演示文稿',
  pptx: 'PowerPoint 演示文稿',
  jpg: '图片',
  jpeg: '图片',
  png: '图片',
  zip: '压缩包',
  rar: '压缩包',
};

function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(name.trim());
  return m ? (m[1] ?? '').toLowerCase() : '';
}

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

function binaryKind(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'PDF 文件';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return '图片（PNG）';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return '图片（JPEG）';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return '图片（GIF）';
  if (startsWith(bytes, [0x52, 0x61, 0x72, 0x21])) return 'RAR 压缩包';
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf])) return '7z 压缩包';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip 压缩包';
  if (startsWith(bytes, [0x4d, 0x5a])) return '程序文件';
  return null;
}

function hasEmptySheetsOnly(data: WorkbookData): boolean {
  return data.sheets.every((s) => s.rowCount === 0);
}

/** Is this a structural problem of our own reader (worth a second opinion from exceljs) rather than a verdict? */
function isReaderBug(error: unknown): boolean {
  return !(error instanceof ImportFileError);
}

export async function parseWorkbookBytes(bytes: Buffer, fileName: string, limits: ReadLimits = LIMITS): Promise<WorkbookData> {
  const ext = extensionOf(fileName);
  if (bytes.length === 0) throw fileError('EMPTY', MESSAGES.empty);
  if (bytes.length > limits.maxFileBytes) {
    throw fileError('TOO_LARGE', MESSAGES.tooLarge(`文件有 ${Math.round(bytes.length / 1048576)} MB，超过 ${Math.round(limits.maxFileBytes / 1048576)} MB`));
  }
  const refused = REFUSED_BY_NAME[ext];
  if (refused) throw fileError('UNSUPPORTED', MESSAGES.unsupported(refused));

  let data: WorkbookData;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const zip = openZip(bytes, limits);
    const mimetype = zip.has('mimetype') ? (zip.readText('mimetype') ?? '') : '';
    if (/opendocument\.spreadsheet/.test(mimetype)) throw fileError('UNSUPPORTED', MESSAGES.unsupported('OpenDocument 表格（.ods）'));
    if (zip.has('word/document.xml')) throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook('Word 文档'));
    if (zip.has('ppt/presentation.xml')) throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook('PowerPoint 演示文稿'));
    if (zip.has('xl/workbook.bin')) throw fileError('UNSUPPORTED', MESSAGES.unsupported('Excel 二进制工作簿（.xlsb）'));
    if (!zip.has('xl/workbook.xml') && !zip.has('_rels/.rels')) throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook('压缩包（.zip）'));
    try {
      data = await readXlsx(zip, limits);
    } catch (error) {
      // Our reader refused with a verdict: keep it. A bug of ours on a small file: ask exceljs.
      if (!isReaderBug(error) || bytes.length > 8 * 1024 * 1024) throw error;
      try {
        const { readXlsxWithExcelJs } = await import('./exceljs-reader');
        data = await readXlsxWithExcelJs(bytes, limits);
      } catch {
        throw fileError('CORRUPT', MESSAGES.corrupt('工作簿结构无法识别'));
      }
    }
  } else if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const { oleStreams, readXls } = await import('./sheetjs');
    const streams = oleStreams(bytes);
    const has = (n: string) => streams.some((s) => s.toLowerCase() === n.toLowerCase());
    if (has('EncryptedPackage') || has('EncryptionInfo')) throw fileError('ENCRYPTED', MESSAGES.encrypted);
    if (has('WordDocument')) throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook('Word 文档'));
    if (has('PowerPoint Document')) throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook('PowerPoint 演示文稿'));
    if (!has('Workbook') && !has('Book')) {
      if (ext === 'et' || streams.some((s) => /wps|kingsoft|et/i.test(s) && !/^Root Entry$/i.test(s))) {
        throw fileError('UNSUPPORTED', MESSAGES.unsupported('WPS 表格（.et）'));
      }
      throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook('OLE 复合文档，但里面没有工作簿'));
    }
    data = readXls(bytes, limits);
  } else {
    const binary = binaryKind(bytes);
    if (binary) throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook(binary));
    const head = bytes.subarray(0, 4096);
    const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
    if (!utf16 && head.includes(0)) {
      throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook(NOT_SHEETS[ext] ?? '二进制文件'));
    }
    const { text, encoding } = decodeText(bytes);
    const start = text.slice(0, 2048).trimStart();
    if (/^MIME-Version:/i.test(start)) throw fileError('UNSUPPORTED', MESSAGES.unsupported('网页存档（.mht）'));
    if (start.startsWith('<')) {
      if (/urn:schemas-microsoft-com:office:spreadsheet/i.test(text.slice(0, 8192)) && /<(ss:)?Workbook\b/i.test(text.slice(0, 8192))) {
        if (/<!ENTITY/i.test(text.slice(0, 8192))) throw fileError('CORRUPT', MESSAGES.corrupt('含有不允许的 XML 实体声明'));
        const { readMarkup } = await import('./sheetjs');
        data = readMarkup(text, 'xml2003', encoding, limits);
      } else if (/<table\b/i.test(text)) {
        const { readMarkup } = await import('./sheetjs');
        data = readMarkup(text, 'html', encoding, limits);
      } else if (/<html\b|<!DOCTYPE\s+html/i.test(start)) {
        throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook('网页，但其中没有表格'));
      } else {
        throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook('XML 文件'));
      }
    } else if (text.trim() === '') {
      throw fileError('EMPTY', MESSAGES.empty);
    } else {
      if (NOT_SHEETS[ext]) throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook(NOT_SHEETS[ext] as string));
      // Text saved as .xls is common (web systems export tab-separated text that way); as .xlsx it never is.
      if (ext === 'xlsx' || ext === 'xlsm') throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook('纯文本文件（不是 .xlsx 工作簿）'));
      data = readCsv(bytes, fileName.replace(/\.[^.]+$/, '') || 'CSV', limits);
    }
  }
  if (data.sheets.length === 0 || hasEmptySheetsOnly(data)) throw fileError('EMPTY', MESSAGES.emptySheets);
  return data;
}
