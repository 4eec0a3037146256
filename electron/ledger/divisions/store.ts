// 区划与单位 store: the only code that reads and writes the divisions, units and project_types tables. Row
// types come from the drizzle schema; SQL is portable (see electron/platform/data-port.ts), every time is the
// context's clock. Booleans are stored as 0/1 on both engines and turned into booleans here.
import { divisions, projectTypes, units } from '../../../db/schema';
import { inListChunks, placeholders, type DataReader, type DataWriter } from '../../platform/data-port';

export type DivisionRecord = typeof divisions.$inferSelect;
export type UnitRecord = typeof units.$inferSelect;
export type ProjectTypeRecord = Pick<typeof projectTypes.$inferSelect, 'id' | 'parentId' | 'name' | 'aliases' | 'sortOrder'>;

/** What is written when a division is created: the record without its id and timestamps. */
export type DivisionFields = Omit<typeof divisions.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;
/** What a clerk edits on a unit. */
export type UnitFields = Pick<UnitRecord, 'name' | 'kind' | 'divisionId' | 'contactPerson' | 'phone' | 'remark'>;

// ---- 区划 ------------------------------------------------------------------------------------------------

const DIVISION_SELECT = `select id, code, name, level, parent_id as "parentId", is_poverty_village as "isPovertyVillage",
    exit_year as "exitYear", sort_order as "sortOrder", created_at as "createdAt", updated_at as "updatedAt"
  from divisions`;

type StoredDivision = Omit<DivisionRecord, 'isPovertyVillage'> & { isPovertyVillage: number | boolean };

function division(row: StoredDivision): DivisionRecord {
  return { ...row, isPovertyVillage: Boolean(row.isPovertyVillage) };
}

async function oneDivision(db: DataReader, where: string, params: Array<string | number>): Promise<DivisionRecord | undefined> {
  const row = await db.get<StoredDivision>(`${DIVISION_SELECT} where ${where} order by id limit 1`, params);
  return row && division(row);
}

/** Every division, by code (the county first, each township before its villages). */
export async function divisionRecords(db: DataReader): Promise<DivisionRecord[]> {
  return (await db.all<StoredDivision>(`${DIVISION_SELECT} order by code`)).map(division);
}

export async function divisionById(db: DataReader, id: number): Promise<DivisionRecord | undefined> {
  return oneDivision(db, 'id = ?', [id]);
}

export async function divisionByCode(db: DataReader, code: string): Promise<DivisionRecord | undefined> {
  return oneDivision(db, 'code = ?', [code]);
}

export async function countyRecord(db: DataReader): Promise<DivisionRecord | undefined> {
  return oneDivision(db, "level = 'county'", []);
}

/** A division at the root (no parent): the ledger has its county. */
export async function hasRootDivision(db: DataReader): Promise<boolean> {
  return (await db.get<{ id: number }>('select id from divisions where parent_id is null limit 1')) !== undefined;
}

export async function childByName(db: DataReader, parentId: number, name: string): Promise<DivisionRecord | undefined> {
  return oneDivision(db, 'parent_id = ? and name = ?', [parentId, name]);
}

export async function townshipByName(db: DataReader, name: string): Promise<DivisionRecord | undefined> {
  return oneDivision(db, "level = 'township' and name = ?", [name]);
}

export async function townshipNames(db: DataReader): Promise<Array<{ id: number; name: string }>> {
  return db.all<{ id: number; name: string }>("select id, name from divisions where level = 'township' order by id");
}

/** The townships in the office's order (sort order, then code). */
export async function townshipsInOrder(db: DataReader): Promise<Array<{ id: number; name: string }>> {
  return db.all<{ id: number; name: string }>("select id, name from divisions where level = 'township' order by sort_order, code");
}

/** The villages' names, township by township in the office's order (the import template's drop-down). */
export async function villageNamesInOrder(db: DataReader): Promise<string[]> {
  const rows = await db.all<{ name: string }>(
    "select v.name from divisions v join divisions t on t.id = v.parent_id where v.level = 'village' order by t.sort_order, t.code, v.sort_order, v.code",
  );
  return rows.map((r) => r.name);
}

/** Those of these ids that are townships, in the office's order. */
export async function townshipsAmong(db: DataReader, ids: readonly number[]): Promise<Array<{ id: number; name: string }>> {
  if (ids.length === 0) return [];
  return db.all<{ id: number; name: string }>(`select id, name from divisions where level = 'township' and id in (${placeholders(ids.length)}) order by sort_order, code`, ids);
}

export async function divisionName(db: DataReader, id: number): Promise<string | undefined> {
  return (await db.get<{ name: string }>('select name from divisions where id = ?', [id]))?.name;
}

export async function countChildren(db: DataReader, id: number): Promise<number> {
  return Number((await db.get<{ n: number }>('select count(*) as n from divisions where parent_id = ?', [id]))?.n ?? 0);
}

export async function childCodes(db: DataReader, parentId: number): Promise<string[]> {
  return (await db.all<{ code: string }>('select code from divisions where parent_id = ?', [parentId])).map((r) => r.code);
}

export async function insertDivision(tx: DataWriter, fields: DivisionFields, at: string): Promise<number> {
  const row = await tx.get<{ id: number }>(
    `insert into divisions (code, name, level, parent_id, is_poverty_village, exit_year, sort_order, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    [fields.code, fields.name, fields.level, fields.parentId ?? null, fields.isPovertyVillage ? 1 : 0, fields.exitYear ?? null, fields.sortOrder ?? 0, at, at],
  );
  if (!row) throw new Error('insert into divisions returned no id');
  return Number(row.id);
}

export type DivisionChanges = Partial<Pick<DivisionRecord, 'code' | 'name' | 'parentId' | 'isPovertyVillage' | 'exitYear'>>;

const DIVISION_COLUMN: Record<keyof DivisionChanges, string> = {
  code: 'code',
  name: 'name',
  parentId: 'parent_id',
  isPovertyVillage: 'is_poverty_village',
  exitYear: 'exit_year',
};

export async function updateDivision(tx: DataWriter, id: number, changes: DivisionChanges, at: string): Promise<void> {
  const keys = (Object.keys(changes) as Array<keyof DivisionChanges>).filter((k) => changes[k] !== undefined);
  const values = keys.map((k) => {
    const v = changes[k];
    return typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null);
  });
  await tx.run(`update divisions set ${keys.map((k) => `${DIVISION_COLUMN[k]} = ?, `).join('')}updated_at = ? where id = ?`, [...values, at, id]);
}

export async function deleteDivision(tx: DataWriter, id: number): Promise<void> {
  await tx.run('delete from divisions where id = ?', [id]);
}


/** A division as stored, every column under its column name (撤销导入 keeps it in the audit row). */
export async function storedDivisionRow(db: DataReader, id: number): Promise<Record<string, unknown> | undefined> {
  return db.get<Record<string, unknown>>('select * from divisions where id = ?', [id]);
}

/** Divisions under any of these that are not among them (places added later below places an import added). */
export async function countChildrenOutside(db: DataReader, ids: readonly number[]): Promise<number> {
  const among = new Set(ids);
  let n = 0;
  for (const chunk of inListChunks(ids)) {
    const rows = await db.all<{ id: number }>(`select id from divisions where parent_id in (${placeholders(chunk.length)})`, chunk);
    n += rows.filter((r) => !among.has(Number(r.id))).length;
  }
  return n;
}
/** 首页's figures of the county: its name, townships, villages and 贫困村 among them. */
export async function divisionFigures(db: DataReader): Promise<{ county: string | null; townships: number; villages: number; povertyVillages: number }> {
  const row = await db.get<{ county: string | null; townships: number; villages: number; povertyVillages: number }>(
    `select (select name from divisions where level = 'county' order by id limit 1) as county,
       (select count(*) from divisions where level = 'township') as townships,
       (select count(*) from divisions where level = 'village') as villages,
       (select count(*) from divisions where level = 'village' and is_poverty_village = 1) as "povertyVillages"`,
  );
  return { county: row?.county ?? null, townships: Number(row?.townships ?? 0), villages: Number(row?.villages ?? 0), povertyVillages: Number(row?.povertyVillages ?? 0) };
}

// Other areas' rows that name a division. These statements touch the projects, assets, findings and
// households tables: they stay here until those areas' stores offer them (listed in docs/ARCHITECTURE.md).

/** How many records of each kind name a division (its place), for the refusal to delete it. */
export async function divisionReferenceCounts(db: DataReader, id: number): Promise<Record<'projects' | 'assets' | 'findings' | 'households' | 'units', number>> {
  const row = await db.get<Record<'projects' | 'assets' | 'findings' | 'households' | 'units', number>>(
    `select (select count(*) from projects where township_id = ? or village_id = ?) as projects,
       (select count(*) from assets where township_id = ? or village_id = ?) as assets,
       (select count(*) from findings where township_id = ? or village_id = ?) as findings,
       (select count(*) from households where township_id = ? or village_id = ?) as households,
       (select count(*) from units where division_id = ?) as units`,
    [id, id, id, id, id, id, id, id, id],
  );
  return {
    projects: Number(row?.projects ?? 0),
    assets: Number(row?.assets ?? 0),
    findings: Number(row?.findings ?? 0),
    households: Number(row?.households ?? 0),
    units: Number(row?.units ?? 0),
  };
}


/** Project search initials include place names: cleared after a rename or move, recomputed before the next search. */

// ---- 单位 ------------------------------------------------------------------------------------------------

const UNIT_SELECT = `select id, name, kind, division_id as "divisionId", contact_person as "contactPerson", phone, remark,
    deleted_at as "deletedAt", delete_reason as "deleteReason", created_at as "createdAt", updated_at as "updatedAt"
  from units`;

/** Live units, by kind and name. */
export async function liveUnitRecords(db: DataReader): Promise<UnitRecord[]> {
  return db.all<UnitRecord>(`${UNIT_SELECT} where deleted_at is null order by kind, name`);
}

export async function liveUnit(db: DataReader, id: number): Promise<UnitRecord | undefined> {
  return db.get<UnitRecord>(`${UNIT_SELECT} where id = ? and deleted_at is null`, [id]);
}

export async function liveUnitByName(db: DataReader, name: string): Promise<UnitRecord | undefined> {
  return db.get<UnitRecord>(`${UNIT_SELECT} where name = ? and deleted_at is null order by id limit 1`, [name]);
}

export async function insertUnit(tx: DataWriter, fields: UnitFields, at: string): Promise<number> {
  const row = await tx.get<{ id: number }>(
    `insert into units (name, kind, division_id, contact_person, phone, remark, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    [fields.name, fields.kind, fields.divisionId, fields.contactPerson, fields.phone, fields.remark, at, at],
  );
  if (!row) throw new Error('insert into units returned no id');
  return Number(row.id);
}

const UNIT_COLUMN: Record<keyof UnitFields, string> = {
  name: 'name',
  kind: 'kind',
  divisionId: 'division_id',
  contactPerson: 'contact_person',
  phone: 'phone',
  remark: 'remark',
};

export async function updateUnit(tx: DataWriter, id: number, changes: Partial<UnitFields>, at: string): Promise<void> {
  const keys = (Object.keys(changes) as Array<keyof UnitFields>).filter((k) => changes[k] !== undefined);
  await tx.run(`update units set ${keys.map((k) => `${UNIT_COLUMN[k]} = ?, `).join('')}updated_at = ? where id = ?`, [
    ...keys.map((k) => changes[k] ?? null),
    at,
    id,
  ]);
}

export async function softDeleteUnit(tx: DataWriter, id: number, reason: string | null, at: string): Promise<void> {
  await tx.run('update units set deleted_at = ?, delete_reason = ? where id = ?', [at, reason, id]);
}

/** Live projects naming a unit as 主管部门 or 实施单位 (the projects table: until its store offers it). */
export async function countProjectsNamingUnit(db: DataReader, unitId: number): Promise<number> {
  const row = await db.get<{ n: number }>('select count(*) as n from projects where deleted_at is null and (department_id = ? or implementer_id = ?)', [unitId, unitId]);
  return Number(row?.n ?? 0);
}

export async function liveUnitCount(db: DataReader): Promise<number> {
  return Number((await db.get<{ n: number }>('select count(*) as n from units where deleted_at is null'))?.n ?? 0);
}

/** Every unit's name, deleted or not, by kind (the import template's drop-down). */
export async function unitNamesByKind(db: DataReader): Promise<string[]> {
  return (await db.all<{ name: string }>('select name from units order by kind, name')).map((r) => r.name);
}

export async function unitName(db: DataReader, id: number): Promise<string | undefined> {
  return (await db.get<{ name: string }>('select name from units where id = ?', [id]))?.name;
}

/** The names of these units, deleted ones too (a project may still name one). */
export async function unitNames(db: DataReader, ids: readonly number[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const r of await db.all<{ id: number; name: string }>(`select id, name from units where id in (${placeholders(chunk.length)})`, chunk)) names.set(r.id, r.name);
  }
  return names;
}

// ---- 项目类型 (seeded by the first migration; read here) --------------------------------------------------

/** The two-level dictionary, in the office's order. */
export async function projectTypeRecords(db: DataReader): Promise<ProjectTypeRecord[]> {
  return db.all<ProjectTypeRecord>('select id, parent_id as "parentId", name, aliases, sort_order as "sortOrder" from project_types order by sort_order, id');
}

export async function projectTypeName(db: DataReader, id: number): Promise<string | undefined> {
  return (await db.get<{ name: string }>('select name from project_types where id = ?', [id]))?.name;
}

/** The names of the top-level types and of their subtypes, each in the office's order (the import template's drop-downs). */
export async function projectTypeNamesByLevel(db: DataReader): Promise<{ categories: string[]; subcategories: string[] }> {
  const categories = await db.all<{ name: string }>('select name from project_types where parent_id is null order by sort_order, id');
  const subcategories = await db.all<{ name: string }>('select c.name from project_types c join project_types p on p.id = c.parent_id order by p.sort_order, p.id, c.sort_order, c.id');
  return { categories: categories.map((r) => r.name), subcategories: subcategories.map((r) => r.name) };
}
