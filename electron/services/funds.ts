// 资金: allocations (资金下达, one 文号 at one level), their split across projects, and payments (拨付).
// The money rules of DOMAIN.md:
// - a payment that would take a project's live payments above its funds (资金规模) is refused, naming both sums;
// - a payment above what allocations have assigned to the project so far is accepted and flagged 拨付超下达
//   (computed from the tables every time, never stored: allocation records often arrive after the payments);
// - the splits of an allocation may not add up to more than its amount.
// All checks run inside the write's IMMEDIATE transaction, so two windows cannot both pass them.
import type {
  AllocationDetail,
  AllocationPage,
  AllocationRow,
  AllocationSplitRow,
  ChannelParsedInput,
  PaymentRow,
  PaymentWriteResult,
  ProjectMoneyState,
} from '../../shared/api';
import { normaliseDocNumber } from '../../shared/doc-number';
import { FundLevel, PaymentType } from '../../shared/enums';
import { AppError } from '../../shared/errors';
import { writeWithAudit } from './audit';
import type { ServiceContext } from './context';
import { fieldsOf, getProjectRecord, PAYMENT_ROW_SQL, PROJECT_PAID_SQL, projectMoney, totalOf } from './projects';
import { importBatchCondition } from './import/batch-rows';
import { likeAnywhere } from './sql-like';
import { formatYuanWithUnit } from '../../shared/money';

// ---- Allocations ------------------------------------------------------------------------------------

export const ALLOCATION_ROW_SQL = `select a.id, a.doc_number as docNumber, a.level, a.fund_name as fundName, a.date, a.year,
    a.amount_fen as amountFen, a.recipient, a.remark,
    (select coalesce(sum(s.amount_fen), 0) from allocation_splits s where s.allocation_id = a.id) as splitFen,
    (select coalesce(sum(pay.amount_fen), 0) from payments pay where pay.allocation_id = a.id and pay.deleted_at is null) as paidFen
  from allocations a`;

type AllocationSqlRow = Omit<AllocationRow, 'unsplitFen'>;

function toAllocationRow(r: AllocationSqlRow): AllocationRow {
  return { ...r, unsplitFen: r.amountFen - r.splitFen };
}

interface AllocationRecord {
  id: number;
  doc_number: string;
  level: FundLevel;
  fund_name: string | null;
  date: string;
  year: number;
  amount_fen: number;
  recipient: string | null;
  remark: string | null;
}

function allocationFields(r: AllocationRecord) {
  return {
    docNumber: r.doc_number,
    level: r.level,
    fundName: r.fund_name,
    date: r.date,
    year: r.year,
    amountFen: r.amount_fen,
    recipient: r.recipient,
    remark: r.remark,
  };
}

function getAllocationRecord(ctx: ServiceContext, id: number, field?: string): AllocationRecord {
  const row = ctx.sqlite.prepare('select * from allocations where id = ? and deleted_at is null').get(id) as AllocationRecord | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的资金下达记录，可能已被删除，请刷新后重试`, field);
  return row;
}

function splitTotal(ctx: ServiceContext, allocationId: number): number {
  return ctx.sqlite.prepare('select coalesce(sum(amount_fen), 0) from allocation_splits where allocation_id = ?').pluck().get(allocationId) as number;
}

export function getAllocation(ctx: ServiceContext, id: number): AllocationDetail {
  const row = ctx.sqlite.prepare(`${ALLOCATION_ROW_SQL} where a.id = ? and a.deleted_at is null`).get(id) as AllocationSqlRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的资金下达记录，可能已被删除，请刷新后重试`);
  const splits = ctx.sqlite
    .prepare(
      `select s.project_id as projectId, p.name as project, p.code as projectCode, t.name as township, s.amount_fen as amountFen
       from allocation_splits s join projects p on p.id = s.project_id left join divisions t on t.id = p.township_id
       where s.allocation_id = ? order by p.year, p.code, p.id`,
    )
    .all(id) as AllocationSplitRow[];
  return { ...toAllocationRow(row), splits };
}

export function listAllocations(ctx: ServiceContext, input: ChannelParsedInput<'allocations.list'>): AllocationPage {
  const where = ['a.deleted_at is null'];
  const params: Record<string, unknown> = {};
  if (input.year !== undefined) {
    where.push('a.year = @year');
    params.year = input.year;
  }
  if (input.level !== undefined) {
    where.push('a.level = @level');
    params.level = input.level;
  }
  if (input.importBatchId !== undefined) {
    where.push(importBatchCondition('a.id', 'allocations'));
    params.importBatchId = input.importBatchId;
  }
  if (input.keyword) {
    where.push("(a.doc_number like @kw escape '\\' or a.fund_name like @kw escape '\\' or a.recipient like @kw escape '\\')");
    params.kw = likeAnywhere(normaliseDocNumber(input.keyword));
  }
  const whereSql = where.join(' and ');
  const totals = ctx.sqlite
    .prepare(
      `select count(*) as count, coalesce(sum(a.amount_fen), 0) as amountFen,
              coalesce(sum((select sum(s.amount_fen) from allocation_splits s where s.allocation_id = a.id)), 0) as splitFen
       from allocations a where ${whereSql}`,
    )
    .get(params) as AllocationPage['totals'];
  const rows = ctx.sqlite
    .prepare(`${ALLOCATION_ROW_SQL} where ${whereSql} order by a.date desc, a.id desc limit @limit offset @offset`)
    .all({ ...params, limit: input.limit ?? 100, offset: input.offset ?? 0 }) as AllocationSqlRow[];
  return { rows: rows.map(toAllocationRow), totals };
}

function assertDocFree(ctx: ServiceContext, docNumber: string, level: FundLevel, exceptId: number | null): void {
  const same = ctx.sqlite
    .prepare('select id from allocations where doc_number = ? and level = ? and deleted_at is null and id <> ? limit 1')
    .pluck()
    .get(docNumber, level, exceptId ?? 0) as number | undefined;
  if (same !== undefined) {
    throw new AppError('CONFLICT', `文号 ${docNumber} 的${FundLevel.label[level]}资金已经录入（记录编号 ${same}），请勿重复录入`, 'docNumber');
  }
}

function normalisedDoc(raw: string): string {
  const doc = normaliseDocNumber(raw);
  if (doc.length === 0) throw new AppError('VALIDATION', '请填写文号', 'docNumber');
  return doc;
}

export function createAllocation(ctx: ServiceContext, input: ChannelParsedInput<'allocations.create'>): AllocationDetail {
  const id = writeWithAudit(ctx, (audit) => {
    const fields = {
      docNumber: normalisedDoc(input.docNumber),
      level: input.level,
      fundName: input.fundName,
      date: input.date,
      year: input.year ?? Number(input.date.slice(0, 4)),
      amountFen: input.amountFen,
      recipient: input.recipient,
      remark: input.remark,
    };
    assertDocFree(ctx, fields.docNumber, fields.level, null);
    const info = ctx.sqlite
      .prepare(
        `insert into allocations (doc_number, level, fund_name, date, year, amount_fen, recipient, remark)
         values (@docNumber, @level, @fundName, @date, @year, @amountFen, @recipient, @remark)`,
      )
      .run(fields);
    const newId = Number(info.lastInsertRowid);
    audit.record({ action: 'create', entity: 'allocation', entityId: newId, after: fields });
    return newId;
  });
  return getAllocation(ctx, id);
}

export function updateAllocation(ctx: ServiceContext, input: ChannelParsedInput<'allocations.update'>): AllocationDetail {
  writeWithAudit(ctx, (audit) => {
    const current = getAllocationRecord(ctx, input.id, 'id');
    const before = allocationFields(current);
    const after = { ...before };
    if (input.docNumber !== undefined) after.docNumber = normalisedDoc(input.docNumber);
    if (input.level !== undefined) after.level = input.level;
    if (input.fundName !== undefined) after.fundName = input.fundName;
    if (input.date !== undefined) {
      after.date = input.date;
      // The year follows a changed date unless it is given too.
      if (input.year === undefined && before.year === Number(before.date.slice(0, 4))) after.year = Number(input.date.slice(0, 4));
    }
    if (input.year !== undefined) after.year = input.year;
    if (input.amountFen !== undefined) after.amountFen = input.amountFen;
    if (input.recipient !== undefined) after.recipient = input.recipient;
    if (input.remark !== undefined) after.remark = input.remark;
    if (after.docNumber !== before.docNumber || after.level !== before.level) assertDocFree(ctx, after.docNumber, after.level, current.id);
    const split = splitTotal(ctx, current.id);
    if (after.amountFen < split) {
      throw new AppError(
        'VALIDATION',
        `该文件已分配到项目 ${formatYuanWithUnit(split)}，下达金额不能调低到 ${formatYuanWithUnit(after.amountFen)}；请先调整分配明细`,
        'amountFen',
      );
    }
    const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => after[k] !== before[k]);
    if (changed.length === 0) return;
    ctx.sqlite
      .prepare(
        `update allocations set doc_number = @docNumber, level = @level, fund_name = @fundName, date = @date, year = @year,
           amount_fen = @amountFen, recipient = @recipient, remark = @remark, updated_at = @now where id = @id`,
      )
      .run({ ...after, now: ctx.now().toISOString(), id: current.id });
    audit.record({
      action: 'update',
      entity: 'allocation',
      entityId: current.id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
  });
  return getAllocation(ctx, input.id);
}

/**
 * Soft delete with a reason. Refused while live payments name the allocation; its splits are removed (the
 * projects lose that 下达) and kept in the audit row's `before`.
 */
export function deleteAllocation(ctx: ServiceContext, input: ChannelParsedInput<'allocations.delete'>): { id: number } {
  return writeWithAudit(ctx, (audit) => {
    const current = getAllocationRecord(ctx, input.id, 'id');
    const paid = ctx.sqlite
      .prepare('select count(*) as n, coalesce(sum(amount_fen), 0) as fen from payments where allocation_id = ? and deleted_at is null')
      .get(current.id) as { n: number; fen: number };
    if (paid.n > 0) {
      throw new AppError(
        'CONFLICT',
        `文号 ${current.doc_number} 下已有 ${paid.n} 笔拨付记录（合计 ${formatYuanWithUnit(paid.fen)}），不能删除；请先删除这些拨付或改挂到其他文号`,
      );
    }
    const splits = ctx.sqlite
      .prepare('select project_id as projectId, amount_fen as amountFen from allocation_splits where allocation_id = ? order by project_id')
      .all(current.id);
    ctx.sqlite.prepare('delete from allocation_splits where allocation_id = ?').run(current.id);
    const now = ctx.now().toISOString();
    ctx.sqlite.prepare('update allocations set deleted_at = ?, delete_reason = ?, updated_at = ? where id = ?').run(now, input.reason, now, current.id);
    audit.record({ action: 'delete', entity: 'allocation', entityId: current.id, before: { ...allocationFields(current), splits }, reason: input.reason });
    return { id: current.id };
  });
}

// ---- Splits -----------------------------------------------------------------------------------------

/**
 * Set an allocation's split across projects. replace=true: the given list becomes the whole split (pairs
 * not named are removed); replace=false: only the named pairs change. An amount of 0 removes a pair.
 * Refused when the result would exceed the allocation's amount, naming both sums.
 */
export function setAllocationSplits(ctx: ServiceContext, input: ChannelParsedInput<'allocationSplits.set'>): AllocationDetail {
  writeWithAudit(ctx, (audit) => {
    const allocation = getAllocationRecord(ctx, input.allocationId, 'allocationId');
    const seen = new Set<number>();
    input.splits.forEach((s, i) => {
      if (seen.has(s.projectId)) {
        throw new AppError('VALIDATION', `分配明细中项目（编号 ${s.projectId}）重复出现，请合并为一行`, `splits.${i}.projectId`);
      }
      seen.add(s.projectId);
      if (s.amountFen > 0) getProjectRecord(ctx, s.projectId, `splits.${i}.projectId`);
    });
    const beforeRows = ctx.sqlite
      .prepare('select project_id as projectId, amount_fen as amountFen from allocation_splits where allocation_id = ? order by project_id')
      .all(allocation.id) as Array<{ projectId: number; amountFen: number }>;
    const next = new Map<number, number>(input.replace ? [] : beforeRows.map((r) => [r.projectId, r.amountFen]));
    for (const s of input.splits) {
      if (s.amountFen === 0) next.delete(s.projectId);
      else next.set(s.projectId, s.amountFen);
    }
    let total = 0;
    for (const v of next.values()) total += v;
    if (total > allocation.amount_fen) {
      throw new AppError(
        'VALIDATION',
        `文号 ${allocation.doc_number} 下达金额 ${formatYuanWithUnit(allocation.amount_fen)}，分配到项目合计 ${formatYuanWithUnit(total)}，超出 ${formatYuanWithUnit(total - allocation.amount_fen)}，请调整分配金额`,
        'splits',
      );
    }
    const afterRows = [...next.entries()].sort((a, b) => a[0] - b[0]).map(([projectId, amountFen]) => ({ projectId, amountFen }));
    if (JSON.stringify(afterRows) === JSON.stringify(beforeRows)) return;
    const now = ctx.now().toISOString();
    const upsert = ctx.sqlite.prepare(
      `insert into allocation_splits (allocation_id, project_id, amount_fen, created_at, updated_at) values (?, ?, ?, ?, ?)
       on conflict (allocation_id, project_id) do update set amount_fen = excluded.amount_fen, updated_at = excluded.updated_at`,
    );
    const remove = ctx.sqlite.prepare('delete from allocation_splits where allocation_id = ? and project_id = ?');
    for (const r of beforeRows) if (!next.has(r.projectId)) remove.run(allocation.id, r.projectId);
    for (const r of afterRows) upsert.run(allocation.id, r.projectId, r.amountFen, now, now);
    audit.record({ action: 'set', entity: 'allocationSplits', entityId: allocation.id, before: beforeRows, after: afterRows });
  });
  return getAllocation(ctx, input.allocationId);
}

// ---- Payments ---------------------------------------------------------------------------------------

interface PaymentRecord {
  id: number;
  project_id: number;
  allocation_id: number | null;
  date: string;
  amount_fen: number;
  payee: string | null;
  voucher: string | null;
  payment_type: PaymentType | null;
  remark: string | null;
}

function paymentFields(r: PaymentRecord) {
  return {
    projectId: r.project_id,
    allocationId: r.allocation_id,
    date: r.date,
    amountFen: r.amount_fen,
    payee: r.payee,
    voucher: r.voucher,
    paymentType: r.payment_type,
    remark: r.remark,
  };
}
type PaymentFields = ReturnType<typeof paymentFields>;

function getPaymentRecord(ctx: ServiceContext, id: number, field?: string): PaymentRecord {
  const row = ctx.sqlite.prepare('select * from payments where id = ? and deleted_at is null').get(id) as PaymentRecord | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的拨付记录，可能已被删除，请刷新后重试`, field);
  return row;
}

export function getPayment(ctx: ServiceContext, id: number): PaymentRow {
  const row = ctx.sqlite.prepare(`${PAYMENT_ROW_SQL} where pay.id = ? and pay.deleted_at is null`).get(id) as PaymentRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的拨付记录，可能已被删除，请刷新后重试`);
  return row;
}

export function moneyState(ctx: ServiceContext, projectId: number): ProjectMoneyState {
  const record = ctx.sqlite.prepare('select * from projects where id = ?').get(projectId) as Parameters<typeof fieldsOf>[0];
  const money = projectMoney(ctx.sqlite, projectId);
  return { projectId, totalFen: totalOf(fieldsOf(record)), allocatedFen: money.allocatedFen, paidFen: money.paidFen };
}

/** The refusal of DOMAIN.md: a payment may not take the project's payments above its funds. */
function assertWithinFunds(ctx: ServiceContext, projectId: number, amountFen: number, exceptPaymentId: number | null): void {
  const project = getProjectRecord(ctx, projectId, 'projectId');
  const total = totalOf(fieldsOf(project));
  const paid = ctx.sqlite
    .prepare(`${PROJECT_PAID_SQL} and id <> ?`)
    .pluck()
    .get(projectId, exceptPaymentId ?? 0) as number;
  if (paid + amountFen > total) {
    throw new AppError(
      'VALIDATION',
      `该项目资金规模 ${formatYuanWithUnit(total)}，已拨付 ${formatYuanWithUnit(paid)}，本次 ${formatYuanWithUnit(amountFen)}将超出 ${formatYuanWithUnit(paid + amountFen - total)}，不能保存；请核对金额或先调整项目资金规模`,
      'amountFen',
    );
  }
}

function writeResult(ctx: ServiceContext, paymentId: number, projectId: number): PaymentWriteResult {
  const project = moneyState(ctx, projectId);
  const overAllocation = project.paidFen > project.allocatedFen;
  return {
    payment: getPayment(ctx, paymentId),
    project,
    overAllocation,
    warning: overAllocation
      ? `拨付超下达：该项目已下达 ${formatYuanWithUnit(project.allocatedFen)}，累计拨付 ${formatYuanWithUnit(project.paidFen)}，超出 ${formatYuanWithUnit(project.paidFen - project.allocatedFen)}。已保存，请及时补录资金下达及分配。`
      : null,
  };
}

function assertAllocation(ctx: ServiceContext, allocationId: number | null): void {
  if (allocationId !== null) getAllocationRecord(ctx, allocationId, 'allocationId');
}

export function createPayment(ctx: ServiceContext, input: ChannelParsedInput<'payments.create'>): PaymentWriteResult {
  const id = writeWithAudit(ctx, (audit) => {
    assertAllocation(ctx, input.allocationId);
    assertWithinFunds(ctx, input.projectId, input.amountFen, null);
    const fields: PaymentFields = { ...input };
    const info = ctx.sqlite
      .prepare(
        `insert into payments (project_id, allocation_id, date, amount_fen, payee, voucher, payment_type, remark)
         values (@projectId, @allocationId, @date, @amountFen, @payee, @voucher, @paymentType, @remark)`,
      )
      .run(fields);
    const newId = Number(info.lastInsertRowid);
    audit.record({ action: 'create', entity: 'payment', entityId: newId, after: fields });
    return newId;
  });
  return writeResult(ctx, id, input.projectId);
}

export function updatePayment(ctx: ServiceContext, input: ChannelParsedInput<'payments.update'>): PaymentWriteResult {
  const projectId = writeWithAudit(ctx, (audit) => {
    const current = getPaymentRecord(ctx, input.id, 'id');
    const before = paymentFields(current);
    const after: PaymentFields = { ...before };
    for (const k of Object.keys(before) as Array<keyof PaymentFields>) {
      const v = (input as Partial<PaymentFields>)[k];
      if (v !== undefined) (after as Record<string, unknown>)[k] = v;
    }
    const changed = (Object.keys(after) as Array<keyof PaymentFields>).filter((k) => after[k] !== before[k]);
    if (changed.length === 0) return after.projectId;
    if (after.allocationId !== before.allocationId) assertAllocation(ctx, after.allocationId);
    if (after.projectId !== before.projectId || after.amountFen > before.amountFen) {
      assertWithinFunds(ctx, after.projectId, after.amountFen, current.id);
    }
    ctx.sqlite
      .prepare(
        `update payments set project_id = @projectId, allocation_id = @allocationId, date = @date, amount_fen = @amountFen,
           payee = @payee, voucher = @voucher, payment_type = @paymentType, remark = @remark, updated_at = @now where id = @id`,
      )
      .run({ ...after, now: ctx.now().toISOString(), id: current.id });
    audit.record({
      action: 'update',
      entity: 'payment',
      entityId: current.id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return after.projectId;
  });
  return writeResult(ctx, input.id, projectId);
}

export function deletePayment(ctx: ServiceContext, input: ChannelParsedInput<'payments.delete'>): { id: number; project: ProjectMoneyState } {
  const projectId = writeWithAudit(ctx, (audit) => {
    const current = getPaymentRecord(ctx, input.id, 'id');
    const now = ctx.now().toISOString();
    ctx.sqlite.prepare('update payments set deleted_at = ?, delete_reason = ?, updated_at = ? where id = ?').run(now, input.reason, now, current.id);
    audit.record({ action: 'delete', entity: 'payment', entityId: current.id, before: paymentFields(current), reason: input.reason });
    return current.project_id;
  });
  return { id: input.id, project: moneyState(ctx, projectId) };
}
