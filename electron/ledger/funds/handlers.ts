// 资金's channels (declared in shared/api.ts) and the service function serving each: 下达, 分配 and 拨付
// (service.ts), the 拨付 list (payments-list.ts), and 支出进度 with its two ledger settings (progress.ts).
import type { HandlerSubset } from '../../platform/handler-types';
import { listPayments } from './payments-list';
import { getLedgerSettings, progressFlags, progressSummary, updateLedgerSettings } from './progress';
import {
  createAllocation,
  createPayment,
  deleteAllocation,
  deletePayment,
  getAllocation,
  getPayment,
  listAllocations,
  setAllocationSplits,
  updateAllocation,
  updatePayment,
} from './service';

type FundChannel =
  | 'allocations.list'
  | 'allocations.get'
  | 'allocations.create'
  | 'allocations.update'
  | 'allocations.delete'
  | 'allocationSplits.set'
  | 'payments.get'
  | 'payments.create'
  | 'payments.update'
  | 'payments.delete'
  | 'payments.list'
  | 'progress.summary'
  | 'progress.flags'
  | 'ledgerSettings.get'
  | 'ledgerSettings.update';

export const fundHandlers: HandlerSubset<FundChannel> = {
  'allocations.list': listAllocations,
  'allocations.get': (ctx, input) => getAllocation(ctx, input.id),
  'allocations.create': createAllocation,
  'allocations.update': updateAllocation,
  'allocations.delete': deleteAllocation,
  'allocationSplits.set': setAllocationSplits,
  'payments.get': (ctx, input) => getPayment(ctx, input.id),
  'payments.create': createPayment,
  'payments.update': updatePayment,
  'payments.delete': deletePayment,
  'payments.list': listPayments,
  'progress.summary': progressSummary,
  'progress.flags': progressFlags,
  'ledgerSettings.get': (ctx) => getLedgerSettings(ctx),
  'ledgerSettings.update': updateLedgerSettings,
};
