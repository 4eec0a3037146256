// Issue 7's figure: a 20-page 督导简报 from compose to PDF on the bench's demo ledger. Compose drafts from the
// year's findings (the 存在问题 items are then cut to what fills 20 pages), the layout turns it into HTML and
// Chromium prints the PDF, which is read back to count its pages. Baseline from the same run: a 1-page
// document printed by the same Chromium (the cost of launching the browser). Everything the suite writes
// goes into a copy of it, so the cached demo ledger stays as it was.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openLedger } from '../../electron/platform/context';
import type { BulletinDetail } from '../../shared/api';
import { layoutBulletin } from '../../shared/bulletin/layout';
import { bulletinDocument, bulletinPdfBytes, composeBulletin, updateBulletin } from '../../electron/ledger/bulletins/bulletins';
import { chromiumHtmlToPdf } from '../../electron/ledger/bulletins/pdf';
import { bulletinChannels } from '../../shared/api-bulletin';
import { readPdfText } from '../helpers/pdf-text';
import type { BenchSuite } from './run';

const TARGET_PAGES = 20;
const RUNS = 3;
const ms = (start: number) => Math.round(performance.now() - start);
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const bulletinSuite: BenchSuite = {
  name: 'bulletin',
  async run({ ledger: cached, workDir }) {
    // The smallest scope that drafts at least 20 pages: the inspection with the most findings when it has
    // enough of them (scale 100), else the findings of the latest year (scale 1).
    const biggest = cached.sqlite
      .prepare('select inspection_id as id, count(*) as n from findings where deleted_at is null group by inspection_id order by n desc limit 1')
      .get() as { id: number; n: number } | undefined;
    const year = Number(
      (cached.sqlite.prepare('select max(start_date) from inspections where deleted_at is null').pluck().get() as string | null)?.slice(0, 4) ?? cached.now().getFullYear(),
    );
    const source = biggest && biggest.n >= 120 ? { kind: 'inspection', inspectionId: biggest.id } : { kind: 'period', start: `${year}-01-01`, end: `${year}-12-31` };
    // The bulletins' writes go through the data port's own transactions: they run on a copy of the ledger.
    const copy = path.join(workDir, 'bulletin-bench.db');
    fs.rmSync(copy, { force: true });
    cached.sqlite.exec(`vacuum into '${copy.replace(/'/g, "''")}'`);
    const ledger = openLedger({ dbFile: copy, door: 'cli', now: () => cached.now() });
    const compose = () => composeBulletin(ledger, bulletinChannels['bulletins.compose'].input.parse({ source }));

    try {
      // Cut the drafted items to 20 pages (layout is pure and fast: a binary search over how many to keep).
      const first = await compose();
      const itemIndexes = first.content.sections.map((s, i) => (s.level === 3 ? i : -1)).filter((i) => i >= 0);
      const doc = await bulletinDocument(ledger, first.id);
      const pagesWith = (keep: number) => {
        const drop = new Set(itemIndexes.slice(keep));
        const sections = first.content.sections.filter((_, i) => !drop.has(i));
        return { sections, pages: layoutBulletin({ ...doc, sections }).pageCount };
      };
      let lo = 0;
      let hi = itemIndexes.length;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (pagesWith(mid).pages <= TARGET_PAGES) lo = mid;
        else hi = mid - 1;
      }
      const { sections, pages: plannedPages } = pagesWith(lo);

      const composeMs: number[] = [];
      const layoutMs: number[] = [];
      const pdfMs: number[] = [];
      const totalMs: number[] = [];
      let pdfPages = 0;
      let bytes = 0;
      for (let run = 0; run < RUNS; run += 1) {
        const t0 = performance.now();
        const draft: BulletinDetail = await compose();
        await updateBulletin(ledger, bulletinChannels['bulletins.update'].input.parse({ id: draft.id, version: draft.version, content: { ...draft.content, sections } }));
        composeMs.push(ms(t0));
        const t1 = performance.now();
        layoutBulletin(await bulletinDocument(ledger, draft.id));
        layoutMs.push(ms(t1));
        const t2 = performance.now();
        const pdf = await bulletinPdfBytes(ledger, draft.id);
        pdfMs.push(ms(t2));
        totalMs.push(ms(t0));
        pdfPages = (await readPdfText(pdf.bytes)).length;
        bytes = pdf.bytes.length;
      }
      const baseline: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const t = performance.now();
        await chromiumHtmlToPdf('<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page{size:A4;margin:0}</style></head><body>一页</body></html>');
        baseline.push(ms(t));
      }
      const total = median(totalMs);
      const base = median(baseline);
      return {
        data: { source, plannedPages, pdfPages, bytes, items: lo, composeMs, layoutMs, pdfMs, totalMs, onePagePdfMs: baseline },
        rows: [
          {
            name: `${pdfPages}-page bulletin, compose → PDF (median of ${RUNS})`,
            value: `${total} ms`,
            note: `compose ${median(composeMs)} ms, layout ${median(layoutMs)} ms, Chromium PDF ${median(pdfMs)} ms; ${Math.round(bytes / 1024)} KB; ${lo} of ${itemIndexes.length} drafted finding items kept; from ${source.kind === 'inspection' ? 'one inspection' : `the year ${year}`}`,
          },
          { name: '1-page PDF in the same Chromium (baseline)', value: `${base} ms`, note: `20-page run = ${(total / base).toFixed(2)} × baseline` },
        ],
      };
    } finally {
      ledger.close();
      fs.rmSync(copy, { force: true });
    }
  },
};
