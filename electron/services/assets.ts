// 扶贫项目资产: assets formed by projects, their yearly income (one record per asset and year) and the
// 收益率 = 年收益 ÷ 原值 against the configured 最低收益率. Only 经营性 assets that are not 已处置 are held
// to the minimum: 公益性 assets (roads, water) and 到户类 assets are not expected to earn for the village.
// A year without an income record shows no rate and no flag (missing data is not a low return).
import type { AssetDetail, AssetIncomeRow, AssetRow, ChannelParsedInput, Page } from '../../shared/api';
import type { AssetKind, AssetOperationMode, AssetRightsLevel, AssetStatus } from '../../shared/enums';
import { AppError } from '../../shared/errors';
import { rateAgainstMinimum } from '../../shared/progress';
import { writeWithAudit } from './audit';
import type { ServiceContext } from './context';
import { getLedgerSettings } from './progress';
import { endBeforeStart } from '../../shared/projects';
import { getProjectRecord, resolvePlace } from './projects';
import { likeAnywhere } from './sql-like';

interface AssetFields {
  code: string | null;
  name: string;
  kind: AssetKind;
  projectId: number | null;
  originalValueFen: number;
  formedDate: string | null;
  townshipId: number | null;
  villageId: number | null;
  owner: string | null;
  rightsLevel: AssetRightsLevel | null;
  handoverDate: string | null;
  manager: string | null;
  operationMode: AssetOperationMode | null;
  contractStart: string | null;
  contractEnd: string | null;
  status: AssetStatus;
  remark: string | null;
}

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
const FIELD_NAMES = Object.keys(COLUMN) as Array<keyof AssetFields>;

/** SELECT list giving AssetFields from `a`. */
const FIELDS_SQL = FIELD_NAMES.map((k) => `a.${COLUMN[k]} as ${k}`).join(', ');

const ASSET_ROW_SQL = `select a.id, ${FIELDS_SQL}, p.name as project, t.name as township, v.name as village,
    i.year as incomeYear, i.income_fen as incomeFen
  from assets a
  left join projects p on p.id = a.project_id
  left join divisions t on t.id = a.township_id
  left join divisions v on v.id = a.village_id
  left join asset_incomes i on i.asset_id = a.id
    and i.year = coalesce(@incomeYear, (select max(year) from asset_incomes where asset_id = a.id))`;

type AssetSqlRow = AssetFields & { id: number; project: string | null; township: string | null; village: string | null; incomeYear: number | null; incomeFen: number | null };

/** Held to the 最低收益率: operating assets still in the village's hands. */
function expectedToEarn(kind: AssetKind, status: AssetStatus): boolean {
  return kind === 'operating' && status !== 'disposed';
}

function toRow(r: AssetSqlRow, minRate: number): AssetRow {
  const rate = r.incomeFen === null ? { ratePercent: null, below: false } : rateAgainstMinimum(r.incomeFen, r.originalValueFen, minRate);
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    projectId: r.projectId,
    project: r.project,
    originalValueFen: r.originalValueFen,
    formedDate: r.formedDate,
    townshipId: r.townshipId,
    township: r.township,
    villageId: r.villageId,
    village: r.village,
    owner: r.owner,
    rightsLevel: r.rightsLevel,
    handoverDate: r.handoverDate,
    manager: r.manager,
    operationMode: r.operationMode,
    contractStart: r.contractStart,
    contractEnd: r.contractEnd,
    status: r.status,
    remark: r.remark,
    incomeYear: r.incomeYear,
    incomeFen: r.incomeFen,
    returnRatePercent: rate.ratePercent,
    belowMinimum: rate.below && expectedToEarn(r.kind, r.status),
  };
}

function getAssetFields(ctx: ServiceContext, id: number, field?: string): AssetFields {
  const row = ctx.sqlite.prepare(`select ${FIELDS_SQL} from assets a where a.id = ? and a.deleted_at is null`).get(id) as AssetFields | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的资产，可能已被删除，请刷新后重试`, field);
  return row;
}

export function getAsset(ctx: ServiceContext, id: number): AssetDetail {
  const row = ctx.sqlite.prepare(`${ASSET_ROW_SQL} where a.id = @id and a.deleted_at is null`).get({ id, incomeYear: null }) as AssetSqlRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的资产，可能已被删除，请刷新后重试`);
  const minRate = getLedgerSettings(ctx).assetMinReturnRate;
  const incomes = ctx.sqlite
    .prepare('select year, income_fen as incomeFen, distribution, remark from asset_incomes where asset_id = ? order by year')
    .all(id) as Array<Omit<AssetIncomeRow, 'returnRatePercent' | 'belowMinimum'>>;
  return {
    ...toRow(row, minRate),
    incomes: incomes.map((i) => {
      const rate = rateAgainstMinimum(i.incomeFen, row.originalValueFen, minRate);
      return { ...i, returnRatePercent: rate.ratePercent, belowMinimum: rate.below && expectedToEarn(row.kind, row.status) };
    }),
  };
}

export function listAssets(ctx: ServiceContext, input: ChannelParsedInput<'assets.list'>): Page<AssetRow> {
  const minRate = getLedgerSettings(ctx).assetMinReturnRate;
  const where = ['a.deleted_at is null'];
  const params: Record<string, unknown> = { incomeYear: input.incomeYear ?? null };
  if (input.projectId !== undefined) {
    where.push('a.project_id = @projectId');
    params.projectId = input.projectId;
  }
  if (input.townshipId !== undefined) {
    where.push('a.township_id = @townshipId');
    params.townshipId = input.townshipId;
  }
  if (input.villageId !== undefined) {
    where.push('a.village_id = @villageId');
    params.villageId = input.villageId;
  }
  if (input.kind !== undefined) {
    where.push('a.kind = @kind');
    params.kind = input.kind;
  }
  if (input.status !== undefined && input.status.length > 0) {
    where.push(`a.status in (select value from json_each(@statuses))`);
    params.statuses = JSON.stringify(input.status);
  }
  if (input.keyword) {
    where.push("(a.name like @kw escape '\\' or a.code like @kw escape '\\' or a.owner like @kw escape '\\' or a.manager like @kw escape '\\')");
    params.kw = likeAnywhere(input.keyword);
  }
  if (input.belowMinimumOnly) {
    // income/value < min  ⇔  income·10⁶ < round(min·10⁶)·value, in integers (the same test as rateAgainstMinimum).
    where.push(`a.kind = 'operating' and a.status <> 'disposed' and a.original_value_fen > 0 and i.income_fen is not null
                and i.income_fen * 1000000 < @minMicro * a.original_value_fen`);
    params.minMicro = Math.round(minRate * 1_000_000);
  }
  const whereSql = where.join(' and ');
  const total = ctx.sqlite.prepare(`select count(*) from (${ASSET_ROW_SQL} where ${whereSql})`).pluck().get(params) as number;
  const rows = ctx.sqlite
    .prepare(`${ASSET_ROW_SQL} where ${whereSql} order by a.formed_date desc, a.id desc limit @limit offset @offset`)
    .all({ ...params, limit: input.limit ?? 100, offset: input.offset ?? 0 }) as AssetSqlRow[];
  return { total, rows: rows.map((r) => toRow(r, minRate)) };
}

function validateAsset(ctx: ServiceContext, f: AssetFields, currentId: number | null): AssetFields {
  if (f.projectId !== null) getProjectRecord(ctx, f.projectId, 'projectId');
  const place = resolvePlace(ctx, f.townshipId, f.villageId);
  if (endBeforeStart(f.contractStart, f.contractEnd)) {
    throw new AppError('VALIDATION', `合同结束日期 ${f.contractEnd} 早于合同开始日期 ${f.contractStart}，请检查`, 'contractEnd');
  }
  if (f.code !== null) {
    const holder = ctx.sqlite
      .prepare('select name from assets where code = ? and deleted_at is null and id <> ? limit 1')
      .pluck()
      .get(f.code, currentId ?? 0) as string | undefined;
    if (holder !== undefined) throw new AppError('CONFLICT', `资产编号 ${f.code} 已被“${holder}”使用，请换一个编号`, 'code');
  }
  return { ...f, ...place };
}

export function createAsset(ctx: ServiceContext, input: ChannelParsedInput<'assets.create'>): AssetDetail {
  const id = writeWithAudit(ctx, (audit) => {
    const f = validateAsset(ctx, { ...input, originalValueFen: input.originalValueFen ?? 0, status: input.status ?? 'normal' }, null);
    const columns = FIELD_NAMES.map((k) => COLUMN[k]);
    const info = ctx.sqlite
      .prepare(`insert into assets (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`)
      .run(...FIELD_NAMES.map((k) => f[k]));
    const newId = Number(info.lastInsertRowid);
    audit.record({ action: 'create', entity: 'asset', entityId: newId, after: f });
    return newId;
  });
  return getAsset(ctx, id);
}

export function updateAsset(ctx: ServiceContext, input: ChannelParsedInput<'assets.update'>): AssetDetail {
  writeWithAudit(ctx, (audit) => {
    const before = getAssetFields(ctx, input.id, 'id');
    const merged: AssetFields = { ...before };
    for (const k of FIELD_NAMES) {
      const v = (input as Partial<AssetFields>)[k];
      if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
    }
    const f = validateAsset(ctx, merged, input.id);
    const changed = FIELD_NAMES.filter((k) => f[k] !== before[k]);
    if (changed.length === 0) return;
    ctx.sqlite
      .prepare(`update assets set ${changed.map((k) => `${COLUMN[k]} = ?`).join(', ')}, updated_at = ? where id = ?`)
      .run(...changed.map((k) => f[k]), ctx.now().toISOString(), input.id);
    audit.record({
      action: 'update',
      entity: 'asset',
      entityId: input.id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, f[k]])),
    });
  });
  return getAsset(ctx, input.id);
}

export function deleteAsset(ctx: ServiceContext, input: ChannelParsedInput<'assets.delete'>): { id: number } {
  return writeWithAudit(ctx, (audit) => {
    const before = getAssetFields(ctx, input.id, 'id');
    const now = ctx.now().toISOString();
    ctx.sqlite.prepare('update assets set deleted_at = ?, delete_reason = ?, updated_at = ? where id = ?').run(now, input.reason, now, input.id);
    audit.record({ action: 'delete', entity: 'asset', entityId: input.id, before, reason: input.reason });
    return { id: input.id };
  });
}

/** One income record per asset and year: insert, or replace that year's record. */
export function upsertAssetIncome(ctx: ServiceContext, input: ChannelParsedInput<'assetIncomes.upsert'>): AssetDetail {
  writeWithAudit(ctx, (audit) => {
    getAssetFields(ctx, input.assetId, 'assetId');
    const before = ctx.sqlite
      .prepare('select id, year, income_fen as incomeFen, distribution, remark from asset_incomes where asset_id = ? and year = ?')
      .get(input.assetId, input.year) as { id: number; year: number; incomeFen: number; distribution: string | null; remark: string | null } | undefined;
    const after = { assetId: input.assetId, year: input.year, incomeFen: input.incomeFen, distribution: input.distribution, remark: input.remark };
    const now = ctx.now().toISOString();
    if (before) {
      const { id: incomeId, ...old } = before;
      if (old.incomeFen === after.incomeFen && old.distribution === after.distribution && old.remark === after.remark) return;
      ctx.sqlite
        .prepare('update asset_incomes set income_fen = ?, distribution = ?, remark = ?, updated_at = ? where id = ?')
        .run(after.incomeFen, after.distribution, after.remark, now, incomeId);
      audit.record({ action: 'update', entity: 'assetIncome', entityId: incomeId, before: { assetId: input.assetId, ...old }, after });
    } else {
      const info = ctx.sqlite
        .prepare('insert into asset_incomes (asset_id, year, income_fen, distribution, remark) values (?, ?, ?, ?, ?)')
        .run(after.assetId, after.year, after.incomeFen, after.distribution, after.remark);
      audit.record({ action: 'create', entity: 'assetIncome', entityId: Number(info.lastInsertRowid), after });
    }
  });
  return getAsset(ctx, input.assetId);
}
