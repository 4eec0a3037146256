// The views of the 问题整改台账: search (with its status counts), 逾期, 即将到期, 乡镇 × 状态, per 问题类别, 首页, the
// counts per inspection and the CLI's `list findings`. Overdue is computed for `today` (or a given day) from
// deadline and status — never stored: the store's SQL and shared/supervision isFindingOverdue say the same thing.
import type {
  ChannelParsedInput,
  FindingCategoryRow,
  FindingDashboard,
  FindingListRow,
  FindingMatrix,
  FindingMatrixRow,
  FindingSearchResult,
  FindingSearchRow,
  FindingStatusCounts,
  Page,
} from '../../../shared/api';
import { addDays } from '../../../shared/dates';
import { FindingCategory, FindingStatus } from '../../../shared/enums';
import { isFindingOverdue, OPEN_STATUSES } from '../../../shared/supervision/findings';
import { dataPort } from '../../platform/data-port';
import type { ServiceContext } from '../../platform/context';
import { townshipIdByName } from '../funds/payments-list';
import { likeAnywhere } from '../../platform/sql-like';
import { daysBetween, todayFor } from './deadlines';
import * as views from './findings-views-store';
import type { FindingFilter, FindingListRecord, FindingSort, FindingViewRecord, StatusGroup } from './findings-views-store';

export function statusCountsZero(): FindingStatusCounts {
  return { notStarted: 0, inProgress: 0, awaitingClose: 0, closed: 0, ongoing: 0 };
}

/** The columns of the CLI's `list findings` (DESIGN.md), which every finding row begins with. */
function toListRow(r: FindingListRecord, today: string): FindingListRow {
  return {
    id: r.id,
    inspection: r.inspection,
    township: r.township,
    village: r.village,
    category: FindingCategory.label[r.category],
    description: r.description,
    status: FindingStatus.label[r.status],
    statusCode: r.status,
    deadline: r.deadline,
    deadlineText: r.deadlineText,
    overdue: isFindingOverdue(r.status, r.deadline, today),
    responsibleUnit: r.responsibleUnit,
  };
}

function toSearchRow(r: FindingViewRecord, today: string): FindingSearchRow {
  return {
    ...toListRow(r, today),
    inspectionId: r.inspectionId,
    seq: r.seq,
    townshipId: r.townshipId,
    villageId: r.villageId,
    categoryCode: r.category,
    leadUnit: r.leadUnit,
    responsiblePerson: r.responsiblePerson,
    projectId: r.projectId,
    project: r.project,
    assetId: r.assetId,
    asset: r.asset,
    progressText: r.progressText,
    closedDate: r.closedDate,
    daysLeft: r.deadline === null ? null : daysBetween(today, r.deadline),
    attachmentCount: r.attachmentCount,
    updatedAt: r.updatedAt,
  };
}

/** Typed words, split at spaces: each must be found somewhere in the finding. */
export function keywordPatterns(keyword: string | undefined): string[] {
  return (keyword ?? '').split(/[\s\u3000]+/).filter(Boolean).map(likeAnywhere);
}

type SearchInput = ChannelParsedInput<'findings.search'> & { dueWithinDays?: number };

function filterOf(input: SearchInput, today: string): FindingFilter {
  const { keyword, dueWithinDays, ...rest } = input;
  return {
    ...rest,
    keywordPatterns: keywordPatterns(keyword),
    dueBy: dueWithinDays === undefined ? undefined : addDays(today, dueWithinDays),
  };
}

/** The rows of a filtered set, in order, and the status counts and overdue count of the whole set. */
export async function searchFindings(ctx: ServiceContext, input: SearchInput): Promise<FindingSearchResult> {
  const db = dataPort(ctx);
  const today = todayFor(ctx, input.today);
  const filter = filterOf(input, today);
  const sortBy: FindingSort = input.sortBy ?? 'default';
  const dir = input.sortDir ?? (sortBy === 'updatedAt' || sortBy === 'default' ? 'desc' : 'asc');
  const limit = input.limit ?? 100;
  const offset = input.offset ?? 0;
  const rows = await views.findingRows(db, filter, today, { sortBy, dir }, { offset, limit });
  const statusCounts = statusCountsZero();
  let total = 0;
  let overdueCount = 0;
  for (const c of await views.findingGroups(db, filter, today)) {
    if (c.status in statusCounts) statusCounts[c.status] += c.n;
    total += c.n;
    overdueCount += c.overdue;
  }
  return { rows: rows.map((r) => toSearchRow(r, today)), total, offset, limit, today, statusCounts, overdueCount };
}

/** Every live finding of an inspection (its page), in 序号 order. */
export async function inspectionFindings(ctx: ServiceContext, inspectionId: number, today: string): Promise<FindingSearchRow[]> {
  const rows = await views.findingRows(dataPort(ctx), { inspectionId }, today, 'seq');
  return rows.map((r) => toSearchRow(r, today));
}

export function overdueFindings(ctx: ServiceContext, input: ChannelParsedInput<'findings.overdue'>): Promise<FindingSearchResult> {
  return searchFindings(ctx, { ...input, overdueOnly: true, sortBy: 'deadline', sortDir: 'asc' });
}

export function dueSoonFindings(ctx: ServiceContext, input: ChannelParsedInput<'findings.dueSoon'>): Promise<FindingSearchResult> {
  const { days, ...rest } = input;
  return searchFindings(ctx, { ...rest, dueWithinDays: days ?? 7, sortBy: 'deadline', sortDir: 'asc' });
}

type Counted = { counts: FindingStatusCounts; total: number; open: number; overdue: number };

function addCount(row: Counted, c: StatusGroup): void {
  row.counts[c.status] += c.n;
  row.total += c.n;
  if (OPEN_STATUSES.includes(c.status)) row.open += c.n;
  row.overdue += c.overdue;
}

function emptyMatrixRow(townshipId: number | null, township: string): FindingMatrixRow {
  return { townshipId, township, counts: statusCountsZero(), total: 0, open: 0, overdue: 0 };
}

const viewFilter = (input: ChannelParsedInput<'findings.matrix'>): FindingFilter => ({ inspectionId: input.inspectionId, year: input.year, category: input.category });

/** 乡镇 × 状态: every township in 区划 order (zeros included), then findings that name no township. */
export async function findingMatrix(ctx: ServiceContext, input: ChannelParsedInput<'findings.matrix'>): Promise<FindingMatrix> {
  const db = dataPort(ctx);
  const today = todayFor(ctx, input.today);
  const townships = await views.matrixTownships(db);
  const byId = new Map<number | null, FindingMatrixRow>(townships.map((t) => [t.id, emptyMatrixRow(t.id, t.name)]));
  const none = emptyMatrixRow(null, '未指定乡镇（县直部门等）');
  const totals = emptyMatrixRow(null, '合计');
  for (const c of await views.findingGroups(db, viewFilter(input), today, 'f.township_id')) {
    const row = c.key === null ? none : (byId.get(Number(c.key)) ?? none);
    addCount(row, c);
    addCount(totals, c);
  }
  const rows = townships.map((t) => byId.get(t.id) as FindingMatrixRow);
  if (none.total > 0) rows.push(none);
  return { today, statuses: FindingStatus.options, rows, totals };
}

/** Findings per 问题类别 (all fifteen, in the clerk's order). */
export async function findingsByCategory(ctx: ServiceContext, input: ChannelParsedInput<'findings.byCategory'>): Promise<{ today: string; rows: FindingCategoryRow[] }> {
  const today = todayFor(ctx, input.today);
  const rows = new Map<string, FindingCategoryRow>(
    FindingCategory.values.map((c) => [c, { category: c, label: FindingCategory.label[c], counts: statusCountsZero(), total: 0, open: 0, overdue: 0 }]),
  );
  for (const c of await views.findingGroups(dataPort(ctx), viewFilter(input), today, 'f.category')) {
    const row = c.key === null ? undefined : rows.get(c.key);
    if (row) addCount(row, c);
  }
  return { today, rows: [...rows.values()] };
}

/** 首页: overdue findings and those due within the next `days` (7) days, today included. */
export async function findingDashboard(ctx: ServiceContext, input: ChannelParsedInput<'findings.dashboard'>): Promise<FindingDashboard> {
  const today = todayFor(ctx, input?.today);
  const days = input?.days ?? 7;
  return { today, days, ...(await views.dashboardCounts(dataPort(ctx), today, addDays(today, days))) };
}

/** Status counts and overdue per inspection (for the inspection list and page). */
export async function inspectionCounts(ctx: ServiceContext, inspectionIds: readonly number[], today: string): Promise<Map<number, Counted>> {
  const out = new Map<number, Counted>();
  for (const id of inspectionIds) out.set(id, { counts: statusCountsZero(), total: 0, open: 0, overdue: 0 });
  for (const c of await views.inspectionGroups(dataPort(ctx), inspectionIds, today)) {
    const row = out.get(Number(c.key));
    if (row) addCount(row, c);
  }
  return out;
}

/** `list findings` (CLI contract in DESIGN.md): live findings of live inspections, optionally of one township. */
export async function listFindings(ctx: ServiceContext, input: ChannelParsedInput<'findings.list'>): Promise<Page<FindingListRow>> {
  const db = dataPort(ctx);
  const today = todayFor(ctx, input.today);
  const townshipId = input.township === undefined ? undefined : await townshipIdByName(ctx, input.township);
  const total = await views.countFindingList(db, townshipId);
  const rows = await views.findingListRecords(db, townshipId, input.offset ?? 0, input.limit ?? 1000);
  return { total, rows: rows.map((r) => toListRow(r, today)) };
}
