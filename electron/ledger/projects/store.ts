// 项目库 store: the only code that reads and writes the projects and households tables (the 项目库 search's
// statements are in store-search.ts).
// Row types come from the drizzle schema; SQL is portable (see electron/platform/data-port.ts), every time is
// the context's clock, and sums go through Number() (PostgreSQL returns bigint sums as text).
import { getTableColumns } from 'drizzle-orm';
import { households, projects } from '../../../db/schema';
import { PLAIN_PROJECT_KEYS, type PlainProjectField } from '../../../shared/projects/fields';
import { inListChunks, placeholders, type DataReader, type DataWriter, type SqlValue } from '../../platform/data-port';
import { BUMP_VERSION, versionCondition } from '../../platform/row-version';

type ProjectRecord = typeof projects.$inferSelect;
type HouseholdRecord = typeof households.$inferSelect;

/** The columns no clerk edits: the key, the search helper, the import batch, deletion, the row's version and times. */
const NOT_EDITED = ['id', 'searchInitials', 'importBatchId', 'deletedAt', 'deleteReason', 'version', 'createdAt', 'updatedAt'] as const;

/** The columns a clerk edits, as stored (联农带农 as its JSON text). */
type ProjectColumns = Omit<ProjectRecord, (typeof NOT_EDITED)[number]>;

/** The editable fields (the shape of the form, of the import and of the audit trail's before/after). */
export type ProjectFields = Omit<ProjectColumns, 'farmerLinkage'> & { farmerLinkage: string[] | null };

/** camelCase field → column, from the drizzle schema (a new column is a field of every statement here). */
export const PROJECT_COLUMN = Object.fromEntries(
  Object.entries(getTableColumns(projects))
    .filter(([field]) => !(NOT_EDITED as readonly string[]).includes(field))
    .map(([field, column]) => [field, column.name]),
) as Record<keyof ProjectFields, string>;
export const PROJECT_FIELDS = Object.keys(PROJECT_COLUMN) as Array<keyof ProjectFields>;

/** SQL for 资金规模 of a project row aliased `p`. */
export const PROJECT_TOTAL_SQL = 'p.fund_central_fen + p.fund_provincial_fen + p.fund_municipal_fen + p.fund_county_fen + p.fund_other_fen';

/** 联农带农 as stored: a JSON array, or (older rows) words separated by 、 or commas. */
export function parseLinkage(raw: string | null): string[] | null {
  if (raw === null || raw === '') return null;
  try {
    const value = JSON.parse(raw) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
  } catch {
    return raw.split(/[、,，;；\s]+/).filter(Boolean);
  }
}

function columnValue(field: keyof ProjectFields, value: ProjectFields[keyof ProjectFields]): SqlValue {
  if (field === 'farmerLinkage') return value === null ? null : JSON.stringify(value);
  return value as SqlValue;
}

/** SELECT list giving the stored columns of `p` under their field names (联农带农 still as text). */
const FIELDS_SQL = PROJECT_FIELDS.map((k) => `p.${PROJECT_COLUMN[k]} as "${k}"`).join(', ');

type StoredFields = ProjectColumns;

/** A stored project: its fields, id, version and times. */
export type StoredProject = ProjectFields & { id: number; version: number; createdAt: string; updatedAt: string };

export interface ProjectNames {
  category: string | null;
  subcategory: string | null;
  township: string | null;
  village: string | null;
  department: string | null;
  implementer: string | null;
}

const DETAIL_SQL = `select p.id, ${FIELDS_SQL}, p.version, p.created_at as "createdAt", p.updated_at as "updatedAt",
    c.name as category, s.name as subcategory, t.name as township, v.name as village, d.name as department, i.name as implementer
  from projects p
  left join project_types c on c.id = p.category_id
  left join project_types s on s.id = p.subcategory_id
  left join divisions t on t.id = p.township_id
  left join divisions v on v.id = p.village_id
  left join units d on d.id = p.department_id
  left join units i on i.id = p.implementer_id`;

/** A live project with the names of its type, places and units, or undefined. */
export async function projectWithNames(db: DataReader, id: number): Promise<(StoredProject & ProjectNames) | undefined> {
  const row = await db.get<StoredFields & ProjectNames & { id: number; version: number; createdAt: string; updatedAt: string }>(`${DETAIL_SQL} where p.id = ? and p.deleted_at is null`, [id]);
  return row && { ...row, farmerLinkage: parseLinkage(row.farmerLinkage) };
}

/** A project, live only unless `withDeleted` (a payment's project money after the project is deleted). */
export async function storedProject(db: DataReader, id: number, withDeleted = false): Promise<StoredProject | undefined> {
  const row = await db.get<StoredFields & { id: number; version: number; createdAt: string; updatedAt: string }>(
    `select p.id, ${FIELDS_SQL}, p.version, p.created_at as "createdAt", p.updated_at as "updatedAt" from projects p where p.id = ?${withDeleted ? '' : ' and p.deleted_at is null'}`,
    [id],
  );
  return row && { ...row, farmerLinkage: parseLinkage(row.farmerLinkage) };
}

/** The live project other than `exceptId` holding `code`. */
export async function projectWithCode(db: DataReader, code: string, exceptId: number | null): Promise<{ id: number; name: string; year: number } | undefined> {
  return db.get('select id, name, year from projects where code = ? and deleted_at is null and id <> ? limit 1', [code, exceptId ?? 0]);
}

/** Whether the ledger holds any project, deleted ones too (the demo county fills only an empty ledger). */
export async function anyProjectStored(db: DataReader): Promise<boolean> {
  return (await db.get('select id from projects limit 1')) !== undefined;
}

/** Every code (deleted projects' too) from `lo` up to but not including `hi`: the numbering reads its range. */
const CODES_BETWEEN_SQL = 'select code from projects where code >= ? and code < ?';

export async function codesBetween(db: DataReader, lo: string, hi: string): Promise<string[]> {
  const rows = await db.all<{ code: string }>(CODES_BETWEEN_SQL, [lo, hi]);
  return rows.map((r) => r.code);
}

/** A live project as an import matches a sheet row against it: by 项目编号, else by year, place and name. */
export interface ProjectToMatch {
  id: number;
  year: number;
  code: string | null;
  name: string;
  townshipId: number | null;
  villageId: number | null;
}

const TO_MATCH_SQL = 'select id, year, code, name, township_id as "townshipId", village_id as "villageId" from projects where deleted_at is null';

/** The live projects of the given years, and every live project with a code (the codes a file may name). */
export async function projectsToMatch(db: DataReader, years: readonly number[]): Promise<{ ofYears: ProjectToMatch[]; withCode: ProjectToMatch[] }> {
  const ofYears = years.length === 0 ? [] : await db.all<ProjectToMatch>(`${TO_MATCH_SQL} and year in (${placeholders(years.length)}) order by id`, years);
  return { ofYears, withCode: await db.all<ProjectToMatch>(`${TO_MATCH_SQL} and code is not null order by id`) };
}

/** Every live project's name and township, oldest first: the findings import links a row to a project by name. */
export async function liveProjectNames(db: DataReader): Promise<Array<{ id: number; name: string; townshipId: number | null }>> {
  return db.all('select id, name, township_id as "townshipId" from projects where deleted_at is null order by id');
}

/** A live project as the funds imports match a row to it: by code or name, with its 资金规模 (the five levels). */
export interface ProjectForFunds extends ProjectToMatch {
  totalFen: number;
}

/** Every live project with its 资金规模, oldest first: the allocations and payments imports match rows to them. */
export async function liveProjectsForFunds(db: DataReader): Promise<ProjectForFunds[]> {
  return db.all(
    `${TO_MATCH_SQL.replace(' from projects', `, fund_central_fen + fund_provincial_fen + fund_municipal_fen + fund_county_fen + fund_other_fen as "totalFen" from projects`)} order by id`,
  );
}

// ---- Writes -----------------------------------------------------------------------------------------

export interface ProjectExtras {
  searchInitials: string | null;
  importBatchId: number | null;
}

const INSERT_COLUMNS = [...PROJECT_FIELDS.map((k) => PROJECT_COLUMN[k]), 'search_initials', 'import_batch_id', 'created_at', 'updated_at'];
/** The one INSERT of a project (the service, the import and the demo all run it). */
const INSERT_PROJECT_SQL = `insert into projects (${INSERT_COLUMNS.join(', ')}) values (${placeholders(INSERT_COLUMNS.length)}) returning id`;

function insertProjectParams(f: ProjectFields, extras: ProjectExtras, now: string): SqlValue[] {
  return [...PROJECT_FIELDS.map((k) => columnValue(k, f[k])), extras.searchInitials, extras.importBatchId, now, now];
}

export async function insertProject(tx: DataWriter, f: ProjectFields, extras: ProjectExtras, now: string): Promise<number> {
  const row = await tx.get<{ id: number }>(INSERT_PROJECT_SQL, insertProjectParams(f, extras, now));
  if (!row) throw new Error('insert into projects returned no id');
  return Number(row.id);
}

/** The UPDATE of the changed fields (and the search initials when given), bumping the version (guarded when one is expected). */
function updateProjectStatement(id: number, changes: Partial<ProjectFields>, searchInitials: string | undefined, now: string, expectedVersion?: number): { sql: string; params: SqlValue[] } {
  const keys = PROJECT_FIELDS.filter((k) => changes[k] !== undefined);
  const sets = keys.map((k) => `${PROJECT_COLUMN[k]} = ?`);
  const params: SqlValue[] = keys.map((k) => columnValue(k, changes[k] as ProjectFields[typeof k]));
  if (searchInitials !== undefined) {
    sets.push('search_initials = ?');
    params.push(searchInitials);
  }
  const guard = versionCondition(expectedVersion);
  return { sql: `update projects set ${[...sets, 'updated_at = ?', BUMP_VERSION].join(', ')} where id = ?${guard.sql}`, params: [...params, now, id, ...guard.params] };
}

/** The rows changed: 0 when `expectedVersion` is given and the row is no longer at it. */
export async function updateProject(tx: DataWriter, id: number, changes: Partial<ProjectFields>, searchInitials: string | undefined, now: string, expectedVersion?: number): Promise<number> {
  const s = updateProjectStatement(id, changes, searchInitials, now, expectedVersion);
  return (await tx.run(s.sql, s.params)).changes;
}

export async function softDeleteProject(tx: DataWriter, id: number, reason: string, now: string): Promise<void> {
  await tx.run(`update projects set deleted_at = ?, delete_reason = ?, updated_at = ?, ${BUMP_VERSION} where id = ?`, [now, reason, now, id]);
}

// ---- 拼音首字母 (derived data: no audit row) ------------------------------------------------------------

export interface InitialsSource {
  id: number;
  name: string;
  township: string | null;
  village: string | null;
}

const INITIALS_SOURCE_SQL = `select p.id, p.name, t.name as township, v.name as village from projects p
  left join divisions t on t.id = p.township_id left join divisions v on v.id = p.village_id`;

/** Before a keyword search: is any row's value missing (a partial index holds only those rows)? */
export const MISSING_INITIALS_SQL = 'select 1 as one from projects where search_initials is null limit 1';

export async function initialsMissing(db: DataReader): Promise<boolean> {
  return (await db.get(MISSING_INITIALS_SQL)) !== undefined;
}

/** The given projects' names and places, or every project's whose initials are missing. */
export async function initialsSources(db: DataReader, ids?: readonly number[]): Promise<InitialsSource[]> {
  if (ids === undefined) return db.all(`${INITIALS_SOURCE_SQL} where p.search_initials is null`);
  if (ids.length === 0) return [];
  return db.all(`${INITIALS_SOURCE_SQL} where p.id in (${placeholders(ids.length)})`, ids);
}

export async function setSearchInitials(tx: DataWriter, id: number, initials: string): Promise<void> {
  await tx.run('update projects set search_initials = ? where id = ?', [initials, id]);
}

export async function clearSearchInitials(tx: DataWriter): Promise<void> {
  await tx.run('update projects set search_initials = null where search_initials is not null');
}

// ---- Names and checks from the reference tables (区划, 项目类型, 单位) a project points at -----------------

export interface DivisionRef {
  id: number;
  name: string;
  level: 'county' | 'township' | 'village';
  parentId: number | null;
}

const DIVISION_REF_SQL = 'select id, name, level, parent_id as "parentId" from divisions where id = ?';

export async function divisionRef(db: DataReader, id: number): Promise<DivisionRef | undefined> {
  return db.get(DIVISION_REF_SQL, [id]);
}

export async function projectTypeRef(db: DataReader, id: number): Promise<{ id: number; parentId: number | null; name: string } | undefined> {
  return db.get('select id, parent_id as "parentId", name from project_types where id = ?', [id]);
}

export async function liveUnitExists(db: DataReader, id: number): Promise<boolean> {
  return (await db.get('select id from units where id = ? and deleted_at is null', [id])) !== undefined;
}

/** The county's name (the first county division), for project numbers. */
export interface ProjectPlace {
  code: string | null;
  village: string | null;
}

/** Every live project's 项目编号 and 村 (the 拨付 export reads them once, not once per payment). */
export async function liveProjectPlaces(db: DataReader): Promise<Map<number, ProjectPlace>> {
  const rows = await db.all<ProjectPlace & { id: number }>('select p.id, p.code, v.name as village from projects p left join divisions v on v.id = p.village_id where p.deleted_at is null');
  return new Map(rows.map((r) => [r.id, { code: r.code, village: r.village }]));
}

export interface ProjectFigures {
  projects: number;
  projectsThisYear: number;
  /** The year's live projects' funds, all levels. */
  projectFundsFen: number;
  households: number;
}

/** 首页's project and household figures, in one statement. */
export async function projectFigures(db: DataReader, year: number): Promise<ProjectFigures> {
  const row = await db.get<Record<keyof ProjectFigures, number | null>>(
    `select (select count(*) from projects where deleted_at is null) as projects,
            (select count(*) from projects where deleted_at is null and year = ?) as "projectsThisYear",
            (select sum(fund_central_fen + fund_provincial_fen + fund_municipal_fen + fund_county_fen + fund_other_fen)
               from projects where deleted_at is null and year = ?) as "projectFundsFen",
            (select count(*) from households where deleted_at is null) as households`,
    [year, year],
  );
  const n = (v: number | null | undefined) => Number(v ?? 0);
  return { projects: n(row?.projects), projectsThisYear: n(row?.projectsThisYear), projectFundsFen: n(row?.projectFundsFen), households: n(row?.households) };
}

/** How many live projects of the year in these townships are at each status. */
export async function projectStatusCounts(db: DataReader, year: number, townshipIds: readonly number[]): Promise<Array<{ status: ProjectFields['status']; n: number }>> {
  if (townshipIds.length === 0) return [];
  const rows = await db.all<{ status: ProjectFields['status']; n: number }>(
    `select status, count(*) as n from projects where deleted_at is null and year = ? and township_id in (${placeholders(townshipIds.length)}) group by status`,
    [year, ...townshipIds],
  );
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

/** The plain fields (shared/projects/fields.ts) are columns of `projects` under their own names. */
type PlainColumns = Pick<ProjectColumns, PlainProjectField>;
/** SELECT list of the plain fields of `p` under their field names. */
const PLAIN_FIELDS_SQL = PLAIN_PROJECT_KEYS.map((k) => `p.${PROJECT_COLUMN[k]} as "${k}"`).join(', ');

export interface ProjectExportExtra extends PlainColumns {
  id: number;
  nature: string | null;
  location: string | null;
  content: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  implementer: string | null;
  responsiblePerson: string | null;
  fundOtherNote: string | null;
  villages: number | null;
  people: number | null;
  povertyPeople: number | null;
  monitoredHouseholds: number | null;
  monitoredPeople: number | null;
  /** 联农带农 as its stored JSON text. */
  farmerLinkage: string | null;
  farmerLinkageNote: string | null;
  remark: string | null;
}

/** The columns of a page of projects the 项目库 list row does not carry (the export's detail columns). */
export async function projectExportExtras(db: DataReader, ids: readonly number[]): Promise<Map<number, ProjectExportExtra>> {
  const out = new Map<number, ProjectExportExtra>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db.all<ProjectExportExtra>(
      `select p.id, p.construction_nature as nature, p.location, p.content, p.actual_start as "actualStart",
          p.actual_end as "actualEnd", u.name as implementer, p.responsible_person as "responsiblePerson", p.fund_other_note as "fundOtherNote",
          p.beneficiary_villages as villages, p.beneficiary_people as people,
          p.poverty_people as "povertyPeople", p.monitored_households as "monitoredHouseholds", p.monitored_people as "monitoredPeople",
          p.farmer_linkage as "farmerLinkage", p.farmer_linkage_note as "farmerLinkageNote", p.remark, ${PLAIN_FIELDS_SQL}
        from projects p left join units u on u.id = p.implementer_id
        where p.id in (${placeholders(chunk.length)})`,
      chunk,
    );
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

/** A project's name, deleted or not. */
export async function projectName(db: DataReader, id: number): Promise<string | undefined> {
  return (await db.get<{ name: string }>('select name from projects where id = ?', [id]))?.name;
}

/** The names of the newest live projects, at most `limit` (the import template's drop-down). */
export async function recentProjectNames(db: DataReader, limit: number): Promise<string[]> {
  return (await db.all<{ name: string }>('select name from projects where deleted_at is null order by year desc, id desc limit ?', [limit])).map((r) => r.name);
}

export async function countyDivisionName(db: DataReader): Promise<string | undefined> {
  return (await db.get<{ name: string }>("select name from divisions where level = 'county' order by id limit 1"))?.name;
}

// ---- 受益户 (households) -------------------------------------------------------------------------------

/** The household fields an import row fills. */
export type HouseholdFields = Pick<HouseholdRecord, 'headName' | 'idNumber' | 'members' | 'householdType' | 'townshipId' | 'villageId' | 'remark'>;

export const HOUSEHOLD_COLUMN: Record<keyof HouseholdFields, string> = {
  headName: 'head_name',
  idNumber: 'id_number',
  members: 'members',
  householdType: 'household_type',
  townshipId: 'township_id',
  villageId: 'village_id',
  remark: 'remark',
};
export const HOUSEHOLD_FIELDS = Object.keys(HOUSEHOLD_COLUMN) as Array<keyof HouseholdFields>;

const HOUSEHOLD_BY_ID_NUMBER_SQL = `select id, ${HOUSEHOLD_FIELDS.map((k) => `${HOUSEHOLD_COLUMN[k]} as "${k}"`).join(', ')},
  deleted_at as "deletedAt" from households where id_number = ?`;

const HOUSEHOLD_INSERT_COLUMNS = [...HOUSEHOLD_FIELDS.map((k) => HOUSEHOLD_COLUMN[k]), 'import_batch_id', 'created_at', 'updated_at'];
const INSERT_HOUSEHOLD_SQL = `insert into households (${HOUSEHOLD_INSERT_COLUMNS.join(', ')}) values (${placeholders(HOUSEHOLD_INSERT_COLUMNS.length)}) returning id`;

function insertHouseholdParams(f: HouseholdFields, importBatchId: number | null, now: string): SqlValue[] {
  return [...HOUSEHOLD_FIELDS.map((k) => f[k]), importBatchId, now, now];
}

function updateHouseholdStatement(id: number, changes: Partial<HouseholdFields>, now: string): { sql: string; params: SqlValue[] } {
  const keys = HOUSEHOLD_FIELDS.filter((k) => changes[k] !== undefined);
  return {
    sql: `update households set ${[...keys.map((k) => `${HOUSEHOLD_COLUMN[k]} = ?`), 'updated_at = ?'].join(', ')} where id = ?`,
    params: [...keys.map((k) => changes[k] ?? null), now, id],
  };
}

export interface HouseholdListFilter {
  townshipId?: number;
  villageId?: number;
  /** A LIKE pattern, its %, _ and \ escaped with a backslash. */
  keywordPattern?: string;
}

export interface HouseholdListRecord {
  id: number;
  headName: string;
  idNumber: string;
  members: number | null;
  householdType: HouseholdFields['householdType'];
  township: string | null;
  village: string | null;
  remark: string | null;
}

function householdListWhere(filter: HouseholdListFilter): { sql: string; params: SqlValue[] } {
  const where = ['h.deleted_at is null'];
  const params: SqlValue[] = [];
  if (filter.townshipId !== undefined) {
    where.push('h.township_id = ?');
    params.push(filter.townshipId);
  }
  if (filter.villageId !== undefined) {
    where.push('h.village_id = ?');
    params.push(filter.villageId);
  }
  if (filter.keywordPattern !== undefined) {
    where.push("(h.head_name like ? escape '\\' or h.id_number like ? escape '\\')");
    params.push(filter.keywordPattern, filter.keywordPattern);
  }
  return { sql: where.join(' and '), params };
}

export async function countHouseholdList(db: DataReader, filter: HouseholdListFilter): Promise<number> {
  const where = householdListWhere(filter);
  return Number((await db.get<{ n: number }>(`select count(*) as n from households h where ${where.sql}`, where.params))?.n ?? 0);
}

/** Live households in 区划 order (township, village), then as entered. */
export async function householdListRecords(db: DataReader, filter: HouseholdListFilter, offset: number, limit: number): Promise<HouseholdListRecord[]> {
  const where = householdListWhere(filter);
  return db.all<HouseholdListRecord>(
    `select h.id, h.head_name as "headName", h.id_number as "idNumber", h.members, h.household_type as "householdType",
            t.name as township, v.name as village, h.remark
     from households h left join divisions t on t.id = h.township_id left join divisions v on v.id = h.village_id
     where ${where.sql}
     order by case when t.sort_order is null then 0 else 1 end, t.sort_order, case when t.code is null then 0 else 1 end, t.code,
              case when v.sort_order is null then 0 else 1 end, v.sort_order, case when v.code is null then 0 else 1 end, v.code, h.id
     limit ? offset ?`,
    [...where.params, limit, offset],
  );
}

export type StoredHousehold = HouseholdFields & { id: number; deletedAt: string | null };

export async function householdByIdNumber(db: DataReader, idNumber: string): Promise<StoredHousehold | undefined> {
  return db.get(HOUSEHOLD_BY_ID_NUMBER_SQL, [idNumber]);
}

/** A live household by its id (结对帮扶 and 走访 point at one), or undefined. */
export async function liveHousehold(db: DataReader, id: number): Promise<StoredHousehold | undefined> {
  return db.get(`select id, ${HOUSEHOLD_FIELDS.map((k) => `${HOUSEHOLD_COLUMN[k]} as "${k}"`).join(', ')}, deleted_at as "deletedAt"
    from households where id = ? and deleted_at is null`, [id]);
}

/** Many households at once (the demo county), in the order given. */
export async function insertHouseholds(tx: DataWriter, rows: readonly HouseholdFields[], now: string): Promise<number> {
  return tx.insertMany('households', HOUSEHOLD_INSERT_COLUMNS, rows.map((f) => insertHouseholdParams(f, null, now)));
}

export async function insertHousehold(tx: DataWriter, f: HouseholdFields, importBatchId: number | null, now: string): Promise<number> {
  const row = await tx.get<{ id: number }>(INSERT_HOUSEHOLD_SQL, insertHouseholdParams(f, importBatchId, now));
  if (!row) throw new Error('insert into households returned no id');
  return Number(row.id);
}

export async function updateHousehold(tx: DataWriter, id: number, changes: Partial<HouseholdFields>, now: string): Promise<void> {
  const s = updateHouseholdStatement(id, changes, now);
  await tx.run(s.sql, s.params);
}

// ---- 撤销导入 ---------------------------------------------------------------------------------------

type UndoneTable = 'projects' | 'households';

/** A project or household as stored, every column under its column name (撤销导入 keeps it in the audit row). */
export async function storedRow(db: DataReader, table: UndoneTable, id: number): Promise<Record<string, unknown> | undefined> {
  return db.get<Record<string, unknown>>(`select * from ${table === 'projects' ? 'projects' : 'households'} where id = ?`, [id]);
}

/** Remove a project or household for good (撤销导入 of the batch that created it; nothing refers to it). */
export async function deleteImportedRow(tx: DataWriter, table: UndoneTable, id: number): Promise<void> {
  await tx.run(`delete from ${table === 'projects' ? 'projects' : 'households'} where id = ?`, [id]);
}

/** Projects or households in these places (township or village) that another batch or a clerk wrote. */
export async function countInPlacesOutsideBatch(db: DataReader, table: UndoneTable, placeIds: readonly number[], batchId: number): Promise<number> {
  // By id: a row whose township and village fall in two different chunks is counted once.
  const ids = new Set<number>();
  for (const chunk of inListChunks(placeIds)) {
    const list = placeholders(chunk.length);
    const rows = await db.all<{ id: number }>(
      `select id from ${table === 'projects' ? 'projects' : 'households'}
        where (township_id in (${list}) or village_id in (${list})) and (import_batch_id is null or import_batch_id <> ?)`,
      [...chunk, ...chunk, batchId],
    );
    for (const r of rows) ids.add(Number(r.id));
  }
  return ids.size;
}

// ---- A village moved or a place renamed (区划与单位) -------------------------------------------------------

/** A village moved to another township: its projects and households follow (a project's version moves on). */
export async function followVillageMove(tx: DataWriter, villageId: number, townshipId: number): Promise<void> {
  await tx.run(`update projects set township_id = ?, ${BUMP_VERSION} where village_id = ?`, [townshipId, villageId]);
  await tx.run('update households set township_id = ? where village_id = ?', [townshipId, villageId]);
}

/** A place renamed or moved: its projects' 拼音首字母 are made again on the next search. */
export async function clearInitialsInPlace(tx: DataWriter, divisionId: number): Promise<void> {
  await tx.run('update projects set search_initials = null where township_id = ? or village_id = ?', [divisionId, divisionId]);
}
