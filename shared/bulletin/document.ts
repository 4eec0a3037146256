// A bulletin (督导简报) as plain data: what the layout turns into pages. The same value is the draft's
// rendering input (tables filled from live data) and, once issued, the frozen snapshot.

/** 0 = body paragraph; 1 一、(黑体) · 2 （一）(楷体) · 3 1.(仿宋) · 4 （1）(仿宋). */
export type SectionLevel = 0 | 1 | 2 | 3 | 4;

export interface BulletinSection {
  level: SectionLevel;
  /** The text without its number: the layout numbers headings in order. */
  text: string;
}

export interface BulletinTableColumn {
  title: string;
  /** Width in millimetres; the columns of a table add up to the text block's 156 mm. */
  widthMm: number;
  align: 'left' | 'center' | 'right';
}

export interface BulletinTable {
  /** The table's title, e.g. 各乡镇衔接资金支出进度排名. */
  title: string;
  /** A line under the title, e.g. （截至2024年10月31日，单位：万元）. */
  subtitle: string | null;
  columns: BulletinTableColumn[];
  rows: string[][];
  /** Rows shown in bold (totals), by index into rows. */
  boldRows: number[];
  note: string | null;
}

export interface BulletinRecipients {
  /** 报 */
  report: string[];
  /** 送 */
  send: string[];
  /** 发 */
  distribute: string[];
}

export interface BulletinDocument {
  masthead: {
    seriesName: string;
    issuer: string;
    classification: string | null;
    isSupplement: boolean;
    number: number;
    year: number;
    /** ISO day printed bottom-right of the masthead. */
    issueDate: string;
  };
  title: string;
  sections: BulletinSection[];
  /** Printed as 附件1, 附件2, … after the text, each from a new page. */
  tables: BulletinTable[];
  tail: { recipients: BulletinRecipients; copies: number | null };
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (headings never go past a few dozen). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`chineseNumeral: ${n}`);
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
  const rest = n % 100;
  return `${DIGITS[Math.floor(n / 100)]}百${rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${chineseNumeral(rest)}` : chineseNumeral(rest)}`;
}

/** The number a heading of `level` gets as its `n`th (1-based) under its parent. */
export function headingLabel(level: Exclude<SectionLevel, 0>, n: number): string {
  switch (level) {
    case 1:
      return `${chineseNumeral(n)}、`;
    case 2:
      return `（${chineseNumeral(n)}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
  }
}

/** A number the clerk typed in front of a heading (一、 （二） 3. （4） 3．) is dropped: the layout numbers. */
const TYPED_NUMBER = /^\s*(?:[一二三四五六七八九十百零]+、|[（(][一二三四五六七八九十百零]+[）)]|\d+[.．、]|[（(]\d+[）)])\s*/;

export function stripTypedNumber(text: string): string {
  return text.replace(TYPED_NUMBER, '');
}

/**
 * Which sections go on paper. An empty paragraph does not; nor does a 一、 or （一） heading with nothing
 * printable under it before the next heading of its level or higher (a drafted 下步要求 the clerk left empty
 * must not print as a bare heading). 1./（1） items carry their own text, so they print whenever they have it.
 */
export function printedSections(sections: readonly BulletinSection[]): boolean[] {
  const hasText = sections.map((s) => s.text.trim() !== '');
  const printed = sections.map((s, i) => (s.level === 0 || s.level >= 3 ? hasText[i]! : false));
  // Headings from the end backwards: one prints when something below it (up to its next peer) prints.
  for (let i = sections.length - 1; i >= 0; i -= 1) {
    const level = sections[i]!.level;
    if (level !== 1 && level !== 2) continue;
    for (let j = i + 1; j < sections.length; j += 1) {
      const l = sections[j]!.level;
      if (l !== 0 && l <= level) break;
      if (printed[j]) {
        printed[i] = true;
        break;
      }
    }
  }
  return printed;
}

/**
 * Each section's number prefix ('' for paragraphs and for headings that do not print, see printedSections):
 * counters restart under a new higher-level heading, so the printed headings are numbered consecutively.
 */
export function numberSections(sections: readonly BulletinSection[]): string[] {
  const counters = [0, 0, 0, 0, 0];
  const printed = printedSections(sections);
  return sections.map((s, i) => {
    if (s.level === 0 || !printed[i]) return '';
    counters[s.level] = (counters[s.level] ?? 0) + 1;
    for (let l = s.level + 1; l <= 4; l += 1) counters[l] = 0;
    return headingLabel(s.level, counters[s.level]!);
  });
}

/** 第3期 / 增刊第1期. */
export function issueLabel(number: number, isSupplement: boolean): string {
  return `${isSupplement ? '增刊' : ''}第${number}期`;
}
