// Money and dates the mapping did not catch. A sheet laid out in a way the mapping did not understand (an
// amount headed "拨款额（元）", a date column with a header no alias knows) still imports its rows — with
// every amount or date empty. That must never happen silently: when a kind's money (or date) fields are
// empty on rows where a column the mapping left unused holds numbers (or dates), the import names those
// columns by letter and header and counts the rows; the CLI refuses without --allow-missing-amounts and the
// wizard asks for an explicit confirmation. Sheets whose amounts really are empty (no such column) pass.
import { isDateCell, isErrorCell, isFormulaCell, type SheetCell } from '../../../shared/import/cell';
import { IMPORT_FIELDS } from '../../../shared/import/fields';
import { isNothing, parseDateCell, parseMoneyCell } from '../../../shared/import/values';
import type { ImportKind } from '../../../shared/enums';
import type { ImportColumnInfo, ImportMissingValues } from '../../../shared/api-import';
import type { SheetView } from './analyse';

/** Headers of columns that hold numbers which are not money (counts, codes, years, areas, rates). */
const NOT_MONEY_HEADER = /序号|编号|编码|代码|号码|电话|手机|身份证|年度|年份|户数|人数|人口|户|人|面积|亩|长度|公里|千米|米|数量|个数|村数|比例|比重|占比|率|%|％|栏次|行次/;
/** …unless the header also says it is money. */
const MONEY_HEADER = /元|金额|资金|款|投资|费|额|收入|支出/;
/** A column that is a date's companion rather than a date (年度 2024 reads as a number, not a date). */
const NOT_DATE_HEADER = /年度|年份|期限|时限|天数|工期|月数/;

function isBlank(cell: SheetCell | undefined): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'string') return cell.trim() === '' || isNothing(cell);
  return false;
}

function looksLikeMoney(cell: SheetCell | undefined): boolean {
  if (isBlank(cell) || isDateCell(cell) || isErrorCell(cell) || isFormulaCell(cell) || typeof cell === 'boolean') return false;
  if (typeof cell === 'string' && /^\s*\d{11,}[\dXx]?\s*$/.test(cell)) return false; // ID and phone numbers
  const parsed = parseMoneyCell(cell, 'yuan', { allowZero: true });
  return parsed.ok && parsed.value !== null;
}

function looksLikeDate(cell: SheetCell | undefined): boolean {
  if (isBlank(cell)) return false;
  if (isDateCell(cell)) return true;
  // Text only: a bare number is an amount or a count far more often than a date.
  if (typeof cell !== 'string') return false;
  const parsed = parseDateCell(cell, 'dayOrMonth');
  return parsed.ok && parsed.value !== null;
}

const LOOKS = { money: looksLikeMoney, date: looksLikeDate } as const;

function candidateColumn(type: 'money' | 'date', header: string): boolean {
  if (type === 'money') return !NOT_MONEY_HEADER.test(header) || MONEY_HEADER.test(header);
  return !NOT_DATE_HEADER.test(header);
}

/**
 * For money and for dates: the rows whose fields of that type are all empty while an unused column holds
 * that type on them. `dataRows` are the 0-based sheet rows that import.
 */
export function findMissingValues(view: SheetView, kind: ImportKind, columns: readonly ImportColumnInfo[], dataRows: readonly number[]): ImportMissingValues[] {
  const out: ImportMissingValues[] = [];
  for (const type of ['money', 'date'] as const) {
    const fields = IMPORT_FIELDS[kind].filter((f) => f.type === type);
    if (fields.length === 0 || dataRows.length === 0) continue;
    const mapped = columns.filter((c) => c.field !== null && fields.some((f) => f.key === c.field));
    const unused = columns.filter((c) => c.field === null && candidateColumn(type, c.header));
    if (unused.length === 0) continue;
    const looks = LOOKS[type];
    // A column counts when most of its filled cells are of the type (not a text column with a stray number).
    const typed = unused.filter((c) => {
      let filled = 0;
      let ofType = 0;
      for (const r of dataRows) {
        const cell = view.cell(r, c.index);
        if (isBlank(cell)) continue;
        filled += 1;
        if (looks(cell)) ofType += 1;
      }
      return ofType > 0 && ofType * 10 >= filled * 6;
    });
    if (typed.length === 0) continue;
    const perColumn = new Map<number, number>();
    let rows = 0;
    for (const r of dataRows) {
      if (mapped.some((c) => !isBlank(view.cell(r, c.index)))) continue;
      let hit = false;
      for (const c of typed) {
        if (!looks(view.cell(r, c.index))) continue;
        perColumn.set(c.index, (perColumn.get(c.index) ?? 0) + 1);
        hit = true;
      }
      if (hit) rows += 1;
    }
    if (rows === 0) continue;
    const found = typed.filter((c) => perColumn.has(c.index)).map((c) => ({ letter: c.letter, header: c.header, rows: perColumn.get(c.index) ?? 0 }));
    const labels = (mapped.length > 0 ? [...new Set(mapped.map((c) => c.fieldLabel ?? ''))] : fields.slice(0, 4).map((f) => f.label)).filter(Boolean);
    const what = type === 'money' ? '金额' : '日期';
    const where = found.map((c) => `${c.letter} 列「${c.header || '无列名'}」（${c.rows} 行）`).join('、');
    const fieldText = `${labels.map((l) => `“${l}”`).join('、')}${mapped.length === 0 && fields.length > labels.length ? '等' : ''}`;
    const message =
      mapped.length === 0
        ? `${rows} 行的${what}将为空：没有哪一列对应到${what}字段（${fieldText}），而 ${where}写着${type === 'money' ? '数字' : '日期'}，没有对应到任何字段`
        : `${rows} 行的${what}将为空：这些行的${fieldText}列是空的，而 ${where}写着${type === 'money' ? '数字' : '日期'}，没有对应到任何字段`;
    out.push({ type, rows, columns: found, fields: labels, message });
  }
  return out;
}
