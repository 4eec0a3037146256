// 设置's channels (declared in shared/api.ts) and the service function serving each.
import type { HandlerSubset } from '../../services/handler-types';
import { getSettings, updateSettings } from './service';

export const settingsHandlers: HandlerSubset<'settings.get' | 'settings.update'> = {
  'settings.get': (ctx) => getSettings(ctx),
  'settings.update': updateSettings,
};
