// 帮扶力量 store, 帮扶单位: the only code that reads and writes assistance_units, village_links (包联),
// township_leaders (县级领导联系乡镇) and the 成效 tables unit_projects, unit_funds and unit_deeds. Row types come
// from the drizzle schema; SQL is portable (electron/platform/data-port.ts), every time is the context's clock.
import { assistanceUnits, townshipLeaders, unitDeeds, unitFunds, unitProjects, villageLinks } from '../../../db/schema';
import { inListChunks, placeholders, type DataReader, type DataWriter, type SqlValue } from '../../platform/data-port';
import { fieldsOf, insertRecord, selectList, softDeleteRecord, storedRecord, updateRecord, type RecordTable } from './record-sql';

type Editable<T> = Omit<T, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'deleteReason'>;

export type UnitFields = Editable<typeof assistanceUnits.$inferSelect>;
export type LinkFields = Editable<typeof villageLinks.$inferSelect>;
export type LeaderFields = Editable<typeof townshipLeaders.$inferSelect>;
export type UnitProjectFields = Editable<typeof unitProjects.$inferSelect>;
export type UnitFundFields = Editable<typeof unitFunds.$inferSelect>;
export type UnitDeedFields = Editable<typeof unitDeeds.$inferSelect>;

export const UNITS: RecordTable<UnitFields> = {
  table: 'assistance_units',
  softDelete: true,
  columns: { name: 'name', kind: 'kind', level: 'level', contactPerson: 'contact_person', phone: 'phone', remark: 'remark' },
};
export const LINKS: RecordTable<LinkFields> = {
  table: 'village_links',
  softDelete: false,
  columns: { unitId: 'unit_id', villageId: 'village_id', startDate: 'start_date', endDate: 'end_date', endReason: 'end_reason', remark: 'remark' },
};
export const LEADERS: RecordTable<LeaderFields> = {
  table: 'township_leaders',
  softDelete: false,
  columns: { name: 'name', post: 'post', phone: 'phone', townshipId: 'township_id', startDate: 'start_date', endDate: 'end_date', endReason: 'end_reason', remark: 'remark' },
};
export const FUNDS: RecordTable<UnitFundFields> = {
  table: 'unit_funds',
  softDelete: true,
  columns: { unitId: 'unit_id', date: 'date', amountFen: 'amount_fen', source: 'source', projectId: 'project_id', villageId: 'village_id', remark: 'remark' },
};
export const DEEDS: RecordTable<UnitDeedFields> = {
  table: 'unit_deeds',
  softDelete: true,
  columns: { unitId: 'unit_id', date: 'date', villageId: 'village_id', description: 'description' },
};

export { insertRecord, softDeleteRecord, storedRecord, updateRecord };
export type { RecordTable };

// ---- 帮扶单位 ---------------------------------------------------------------------------------------------

export type UnitRecord = UnitFields & { id: number; version: number };

export interface UnitFilter {
  level?: UnitFields['level'];
  kind?: UnitFields['kind'];
  /** A LIKE pattern, its %, _ and \ escaped with a backslash. */
  keywordPattern?: string;
  ids?: readonly number[];
}

function unitWhere(filter: UnitFilter): { sql: string; params: SqlValue[] } {
  const where = ['u.deleted_at is null'];
  const params: SqlValue[] = [];
  if (filter.level !== undefined) {
    where.push('u.level = ?');
    params.push(filter.level);
  }
  if (filter.kind !== undefined) {
    where.push('u.kind = ?');
    params.push(filter.kind);
  }
  if (filter.keywordPattern !== undefined) {
    where.push("u.name like ? escape '\\'");
    params.push(filter.keywordPattern);
  }
  if (filter.ids !== undefined) {
    if (filter.ids.length === 0) where.push('1 = 0');
    else {
      where.push(`u.id in (${placeholders(filter.ids.length)})`);
      params.push(...filter.ids);
    }
  }
  return { sql: where.join(' and '), params };
}

const UNIT_SQL = `select u.id, u.version, ${selectList(UNITS, 'u')} from assistance_units u`;

/** Live units, by level (省, 市, 县) then name. */
export async function unitRecords(db: DataReader, filter: UnitFilter): Promise<UnitRecord[]> {
  const where = unitWhere(filter);
  return db.all<UnitRecord>(
    `${UNIT_SQL} where ${where.sql} order by case u.level when 'province' then 0 when 'city' then 1 else 2 end, u.name, u.id`,
    where.params,
  );
}

export async function unitRecord(db: DataReader, id: number): Promise<UnitRecord | undefined> {
  return db.get<UnitRecord>(`${UNIT_SQL} where u.id = ? and u.deleted_at is null`, [id]);
}

/** Another live unit of this name (names identify units on rosters and imports). */
export async function unitIdNamed(db: DataReader, name: string, exceptId: number | null): Promise<number | undefined> {
  const row = await db.get<{ id: number }>('select id from assistance_units where name = ? and deleted_at is null and id <> ? limit 1', [name, exceptId ?? 0]);
  return row === undefined ? undefined : Number(row.id);
}

/** The ids of the units a filter names (the 成效 summary's scope). */
export async function unitIds(db: DataReader, filter: UnitFilter): Promise<number[]> {
  const where = unitWhere(filter);
  return (await db.all<{ id: number }>(`select u.id from assistance_units u where ${where.sql} order by u.id`, where.params)).map((r) => Number(r.id));
}

// ---- 包联 and 县级领导 -------------------------------------------------------------------------------------

export type LinkRecord = LinkFields & { id: number; version: number; unit: string; village: string; townshipId: number; township: string };

export interface LinkFilter {
  unitId?: number;
  villageId?: number;
  townshipId?: number;
  /** Only links running on this day. */
  on?: string;
}

const LINK_SQL = `select l.id, l.version, ${selectList(LINKS, 'l')}, u.name as unit, v.name as village, t.id as "townshipId", t.name as township
  from village_links l join assistance_units u on u.id = l.unit_id join divisions v on v.id = l.village_id join divisions t on t.id = v.parent_id`;

function periodOn(alias: string, on: string | undefined, params: SqlValue[]): string[] {
  if (on === undefined) return [];
  params.push(on, on);
  return [`${alias}.start_date <= ? and (${alias}.end_date is null or ${alias}.end_date >= ?)`];
}

/** 包联 rows in 区划 order, the newest period first. */
export async function linkRecords(db: DataReader, filter: LinkFilter): Promise<LinkRecord[]> {
  const params: SqlValue[] = [];
  const where = ['u.deleted_at is null'];
  if (filter.unitId !== undefined) {
    where.push('l.unit_id = ?');
    params.push(filter.unitId);
  }
  if (filter.villageId !== undefined) {
    where.push('l.village_id = ?');
    params.push(filter.villageId);
  }
  if (filter.townshipId !== undefined) {
    where.push('v.parent_id = ?');
    params.push(filter.townshipId);
  }
  where.push(...periodOn('l', filter.on, params));
  return db.all<LinkRecord>(`${LINK_SQL} where ${where.join(' and ')} order by t.code, v.code, l.start_date desc, l.id`, params);
}

export async function linkRecord(db: DataReader, id: number): Promise<LinkRecord | undefined> {
  return db.get<LinkRecord>(`${LINK_SQL} where l.id = ?`, [id]);
}

/** The unit's 包联 periods of one village (the duplicate-period rule). */
export async function linkPeriods(db: DataReader, unitId: number, villageId: number): Promise<Array<{ id: number; startDate: string; endDate: string | null }>> {
  return db.all('select id, start_date as "startDate", end_date as "endDate" from village_links where unit_id = ? and village_id = ?', [unitId, villageId]);
}

export type LeaderRecord = LeaderFields & { id: number; version: number; township: string };

const LEADER_SQL = `select r.id, r.version, ${selectList(LEADERS, 'r')}, t.name as township from township_leaders r join divisions t on t.id = r.township_id`;

export async function leaderRecords(db: DataReader, filter: { townshipId?: number; on?: string }): Promise<LeaderRecord[]> {
  const params: SqlValue[] = [];
  const where = ['1 = 1'];
  if (filter.townshipId !== undefined) {
    where.push('r.township_id = ?');
    params.push(filter.townshipId);
  }
  where.push(...periodOn('r', filter.on, params));
  return db.all<LeaderRecord>(`${LEADER_SQL} where ${where.join(' and ')} order by t.code, r.start_date desc, r.id`, params);
}

export async function leaderRecord(db: DataReader, id: number): Promise<LeaderRecord | undefined> {
  return db.get<LeaderRecord>(`${LEADER_SQL} where r.id = ?`, [id]);
}

/** Every period of the 县级领导 of this name (one township at a time). */
export async function leaderPeriods(db: DataReader, name: string): Promise<Array<{ id: number; township: string; startDate: string; endDate: string | null }>> {
  return db.all(
    'select r.id, t.name as township, r.start_date as "startDate", r.end_date as "endDate" from township_leaders r join divisions t on t.id = r.township_id where r.name = ?',
    [name],
  );
}

// ---- 成效 -----------------------------------------------------------------------------------------------

export type UnitProjectRecord = UnitProjectFields & { id: number; project: string; year: number; category: string | null };

const UNIT_PROJECT_SQL = `select up.id, up.unit_id as "unitId", up.project_id as "projectId", up.role, up.remark, p.name as project, p.year, c.name as category
  from unit_projects up join projects p on p.id = up.project_id left join project_types c on c.id = p.category_id`;

export async function unitProjectRecords(db: DataReader, unitId: number): Promise<UnitProjectRecord[]> {
  return db.all<UnitProjectRecord>(`${UNIT_PROJECT_SQL} where up.unit_id = ? and p.deleted_at is null order by p.year desc, p.name, up.id`, [unitId]);
}

export async function unitProjectRecord(db: DataReader, id: number): Promise<UnitProjectRecord | undefined> {
  return db.get<UnitProjectRecord>(`${UNIT_PROJECT_SQL} where up.id = ?`, [id]);
}

export async function unitProjectOf(db: DataReader, unitId: number, projectId: number): Promise<UnitProjectRecord | undefined> {
  return db.get<UnitProjectRecord>(`${UNIT_PROJECT_SQL} where up.unit_id = ? and up.project_id = ?`, [unitId, projectId]);
}

export async function insertUnitProject(tx: DataWriter, f: UnitProjectFields, now: string): Promise<number> {
  const row = await tx.get<{ id: number }>('insert into unit_projects (unit_id, project_id, role, remark, created_at, updated_at) values (?, ?, ?, ?, ?, ?) returning id', [
    f.unitId,
    f.projectId,
    f.role,
    f.remark,
    now,
    now,
  ]);
  if (!row) throw new Error('insert into unit_projects returned no id');
  return Number(row.id);
}

export async function updateUnitProject(tx: DataWriter, id: number, f: Pick<UnitProjectFields, 'role' | 'remark'>, now: string): Promise<void> {
  await tx.run('update unit_projects set role = ?, remark = ?, updated_at = ? where id = ?', [f.role, f.remark, now, id]);
}

/** A unit's project link goes as a whole (the audit row keeps what it was). */
export async function deleteUnitProject(tx: DataWriter, id: number): Promise<void> {
  await tx.run('delete from unit_projects where id = ?', [id]);
}

export type UnitFundRecord = UnitFundFields & { id: number; version: number; project: string | null; village: string | null };

const FUND_SQL = `select r.id, r.version, ${selectList(FUNDS, 'r')}, p.name as project, v.name as village
  from unit_funds r left join projects p on p.id = r.project_id left join divisions v on v.id = r.village_id`;

export async function unitFundRecords(db: DataReader, unitId: number): Promise<UnitFundRecord[]> {
  return db.all<UnitFundRecord>(`${FUND_SQL} where r.unit_id = ? and r.deleted_at is null order by r.date desc, r.id`, [unitId]);
}

export async function unitFundRecord(db: DataReader, id: number): Promise<UnitFundRecord | undefined> {
  return db.get<UnitFundRecord>(`${FUND_SQL} where r.id = ? and r.deleted_at is null`, [id]);
}

export type UnitDeedRecord = UnitDeedFields & { id: number; version: number; village: string | null };

const DEED_SQL = `select r.id, r.version, ${selectList(DEEDS, 'r')}, v.name as village from unit_deeds r left join divisions v on v.id = r.village_id`;

export async function unitDeedRecords(db: DataReader, unitId: number): Promise<UnitDeedRecord[]> {
  return db.all<UnitDeedRecord>(`${DEED_SQL} where r.unit_id = ? and r.deleted_at is null order by r.date desc, r.id`, [unitId]);
}

export async function unitDeedRecord(db: DataReader, id: number): Promise<UnitDeedRecord | undefined> {
  return db.get<UnitDeedRecord>(`${DEED_SQL} where r.id = ? and r.deleted_at is null`, [id]);
}

/** What the units of a scope brought: projects (of them 产业发展), 争取资金 and 实事, in a year or in all. */
export interface OutcomeFigures {
  villages: number;
  projects: number;
  industryProjects: number;
  fundsFen: number;
  deeds: number;
}

/** The 大类 whose projects count as 产业项目 in "帮助乡村发展产业项目63个". */
export const INDUSTRY_CATEGORY = '产业发展';

export async function outcomeFigures(db: DataReader, ids: readonly number[], year: number | null, today: string): Promise<OutcomeFigures> {
  if (ids.length === 0) return { villages: 0, projects: 0, industryProjects: 0, fundsFen: 0, deeds: 0 };
  const list = placeholders(ids.length);
  const yearOf = (column: string) => (year === null ? '' : ` and ${column} like ?`);
  const yearParam = year === null ? [] : [`${year}-%`];
  const projectYear = year === null ? '' : ' and p.year = ?';
  const projectParam = year === null ? [] : [year];
  // 包联 villages: those linked on the day given (today, or the year's last day for a past year).
  const row = await db.get<Record<keyof OutcomeFigures, number | string | null>>(
    `select
       (select count(distinct l.village_id) from village_links l where l.unit_id in (${list}) and l.start_date <= ? and (l.end_date is null or l.end_date >= ?)) as villages,
       (select count(distinct up.project_id) from unit_projects up join projects p on p.id = up.project_id
         where up.unit_id in (${list}) and p.deleted_at is null${projectYear}) as projects,
       (select count(distinct up.project_id) from unit_projects up join projects p on p.id = up.project_id join project_types c on c.id = p.category_id
         where up.unit_id in (${list}) and p.deleted_at is null and c.name = ?${projectYear}) as "industryProjects",
       (select coalesce(sum(f.amount_fen), 0) from unit_funds f where f.unit_id in (${list}) and f.deleted_at is null${yearOf('f.date')}) as "fundsFen",
       (select count(*) from unit_deeds d where d.unit_id in (${list}) and d.deleted_at is null${yearOf('d.date')}) as deeds`,
    [...ids, today, today, ...ids, ...projectParam, ...ids, INDUSTRY_CATEGORY, ...projectParam, ...ids, ...yearParam, ...ids, ...yearParam],
  );
  return {
    villages: Number(row?.villages ?? 0),
    projects: Number(row?.projects ?? 0),
    industryProjects: Number(row?.industryProjects ?? 0),
    fundsFen: Number(row?.fundsFen ?? 0),
    deeds: Number(row?.deeds ?? 0),
  };
}

/** Live 包联 running on `on` of these units, as unit → village names (the units list's 包联村 column). */
export async function currentVillagesOfUnits(db: DataReader, ids: readonly number[], on: string): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (ids.length === 0) return out;
  const rows = await db.all<{ unitId: number; village: string }>(
    `select l.unit_id as "unitId", v.name as village from village_links l join divisions v on v.id = l.village_id
      where l.unit_id in (${placeholders(ids.length)}) and l.start_date <= ? and (l.end_date is null or l.end_date >= ?) order by v.code`,
    [...ids, on, on],
  );
  for (const r of rows) {
    const id = Number(r.unitId);
    out.set(id, [...(out.get(id) ?? []), r.village]);
  }
  return out;
}

/** Every field of the store's editable records, for the services' diffs. */
export const UNIT_FIELDS = fieldsOf(UNITS);
export const LINK_FIELDS = fieldsOf(LINKS);
export const LEADER_FIELDS = fieldsOf(LEADERS);
export const FUND_FIELDS = fieldsOf(FUNDS);
export const DEED_FIELDS = fieldsOf(DEEDS);

// ---- Rows naming other areas' records (their deletion and 撤销导入 must not orphan them) ---------------------

/** Rows (deleted ones too: the key still holds) of `table` whose `column` is one of `ids`. */
export async function countNaming(db: DataReader, table: 'village_links' | 'township_leaders' | 'unit_funds' | 'unit_deeds' | 'unit_projects', column: 'village_id' | 'township_id' | 'project_id', ids: readonly number[]): Promise<number> {
  let n = 0;
  for (const chunk of inListChunks(ids)) n += Number((await db.get<{ n: number }>(`select count(*) as n from ${table} where ${column} in (${placeholders(chunk.length)})`, chunk))?.n ?? 0);
  return n;
}
