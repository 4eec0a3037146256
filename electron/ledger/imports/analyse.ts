// Understanding a sheet the way a clerk looks at it: the merged title and notes (填报单位, 单位：万元) above,
// a header block of one to three rows (merged group headers such as 资金规模 over 中央/省级/市级/县级/其他
// flattened into one label per column), then data rows, among which 合计/小计/总计 rows, section headings,
// a row of column numbers, repeated headers and the signature footer (填表人、审核人、填报日期) are told
// apart from records. Cells merged over several rows read as filled in every row they cover.
import { cellText, isBlankCell, isDateCell, type SheetCell } from '../../../shared/import/cell';
import { headerSignature, isKnownHeaderWord, kindScore, mapColumns, matchHeader, type ColumnHeader, type ColumnMapping } from '../../../shared/import/fields';
import { foldWidth, normaliseHeader, squeeze, unitFromNote } from '../../../shared/import/text';
import type { ImportKind } from '../../../shared/enums';
import { ImportKind as ImportKindEnum } from '../../../shared/enums';
import type { MoneyUnit } from '../../../shared/money';
import type { SheetGrid } from './workbook';
import type { ImportRowClass as RowClass, ImportSheetNotes } from '../../../shared/api-import';

const KEY_STRIDE = 1024;

/** A sheet with merged ranges spread: cell(r, c) gives the master's value anywhere in its range. */
export class SheetView {
  private readonly fill = new Map<number, SheetCell>();
  private readonly mergeOf = new Map<number, { r1: number; c1: number; r2: number; c2: number }>();
  readonly hidden: Set<number>;
  private edits = new Map<number, SheetCell>();

  constructor(readonly grid: SheetGrid) {
    let budget = 2_000_000;
    for (const m of grid.merges) {
      const master = grid.rows[m.r1]?.[m.c1] ?? null;
      for (let r = m.r1; r <= m.r2 && budget > 0; r += 1) {
        for (let c = m.c1; c <= m.c2 && budget > 0; c += 1) {
          budget -= 1;
          this.mergeOf.set(r * KEY_STRIDE + c, m);
          if ((r !== m.r1 || c !== m.c1) && master !== null) this.fill.set(r * KEY_STRIDE + c, master);
        }
      }
    }
    this.hidden = new Set(grid.hiddenRows);
  }

  get rowCount(): number {
    return this.grid.rowCount;
  }
  get colCount(): number {
    return this.grid.colCount;
  }

  /** A user's correction of a cell in the wizard, read as text typed into the cell. */
  edit(r: number, c: number, value: SheetCell): void {
    this.edits.set(r * KEY_STRIDE + c, value);
  }

  isEdited(r: number, c: number): boolean {
    return this.edits.has(r * KEY_STRIDE + c);
  }

  cell(r: number, c: number): SheetCell {
    if (this.edits.size > 0) {
      const e = this.edits.get(r * KEY_STRIDE + c);
      if (e !== undefined) return e;
    }
    const v = this.grid.rows[r]?.[c];
    if (v !== undefined && v !== null) return v;
    return this.fill.get(r * KEY_STRIDE + c) ?? null;
  }

  /** The cell's own value, not filled from a merge. */
  own(r: number, c: number): SheetCell {
    return this.grid.rows[r]?.[c] ?? null;
  }

  merge(r: number, c: number): { r1: number; c1: number; r2: number; c2: number } | undefined {
    return this.mergeOf.get(r * KEY_STRIDE + c);
  }

  text(r: number, c: number): string {
    return cellText(this.cell(r, c)).trim();
  }

  rowTexts(r: number): string[] {
    const out: string[] = [];
    for (let c = 0; c < this.colCount; c += 1) out.push(this.text(r, c));
    return out;
  }

  isBlankRow(r: number): boolean {
    for (let c = 0; c < this.colCount; c += 1) if (!isBlankCell(this.cell(r, c))) return false;
    return true;
  }
}

// ---- Header block -----------------------------------------------------------------------------------

export interface HeaderBlock {
  /** 0-based first and last row of the header block. */
  top: number;
  bottom: number;
  columns: ColumnHeader[];
  signature: string;
}

const SUB_HEADER_WORDS = new Set(
  ['中央', '省级', '市级', '县级', '其他', '省', '市', '县', '小计', '合计', '户数', '人数', '户', '人', '其中', '脱贫户', '监测户', '计划', '实际', '开工', '完工', '金额', '日期', '时间', '名称', '数量', '单位', '开始', '结束'].map(
    (w) => normaliseHeader(w).key,
  ),
);

function distinctTexts(view: SheetView, r: number): string[] {
  const seen = new Set<string>();
  for (let c = 0; c < view.colCount; c += 1) {
    const t = view.text(r, c);
    if (t) seen.add(t);
  }
  return [...seen];
}

function numericCells(view: SheetView, r: number): number {
  let n = 0;
  for (let c = 0; c < view.colCount; c += 1) {
    const v = view.cell(r, c);
    if (typeof v === 'number' || isDateCell(v)) n += 1;
  }
  return n;
}

function headerScore(view: SheetView, r: number): number {
  const texts = distinctTexts(view, r);
  if (texts.length < 2) return 0;
  let known = 0;
  for (const t of texts) {
    if (t.length > 40) continue;
    if (isKnownHeaderWord(t)) known += 1;
    else if (ImportKindEnum.values.some((k) => matchHeader(k, [t]) !== null)) known += 0.75;
  }
  return known - numericCells(view, r) * 0.5;
}

/** A row that can be part of a header block: text only, short cells, at least two different texts. */
function headerLike(view: SheetView, r: number): boolean {
  if (r < 0 || r >= view.rowCount) return false;
  const texts = distinctTexts(view, r);
  if (texts.length < 1) return false;
  if (numericCells(view, r) > 0) return false;
  if (texts.some((t) => t.length > 40)) return false;
  return true;
}

function hasHeaderWords(view: SheetView, r: number): boolean {
  return distinctTexts(view, r).some((t) => isKnownHeaderWord(t) || SUB_HEADER_WORDS.has(normaliseHeader(t).key));
}

/** A row whose own cells share a vertical merge with the row below (a multi-row header). */
function mergesInto(view: SheetView, upper: number, lower: number): boolean {
  for (let c = 0; c < view.colCount; c += 1) {
    const m = view.merge(upper, c);
    if (m && m.r1 <= upper && m.r2 >= lower) return true;
  }
  return false;
}

/** Is this a title or note line (one text across the row, or "填报单位：", "单位：万元")? */
export function isNoteRow(view: SheetView, r: number): boolean {
  const texts = distinctTexts(view, r);
  if (texts.length <= 1) return true;
  const joined = squeeze(foldWidth(texts.join(' ')));
  return /^(填报单位|报送单位|单位[:：]|金额单位|制表单位|填报日期|统计时间|截止|时间[:：])/.test(joined) || (texts.length === 2 && texts.some((t) => /单位[:：]/.test(t)));
}

export function findHeaderBlock(view: SheetView, scanRows = 40): HeaderBlock | null {
  let best = -1;
  let bestScore = 1.5;
  const limit = Math.min(view.rowCount, scanRows);
  for (let r = 0; r < limit; r += 1) {
    if (isNoteRow(view, r)) continue;
    const s = headerScore(view, r);
    if (s > bestScore) {
      bestScore = s;
      best = r;
    }
  }
  if (best < 0) return null;
  let top = best;
  let bottom = best;
  // Upwards: group headers above (merged into this row, or made of header words).
  while (bottom - top < 2 && top - 1 >= 0 && headerLike(view, top - 1) && !isNoteRow(view, top - 1)) {
    if (mergesInto(view, top - 1, top) || hasHeaderWords(view, top - 1)) top -= 1;
    else break;
  }
  // Downwards: sub-headers below (中央/省级…, 户数/人数), never a data row.
  while (bottom - top < 2 && bottom + 1 < view.rowCount && headerLike(view, bottom + 1) && !isNoteRow(view, bottom + 1)) {
    const below = bottom + 1;
    if (isColumnNumberRow(view, below)) break;
    if (mergesInto(view, bottom, below) || hasHeaderWords(view, below)) {
      // A sub-header row names part of the columns only; a data row usually fills a name column.
      const filledOwn = Array.from({ length: view.colCount }, (_, c) => view.own(below, c)).filter((v) => !isBlankCell(v ?? null)).length;
      const ownKnown = Array.from({ length: view.colCount }, (_, c) => view.own(below, c)).filter(
        (v) => typeof v === 'string' && (isKnownHeaderWord(v) || SUB_HEADER_WORDS.has(normaliseHeader(v).key)),
      ).length;
      if (filledOwn > 0 && ownKnown * 2 < filledOwn) break;
      bottom = below;
    } else break;
  }
  return headerFromRows(view, top, bottom);
}

/** The header block of rows top..bottom (0-based, inclusive): each column's distinct texts from top down. */
export function headerFromRows(view: SheetView, top: number, bottom: number): HeaderBlock {
  const columns: ColumnHeader[] = [];
  for (let c = 0; c < view.colCount; c += 1) {
    const parts: string[] = [];
    for (let r = top; r <= bottom; r += 1) {
      const t = view.text(r, c);
      if (t && parts[parts.length - 1] !== t) parts.push(t);
    }
    columns.push({ index: c, parts });
  }
  // Columns without a header text do not count towards the signature.
  return { top, bottom, columns, signature: headerSignature(columns.filter((c) => c.parts.length > 0)) };
}

/** The "1 2 3 4 …" (or 栏次 甲 乙 1 2 …) row some templates put under the header. */
export function isColumnNumberRow(view: SheetView, r: number): boolean {
  let n = 0;
  let expected = 0;
  let other = 0;
  for (let c = 0; c < view.colCount; c += 1) {
    const t = view.text(r, c);
    if (!t) continue;
    if (/^\d+$/.test(t)) {
      const v = Number(t);
      if (expected === 0 || v === expected + 1 || v === expected) {
        n += 1;
        expected = v;
      } else other += 1;
    } else if (/^(栏次|甲|乙|丙|丁|序|行次|列)$/.test(squeeze(t))) n += 1;
    else other += 1;
  }
  return n >= 4 && other <= 1;
}

// ---- Title and notes --------------------------------------------------------------------------------

export type SheetNotes = ImportSheetNotes;

export function readNotes(view: SheetView, header: HeaderBlock | null): SheetNotes {
  const end = header ? header.top : Math.min(view.rowCount, 5);
  const lines: string[] = [];
  for (let r = 0; r < end; r += 1) {
    const texts = distinctTexts(view, r);
    if (texts.length > 0) lines.push(texts.join('  '));
  }
  const title = lines[0] ?? null;
  let unit: MoneyUnit | null = null;
  let reportingUnit: string | null = null;
  for (const line of lines) {
    unit = unit ?? unitFromNote(line);
    const m = /(?:填报单位|报送单位|填表单位)[:：]\s*([^\s:：]+?)(?:\s|$|单位[:：]|填报|日期)/.exec(`${foldWidth(line)} `);
    if (m && m[1]) reportingUnit = m[1];
  }
  // Units stated under the table or in the header row's corner also count ("单位：万元" right above data).
  if (unit === null && header) {
    for (let r = header.top; r <= header.bottom; r += 1) for (const t of distinctTexts(view, r)) unit = unit ?? unitFromNote(t);
  }
  const yearMatch = /(20\d{2})\s*年/.exec(lines.join(' '));
  return { title, lines, unit, year: yearMatch ? Number(yearMatch[1]) : null, reportingUnit };
}

// ---- Rows -------------------------------------------------------------------------------------------

export type { ImportRowClass as RowClass } from '../../../shared/api-import';

const TOTAL_RE = /^(合计|总计|共计|总合计|全县合计|全镇合计|全乡合计|累计|汇总|本页合计|总数)$/;
const SUBTOTAL_RE = /^(小计|本页小计|分项小计|其中小计)$/;
const FOOTER_RE = /^(填表人|填报人|制表人|审核人|审核|复核人|负责人|单位负责人|主要负责人|分管领导|分管负责人|填报日期|填表日期|制表日期|报送日期|报出日期|联系电话|联系人|经办人|统计人|盖章|单位盖章|单位[(（]盖章[)）])/;
const NOTE_RE = /^(注[:：]|注\d|说明[:：]|备注[:：]|附注|填表说明)/;
const SECTION_RE = /^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[部类批])/;

function squeezed(t: string): string {
  return squeeze(foldWidth(t)).replace(/[:：]$/, '');
}

export interface ClassifiedRow {
  /** 0-based row index. */
  r: number;
  cls: RowClass;
  hidden: boolean;
}

export interface RowRoles {
  /** Columns that hold a record's name or description: a 合计 row leaves them empty or writes 合计 there. */
  nameColumns: readonly number[];
  /** 序号 columns: a template row with only its number filled in is empty. */
  seqColumns?: readonly number[];
  /** Money columns (for continuation rows). */
  moneyColumns?: readonly number[];
  /** A row whose name is a merged cell from the row above and that has no money of its own continues that record. */
  continuation?: boolean;
}

/** Nothing but a 序号, zeros (formula results of empty template rows) or blanks. */
function onlyFiller(view: SheetView, r: number, seq: ReadonlySet<number>): boolean {
  for (let c = 0; c < view.colCount; c += 1) {
    const v = view.cell(r, c);
    if (isBlankCell(v)) continue;
    if (seq.has(c)) continue;
    if (v === 0 || (typeof v === 'string' && /^\s*0+(\.0+)?\s*$/.test(v))) continue;
    return false;
  }
  return true;
}

/** Classify every row below the header. */
export function classifyRows(view: SheetView, header: HeaderBlock, roles: RowRoles | readonly number[]): ClassifiedRow[] {
  const { nameColumns, seqColumns = [], moneyColumns = [], continuation = false } = Array.isArray(roles) ? { nameColumns: roles as readonly number[] } : (roles as RowRoles);
  const seq = new Set(seqColumns);
  let lastCls: RowClass | null = null;
  const out: ClassifiedRow[] = [];
  const headerTexts = new Set<string>();
  for (let r = header.top; r <= header.bottom; r += 1) for (const t of view.rowTexts(r)) if (t) headerTexts.add(squeezed(t));
  let inFooter = false;
  for (let r = header.bottom + 1; r < view.rowCount; r += 1) {
    const hidden = view.hidden.has(r);
    if (view.isBlankRow(r) || onlyFiller(view, r, seq)) {
      out.push({ r, cls: 'blank', hidden });
      continue;
    }
    const texts: string[] = [];
    let filled = 0;
    for (let c = 0; c < view.colCount; c += 1) {
      const t = view.text(r, c);
      if (t) {
        filled += 1;
        texts.push(t);
      }
    }
    const distinct = [...new Set(texts)];
    const firstTexts = distinct.slice(0, 3).map(squeezed);
    let cls: RowClass = 'data';
    if (inFooter && filled <= 3) cls = 'footer';
    else if (texts.some((t) => /[:：]|盖章/.test(t) && FOOTER_RE.test(squeezed(t)))) {
      cls = 'footer';
      inFooter = true;
    } else if (distinct.length <= 2 && NOTE_RE.test(squeezed(distinct[0] ?? ''))) {
      cls = 'footer';
      inFooter = true;
    } else if (firstTexts.some((t) => TOTAL_RE.test(t)) && nameColumns.every((c) => !view.text(r, c) || TOTAL_RE.test(squeezed(view.text(r, c))))) {
      cls = 'total';
    } else if (firstTexts.some((t) => SUBTOTAL_RE.test(t) || /^(.{1,10})(小计|合计)$/.test(t)) && nameColumns.every((c) => !view.text(r, c) || /(小计|合计)$/.test(squeezed(view.text(r, c))))) {
      cls = 'subtotal';
    } else if (/^其中[:：]?/.test(firstTexts[0] ?? '') && (lastCls === 'total' || lastCls === 'subtotal' || lastCls === 'note')) {
      // "其中：中央资金 …" under a 合计: a breakdown of the total, not a record.
      cls = 'note';
    } else if (r <= header.bottom + 2 && isColumnNumberRow(view, r)) {
      cls = 'columnNumbers';
    } else if (distinct.length >= 2 && distinct.filter((t) => headerTexts.has(squeezed(t))).length >= Math.max(2, Math.ceil(distinct.length * 0.6))) {
      cls = 'repeatedHeader';
    } else if (distinct.length === 1 && numericCells(view, r) === 0) {
      const t = distinct[0] ?? '';
      const m = view.merge(r, texts.length > 0 ? firstColumnWithText(view, r) : 0);
      const wide = m !== undefined && m.c2 - m.c1 >= 2 && m.r1 === m.r2;
      if (SECTION_RE.test(squeezed(t)) || wide) cls = 'section';
    }
    if (cls === 'data' && continuation && nameColumns.length > 0) {
      const filledByMerge = nameColumns.some((c) => view.own(r, c) === null && view.text(r, c) !== '' && (view.merge(r, c)?.r1 ?? r) < r);
      const ownMoney = moneyColumns.some((c) => !isBlankCell(view.own(r, c)));
      if (filledByMerge && !ownMoney) cls = 'continuation';
    }
    out.push({ r, cls, hidden });
    lastCls = cls;
  }
  return out;
}

function firstColumnWithText(view: SheetView, r: number): number {
  for (let c = 0; c < view.colCount; c += 1) if (view.text(r, c)) return c;
  return 0;
}

// ---- Choosing a sheet and a kind --------------------------------------------------------------------

export interface SheetCandidate {
  index: number;
  name: string;
  state: SheetGrid['state'];
  rows: number;
  cols: number;
  header: HeaderBlock | null;
  scores: Record<ImportKind, number>;
  bestKind: ImportKind | null;
  /** How much this sheet looks like a ledger of the wanted kind. */
  score: number;
}

export function scoreKinds(header: HeaderBlock): Record<ImportKind, number> {
  const scores = {} as Record<ImportKind, number>;
  for (const kind of ImportKindEnum.values) scores[kind] = kindScore(kind, mapColumns(kind, header.columns));
  return scores;
}

export function bestKindOf(scores: Record<ImportKind, number>): ImportKind | null {
  let best: ImportKind | null = null;
  let bestScore = 2.5;
  for (const kind of ImportKindEnum.values) {
    if (scores[kind] > bestScore) {
      bestScore = scores[kind];
      best = kind;
    }
  }
  return best;
}

export function sheetCandidates(grids: readonly SheetGrid[], wanted?: ImportKind): SheetCandidate[] {
  return grids.map((grid, index) => {
    const view = new SheetView(grid);
    const header = grid.rowCount > 0 ? findHeaderBlock(view) : null;
    const scores = header ? scoreKinds(header) : (Object.fromEntries(ImportKindEnum.values.map((k) => [k, 0])) as Record<ImportKind, number>);
    const bestKind = bestKindOf(scores);
    const kindScoreValue = wanted ? scores[wanted] : bestKind ? scores[bestKind] : 0;
    const visibility = grid.state === 'visible' ? 1 : 0.3;
    const dataRows = header ? Math.max(0, grid.rowCount - header.bottom - 1) : 0;
    const score = (kindScoreValue + Math.min(dataRows, 1000) / 1000) * visibility;
    return { index, name: grid.name, state: grid.state, rows: grid.rowCount, cols: grid.colCount, header, scores, bestKind, score };
  });
}

export function chooseSheet(candidates: readonly SheetCandidate[], name?: string): SheetCandidate | null {
  if (name !== undefined) {
    const exact = candidates.find((c) => c.name === name) ?? candidates.find((c) => c.name.trim() === name.trim());
    return exact ?? null;
  }
  // The best-looking ledger; among sheets that look nearly as good, the first (clerks put the main table first).
  const usable = candidates.filter((c) => c.header && c.score > 0);
  const top = usable.reduce((m, c) => Math.max(m, c.score), 0);
  return usable.find((c) => c.score >= top * 0.8) ?? null;
}

export type { ColumnMapping };
