// 核对合计: the sheet's 合计/小计 rows against the rows they add up, per money column. A mismatch is a
// warning at the 合计 cell that names the rows and the likely cause: numbers stored as text (Excel's SUM
// skips them), hidden rows left out, rows not imported because of errors.
import { parseMoneyCell } from '../../../shared/import/values';
import { formatYuanWithUnit } from '../../../shared/money';
import type { ClassifiedRow, SheetView } from './analyse';
import type { IssueLog } from './env';
import type { PlannedRow } from './types';
import type { ReconcileEntry } from '../../../shared/api-import';

export type { ReconcileEntry } from '../../../shared/api-import';

const MONEY_FIELDS = new Set(['total', 'linkage', 'fundCentral', 'fundProvincial', 'fundMunicipal', 'fundCounty', 'fundOther', 'amount', 'splitAmount']);

function rowList(rows: number[]): string {
  const shown = rows.slice(0, 12).map((r) => `第${r}行`);
  return rows.length > 12 ? `${shown.join('、')}等 ${rows.length} 行` : shown.join('、');
}

export function reconcileTotals(
  view: SheetView,
  classified: readonly ClassifiedRow[],
  columns: ReadonlyArray<{ index: number; field: string | null; header: string }>,
  unitOf: (col: number) => 'yuan' | 'wan',
  outcomes: { get(row: number): PlannedRow | undefined },
  log: IssueLog,
): ReconcileEntry[] {
  const moneyColumns = columns.filter((c) => c.field !== null && MONEY_FIELDS.has(c.field));
  if (moneyColumns.length === 0) return [];
  const entries: ReconcileEntry[] = [];
  let grandStart = 0;
  let subStart = 0;
  classified.forEach((cr, i) => {
    if (cr.cls === 'section') {
      subStart = i + 1;
      return;
    }
    if (cr.cls !== 'total' && cr.cls !== 'subtotal') return;
    const start = cr.cls === 'total' ? grandStart : subStart;
    let scope = classified.slice(start, i).filter((x) => x.cls === 'data');
    if (scope.length === 0 && cr.cls === 'total') {
      // A 合计 right under the header (some templates put it first): it covers the rows below it.
      const next = classified.findIndex((x, j) => j > i && (x.cls === 'total' || x.cls === 'footer'));
      scope = classified.slice(i + 1, next < 0 ? undefined : next).filter((x) => x.cls === 'data');
    }
    for (const col of moneyColumns) {
      const stated = parseMoneyCell(view.cell(cr.r, col.index), unitOf(col.index));
      if (!stated.ok || stated.value === null) continue;
      let sum = 0;
      let numericSum = 0;
      let visibleSum = 0;
      let imported = 0;
      const textRows: number[] = [];
      const hiddenRows: number[] = [];
      const notImported: number[] = [];
      for (const x of scope) {
        const cell = view.cell(x.r, col.index);
        const v = parseMoneyCell(cell, unitOf(col.index));
        if (!v.ok || v.value === null) {
          if (!v.ok) notImported.push(x.r + 1);
          continue;
        }
        sum += v.value.fen;
        // A value corrected in the wizard is the user's number, not text Excel's SUM would have skipped.
        if (typeof cell === 'number' || view.isEdited(x.r, col.index)) numericSum += v.value.fen;
        else textRows.push(x.r + 1);
        if (!x.hidden) visibleSum += v.value.fen;
        else hiddenRows.push(x.r + 1);
        const outcome = outcomes.get(x.r + 1);
        if (outcome && outcome.outcome !== 'error' && outcome.outcome !== 'skip') imported += v.value.fen;
        else if (!outcome || outcome.outcome === 'error') notImported.push(x.r + 1);
      }
      const label = cr.cls === 'total' ? '合计' : '小计';
      let message: string | null = null;
      if (stated.value.fen !== sum) {
        const diff = stated.value.fen - sum;
        let cause: string;
        if (textRows.length > 0 && stated.value.fen === numericSum) {
          cause = `${rowList(textRows)}的金额是以文本形式存储的数字，Excel 的求和没有把它们算进${label}（已按各行金额导入）`;
        } else if (hiddenRows.length > 0 && stated.value.fen === visibleSum) {
          cause = `${label}没有包含隐藏的${rowList(hiddenRows)}`;
        } else if (hiddenRows.length > 0 && stated.value.fen === sum - visibleSum) {
          cause = `${label}只包含了隐藏行`;
        } else if (textRows.length > 0) {
          cause = `${rowList(textRows)}是以文本形式存储的数字，可能没有被算进${label}；也请核对各行金额`;
        } else {
          cause = `请核对各行金额与${label}公式的范围`;
        }
        message = `${label}${formatYuanWithUnit(stated.value.fen)}与各行之和 ${formatYuanWithUnit(sum)}不符（${diff > 0 ? '多' : '少'} ${formatYuanWithUnit(Math.abs(diff))}）。可能原因：${cause}`;
        log.warn('totalsDiffer', cr.r + 1, col.index, col.field ?? undefined, message);
      } else if (imported !== sum && notImported.length > 0) {
        message = `${label}${formatYuanWithUnit(stated.value.fen)}与各行之和相符，但${rowList([...new Set(notImported)])}没有导入，实际导入 ${formatYuanWithUnit(imported)}`;
        log.warn('totalsDiffer', cr.r + 1, col.index, col.field ?? undefined, message);
      }
      entries.push({
        row: cr.r + 1,
        column: col.index,
        field: col.field as string,
        label: col.header,
        statedFen: stated.value.fen,
        sumFen: sum,
        importedFen: imported,
        ok: stated.value.fen === sum,
        message,
      });
    }
    if (cr.cls === 'total') grandStart = i + 1;
    subStart = i + 1;
  });
  return entries;
}
