// Read-only list behind `list payments` (CLI contract in DESIGN.md) and the 拨付 screen; `list projects` is
// electron/ledger/projects/list.ts and `list findings` electron/ledger/supervision/findings-views.ts.
import type { ChannelParsedInput, Page, PaymentListRow } from '../../../shared/api';
import { PaymentType } from '../../../shared/enums';
import { divisionNameCore } from '../../../shared/divisions';
import { AppError } from '../../../shared/errors';
import type { ServiceContext } from '../../platform/context';
import { dataPort } from '../../platform/data-port';
import { likeAnywhere } from '../../platform/sql-like';
import { townshipNames } from '../divisions/store';
import { countPaymentList, overAllocatedProjects, paymentListRecords, type PaymentListFilter } from './store';

const DEFAULT_LIMIT = 1000;

/** Resolve a township given by name (with or without 镇/乡) to its id. */
export async function townshipIdByName(ctx: ServiceContext, name: string): Promise<number> {
  const rows = await townshipNames(dataPort(ctx));
  const exact = rows.find((r) => r.name === name);
  if (exact) return exact.id;
  const core = divisionNameCore(name);
  const loose = rows.filter((r) => divisionNameCore(r.name) === core);
  if (loose.length === 1 && loose[0]) return loose[0].id;
  throw new AppError('NOT_FOUND', `区划中没有名为“${name}”的乡镇，请检查名称`, 'township');
}

export async function listPayments(ctx: ServiceContext, input: ChannelParsedInput<'payments.list'>): Promise<Page<PaymentListRow>> {
  const db = dataPort(ctx);
  const filter: PaymentListFilter = {
    townshipId: input.township === undefined ? undefined : await townshipIdByName(ctx, input.township),
    projectId: input.projectId,
    year: input.year,
    paymentType: input.paymentType,
    importBatchId: input.importBatchId,
    keywordPattern: input.keyword === undefined || input.keyword === '' ? undefined : likeAnywhere(input.keyword),
  };
  const total = await countPaymentList(db, filter);
  const rows = await paymentListRecords(db, filter, input.offset ?? 0, input.limit ?? DEFAULT_LIMIT);
  // 拨付超下达 per project of the page: its live payments against what allocations have assigned to it.
  const over = await overAllocatedProjects(db, [...new Set(rows.map((r) => r.projectId))]);
  return {
    total,
    rows: rows.map((r) => ({
      ...r,
      paymentType: r.paymentType ? PaymentType.label[r.paymentType] : null,
      overAllocation: over.has(r.projectId),
    })),
  };
}
