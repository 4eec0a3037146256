// The sheet as it looks in the spreadsheet: a page of rows with their merged cells, the header block
// highlighted and every row the import leaves out marked with why (合计、小计、签名、空行…).
import { Tag, Tooltip } from 'antd';
import type { ImportPreview } from '../../../../shared/api-import';
import { ROW_CLASS_LABEL } from './common';

const SKIPPED = new Set(['blank', 'total', 'subtotal', 'footer', 'section', 'columnNumbers', 'repeatedHeader', 'continuation', 'note', 'hidden', 'excluded']);

export function SheetGrid({ preview }: { preview: ImportPreview }) {
  const rows = preview.rows;
  if (rows.length === 0) return null;
  const first = rows[0]?.row ?? 1;
  const last = rows[rows.length - 1]?.row ?? first;
  const cols = preview.colCount;
  // Merges clipped to the page: the top-left cell spans, the cells it covers are not drawn.
  const span = new Map<string, { rowSpan: number; colSpan: number }>();
  const covered = new Set<string>();
  for (const m of preview.merges) {
    const r1 = Math.max(m.r1 + 1, first);
    const r2 = Math.min(m.r2 + 1, last);
    if (r2 < r1) continue;
    span.set(`${r1}:${m.c1}`, { rowSpan: r2 - r1 + 1, colSpan: m.c2 - m.c1 + 1 });
    for (let r = r1; r <= r2; r += 1) for (let c = m.c1; c <= m.c2; c += 1) if (r !== r1 || c !== m.c1) covered.add(`${r}:${c}`);
  }
  const letters = preview.columns.map((c) => c.letter);
  return (
    <div className="imp-sheet" data-testid="import-sheet-grid">
      <table>
        <thead>
          <tr>
            <th className="imp-rownum" />
            {Array.from({ length: cols }, (_, c) => (
              <th key={c}>{letters[c] ?? ''}</th>
            ))}
            <th className="imp-sheet-class">读取为</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const skipped = SKIPPED.has(r.cls);
            const className = r.cls === 'header' ? 'imp-row-header' : r.cls === 'title' ? 'imp-row-title' : skipped ? 'imp-row-skipped' : '';
            return (
              <tr key={r.row} className={className} data-row={r.row} data-cls={r.cls}>
                <td className="imp-rownum">{r.row}</td>
                {Array.from({ length: cols }, (_, c) => {
                  const key = `${r.row}:${c}`;
                  if (covered.has(key)) return null;
                  const s = span.get(key);
                  return (
                    <td key={c} rowSpan={s?.rowSpan} colSpan={s?.colSpan} className={s ? 'imp-merged' : undefined}>
                      {r.cells[c] ?? ''}
                    </td>
                  );
                })}
                <td className="imp-sheet-class">
                  {r.cls === 'header' ? (
                    <Tag color="blue">表头</Tag>
                  ) : r.cls === 'title' ? (
                    <Tag>标题/说明</Tag>
                  ) : skipped ? (
                    <Tooltip title={r.reason ?? ROW_CLASS_LABEL[r.cls]}>
                      <Tag color="orange">{ROW_CLASS_LABEL[r.cls]}，不导入</Tag>
                    </Tooltip>
                  ) : (
                    <span className="imp-muted">数据</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
