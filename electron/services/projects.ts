// 项目库: create, update, read, soft-delete and search projects. Every rule of the project form lives here
// (the renderer shows the messages at the field): places that exist and fit together, the two-level type
// dictionary, whole-fen money, real dates in order, beneficiaries that add up, the 入库 fields, the status
// lifecycle (forward freely, backward only with a reason that lands in the audit trail) and project
// numbers unique per year among live projects.
import type { Statement } from 'better-sqlite3';
import type {
  ChannelParsedInput,
  FundsByLevel,
  PaymentRow,
  ProjectDetail,
  ProjectSearchResult,
  ProjectSearchRow,
  ProjectSortColumn,
  ProjectSplitRow,
  ProjectTypeNode,
} from '../../shared/api';
import { FARMER_LINKAGES, type FundLevel, PaymentType, ProjectStatus, projectStatusRank } from '../../shared/enums';
import { AppError } from '../../shared/errors';
import { formatYuanWithUnit, MAX_AMOUNT_FEN } from '../../shared/money';
import { BANK_REQUIREMENTS, bankEntryRefusal, type BankRequirementKey, endBeforeStart, incompleteFields, isBankedStatus, missingForBank } from '../../shared/projects';
import { initialsForms, initialsOf, INITIALS_RULE_VERSION } from '../../shared/pinyin';
import { writeWithAudit } from './audit';
import type { ServiceContext } from './context';
import { readSetting, writeSetting } from './settings-store';
import { toProjectListRow, type ProjectSqlRow } from './ledger-lists';
import { importBatchCondition } from './import/batch-rows';
import { likeAnywhere } from './sql-like';
import { PAYMENT_ROW_SQL, PROJECT_ALLOCATED_SQL, PROJECT_PAID_SQL } from '../ledger/funds/store';

type Sqlite = ServiceContext['sqlite'];

/** A projects row as SQLite returns it (snake_case columns). */
export interface ProjectRecord {
  id: number;
  year: number;
  code: string | null;
  name: string;
  category_id: number | null;
  subcategory_id: number | null;
  construction_nature: string | null;
  township_id: number | null;
  village_id: number | null;
  location: string | null;
  content: string | null;
  planned_start: string | null;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  department_id: number | null;
  implementer_id: number | null;
  responsible_person: string | null;
  fund_central_fen: number;
  fund_provincial_fen: number;
  fund_municipal_fen: number;
  fund_county_fen: number;
  fund_other_fen: number;
  fund_other_note: string | null;
  financing_method: string | null;
  beneficiary_villages: number | null;
  beneficiary_households: number | null;
  beneficiary_people: number | null;
  poverty_households: number | null;
  poverty_people: number | null;
  monitored_households: number | null;
  monitored_people: number | null;
  performance_target: string | null;
  farmer_linkage: string | null;
  farmer_linkage_note: string | null;
  status: ProjectStatus;
  remark: string | null;
  search_initials: string | null;
  import_batch_id: number | null;
  deleted_at: string | null;
  delete_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** The editable fields in camelCase (the shape of the form and of the audit trail's before/after). */
export interface ProjectFields {
  year: number;
  code: string | null;
  name: string;
  categoryId: number | null;
  subcategoryId: number | null;
  constructionNature: string | null;
  townshipId: number | null;
  villageId: number | null;
  location: string | null;
  content: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  departmentId: number | null;
  implementerId: number | null;
  responsiblePerson: string | null;
  fundCentralFen: number;
  fundProvincialFen: number;
  fundMunicipalFen: number;
  fundCountyFen: number;
  fundOtherFen: number;
  fundOtherNote: string | null;
  financingMethod: string | null;
  beneficiaryVillages: number | null;
  beneficiaryHouseholds: number | null;
  beneficiaryPeople: number | null;
  povertyHouseholds: number | null;
  povertyPeople: number | null;
  monitoredHouseholds: number | null;
  monitoredPeople: number | null;
  performanceTarget: string | null;
  farmerLinkage: string[] | null;
  farmerLinkageNote: string | null;
  status: ProjectStatus;
  remark: string | null;
}

/** camelCase field → column (the import writes projects with the same map). */
export const PROJECT_COLUMN: Record<keyof ProjectFields, string> = {
  year: 'year',
  code: 'code',
  name: 'name',
  categoryId: 'category_id',
  subcategoryId: 'subcategory_id',
  constructionNature: 'construction_nature',
  townshipId: 'township_id',
  villageId: 'village_id',
  location: 'location',
  content: 'content',
  plannedStart: 'planned_start',
  plannedEnd: 'planned_end',
  actualStart: 'actual_start',
  actualEnd: 'actual_end',
  departmentId: 'department_id',
  implementerId: 'implementer_id',
  responsiblePerson: 'responsible_person',
  fundCentralFen: 'fund_central_fen',
  fundProvincialFen: 'fund_provincial_fen',
  fundMunicipalFen: 'fund_municipal_fen',
  fundCountyFen: 'fund_county_fen',
  fundOtherFen: 'fund_other_fen',
  fundOtherNote: 'fund_other_note',
  financingMethod: 'financing_method',
  beneficiaryVillages: 'beneficiary_villages',
  beneficiaryHouseholds: 'beneficiary_households',
  beneficiaryPeople: 'beneficiary_people',
  povertyHouseholds: 'poverty_households',
  povertyPeople: 'poverty_people',
  monitoredHouseholds: 'monitored_households',
  monitoredPeople: 'monitored_people',
  performanceTarget: 'performance_target',
  farmerLinkage: 'farmer_linkage',
  farmerLinkageNote: 'farmer_linkage_note',
  status: 'status',
  remark: 'remark',
};
const FIELD_NAMES = Object.keys(PROJECT_COLUMN) as Array<keyof ProjectFields>;

export const FUND_FIELDS: ReadonlyArray<readonly [FundLevel, 'fundCentralFen' | 'fundProvincialFen' | 'fundMunicipalFen' | 'fundCountyFen' | 'fundOtherFen', string]> = [
  ['central', 'fundCentralFen', 'fund_central_fen'],
  ['provincial', 'fundProvincialFen', 'fund_provincial_fen'],
  ['municipal', 'fundMunicipalFen', 'fund_municipal_fen'],
  ['county', 'fundCountyFen', 'fund_county_fen'],
  ['other', 'fundOtherFen', 'fund_other_fen'],
];

/** SQL for 资金规模 of a project row aliased `p`. */
export const PROJECT_TOTAL_SQL = 'p.fund_central_fen + p.fund_provincial_fen + p.fund_municipal_fen + p.fund_county_fen + p.fund_other_fen';

function parseLinkage(raw: string | null): string[] | null {
  if (raw === null || raw === '') return null;
  try {
    const value = JSON.parse(raw) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
  } catch {
    // Older rows may hold the words as plain text separated by 、 or commas.
    return raw.split(/[、,，;；\s]+/).filter(Boolean);
  }
}

export function fieldsOf(r: ProjectRecord): ProjectFields {
  return {
    year: r.year,
    code: r.code,
    name: r.name,
    categoryId: r.category_id,
    subcategoryId: r.subcategory_id,
    constructionNature: r.construction_nature,
    townshipId: r.township_id,
    villageId: r.village_id,
    location: r.location,
    content: r.content,
    plannedStart: r.planned_start,
    plannedEnd: r.planned_end,
    actualStart: r.actual_start,
    actualEnd: r.actual_end,
    departmentId: r.department_id,
    implementerId: r.implementer_id,
    responsiblePerson: r.responsible_person,
    fundCentralFen: r.fund_central_fen,
    fundProvincialFen: r.fund_provincial_fen,
    fundMunicipalFen: r.fund_municipal_fen,
    fundCountyFen: r.fund_county_fen,
    fundOtherFen: r.fund_other_fen,
    fundOtherNote: r.fund_other_note,
    financingMethod: r.financing_method,
    beneficiaryVillages: r.beneficiary_villages,
    beneficiaryHouseholds: r.beneficiary_households,
    beneficiaryPeople: r.beneficiary_people,
    povertyHouseholds: r.poverty_households,
    povertyPeople: r.poverty_people,
    monitoredHouseholds: r.monitored_households,
    monitoredPeople: r.monitored_people,
    performanceTarget: r.performance_target,
    farmerLinkage: parseLinkage(r.farmer_linkage),
    farmerLinkageNote: r.farmer_linkage_note,
    status: r.status,
    remark: r.remark,
  };
}

export function fundsOf(f: Pick<ProjectFields, 'fundCentralFen' | 'fundProvincialFen' | 'fundMunicipalFen' | 'fundCountyFen' | 'fundOtherFen'>): FundsByLevel {
  return {
    central: f.fundCentralFen,
    provincial: f.fundProvincialFen,
    municipal: f.fundMunicipalFen,
    county: f.fundCountyFen,
    other: f.fundOtherFen,
  };
}

export function totalOf(f: Pick<ProjectFields, 'fundCentralFen' | 'fundProvincialFen' | 'fundMunicipalFen' | 'fundCountyFen' | 'fundOtherFen'>): number {
  return f.fundCentralFen + f.fundProvincialFen + f.fundMunicipalFen + f.fundCountyFen + f.fundOtherFen;
}

// ---- Prepared statements ----------------------------------------------------------------------------

const statementCache = new WeakMap<Sqlite, Map<string, Statement<unknown[]>>>();

/**
 * A prepared statement kept per open file: the 项目库 table asks for pages as the clerk scrolls and types,
 * and preparing costs as much as running a small page. The set of distinct SQL texts is bounded by the
 * filter combinations; the cache is emptied if it ever grows past a few hundred.
 */
export function cachedStatement(sqlite: Sqlite, sql: string): Statement<unknown[]> {
  let cache = statementCache.get(sqlite);
  if (!cache) {
    cache = new Map();
    statementCache.set(sqlite, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= 300) cache.clear();
    statement = sqlite.prepare<unknown[]>(sql);
    cache.set(sql, statement);
  }
  return statement;
}

// ---- Lookups ----------------------------------------------------------------------------------------

/** A live project row, or NOT_FOUND in words a clerk understands. */
export function getProjectRecord(ctx: ServiceContext, id: number, field?: string): ProjectRecord {
  const row = ctx.sqlite.prepare('select * from projects where id = ? and deleted_at is null').get(id) as ProjectRecord | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的项目，可能已被删除，请刷新后重试`, field);
  return row;
}

interface DivisionLite {
  id: number;
  name: string;
  level: 'county' | 'township' | 'village';
  parent_id: number | null;
}

function division(sqlite: Sqlite, id: number): DivisionLite | undefined {
  return sqlite.prepare('select id, name, level, parent_id from divisions where id = ?').get(id) as DivisionLite | undefined;
}

/**
 * Check a township/village pair (shared with assets): both exist, have the right level, and the village
 * lies in the township. A village without a township brings its township along.
 */
export function resolvePlace(ctx: ServiceContext, townshipId: number | null, villageId: number | null): { townshipId: number | null; villageId: number | null } {
  let township: DivisionLite | undefined;
  if (townshipId !== null) {
    township = division(ctx.sqlite, townshipId);
    if (!township) throw new AppError('VALIDATION', `区划中没有编号为 ${townshipId} 的乡镇，请重新选择乡镇`, 'townshipId');
    if (township.level !== 'township') throw new AppError('VALIDATION', `“${township.name}”不是乡镇，请重新选择乡镇`, 'townshipId');
  }
  if (villageId === null) return { townshipId, villageId };
  const village = division(ctx.sqlite, villageId);
  if (!village) throw new AppError('VALIDATION', `区划中没有编号为 ${villageId} 的村，请重新选择村`, 'villageId');
  if (village.level !== 'village') throw new AppError('VALIDATION', `“${village.name}”不是村，请重新选择村`, 'villageId');
  if (township && village.parent_id !== township.id) {
    throw new AppError('VALIDATION', `“${village.name}”不属于“${township.name}”，请重新选择村或乡镇`, 'villageId');
  }
  return { townshipId: township ? township.id : village.parent_id, villageId };
}

interface TypeLite {
  id: number;
  parent_id: number | null;
  name: string;
}

function resolveTypes(ctx: ServiceContext, categoryId: number | null, subcategoryId: number | null): { categoryId: number | null; subcategoryId: number | null } {
  const get = ctx.sqlite.prepare('select id, parent_id, name from project_types where id = ?');
  let category: TypeLite | undefined;
  if (categoryId !== null) {
    category = get.get(categoryId) as TypeLite | undefined;
    if (!category) throw new AppError('VALIDATION', `项目类型字典中没有编号为 ${categoryId} 的类型，请重新选择项目类型`, 'categoryId');
    if (category.parent_id !== null) throw new AppError('VALIDATION', `“${category.name}”是子类型，请在“项目类型”中选择大类`, 'categoryId');
  }
  if (subcategoryId === null) return { categoryId, subcategoryId };
  const sub = get.get(subcategoryId) as TypeLite | undefined;
  if (!sub) throw new AppError('VALIDATION', `项目类型字典中没有编号为 ${subcategoryId} 的子类型，请重新选择子类型`, 'subcategoryId');
  if (sub.parent_id === null) throw new AppError('VALIDATION', `“${sub.name}”是大类，不是子类型，请重新选择子类型`, 'subcategoryId');
  if (category && sub.parent_id !== category.id) {
    throw new AppError('VALIDATION', `子类型“${sub.name}”不属于“${category.name}”，请重新选择子类型`, 'subcategoryId');
  }
  return { categoryId: category ? category.id : sub.parent_id, subcategoryId };
}

function assertUnit(ctx: ServiceContext, id: number | null, label: string, field: string): void {
  if (id === null) return;
  const unit = ctx.sqlite.prepare('select id from units where id = ? and deleted_at is null').get(id);
  if (!unit) throw new AppError('VALIDATION', `单位中没有编号为 ${id} 的${label}（可能已被删除），请重新选择${label}`, field);
}

// ---- Project numbers --------------------------------------------------------------------------------

/** 青山县 → 青山, 某某自治县 → 某某: the county part of project numbers. */
export function countyShortName(ctx: ServiceContext): string {
  const county =
    (ctx.sqlite.prepare("select name from divisions where level = 'county' order by id limit 1").pluck().get() as string | undefined) ??
    readSetting<string>(ctx, 'countyName') ??
    '';
  const short = county.trim().replace(/(自治县|自治旗|县|市|区|旗)$/, '');
  return short.length > 0 ? short : '项目';
}

/** The next free 项目编号 of a year: `${县简称}-${year}-${seq4}`, after the highest number used so far. */
export function suggestProjectCode(ctx: ServiceContext, year: number): { code: string } {
  const prefix = `${countyShortName(ctx)}-${year}-`;
  // A range on the code index ('-' + 1 = '.'), numbers after the prefix only; deleted projects keep theirs.
  const max = ctx.sqlite
    .prepare(
      `select max(cast(substr(code, @start) as integer)) from projects
       where code >= @lo and code < @hi and substr(code, @start) <> '' and substr(code, @start) not glob '*[^0-9]*'`,
    )
    .pluck()
    .get({ lo: prefix, hi: `${prefix.slice(0, -1)}.`, start: prefix.length + 1 }) as number | null;
  return { code: `${prefix}${String((max ?? 0) + 1).padStart(4, '0')}` };
}

function assertCodeFree(ctx: ServiceContext, code: string, exceptId: number | null): void {
  const holder = ctx.sqlite
    .prepare('select id, name, year from projects where code = ? and deleted_at is null and id <> ? limit 1')
    .get(code, exceptId ?? 0) as { id: number; name: string; year: number } | undefined;
  if (holder) throw new AppError('CONFLICT', `项目编号 ${code} 已被 ${holder.year} 年度项目“${holder.name}”使用，请换一个编号`, 'code');
}

// ---- Pinyin initials for search ---------------------------------------------------------------------

/**
 * The search_initials value: initials of the name (both forms of shared/pinyin.ts: with and without its
 * numbers), township and village, space-separated so no match spans two.
 */
export function searchInitialsFor(name: string, township: string | null, village: string | null): string {
  const places = [township, village].filter((p): p is string => typeof p === 'string' && p.length > 0).map(initialsOf);
  return [...(name ? initialsForms(name) : []), ...places].join(' ');
}

/**
 * Recompute search_initials for the given projects, or for every project whose value is missing (rows
 * written by raw SQL: the demo generator, imports, files from before the column existed). Derived data, so
 * no audit row. Returns how many rows were written.
 */
export function refreshProjectSearchInitials(ctx: Pick<ServiceContext, 'sqlite'>, ids?: readonly number[]): number {
  const select = `select p.id, p.name, t.name as township, v.name as village from projects p
                  left join divisions t on t.id = p.township_id left join divisions v on v.id = p.village_id`;
  const update = ctx.sqlite.prepare('update projects set search_initials = ? where id = ?');
  const run = ctx.sqlite.transaction(() => {
    const rows = (
      ids === undefined
        ? ctx.sqlite.prepare(`${select} where p.search_initials is null`).all()
        : ids.length === 0
          ? []
          : ctx.sqlite.prepare(`${select} where p.id in (select value from json_each(?))`).all(JSON.stringify(ids))
    ) as Array<{ id: number; name: string; township: string | null; village: string | null }>;
    for (const r of rows) update.run(searchInitialsFor(r.name, r.township, r.village), r.id);
    return rows.length;
  });
  return run.immediate();
}

/** Before a keyword search: fill what is missing (cheap to check: a partial index holds only those rows). */
export const MISSING_INITIALS_SQL = 'select 1 from projects where search_initials is null limit 1';

/** The settings key holding the shared/pinyin.ts rule the stored search_initials were computed under. */
const INITIALS_RULE_KEY = 'searchInitialsRule';
const ruleChecked = new WeakSet<object>();

/**
 * Once per connection: initials stored under an older rule (a ledger from an earlier version) are cleared,
 * so the lazy fill below recomputes them. Derived data like the column itself: no audit row.
 */
export function expireStaleSearchInitials(ctx: Pick<ServiceContext, 'sqlite' | 'now'>): boolean {
  if (ruleChecked.has(ctx.sqlite)) return false;
  let expired = false;
  if (readSetting<unknown>(ctx, INITIALS_RULE_KEY) !== INITIALS_RULE_VERSION) {
    ctx.sqlite.transaction(() => {
      ctx.sqlite.prepare('update projects set search_initials = null where search_initials is not null').run();
      writeSetting(ctx, INITIALS_RULE_KEY, INITIALS_RULE_VERSION);
    }).immediate();
    expired = true;
  }
  ruleChecked.add(ctx.sqlite);
  return expired;
}

export function ensureSearchInitials(ctx: Pick<ServiceContext, 'sqlite' | 'now'>): void {
  expireStaleSearchInitials(ctx);
  const missing = cachedStatement(ctx.sqlite, MISSING_INITIALS_SQL).get();
  if (missing) refreshProjectSearchInitials(ctx);
}

// ---- Validation of a whole project record ---------------------------------------------------------

/**
 * Every rule that needs the whole record (or the database). Throws the first problem, at its field.
 * `previousStatus` is the stored status (null for a new project): the 入库 fields are required when the
 * save moves the project into the bank, never for an edit of a project already there (shared/projects.ts).
 */
function validateProject(ctx: ServiceContext, f: ProjectFields, currentId: number | null, previousStatus: ProjectStatus | null): ProjectFields {
  const place = resolvePlace(ctx, f.townshipId, f.villageId);
  const types = resolveTypes(ctx, f.categoryId, f.subcategoryId);
  assertUnit(ctx, f.departmentId, '主管部门', 'departmentId');
  assertUnit(ctx, f.implementerId, '实施单位', 'implementerId');
  const out: ProjectFields = { ...f, ...place, ...types };

  if (endBeforeStart(out.plannedStart, out.plannedEnd)) {
    throw new AppError('VALIDATION', `计划完工日期 ${out.plannedEnd} 早于计划开工日期 ${out.plannedStart}，请检查`, 'plannedEnd');
  }
  if (endBeforeStart(out.actualStart, out.actualEnd)) {
    throw new AppError('VALIDATION', `实际完工日期 ${out.actualEnd} 早于实际开工日期 ${out.actualStart}，请检查`, 'actualEnd');
  }
  const notAbove = (part: number | null, whole: number | null, partLabel: string, wholeLabel: string, field: keyof ProjectFields) => {
    if (part !== null && part > (whole ?? 0)) {
      throw new AppError('VALIDATION', `${partLabel}（${part}）不能多于${wholeLabel}（${whole ?? 0}）`, field);
    }
  };
  notAbove(out.povertyHouseholds, out.beneficiaryHouseholds, '其中脱贫户数', '受益户数', 'povertyHouseholds');
  notAbove(out.monitoredHouseholds, out.beneficiaryHouseholds, '其中监测户数', '受益户数', 'monitoredHouseholds');
  notAbove(out.povertyPeople, out.beneficiaryPeople, '其中脱贫人数', '受益人数', 'povertyPeople');
  notAbove(out.monitoredPeople, out.beneficiaryPeople, '其中监测人数', '受益人数', 'monitoredPeople');

  const total = totalOf(out);
  if (total > MAX_AMOUNT_FEN) {
    throw new AppError('VALIDATION', `资金规模合计 ${formatYuanWithUnit(total)}超过上限 100 亿元，请检查各级资金`, 'fundCentralFen');
  }
  if (out.farmerLinkage !== null) {
    const unknown = out.farmerLinkage.filter((w) => !(FARMER_LINKAGES as readonly string[]).includes(w));
    if (unknown.length > 0) throw new AppError('VALIDATION', `联农带农方式“${unknown.join('、')}”不在可选范围内`, 'farmerLinkage');
    if (out.farmerLinkage.length === 0) out.farmerLinkage = null;
  }

  const refusal = bankEntryRefusal(previousStatus, out.status, out);
  if (refusal) throw new AppError('VALIDATION', refusal.message, refusal.field);
  if (out.code !== null) assertCodeFree(ctx, out.code, currentId);
  return out;
}

// ---- Reading ----------------------------------------------------------------------------------------

export function listProjectTypes(ctx: ServiceContext): ProjectTypeNode[] {
  const rows = ctx.sqlite
    .prepare('select id, parent_id as parentId, name, aliases, sort_order as sortOrder from project_types order by sort_order, id')
    .all() as Array<{ id: number; parentId: number | null; name: string; aliases: string | null; sortOrder: number }>;
  const top: ProjectTypeNode[] = rows
    .filter((r) => r.parentId === null)
    .map((r) => ({ id: r.id, name: r.name, aliases: r.aliases, sortOrder: r.sortOrder, children: [] }));
  const byId = new Map(top.map((t) => [t.id, t]));
  for (const r of rows) {
    if (r.parentId === null) continue;
    byId.get(r.parentId)?.children.push({ id: r.id, name: r.name, aliases: r.aliases, sortOrder: r.sortOrder });
  }
  return top;
}

/** Paid (live payments) and allocated (splits of live allocations) of one project. */
export function projectMoney(sqlite: Sqlite, projectId: number): { paidFen: number; allocatedFen: number } {
  const paid = sqlite.prepare(PROJECT_PAID_SQL).pluck().get(projectId) as number;
  const allocated = sqlite.prepare(PROJECT_ALLOCATED_SQL).pluck().get(projectId) as number;
  return { paidFen: paid, allocatedFen: allocated };
}

/** 资金规模 of a project, deleted or not (a payment's project money after the payment is deleted). */
export function projectTotalFen(sqlite: Sqlite, projectId: number): number {
  const record = sqlite.prepare('select * from projects where id = ?').get(projectId) as ProjectRecord | undefined;
  if (!record) throw new AppError('NOT_FOUND', `找不到编号为 ${projectId} 的项目，可能已被删除，请刷新后重试`, 'projectId');
  return totalOf(fieldsOf(record));
}

export function getProject(ctx: ServiceContext, id: number): ProjectDetail {
  const r = ctx.sqlite
    .prepare(
      `select p.*, c.name as category_name, s.name as subcategory_name, t.name as township_name, v.name as village_name,
              d.name as department_name, i.name as implementer_name
       from projects p
       left join project_types c on c.id = p.category_id
       left join project_types s on s.id = p.subcategory_id
       left join divisions t on t.id = p.township_id
       left join divisions v on v.id = p.village_id
       left join units d on d.id = p.department_id
       left join units i on i.id = p.implementer_id
       where p.id = ? and p.deleted_at is null`,
    )
    .get(id) as
    | (ProjectRecord & {
        category_name: string | null;
        subcategory_name: string | null;
        township_name: string | null;
        village_name: string | null;
        department_name: string | null;
        implementer_name: string | null;
      })
    | undefined;
  if (!r) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的项目，可能已被删除，请刷新后重试`);
  const f = fieldsOf(r);
  const money = projectMoney(ctx.sqlite, id);
  const splits = ctx.sqlite
    .prepare(
      `select s.allocation_id as allocationId, a.doc_number as docNumber, a.level, a.date, s.amount_fen as amountFen
       from allocation_splits s join allocations a on a.id = s.allocation_id
       where s.project_id = ? and a.deleted_at is null order by a.date, a.id`,
    )
    .all(id) as ProjectSplitRow[];
  const payments = ctx.sqlite
    .prepare(`${PAYMENT_ROW_SQL} where pay.project_id = ? and pay.deleted_at is null order by pay.date, pay.id`)
    .all(id) as PaymentRow[];
  return {
    id: r.id,
    year: f.year,
    code: f.code,
    name: f.name,
    categoryId: f.categoryId,
    category: r.category_name,
    subcategoryId: f.subcategoryId,
    subcategory: r.subcategory_name,
    constructionNature: f.constructionNature,
    townshipId: f.townshipId,
    township: r.township_name,
    villageId: f.villageId,
    village: r.village_name,
    location: f.location,
    content: f.content,
    plannedStart: f.plannedStart,
    plannedEnd: f.plannedEnd,
    actualStart: f.actualStart,
    actualEnd: f.actualEnd,
    departmentId: f.departmentId,
    department: r.department_name,
    implementerId: f.implementerId,
    implementer: r.implementer_name,
    responsiblePerson: f.responsiblePerson,
    fundsFen: fundsOf(f),
    totalFen: totalOf(f),
    fundOtherNote: f.fundOtherNote,
    financingMethod: f.financingMethod,
    beneficiaryVillages: f.beneficiaryVillages,
    beneficiaryHouseholds: f.beneficiaryHouseholds,
    beneficiaryPeople: f.beneficiaryPeople,
    povertyHouseholds: f.povertyHouseholds,
    povertyPeople: f.povertyPeople,
    monitoredHouseholds: f.monitoredHouseholds,
    monitoredPeople: f.monitoredPeople,
    performanceTarget: f.performanceTarget,
    farmerLinkage: f.farmerLinkage ?? [],
    farmerLinkageNote: f.farmerLinkageNote,
    status: f.status,
    statusLabel: ProjectStatus.label[f.status],
    remark: f.remark,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    allocatedFen: money.allocatedFen,
    paidFen: money.paidFen,
    overAllocation: money.paidFen > money.allocatedFen,
    missingForBank: missingForBank(f),
    incompleteFields: incompleteFields(f.status, f),
    splits,
    payments: payments.map((p) => ({ ...p, paymentType: p.paymentType && PaymentType.values.includes(p.paymentType) ? p.paymentType : null })),
  };
}

// ---- Writing ----------------------------------------------------------------------------------------

function columnValue(field: keyof ProjectFields, value: ProjectFields[keyof ProjectFields]): unknown {
  if (field === 'farmerLinkage') return value === null ? null : JSON.stringify(value);
  return value;
}

function divisionName(sqlite: Sqlite, id: number | null): string | null {
  if (id === null) return null;
  return (sqlite.prepare('select name from divisions where id = ?').pluck().get(id) as string | undefined) ?? null;
}

export function createProject(ctx: ServiceContext, input: ChannelParsedInput<'projects.create'>): ProjectDetail {
  const id = writeWithAudit(ctx, (audit) => {
    const draft: ProjectFields = {
      ...input,
      fundCentralFen: input.fundCentralFen ?? 0,
      fundProvincialFen: input.fundProvincialFen ?? 0,
      fundMunicipalFen: input.fundMunicipalFen ?? 0,
      fundCountyFen: input.fundCountyFen ?? 0,
      fundOtherFen: input.fundOtherFen ?? 0,
      status: input.status ?? 'planning',
    };
    const f = validateProject(ctx, draft, null, null);
    if (f.code === null) f.code = suggestProjectCode(ctx, f.year).code;
    const columns = FIELD_NAMES.map((k) => PROJECT_COLUMN[k]);
    const info = ctx.sqlite
      .prepare(`insert into projects (${columns.join(', ')}, search_initials) values (${columns.map(() => '?').join(', ')}, ?)`)
      .run(
        ...FIELD_NAMES.map((k) => columnValue(k, f[k])),
        searchInitialsFor(f.name, divisionName(ctx.sqlite, f.townshipId), divisionName(ctx.sqlite, f.villageId)),
      );
    const newId = Number(info.lastInsertRowid);
    audit.record({ action: 'create', entity: 'project', entityId: newId, after: f });
    return newId;
  });
  return getProject(ctx, id);
}

export function updateProject(ctx: ServiceContext, input: ChannelParsedInput<'projects.update'>): ProjectDetail {
  writeWithAudit(ctx, (audit) => {
    const current = getProjectRecord(ctx, input.id, 'id');
    const before = fieldsOf(current);
    const { id, reason, ...given } = input;
    const merged: ProjectFields = { ...before };
    for (const k of FIELD_NAMES) {
      const v = (given as Partial<ProjectFields>)[k];
      if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
    }
    // A cleared number asks for a new one.
    if (given.code === null) merged.code = suggestProjectCode(ctx, merged.year).code;

    const stepBack = projectStatusRank(merged.status) < projectStatusRank(before.status);
    if (stepBack && !reason) {
      throw new AppError(
        'VALIDATION',
        `项目状态从“${ProjectStatus.label[before.status]}”退回到“${ProjectStatus.label[merged.status]}”，须填写退回原因`,
        'reason',
      );
    }
    const f = validateProject(ctx, merged, id, before.status);
    const { paidFen } = projectMoney(ctx.sqlite, id);
    if (totalOf(f) < paidFen) {
      throw new AppError(
        'VALIDATION',
        `该项目已拨付 ${formatYuanWithUnit(paidFen)}，资金规模不能调低到 ${formatYuanWithUnit(totalOf(f))}；请先调整拨付记录`,
        'fundCentralFen',
      );
    }
    const changed = FIELD_NAMES.filter((k) => JSON.stringify(f[k]) !== JSON.stringify(before[k]));
    if (changed.length === 0) return;
    const sets = changed.map((k) => `${PROJECT_COLUMN[k]} = ?`);
    const initials = searchInitialsFor(f.name, divisionName(ctx.sqlite, f.townshipId), divisionName(ctx.sqlite, f.villageId));
    ctx.sqlite
      .prepare(`update projects set ${sets.join(', ')}, search_initials = ?, updated_at = ? where id = ?`)
      .run(...changed.map((k) => columnValue(k, f[k])), initials, ctx.now().toISOString(), id);
    audit.record({
      action: 'update',
      entity: 'project',
      entityId: id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, f[k]])),
      reason: reason ?? null,
    });
  });
  return getProject(ctx, input.id);
}

/**
 * Soft delete with a reason. Refused while the project has live payments (money paid out must stay
 * explained). Its allocation splits are removed in the same transaction so the allocations' money can be
 * assigned again; the audit row keeps them in `before`.
 */
export function deleteProject(ctx: ServiceContext, input: ChannelParsedInput<'projects.delete'>): { id: number } {
  return writeWithAudit(ctx, (audit) => {
    const current = getProjectRecord(ctx, input.id, 'id');
    const paid = ctx.sqlite
      .prepare('select count(*) as n, coalesce(sum(amount_fen), 0) as fen from payments where project_id = ? and deleted_at is null')
      .get(input.id) as { n: number; fen: number };
    if (paid.n > 0) {
      throw new AppError(
        'CONFLICT',
        `项目“${current.name}”已有 ${paid.n} 笔拨付记录（合计 ${formatYuanWithUnit(paid.fen)}），不能删除；请先删除或改挂这些拨付记录`,
      );
    }
    const splits = ctx.sqlite
      .prepare('select allocation_id as allocationId, amount_fen as amountFen from allocation_splits where project_id = ?')
      .all(input.id);
    ctx.sqlite.prepare('delete from allocation_splits where project_id = ?').run(input.id);
    const now = ctx.now().toISOString();
    ctx.sqlite.prepare('update projects set deleted_at = ?, delete_reason = ?, updated_at = ? where id = ?').run(now, input.reason, now, input.id);
    audit.record({
      action: 'delete',
      entity: 'project',
      entityId: input.id,
      before: { ...fieldsOf(current), splits },
      reason: input.reason,
    });
    return { id: input.id };
  });
}

// ---- Search: the 项目库 table's filtered page and the totals of the whole filtered set --------------

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
  paidFen: ['(select coalesce(sum(pay.amount_fen), 0) from payments pay where pay.project_id = p.id and pay.deleted_at is null)'],
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

/** Not empty once the whitespace JavaScript's trim() removes (the usual kinds in sheets) is removed. */
const filledSql = (column: string) => `(p.${column} is not null and trim(p.${column}, char(32, 9, 10, 13, 160, 12288)) <> '')`;

/**
 * The 入库 requirement of shared/projects.ts as SQL on a project row aliased `p`, one expression per
 * requirement (the Record makes a new requirement a type error here until its SQL is written; a test keeps
 * the two in agreement on every combination). Used only to filter 资料不全; rows shown are judged by the
 * shared rule itself.
 */
export const BANK_MET_SQL: Record<BankRequirementKey, string> = {
  name: filledSql('name'),
  category: 'p.category_id is not null',
  nature: filledSql('construction_nature'),
  place: `(p.township_id is not null or ${filledSql('location')})`,
  schedule: `(${filledSql('planned_start')} and ${filledSql('planned_end')})`,
  unit: '(p.department_id is not null or p.implementer_id is not null)',
  content: filledSql('content'),
  funds: `(${PROJECT_TOTAL_SQL}) > 0`,
  beneficiaries: '(coalesce(p.beneficiary_villages, 0) > 0 or coalesce(p.beneficiary_households, 0) > 0 or coalesce(p.beneficiary_people, 0) > 0)',
  target: filledSql('performance_target'),
  // farmer_linkage holds a JSON array (or, from older files, words separated by 、).
  linkage: `((p.farmer_linkage is not null and p.farmer_linkage not in ('', '[]')) or ${filledSql('farmer_linkage_note')})`,
};

/** 资料不全: at 入库 or later and some requirement unmet. */
export const PROJECT_INCOMPLETE_SQL = `(p.status in (${ProjectStatus.values
  .filter(isBankedStatus)
  .map((v) => `'${v}'`)
  .join(', ')}) and not (${BANK_REQUIREMENTS.map((r) => BANK_MET_SQL[r.key]).join(' and ')}))`;

export interface ProjectSearchSql {
  /** The ids of the page, in order. */
  pageSql: string;
  /** count, funds by level and paid of the whole filtered set. */
  totalsSql: string;
  params: Record<string, unknown>;
}

/**
 * Build the SQL of a search (exported for the query-plan test and the benchmark). Filters go to indexed
 * columns; each keyword word matches name, code, and pinyin initials (letters/digits) or the township and
 * village whose names contain it (Chinese).
 */
export function buildProjectSearchSql(input: ChannelParsedInput<'projects.search'>): ProjectSearchSql {
  const where: string[] = ['p.deleted_at is null'];
  const params: Record<string, unknown> = {};
  if (input.year !== undefined) {
    where.push('p.year = @year');
    params.year = input.year;
  }
  if (input.townshipId !== undefined) {
    where.push('p.township_id = @townshipId');
    params.townshipId = input.townshipId;
  }
  if (input.villageId !== undefined) {
    where.push('p.village_id = @villageId');
    params.villageId = input.villageId;
  }
  if (input.categoryId !== undefined) {
    where.push('p.category_id = @categoryId');
    params.categoryId = input.categoryId;
  }
  if (input.subcategoryId !== undefined) {
    where.push('p.subcategory_id = @subcategoryId');
    params.subcategoryId = input.subcategoryId;
  }
  if (input.departmentId !== undefined) {
    where.push('p.department_id = @departmentId');
    params.departmentId = input.departmentId;
  }
  if (input.status !== undefined && input.status.length > 0) {
    const names = input.status.map((s, i) => {
      params[`status${i}`] = s;
      return `@status${i}`;
    });
    where.push(`p.status in (${names.join(', ')})`);
  }
  if (input.importBatchId !== undefined) {
    where.push(importBatchCondition('p.id', 'projects'));
    params.importBatchId = input.importBatchId;
  }
  if (input.fundLevel !== undefined && input.fundLevel.length > 0) {
    const columns = FUND_FIELDS.filter(([level]) => input.fundLevel?.includes(level)).map(([, , column]) => `p.${column} > 0`);
    where.push(`(${columns.join(' or ')})`);
  }
  if (input.incomplete) where.push(PROJECT_INCOMPLETE_SQL);
  const words = (input.keyword ?? '').toLowerCase().split(/[\s\u3000]+/).filter(Boolean);
  if (words.length > 0) {
    words.forEach((word, i) => {
      const key = `kw${i}`;
      params[key] = likeAnywhere(word);
      const like = `like @${key} escape '\\'`;
      const alternatives = [`p.name ${like}`, `p.code ${like}`];
      if (/^[a-z0-9]+$/.test(word)) {
        // Letters and digits: pinyin initials (of name, township and village) cover the places too.
        alternatives.push(`p.search_initials ${like}`);
      } else {
        // The small divisions table is searched once per statement (an uncorrelated IN list), never joined per row.
        alternatives.push(`p.township_id in (select id from divisions where level = 'township' and name ${like})`);
        alternatives.push(`p.village_id in (select id from divisions where level = 'village' and name ${like})`);
      }
      where.push(`(${alternatives.join(' or ')})`);
    });
  }
  const whereSql = where.join(' and ');
  const sortBy = input.sortBy ?? 'year';
  const dir = input.sortDir ?? (sortBy === 'year' || sortBy === 'updatedAt' || sortBy === 'totalFen' || sortBy === 'paidFen' ? 'desc' : 'asc');
  const order = SORT_SQL[sortBy].map((expr) => `${expr} ${dir}`).join(', ');
  params.limit = input.limit ?? 100;
  params.offset = input.offset ?? 0;
  return {
    pageSql: `select p.id from projects p ${SORT_JOINS[sortBy] ?? ''} where ${whereSql}
              order by ${order}, p.id ${dir} limit @limit offset @offset`,
    totalsSql: `select count(*) as count,
                  coalesce(sum(p.fund_central_fen), 0) as central, coalesce(sum(p.fund_provincial_fen), 0) as provincial,
                  coalesce(sum(p.fund_municipal_fen), 0) as municipal, coalesce(sum(p.fund_county_fen), 0) as county,
                  coalesce(sum(p.fund_other_fen), 0) as other,
                  coalesce(sum((select sum(pay.amount_fen) from payments pay where pay.project_id = p.id and pay.deleted_at is null)), 0) as paid
                from projects p where ${whereSql}`,
    params,
  };
}

/** The page's rows with names and money, for a list of ids (order restored by the caller). */
export const PROJECT_ROWS_SQL = `select p.id, p.year, p.code, p.name, p.township_id as townshipId, t.name as township,
    p.village_id as villageId, v.name as village, c.name as category, s.name as subcategory, p.status,
    p.fund_central_fen as central, p.fund_provincial_fen as provincial, p.fund_municipal_fen as municipal,
    p.fund_county_fen as county, p.fund_other_fen as other,
    p.beneficiary_households as households, p.poverty_households as povertyHouseholds,
    p.planned_start as plannedStart, p.planned_end as plannedEnd, u.name as department,
    p.category_id, p.construction_nature, p.township_id, p.location, p.department_id, p.implementer_id, p.content,
    p.beneficiary_villages, p.beneficiary_people, p.performance_target, p.farmer_linkage, p.farmer_linkage_note,
    (select coalesce(sum(pay.amount_fen), 0) from payments pay where pay.project_id = p.id and pay.deleted_at is null) as paid,
    (select coalesce(sum(sp.amount_fen), 0) from allocation_splits sp join allocations a on a.id = sp.allocation_id
      where sp.project_id = p.id and a.deleted_at is null) as allocated
  from projects p
  left join divisions t on t.id = p.township_id
  left join divisions v on v.id = p.village_id
  left join project_types c on c.id = p.category_id
  left join project_types s on s.id = p.subcategory_id
  left join units u on u.id = p.department_id
  where p.id in (select value from json_each(@ids))`;

interface ProjectRowSql extends ProjectSqlRow {
  townshipId: number | null;
  villageId: number | null;
  paid: number;
  allocated: number;
  category_id: number | null;
  construction_nature: string | null;
  township_id: number | null;
  location: string | null;
  department_id: number | null;
  implementer_id: number | null;
  content: string | null;
  beneficiary_villages: number | null;
  beneficiary_people: number | null;
  performance_target: string | null;
  farmer_linkage: string | null;
  farmer_linkage_note: string | null;
}

/** 资料不全 of a 项目库 row, by the shared rule. */
function incompleteOfRow(r: ProjectRowSql): string[] {
  return incompleteFields(r.status, {
    name: r.name,
    categoryId: r.category_id,
    constructionNature: r.construction_nature,
    townshipId: r.township_id,
    location: r.location,
    plannedStart: r.plannedStart,
    plannedEnd: r.plannedEnd,
    departmentId: r.department_id,
    implementerId: r.implementer_id,
    content: r.content,
    fundCentralFen: r.central,
    fundProvincialFen: r.provincial,
    fundMunicipalFen: r.municipal,
    fundCountyFen: r.county,
    fundOtherFen: r.other,
    beneficiaryVillages: r.beneficiary_villages,
    beneficiaryHouseholds: r.households,
    beneficiaryPeople: r.beneficiary_people,
    performanceTarget: r.performance_target,
    farmerLinkage: parseLinkage(r.farmer_linkage),
    farmerLinkageNote: r.farmer_linkage_note,
  });
}

interface SearchTotalsRow {
  count: number;
  central: number;
  provincial: number;
  municipal: number;
  county: number;
  other: number;
  paid: number;
}

/**
 * The totals of a filtered set cost a pass over its payments (≈140 ms on a million payments), while a
 * page costs ≈1 ms, and a scrolling table asks for many pages of the same set. Keep the last few totals
 * while the file is unchanged: total_changes() moves with this connection's writes and data_version with
 * any other connection's.
 */
const totalsCache = new WeakMap<ServiceContext['sqlite'], { stamp: string; entries: Map<string, SearchTotalsRow> }>();
const TOTALS_CACHE_SIZE = 16;

function searchTotals(ctx: ServiceContext, totalsSql: string, params: Record<string, unknown>): SearchTotalsRow {
  const stamp = cachedStatement(ctx.sqlite, 'select total_changes()').pluck(true).get() + ':' + String(ctx.sqlite.pragma('data_version', { simple: true }));
  let cache = totalsCache.get(ctx.sqlite);
  if (!cache || cache.stamp !== stamp) {
    cache = { stamp, entries: new Map() };
    totalsCache.set(ctx.sqlite, cache);
  }
  const key = `${totalsSql}\u0000${JSON.stringify(params)}`;
  const hit = cache.entries.get(key);
  if (hit) return hit;
  const row = cachedStatement(ctx.sqlite, totalsSql).pluck(false).get(params) as SearchTotalsRow;
  if (cache.entries.size >= TOTALS_CACHE_SIZE) cache.entries.delete(cache.entries.keys().next().value as string);
  cache.entries.set(key, row);
  return row;
}

export function searchProjects(ctx: ServiceContext, input: ChannelParsedInput<'projects.search'>): ProjectSearchResult {
  if (input.keyword && /[a-z0-9]/i.test(input.keyword)) ensureSearchInitials(ctx);
  const q = buildProjectSearchSql(input);
  const { limit, offset, ...filterParams } = q.params;
  const ids = cachedStatement(ctx.sqlite, q.pageSql).pluck(true).all(q.params) as number[];
  const t = searchTotals(ctx, q.totalsSql, filterParams);
  const found = ids.length === 0 ? [] : (cachedStatement(ctx.sqlite, PROJECT_ROWS_SQL).pluck(false).all({ ids: JSON.stringify(ids) }) as ProjectRowSql[]);
  const byId = new Map(found.map((r) => [r.id, r]));
  const rows: ProjectSearchRow[] = [];
  for (const pid of ids) {
    const r = byId.get(pid);
    if (!r) continue;
    rows.push({
      ...toProjectListRow(r),
      townshipId: r.townshipId,
      villageId: r.villageId,
      paidFen: r.paid,
      allocatedFen: r.allocated,
      overAllocation: r.paid > r.allocated,
      incompleteFields: incompleteOfRow(r),
    });
  }
  return {
    rows,
    totals: {
      count: t.count,
      fundsFen: { central: t.central, provincial: t.provincial, municipal: t.municipal, county: t.county, other: t.other },
      totalFen: t.central + t.provincial + t.municipal + t.county + t.other,
      paidFen: t.paid,
    },
    offset: offset as number,
    limit: limit as number,
  };
}
