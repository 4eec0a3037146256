// 设置's channels (declared in shared/api.ts) and the service function serving each; app.info is what 设置 shows
// of the running program (version, door, data folder).
import type { HandlerSubset } from '../../platform/handler-types';
import { isOfficeLedger } from '../../platform/office-ledger';
import { getSettings, updateSettings } from './service';

export const settingsHandlers: HandlerSubset<'app.info' | 'settings.get' | 'settings.update'> = {
  'app.info': (ctx) => ({ version: ctx.version, door: ctx.door, dataDir: ctx.dataDir, dbFile: ctx.dbFile, dataSource: ctx.dataSource, officeServer: isOfficeLedger(ctx) }),
  'settings.get': (ctx) => getSettings(ctx),
  'settings.update': updateSettings,
};
