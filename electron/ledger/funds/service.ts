// 资金: allocations (资金下达, one 文号 at one level), their split across projects, and payments (拨付).
// The money rules of DOMAIN.md:
// - a payment that would take a project's live payments above its funds (资金规模) is refused, naming both sums;
// - a payment above what allocations have assigned to the project so far is accepted and flagged 拨付超下达
//   (computed from the tables every time, never stored: allocation records often arrive after the payments);
// - the splits of an allocation may not add up to more than its amount.
// All checks run inside the write's transaction on the data port (BEGIN IMMEDIATE on SQLite), so two windows
// cannot both pass them. The project reads (getProjectRecord, projectTotalFen) are the projects area's own.
import type { AllocationDetail, AllocationPage, ChannelParsedInput, PaymentRow, PaymentWriteResult, ProjectMoneyState } from '../../../shared/api';
import { normaliseDocNumber } from '../../../shared/doc-number';
import { FundLevel } from '../../../shared/enums';
import { AppError } from '../../../shared/errors';
import { writeAudited } from '../../platform/audited-write';
import { assertUpdated, assertVersion } from '../../platform/row-version';
import { dataPort, type DataReader } from '../../platform/data-port';
import type { ServiceContext } from '../../platform/context';
import { getProjectRecord, projectTotalFen } from '../projects/service';
import { formatYuanWithUnit } from '../../../shared/money';
import { likeAnywhere } from '../../platform/sql-like';
import * as store from './store';
import type { AllocationFields, PaymentFields } from './store';

// ---- Allocations ------------------------------------------------------------------------------------

/** An allocation's version moves on with its own saves and with its splits' (the stale refusal names the newer). */
const ALLOCATION_WRITES = ['allocation', 'allocationSplits'] as const;

const allocationNotFound = (id: number, field?: string) => new AppError('NOT_FOUND', `找不到编号为 ${id} 的资金下达记录，可能已被删除，请刷新后重试`, field);

async function existingAllocation(db: DataReader, id: number, field?: string): Promise<store.Versioned<AllocationFields>> {
  const stored = await store.allocationFields(db, id);
  if (!stored) throw allocationNotFound(id, field);
  return stored;
}

export async function getAllocation(ctx: ServiceContext, id: number): Promise<AllocationDetail> {
  const db = dataPort(ctx);
  const row = await store.allocationRow(db, id);
  if (!row) throw allocationNotFound(id);
  return { ...row, splits: await store.splitRows(db, id) };
}

export async function listAllocations(ctx: ServiceContext, input: ChannelParsedInput<'allocations.list'>): Promise<AllocationPage> {
  const filter: store.AllocationFilter = {
    year: input.year,
    level: input.level,
    importBatchId: input.importBatchId,
    keywordPattern: input.keyword ? likeAnywhere(normaliseDocNumber(input.keyword)) : undefined,
  };
  const db = dataPort(ctx);
  const totals = await store.allocationTotals(db, filter);
  const rows = await store.allocationRows(db, filter, input.offset ?? 0, input.limit ?? 100);
  return { rows, totals };
}

async function assertDocFree(db: DataReader, docNumber: string, level: FundLevel, exceptId: number | null): Promise<void> {
  const same = await store.allocationIdWithDoc(db, docNumber, level, exceptId);
  if (same !== undefined) {
    throw new AppError('CONFLICT', `文号 ${docNumber} 的${FundLevel.label[level]}资金已经录入（记录编号 ${same}），请勿重复录入`, 'docNumber');
  }
}

function normalisedDoc(raw: string): string {
  const doc = normaliseDocNumber(raw);
  if (doc.length === 0) throw new AppError('VALIDATION', '请填写文号', 'docNumber');
  return doc;
}

export async function createAllocation(ctx: ServiceContext, input: ChannelParsedInput<'allocations.create'>): Promise<AllocationDetail> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    const fields: AllocationFields = {
      docNumber: normalisedDoc(input.docNumber),
      level: input.level,
      fundName: input.fundName,
      date: input.date,
      year: input.year ?? Number(input.date.slice(0, 4)),
      amountFen: input.amountFen,
      recipient: input.recipient,
      remark: input.remark,
    };
    await assertDocFree(tx, fields.docNumber, fields.level, null);
    const newId = await store.insertAllocation(tx, fields, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'allocation', entityId: newId, after: fields });
    return newId;
  });
  return getAllocation(ctx, id);
}

/** The allocation after an update: only the given fields change; the year follows a changed date unless given. */
function mergeAllocation(before: AllocationFields, input: ChannelParsedInput<'allocations.update'>): AllocationFields {
  const after = { ...before };
  if (input.docNumber !== undefined) after.docNumber = normalisedDoc(input.docNumber);
  if (input.level !== undefined) after.level = input.level;
  if (input.fundName !== undefined) after.fundName = input.fundName;
  if (input.date !== undefined) {
    after.date = input.date;
    if (input.year === undefined && before.year === Number(before.date.slice(0, 4))) after.year = Number(input.date.slice(0, 4));
  }
  if (input.year !== undefined) after.year = input.year;
  if (input.amountFen !== undefined) after.amountFen = input.amountFen;
  if (input.recipient !== undefined) after.recipient = input.recipient;
  if (input.remark !== undefined) after.remark = input.remark;
  return after;
}

export async function updateAllocation(ctx: ServiceContext, input: ChannelParsedInput<'allocations.update'>): Promise<AllocationDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    const { fields: before, version } = await existingAllocation(tx, input.id, 'id');
    await assertVersion(tx, ALLOCATION_WRITES, input.id, version, input.version);
    const after = mergeAllocation(before, input);
    if (after.docNumber !== before.docNumber || after.level !== before.level) await assertDocFree(tx, after.docNumber, after.level, input.id);
    const split = await store.splitTotal(tx, input.id);
    if (after.amountFen < split) {
      throw new AppError(
        'VALIDATION',
        `该文件已分配到项目 ${formatYuanWithUnit(split)}，下达金额不能调低到 ${formatYuanWithUnit(after.amountFen)}；请先调整分配明细`,
        'amountFen',
      );
    }
    const changed = store.ALLOCATION_FIELDS.filter((k) => after[k] !== before[k]);
    if (changed.length === 0) return;
    await assertUpdated(tx, ALLOCATION_WRITES, input.id, await store.updateAllocation(tx, input.id, after, ctx.now().toISOString(), input.version));
    await audit.record({
      action: 'update',
      entity: 'allocation',
      entityId: input.id,
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
export async function deleteAllocation(ctx: ServiceContext, input: ChannelParsedInput<'allocations.delete'>): Promise<{ id: number }> {
  return writeAudited(ctx, async (tx, audit) => {
    const { fields: current } = await existingAllocation(tx, input.id, 'id');
    const paid = await store.allocationPayments(tx, input.id);
    if (paid.n > 0) {
      throw new AppError(
        'CONFLICT',
        `文号 ${current.docNumber} 下已有 ${paid.n} 笔拨付记录（合计 ${formatYuanWithUnit(paid.fen)}），不能删除；请先删除这些拨付或改挂到其他文号`,
      );
    }
    const splits = await store.splitAmounts(tx, input.id);
    await store.softDeleteAllocation(tx, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'allocation', entityId: input.id, before: { ...current, splits }, reason: input.reason });
    return { id: input.id };
  });
}

// ---- Splits -----------------------------------------------------------------------------------------

/** The split list named in the input, each project once and (when given an amount) a live project. */
async function assertSplitProjects(db: DataReader, splits: ChannelParsedInput<'allocationSplits.set'>['splits']): Promise<void> {
  const seen = new Set<number>();
  for (const [i, s] of splits.entries()) {
    if (seen.has(s.projectId)) {
      throw new AppError('VALIDATION', `分配明细中项目（编号 ${s.projectId}）重复出现，请合并为一行`, `splits.${i}.projectId`);
    }
    seen.add(s.projectId);
    if (s.amountFen > 0) await getProjectRecord(db, s.projectId, `splits.${i}.projectId`);
  }
}

/**
 * Set an allocation's split across projects. replace=true: the given list becomes the whole split (pairs
 * not named are removed); replace=false: only the named pairs change. An amount of 0 removes a pair.
 * Refused when the result would exceed the allocation's amount, naming both sums.
 */
export async function setAllocationSplits(ctx: ServiceContext, input: ChannelParsedInput<'allocationSplits.set'>): Promise<AllocationDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    const { fields: allocation, version } = await existingAllocation(tx, input.allocationId, 'allocationId');
    await assertVersion(tx, ALLOCATION_WRITES, input.allocationId, version, input.version);
    await assertSplitProjects(tx, input.splits);
    const beforeRows = await store.splitAmounts(tx, input.allocationId);
    const next = new Map<number, number>(input.replace ? [] : beforeRows.map((r) => [r.projectId, r.amountFen]));
    for (const s of input.splits) {
      if (s.amountFen === 0) next.delete(s.projectId);
      else next.set(s.projectId, s.amountFen);
    }
    let total = 0;
    for (const v of next.values()) total += v;
    if (total > allocation.amountFen) {
      throw new AppError(
        'VALIDATION',
        `文号 ${allocation.docNumber} 下达金额 ${formatYuanWithUnit(allocation.amountFen)}，分配到项目合计 ${formatYuanWithUnit(total)}，超出 ${formatYuanWithUnit(total - allocation.amountFen)}，请调整分配金额`,
        'splits',
      );
    }
    const afterRows = [...next.entries()].sort((a, b) => a[0] - b[0]).map(([projectId, amountFen]) => ({ projectId, amountFen }));
    if (JSON.stringify(afterRows) === JSON.stringify(beforeRows)) return;
    await assertUpdated(tx, ALLOCATION_WRITES, input.allocationId, await store.replaceSplits(tx, input.allocationId, beforeRows, afterRows, ctx.now().toISOString(), input.version));
    await audit.record({ action: 'set', entity: 'allocationSplits', entityId: input.allocationId, before: beforeRows, after: afterRows });
  });
  return getAllocation(ctx, input.allocationId);
}

// ---- Payments ---------------------------------------------------------------------------------------

const paymentNotFound = (id: number, field?: string) => new AppError('NOT_FOUND', `找不到编号为 ${id} 的拨付记录，可能已被删除，请刷新后重试`, field);

async function existingPayment(db: DataReader, id: number, field?: string): Promise<store.Versioned<PaymentFields>> {
  const stored = await store.paymentFields(db, id);
  if (!stored) throw paymentNotFound(id, field);
  return stored;
}

export async function getPayment(ctx: ServiceContext, id: number): Promise<PaymentRow> {
  const row = await store.paymentRow(dataPort(ctx), id);
  if (!row) throw paymentNotFound(id);
  return row;
}

/** A project's funds (资金规模), what allocations have assigned to it and what has been paid. */
export async function moneyState(ctx: ServiceContext, projectId: number): Promise<ProjectMoneyState> {
  const db = dataPort(ctx);
  const totalFen = await projectTotalFen(db, projectId);
  return { projectId, totalFen, allocatedFen: await store.projectAllocatedFen(db, projectId), paidFen: await store.projectPaidFen(db, projectId) };
}

/** The refusal of DOMAIN.md: a payment may not take the project's payments above its funds. */
async function assertWithinFunds(ctx: ServiceContext, db: DataReader, projectId: number, amountFen: number, exceptPaymentId: number | null): Promise<void> {
  await getProjectRecord(db, projectId, 'projectId');
  const total = await projectTotalFen(db, projectId);
  const paid = await store.projectPaidFen(db, projectId, exceptPaymentId);
  if (paid + amountFen > total) {
    throw new AppError(
      'VALIDATION',
      `该项目资金规模 ${formatYuanWithUnit(total)}，已拨付 ${formatYuanWithUnit(paid)}，本次 ${formatYuanWithUnit(amountFen)}将超出 ${formatYuanWithUnit(paid + amountFen - total)}，不能保存；请核对金额或先调整项目资金规模`,
      'amountFen',
    );
  }
}

async function writeResult(ctx: ServiceContext, paymentId: number, projectId: number): Promise<PaymentWriteResult> {
  const project = await moneyState(ctx, projectId);
  const overAllocation = project.paidFen > project.allocatedFen;
  return {
    payment: await getPayment(ctx, paymentId),
    project,
    overAllocation,
    warning: overAllocation
      ? `拨付超下达：该项目已下达 ${formatYuanWithUnit(project.allocatedFen)}，累计拨付 ${formatYuanWithUnit(project.paidFen)}，超出 ${formatYuanWithUnit(project.paidFen - project.allocatedFen)}。已保存，请及时补录资金下达及分配。`
      : null,
  };
}

async function assertAllocation(db: DataReader, allocationId: number | null): Promise<void> {
  if (allocationId !== null) await existingAllocation(db, allocationId, 'allocationId');
}

export async function createPayment(ctx: ServiceContext, input: ChannelParsedInput<'payments.create'>): Promise<PaymentWriteResult> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    await assertAllocation(tx, input.allocationId);
    await assertWithinFunds(ctx, tx, input.projectId, input.amountFen, null);
    const fields: PaymentFields = { ...input };
    const newId = await store.insertPayment(tx, fields, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'payment', entityId: newId, after: fields });
    return newId;
  });
  return writeResult(ctx, id, input.projectId);
}

export async function updatePayment(ctx: ServiceContext, input: ChannelParsedInput<'payments.update'>): Promise<PaymentWriteResult> {
  const projectId = await writeAudited(ctx, async (tx, audit) => {
    const { fields: before, version } = await existingPayment(tx, input.id, 'id');
    await assertVersion(tx, 'payment', input.id, version, input.version);
    const after: PaymentFields = { ...before };
    for (const k of store.PAYMENT_FIELDS) {
      const v = (input as Partial<PaymentFields>)[k];
      if (v !== undefined) (after as Record<string, unknown>)[k] = v;
    }
    const changed = store.PAYMENT_FIELDS.filter((k) => after[k] !== before[k]);
    if (changed.length === 0) return after.projectId;
    if (after.allocationId !== before.allocationId) await assertAllocation(tx, after.allocationId);
    if (after.projectId !== before.projectId || after.amountFen > before.amountFen) {
      await assertWithinFunds(ctx, tx, after.projectId, after.amountFen, input.id);
    }
    await assertUpdated(tx, 'payment', input.id, await store.updatePayment(tx, input.id, after, ctx.now().toISOString(), input.version));
    await audit.record({
      action: 'update',
      entity: 'payment',
      entityId: input.id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return after.projectId;
  });
  return writeResult(ctx, input.id, projectId);
}

export async function deletePayment(ctx: ServiceContext, input: ChannelParsedInput<'payments.delete'>): Promise<{ id: number; project: ProjectMoneyState }> {
  const projectId = await writeAudited(ctx, async (tx, audit) => {
    const { fields: before } = await existingPayment(tx, input.id, 'id');
    await store.softDeletePayment(tx, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'payment', entityId: input.id, before, reason: input.reason });
    return before.projectId;
  });
  return { id: input.id, project: await moneyState(ctx, projectId) };
}
