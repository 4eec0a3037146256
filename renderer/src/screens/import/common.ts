// What the import screens share: the wizard's choices as the services take them, labels for row classes and
// outcomes, and reading a picked file into base64 for import.open (both doors upload bytes).
import type { ImportIssue, ImportOptionsInput, ImportPreviewRow, ImportRowView, ReconcileEntry } from '../../../../shared/api-import';
import type { ImportKind } from '../../../../shared/enums';
import { navigate, type Screen } from '../../lib/nav';

export type { ImportKind };

/** The user's decisions, kept across steps; `edits` and `excludeRows` in the shapes the services take. */
export interface Choices {
  kind?: ImportKind;
  sheet?: string;
  headerRows?: { first: number; last: number };
  mapping: Record<number, string | null>;
  township?: string;
  unit?: 'yuan' | 'wan';
  addPlaces: boolean;
  onMatch: 'update' | 'skip';
  inspection?: string;
  excludeRows: number[];
  /** "row:column" → the corrected text. */
  edits: Record<string, string>;
  rememberMapping: boolean;
  /** The clerk confirmed importing although amounts or dates the mapping missed stay empty. */
  allowMissingAmounts: boolean;
}

export const EMPTY_CHOICES: Choices = { mapping: {}, addPlaces: false, onMatch: 'update', excludeRows: [], edits: {}, rememberMapping: true, allowMissingAmounts: false };

export function editKey(row: number, column: number): string {
  return `${row}:${column}`;
}

/** The choices as import.preview / import.commit options. */
export function optionsOf(c: Choices): ImportOptionsInput {
  const mapping = Object.entries(c.mapping).map(([column, field]) => ({ column: Number(column), field }));
  const edits = Object.entries(c.edits).map(([key, value]) => {
    const [row, column] = key.split(':').map(Number);
    return { row: row ?? 1, column: column ?? 0, value };
  });
  return {
    ...(c.kind ? { kind: c.kind } : {}),
    ...(c.sheet ? { sheet: c.sheet } : {}),
    ...(c.headerRows ? { headerRows: c.headerRows } : {}),
    ...(mapping.length > 0 ? { mapping } : {}),
    ...(c.township ? { township: c.township } : {}),
    ...(c.unit ? { unit: c.unit } : {}),
    ...(c.inspection ? { inspection: c.inspection } : {}),
    ...(edits.length > 0 ? { edits } : {}),
    ...(c.excludeRows.length > 0 ? { excludeRows: c.excludeRows } : {}),
    addPlaces: c.addPlaces,
    onMatch: c.onMatch,
    rememberMapping: c.rememberMapping,
    ...(c.allowMissingAmounts ? { allowMissingAmounts: true } : {}),
  };
}

export const ROW_CLASS_LABEL: Record<ImportRowView['cls'], string> = {
  data: '数据',
  blank: '空行',
  total: '合计行',
  subtotal: '小计行',
  footer: '表尾签字/日期',
  section: '分类标题',
  columnNumbers: '栏次行',
  repeatedHeader: '重复表头',
  continuation: '续行',
  note: '说明/其中',
  title: '标题/说明',
  header: '表头',
  hidden: '隐藏行',
  excluded: '已排除',
};

export const OUTCOME_LABEL: Record<NonNullable<ImportRowView['outcome']>, { text: string; color: string }> = {
  create: { text: '新增', color: 'green' },
  update: { text: '更新', color: 'blue' },
  unchanged: { text: '无变化', color: 'default' },
  skip: { text: '不导入', color: 'default' },
  error: { text: '有错误', color: 'red' },
};

/** Where the imported records are seen. */
export const LEDGER_OF_KIND: Record<ImportKind, { screen: Screen; sub: string; label: string } | null> = {
  projects: { screen: 'projects', sub: '', label: '项目库' },
  allocations: { screen: 'funds', sub: 'allocations', label: '资金 · 下达' },
  payments: { screen: 'funds', sub: 'payments', label: '资金 · 拨付' },
  findings: { screen: 'supervision', sub: 'findings', label: '督导检查 · 问题台账' },
  households: null,
};

/**
 * 核对合计 as the clerk reads it: how many 合计/小计 figures agree with their rows, and only those that do not
 * (thirty lines of 一致 hide the one that matters).
 */
export function splitReconcile(entries: readonly ReconcileEntry[]): { agreeing: number; differences: ReconcileEntry[] } {
  const differences = entries.filter((e) => !e.ok);
  return { agreeing: entries.length - differences.length, differences };
}

/** Open the ledger of an import's kind filtered to that batch (到项目库查看, 导入记录 → 查看记录); false when the kind has no ledger screen. */
export function openBatchLedger(kind: string, batchId: number): boolean {
  const ledger = (LEDGER_OF_KIND as Record<string, (typeof LEDGER_OF_KIND)[ImportKind] | undefined>)[kind];
  if (!ledger) return false;
  navigate(ledger.screen, `${ledger.sub}?importBatchId=${batchId}`);
  return true;
}

/** The problems at one cell of a preview row (by column letter). */
export function cellIssues(row: ImportPreviewRow, letter: string): { errors: ImportIssue[]; warnings: ImportIssue[] } {
  return { errors: row.errors.filter((i) => i.column === letter), warnings: row.warnings.filter((i) => i.column === letter) };
}

/** A problem's message without the "第4行C列「村」：" prefix (the cell already says where). */
export function bareMessage(issue: ImportIssue): string {
  return issue.message.replace(/^第\d+行(?:[A-Z]+列(?:「[^」]*」)?)?：/, '');
}

