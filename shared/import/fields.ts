// The fields each kind of import knows, with the header words clerks use for them (the alias table), the
// matching of a (possibly multi-row, flattened) header to a field, the detection of the kind from the
// headers, and the header signature under which a user's mapping is remembered.
import type { ImportKind } from '../enums';
import { importFieldList } from '../field-table';
import { ALLOCATION_IMPORT_FIELDS, PAYMENT_IMPORT_FIELDS } from '../funds/fields';
import { HOUSEHOLD_IMPORT_FIELDS } from '../households/fields';
import { PROJECT_IMPORT_FIELDS } from '../projects/fields';
import { FINDING_IMPORT_FIELDS } from '../supervision/fields';
import { normaliseHeader, squeeze, foldWidth } from './text';

export type FieldType =
  | 'ignore'
  | 'text'
  | 'name'
  | 'money'
  | 'count'
  | 'date'
  | 'day'
  | 'year'
  | 'deadline'
  | 'idNumber'
  | 'township'
  | 'village'
  | 'location'
  | 'word';

export interface FieldDef {
  key: string;
  /** The column name the wizard shows. */
  label: string;
  type: FieldType;
  /** Header words (folded with normaliseHeader before comparing). */
  aliases: readonly string[];
  /** Needed for the kind to be usable at all (NO_HEADER when no column maps to it). */
  required?: boolean;
  /** How strongly a header for this field says "this sheet is of this kind". */
  weight: number;
  /** Several columns may map to it; their values add up (其他 sources: 整合资金, 东西部协作, …). */
  multi?: boolean;
  maxLength?: number;
}

export const IMPORT_FIELDS: Record<ImportKind, readonly FieldDef[]> = {
  // The project field table's import part (label, header words, limits), in the ledger's order.
  projects: PROJECT_IMPORT_FIELDS.map(([key, f]) => ({
    key,
    label: f.label,
    ...f.import,
    ...(f.max !== undefined ? { maxLength: f.max } : {}),
  })),
  // The allocation field table's import part (shared/funds/fields.ts).
  allocations: importFieldList(ALLOCATION_IMPORT_FIELDS),
  // The payment field table's import part (shared/funds/fields.ts).
  payments: importFieldList(PAYMENT_IMPORT_FIELDS),
  // The finding field table's import part (shared/supervision/fields.ts).
  findings: importFieldList(FINDING_IMPORT_FIELDS),
  // The household field table's import part (shared/households/fields.ts).
  households: importFieldList(HOUSEHOLD_IMPORT_FIELDS),
};

export function fieldDef(kind: ImportKind, key: string): FieldDef | undefined {
  return IMPORT_FIELDS[kind].find((f) => f.key === key);
}

// ---- Matching one column ----------------------------------------------------------------------------

const aliasIndex = new Map<ImportKind, Map<string, string>>();

function indexFor(kind: ImportKind): Map<string, string> {
  let idx = aliasIndex.get(kind);
  if (!idx) {
    idx = new Map();
    for (const f of IMPORT_FIELDS[kind]) {
      for (const a of [f.label, ...f.aliases]) {
        const k = normaliseHeader(a).key;
        if (k && !idx.has(k)) idx.set(k, f.key);
      }
    }
    aliasIndex.set(kind, idx);
  }
  return idx;
}

const SUBTOTAL_WORDS = new Set(['小计', '合计', '总计', '合计数', '计']);
const MONEY_GROUP_FIELDS = new Set(['total', 'linkage', 'fundOther', 'amount', 'splitAmount']);
const MONEY_GROUPS = new Set(['资金规模', '资金来源', '投资规模', '资金筹措', '资金构成', '资金', '投资', '项目资金', '资金来源及规模']);

/** Generic words under a parent header ("受益情况" over "户数"): the parent gives them their meaning. */
function parentKey(text: string): string {
  return text.replace(/(情况|信息|及构成|构成|来源|筹措|结构)$/, '').replace(/^(其中|含)/, '');
}

export interface HeaderMatch {
  field: string;
  /** 3 exact, 2 exact with the parent header, 1 partial. */
  quality: number;
}

/**
 * Match one column's header parts (top to bottom, after merged cells are spread) to a field of the kind.
 * Tries the whole flattened text, the parent with the last part, the last part, then a partial match.
 */
export function matchHeader(kind: ImportKind, parts: readonly string[]): HeaderMatch | null {
  const idx = indexFor(kind);
  const keys: string[] = [];
  for (const p of parts) {
    const k = normaliseHeader(p).key;
    if (k && keys[keys.length - 1] !== k) keys.push(k);
  }
  if (keys.length === 0) return null;
  const last = keys[keys.length - 1] as string;
  const parent = keys.length > 1 ? parentKey(keys[keys.length - 2] as string) : '';
  const whole = keys.join('');
  // 小计/合计 under a money group is that group's subtotal: 财政衔接资金/小计 → 衔接资金, 资金规模/合计 → 总投资.
  if (keys.length > 1 && SUBTOTAL_WORDS.has(last)) {
    const up = matchHeader(kind, keys.slice(0, -1));
    if (up && MONEY_GROUP_FIELDS.has(up.field)) return { field: up.field, quality: 3 };
    if (MONEY_GROUPS.has(parent)) {
      const total = idx.get('总投资') ?? idx.get('金额');
      if (total) return { field: total, quality: 3 };
    }
  }
  const tries: Array<[string, number]> = [
    [whole, 3],
    [parent + last, 3],
    [last, keys.length > 1 ? 2.5 : 3],
  ];
  if (keys.length > 1) tries.push([keys[0] as string, 2]);
  for (const [text, quality] of tries) {
    const field = idx.get(text);
    if (field) return { field, quality };
  }
  // Partial: the longest alias (three characters or more) the header contains, covering half of it.
  let best: { field: string; len: number } | null = null;
  for (const text of [last, whole]) {
    for (const [alias, field] of idx) {
      if (alias.length < 3 || !text.includes(alias)) continue;
      if (alias.length * 2 < text.length) continue;
      if (!best || alias.length > best.len) best = { field, len: alias.length };
    }
    if (best) break;
  }
  return best ? { field: best.field, quality: 1 } : null;
}

export interface ColumnHeader {
  index: number;
  /** Header texts from the top row of the header block down (merged cells spread). */
  parts: string[];
}

export interface ColumnMapping {
  index: number;
  field: string | null;
  quality: number;
}

/**
 * Map the columns of a header to the kind's fields: each field once (unless `multi`), the best match
 * first, ties to the leftmost column.
 */
export function mapColumns(kind: ImportKind, columns: readonly ColumnHeader[]): ColumnMapping[] {
  const matches = columns.map((c) => ({ index: c.index, match: matchHeader(kind, c.parts) }));
  const out = new Map<number, ColumnMapping>(columns.map((c) => [c.index, { index: c.index, field: null, quality: 0 }]));
  const order = matches
    .filter((m) => m.match)
    .sort((a, b) => (b.match?.quality ?? 0) - (a.match?.quality ?? 0) || a.index - b.index);
  const taken = new Set<string>();
  for (const m of order) {
    const field = m.match?.field as string;
    const def = fieldDef(kind, field);
    if (taken.has(field) && !def?.multi) continue;
    taken.add(field);
    out.set(m.index, { index: m.index, field, quality: m.match?.quality ?? 0 });
  }
  return [...out.values()].sort((a, b) => a.index - b.index);
}

/** How strongly the mapped columns say the sheet is of this kind (sum of field weights × quality). */
export function kindScore(kind: ImportKind, mapping: readonly ColumnMapping[]): number {
  let score = 0;
  const seen = new Set<string>();
  for (const m of mapping) {
    if (!m.field || seen.has(m.field)) continue;
    seen.add(m.field);
    score += (fieldDef(kind, m.field)?.weight ?? 0) * (m.quality >= 2 ? 1 : 0.5);
  }
  return score;
}

/** Fields the kind needs that no column maps to. */
export function missingRequired(kind: ImportKind, mapping: readonly ColumnMapping[]): FieldDef[] {
  const mapped = new Set(mapping.map((m) => m.field));
  const missing = IMPORT_FIELDS[kind].filter((f) => f.required && !mapped.has(f.key));
  // Allocations by level columns need no single amount column.
  if (kind === 'allocations' && ['fundCentral', 'fundProvincial', 'fundMunicipal', 'fundCounty', 'fundOther'].some((f) => mapped.has(f))) {
    return missing.filter((f) => f.key !== 'amount');
  }
  // Payments need a project: by number or by name.
  if (kind === 'payments' && !mapped.has('project') && !mapped.has('projectCode')) {
    const project = fieldDef(kind, 'project');
    if (project) missing.push(project);
  }
  return missing;
}

/** Header words that appear in no kind's table: used to tell header rows from data. */
export function isKnownHeaderWord(text: string): boolean {
  const k = normaliseHeader(text).key;
  if (!k) return false;
  for (const kind of Object.keys(IMPORT_FIELDS) as ImportKind[]) if (indexFor(kind).has(k)) return true;
  return GROUP_WORDS.has(k);
}

/** Parent headers of multi-row header blocks (no field of their own). */
const GROUP_WORDS = new Set(
  ['资金来源', '资金构成', '资金规模', '其中', '受益情况', '受益对象', '受益', '建设规模', '时间进度', '实施时间', '计划时间', '实际时间', '资金来源及规模', '资金筹措', '项目资金', '衔接资金', '投资规模', '责任主体', '整改情况', '受益群众', '计划', '实际', '销号情况', '项目进度', '建设期限', '实施期限', '其他资金']
    .map((w) => normaliseHeader(w).key),
);

/**
 * The signature under which a mapping is remembered: the folded header texts of the columns, in order.
 * Two sheets with the same header (whatever their title, rows or file name) share it.
 */
export function headerSignature(columns: readonly ColumnHeader[]): string {
  const text = columns.map((c) => c.parts.map((p) => normaliseHeader(p).key).filter(Boolean).join('/')).join('|');
  // FNV-1a 64 (two 32-bit halves): short, stable, no crypto needed on the renderer side.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `h1:${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}:${columns.length}`;
}

/** A header cell's text folded for display in the wizard ("项 目\n名 称" → "项目名称"). */
export function headerDisplay(text: string): string {
  return squeeze(foldWidth(text));
}
