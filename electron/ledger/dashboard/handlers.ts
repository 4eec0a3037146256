// 首页's channel (declared in shared/api.ts). 支出进度 and 问题 on the home page come from their areas' channels.
import { dashboardSummary } from './service';
import type { HandlerSubset } from '../../platform/handler-types';

export const dashboardHandlers: HandlerSubset<'dashboard.summary'> = {
  'dashboard.summary': (ctx) => dashboardSummary(ctx),
};
