// The .xlsx reader: parts inflated through ZipArchive (capped), sheet XML scanned in slices so a 100 000-row
// sheet never becomes one giant string, shared strings without their phonetic runs, date cells from the
// styles' number formats (1904 workbooks shifted), cached formula results, merged ranges, hidden rows and
// columns, and sheet visibility. It keeps only values, never styles, which is what lets it read big sheets in
// bounded memory where exceljs' in-memory reader needs ~800 MB.
import { StringDecoder } from 'node:string_decoder';
import type { SheetCell } from '../../../shared/import/cell';
import { fileError, GridBuilder, LIMITS, MESSAGES, type ReadLimits, type SheetGrid, type WorkbookData } from './workbook';
import type { ZipArchive } from './zip';

const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g;
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

export function decodeXml(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(ENTITY, (_m, e: string) => {
    switch (e) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const code = e.charAt(1) === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
    }
  });
}

function decodeString(text: string): string {
  const s = decodeXml(text);
  return s.indexOf('_x') < 0 ? s : s.replace(OOXML_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attrs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(text); m; m = ATTR.exec(text)) {
    const name = m[1] as string;
    const value = decodeXml(m[2] ?? m[3] ?? '');
    out[name] = value;
    const colon = name.indexOf(':');
    if (colon >= 0 && !(name.slice(colon + 1) in out)) out[name.slice(colon + 1)] = value;
  }
  return out;
}

/** Fast single attribute lookup on a tag's attribute text (` r="B3" s="4" t="s"`). */
function attr(text: string, name: string): string | undefined {
  const key = `${name}=`;
  let i = text.indexOf(key);
  while (i >= 0) {
    const prev = i === 0 ? ' ' : text.charAt(i - 1);
    if (prev === ' ' || prev === '\t' || prev === '\n' || prev === '\r') {
      const q = text.charAt(i + key.length);
      if (q === '"' || q === "'") {
        const end = text.indexOf(q, i + key.length + 1);
        return decodeXml(text.slice(i + key.length + 1, end < 0 ? undefined : end));
      }
    }
    i = text.indexOf(key, i + 1);
  }
  return undefined;
}

function refuseDtd(text: string, part: string): void {
  const head = text.slice(0, 2048);
  if (/<!DOCTYPE|<!ENTITY/i.test(head)) throw fileError('CORRUPT', MESSAGES.corrupt(`“${part}”含有不允许的 XML 声明（DOCTYPE/ENTITY）`));
}

// ---- Number formats: which style ids are dates -----------------------------------------------------

const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isDateFormatCode(code: string): boolean {
  const stripped = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, '')
    .replace(/_.|\*./g, '');
  if (/^(General|@)$/i.test(stripped.trim())) return false;
  // Only the first section (positive numbers) decides.
  const first = stripped.split(';')[0] ?? '';
  return /[ymdhs]|[年月日]/i.test(first) && !/^[#0.,%\s]*$/.test(first);
}

function dateStyles(styles: string | null): boolean[] {
  if (!styles) return [];
  refuseDtd(styles, 'styles.xml');
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(/<(?:\w+:)?numFmt\b([^>]*?)\/?>/g)) {
    const a = attrs(m[1] ?? '');
    if (a.numFmtId !== undefined && a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode);
  }
  const section = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(styles)?.[1] ?? '';
  const out: boolean[] = [];
  for (const m of section.matchAll(/<(?:\w+:)?xf\b([^>]*?)\/?>/g)) {
    const id = Number(attrs(m[1] ?? '').numFmtId ?? 0);
    const code = custom.get(id);
    out.push(code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_IDS.has(id));
  }
  return out;
}

// ---- Shared strings ---------------------------------------------------------------------------------

function runText(xml: string): string {
  let text = '';
  const body = xml.indexOf('<rPh') >= 0 || xml.indexOf(':rPh') >= 0 ? xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '') : xml;
  for (const m of body.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) text += m[1] ?? '';
  return decodeString(text);
}

function sharedStrings(xml: string | null, limits: ReadLimits): string[] {
  if (!xml) return [];
  refuseDtd(xml, 'sharedStrings.xml');
  const out: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?si>([\s\S]*?)<\/(?:\w+:)?si>|<(?:\w+:)?si\s*\/>/g)) {
    const inner = m[1] ?? '';
    // The common case: one plain <t>.
    const simple = /^<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)<\/(?:\w+:)?t>$/.exec(inner);
    const text = simple ? decodeString(simple[1] ?? '') : runText(inner);
    if (text.length > limits.maxCellChars) {
      throw fileError('TOO_LARGE', MESSAGES.tooLarge(`有单元格的文字长达 ${text.length} 个字符，超过 Excel 单元格上限 ${limits.maxCellChars} 个字符`));
    }
    out.push(text);
  }
  return out;
}

// ---- Cell references --------------------------------------------------------------------------------

function decodeRef(ref: string): { r: number; c: number } | null {
  let c = 0;
  let i = 0;
  for (; i < ref.length; i += 1) {
    const code = ref.charCodeAt(i);
    if (code >= 65 && code <= 90) c = c * 26 + (code - 64);
    else if (code >= 97 && code <= 122) c = c * 26 + (code - 96);
    else break;
  }
  if (i === 0 || i === ref.length) return null;
  const r = Number(ref.slice(i));
  if (!Number.isInteger(r) || r < 1) return null;
  return { r: r - 1, c: c - 1 };
}

function decodeRange(ref: string): { r1: number; c1: number; r2: number; c2: number } | null {
  const [a, b] = ref.split(':');
  const s = decodeRef(a ?? '');
  const e = decodeRef(b ?? a ?? '');
  if (!s || !e) return null;
  return { r1: Math.min(s.r, e.r), c1: Math.min(s.c, e.c), r2: Math.max(s.r, e.r), c2: Math.max(s.c, e.c) };
}

// ---- Worksheet --------------------------------------------------------------------------------------

interface SheetContext {
  sst: string[];
  dateXf: boolean[];
  date1904: boolean;
  budget: { cells: number };
  limits: ReadLimits;
}

const ROW_RE = /<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
const CELL_RE = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
const V_RE = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/;
const F_RE = /<(?:\w+:)?f\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?f>)/;
const IS_RE = /<(?:\w+:)?is>([\s\S]*?)<\/(?:\w+:)?is>/;

function cellValue(a: string, inner: string | undefined, ctx: SheetContext): SheetCell {
  if (!inner) return null;
  const t = attr(a, 't');
  let v: string | undefined;
  const vi = inner.indexOf('<v>');
  if (vi >= 0) {
    const ve = inner.indexOf('</v>', vi);
    v = inner.slice(vi + 3, ve);
  } else {
    const m = V_RE.exec(inner);
    if (m) v = m[1];
  }
  if (t === 's') {
    if (v === undefined) return null;
    return ctx.sst[Number(v)] ?? null;
  }
  if (t === 'inlineStr') {
    const is = IS_RE.exec(inner);
    return is ? runText(is[1] ?? '') : null;
  }
  if (v === undefined) {
    const f = F_RE.exec(inner);
    if (f) return { f: decodeXml(f[2] ?? '') };
    return null;
  }
  switch (t) {
    case 'str':
      return decodeString(v);
    case 'b':
      return v === '1' || v === 'true';
    case 'e':
      return { e: decodeXml(v) };
    case 'd': {
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
      if (!m) return decodeXml(v);
      const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      return { d: Math.round((ms - Date.UTC(1899, 11, 30)) / 86_400_000) };
    }
    default: {
      const n = Number(v);
      if (!Number.isFinite(n)) return decodeXml(v);
      const s = attr(a, 's');
      if (s !== undefined && ctx.dateXf[Number(s)]) return { d: ctx.date1904 ? n + 1462 : n };
      return n;
    }
  }
}

function scanRows(segment: string, grid: GridBuilder, ctx: SheetContext, state: { nextRow: number }): void {
  ROW_RE.lastIndex = 0;
  for (let rm = ROW_RE.exec(segment); rm; rm = ROW_RE.exec(segment)) {
    const ra = rm[1] ?? '';
    const rAttr = attr(ra, 'r');
    const r = rAttr !== undefined ? Number(rAttr) - 1 : state.nextRow;
    state.nextRow = r + 1;
    const hidden = attr(ra, 'hidden');
    if (hidden === '1' || hidden === 'true') grid.hiddenRows.push(r);
    const body = rm[2];
    if (!body) continue;
    let nextCol = 0;
    CELL_RE.lastIndex = 0;
    for (let cm = CELL_RE.exec(body); cm; cm = CELL_RE.exec(body)) {
      const ca = cm[1] ?? '';
      const ref = attr(ca, 'r');
      let c = nextCol;
      if (ref !== undefined) {
        const d = decodeRef(ref);
        if (d) c = d.c;
      }
      nextCol = c + 1;
      const value = cellValue(ca, cm[2], ctx);
      if (value !== null) grid.set(r, c, value);
    }
  }
}

/** Index just after the last complete `</row>` (or `</x:row>`) in text, or -1. */
function lastRowEnd(text: string): number {
  let i = text.length;
  for (;;) {
    i = text.lastIndexOf('row>', i - 1);
    if (i < 1) return -1;
    const before = text.charAt(i - 1);
    if (before === '/') return i + 4;
    if (before === ':') {
      const lt = text.lastIndexOf('</', i);
      if (lt >= 0 && /^<\/\w+:$/.test(text.slice(lt, i))) return i + 4;
    }
  }
}

/** The sheet's head: no DTD, and the hidden columns its <cols> lists. */
function sheetHead(text: string, name: string, grid: GridBuilder, ctx: SheetContext): void {
  refuseDtd(text, name);
  const cols = /<(?:\w+:)?cols>([\s\S]*?)<\/(?:\w+:)?cols>/.exec(text.slice(0, 200_000));
  for (const m of (cols?.[1] ?? '').matchAll(/<(?:\w+:)?col\b([^>]*?)\/?>/g)) {
    const a = attrs(m[1] ?? '');
    if (a.hidden === '1' || a.hidden === 'true') {
      const min = Number(a.min ?? 0) - 1;
      const max = Math.min(Number(a.max ?? 0) - 1, min + ctx.limits.maxCols);
      for (let c = min; c <= max; c += 1) grid.hiddenCols.push(c);
    }
  }
}

/** Read one worksheet from its XML as it is inflated, slice by slice (zip.readSlices). */
async function readSheet(zip: ZipArchive, part: string, name: string, state: SheetGrid['state'], ctx: SheetContext): Promise<SheetGrid | null> {
  const grid = new GridBuilder(name, ctx.budget, ctx.limits);
  const decoder = new StringDecoder('utf8');
  const rowState = { nextRow: 0 };
  let carry = '';
  let head = true;
  const found = await zip.readSlices(part, (slice) => {
    const text = carry + decoder.write(slice);
    if (head) {
      if (text.length < 4096 && slice.length > 0) {
        // Too little yet to see the sheet's head (declarations, <cols>): wait for more.
        carry = text;
        return;
      }
      sheetHead(text, name, grid, ctx);
      head = false;
    }
    const cut = lastRowEnd(text);
    if (cut < 0) {
      carry = text;
      return;
    }
    scanRows(text.slice(0, cut), grid, ctx, rowState);
    carry = text.slice(cut);
  });
  if (!found) return null;
  const tail = carry + decoder.end();
  if (head) sheetHead(tail, name, grid, ctx);
  scanRows(tail, grid, ctx, rowState);
  for (const m of tail.matchAll(/<(?:\w+:)?mergeCell\b([^>]*?)\/?>/g)) {
    const ref = attrs(m[1] ?? '').ref;
    const range = ref ? decodeRange(ref) : null;
    if (range && (range.r1 !== range.r2 || range.c1 !== range.c2)) grid.merges.push(range);
  }
  return grid.build(state);
}

// ---- Workbook ---------------------------------------------------------------------------------------

function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function relationships(zip: ZipArchive, partPath: string): Array<{ id: string; type: string; target: string }> {
  const dir = partPath.split('/').slice(0, -1).join('/');
  const file = partPath.split('/').pop() ?? '';
  const relPath = `${dir ? `${dir}/` : ''}_rels/${file}.rels`;
  const xml = zip.readText(relPath);
  if (!xml) return [];
  refuseDtd(xml, relPath);
  const out: Array<{ id: string; type: string; target: string }> = [];
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*?)\/?>/g)) {
    const a = attrs(m[1] ?? '');
    if (a.Id && a.Target && a.TargetMode !== 'External') out.push({ id: a.Id, type: a.Type ?? '', target: resolvePart(partPath, a.Target) });
  }
  return out;
}

/** Read every worksheet of an .xlsx/.xlsm archive. */
export async function readXlsx(zip: ZipArchive, limits: ReadLimits = LIMITS): Promise<WorkbookData> {
  const rootRels = relationships(zip, '');
  const office = rootRels.find((r) => /\/officeDocument$/.test(r.type));
  const workbookPath = office?.target ?? 'xl/workbook.xml';
  if (/\.bin$/i.test(workbookPath) || zip.has('xl/workbook.bin')) throw fileError('UNSUPPORTED', MESSAGES.unsupported('Excel 二进制工作簿（.xlsb）'));
  const workbook = zip.readText(workbookPath);
  if (!workbook) throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook('压缩文件，但里面没有工作簿'));
  refuseDtd(workbook, workbookPath);
  const pr = /<(?:\w+:)?workbookPr\b([^>]*?)\/?>/.exec(workbook);
  const date1904 = pr ? ['1', 'true'].includes(attrs(pr[1] ?? '').date1904 ?? '') : false;
  const rels = relationships(zip, workbookPath);
  const byId = new Map(rels.map((r) => [r.id, r]));
  const sstPath = rels.find((r) => /\/sharedStrings$/.test(r.type))?.target ?? 'xl/sharedStrings.xml';
  const stylesPath = rels.find((r) => /\/styles$/.test(r.type))?.target ?? 'xl/styles.xml';
  const ctx: SheetContext = {
    sst: sharedStrings(zip.readText(sstPath), limits),
    dateXf: dateStyles(zip.readText(stylesPath)),
    date1904,
    budget: { cells: limits.maxCells },
    limits,
  };
  const sheets: SheetGrid[] = [];
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)) {
    const a = attrs(m[1] ?? '');
    const rel = byId.get(a['r:id'] ?? a.id ?? '');
    if (!rel || !/\/worksheet$/.test(rel.type)) continue;
    const state = a.state === 'hidden' ? 'hidden' : a.state === 'veryHidden' ? 'veryHidden' : 'visible';
    const sheet = await readSheet(zip, rel.target, a.name ?? `Sheet${sheets.length + 1}`, state, ctx);
    if (sheet) sheets.push(sheet);
  }
  return { format: 'xlsx', encoding: null, sheets, reader: 'ledger-xlsx' };
}
