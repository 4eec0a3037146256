// Allocations (资金下达): one row per document and level, or one row per (document, project) when the sheet
// splits a document across projects (a 分配金额 column, or a project column with the same 文号 on several
// rows). Rows of one document are grouped; the document's amount is the stated 下达金额 (the same on every
// row, often a merged cell) or, without one, the sum of the rows. The splits may not add up to more than the
// document's amount (DOMAIN.md): that is an error on the rows of the document.
// The allocations and their splits are read and written through the funds store (electron/ledger/funds/store.ts).
import { isValidIsoDay } from '../../../../shared/dates';
import { normaliseDocNumber } from '../../../../shared/doc-number';
import { FundLevel, type FundLevel as FundLevelCode } from '../../../../shared/enums';
import { formatYuanWithUnit } from '../../../../shared/money';
import { nameKey } from '../../../../shared/import/text';
import { fundLevelFromName, matchFundLevel } from '../../../../shared/import/words';
import * as funds from '../../funds/store';
import { liveProjectsForFunds } from '../../projects/store';
import { readDate, readMoney, readName, readText, readWord, readYear } from '../cells';
import type { RowInput } from '../env';
import type { KindEnv, KindPlan, PlannedRow, Writer } from '../types';

export type AllocationValues = funds.AllocationFields;

interface RowParsed {
  input: RowInput;
  doc: string;
  level: FundLevelCode;
  fundName: string | null;
  date: string | null;
  year: number | null;
  amountFen: number | null;
  amountCol: number | null;
  recipient: string | null;
  remark: string | null;
  projectId: number | null;
  splitFen: number | null;
}

interface ProjectLite {
  id: number;
  code: string | null;
  name: string;
  year: number;
  townshipId: number | null;
}

/** What the sheet's columns say about every row: splits, one column per level, a project column. */
interface SheetShape {
  hasSplitColumn: boolean;
  levelColumns: Array<[string, FundLevelCode]>;
  hasProjectColumn: boolean;
  byCode: Map<string, ProjectLite>;
  byName: Map<string, ProjectLite[]>;
}

interface Op {
  kind: 'create' | 'update' | 'none';
  targetId?: number;
  values: AllocationValues;
  before?: Partial<AllocationValues>;
  after?: Partial<AllocationValues>;
  splits: funds.SplitAmount[];
  beforeSplits: funds.SplitAmount[];
}

const LEVEL_COLUMNS: Array<[string, FundLevelCode]> = [
  ['fundCentral', 'central'],
  ['fundProvincial', 'provincial'],
  ['fundMunicipal', 'municipal'],
  ['fundCounty', 'county'],
  ['fundOther', 'other'],
];

// A row may carry several allocations (one per level column): its outcome is the strongest, its money the sum.
const RANK: Record<PlannedRow['outcome'], number> = { error: 4, update: 3, create: 2, unchanged: 1, skip: 0 };

async function sheetShape(env: KindEnv, rows: RowInput[]): Promise<SheetShape> {
  const projects: ProjectLite[] = await liveProjectsForFunds(env.port);
  const byCode = new Map(projects.filter((p) => p.code).map((p) => [nameKey(p.code as string), p]));
  const byName = new Map<string, ProjectLite[]>();
  for (const p of projects) {
    const list = byName.get(nameKey(p.name)) ?? [];
    list.push(p);
    byName.set(nameKey(p.name), list);
  }
  return {
    hasSplitColumn: rows.some((r) => r.get('splitAmount')),
    levelColumns: LEVEL_COLUMNS.filter(([f]) => rows.some((r) => r.get(f))),
    hasProjectColumn: rows.some((r) => r.get('project') || r.get('projectCode')),
    byCode,
    byName,
  };
}

/** The project a row splits to: null when it names none; undefined (logged) when it names one not in the ledger. */
function rowProject(env: KindEnv, shape: SheetShape, input: RowInput, code: string | null, pname: string | null): number | null | undefined {
  if (!code && !pname) return null;
  const row = input.row;
  const col = input.get('projectCode')?.col ?? input.get('project')?.col ?? null;
  if (code) {
    const p = shape.byCode.get(nameKey(code));
    if (p) return p.id;
    env.log.error(row, col, 'projectCode', `台账中没有项目编号为 ${code} 的项目`);
    return undefined;
  }
  let list = shape.byName.get(nameKey(pname as string)) ?? [];
  const t = input.get('township');
  const tid = t && env.text(t.cell) ? env.places.index.township(env.text(t.cell)) : null;
  if (tid && tid.ok) list = list.filter((p) => p.townshipId === tid.id);
  else if (env.sheetTownship) list = list.filter((p) => p.townshipId === env.sheetTownship?.id);
  if (list.length === 1 && list[0]) return list[0].id;
  if (list.length === 0) env.log.error(row, col, 'project', `台账中没有名为“${pname}”的项目，请先导入项目或核对名称`);
  else env.log.error(row, col, 'project', `台账中有 ${list.length} 个项目名为“${pname}”，请填写项目编号以区分`);
  return undefined;
}

/** One sheet row as the allocations it carries (one per level column, else one); false when it is an error. */
function parseAllocationRow(env: KindEnv, shape: SheetShape, input: RowInput): RowParsed[] | false {
  const { log } = env;
  const row = input.row;
  let bad = false;
  const chk = <T>(v: T | null | undefined): T | null => {
    if (v === undefined) bad = true;
    return v ?? null;
  };
  const docRaw = chk(readName(env, input, 'docNumber'));
  const fundName = chk(readText(env, input, 'fundName'));
  const date = chk(readDate(env, input, 'date', 'day'));
  const year = chk(readYear(env, input, 'year'));
  const amount = chk(readMoney(env, input, 'amount'));
  const split = chk(readMoney(env, input, 'splitAmount'));
  const recipient = chk(readText(env, input, 'recipient'));
  const remark = chk(readText(env, input, 'remark'));
  let level: FundLevelCode | null = null;
  const lv = readWord(env, input, 'level');
  if (lv === undefined) bad = true;
  else if (lv) {
    const m = matchFundLevel(lv.text);
    if (!m.ok) {
      log.error(row, lv.col, 'level', m.message);
      bad = true;
    } else level = m.value;
  }
  if (level === null && fundName) level = fundLevelFromName(fundName);
  // One column per level: each level with money is an allocation of its own (same 文号).
  const byLevel: Array<{ level: FundLevelCode; fen: number; col: number }> = [];
  for (const [field, lv2] of shape.levelColumns) {
    const m = readMoney(env, input, field);
    if (m === undefined) bad = true;
    else if (m && m.fen > 0) byLevel.push({ level: lv2, fen: m.fen, col: m.col });
  }
  if (byLevel.length > 0 && level === null) level = byLevel[0]?.level ?? null;
  if (!docRaw && !bad) {
    log.error(row, input.get('docNumber')?.col ?? null, 'docNumber', '文号为空，请填写下达文件的文号');
    bad = true;
  }
  if (level === null && !bad) {
    log.error(row, input.get('level')?.col ?? input.get('fundName')?.col ?? null, 'level', '无法确定资金级次（中央、省级、市级、县级或其他），请填写“资金级次”');
    bad = true;
  }
  const code = chk(readName(env, input, 'projectCode'));
  const pname = chk(readName(env, input, 'project'));
  const projectId = bad ? null : rowProject(env, shape, input, code, pname);
  if (projectId === undefined) bad = true;
  if (bad || !docRaw || level === null || projectId === undefined) return false;
  const doc = normaliseDocNumber(docRaw);
  const common = { input, doc, fundName, date: date?.iso ?? null, year, recipient, remark };
  if (byLevel.length > 0 && !shape.hasProjectColumn) {
    const stated = amount?.fen ?? null;
    const sum = byLevel.reduce((a, b) => a + b.fen, 0);
    if (stated !== null && stated !== sum) {
      log.warn('allocationSumMismatch', row, amount?.col ?? null, 'amount', `下达金额 ${formatYuanWithUnit(stated)}与各级次之和 ${formatYuanWithUnit(sum)}不符，已按各级次导入`);
    }
    return byLevel.map((b) => ({ ...common, level: b.level, amountFen: b.fen, amountCol: b.col, projectId: null, splitFen: null }));
  }
  const splitFen = shape.hasSplitColumn ? (split?.fen ?? null) : shape.hasProjectColumn && projectId !== null ? (amount?.fen ?? null) : null;
  return [
    {
      ...common,
      level,
      amountFen: shape.hasSplitColumn || !shape.hasProjectColumn ? (amount?.fen ?? null) : null,
      amountCol: amount?.col ?? null,
      projectId,
      splitFen,
    },
  ];
}

/**
 * One document and level: the rows' values merged (first non-empty, a warning when amounts or dates differ),
 * checked against what the ledger holds, and planned as a create, an update or nothing.
 */
async function planDocument(
  env: KindEnv,
  list: RowParsed[],
  prior: { id: number; values: AllocationValues } | undefined,
  mark: (p: PlannedRow) => void,
): Promise<Op | null> {
  const { log } = env;
  const first = list[0] as RowParsed;
  const rowsOf = list.map((p) => p.input.row);
  const fail = (message: string, col: number | null, field: string) => {
    for (const p of list) {
      log.error(p.input.row, col, field, message);
      mark({ row: p.input.row, outcome: 'error', amountFen: 0 });
    }
    return null;
  };
  // One value per document (first non-empty), with a warning when rows disagree.
  const pick = <K extends keyof RowParsed>(k: K): RowParsed[K] | null => {
    const values = list.map((p) => p[k]).filter((v) => v !== null && v !== undefined);
    const distinct = [...new Set(values.map((v) => JSON.stringify(v)))];
    if (distinct.length > 1 && (k === 'amountFen' || k === 'date')) {
      log.warn('allocationRowsDiffer', first.input.row, null, String(k), `文号 ${first.doc} 的各行“${k === 'amountFen' ? '下达金额' : '下达日期'}”不一致，按第一行的值导入（涉及第${rowsOf.join('、')}行）`);
    }
    return (values[0] ?? null) as RowParsed[K] | null;
  };
  const date = pick('date');
  const merged = new Map<number, number>();
  for (const p of list) if (p.projectId !== null && p.splitFen !== null) merged.set(p.projectId, (merged.get(p.projectId) ?? 0) + p.splitFen);
  let amount = pick('amountFen');
  if (amount === null) amount = merged.size > 0 ? [...merged.values()].reduce((a, b) => a + b, 0) : null;
  if (amount === null && !prior) return fail('下达金额为空，请填写', first.input.get('amount')?.col ?? null, 'amount');
  if ((date === null || !isValidIsoDay(date)) && !prior) return fail('下达日期为空，请填写具体到日的下达日期', first.input.get('date')?.col ?? null, 'date');
  const values: AllocationValues = {
    docNumber: first.doc,
    level: first.level,
    fundName: pick('fundName') ?? prior?.values.fundName ?? null,
    date: date ?? (prior?.values.date as string),
    year: pick('year') ?? (date ? Number(date.slice(0, 4)) : (prior?.values.year as number)),
    amountFen: amount ?? (prior?.values.amountFen as number),
    recipient: pick('recipient') ?? prior?.values.recipient ?? null,
    remark: pick('remark') ?? prior?.values.remark ?? null,
  };
  const beforeSplits = prior ? await funds.splitAmounts(env.port, prior.id) : [];
  const next = new Map(beforeSplits.map((s) => [s.projectId, s.amountFen]));
  for (const [pid, fen] of merged) next.set(pid, fen);
  const splitTotal = [...next.values()].reduce((a, b) => a + b, 0);
  if (splitTotal > values.amountFen) {
    return fail(
      `文号 ${values.docNumber} 下达金额 ${formatYuanWithUnit(values.amountFen)}，分配到项目合计 ${formatYuanWithUnit(splitTotal)}，超出 ${formatYuanWithUnit(splitTotal - values.amountFen)}，请调整分配金额`,
      first.input.get('splitAmount')?.col ?? first.amountCol,
      'splitAmount',
    );
  }
  const splits = [...merged.entries()].map(([projectId, amountFen]) => ({ projectId, amountFen }));
  const markAll = (p: Omit<PlannedRow, 'row' | 'amountFen'>) => list.forEach((r, i) => mark({ ...p, row: r.input.row, amountFen: i === 0 ? values.amountFen : 0 }));
  if (!prior) {
    markAll({ outcome: 'create' });
    return { kind: 'create', values, splits, beforeSplits: [] };
  }
  if (env.options.onMatch === 'skip') {
    markAll({ outcome: 'skip', reason: `文号 ${values.docNumber}（${FundLevel.label[values.level]}）已录入，按设置跳过`, targetId: prior.id });
    return null;
  }
  const changed = (Object.keys(values) as Array<keyof AllocationValues>).filter((k) => values[k] !== prior.values[k]);
  const splitsChanged = splits.some((s) => beforeSplits.find((b) => b.projectId === s.projectId)?.amountFen !== s.amountFen);
  if (changed.length === 0 && !splitsChanged) {
    markAll({ outcome: 'unchanged', reason: `与已录入的文号 ${values.docNumber} 一致`, targetId: prior.id });
    return null;
  }
  markAll({ outcome: 'update', targetId: prior.id });
  return {
    kind: changed.length > 0 ? 'update' : 'none',
    targetId: prior.id,
    values,
    before: Object.fromEntries(changed.map((k) => [k, prior.values[k]])),
    after: Object.fromEntries(changed.map((k) => [k, values[k]])),
    splits,
    beforeSplits,
  };
}

export async function planAllocations(env: KindEnv, rows: RowInput[]): Promise<KindPlan> {
  const planned = new Map<number, PlannedRow>();
  const mark = (p: PlannedRow) => {
    const prev = planned.get(p.row);
    if (!prev) planned.set(p.row, p);
    else planned.set(p.row, { ...(RANK[p.outcome] > RANK[prev.outcome] ? p : prev), amountFen: prev.amountFen + p.amountFen });
  };
  const shape = await sheetShape(env, rows);

  // Rows grouped by document and level.
  const groups = new Map<string, RowParsed[]>();
  for (const input of rows) {
    const parsed = parseAllocationRow(env, shape, input);
    if (!parsed) {
      planned.set(input.row, { row: input.row, outcome: 'error', amountFen: 0 });
      continue;
    }
    for (const p of parsed) {
      const k = `${p.doc}|${p.level}`;
      const list = groups.get(k) ?? [];
      list.push(p);
      groups.set(k, list);
    }
  }
  const existing = await funds.liveAllocationsByDocLevel(env.port);
  const ops: Op[] = [];
  for (const [key, list] of groups) {
    const op = await planDocument(env, list, existing.get(key), mark);
    if (op) ops.push(op);
  }

  return {
    rows: rows.map((r) => planned.get(r.row) ?? { row: r.row, outcome: 'error', amountFen: 0 }),
    apply: (w) => writeAllocations(env, ops, w),
  };
}

/** Write the planned allocations and their splits through the funds store, each with its audit row. */
async function writeAllocations(env: KindEnv, ops: readonly Op[], w: Writer): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  for (const op of ops) {
    let id = op.targetId as number;
    if (op.kind === 'create') {
      id = await funds.insertImportedAllocation(w.tx, op.values, w.batchId, w.stamp);
      await w.audit.record({ action: 'create', entity: 'allocation', entityId: id, after: op.values, importBatchId: w.batchId });
      created += 1;
    } else if (op.kind === 'update') {
      await funds.updateAllocationColumns(w.tx, id, op.after ?? {}, w.stamp);
      await w.audit.record({ action: 'update', entity: 'allocation', entityId: id, before: op.before, after: op.after, reason: `导入：${env.fileName}`, importBatchId: w.batchId });
      updated += 1;
    } else updated += 1;
    if (op.splits.length > 0) {
      await funds.mergeImportedSplits(w.tx, id, op.splits, w.batchId, w.stamp);
      const after = [...new Map([...op.beforeSplits.map((s) => [s.projectId, s.amountFen] as const), ...op.splits.map((s) => [s.projectId, s.amountFen] as const)]).entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([projectId, amountFen]) => ({ projectId, amountFen }));
      await w.audit.record({ action: 'set', entity: 'allocationSplits', entityId: id, before: op.beforeSplits, after, reason: `导入：${env.fileName}`, importBatchId: w.batchId });
    }
  }
  return { created, updated };
}
