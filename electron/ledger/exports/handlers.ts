// 导出's channels (declared in shared/api-export.ts) and the service function serving each.
import type { HandlerSubset } from '../../platform/handler-types';
import { cancelExport, exportLedger, exportTemplate } from './service';

export const exportHandlers: HandlerSubset<'export.ledger' | 'export.template' | 'export.cancel'> = {
  'export.ledger': exportLedger,
  'export.template': exportTemplate,
  'export.cancel': cancelExport,
};
