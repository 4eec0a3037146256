// The check every bulletin PDF must pass (issue #7): A4 pages, the expected page count, 第N期 and the title
// on the first page, each page number "— N —" where the layout puts it (right on odd pages, left on even
// pages, 7 mm under the text block), every other text item inside the 156 × 225 mm text block ± 1 mm, and
// the 草稿 mark: on a draft, in the top margin of every page (above the text block, inside the page); on an
// issued bulletin, nowhere.
import { BULLETIN_GEOMETRY as G, DRAFT_MARK } from '../../shared/bulletin/layout';
import { readPdfText, type PdfPageText } from './pdf-text';

const TOLERANCE_MM = 1;

export interface BulletinPdfCheck {
  pages: PdfPageText[];
  problems: string[];
}

const squash = (s: string) => s.replace(/\s+/g, '');

export async function checkBulletinPdf(bytes: Uint8Array, expected: { pageCount: number; label: string; title: string; draft: boolean }): Promise<BulletinPdfCheck> {
  const pages = await readPdfText(bytes);
  const problems: string[] = [];
  if (pages.length !== expected.pageCount) problems.push(`page count ${pages.length}, expected ${expected.pageCount}`);
  const first = pages[0];
  if (first && !squash(first.text).includes(squash(expected.label))) problems.push(`page 1 lacks ${expected.label}`);
  if (first && !squash(first.text).includes(squash(expected.title))) problems.push(`page 1 lacks the title ${expected.title}`);
  const blockLeft = G.leftMm;
  const blockRight = G.leftMm + G.blockWidthMm;
  const blockTop = G.topMm;
  const blockBottom = G.topMm + G.blockHeightMm;
  pages.forEach((page, i) => {
    const n = i + 1;
    if (Math.abs(page.widthMm - 210) > 0.5 || Math.abs(page.heightMm - 297) > 0.5) problems.push(`page ${n} is ${page.widthMm.toFixed(1)} × ${page.heightMm.toFixed(1)} mm, not A4`);
    const folioText = `—${n}—`;
    const folios = page.items.filter((it) => squash(it.text) === folioText);
    if (folios.length !== 1) {
      problems.push(`page ${n}: ${folios.length} page numbers "${folioText}"`);
    } else {
      const f = folios[0]!;
      const em = 14 * (25.4 / 72);
      if (f.top < blockBottom + G.folioGapMm - 2.5 || f.top > blockBottom + G.folioGapMm + 2.5) problems.push(`page ${n}: page number at ${f.top.toFixed(1)} mm from the top`);
      if (n % 2 === 1 && Math.abs(f.right - (blockRight - em)) > TOLERANCE_MM) problems.push(`page ${n}: odd page number not at the right (right edge ${f.right.toFixed(1)} mm)`);
      if (n % 2 === 0 && Math.abs(f.left - (blockLeft + em)) > TOLERANCE_MM) problems.push(`page ${n}: even page number not at the left (left edge ${f.left.toFixed(1)} mm)`);
    }
    const markWords: string[] = [DRAFT_MARK.text, DRAFT_MARK.note];
    const marks = page.items.filter((it) => markWords.includes(squash(it.text)) && it.bottom < blockTop);
    const markTexts = new Set(marks.map((it) => squash(it.text)));
    if (expected.draft) {
      if (!markTexts.has(DRAFT_MARK.text) || !markTexts.has(DRAFT_MARK.note)) problems.push(`page ${n}: no draft mark "${DRAFT_MARK.text}" in the top margin`);
      for (const it of marks) if (it.top < 5 || it.right > G.pageWidthMm - 5) problems.push(`page ${n}: draft mark "${it.text}" off the printable page`);
    } else if (squash(page.text).includes(DRAFT_MARK.text)) {
      problems.push(`page ${n}: an issued bulletin carries "${DRAFT_MARK.text}"`);
    }
    for (const it of page.items) {
      if (folios.includes(it) || (expected.draft && marks.includes(it))) continue;
      if (it.left < blockLeft - TOLERANCE_MM || it.right > blockRight + TOLERANCE_MM || it.top < blockTop - TOLERANCE_MM || it.bottom > blockBottom + TOLERANCE_MM) {
        problems.push(`page ${n}: "${it.text}" outside the text block (${it.left.toFixed(1)}, ${it.top.toFixed(1)})–(${it.right.toFixed(1)}, ${it.bottom.toFixed(1)}) mm`);
      }
    }
  });
  return { pages, problems };
}
