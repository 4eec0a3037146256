// 帮扶力量 store, 结对帮扶 and 走访: the only code that reads and writes assistance_cadres (帮扶责任人), pairings
// (结对) and assistance_visits (走访记录). Households are the 项目库 store's; this store joins them to name a
// pairing's household. Row types come from the drizzle schema; SQL is portable (electron/platform/data-port.ts).
import { assistanceCadres, assistanceVisits, pairings } from '../../../db/schema';
import { inListChunks, placeholders, type DataReader, type SqlValue } from '../../platform/data-port';
import { fieldsOf, insertRecord, selectList, softDeleteRecord, storedRecord, updateRecord, type RecordTable } from './record-sql';

type Editable<T> = Omit<T, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'deleteReason'>;

export type CadreFields = Editable<typeof assistanceCadres.$inferSelect>;
export type PairingFields = Editable<typeof pairings.$inferSelect>;
export type VisitFields = Editable<typeof assistanceVisits.$inferSelect>;

export const CADRES: RecordTable<CadreFields> = {
  table: 'assistance_cadres',
  softDelete: false,
  columns: { name: 'name', employer: 'employer', post: 'post', phone: 'phone', rank: 'rank', remark: 'remark' },
};
export const PAIRINGS: RecordTable<PairingFields> = {
  table: 'pairings',
  softDelete: false,
  columns: { cadreId: 'cadre_id', householdId: 'household_id', startDate: 'start_date', endDate: 'end_date', endReason: 'end_reason', remark: 'remark' },
};
export const VISITS: RecordTable<VisitFields> = {
  table: 'assistance_visits',
  softDelete: true,
  columns: { date: 'date', visitor: 'visitor', cadreId: 'cadre_id', memberId: 'member_id', householdId: 'household_id', villageId: 'village_id', content: 'content' },
};

export { insertRecord, softDeleteRecord, storedRecord, updateRecord };

export const CADRE_FIELDS = fieldsOf(CADRES);
export const PAIRING_FIELDS = fieldsOf(PAIRINGS);
export const VISIT_FIELDS = fieldsOf(VISITS);

const RUNNING = (alias: string) => `${alias}.start_date <= ? and (${alias}.end_date is null or ${alias}.end_date >= ?)`;

// ---- 帮扶责任人 -------------------------------------------------------------------------------------------

/** A cadre and the households paired with them on the day asked. */
export type CadreRecord = CadreFields & { id: number; version: number; households: number };

const CADRE_SQL = `select c.id, c.version, ${selectList(CADRES, 'c')},
    (select count(*) from pairings p join households h on h.id = p.household_id where p.cadre_id = c.id and h.deleted_at is null and ${RUNNING('p')}) as households
  from assistance_cadres c`;

export async function cadreRecords(db: DataReader, on: string, keywordPattern?: string): Promise<CadreRecord[]> {
  const where = keywordPattern === undefined ? '' : " where c.name like ? escape '\\' or c.employer like ? escape '\\'";
  const params: SqlValue[] = keywordPattern === undefined ? [on, on] : [on, on, keywordPattern, keywordPattern];
  const rows = await db.all<CadreRecord>(`${CADRE_SQL}${where} order by c.name, c.id`, params);
  return rows.map((r) => ({ ...r, households: Number(r.households) }));
}

export async function cadreRecord(db: DataReader, id: number, on: string): Promise<CadreRecord | undefined> {
  const row = await db.get<CadreRecord>(`${CADRE_SQL} where c.id = ?`, [on, on, id]);
  return row && { ...row, households: Number(row.households) };
}

// ---- 结对 -------------------------------------------------------------------------------------------------

/** A pairing with its cadre and household (the ID number as stored: the service masks it). */
export type PairingRecord = PairingFields & {
  id: number;
  version: number;
  cadre: string;
  employer: string | null;
  post: string | null;
  phone: string | null;
  household: string;
  idNumber: string;
  township: string | null;
  village: string | null;
};

const PAIRING_FROM = `from pairings p join assistance_cadres c on c.id = p.cadre_id join households h on h.id = p.household_id
  left join divisions t on t.id = h.township_id left join divisions v on v.id = h.village_id`;
const PAIRING_SQL = `select p.id, p.version, ${selectList(PAIRINGS, 'p')}, c.name as cadre, c.employer, c.post, c.phone,
    h.head_name as household, h.id_number as "idNumber", t.name as township, v.name as village ${PAIRING_FROM}`;

export interface PairingFilter {
  townshipId?: number;
  cadreId?: number;
  householdId?: number;
  /** Only pairings running on this day (omitted: the whole history). */
  on?: string;
}

function pairingWhere(filter: PairingFilter): { sql: string; params: SqlValue[] } {
  const where = ['h.deleted_at is null'];
  const params: SqlValue[] = [];
  const add = (sql: string, ...values: SqlValue[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (filter.townshipId !== undefined) add('h.township_id = ?', filter.townshipId);
  if (filter.cadreId !== undefined) add('p.cadre_id = ?', filter.cadreId);
  if (filter.householdId !== undefined) add('p.household_id = ?', filter.householdId);
  if (filter.on !== undefined) add(RUNNING('p'), filter.on, filter.on);
  return { sql: where.join(' and '), params };
}

export async function countPairings(db: DataReader, filter: PairingFilter): Promise<number> {
  const where = pairingWhere(filter);
  return Number((await db.get<{ n: number }>(`select count(*) as n ${PAIRING_FROM} where ${where.sql}`, where.params))?.n ?? 0);
}

/** In 区划 order (township, village), then by household and period. */
export async function pairingRecords(db: DataReader, filter: PairingFilter, offset: number, limit: number): Promise<PairingRecord[]> {
  const where = pairingWhere(filter);
  return db.all<PairingRecord>(`${PAIRING_SQL} where ${where.sql} order by t.code, v.code, h.head_name, h.id, p.start_date, p.id limit ? offset ?`, [
    ...where.params,
    limit,
    offset,
  ]);
}

export async function pairingRecord(db: DataReader, id: number): Promise<PairingRecord | undefined> {
  return db.get<PairingRecord>(`${PAIRING_SQL} where p.id = ?`, [id]);
}

/** Every pairing period of a household, with its cadre (one 责任人 per household at a time). */
export async function pairingPeriodsOfHousehold(db: DataReader, householdId: number): Promise<Array<{ id: number; cadre: string; startDate: string; endDate: string | null }>> {
  return db.all(
    'select p.id, c.name as cadre, p.start_date as "startDate", p.end_date as "endDate" from pairings p join assistance_cadres c on c.id = p.cadre_id where p.household_id = ?',
    [householdId],
  );
}

/** Households a cadre is paired with on `on`, per cadre that has any (the over-limit flag). */
export async function pairingCountsOn(db: DataReader, on: string): Promise<Array<{ cadreId: number; rank: CadreFields['rank']; households: number }>> {
  const rows = await db.all<{ cadreId: number; rank: CadreFields['rank']; households: number }>(
    `select p.cadre_id as "cadreId", c.rank, count(*) as households from pairings p join assistance_cadres c on c.id = p.cadre_id
       join households h on h.id = p.household_id where h.deleted_at is null and ${RUNNING('p')} group by p.cadre_id, c.rank`,
    [on, on],
  );
  return rows.map((r) => ({ cadreId: Number(r.cadreId), rank: r.rank, households: Number(r.households) }));
}

export interface UnpairedHousehold {
  id: number;
  headName: string;
  idNumber: string;
  township: string | null;
  village: string | null;
}

const UNPAIRED_FROM = `from households h left join divisions t on t.id = h.township_id left join divisions v on v.id = h.village_id
  where h.deleted_at is null and not exists (select 1 from pairings p where p.household_id = h.id and ${RUNNING('p')})`;

/** Live households with no 帮扶责任人 on `on`. */
export async function countUnpairedHouseholds(db: DataReader, on: string, townshipId?: number): Promise<number> {
  const byTownship = townshipId === undefined ? '' : ' and h.township_id = ?';
  const row = await db.get<{ n: number }>(`select count(*) as n ${UNPAIRED_FROM}${byTownship}`, townshipId === undefined ? [on, on] : [on, on, townshipId]);
  return Number(row?.n ?? 0);
}

export async function unpairedHouseholds(db: DataReader, on: string, townshipId: number | undefined, offset: number, limit: number): Promise<UnpairedHousehold[]> {
  const byTownship = townshipId === undefined ? '' : ' and h.township_id = ?';
  return db.all<UnpairedHousehold>(
    `select h.id, h.head_name as "headName", h.id_number as "idNumber", t.name as township, v.name as village ${UNPAIRED_FROM}${byTownship}
      order by t.code, v.code, h.head_name, h.id limit ? offset ?`,
    [on, on, ...(townshipId === undefined ? [] : [townshipId]), limit, offset],
  );
}

// ---- 走访记录 ---------------------------------------------------------------------------------------------

export type VisitRecord = VisitFields & { id: number; version: number; household: string | null; village: string | null; township: string | null; photos: number };

// A visit to a household is in the household's village.
const VISIT_SQL = `select r.id, r.version, ${selectList(VISITS, 'r')}, h.head_name as household, v.name as village, t.name as township,
    (select count(*) from attachments x where x.owner_type = 'visit' and x.owner_id = r.id and x.deleted_at is null) as photos
  from assistance_visits r left join households h on h.id = r.household_id
    left join divisions v on v.id = coalesce(r.village_id, h.village_id) left join divisions t on t.id = v.parent_id`;

export interface VisitFilter {
  householdId?: number;
  villageId?: number;
  cadreId?: number;
  memberId?: number;
  townshipId?: number;
  from?: string;
  to?: string;
}

export async function visitRecords(db: DataReader, filter: VisitFilter, offset: number, limit: number): Promise<{ total: number; rows: VisitRecord[] }> {
  const params: SqlValue[] = [];
  const where = ['r.deleted_at is null'];
  const add = (sql: string, ...values: SqlValue[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (filter.householdId !== undefined) add('r.household_id = ?', filter.householdId);
  if (filter.villageId !== undefined) add('coalesce(r.village_id, h.village_id) = ?', filter.villageId);
  if (filter.cadreId !== undefined) add('r.cadre_id = ?', filter.cadreId);
  if (filter.memberId !== undefined) add('r.member_id = ?', filter.memberId);
  if (filter.townshipId !== undefined) add('v.parent_id = ?', filter.townshipId);
  if (filter.from !== undefined) add('r.date >= ?', filter.from);
  if (filter.to !== undefined) add('r.date <= ?', filter.to);
  const sql = `${VISIT_SQL} where ${where.join(' and ')}`;
  const total = Number((await db.get<{ n: number }>(`select count(*) as n from (${sql}) counted`, params))?.n ?? 0);
  const rows = await db.all<VisitRecord>(`${sql} order by r.date desc, r.id desc limit ? offset ?`, [...params, limit, offset]);
  return { total, rows: rows.map((r) => ({ ...r, photos: Number(r.photos) })) };
}

export async function visitRecord(db: DataReader, id: number): Promise<VisitRecord | undefined> {
  const row = await db.get<VisitRecord>(`${VISIT_SQL} where r.id = ? and r.deleted_at is null`, [id]);
  return row && { ...row, photos: Number(row.photos) };
}

/** Pairings or visits (deleted and ended ones too) naming any of these households or villages. */
export async function countNaming(db: DataReader, table: 'pairings' | 'assistance_visits', column: 'household_id' | 'village_id', ids: readonly number[]): Promise<number> {
  let n = 0;
  for (const chunk of inListChunks(ids)) n += Number((await db.get<{ n: number }>(`select count(*) as n from ${table} where ${column} in (${placeholders(chunk.length)})`, chunk))?.n ?? 0);
  return n;
}
