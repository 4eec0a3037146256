// 资产 store: the only code that reads and writes the assets and asset_incomes tables. Row types come from the
// drizzle schema; SQL is portable (see electron/platform/data-port.ts), every time is the context's clock.
import { assetIncomes, assets } from '../../../db/schema';
import { inListChunks, placeholders, type DataReader, type DataWriter, type SqlValue } from '../../platform/data-port';
import { BUMP_VERSION, versionCondition } from '../../platform/row-version';

type AssetRecord = typeof assets.$inferSelect;
type AssetIncomeRecord = typeof assetIncomes.$inferSelect;

/** What a clerk edits on an asset: the stored record without its id, soft-delete, version and timestamps. */
export type AssetFields = Omit<AssetRecord, 'id' | 'deletedAt' | 'deleteReason' | 'version' | 'createdAt' | 'updatedAt'>;

export type AssetIncomeFields = Pick<AssetIncomeRecord, 'assetId' | 'year' | 'incomeFen' | 'distribution' | 'remark'>;

const COLUMN: Record<keyof AssetFields, string> = {
  code: 'code',
  name: 'name',
  kind: 'kind',
  projectId: 'project_id',
  originalValueFen: 'original_value_fen',
  formedDate: 'formed_date',
  townshipId: 'township_id',
  villageId: 'village_id',
  owner: 'owner',
  rightsLevel: 'rights_level',
  handoverDate: 'handover_date',
  manager: 'manager',
  operationMode: 'operation_mode',
  contractStart: 'contract_start',
  contractEnd: 'contract_end',
  status: 'status',
  remark: 'remark',
};
export const ASSET_FIELDS = Object.keys(COLUMN) as Array<keyof AssetFields>;

/** SELECT list giving AssetFields from `a`. */
const FIELDS_SQL = ASSET_FIELDS.map((k) => `a.${COLUMN[k]} as "${k}"`).join(', ');

/** An asset with its place and project names and one year's income (the given year, else its latest). */
export type AssetListRecord = AssetFields & {
  id: number;
  version: number;
  project: string | null;
  township: string | null;
  village: string | null;
  incomeYear: number | null;
  incomeFen: number | null;
};

// The one `?` before the WHERE clause is the income year (null: each asset's latest year).
const LIST_SQL = `select a.id, a.version, ${FIELDS_SQL}, p.name as project, t.name as township, v.name as village,
    i.year as "incomeYear", i.income_fen as "incomeFen"
  from assets a
  left join projects p on p.id = a.project_id
  left join divisions t on t.id = a.township_id
  left join divisions v on v.id = a.village_id
  left join asset_incomes i on i.asset_id = a.id
    and i.year = coalesce(?, (select max(year) from asset_incomes where asset_id = a.id))`;

export interface AssetFilter {
  incomeYear?: number;
  projectId?: number;
  townshipId?: number;
  villageId?: number;
  kind?: AssetFields['kind'];
  statuses?: ReadonlyArray<AssetFields['status']>;
  /** A LIKE pattern, its %, _ and \ escaped with a backslash. */
  keywordPattern?: string;
  /** Operating, not disposed, with income ÷ 原值 below this rate (in millionths, integer arithmetic). */
  belowMinMicro?: number;
}

function whereClause(filter: AssetFilter): { sql: string; params: SqlValue[] } {
  const where = ['a.deleted_at is null'];
  const params: SqlValue[] = [];
  const add = (condition: string, ...values: SqlValue[]) => {
    where.push(condition);
    params.push(...values);
  };
  if (filter.projectId !== undefined) add('a.project_id = ?', filter.projectId);
  if (filter.townshipId !== undefined) add('a.township_id = ?', filter.townshipId);
  if (filter.villageId !== undefined) add('a.village_id = ?', filter.villageId);
  if (filter.kind !== undefined) add('a.kind = ?', filter.kind);
  if (filter.statuses && filter.statuses.length > 0) add(`a.status in (${placeholders(filter.statuses.length)})`, ...filter.statuses);
  if (filter.keywordPattern !== undefined) {
    const p = filter.keywordPattern;
    add("(a.name like ? escape '\\' or a.code like ? escape '\\' or a.owner like ? escape '\\' or a.manager like ? escape '\\')", p, p, p, p);
  }
  if (filter.belowMinMicro !== undefined) {
    // income/value < min  ⇔  income·10⁶ < min·10⁶·value, in integers (the same test as rateAgainstMinimum).
    add(
      `a.kind = 'operating' and a.status <> 'disposed' and a.original_value_fen > 0 and i.income_fen is not null
       and i.income_fen * 1000000 < ? * a.original_value_fen`,
      filter.belowMinMicro,
    );
  }
  return { sql: where.join(' and '), params };
}

export async function countAssets(db: DataReader, filter: AssetFilter): Promise<number> {
  const where = whereClause(filter);
  const row = await db.get<{ n: number }>(`select count(*) as n from (${LIST_SQL} where ${where.sql}) counted`, [filter.incomeYear ?? null, ...where.params]);
  return Number(row?.n ?? 0);
}

/** Newest formed first. */
export async function listAssetRecords(db: DataReader, filter: AssetFilter, offset: number, limit: number): Promise<AssetListRecord[]> {
  const where = whereClause(filter);
  return db.all<AssetListRecord>(`${LIST_SQL} where ${where.sql} order by a.formed_date desc, a.id desc limit ? offset ?`, [
    filter.incomeYear ?? null,
    ...where.params,
    limit,
    offset,
  ]);
}

/** A live asset with its latest year's income, or undefined. */
export async function assetRecord(db: DataReader, id: number): Promise<AssetListRecord | undefined> {
  return db.get<AssetListRecord>(`${LIST_SQL} where a.id = ? and a.deleted_at is null`, [null, id]);
}

/** A live asset's fields and its row version, or undefined. */
export async function assetFields(db: DataReader, id: number): Promise<{ fields: AssetFields; version: number } | undefined> {
  const row = await db.get<AssetFields & { rowVersion: number }>(`select ${FIELDS_SQL}, a.version as "rowVersion" from assets a where a.id = ? and a.deleted_at is null`, [id]);
  if (!row) return undefined;
  const { rowVersion, ...fields } = row;
  return { fields, version: Number(rowVersion) };
}

/** The name of the live asset holding `code`, other than `exceptId`. */
export async function assetNameWithCode(db: DataReader, code: string, exceptId: number | null): Promise<string | undefined> {
  const row = await db.get<{ name: string }>('select name from assets where code = ? and deleted_at is null and id <> ? limit 1', [code, exceptId ?? 0]);
  return row?.name;
}

export async function insertAsset(tx: DataWriter, fields: AssetFields, now: string): Promise<number> {
  const columns = [...ASSET_FIELDS.map((k) => COLUMN[k]), 'created_at', 'updated_at'];
  const row = await tx.get<{ id: number }>(`insert into assets (${columns.join(', ')}) values (${placeholders(columns.length)}) returning id`, [
    ...ASSET_FIELDS.map((k) => fields[k]),
    now,
    now,
  ]);
  if (!row) throw new Error('insert into assets returned no id');
  return Number(row.id);
}

/** The rows changed: 0 when `expectedVersion` is given and the row is no longer at it (or nothing to change). */
export async function updateAsset(tx: DataWriter, id: number, changes: Partial<AssetFields>, now: string, expectedVersion?: number): Promise<number> {
  const keys = ASSET_FIELDS.filter((k) => changes[k] !== undefined);
  if (keys.length === 0) return 0;
  const guard = versionCondition(expectedVersion);
  const sets = [...keys.map((k) => `${COLUMN[k]} = ?`), 'updated_at = ?', BUMP_VERSION];
  return (await tx.run(`update assets set ${sets.join(', ')} where id = ?${guard.sql}`, [...keys.map((k) => changes[k] ?? null), now, id, ...guard.params])).changes;
}

export async function softDeleteAsset(tx: DataWriter, id: number, reason: string, now: string): Promise<void> {
  await tx.run(`update assets set deleted_at = ?, delete_reason = ?, updated_at = ?, ${BUMP_VERSION} where id = ?`, [now, reason, now, id]);
}

// ---- 资产收益 -------------------------------------------------------------------------------------------

export type AssetIncomeRecordFields = AssetIncomeFields & { id: number };

export async function assetIncomeRecords(db: DataReader, assetId: number): Promise<Array<Omit<AssetIncomeFields, 'assetId'>>> {
  return db.all('select year, income_fen as "incomeFen", distribution, remark from asset_incomes where asset_id = ? order by year', [assetId]);
}

export async function assetIncomeFor(db: DataReader, assetId: number, year: number): Promise<AssetIncomeRecordFields | undefined> {
  return db.get<AssetIncomeRecordFields>(
    'select id, asset_id as "assetId", year, income_fen as "incomeFen", distribution, remark from asset_incomes where asset_id = ? and year = ?',
    [assetId, year],
  );
}

export async function insertAssetIncome(tx: DataWriter, income: AssetIncomeFields, now: string): Promise<number> {
  const row = await tx.get<{ id: number }>(
    'insert into asset_incomes (asset_id, year, income_fen, distribution, remark, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?) returning id',
    [income.assetId, income.year, income.incomeFen, income.distribution, income.remark, now, now],
  );
  if (!row) throw new Error('insert into asset_incomes returned no id');
  return Number(row.id);
}

/** Many years' incomes at once (the demo county), in the order given. */
export async function insertAssetIncomes(tx: DataWriter, incomes: readonly AssetIncomeFields[], now: string): Promise<number> {
  return tx.insertMany(
    'asset_incomes',
    ['asset_id', 'year', 'income_fen', 'distribution', 'remark', 'created_at', 'updated_at'],
    incomes.map((i) => [i.assetId, i.year, i.incomeFen, i.distribution, i.remark, now, now]),
  );
}

export async function updateAssetIncome(tx: DataWriter, id: number, income: Pick<AssetIncomeFields, 'incomeFen' | 'distribution' | 'remark'>, now: string): Promise<void> {
  await tx.run('update asset_incomes set income_fen = ?, distribution = ?, remark = ?, updated_at = ? where id = ?', [income.incomeFen, income.distribution, income.remark, now, id]);
}


/** Assets (deleted ones too) formed from any of these projects (撤销导入 must not orphan them). */
export async function countAssetsOfProjects(db: DataReader, projectIds: readonly number[]): Promise<number> {
  let n = 0;
  for (const chunk of inListChunks(projectIds)) {
    const row = await db.get<{ n: number }>(`select count(*) as n from assets where project_id in (${placeholders(chunk.length)})`, chunk);
    n += Number(row?.n ?? 0);
  }
  return n;
}

/** Assets (deleted ones too) in any of these townships or villages. */
export async function countAssetsInPlaces(db: DataReader, divisionIds: readonly number[]): Promise<number> {
  const ids = new Set<number>();
  for (const chunk of inListChunks(divisionIds)) {
    const list = placeholders(chunk.length);
    const rows = await db.all<{ id: number }>(`select id from assets where township_id in (${list}) or village_id in (${list})`, [...chunk, ...chunk]);
    for (const r of rows) ids.add(Number(r.id));
  }
  return ids.size;
}

/** A village moved to another township: its assets follow (their versions move on, see row-version.ts). */
export async function followVillageMove(tx: DataWriter, villageId: number, townshipId: number): Promise<void> {
  await tx.run(`update assets set township_id = ?, ${BUMP_VERSION} where village_id = ?`, [townshipId, villageId]);
}
