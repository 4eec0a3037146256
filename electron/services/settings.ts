// 设置: office name, county, operator name; the data folder is shown, not edited here.
import { sql } from 'drizzle-orm';
import { settings } from '../../db/schema';
import type { ChannelParsedInput, SettingsValue } from '../../shared/api';
import { writeWithAudit } from './audit';
import { DEFAULT_OPERATOR, readSetting, type ServiceContext } from './context';

const EDITABLE_KEYS = ['officeName', 'countyName', 'operatorName'] as const;
type EditableKey = (typeof EDITABLE_KEYS)[number];

export function getSettings(ctx: ServiceContext): SettingsValue {
  return {
    officeName: readSetting<string>(ctx, 'officeName') ?? '',
    countyName: readSetting<string>(ctx, 'countyName') ?? '',
    operatorName: readSetting<string>(ctx, 'operatorName') ?? DEFAULT_OPERATOR,
    dataDir: ctx.dataDir,
    dbFile: ctx.dbFile,
  };
}

export function writeSettingValues(ctx: ServiceContext, values: Partial<Record<EditableKey, string>>): void {
  for (const key of EDITABLE_KEYS) {
    const value = values[key];
    if (value === undefined) continue;
    ctx.db
      .insert(settings)
      .values({ key, value: JSON.stringify(value) })
      .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(value), updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` } })
      .run();
  }
}

export function updateSettings(ctx: ServiceContext, input: ChannelParsedInput<'settings.update'>): SettingsValue {
  const before = getSettings(ctx);
  writeWithAudit(ctx, (audit) => {
    writeSettingValues(ctx, input);
    const changed = EDITABLE_KEYS.filter((k) => input[k] !== undefined && input[k] !== before[k]);
    if (changed.length > 0) {
      audit.record({
        action: 'update',
        entity: 'settings',
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, input[k]])),
      });
    }
  });
  return getSettings(ctx);
}
