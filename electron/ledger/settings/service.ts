// 设置: office name, county, operator name; the data folder is shown, not edited here.
import type { ChannelParsedInput, SettingsValue } from '../../../shared/api';
import { writeAudited } from '../../platform/audited-write';
import { DEFAULT_OPERATOR, type ServiceContext } from '../../platform/context';
import { dataPort, type DataReader } from '../../platform/data-port';
import { readSettingOn, saveSettingChangesOn } from './store';

const EDITABLE_KEYS = ['officeName', 'countyName', 'operatorName'] as const;

async function settingsOn(ctx: ServiceContext, db: DataReader): Promise<SettingsValue> {
  return {
    officeName: (await readSettingOn<string>(db, 'officeName')) ?? '',
    countyName: (await readSettingOn<string>(db, 'countyName')) ?? '',
    operatorName: (await readSettingOn<string>(db, 'operatorName')) ?? DEFAULT_OPERATOR,
    dataDir: ctx.dataDir,
    dbFile: ctx.dbFile,
  };
}

export async function getSettings(ctx: ServiceContext): Promise<SettingsValue> {
  return settingsOn(ctx, dataPort(ctx));
}

export async function updateSettings(ctx: ServiceContext, input: ChannelParsedInput<'settings.update'>): Promise<SettingsValue> {
  await writeAudited(ctx, async (tx, audit) => {
    const before = await settingsOn(ctx, tx);
    const changed = EDITABLE_KEYS.filter((k) => input[k] !== undefined && input[k] !== before[k]);
    await saveSettingChangesOn(tx, audit, changed.map((k) => ({ field: k, key: k, before: before[k], after: input[k] })), ctx.now().toISOString());
  });
  return getSettings(ctx);
}
