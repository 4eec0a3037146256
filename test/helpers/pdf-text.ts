// Read a PDF back with pdf.js: each page's size and its text items with their positions in millimetres,
// measured from the page's top-left corner. A text item's box runs from its baseline up by its font size
// (the CJK em box: ascent 0.88 em, descent 0.12 em), which is what the text block check needs.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const MM_PER_PT = 25.4 / 72;

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
        text: raw.str,
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
