// 支出进度 (spending progress) for a year and a cut-off day, by level, township and 主管部门; the 产业发展
// share; the supervisor's flags on 首页; and the two ledger settings they use (产业占比目标, 资产最低收益率).
// The formulas themselves are in shared/progress.ts so the renderer and the bulletins print the same figures.
//
// What counts:
// - 已下达 of the whole pool (and of a level) = live allocations whose budget year is the year and whose date
//   is on or before the cut-off. For a township or a department it is the sum of the splits of such
//   allocations to that group's projects of the year (money not yet split belongs to no group).
// - 累计支出 = live payments dated on or before the cut-off on live projects of the year.
// - Attributing a payment to a level (中央/省级/市级/县级/其他): when the payment names an allocation
//   (allocation_id), it takes that allocation's level. When it names none, the project's unassigned
//   payments (their sum per project) are split across the levels in proportion to the project's funds at
//   each level (fund_*_fen), with integer arithmetic that keeps the total exact: each level gets the floor
//   of its share and the leftover fen go to the levels with the largest remainders (splitProportionally).
//   A project with no funds at any level puts such payments under 其他.
import type { ChannelParsedInput, FlagProjectRow, IdleFundsRow, LedgerSettingsValue, OverAllocationRow, ProgressFlags, ProgressGroupRow, ProgressLevelRow, ProgressSummary } from '../../../shared/api';
import { addDays } from '../../../shared/dates';
import { FundLevel } from '../../../shared/enums';
import { elapsedShare, progressFigures, rankByProgress, shareAgainstTarget, splitProportionally, TIME_PROGRESS_RULE, type ElapsedShare, type TimeProgressRule } from '../../../shared/progress';
import { writeAudited } from '../../platform/audited-write';
import type { ServiceContext } from '../../platform/context';
import { dataPort, type DataReader } from '../../platform/data-port';
import { projectTypeRecords, townshipsInOrder, unitNames } from '../divisions/store';
import { readSettingOn, saveSettingChangesOn } from '../settings/store';
import * as store from './store';

// ---- Ledger settings --------------------------------------------------------------------------------

export const LEDGER_SETTING_DEFAULTS: LedgerSettingsValue = { industryShareTarget: 0.55, assetMinReturnRate: 0.06, timeProgressRule: TIME_PROGRESS_RULE.default };
const RATIO_KEYS = ['industryShareTarget', 'assetMinReturnRate'] as const;
const LEDGER_SETTING_KEYS = [...RATIO_KEYS, 'timeProgressRule'] as const;

export async function getLedgerSettings(ctx: ServiceContext, db: DataReader = dataPort(ctx)): Promise<LedgerSettingsValue> {
  const value = { ...LEDGER_SETTING_DEFAULTS };
  for (const key of RATIO_KEYS) {
    const stored = await readSettingOn<unknown>(db, key);
    if (typeof stored === 'number' && Number.isFinite(stored) && stored >= 0 && stored <= 1) value[key] = stored;
  }
  const rule = await readSettingOn<unknown>(db, 'timeProgressRule');
  if ((TIME_PROGRESS_RULE.values as readonly unknown[]).includes(rule)) value.timeProgressRule = rule as TimeProgressRule;
  return value;
}

/** 序时进度 of `year` at `cutoff` by the office's rule: the one place the services read the setting. */
export async function officeElapsedShare(ctx: ServiceContext, cutoff: string, year: number): Promise<ElapsedShare> {
  return elapsedShare(cutoff, year, (await getLedgerSettings(ctx)).timeProgressRule);
}

export async function updateLedgerSettings(ctx: ServiceContext, input: ChannelParsedInput<'ledgerSettings.update'>): Promise<LedgerSettingsValue> {
  await writeAudited(ctx, async (tx, audit) => {
    const before = await getLedgerSettings(ctx, tx);
    const changed = LEDGER_SETTING_KEYS.filter((k) => input[k] !== undefined && input[k] !== before[k]);
    await saveSettingChangesOn(tx, audit, changed.map((k) => ({ field: k, key: k, before: before[k], after: input[k] })), ctx.now().toISOString());
  });
  return getLedgerSettings(ctx);
}

// ---- Per-project money of a year up to a cut-off ------------------------------------------------------

const LEVELS = FundLevel.values;
const LEVEL_INDEX = new Map<string, number>(LEVELS.map((l, i) => [l, i]));
const zeros = (): number[] => [0, 0, 0, 0, 0];

/**
 * The money of a year's projects, column-wise (one slot per project, five per project for the levels) so a
 * pass over 20 000 projects allocates a handful of arrays instead of 60 000 small ones.
 */
interface YearMoney {
  count: number;
  townshipId: Array<number | null>;
  departmentId: Array<number | null>;
  industry: Uint8Array;
  /** Split to the project, by level (allocations dated ≤ cut-off): [i·5 + level]. */
  allocated: Float64Array;
  /** Paid, by level after attribution (payments dated ≤ cut-off): [i·5 + level]. */
  spent: Float64Array;
}

/** The 产业发展 category ids (top level, by name; the office may have added an alias). */
async function industryCategoryIds(db: DataReader): Promise<Set<number>> {
  const rows = (await projectTypeRecords(db)).filter((r) => r.parentId === null);
  return new Set(rows.filter((r) => r.name === '产业发展' || (r.aliases ?? '').split(/[,，、;；\s]+/).includes('产业发展')).map((r) => r.id));
}

interface AllocationLite {
  level: number;
  date: string;
  deleted: boolean;
}

async function loadAllocations(db: DataReader): Promise<Map<number, AllocationLite>> {
  const map = new Map<number, AllocationLite>();
  for (const a of await store.allocationDatesAndLevels(db)) map.set(a.id, { level: LEVEL_INDEX.get(a.level) ?? LEVELS.length - 1, date: a.date, deleted: a.deleted });
  return map;
}

function add(values: Float64Array, i: number, fen: number): void {
  values[i] = (values[i] ?? 0) + fen;
}

async function loadProjectMoney(db: DataReader, year: number, cutoff: string): Promise<YearMoney> {
  // Asked together: on the office server each read runs on a connection of its own.
  const [industry, allocations, rows, splits, payments] = await Promise.all([
    industryCategoryIds(db),
    loadAllocations(db),
    store.yearProjectFunds(db, year),
    store.yearSplits(db, year),
    store.yearPaymentsByAllocation(db, year, cutoff),
  ]);
  const n = rows.length;
  const L = LEVELS.length;
  const money: YearMoney = {
    count: n,
    townshipId: new Array<number | null>(n),
    departmentId: new Array<number | null>(n),
    industry: new Uint8Array(n),
    allocated: new Float64Array(n * L),
    spent: new Float64Array(n * L),
  };
  const funds = new Float64Array(n * L);
  const unassigned = new Float64Array(n);
  const index = new Map<number, number>();
  rows.forEach((p, i) => {
    index.set(p.id, i);
    money.townshipId[i] = p.townshipId;
    money.departmentId[i] = p.departmentId;
    money.industry[i] = p.categoryId !== null && industry.has(p.categoryId) ? 1 : 0;
    funds.set([Number(p.c0), Number(p.c1), Number(p.c2), Number(p.c3), Number(p.c4)], i * L);
  });
  // Splits count when their allocation is live and dated on or before the cut-off.
  for (const { projectId, allocationId, fen } of splits) {
    const i = index.get(projectId);
    const a = allocations.get(allocationId);
    if (i === undefined || !a || a.deleted || a.date > cutoff) continue;
    add(money.allocated, i * L + a.level, Number(fen));
  }
  // A payment naming an allocation takes its level (even if the allocation was deleted later).
  for (const { projectId, allocationId, fen } of payments) {
    const i = index.get(projectId);
    if (i === undefined) continue;
    const a = allocationId === null ? undefined : allocations.get(allocationId);
    if (a === undefined) add(unassigned, i, fen);
    else add(money.spent, i * L + a.level, fen);
  }
  // The rest in proportion to the project's funds by level, exactly (see the comment at the top).
  for (let i = 0; i < n; i += 1) {
    const rest = unassigned[i] ?? 0;
    if (rest === 0) continue;
    splitProportionally(rest, Array.from(funds.subarray(i * L, i * L + L))).forEach((fen, l) => {
      add(money.spent, i * L + l, fen);
    });
  }
  return money;
}

/** A project's figure at a level, or the sum of its levels for 'all'. */
function at(values: Float64Array, i: number, level: FundLevel | 'all'): number {
  const L = LEVELS.length;
  if (level === 'all') {
    let sum = 0;
    for (let l = 0; l < L; l += 1) sum += values[i * L + l] ?? 0;
    return sum;
  }
  return values[i * L + (LEVEL_INDEX.get(level) ?? 0)] ?? 0;
}

function pick(values: number[], level: FundLevel | 'all'): number {
  if (level === 'all') return values.reduce((a, b) => a + b, 0);
  return values[LEVEL_INDEX.get(level) ?? -1] ?? 0;
}

interface GroupAcc {
  id: number | null;
  name: string;
  projects: number;
  allocated: number;
  spent: number;
  industrySpent: number;
}

function groupBy(
  money: YearMoney,
  keys: Array<number | null>,
  names: Map<number, string>,
  noneName: string,
  level: FundLevel | 'all',
  includeAll: boolean,
): GroupAcc[] {
  const groups = new Map<number | null, GroupAcc>();
  if (includeAll) for (const [id, name] of names) groups.set(id, { id, name, projects: 0, allocated: 0, spent: 0, industrySpent: 0 });
  for (let i = 0; i < money.count; i += 1) {
    const k = keys[i] ?? null;
    let g = groups.get(k);
    if (!g) {
      g = { id: k, name: k === null ? noneName : (names.get(k) ?? `（编号 ${k}）`), projects: 0, allocated: 0, spent: 0, industrySpent: 0 };
      groups.set(k, g);
    }
    g.projects += 1;
    g.allocated += at(money.allocated, i, level);
    const spent = at(money.spent, i, level);
    g.spent += spent;
    if (money.industry[i]) g.industrySpent += spent;
  }
  return [...groups.values()];
}

/** Sums over all projects, by level. */
function totals(money: YearMoney, values: Float64Array): number[] {
  const L = LEVELS.length;
  const out = new Array<number>(L).fill(0);
  for (let i = 0; i < money.count; i += 1) for (let l = 0; l < L; l += 1) out[l] = (out[l] ?? 0) + (values[i * L + l] ?? 0);
  return out;
}

/** The 产业发展 part of spending at a level. */
function industrySpent(money: YearMoney, level: FundLevel | 'all'): number {
  let sum = 0;
  for (let i = 0; i < money.count; i += 1) if (money.industry[i]) sum += at(money.spent, i, level);
  return sum;
}

function rankGroups(groups: GroupAcc[], time: ElapsedShare): ProgressGroupRow[] {
  const rows = groups.map((g) => ({ id: g.id, name: g.name, projects: g.projects, ...progressFigures(g.allocated, g.spent, time) }));
  return rankByProgress(rows);
}

async function townshipNames(db: DataReader): Promise<Map<number, string>> {
  return new Map((await townshipsInOrder(db)).map((r) => [r.id, r.name]));
}

export async function progressSummary(ctx: ServiceContext, input: ChannelParsedInput<'progress.summary'>): Promise<ProgressSummary> {
  const { year, cutoff } = input;
  const level = input.level ?? 'all';
  const db = dataPort(ctx);
  const [money, time, poolRows, townshipNamesById] = await Promise.all([
    loadProjectMoney(db, year, cutoff),
    officeElapsedShare(ctx, cutoff, year),
    store.poolByLevel(db, year, cutoff),
    townshipNames(db),
  ]);

  const pool = zeros();
  for (const r of poolRows) {
    const i = LEVEL_INDEX.get(r.level);
    if (i !== undefined) pool[i] = (pool[i] ?? 0) + r.fen;
  }
  const spent = totals(money, money.spent);

  const byLevel: ProgressLevelRow[] = [
    ...LEVELS.map((l, i) => ({ level: l, label: FundLevel.label[l], ...progressFigures(pool[i] ?? 0, spent[i] ?? 0, time) })),
    { level: 'all' as const, label: '全部', ...progressFigures(pick(pool, 'all'), pick(spent, 'all'), time) },
  ];
  const overall = progressFigures(pick(pool, level), pick(spent, level), time);

  const townships = groupBy(money, money.townshipId, townshipNamesById, '县级统筹（未指定乡镇）', level, true);
  const departmentIds = [...new Set(money.departmentId.filter((v): v is number => v !== null))];
  const departments = groupBy(money, money.departmentId, await unitNames(db, departmentIds), '未指定主管部门', level, false);

  const industryFen = industrySpent(money, level);
  const totalSpent = pick(spent, level);
  const share = shareAgainstTarget(industryFen, totalSpent, (await getLedgerSettings(ctx)).industryShareTarget);

  return {
    year,
    cutoff,
    level,
    timePercent: overall.timePercent,
    timeRule: time.rule,
    overall,
    byLevel,
    byTownship: rankGroups(townships, time),
    byDepartment: rankGroups(departments, time),
    industry: { spentFen: industryFen, totalSpentFen: totalSpent, ...share },
  };
}

// ---- 首页 flags ----------------------------------------------------------------------------------------

/** One year before the cut-off, the same calendar day (29 Feb → 28 Feb). */
function yearBefore(cutoff: string): string {
  const y = Number(cutoff.slice(0, 4)) - 1;
  const md = cutoff.slice(5);
  const candidate = `${y}-${md}`;
  return md === '02-29' ? addDays(`${y}-03-01`, -1) : candidate;
}

export async function progressFlags(ctx: ServiceContext, input: ChannelParsedInput<'progress.flags'>): Promise<ProgressFlags> {
  const limit = input.limit ?? 200;
  const db = dataPort(ctx);
  const allocations = await loadAllocations(db);
  const yearAgo = yearBefore(input.cutoff);

  const live = await store.liveProjectIdsForFlags(db, input.year);
  const inScope = (projectId: number) => live === null || live.has(projectId);

  // Paid up to the cut-off and the last payment date, per project.
  const paid = new Map<number, { fen: number; lastDate: string }>();
  for (const { projectId, fen, lastDate } of await store.paidUpToByProject(db, input.year, input.cutoff)) {
    if (inScope(projectId)) paid.set(projectId, { fen, lastDate });
  }
  // 下达 up to the cut-off, and the idle part: splits of allocations dated on or before one year before the
  // cut-off with no payment on the project since the allocation's date.
  const split = new Map<number, { allocated: number; idle: number; since: string | null }>();
  for (const { projectId, allocationId, fen } of await store.splitsForFlags(db, input.year)) {
    const a = allocations.get(allocationId);
    if (!a || a.deleted || a.date > input.cutoff || !inScope(projectId)) continue;
    let acc = split.get(projectId);
    if (!acc) {
      acc = { allocated: 0, idle: 0, since: null };
      split.set(projectId, acc);
    }
    acc.allocated += Number(fen);
    const last = paid.get(projectId)?.lastDate ?? null;
    if (a.date <= yearAgo && (last === null || a.date > last)) {
      acc.idle += Number(fen);
      if (acc.since === null || a.date < acc.since) acc.since = a.date;
    }
  }

  const over: Array<{ id: number; excess: number }> = [];
  const idle: Array<{ id: number; idleFen: number; since: string }> = [];
  for (const [id, s] of split) {
    const p = paid.get(id)?.fen ?? 0;
    const idleFen = Math.min(s.idle, s.allocated - p);
    if (idleFen > 0 && s.since !== null) idle.push({ id, idleFen, since: s.since });
  }
  for (const [id, p] of paid) {
    const allocated = split.get(id)?.allocated ?? 0;
    if (p.fen > allocated) over.push({ id, excess: p.fen - allocated });
  }
  const early = (await store.notStartedProjectIds(db, input.year)).filter((id) => (paid.get(id)?.fen ?? 0) > 0);

  over.sort((a, b) => b.excess - a.excess || a.id - b.id);
  idle.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.id - b.id));
  early.sort((a, b) => a - b);

  // Names and money of the rows shown (the counts are of all).
  const shown = [...new Set([...over.slice(0, limit).map((r) => r.id), ...idle.slice(0, limit).map((r) => r.id), ...early.slice(0, limit)])];
  const details = new Map<number, FlagProjectRow>();
  for (const r of await store.flagProjectDetails(db, shown)) {
    details.set(r.projectId, { ...r, allocatedFen: split.get(r.projectId)?.allocated ?? 0, paidFen: paid.get(r.projectId)?.fen ?? 0 });
  }
  const detail = (id: number): FlagProjectRow => {
    const d = details.get(id);
    if (!d) throw new Error(`flags: project ${id} vanished`);
    return d;
  };
  const overRows: OverAllocationRow[] = over.slice(0, limit).map((r) => ({ ...detail(r.id), excessFen: r.excess }));
  const idleRows: IdleFundsRow[] = idle.slice(0, limit).map((r) => ({ ...detail(r.id), since: r.since, idleFen: r.idleFen, lastPaymentDate: paid.get(r.id)?.lastDate ?? null }));
  const earlyRows: FlagProjectRow[] = early.slice(0, limit).map(detail);

  // 产业占比 for the year (given, or the cut-off's): the county's and each township's against the target.
  const shareYear = input.year ?? Number(input.cutoff.slice(0, 4));
  const money = await loadProjectMoney(db, shareYear, input.cutoff);
  const target = (await getLedgerSettings(ctx)).industryShareTarget;
  const county = shareAgainstTarget(industrySpent(money, 'all'), pick(totals(money, money.spent), 'all'), target);
  const townships = groupBy(money, money.townshipId, await townshipNames(db), '县级统筹（未指定乡镇）', 'all', false);
  const lowTownships = townships
    .map((g) => ({ g, share: shareAgainstTarget(g.industrySpent, g.spent, target) }))
    .filter(({ share }) => share.below)
    .sort((a, b) => (a.share.sharePercent ?? 0) - (b.share.sharePercent ?? 0))
    .map(({ g, share }) => ({ townshipId: g.id, township: g.name, spentFen: g.spent, industryFen: g.industrySpent, sharePercent: share.sharePercent }));

  return {
    cutoff: input.cutoff,
    year: input.year ?? null,
    overAllocation: { count: over.length, totalExcessFen: over.reduce((s, r) => s + r.excess, 0), items: overRows },
    idleFunds: { count: idle.length, totalIdleFen: idle.reduce((s, r) => s + r.idleFen, 0), items: idleRows },
    paidNotStarted: { count: early.length, items: earlyRows },
    industryShare: {
      year: shareYear,
      below: county.below,
      sharePercent: county.sharePercent,
      targetPercent: county.targetPercent,
      count: lowTownships.length,
      items: lowTownships.slice(0, limit),
    },
  };
}
