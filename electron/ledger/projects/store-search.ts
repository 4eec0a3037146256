// 项目库 store, its lists: the 项目库 search (a filtered, sorted page of ids, the rows of a page, the totals of the
// whole filtered set) and the CLI's `list projects`. Portable SQL with positional `?` (see data-port.ts).
import type { ChannelParsedInput, ProjectSortColumn } from '../../../shared/api';
import { ProjectStatus, type FundLevel } from '../../../shared/enums';
import { BANK_FACT_FIELDS, BANK_REQUIREMENTS, isBankedStatus, type BankNeed, type BankRequirementKey } from '../../../shared/projects';
import { placeholders, type DataReader, type SqlValue } from '../../platform/data-port';
import { importBatchCondition } from '../imports/batch-rows';
import { likeAnywhere } from '../../platform/sql-like';
import { PROJECT_COLUMN, PROJECT_TOTAL_SQL, type ProjectFields } from './store';

export const FUND_COLUMNS: ReadonlyArray<readonly [FundLevel, string]> = [
  ['central', 'fund_central_fen'],
  ['provincial', 'fund_provincial_fen'],
  ['municipal', 'fund_municipal_fen'],
  ['county', 'fund_county_fen'],
  ['other', 'fund_other_fen'],
];

const PAID_SQL = '(select coalesce(sum(pay.amount_fen), 0) from payments pay where pay.project_id = p.id and pay.deleted_at is null)';

const SORT_SQL: Record<ProjectSortColumn, readonly string[]> = {
  id: ['p.id'],
  year: ['p.year'],
  code: ['p.code'],
  name: ['p.name'],
  township: ['t.sort_order', 't.code'],
  village: ['v.code'],
  category: ['c.sort_order', 's.sort_order'],
  status: [`(case p.status ${ProjectStatus.values.map((v, i) => `when '${v}' then ${i}`).join(' ')} end)`],
  department: ['u.name'],
  totalFen: [`(${PROJECT_TOTAL_SQL})`],
  paidFen: [PAID_SQL],
  plannedStart: ['p.planned_start'],
  plannedEnd: ['p.planned_end'],
  updatedAt: ['p.updated_at'],
};

/** Joins a sort column needs before the LIMIT (the page's own names are fetched afterwards). */
const SORT_JOINS: Partial<Record<ProjectSortColumn, string>> = {
  township: 'left join divisions t on t.id = p.township_id',
  village: 'left join divisions v on v.id = p.village_id',
  category: 'left join project_types c on c.id = p.category_id left join project_types s on s.id = p.subcategory_id',
  department: 'left join units u on u.id = p.department_id',
};

/**
 * Not empty once the whitespace JavaScript's trim() removes in sheets (space, tab, line breaks, no-break and
 * ideographic space) is taken out: a text holding anything else. replace() runs on both engines; SQLite's
 * two-argument trim() does not exist on PostgreSQL.
 */
const filledSql = (column: string) =>
  `(p.${column} is not null and ${[' ', '\t', '\n', '\r', '\u00a0', '\u3000'].reduce((expr, ch) => `replace(${expr}, '${ch}', '')`, `p.${column}`)} <> '')`;

/** A requirement's condition (shared/projects.ts `needs`) as SQL on a project row aliased `p`. */
function needSql(n: BankNeed): string {
  if ('filled' in n) return filledSql(PROJECT_COLUMN[n.filled]);
  // The codes are the enumerations' own words (letters only), written into the statement as literals.
  return `p.${PROJECT_COLUMN[n.field]} in (${n.oneOf.map((v) => `'${v.replace(/[^A-Za-z]/g, '')}'`).join(', ')})`;
}

/**
 * The 入库 requirements shared/projects.ts cannot say as `needs`, as SQL on a project row aliased `p` (a
 * requirement with neither is refused when this module loads; a test keeps the SQL and the shared rule in
 * agreement on every combination). Used only to filter 资料不全; rows shown are judged by the shared rule itself.
 */
const CUSTOM_MET_SQL: Partial<Record<BankRequirementKey, string>> = {
  category: 'p.category_id is not null',
  place: `(p.township_id is not null or ${filledSql('location')})`,
  unit: '(p.department_id is not null or p.implementer_id is not null)',
  funds: `(${PROJECT_TOTAL_SQL}) > 0`,
  beneficiaries: '(coalesce(p.beneficiary_villages, 0) > 0 or coalesce(p.beneficiary_households, 0) > 0 or coalesce(p.beneficiary_people, 0) > 0)',
  // farmer_linkage holds a JSON array (or, from older files, words separated by 、).
  linkage: `((p.farmer_linkage is not null and p.farmer_linkage not in ('', '[]')) or ${filledSql('farmer_linkage_note')})`,
};

/** Each 入库 requirement as SQL on a project row aliased `p`: from its `needs`, else its own statement above. */
export const BANK_MET_SQL = Object.fromEntries(
  BANK_REQUIREMENTS.map((r) => {
    const sql = r.needs ? `(${r.needs.map(needSql).join(' and ')})` : CUSTOM_MET_SQL[r.key];
    if (sql === undefined) throw new Error(`入库要求 ${r.key} 没有 SQL`);
    return [r.key, sql];
  }),
) as Record<BankRequirementKey, string>;

/** 资料不全: at 入库 or later and some requirement unmet. */
export const PROJECT_INCOMPLETE_SQL = `(p.status in (${ProjectStatus.values
  .filter(isBankedStatus)
  .map((v) => `'${v}'`)
  .join(', ')}) and not (${BANK_REQUIREMENTS.map((r) => BANK_MET_SQL[r.key]).join(' and ')}))`;

export interface ProjectSearchSql {
  /** The ids of the page, in order; its params are `params` then limit and offset. */
  pageSql: string;
  /** count, funds by level and paid of the whole filtered set; its params are `params`. */
  totalsSql: string;
  params: SqlValue[];
  limit: number;
  offset: number;
}

type SearchInput = ChannelParsedInput<'projects.search'>;

function whereOf(input: SearchInput): { sql: string; params: SqlValue[] } {
  const where: string[] = ['p.deleted_at is null'];
  const params: SqlValue[] = [];
  const add = (condition: string, ...values: SqlValue[]) => {
    where.push(condition);
    params.push(...values);
  };
  if (input.year !== undefined) add('p.year = ?', input.year);
  if (input.townshipId !== undefined) add('p.township_id = ?', input.townshipId);
  if (input.villageId !== undefined) add('p.village_id = ?', input.villageId);
  if (input.categoryId !== undefined) add('p.category_id = ?', input.categoryId);
  if (input.subcategoryId !== undefined) add('p.subcategory_id = ?', input.subcategoryId);
  if (input.departmentId !== undefined) add('p.department_id = ?', input.departmentId);
  if (input.status !== undefined && input.status.length > 0) add(`p.status in (${placeholders(input.status.length)})`, ...input.status);
  if (input.importBatchId !== undefined) add(importBatchCondition('p.id', 'projects', '?'), input.importBatchId);
  if (input.fundLevel !== undefined && input.fundLevel.length > 0) {
    const columns = FUND_COLUMNS.filter(([level]) => input.fundLevel?.includes(level)).map(([, column]) => `p.${column} > 0`);
    add(`(${columns.join(' or ')})`);
  }
  if (input.incomplete) add(PROJECT_INCOMPLETE_SQL);
  const words = (input.keyword ?? '').toLowerCase().split(/[\s\u3000]+/).filter(Boolean);
  for (const word of words) {
    const pattern = likeAnywhere(word);
    const like = `like ? escape '\\'`;
    const alternatives = [`p.name ${like}`, `p.code ${like}`];
    if (/^[a-z0-9]+$/.test(word)) {
      // Letters and digits: pinyin initials (of name, township and village) cover the places too.
      alternatives.push(`p.search_initials ${like}`);
    } else {
      // The small divisions table is searched once per statement (an uncorrelated IN list), never joined per row.
      alternatives.push(`p.township_id in (select id from divisions where level = 'township' and name ${like})`);
      alternatives.push(`p.village_id in (select id from divisions where level = 'village' and name ${like})`);
    }
    add(`(${alternatives.join(' or ')})`, ...alternatives.map(() => pattern));
  }
  return { sql: where.join(' and '), params };
}

/**
 * The SQL of a search (exported for the query-plan test and the benchmark). Filters go to indexed columns;
 * each keyword word matches name, code, and pinyin initials (letters/digits) or the township and village whose
 * names contain it (Chinese).
 */
export function buildProjectSearchSql(input: SearchInput): ProjectSearchSql {
  const where = whereOf(input);
  const sortBy = input.sortBy ?? 'year';
  const dir = input.sortDir ?? (sortBy === 'year' || sortBy === 'updatedAt' || sortBy === 'totalFen' || sortBy === 'paidFen' ? 'desc' : 'asc');
  const order = SORT_SQL[sortBy].map((expr) => `${expr} ${dir}`).join(', ');
  return {
    pageSql: `select p.id from projects p ${SORT_JOINS[sortBy] ?? ''} where ${where.sql}
              order by ${order}, p.id ${dir} limit ? offset ?`,
    totalsSql: `select count(*) as count,
                  coalesce(sum(p.fund_central_fen), 0) as central, coalesce(sum(p.fund_provincial_fen), 0) as provincial,
                  coalesce(sum(p.fund_municipal_fen), 0) as municipal, coalesce(sum(p.fund_county_fen), 0) as county,
                  coalesce(sum(p.fund_other_fen), 0) as other,
                  coalesce(sum((select sum(pay.amount_fen) from payments pay where pay.project_id = p.id and pay.deleted_at is null)), 0) as paid
                from projects p where ${where.sql}`,
    params: where.params,
    limit: input.limit ?? 100,
    offset: input.offset ?? 0,
  };
}

export interface SearchTotals {
  count: number;
  central: number;
  provincial: number;
  municipal: number;
  county: number;
  other: number;
  paid: number;
}

export async function searchPageIds(db: DataReader, q: ProjectSearchSql): Promise<number[]> {
  const rows = await db.all<{ id: number }>(q.pageSql, [...q.params, q.limit, q.offset]);
  return rows.map((r) => Number(r.id));
}

export async function searchTotals(db: DataReader, q: ProjectSearchSql): Promise<SearchTotals> {
  const row = await db.get<Record<keyof SearchTotals, number | string>>(q.totalsSql, q.params);
  const n = (k: keyof SearchTotals) => Number(row?.[k] ?? 0);
  return { count: n('count'), central: n('central'), provincial: n('provincial'), municipal: n('municipal'), county: n('county'), other: n('other'), paid: n('paid') };
}

/** The columns every project list selects (CLI list, 项目库 search). */
export interface ProjectListRecord {
  id: number;
  year: number;
  code: string | null;
  name: string;
  township: string | null;
  village: string | null;
  category: string | null;
  subcategory: string | null;
  status: ProjectStatus;
  central: number;
  provincial: number;
  municipal: number;
  county: number;
  other: number;
  households: number | null;
  povertyHouseholds: number | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  department: string | null;
}

const LIST_COLUMNS = `p.id, p.year, p.code, p.name, t.name as township, v.name as village, c.name as category, s.name as subcategory, p.status,
    p.fund_central_fen as central, p.fund_provincial_fen as provincial, p.fund_municipal_fen as municipal,
    p.fund_county_fen as county, p.fund_other_fen as other,
    p.beneficiary_households as households, p.poverty_households as "povertyHouseholds",
    p.planned_start as "plannedStart", p.planned_end as "plannedEnd", u.name as department`;

const LIST_JOINS = `from projects p
  left join divisions t on t.id = p.township_id
  left join divisions v on v.id = p.village_id
  left join project_types c on c.id = p.category_id
  left join project_types s on s.id = p.subcategory_id
  left join units u on u.id = p.department_id`;

/** The 入库 facts (shared/projects.ts BANK_FACT_FIELDS) as stored, 联农带农 still as its JSON text. */
type BankFactColumns = Omit<Pick<ProjectFields, (typeof BANK_FACT_FIELDS)[number]>, 'farmerLinkage'> & { farmerLinkage: string | null };

/** A 项目库 page row: the list columns, the money columns and the facts the 资料不全 flag reads. */
export interface ProjectPageRecord extends ProjectListRecord, BankFactColumns {
  townshipId: number | null;
  villageId: number | null;
  paid: number;
  allocated: number;
}

/** The facts under their field names, less those LIST_COLUMNS already gives under the same name. */
const FACT_COLUMNS = BANK_FACT_FIELDS.filter((k) => !['name', 'plannedStart', 'plannedEnd', 'townshipId'].includes(k))
  .map((k) => `p.${PROJECT_COLUMN[k]} as "${k}"`)
  .join(', ');

/** The page's rows with names and money, for `count` ids (order restored by the caller). */
export function projectRowsSql(count: number): string {
  return `select ${LIST_COLUMNS},
    p.township_id as "townshipId", p.village_id as "villageId", ${FACT_COLUMNS},
    ${PAID_SQL} as paid,
    (select coalesce(sum(sp.amount_fen), 0) from allocation_splits sp join allocations a on a.id = sp.allocation_id
      where sp.project_id = p.id and a.deleted_at is null) as allocated
  ${LIST_JOINS}
  where p.id in (${placeholders(count)})`;
}

export async function projectPageRecords(db: DataReader, ids: readonly number[]): Promise<ProjectPageRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.all<ProjectPageRecord>(projectRowsSql(ids.length), ids);
  // The rows are this call's own objects: the sums become numbers in place (PostgreSQL sends numeric as text),
  // rather than copying 30 columns of each row of a page asked for on every scroll.
  for (const r of rows) {
    r.paid = Number(r.paid);
    r.allocated = Number(r.allocated);
  }
  return rows;
}

/** The CLI's `list projects`: live projects, newest year first. */
export async function listProjectRecords(
  db: DataReader,
  filter: { townshipId?: number; year?: number },
  offset: number,
  limit: number,
): Promise<{ total: number; rows: ProjectListRecord[] }> {
  const where = ['p.deleted_at is null'];
  const params: SqlValue[] = [];
  if (filter.townshipId !== undefined) {
    where.push('p.township_id = ?');
    params.push(filter.townshipId);
  }
  if (filter.year !== undefined) {
    where.push('p.year = ?');
    params.push(filter.year);
  }
  const whereSql = where.join(' and ');
  const total = await db.get<{ n: number }>(`select count(*) as n from projects p where ${whereSql}`, params);
  const rows = await db.all<ProjectListRecord>(`select ${LIST_COLUMNS} ${LIST_JOINS} where ${whereSql} order by p.year desc, p.id limit ? offset ?`, [...params, limit, offset]);
  return { total: Number(total?.n ?? 0), rows };
}
