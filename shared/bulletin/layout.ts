// The layout of a 督导简报, as one pure function: BulletinDocument → the whole HTML document with its CSS.
// The on-screen preview (iframe srcdoc), Electron's printing and every PDF use this same HTML.
//
// Geometry after GB/T 9704-2012: A4, margins top 37 mm / left (binding) 28 mm, a 156 × 225 mm text block (so
// right 26 mm, bottom 35 mm), 3号 (16 pt) 仿宋 on a grid of 22 lines × 28 characters, title 2号 (22 pt) 小标宋,
// headings 一、黑体 → （一）楷体 → 1. 仿宋 → （1）仿宋, page numbers 4号 宋体 "— N —" 7 mm under the text block,
// right on odd pages and left on even pages, each one character in from the block's edge.
//
// Why the pages are laid out here rather than by the browser's print engine: the grid is fixed (every body
// character is exactly 156/28 mm wide), so lines can be broken here, and then the page breaks, the repeated
// table headers, the kept-with-next headings, the page numbers and the tail at the foot of the last page
// are all decided in one place, the preview shows the very pages that print, and no script runs in the
// document (the app's CSP allows none). Every line is placed absolutely; the only thing left to the browser
// is drawing glyphs, and widths are estimated on the safe side (non-CJK characters counted wide), with
// justification closing the gap. Each page is a whole A4 box (@page margin 0) with the text block placed at
// the GB/T margins inside it: the page number lives in the bottom margin, and Chromium's print engine moves
// anything that overflows a CSS page area onto the next page, so the margins cannot be @page margins.
// Titles break between words (title-words.ts), headings with nothing under them are left out and the rest
// numbered in order (printedSections), a table's last page never carries a lone row and its 合计
// (rebalanceLastFragment), and a draft carries 草稿 in the top margin of every page (DRAFT_MARK).
import { formatChineseDate } from '../dates';
import { issueLabel, numberSections, printedSections, type BulletinDocument, type BulletinTable } from './document';
import { NO_LINE_END as NO_END, NO_LINE_START as NO_START, titlePieces } from './title-words';

export const BULLETIN_GEOMETRY = {
  pageWidthMm: 210,
  pageHeightMm: 297,
  topMm: 37,
  leftMm: 28,
  rightMm: 26,
  bottomMm: 35,
  blockWidthMm: 156,
  blockHeightMm: 225,
  lines: 22,
  chars: 28,
  /** Page number: its line sits this far under the text block. */
  folioGapMm: 7,
} as const;

const G = BULLETIN_GEOMETRY;
const PT = 25.4 / 72;
/** One grid line and one grid character of the body. */
export const LINE_MM = G.blockHeightMm / G.lines;
export const CHAR_MM = G.blockWidthMm / G.chars;
const BODY_PT = 16;
const TITLE_PT = 22;
const TABLE_PT = 12;
const TAIL_PT = 14;
const FOLIO_PT = 14;
/** Body letter-spacing so that 28 characters of 16 pt fill exactly 156 mm. */
const BODY_SPACING_MM = CHAR_MM - BODY_PT * PT;
const TABLE_LINE_MM = 5.6;
const TABLE_PAD_V_MM = 1.2;
const TABLE_PAD_H_MM = 1.0;
const TABLE_BORDER_MM = 0.3;
const TAIL_LINE_MM = 7.6;
const RED = '#d6000f';

// ---- Measuring -----------------------------------------------------------------------------------------

/**
 * A character's advance in em, on the safe (wide) side: the widest of the fallback faces as measured in
 * Chromium (Noto Serif CJK SC Bold for 小标宋/楷体 is the widest: digits 0.59, M 1.0, W 1.09, % 0.97);
 * 仿宋_GB2312 and Windows' faces are narrower (digits 0.5). CJK characters and full-width marks are 1 em.
 */
export function charEm(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c >= 0x80) return 1;
  if (c === 0x20) return 0.3;
  if (c >= 0x30 && c <= 0x39) return 0.6;
  if (ch === 'M' || ch === 'W') return 1.1;
  if (ch === 'm' || ch === 'w') return 1.02;
  if (c >= 0x41 && c <= 0x5a) return 0.78;
  if (c >= 0x61 && c <= 0x7a) return 0.62;
  if (ch === '%' || ch === '@' || ch === '&') return 1.0;
  if (ch === '.' || ch === ',' || ch === ':' || ch === ';' || ch === '!' || ch === "'" || ch === '|') return 0.36;
  if (ch === '(' || ch === ')' || ch === '[' || ch === ']' || ch === '-' || ch === '/') return 0.42;
  return 0.65;
}

interface Font {
  pt: number;
  spacingMm: number;
}

function textWidthMm(text: string, font: Font): number {
  let w = 0;
  for (const ch of text) w += charEm(ch) * font.pt * PT + font.spacingMm;
  return w;
}

/** Break points: a run of ASCII letters/digits/signs stays together; any other character stands alone. */
function tokens(text: string): string[] {
  return text.match(/[\x21-\x7e]+|\s|[^\s]/gu) ?? [];
}

/**
 * Break `text` into lines no wider than `firstWidthMm` (first line) and `restWidthMm` (the others),
 * keeping ASCII runs whole unless they alone are too wide, and keeping closing punctuation off a line's
 * start and opening punctuation off its end.
 */
export function breakLines(text: string, font: Font, firstWidthMm: number, restWidthMm = firstWidthMm, squeeze = false): string[] {
  const lines: string[] = [];
  let current: string[] = [];
  let width = 0;
  const limit = () => (lines.length === 0 ? firstWidthMm : restWidthMm) + 0.01;
  const flush = () => {
    while (current.length > 0 && /^\s$/u.test(current[current.length - 1]!)) current.pop();
    lines.push(current.join(''));
    current = [];
    width = 0;
  };
  const queue = tokens(text.replace(/\r?\n/g, ' '));
  for (let i = 0; i < queue.length; i += 1) {
    const token = queue[i]!;
    if (current.length === 0 && /^\s$/u.test(token)) continue;
    const w = textWidthMm(token, font);
    // 标点挤压: one closing mark may stay at the end of a full line, the line's spacing then shrinks a little
    // (lineHtml), instead of pushing characters down and stretching the line.
    const squeezable = squeeze && current.length > 0 && [...token].length === 1 && NO_START.has(token) && w <= font.pt * PT * 1.01;
    if (width + w <= limit() || (squeezable && width + w <= limit() + font.pt * PT)) {
      current.push(token);
      width += w;
      continue;
    }
    if (current.length === 0) {
      // A single token wider than the line (a long number or word): split it by characters.
      const chars = [...token];
      let part = '';
      let pw = 0;
      for (const ch of chars) {
        const cw = textWidthMm(ch, font);
        if (pw + cw > limit() && part) {
          current.push(part);
          flush();
          part = '';
          pw = 0;
        }
        part += ch;
        pw += cw;
      }
      current.push(part);
      width = pw;
      continue;
    }
    // The token goes to the next line; pull characters along so no line starts with 。 or ends with （.
    const carried: string[] = [];
    let head = token;
    while (current.length > 1 && NO_START.has([...head][0] ?? '')) {
      head = current.pop()!;
      carried.unshift(head);
    }
    while (current.length > 1 && NO_END.has([...current[current.length - 1]!].at(-1) ?? '')) carried.unshift(current.pop()!);
    flush();
    for (const c of carried) {
      current.push(c);
      width += textWidthMm(c, font);
    }
    i -= 1;
  }
  if (current.length > 0 || lines.length === 0) flush();
  return lines;
}

// ---- Placed items ----------------------------------------------------------------------------------------

type FontClass = 'fs' | 'kt' | 'ht' | 'xbs' | 'st';

interface PlacedLine {
  kind: 'line';
  top: number;
  left: number;
  width: number;
  height: number;
  cls: FontClass;
  pt: number;
  align: 'justify' | 'left' | 'center' | 'right';
  /** Body text sits on the character grid (letter-spacing); other text is set plainly. */
  grid: boolean;
  color?: string;
  text: string;
  extraClass?: string;
}

interface PlacedRule {
  kind: 'rule';
  top: number;
  left: number;
  width: number;
  thickness: number;
  color: string;
}

interface PlacedTable {
  kind: 'table';
  top: number;
  table: BulletinTable;
  header: string[][];
  rows: Array<{ index: number; cells: string[][]; height: number }>;
  headerHeight: number;
}

type Placed = PlacedLine | PlacedRule | PlacedTable;

interface Page {
  items: Placed[];
}

export interface BulletinLayout {
  html: string;
  pageCount: number;
}

export interface BulletinLayoutOptions {
  /** A draft: every page carries DRAFT_MARK in its top margin (an issued bulletin is laid out without it). */
  draft?: boolean;
}

/**
 * The draft mark: in the top margin, right-aligned with the text block, above the masthead and the text, so it
 * hides nothing and cannot be taken for part of the bulletin; 签发 lays the pages out again without it.
 */
export const DRAFT_MARK = { text: '草稿', note: '未签发，仅供审核', topMm: 14, heightMm: 10 } as const;

const BODY: Font = { pt: BODY_PT, spacingMm: BODY_SPACING_MM };
const PLAIN = (pt: number): Font => ({ pt, spacingMm: 0 });

class Flow {
  pages: Page[] = [{ items: [] }];
  /** Distance from the text block's top, mm. */
  y = 0;
  get page(): Page {
    return this.pages[this.pages.length - 1]!;
  }
  newPage(): void {
    this.pages.push({ items: [] });
    this.y = 0;
  }
  fits(height: number): boolean {
    return this.y + height <= G.blockHeightMm + 0.01;
  }
  /** Move down to the next grid line (after a table). */
  snapToGrid(): void {
    const n = Math.ceil(this.y / LINE_MM - 1e-6);
    this.y = n * LINE_MM;
  }
  place(item: Placed): void {
    this.page.items.push(item);
  }
}

interface TextBlock {
  lines: Array<Omit<PlacedLine, 'top' | 'kind' | 'height'>>;
  /** Keep this block on the same page as the first lines of the next one (headings). */
  keepWithNext: boolean;
}

const CLASS_OF_LEVEL: Record<number, FontClass> = { 0: 'fs', 1: 'ht', 2: 'kt', 3: 'fs', 4: 'fs' };

function paragraphBlock(text: string, cls: FontClass, keepWithNext: boolean): TextBlock {
  const indent = 2 * CHAR_MM;
  const broken = breakLines(text, BODY, G.blockWidthMm - indent, G.blockWidthMm, true);
  return {
    keepWithNext,
    lines: broken.map((t, i) => ({
      left: i === 0 ? indent : 0,
      width: i === 0 ? G.blockWidthMm - indent : G.blockWidthMm,
      cls,
      pt: BODY_PT,
      align: i === broken.length - 1 ? 'left' : 'justify',
      grid: true,
      text: t,
    })),
  };
}

function placeTextLines(flow: Flow, block: TextBlock): void {
  for (const line of block.lines) {
    if (!flow.fits(LINE_MM)) flow.newPage();
    flow.place({ kind: 'line', top: flow.y, height: LINE_MM, ...line });
    flow.y += LINE_MM;
  }
}

/**
 * Title lines of `pt`, centred, balanced: the fewest lines the block allows, of about equal width rather than a
 * long one and a stub, broken between words (titlePieces), at punctuation where that costs little balance.
 */
export function balancedTitle(text: string, pt: number): string[] {
  const font = PLAIN(pt);
  const limit = G.blockWidthMm + 0.01;
  if (textWidthMm(text, font) <= limit) return [text];
  const pieces = titlePieces(text);
  const widths = pieces.map((p) => textWidthMm(p.text, font));
  // A piece wider than a line (a long code): words cannot help, break as body text does.
  if (widths.some((w) => w > limit)) return breakLines(text, font, G.blockWidthMm);
  const em = pt * PT;
  const m = pieces.length;
  const prefix = [0];
  for (const w of widths) prefix.push(prefix[prefix.length - 1]! + w);
  const total = prefix[m]!;
  for (let n = Math.ceil(total / G.blockWidthMm); n <= m; n += 1) {
    // best[k][i]: least cost of the first i pieces on k lines; cost = squared distance from an even share,
    // less a bonus for a break at a pause.
    const target = total / n;
    const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(Infinity));
    const from: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(-1));
    best[0]![0] = 0;
    for (let k = 1; k <= n; k += 1) {
      for (let i = 1; i <= m; i += 1) {
        for (let j = i - 1; j >= k - 1; j -= 1) {
          const w = prefix[i]! - prefix[j]!;
          if (w > limit) break;
          const prev = best[k - 1]![j]!;
          if (prev === Infinity) continue;
          const pause = i < m && pieces[i - 1]!.pause ? em * em : 0;
          const cost = prev + (w - target) ** 2 - pause;
          if (cost < best[k]![i]!) {
            best[k]![i] = cost;
            from[k]![i] = j;
          }
        }
      }
    }
    if (best[n]![m] === Infinity) continue;
    const lines: string[] = [];
    for (let k = n, i = m; k > 0; k -= 1) {
      const j = from[k]![i]!;
      lines.unshift(pieces.slice(j, i).map((p) => p.text).join(''));
      i = j;
    }
    return lines;
  }
  return breakLines(text, font, G.blockWidthMm);
}

function placeMasthead(flow: Flow, doc: BulletinDocument): void {
  const m = doc.masthead;
  if (m.classification) {
    flow.place({ kind: 'line', top: 0, left: 0, width: G.blockWidthMm, height: LINE_MM, cls: 'ht', pt: BODY_PT, align: 'left', grid: false, text: m.classification });
  }
  // The series name, red and large: up to 42 pt, smaller when the name is long.
  const nameEm = textWidthMm(m.seriesName, PLAIN(1)) / PT;
  const namePt = Math.max(22, Math.min(42, Math.floor((G.blockWidthMm * 0.92) / (nameEm * PT))));
  flow.place({ kind: 'line', top: LINE_MM, left: 0, width: G.blockWidthMm, height: 2 * LINE_MM, cls: 'xbs', pt: namePt, align: 'center', grid: false, color: RED, text: m.seriesName, extraClass: 'mast' });
  flow.place({ kind: 'line', top: 3 * LINE_MM, left: 0, width: G.blockWidthMm, height: LINE_MM, cls: 'fs', pt: BODY_PT, align: 'center', grid: false, text: issueLabel(m.number, m.isSupplement) });
  flow.place({ kind: 'line', top: 4 * LINE_MM, left: 0, width: G.blockWidthMm * 0.62, height: LINE_MM, cls: 'fs', pt: BODY_PT, align: 'left', grid: false, text: m.issuer });
  flow.place({ kind: 'line', top: 4 * LINE_MM, left: G.blockWidthMm * 0.62, width: G.blockWidthMm * 0.38, height: LINE_MM, cls: 'fs', pt: BODY_PT, align: 'right', grid: false, text: formatChineseDate(m.issueDate) });
  flow.place({ kind: 'rule', top: 5 * LINE_MM + 0.6, left: 0, width: G.blockWidthMm, thickness: 1.0, color: RED });
  flow.y = 6 * LINE_MM;
  for (const t of balancedTitle(doc.title, TITLE_PT)) {
    flow.place({ kind: 'line', top: flow.y, left: 0, width: G.blockWidthMm, height: LINE_MM, cls: 'xbs', pt: TITLE_PT, align: 'center', grid: false, text: t });
    flow.y += LINE_MM;
  }
  flow.y += LINE_MM;
}

function placeBody(flow: Flow, doc: BulletinDocument): void {
  const numbers = numberSections(doc.sections);
  const printed = printedSections(doc.sections);
  const blocks: TextBlock[] = [];
  doc.sections.forEach((s, i) => {
    if (!printed[i]) return;
    const body = `${numbers[i]}${s.text.trim()}`;
    blocks.push(paragraphBlock(body, CLASS_OF_LEVEL[s.level] ?? 'fs', s.level === 1 || s.level === 2));
  });
  blocks.forEach((block, i) => {
    if (block.keepWithNext) {
      // A heading goes with its own lines and two lines of what follows (or a following heading chain).
      let need = block.lines.length;
      let j = i + 1;
      while (j < blocks.length && blocks[j]!.keepWithNext) {
        need += blocks[j]!.lines.length;
        j += 1;
      }
      need += Math.min(2, blocks[j]?.lines.length ?? 0);
      if (flow.y > 0 && !flow.fits(need * LINE_MM) && need <= G.lines) flow.newPage();
    }
    placeTextLines(flow, block);
  });
}

function cellLines(text: string, widthMm: number, header: boolean): string[] {
  const avail = widthMm - 2 * TABLE_PAD_H_MM - TABLE_BORDER_MM;
  // A line feed in a cell (e.g. a header written 长期\n坚持) is a line break of its own.
  return text === '' ? [''] : text.split('\n').flatMap((part) => breakLines(part, PLAIN(TABLE_PT + (header ? 0.3 : 0)), avail, avail));
}

function rowHeight(cells: string[][]): number {
  const n = Math.max(1, ...cells.map((c) => c.length));
  return n * TABLE_LINE_MM + 2 * TABLE_PAD_V_MM + TABLE_BORDER_MM;
}

function placeTable(flow: Flow, table: BulletinTable, index: number): void {
  if (flow.y > 0 || flow.page.items.length > 0) flow.newPage();
  flow.place({ kind: 'line', top: 0, left: 0, width: G.blockWidthMm, height: LINE_MM, cls: 'ht', pt: BODY_PT, align: 'left', grid: false, text: `附件${index + 1}` });
  flow.y = LINE_MM;
  for (const t of balancedTitle(table.title, TITLE_PT)) {
    flow.place({ kind: 'line', top: flow.y, left: 0, width: G.blockWidthMm, height: LINE_MM, cls: 'xbs', pt: TITLE_PT, align: 'center', grid: false, text: t });
    flow.y += LINE_MM;
  }
  if (table.subtitle) {
    for (const t of breakLines(table.subtitle, PLAIN(BODY_PT), G.blockWidthMm)) {
      flow.place({ kind: 'line', top: flow.y, left: 0, width: G.blockWidthMm, height: LINE_MM, cls: 'kt', pt: BODY_PT, align: 'center', grid: false, text: t });
      flow.y += LINE_MM;
    }
  }
  const header = table.columns.map((c) => cellLines(c.title, c.widthMm, true));
  const headerHeight = rowHeight(header);
  const rows = table.rows.map((r, i) => {
    const cells = table.columns.map((c, j) => cellLines(r[j] ?? '', c.widthMm, false));
    return { index: i, cells, height: rowHeight(cells) };
  });
  const noteLines = table.note ? breakLines(table.note, PLAIN(TABLE_PT), G.blockWidthMm) : [];
  const noteHeight = noteLines.length > 0 ? 1.5 + noteLines.length * TABLE_LINE_MM : 0;
  let fragment: PlacedTable | null = null;
  const fragments: PlacedTable[] = [];
  const startFragment = () => {
    fragment = { kind: 'table', top: flow.y, table, header, rows: [], headerHeight };
    fragments.push(fragment);
    flow.place(fragment);
    flow.y += headerHeight;
  };
  // The caption stays with the header and the first row.
  if (!flow.fits(headerHeight + (rows[0]?.height ?? 0))) flow.newPage();
  startFragment();
  rows.forEach((row, i) => {
    // The note never stands alone on a page: the last two rows go with it.
    const tail = i >= rows.length - 2 ? rows.slice(i).reduce((s, r) => s + r.height, 0) + noteHeight : row.height;
    const fragmentHasRows = (fragment as PlacedTable | null)?.rows.length ?? 0;
    if (!flow.fits(row.height) || (fragmentHasRows > 0 && !flow.fits(tail) && tail + headerHeight <= G.blockHeightMm)) {
      flow.newPage();
      startFragment();
    }
    (fragment as PlacedTable | null)?.rows.push(row);
    flow.y += row.height;
  });
  flow.y += rebalanceLastFragment(fragments, flow.y, noteHeight);
  if (noteLines.length > 0) {
    flow.y += 1.5;
    for (const t of noteLines) {
      if (!flow.fits(TABLE_LINE_MM)) flow.newPage();
      flow.place({ kind: 'line', top: flow.y, left: 0, width: G.blockWidthMm, height: TABLE_LINE_MM, cls: 'fs', pt: TABLE_PT, align: 'left', grid: false, text: t });
      flow.y += TABLE_LINE_MM;
    }
  }
  flow.snapToGrid();
}

/** The fewest table rows a continued page of a table carries (its last one is often the 合计 row). */
export const MIN_ROWS_ON_PAGE = 3;

/**
 * A table whose last page would carry only a row or two (typically the last township and 合计) takes rows
 * over from the page before, so the last page holds MIN_ROWS_ON_PAGE rows while the page before keeps at
 * least as many (the header row repeats there as on every page). Returns how much lower the table now ends
 * on its last page (mm).
 */
function rebalanceLastFragment(fragments: PlacedTable[], endY: number, noteHeight: number): number {
  if (fragments.length < 2) return 0;
  const last = fragments[fragments.length - 1]!;
  const prev = fragments[fragments.length - 2]!;
  let added = 0;
  while (last.rows.length < MIN_ROWS_ON_PAGE && prev.rows.length > MIN_ROWS_ON_PAGE) {
    const moved = prev.rows[prev.rows.length - 1]!;
    // The note stays with the table's end: what moves over must leave room for it.
    if (endY + added + moved.height + noteHeight > G.blockHeightMm + 0.01) break;
    prev.rows.pop();
    last.rows.unshift(moved);
    added += moved.height;
  }
  return added;
}

/** 报/送/发 lines with a hanging indent, and 共印 N 份 at the right of the last line. */
function placeTail(flow: Flow, doc: BulletinDocument): void {
  const { recipients, copies } = doc.tail;
  const font = PLAIN(TAIL_PT);
  const em = TAIL_PT * PT;
  const inner = G.blockWidthMm - 2 * em;
  const group = (label: string, names: string[]) => {
    if (names.length === 0) return [];
    const lead = `${label}：`;
    const leadWidth = textWidthMm(lead, font);
    const broken = breakLines(names.join('，'), font, inner - leadWidth, inner - leadWidth);
    return broken.map((t, i) => ({ text: i === 0 ? lead + t : t, left: em + (i === 0 ? 0 : leadWidth) }));
  };
  const upper = [...group('报', recipients.report), ...group('送', recipients.send)];
  const lower = group('发', recipients.distribute);
  const copiesText = copies ? `共印${copies}份` : '';
  if (copiesText) {
    const last = lower[lower.length - 1];
    const room = last ? inner - (last.left - em) - textWidthMm(last.text, font) : 0;
    if (!last || room < textWidthMm(copiesText, font) + 2 * em) lower.push({ text: '', left: em });
  }
  const thick = 0.35;
  const thin = 0.25;
  const height = (upper.length + lower.length) * TAIL_LINE_MM + (upper.length > 0 && lower.length > 0 ? thin : 0) + 2 * thick;
  if (!flow.fits(height + LINE_MM)) flow.newPage();
  let y = G.blockHeightMm - height;
  flow.place({ kind: 'rule', top: y, left: 0, width: G.blockWidthMm, thickness: thick, color: '#000' });
  y += thick;
  const line = (l: { text: string; left: number }, extra?: string) => {
    flow.place({ kind: 'line', top: y, left: l.left, width: G.blockWidthMm - em - l.left, height: TAIL_LINE_MM, cls: 'fs', pt: TAIL_PT, align: 'left', grid: false, text: l.text });
    if (extra) flow.place({ kind: 'line', top: y, left: em, width: inner, height: TAIL_LINE_MM, cls: 'fs', pt: TAIL_PT, align: 'right', grid: false, text: extra });
    y += TAIL_LINE_MM;
  };
  upper.forEach((l) => line(l));
  if (upper.length > 0 && lower.length > 0) {
    flow.place({ kind: 'rule', top: y, left: 0, width: G.blockWidthMm, thickness: thin, color: '#000' });
    y += thin;
  }
  lower.forEach((l, i) => line(l, i === lower.length - 1 ? copiesText : undefined));
  flow.place({ kind: 'rule', top: y, left: 0, width: G.blockWidthMm, thickness: thick, color: '#000' });
  flow.y = G.blockHeightMm;
}

// ---- HTML ------------------------------------------------------------------------------------------------

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const mm = (v: number) => `${Number(v.toFixed(3))}mm`;

function lineHtml(l: PlacedLine): string {
  // A line that holds a squeezed closing mark (breakLines) tightens its letter-spacing to fit its width.
  const base = l.grid ? BODY_SPACING_MM : 0;
  const estimated = textWidthMm(l.text, { pt: l.pt, spacingMm: base });
  const count = [...l.text].length;
  const spacing = estimated > l.width + 0.01 && count > 1 ? base - (estimated - l.width) / count : base;
  const style = [
    `top:${mm(l.top)}`,
    `left:${mm(l.left)}`,
    `width:${mm(l.width)}`,
    `height:${mm(l.height)}`,
    `line-height:${mm(l.height)}`,
    `font-size:${l.pt}pt`,
    `text-align:${l.align}`,
    spacing !== 0 ? `letter-spacing:${mm(spacing)}` : '',
    l.color ? `color:${l.color}` : '',
  ]
    .filter(Boolean)
    .join(';');
  return `<div class="l ${l.cls}${l.align === 'justify' ? ' j' : ''}${l.extraClass ? ` ${l.extraClass}` : ''}" style="${style}">${escapeHtml(l.text)}</div>`;
}

function tableHtml(t: PlacedTable): string {
  const cols = t.table.columns.map((c) => `<col style="width:${mm(c.widthMm)}">`).join('');
  const cell = (tag: 'th' | 'td', lines: string[], align: string) => `<${tag} style="text-align:${align}">${lines.map(escapeHtml).join('<br>')}</${tag}>`;
  const head = `<tr style="height:${mm(t.headerHeight)}">${t.header.map((lines) => cell('th', lines, 'center')).join('')}</tr>`;
  const body = t.rows
    .map((r) => {
      const bold = t.table.boldRows.includes(r.index) ? ' class="b"' : '';
      return `<tr${bold} style="height:${mm(r.height)}">${r.cells.map((lines, j) => cell('td', lines, t.table.columns[j]?.align ?? 'left')).join('')}</tr>`;
    })
    .join('');
  return `<table class="t" style="top:${mm(t.top)}"><colgroup>${cols}</colgroup><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

function itemHtml(item: Placed): string {
  switch (item.kind) {
    case 'line':
      return lineHtml(item);
    case 'rule':
      return `<div class="r" style="top:${mm(item.top)};left:${mm(item.left)};width:${mm(item.width)};height:${mm(item.thickness)};background:${item.color}"></div>`;
    case 'table':
      return tableHtml(item);
  }
}

/** Fonts: the 方正/GB2312 faces when installed, else Windows' own, else Noto CJK (the test machines). */
const FONT_FACES = `
@font-face{font-family:"BT XBS";src:local("FZXiaoBiaoSong-B05S"),local("FZXBSJW--GB1-0"),local("方正小标宋简体"),local("方正小标宋_GBK"),local("STZhongsong"),local("华文中宋"),local("SimSun"),local("宋体"),local("Noto Serif CJK SC Bold"),local("NotoSerifCJKsc-Bold")}
@font-face{font-family:"BT FS";src:local("FangSong_GB2312"),local("仿宋_GB2312"),local("FangSong"),local("仿宋"),local("STFangsong"),local("华文仿宋"),local("Noto Serif CJK SC"),local("NotoSerifCJKsc-Regular"),local("Noto Serif CJK SC Regular")}
@font-face{font-family:"BT KT";src:local("KaiTi_GB2312"),local("楷体_GB2312"),local("KaiTi"),local("楷体"),local("STKaiti"),local("华文楷体"),local("Noto Serif CJK SC Bold"),local("NotoSerifCJKsc-Bold")}
@font-face{font-family:"BT HT";src:local("SimHei"),local("黑体"),local("STHeiti"),local("Noto Sans CJK SC"),local("NotoSansCJKsc-Regular"),local("Noto Sans CJK SC Regular")}
@font-face{font-family:"BT ST";src:local("SimSun"),local("宋体"),local("STSong"),local("Noto Serif CJK SC"),local("NotoSerifCJKsc-Regular"),local("Noto Serif CJK SC Regular")}`;

const CSS = `${FONT_FACES}
@page{size:A4;margin:0}
html,body{margin:0;padding:0;background:#fff;color:#000}
body{-webkit-print-color-adjust:exact;print-color-adjust:exact;font-kerning:none}
.page{position:relative;width:${G.pageWidthMm}mm;height:${G.pageHeightMm}mm;overflow:hidden;background:#fff;break-after:page;page-break-after:always}
.page:last-child{break-after:auto;page-break-after:auto}
.in{position:absolute;left:${G.leftMm}mm;top:${G.topMm}mm;width:${G.blockWidthMm}mm;height:${G.blockHeightMm}mm}
.l{position:absolute;margin:0;padding:0;white-space:pre;overflow:visible}
.l.j{text-align:justify;text-align-last:justify;text-justify:inter-character}
.r{position:absolute}
.fs{font-family:"BT FS","FangSong_GB2312","FangSong","仿宋","Noto Serif CJK SC",serif}
.kt{font-family:"BT KT","KaiTi_GB2312","KaiTi","楷体","Noto Serif CJK SC",serif}
.ht{font-family:"BT HT","SimHei","黑体","Noto Sans CJK SC",sans-serif}
.xbs{font-family:"BT XBS","方正小标宋简体","SimSun","宋体","Noto Serif CJK SC",serif}
.st{font-family:"BT ST","SimSun","宋体","Noto Serif CJK SC",serif}
.mast{letter-spacing:0.08em;text-indent:0.08em}
.draft{position:absolute;top:${DRAFT_MARK.topMm}mm;right:${G.rightMm}mm;height:${DRAFT_MARK.heightMm}mm;display:flex;align-items:center;gap:3mm;color:${RED};white-space:pre}
.draft b{font-weight:normal;font-size:16pt;line-height:8mm;padding:0 2.5mm;border:0.5mm solid ${RED};letter-spacing:0.3em;text-indent:0.3em}
.draft span{font-size:10.5pt}
.folio{position:absolute;top:${mm(G.blockHeightMm + G.folioGapMm - 1.2)};height:7mm;line-height:7mm;font-size:${FOLIO_PT}pt;white-space:pre}
.folio.odd{right:${mm(FOLIO_PT * PT)};text-align:right}
.folio.even{left:${mm(FOLIO_PT * PT)};text-align:left}
.t{position:absolute;left:0;width:${G.blockWidthMm}mm;table-layout:fixed;border-collapse:collapse;font-size:${TABLE_PT}pt;line-height:${TABLE_LINE_MM}mm}
.t th,.t td{border:${TABLE_BORDER_MM}mm solid #000;padding:${TABLE_PAD_V_MM}mm ${TABLE_PAD_H_MM}mm;vertical-align:middle;white-space:pre;overflow:hidden;font-family:"BT FS","FangSong_GB2312","FangSong","Noto Serif CJK SC",serif;font-weight:normal}
.t th{font-family:"BT HT","SimHei","黑体","Noto Sans CJK SC",sans-serif}
.t tr.b td{font-family:"BT HT","SimHei","黑体","Noto Sans CJK SC",sans-serif}
@media screen{
  html,body{background:#8c8c8c}
  body{padding:8px 0}
  .page{margin:0 auto 8px;box-shadow:0 1px 6px rgba(0,0,0,.45)}
}
`;

/** The whole HTML document of a bulletin and how many pages it has. */
export function layoutBulletin(doc: BulletinDocument, options: BulletinLayoutOptions = {}): BulletinLayout {
  const flow = new Flow();
  placeMasthead(flow, doc);
  placeBody(flow, doc);
  doc.tables.forEach((t, i) => placeTable(flow, t, i));
  placeTail(flow, doc);
  const pages = flow.pages.map((page, i) => {
    const n = i + 1;
    const folio = `<div class="folio st ${n % 2 === 1 ? 'odd' : 'even'}">— ${n} —</div>`;
    const mark = options.draft ? `<div class="draft ht"><span>${DRAFT_MARK.note}</span><b>${DRAFT_MARK.text}</b></div>` : '';
    return `<div class="page" data-page="${n}">${mark}<div class="in">${page.items.map(itemHtml).join('')}${folio}</div></div>`;
  });
  const title = `${doc.masthead.seriesName} ${issueLabel(doc.masthead.number, doc.masthead.isSupplement)} ${doc.title}`;
  const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>${pages.join('')}</body></html>`;
  return { html, pageCount: pages.length };
}
