// 资产's channels (declared in shared/api.ts) and the service function serving each.
import type { HandlerSubset } from '../../platform/handler-types';
import { createAsset, deleteAsset, getAsset, listAssets, updateAsset, upsertAssetIncome } from './service';

export const assetHandlers: HandlerSubset<'assets.list' | 'assets.get' | 'assets.create' | 'assets.update' | 'assets.delete' | 'assetIncomes.upsert'> = {
  'assets.list': listAssets,
  'assets.get': (ctx, input) => getAsset(ctx, input.id),
  'assets.create': createAsset,
  'assets.update': updateAsset,
  'assets.delete': deleteAsset,
  'assetIncomes.upsert': upsertAssetIncome,
};
