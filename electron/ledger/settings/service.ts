// 设置: office name, county, operator name; the data folder is shown, not edited here.
import type { ChannelParsedInput, SettingsValue } from '../../../shared/api';
import { writeWithAudit } from '../../platform/audit';
import { DEFAULT_OPERATOR, type ServiceContext } from '../../platform/context';
import { readSetting, saveSettingChanges } from './store';

const EDITABLE_KEYS = ['officeName', 'countyName', 'operatorName'] as const;

export function getSettings(ctx: ServiceContext): SettingsValue {
  return {
    officeName: readSetting<string>(ctx, 'officeName') ?? '',
    countyName: readSetting<string>(ctx, 'countyName') ?? '',
    operatorName: readSetting<string>(ctx, 'operatorName') ?? DEFAULT_OPERATOR,
    dataDir: ctx.dataDir,
    dbFile: ctx.dbFile,
  };
}

export function updateSettings(ctx: ServiceContext, input: ChannelParsedInput<'settings.update'>): SettingsValue {
  const before = getSettings(ctx);
  writeWithAudit(ctx, (audit) => {
    const changed = EDITABLE_KEYS.filter((k) => input[k] !== undefined && input[k] !== before[k]);
    saveSettingChanges(ctx, audit, changed.map((k) => ({ field: k, key: k, before: before[k], after: input[k] })));
  });
  return getSettings(ctx);
}
