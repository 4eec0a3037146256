// 扶贫项目资产: assets formed by projects, their yearly income (one record per asset and year) and the
// 收益率 = 年收益 ÷ 原值 against the configured 最低收益率. Only 经营性 assets that are not 已处置 are held
// to the minimum: 公益性 assets (roads, water) and 到户类 assets are not expected to earn for the village.
// A year without an income record shows no rate and no flag (missing data is not a low return).
import type { AssetDetail, AssetRow, ChannelParsedInput, Page } from '../../../shared/api';
import type { AssetKind, AssetStatus } from '../../../shared/enums';
import { AppError } from '../../../shared/errors';
import { rateAgainstMinimum } from '../../../shared/progress';
import { contractEndBeforeStart } from '../../../shared/assets/fields';
import { writeAudited } from '../../platform/audited-write';
import { dataPort, type DataReader } from '../../platform/data-port';
import { assertUpdated, assertVersion } from '../../platform/row-version';
import type { ServiceContext } from '../../platform/context';
import { getLedgerSettings } from '../funds/progress';
import { resolvePlace } from '../projects/places';
import { getProjectRecord } from '../projects/service';
import { likeAnywhere } from '../../platform/sql-like';
import * as store from './store';
import type { AssetFields, AssetListRecord } from './store';

/** Held to the 最低收益率: operating assets still in the village's hands. */
function expectedToEarn(kind: AssetKind, status: AssetStatus): boolean {
  return kind === 'operating' && status !== 'disposed';
}

function toRow(r: AssetListRecord, minRate: number): AssetRow {
  const rate = r.incomeFen === null ? { ratePercent: null, below: false } : rateAgainstMinimum(r.incomeFen, r.originalValueFen, minRate);
  return { ...r, returnRatePercent: rate.ratePercent, belowMinimum: rate.below && expectedToEarn(r.kind, r.status) };
}

const notFound = (id: number, field?: string) => new AppError('NOT_FOUND', `找不到编号为 ${id} 的资产，可能已被删除，请刷新后重试`, field);

async function existingFields(db: DataReader, id: number, field?: string): Promise<{ fields: AssetFields; version: number }> {
  const stored = await store.assetFields(db, id);
  if (!stored) throw notFound(id, field);
  return stored;
}

export async function getAsset(ctx: ServiceContext, id: number): Promise<AssetDetail> {
  const db = dataPort(ctx);
  const row = await store.assetRecord(db, id);
  if (!row) throw notFound(id);
  const minRate = (await getLedgerSettings(ctx)).assetMinReturnRate;
  const incomes = await store.assetIncomeRecords(db, id);
  return {
    ...toRow(row, minRate),
    version: row.version,
    incomes: incomes.map((i) => {
      const rate = rateAgainstMinimum(i.incomeFen, row.originalValueFen, minRate);
      return { ...i, returnRatePercent: rate.ratePercent, belowMinimum: rate.below && expectedToEarn(row.kind, row.status) };
    }),
  };
}

export async function listAssets(ctx: ServiceContext, input: ChannelParsedInput<'assets.list'>): Promise<Page<AssetRow>> {
  const minRate = (await getLedgerSettings(ctx)).assetMinReturnRate;
  const filter: store.AssetFilter = {
    incomeYear: input.incomeYear,
    projectId: input.projectId,
    townshipId: input.townshipId,
    villageId: input.villageId,
    kind: input.kind,
    statuses: input.status,
    keywordPattern: input.keyword ? likeAnywhere(input.keyword) : undefined,
    belowMinMicro: input.belowMinimumOnly ? Math.round(minRate * 1_000_000) : undefined,
  };
  const db = dataPort(ctx);
  const total = await store.countAssets(db, filter);
  const rows = await store.listAssetRecords(db, filter, input.offset ?? 0, input.limit ?? 100);
  return { total, rows: rows.map((r) => toRow(r, minRate)) };
}

/** The rules of an asset record; returns the fields with the township filled in from the village. */
async function validateAsset(ctx: ServiceContext, db: DataReader, f: AssetFields, currentId: number | null): Promise<AssetFields> {
  if (f.projectId !== null) await getProjectRecord(db, f.projectId, 'projectId');
  const place = await resolvePlace(db, f.townshipId, f.villageId);
  const contractOrder = contractEndBeforeStart(f.contractStart, f.contractEnd);
  if (contractOrder) throw new AppError('VALIDATION', contractOrder, 'contractEnd');
  if (f.code !== null) {
    const holder = await store.assetNameWithCode(db, f.code, currentId);
    if (holder !== undefined) throw new AppError('CONFLICT', `资产编号 ${f.code} 已被“${holder}”使用，请换一个编号`, 'code');
  }
  return { ...f, ...place };
}

export async function createAsset(ctx: ServiceContext, input: ChannelParsedInput<'assets.create'>): Promise<AssetDetail> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    const f = await validateAsset(ctx, tx, { ...input, originalValueFen: input.originalValueFen ?? 0, status: input.status ?? 'normal' }, null);
    const newId = await store.insertAsset(tx, f, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'asset', entityId: newId, after: f });
    return newId;
  });
  return getAsset(ctx, id);
}

export async function updateAsset(ctx: ServiceContext, input: ChannelParsedInput<'assets.update'>): Promise<AssetDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    const { fields: before, version } = await existingFields(tx, input.id, 'id');
    await assertVersion(tx, 'asset', input.id, version, input.version);
    const merged: AssetFields = { ...before };
    for (const k of store.ASSET_FIELDS) {
      const v = (input as Partial<AssetFields>)[k];
      if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
    }
    const f = await validateAsset(ctx, tx, merged, input.id);
    const changed = store.ASSET_FIELDS.filter((k) => f[k] !== before[k]);
    if (changed.length === 0) return;
    const changes = Object.fromEntries(changed.map((k) => [k, f[k]])) as Partial<AssetFields>;
    await assertUpdated(tx, 'asset', input.id, await store.updateAsset(tx, input.id, changes, ctx.now().toISOString(), input.version));
    await audit.record({
      action: 'update',
      entity: 'asset',
      entityId: input.id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, f[k]])),
    });
  });
  return getAsset(ctx, input.id);
}

export async function deleteAsset(ctx: ServiceContext, input: ChannelParsedInput<'assets.delete'>): Promise<{ id: number }> {
  return writeAudited(ctx, async (tx, audit) => {
    const { fields: before } = await existingFields(tx, input.id, 'id');
    await store.softDeleteAsset(tx, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'asset', entityId: input.id, before, reason: input.reason });
    return { id: input.id };
  });
}

/** One income record per asset and year: insert, or replace that year's record. */
export async function upsertAssetIncome(ctx: ServiceContext, input: ChannelParsedInput<'assetIncomes.upsert'>): Promise<AssetDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    await existingFields(tx, input.assetId, 'assetId');
    const before = await store.assetIncomeFor(tx, input.assetId, input.year);
    const after = { assetId: input.assetId, year: input.year, incomeFen: input.incomeFen, distribution: input.distribution, remark: input.remark };
    const now = ctx.now().toISOString();
    if (before) {
      const { id: incomeId, ...old } = before;
      if (old.incomeFen === after.incomeFen && old.distribution === after.distribution && old.remark === after.remark) return;
      await store.updateAssetIncome(tx, incomeId, after, now);
      await audit.record({ action: 'update', entity: 'assetIncome', entityId: incomeId, before: old, after });
    } else {
      const incomeId = await store.insertAssetIncome(tx, after, now);
      await audit.record({ action: 'create', entity: 'assetIncome', entityId: incomeId, after });
    }
  });
  return getAsset(ctx, input.assetId);
}
