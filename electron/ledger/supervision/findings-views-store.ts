// 督导检查 store, the views of findings: the filtered rows and their counts (search, 逾期, 即将到期, the 乡镇 ×
// 状态 matrix, 首页, per inspection, the CLI list, the export's extra columns). Part of the store: the only SQL
// reading the findings tables. Counts and sums pass through Number() (PostgreSQL returns bigint as text).
import { FindingCategory, FindingStatus } from '../../../shared/enums';
import { OPEN_STATUSES, OVERDUE_STATUSES } from '../../../shared/supervision/findings';
import { placeholders, type DataReader, type SqlValue } from '../../platform/data-port';
import { importBatchCondition } from '../imports/batch-rows';

const inList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
/** SQL of isFindingOverdue for a findings row aliased `f`, taking today as its one `?`. */
export const OVERDUE_SQL = `(f.status in (${inList(OVERDUE_STATUSES)}) and f.deadline_date is not null and f.deadline_date < ?)`;
const OPEN_SQL = `(f.status in (${inList(OPEN_STATUSES)}))`;
/** Open with a deadline from today to a day: `?` today, `?` the last day. */
const DUE_SQL = `(f.status in (${inList(OVERDUE_STATUSES)}) and f.deadline_date >= ? and f.deadline_date <= ?)`;

/** Live attachments of a finding and of its progress steps. */
const ATTACHMENT_COUNT_SQL = `((select count(*) from attachments x where x.owner_type = 'finding' and x.owner_id = f.id and x.deleted_at is null)
  + (select count(*) from finding_updates u join attachments x on x.owner_type = 'findingUpdate' and x.owner_id = u.id and x.deleted_at is null
     where u.finding_id = f.id))`;

const ROW_SQL = `select f.id, f.inspection_id as "inspectionId", i.name as inspection, f.seq, f.township_id as "townshipId", t.name as township,
    f.village_id as "villageId", v.name as village, f.category, f.description, f.status, f.deadline_date as deadline,
    f.deadline_text as "deadlineText", f.responsible_unit as "responsibleUnit", f.lead_unit as "leadUnit",
    f.responsible_person as "responsiblePerson", f.project_id as "projectId", p.name as project, f.asset_id as "assetId", a.name as asset,
    f.progress_text as "progressText", f.closed_date as "closedDate", f.updated_at as "updatedAt", ${ATTACHMENT_COUNT_SQL} as "attachmentCount"
  from findings f
  join inspections i on i.id = f.inspection_id
  left join divisions t on t.id = f.township_id
  left join divisions v on v.id = f.village_id
  left join projects p on p.id = f.project_id
  left join assets a on a.id = f.asset_id`;

export interface FindingViewRecord {
  id: number;
  inspectionId: number;
  inspection: string;
  seq: number | null;
  townshipId: number | null;
  township: string | null;
  villageId: number | null;
  village: string | null;
  category: FindingCategory;
  description: string;
  status: FindingStatus;
  deadline: string | null;
  deadlineText: string | null;
  responsibleUnit: string | null;
  leadUnit: string | null;
  responsiblePerson: string | null;
  projectId: number | null;
  project: string | null;
  assetId: number | null;
  asset: string | null;
  progressText: string | null;
  closedDate: string | null;
  updatedAt: string;
  attachmentCount: number;
}

export interface FindingFilter {
  inspectionId?: number | undefined;
  townshipId?: number | undefined;
  villageId?: number | undefined;
  noTownship?: boolean | undefined;
  category?: readonly FindingCategory[] | undefined;
  status?: readonly FindingStatus[] | undefined;
  overdueOnly?: boolean | undefined;
  /** Open with a deadline from today to this day. */
  dueBy?: string | undefined;
  year?: number | undefined;
  /** LIKE patterns (escaped with a backslash), each to be found in one of the finding's words. */
  keywordPatterns?: readonly string[] | undefined;
  importBatchId?: number | undefined;
}

/** WHERE over `findings f join inspections i`, with its positional parameters. */
function findingWhere(filter: FindingFilter, today: string): { sql: string; params: SqlValue[] } {
  const where = ['f.deleted_at is null', 'i.deleted_at is null'];
  const params: SqlValue[] = [];
  const add = (condition: string, ...values: SqlValue[]) => {
    where.push(condition);
    params.push(...values);
  };
  if (filter.inspectionId !== undefined) add('f.inspection_id = ?', filter.inspectionId);
  if (filter.townshipId !== undefined) add('f.township_id = ?', filter.townshipId);
  if (filter.noTownship) add('f.township_id is null');
  if (filter.importBatchId !== undefined) add(importBatchCondition('f.id', 'findings', '?'), filter.importBatchId);
  if (filter.villageId !== undefined) add('f.village_id = ?', filter.villageId);
  if (filter.category && filter.category.length > 0) add(`f.category in (${placeholders(filter.category.length)})`, ...filter.category);
  if (filter.status && filter.status.length > 0) add(`f.status in (${placeholders(filter.status.length)})`, ...filter.status);
  if (filter.overdueOnly) add(OVERDUE_SQL, today);
  if (filter.dueBy !== undefined) add(DUE_SQL, today, filter.dueBy);
  if (filter.year !== undefined) add('i.start_date >= ? and i.start_date < ?', `${filter.year}-01-01`, `${filter.year + 1}-01-01`);
  for (const p of filter.keywordPatterns ?? []) {
    const like = "like ? escape '\\'";
    add(
      `(f.description ${like} or f.responsible_unit ${like} or f.lead_unit ${like} or f.responsible_person ${like}
        or f.responsible_leader ${like} or f.deadline_text ${like} or f.measures ${like} or i.name ${like}
        or f.township_id in (select id from divisions where level = 'township' and name ${like})
        or f.village_id in (select id from divisions where level = 'village' and name ${like}))`,
      ...Array.from({ length: 10 }, () => p),
    );
  }
  return { sql: where.join(' and '), params };
}

/** `col dir` with NULL the lowest value, as SQLite sorts it (PostgreSQL would sort NULL the highest). */
const nullsLow = (col: string, dir: 'asc' | 'desc' = 'asc') => `case when ${col} is null then 0 else 1 end ${dir}, ${col} ${dir}`;

export type FindingSort = 'default' | 'deadline' | 'township' | 'status' | 'category' | 'updatedAt';

const SORT_SQL: Record<FindingSort, (dir: 'asc' | 'desc') => string> = {
  /** Newest inspection first (desc), its findings in 序号 order. */
  default: (dir) => `${nullsLow('i.start_date', dir)}, f.inspection_id ${dir}, ${nullsLow('f.seq')}, f.id`,
  deadline: (dir) => `case when f.deadline_date is null then 1 else 0 end, f.deadline_date ${dir}, f.id`,
  township: (dir) => `case when f.township_id is null then 1 else 0 end, t.sort_order ${dir}, t.code ${dir}, f.id`,
  status: (dir) => `(case f.status ${FindingStatus.values.map((v, i) => `when '${v}' then ${i}`).join(' ')} end) ${dir}, f.id`,
  category: (dir) => `(case f.category ${FindingCategory.values.map((v, i) => `when '${v}' then ${i}`).join(' ')} end) ${dir}, f.id`,
  updatedAt: (dir) => `f.updated_at ${dir}, f.id ${dir}`,
};

function toViewRecord(r: FindingViewRecord): FindingViewRecord {
  return { ...r, attachmentCount: Number(r.attachmentCount) };
}

export async function findingRows(
  db: DataReader,
  filter: FindingFilter,
  today: string,
  order: { sortBy: FindingSort; dir: 'asc' | 'desc' } | 'seq',
  page?: { offset: number; limit: number },
): Promise<FindingViewRecord[]> {
  const where = findingWhere(filter, today);
  const orderSql = order === 'seq' ? 'case when f.seq is null then 1 else 0 end, f.seq, f.id' : SORT_SQL[order.sortBy](order.dir);
  const limit = page ? ' limit ? offset ?' : '';
  const rows = await db.all<FindingViewRecord>(`${ROW_SQL} where ${where.sql} order by ${orderSql}${limit}`, page ? [...where.params, page.limit, page.offset] : where.params);
  return rows.map(toViewRecord);
}

export interface StatusGroup {
  key: string | null;
  status: FindingStatus;
  n: number;
  overdue: number;
}

/** Counts per status (and per `groupBy` column, if given) of a filtered set, with how many are overdue. */
export async function findingGroups(db: DataReader, filter: FindingFilter, today: string, groupBy?: 'f.township_id' | 'f.category' | 'f.inspection_id'): Promise<StatusGroup[]> {
  const where = findingWhere(filter, today);
  const key = groupBy ?? 'null';
  const rows = await db.all<StatusGroup>(
    `select ${key} as "key", f.status, count(*) as n, sum(case when ${OVERDUE_SQL} then 1 else 0 end) as overdue
     from findings f join inspections i on i.id = f.inspection_id where ${where.sql} group by ${groupBy ? `${groupBy}, ` : ''}f.status`,
    [today, ...where.params],
  );
  return rows.map((r) => ({ key: r.key === null ? null : String(r.key), status: r.status, n: Number(r.n), overdue: Number(r.overdue) }));
}

/** Status groups per inspection, for these inspections. */
export async function inspectionGroups(db: DataReader, inspectionIds: readonly number[], today: string): Promise<StatusGroup[]> {
  if (inspectionIds.length === 0) return [];
  const rows = await db.all<StatusGroup>(
    `select f.inspection_id as "key", f.status, count(*) as n, sum(case when ${OVERDUE_SQL} then 1 else 0 end) as overdue
     from findings f where f.deleted_at is null and f.inspection_id in (${placeholders(inspectionIds.length)})
     group by f.inspection_id, f.status`,
    [today, ...inspectionIds],
  );
  return rows.map((r) => ({ key: String(r.key), status: r.status, n: Number(r.n), overdue: Number(r.overdue) }));
}

export interface DashboardCounts {
  total: number;
  open: number;
  ongoing: number;
  awaitingClose: number;
  closed: number;
  overdue: number;
  dueSoon: number;
}

/** 首页's counts over every live finding of a live inspection; due soon: open with a deadline from today to `dueEnd`. */
export async function dashboardCounts(db: DataReader, today: string, dueEnd: string): Promise<DashboardCounts> {
  const r = await db.get<DashboardCounts>(
    `select count(*) as total,
            coalesce(sum(case when ${OPEN_SQL} then 1 else 0 end), 0) as open,
            coalesce(sum(case when f.status = 'ongoing' then 1 else 0 end), 0) as ongoing,
            coalesce(sum(case when f.status = 'awaitingClose' then 1 else 0 end), 0) as "awaitingClose",
            coalesce(sum(case when f.status = 'closed' then 1 else 0 end), 0) as closed,
            coalesce(sum(case when ${OVERDUE_SQL} then 1 else 0 end), 0) as overdue,
            coalesce(sum(case when ${DUE_SQL} then 1 else 0 end), 0) as "dueSoon"
     from findings f join inspections i on i.id = f.inspection_id
     where f.deleted_at is null and i.deleted_at is null`,
    [today, today, dueEnd],
  );
  const n = (v: number | undefined) => Number(v ?? 0);
  return { total: n(r?.total), open: n(r?.open), ongoing: n(r?.ongoing), awaitingClose: n(r?.awaitingClose), closed: n(r?.closed), overdue: n(r?.overdue), dueSoon: n(r?.dueSoon) };
}

/** 首页: live inspections, and the findings of live inspections (all, and those not yet put right). */
export async function inspectionFigures(db: DataReader): Promise<{ inspections: number; findings: number; openFindings: number }> {
  const row = await db.get<{ inspections: number; findings: number; openFindings: number | null }>(
    `select (select count(*) from inspections where deleted_at is null) as inspections,
            count(*) as findings,
            sum(case when f.status in ('notStarted', 'inProgress') then 1 else 0 end) as "openFindings"
     from findings f join inspections i on i.id = f.inspection_id
     where f.deleted_at is null and i.deleted_at is null`,
  );
  return { inspections: Number(row?.inspections ?? 0), findings: Number(row?.findings ?? 0), openFindings: Number(row?.openFindings ?? 0) };
}

/** Every township in 区划 order: the matrix's rows, zeros included. */
export async function matrixTownships(db: DataReader): Promise<Array<{ id: number; name: string }>> {
  const rows = await db.all<{ id: number; name: string }>("select id, name from divisions where level = 'township' order by sort_order, code");
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

// ---- The CLI list (`list findings`) ---------------------------------------------------------------------

export type FindingListRecord = Pick<FindingViewRecord, 'id' | 'inspection' | 'township' | 'village' | 'category' | 'description' | 'status' | 'deadline' | 'deadlineText' | 'responsibleUnit'>;

/** Live findings of live inspections (as every supervision view counts them), optionally of one township. */
export async function countFindingList(db: DataReader, townshipId: number | undefined): Promise<number> {
  const where = findingWhere({ townshipId }, '');
  return Number((await db.get<{ n: number }>(`select count(*) as n from findings f join inspections i on i.id = f.inspection_id where ${where.sql}`, where.params))?.n ?? 0);
}

export async function findingListRecords(db: DataReader, townshipId: number | undefined, offset: number, limit: number): Promise<FindingListRecord[]> {
  const where = findingWhere({ townshipId }, '');
  return db.all<FindingListRecord>(
    `select f.id, i.name as inspection, t.name as township, v.name as village, f.category, f.description,
            f.status, f.deadline_date as deadline, f.deadline_text as "deadlineText", f.responsible_unit as "responsibleUnit"
     from findings f
     join inspections i on i.id = f.inspection_id
     left join divisions t on t.id = f.township_id
     left join divisions v on v.id = f.village_id
     where ${where.sql}
     order by f.inspection_id, ${nullsLow('f.seq')}, f.id
     limit ? offset ?`,
    [...where.params, limit, offset],
  );
}

// ---- A bulletin's findings ------------------------------------------------------------------------------

export interface ScopedFindingRecord {
  id: number;
  inspectionId: number;
  townshipId: number | null;
  township: string | null;
  townshipOrder: number;
  village: string | null;
  category: FindingCategory;
  description: string;
  deadlineText: string | null;
  deadlineDate: string | null;
  status: FindingStatus;
}

/** One inspection, or the inspections that started within a period. */
export type FindingScope = { kind: 'inspection'; inspectionId: number } | { kind: 'period'; start: string; end: string };

/** Live findings of the scope's live inspections, by township (in 区划 order, none last) then inspection and 序号. */
export async function scopedFindingRecords(db: DataReader, scope: FindingScope): Promise<ScopedFindingRecord[]> {
  const where = scope.kind === 'inspection' ? { sql: 'i.id = ?', params: [scope.inspectionId] } : { sql: 'i.start_date >= ? and i.start_date <= ?', params: [scope.start, scope.end] };
  return db.all<ScopedFindingRecord>(
    `select f.id, f.inspection_id as "inspectionId", f.township_id as "townshipId", t.name as township,
            coalesce(t.sort_order, 1000000) as "townshipOrder", v.name as village, f.category,
            f.description, f.deadline_text as "deadlineText", f.deadline_date as "deadlineDate", f.status
       from findings f join inspections i on i.id = f.inspection_id
       left join divisions t on t.id = f.township_id left join divisions v on v.id = f.village_id
      where f.deleted_at is null and i.deleted_at is null and ${where.sql}
      order by case when f.township_id is null then 1 else 0 end, t.sort_order, t.code, ${nullsLow('i.start_date')}, f.inspection_id, case when f.seq is null then 1 else 0 end, f.seq, f.id`,
    where.params,
  );
}

// ---- The export's extra columns -------------------------------------------------------------------------

export interface FindingExtra {
  id: number;
  responsibleLeader: string | null;
  goal: string | null;
  measures: string | null;
  closedReviewer: string | null;
  source: string;
}

export async function findingExtras(db: DataReader, ids: readonly number[]): Promise<FindingExtra[]> {
  if (ids.length === 0) return [];
  return db.all<FindingExtra>(
    `select f.id, f.responsible_leader as "responsibleLeader", f.goal, f.measures, f.closed_reviewer as "closedReviewer", i.source
     from findings f join inspections i on i.id = f.inspection_id
     where f.id in (${placeholders(ids.length)})`,
    [...ids],
  );
}
