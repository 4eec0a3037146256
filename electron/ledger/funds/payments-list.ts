// Read-only list behind `list payments` (CLI contract in DESIGN.md) and the 拨付 screen; `list projects` is
// electron/ledger/projects/list.ts and `list findings` electron/ledger/supervision/findings-views.ts.
import type { ChannelParsedInput, Page, PaymentListRow } from '../../../shared/api';
import { PaymentType } from '../../../shared/enums';
import { divisionNameCore } from '../../../shared/divisions';
import { AppError } from '../../../shared/errors';
import type { ServiceContext } from '../../platform/context';
import { importBatchCondition } from '../imports/batch-rows';
import { likeAnywhere } from '../../platform/sql-like';

const DEFAULT_LIMIT = 1000;

/** Resolve a township given by name (with or without 镇/乡) to its id. */
export function townshipIdByName(ctx: ServiceContext, name: string): number {
  const rows = ctx.sqlite.prepare("select id, name from divisions where level = 'township'").all() as Array<{ id: number; name: string }>;
  const exact = rows.find((r) => r.name === name);
  if (exact) return exact.id;
  const core = divisionNameCore(name);
  const loose = rows.filter((r) => divisionNameCore(r.name) === core);
  if (loose.length === 1 && loose[0]) return loose[0].id;
  throw new AppError('NOT_FOUND', `区划中没有名为“${name}”的乡镇，请检查名称`, 'township');
}

export function listPayments(ctx: ServiceContext, input: ChannelParsedInput<'payments.list'>): Page<PaymentListRow> {
  const where: string[] = ['pay.deleted_at is null', 'p.deleted_at is null'];
  const params: Record<string, unknown> = {};
  if (input.township !== undefined) {
    where.push('p.township_id = @townshipId');
    params.townshipId = townshipIdByName(ctx, input.township);
  }
  if (input.projectId !== undefined) {
    where.push('pay.project_id = @projectId');
    params.projectId = input.projectId;
  }
  if (input.year !== undefined) {
    // A date range rather than substr(date) so the date index serves it.
    where.push('pay.date >= @yearStart and pay.date < @yearEnd');
    params.yearStart = `${input.year}`;
    params.yearEnd = `${input.year + 1}`;
  }
  if (input.paymentType !== undefined) {
    where.push('pay.payment_type = @paymentType');
    params.paymentType = input.paymentType;
  }
  if (input.importBatchId !== undefined) {
    where.push(importBatchCondition('pay.id', 'payments'));
    params.importBatchId = input.importBatchId;
  }
  if (input.keyword !== undefined && input.keyword !== '') {
    where.push(`(p.name like @keyword escape '\\' or p.code like @keyword escape '\\' or pay.voucher like @keyword escape '\\' or pay.payee like @keyword escape '\\')`);
    params.keyword = likeAnywhere(input.keyword);
  }
  const whereSql = where.join(' and ');
  const total = ctx.sqlite
    .prepare(`select count(*) from payments pay join projects p on p.id = pay.project_id where ${whereSql}`)
    .pluck()
    .get(params) as number;
  const rows = ctx.sqlite
    .prepare(
      `select pay.id, pay.project_id as projectId, p.name as project, t.name as township, pay.date,
              pay.amount_fen as amountFen, pay.voucher, pay.payee, a.doc_number as docNumber, pay.payment_type as paymentType
       from payments pay
       join projects p on p.id = pay.project_id
       left join divisions t on t.id = p.township_id
       left join allocations a on a.id = pay.allocation_id
       where ${whereSql}
       order by pay.date desc, pay.id desc
       limit @limit offset @offset`,
    )
    .all({ ...params, limit: input.limit ?? DEFAULT_LIMIT, offset: input.offset ?? 0 }) as Array<
    Omit<PaymentListRow, 'paymentType' | 'overAllocation'> & { paymentType: PaymentType | null }
  >;
  // 拨付超下达 per project of the page: its live payments against what allocations have assigned to it.
  const projectIds = [...new Set(rows.map((r) => r.projectId))];
  const over = new Set(
    (
      ctx.sqlite
        .prepare(
          `select p.value as id from json_each(?) p
           where (select coalesce(sum(amount_fen), 0) from payments where project_id = p.value and deleted_at is null)
               > (select coalesce(sum(s.amount_fen), 0) from allocation_splits s join allocations a on a.id = s.allocation_id
                  where s.project_id = p.value and a.deleted_at is null)`,
        )
        .pluck()
        .all(JSON.stringify(projectIds)) as number[]
    ),
  );
  return {
    total,
    rows: rows.map((r) => ({
      ...r,
      paymentType: r.paymentType ? PaymentType.label[r.paymentType] : null,
      overAllocation: over.has(r.projectId),
    })),
  };
}
