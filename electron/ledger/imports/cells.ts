// Reading one field of a row into a typed value, with the problem (if any) logged at its cell.
// Convention: a value, null for an empty cell, or undefined when the cell is wrong (already logged).
import { cellText, isErrorCell, isFormulaCell } from '../../../shared/import/cell';
import { fieldDef } from '../../../shared/import/fields';
import { cleanName, cleanText } from '../../../shared/import/text';
import { parseCountCell, parseDateCell, parseMoneyCell, parseYearCell, isNothing, type DateValue, type MoneyValue } from '../../../shared/import/values';
import type { IssueLog, PlaceResult, RowInput } from './env';
import type { KindEnv } from './types';

function maxLength(env: KindEnv, field: string): number {
  return fieldDef(env.kind, field)?.maxLength ?? 2000;
}

function plain(env: KindEnv, input: RowInput, field: string): { col: number; text: string } | null | undefined {
  const fc = input.get(field);
  if (!fc || fc.cell === null) return null;
  if (isErrorCell(fc.cell)) {
    env.log.error(input.row, fc.col, field, `单元格是错误值 ${fc.cell.e}，请改正后再导入`);
    return undefined;
  }
  if (isFormulaCell(fc.cell)) {
    env.log.error(input.row, fc.col, field, '公式没有计算结果，请在 Excel 中打开保存后再导入');
    return undefined;
  }
  const text = cellText(fc.cell).trim();
  if (text === '') return null;
  return { col: fc.col, text };
}

/** Free text (descriptions, measures): inner line breaks kept, spaces tidied. */
export function readText(env: KindEnv, input: RowInput, field: string, options: { allowNothingMark?: boolean } = {}): string | null | undefined {
  const p = plain(env, input, field);
  if (!p) return p;
  const text = cleanText(p.text);
  if (!options.allowNothingMark && isNothing(text)) return null;
  const max = maxLength(env, field);
  if (text.length > max) {
    env.log.error(input.row, p.col, field, `内容有 ${text.length} 个字，超过 ${max} 个字的上限，请精简`);
    return undefined;
  }
  return text;
}

/** Names (projects, units, people): spaces and line breaks inside dropped. */
export function readName(env: KindEnv, input: RowInput, field: string): string | null | undefined {
  const p = plain(env, input, field);
  if (!p) return p;
  const text = cleanName(p.text);
  if (isNothing(text)) return null;
  const max = maxLength(env, field);
  if (text.length > max) {
    env.log.error(input.row, p.col, field, `名称有 ${text.length} 个字，超过 ${max} 个字的上限`);
    return undefined;
  }
  return text;
}

export interface MoneyRead extends MoneyValue {
  col: number;
}

export function readMoney(env: KindEnv, input: RowInput, field: string, col?: number): MoneyRead | null | undefined {
  const fc = col === undefined ? input.get(field) : input.all(field).find((f) => f.col === col);
  if (!fc) return null;
  const parsed = parseMoneyCell(fc.cell, env.unitOf(fc.col));
  if (!parsed.ok) {
    env.log.error(input.row, fc.col, field, parsed.message);
    return undefined;
  }
  if (parsed.value === null) return null;
  return { ...parsed.value, col: fc.col };
}

export function readCount(env: KindEnv, input: RowInput, field: string): number | null | undefined {
  const fc = input.get(field);
  if (!fc) return null;
  const parsed = parseCountCell(fc.cell);
  if (!parsed.ok) {
    env.log.error(input.row, fc.col, field, parsed.message);
    return undefined;
  }
  return parsed.value;
}

export function readYear(env: KindEnv, input: RowInput, field: string): number | null | undefined {
  const fc = input.get(field);
  if (!fc) return null;
  const parsed = parseYearCell(fc.cell);
  if (!parsed.ok) {
    env.log.error(input.row, fc.col, field, parsed.message);
    return undefined;
  }
  return parsed.value;
}

export function readDate(env: KindEnv, input: RowInput, field: string, precision: 'day' | 'dayOrMonth'): (DateValue & { col: number }) | null | undefined {
  const fc = input.get(field);
  if (!fc) return null;
  const parsed = parseDateCell(fc.cell, precision);
  if (!parsed.ok) {
    env.log.error(input.row, fc.col, field, parsed.message);
    return undefined;
  }
  if (parsed.value === null) return null;
  if (parsed.note) env.log.warn('dateAmbiguous', input.row, fc.col, field, parsed.note);
  return { ...parsed.value, col: fc.col };
}

/** The raw words of a cell (for status and category words). */
export function readWord(env: KindEnv, input: RowInput, field: string): { col: number; text: string } | null | undefined {
  const p = plain(env, input, field);
  if (!p) return p;
  if (isNothing(p.text)) return null;
  return p;
}

/**
 * The row's place from its 乡镇 and 村 cells (and 建设地点 when asked), with the sheet's township as
 * fallback. Problems are reported on the log at the cell; null when the place cannot be settled.
 */
export function readPlace(env: KindEnv, input: RowInput, log: IssueLog, row: number, withLocation = false): PlaceResult | null {
  const cell = (field: string) => {
    const c = input.get(field);
    return c ? { col: c.col, text: env.text(c.cell) } : undefined;
  };
  const township = cell('township');
  const village = cell('village');
  const location = withLocation ? cell('location') : undefined;
  return env.places.resolve(
    log,
    row,
    { ...(township ? { township } : {}), ...(village ? { village } : {}), ...(location ? { location } : {}) },
    env.sheetTownship,
  );
}
