// Read a PDF back with pdf.js: each page's size and its text items with their positions in millimetres,
// measured from the page's top-left corner. A text item's box runs from its baseline up by its font size
// (the CJK em box: ascent 0.88 em, descent 0.12 em), which is what the text block check needs.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const MM_PER_PT = 25.4 / 72;

/**
 * Chromium's embedded fonts map some ideographs to their look-alike Kangxi radicals (月 → ⽉ U+2F49);
 * fold just those back (NFKC on the radical blocks only: NFKC of the whole text would turn ，into ,).
 */
export function foldRadicals(text: string): string {
  return text.replace(/[\u2e80-\u2fdf]/gu, (c) => SUPPLEMENT_RADICALS[c] ?? c.normalize('NFKC'));
}

/** CJK Radicals Supplement forms (no NFKC mapping) that stand for simplified characters. */
const SUPPLEMENT_RADICALS: Record<string, string> = {
  '⺟': '母', '⺠': '民', '⻁': '虎', '⻊': '足', '⻄': '西', '⻅': '见', '⻆': '角', '⻉': '贝', '⻋': '车', '⻓': '长', '⻔': '门', '⻘': '青', '⻚': '页', '⻛': '风',
  '⻜': '飞', '⻝': '食', '⻢': '马', '⻥': '鱼', '⻦': '鸟', '⻩': '黄', '⻬': '齐', '⻮': '齿', '⻰': '龙', '⻳': '龟',
};

export interface PdfTextItem {
  text: string;
  /** Left, right, top and bottom of the item in mm from the page's top-left corner. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface PdfPageText {
  widthMm: number;
  heightMm: number;
  items: PdfTextItem[];
  text: string;
}

export async function readPdfText(bytes: Uint8Array): Promise<PdfPageText[]> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: PdfPageText[] = [];
  for (let n = 1; n <= doc.numPages; n += 1) {
    const page = await doc.getPage(n);
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const heightPt = y1 - y0;
    const content = await page.getTextContent();
    const items: PdfTextItem[] = [];
    for (const raw of content.items) {
      if (!('str' in raw) || raw.str.trim() === '') continue;
      const [, , , d, e, f] = raw.transform as number[];
      const size = Math.abs(d ?? raw.height);
      const baseline = heightPt - (f ?? 0);
      items.push({
        text: foldRadicals(raw.str),
        left: ((e ?? 0) - x0) * MM_PER_PT,
        right: ((e ?? 0) - x0 + raw.width) * MM_PER_PT,
        top: (baseline - 0.88 * size) * MM_PER_PT,
        bottom: (baseline + 0.12 * size) * MM_PER_PT,
      });
    }
    pages.push({ widthMm: (x1 - x0) * MM_PER_PT, heightMm: heightPt * MM_PER_PT, items, text: items.map((i) => i.text).join('') });
    page.cleanup();
  }
  await doc.destroy();
  return pages;
}
