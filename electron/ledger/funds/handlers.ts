// 资金's channels (declared in shared/api.ts) and the service function serving each; payments.list is
// read by payments-list.ts and 支出进度 by progress.ts, both in this folder.
import type { HandlerSubset } from '../../platform/handler-types';
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
  | 'payments.delete';

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
};
