// The demo county's money, year by year, written through the 资金 store: the year's allocations (下达) level by
// level, split (分配) across its funded projects, then each project's payments (拨付), drawing on its splits in
// order. An allocation is never split above its amount and a project never paid above its funds, except for
// the few deliberate 拨付超下达 and 未开工先拨付 examples the supervisor flags need.
import type { FundLevel, PaymentType } from '../../../shared/enums';
import { insertAllocation, insertPayments, insertSplits, type PaymentFields, type SplitAmount } from '../funds/store';
import { isoOf, ymd, type DemoCalendar } from './calendar';
import { RANK_ACCEPTED, RANK_COMPLETED, RANK_FUNDED, RANK_REIMBURSED, RANK_STARTED, type GenProject } from './projects';
import { at, type Rng } from './random';
import { Batch, type DemoRun } from './run';

/** Deliberate payments on projects that have not started, per scale (the 未开工先拨付 flag needs examples). */
const EARLY_PAID_PER_SCALE = 6;

export const FUND_LEVELS: readonly FundLevel[] = ['central', 'provincial', 'municipal', 'county', 'other'];

/** Allocation documents per year and level at scale 1 (scaled with the projects they fund). */
const ALLOCATION_DOCS: Record<FundLevel, number> = { central: 5, provincial: 4, municipal: 2, county: 3, other: 2 };
const ALLOCATION_PREFIX: Record<FundLevel, string> = { central: '青财农字', provincial: '青财农字', municipal: '青财预字', county: '青财预字', other: '青振字' };
const ALLOCATION_FUND_NAME: Record<FundLevel, readonly string[]> = {
  central: ['中央财政衔接推进乡村振兴补助资金'],
  provincial: ['省级财政衔接推进乡村振兴补助资金'],
  municipal: ['市级财政衔接推进乡村振兴补助资金'],
  county: ['县级财政衔接推进乡村振兴资金'],
  other: ['东西部协作资金', '统筹整合涉农资金', '定点帮扶资金'],
};

/** What the money of one year carries over to the next: document and voucher numbers, early payments left. */
export interface FundsSequence {
  /** The last 文号 number by prefix and year ("prefix|year"). */
  docSeq: Map<string, number>;
  /** The last voucher number by the year paid. */
  voucherSeq: Map<number, number>;
  earlyPaidLeft: number;
}

export function fundsSequence(scale: number): FundsSequence {
  return { docSeq: new Map(), voucherSeq: new Map(), earlyPaidLeft: EARLY_PAID_PER_SCALE * scale };
}

// ---- 下达 and 分配 ---------------------------------------------------------------------------------------

/** The year's allocations, level by level, split across the year's funded projects. */
export async function writeAllocationsOfYear(run: DemoRun, year: number, yearProjects: readonly GenProject[], seq: FundsSequence): Promise<void> {
  const funded = yearProjects.filter((p) => p.rank >= RANK_FUNDED);
  const splits = new Batch<SplitAmount & { allocationId: number }>((rows) => insertSplits(run.tx, rows, run.stamp));
  for (const [li, level] of FUND_LEVELS.entries()) {
    const { needs, total } = levelNeeds(run.rng, funded, li);
    if (total === 0) continue;
    const docs = await writeAllocationDocs(run, year, level, total, needs.length, seq.docSeq);
    // Walk the documents in order: a split takes what the document has left, never more.
    let doc = 0;
    let left = at(docs, 0).cap;
    for (const [p, need] of needs) {
      let rest = need;
      while (rest > 0) {
        while (left === 0) {
          doc += 1;
          if (doc >= docs.length) throw new RangeError('demo: allocations do not cover the projects');
          left = at(docs, doc).cap;
        }
        const take = Math.min(rest, left);
        const allocationId = at(docs, doc).id;
        splits.add({ allocationId, projectId: p.id, amountFen: take });
        run.counts.allocationSplits += 1;
        p.splits.push([allocationId, take]);
        left -= take;
        rest -= take;
      }
      await splits.flushIfFull();
    }
  }
  await splits.flush();
}

/** What each funded project needs of one level (index `li`); an under-split project gets only part of its central funds. */
function levelNeeds(rng: Rng, funded: readonly GenProject[], li: number): { needs: Array<readonly [GenProject, number]>; total: number } {
  const needs: Array<readonly [GenProject, number]> = [];
  let total = 0;
  for (const p of funded) {
    let need = at(p.funds, li);
    if (li === 0 && p.underSplit) need = Math.floor((need * rng.real(0.6, 0.85)) / 100) * 100;
    if (need > 0) {
      needs.push([p, need]);
      total += need;
    }
  }
  return { needs, total };
}

/** The level's documents of the year, in date order, together a little above `total`: each one's id and amount. */
async function writeAllocationDocs(
  run: DemoRun,
  year: number,
  level: FundLevel,
  total: number,
  needCount: number,
  docSeq: Map<string, number>,
): Promise<Array<{ id: number; cap: number }>> {
  const { rng, scale, cal } = run;
  const docs = Math.max(1, Math.min(needCount, Math.round(ALLOCATION_DOCS[level] * scale)));
  const docWeights = Array.from({ length: docs }, () => rng.real(0.5, 1.5));
  const wsum = docWeights.reduce((a, b) => a + b, 0);
  // Some money is left unassigned at the end of a year: the 闲置/滞留 flag needs it.
  const slack = rng.chance(0.6) ? rng.real(0, 0.04) : 0;
  const caps = docWeights.map((w) => Math.ceil((total * (1 + slack) * w) / wsum / 1_000_000) * 1_000_000);
  // Documents of the year up to October, or up to the as-of day while the year is young.
  const latestDoc = Math.min(ymd(year, 10, 31), cal.asOf);
  const days = Array.from({ length: docs }, () => rng.int(Math.min(ymd(year, 1, 8), latestDoc), latestDoc)).sort((a, b) => a - b);
  const prefix = ALLOCATION_PREFIX[level];
  const written: Array<{ id: number; cap: number }> = [];
  for (const [d, cap] of caps.entries()) {
    const key = `${prefix}|${year}`;
    const n = (docSeq.get(key) ?? rng.int(100, 400)) + rng.int(1, 25);
    docSeq.set(key, n);
    const id = await insertAllocation(
      run.tx,
      {
        docNumber: `${prefix}〔${year}〕${n}号`, level, fundName: rng.pick(ALLOCATION_FUND_NAME[level]), date: isoOf(at(days, d)), year, amountFen: cap,
        recipient: '各乡镇人民政府、县直有关部门', remark: null,
      },
      run.stamp,
    );
    run.counts.allocations += 1;
    written.push({ id, cap });
  }
  return written;
}

// ---- 拨付 ------------------------------------------------------------------------------------------------

/** The year's projects' payments; `step` per project. */
export async function writePaymentsOfYear(run: DemoRun, yearProjects: readonly GenProject[], seq: FundsSequence, step: () => void): Promise<void> {
  const payments = new Batch<PaymentFields>((rows) => insertPayments(run.tx, rows, run.stamp));
  for (const p of yearProjects) {
    const planned = planPayments(run.rng, p, seq.earlyPaidLeft > 0, run.cal);
    if (planned.early) seq.earlyPaidLeft -= 1;
    let paidSoFar = 0;
    let splitIndex = 0;
    let splitEnd = p.splits.length > 0 ? at(p.splits, 0)[1] : 0;
    for (const pay of planned.payments) {
      // The allocation a payment draws on is the split its first fen falls in; beyond the splits (拨付超下达)
      // the document has not reached the office yet, so none is named.
      while (splitIndex < p.splits.length && paidSoFar >= splitEnd) {
        splitIndex += 1;
        if (splitIndex < p.splits.length) splitEnd += at(p.splits, splitIndex)[1];
      }
      const allocationId = splitIndex < p.splits.length ? at(p.splits, splitIndex)[0] : null;
      const payYear = Number(pay.date.slice(0, 4));
      const n = (seq.voucherSeq.get(payYear) ?? 0) + 1;
      seq.voucherSeq.set(payYear, n);
      const voucher = `付-${payYear}-${String(n).padStart(6, '0')}`;
      payments.add({ projectId: p.id, allocationId, date: pay.date, amountFen: pay.fen, payee: p.payee, voucher, paymentType: pay.type, remark: null });
      run.counts.payments += 1;
      paidSoFar += pay.fen;
    }
    await payments.flushIfFull();
    step();
  }
  await payments.flush();
}

interface PlannedPayment {
  date: string;
  fen: number;
  type: PaymentType;
}

/**
 * The payments of one project: nothing before it is funded; an advance, progress payments, settlement
 * and 质保金 as its status allows; never more in total than its funds.
 */
function planPayments(rng: Rng, p: GenProject, mayPayEarly: boolean, cal: DemoCalendar): { payments: PlannedPayment[]; early: boolean } {
  const asOf = cal.asOf;
  const yearStart = ymd(p.year, 1, 5);
  if (p.rank < RANK_STARTED) {
    // A handful of funded projects get an advance before they start: the 未开工先拨付 flag needs examples.
    if (!mayPayEarly || p.rank < RANK_FUNDED || p.year !== cal.year) return { payments: [], early: false };
    const day = Math.min(Math.max(p.plannedStart + rng.int(-20, 30), yearStart), asOf);
    const fen = Math.floor((p.totalFen * rng.real(0.1, 0.3)) / 100) * 100;
    return { payments: [{ date: isoOf(day), fen, type: 'advance' }], early: true };
  }
  const start = p.actualStart ?? p.plannedStart;
  const end = p.actualEnd ?? asOf;
  const { fraction, count } = paidShare(rng, p);
  const totalYuan = Math.floor((p.totalFen / 100) * fraction);
  const settlement = p.rank >= RANK_ACCEPTED && p.actualEnd !== null;
  const retention = p.rank >= RANK_REIMBURSED && p.actualEnd !== null && p.actualEnd + 365 <= asOf;
  const progressCount = Math.max(1, count - 1 - (settlement ? 1 : 0) - (retention ? 1 : 0));

  const types: PaymentType[] = ['advance'];
  const weights: number[] = [rng.real(20, 30)];
  const days: number[] = [Math.min(Math.max(start + rng.int(-15, 10), yearStart), asOf)];
  const progressDays = Array.from({ length: progressCount }, () => Math.min(start + 10 + Math.floor(rng.next() * Math.max(1, end - start)), asOf)).sort((a, b) => a - b);
  for (const d of progressDays) {
    types.push('progress');
    weights.push(rng.real(5, 15) * (4 / progressCount));
    days.push(d);
  }
  if (settlement && p.actualEnd !== null) {
    types.push('settlement');
    weights.push(rng.real(10, 20));
    days.push(Math.min(p.actualEnd + rng.int(20, 120), asOf));
  }
  if (retention && p.actualEnd !== null) {
    types.push('retention');
    weights.push(3);
    days.push(Math.min(p.actualEnd + rng.int(365, 420), asOf));
  }
  // Whole 元 by weight; the rounding remainder goes to the first progress payment so the sum is exact.
  const wsum = weights.reduce((a, b) => a + b, 0);
  const yuan = weights.map((w) => Math.floor((totalYuan * w) / wsum));
  const remainder = totalYuan - yuan.reduce((a, b) => a + b, 0);
  yuan[1] = at(yuan, 1) + remainder;
  const payments: PlannedPayment[] = [];
  for (let i = 0; i < types.length; i += 1) {
    const fen = at(yuan, i) * 100;
    if (fen <= 0) continue;
    payments.push({ date: isoOf(at(days, i)), fen, type: at(types, i) });
  }
  return { payments, early: false };
}

/** How much of its funds a started project has been paid, and in about how many payments, by its status. */
function paidShare(rng: Rng, p: GenProject): { fraction: number; count: number } {
  if (p.rank >= RANK_REIMBURSED || p.underSplit) {
    const fraction = p.underSplit || rng.chance(0.6) ? 1 : rng.real(0.97, 1);
    return { fraction, count: rng.int(9, 17) };
  }
  if (p.rank >= RANK_ACCEPTED) {
    const fraction = rng.real(0.8, 1);
    return { fraction, count: rng.int(9, 17) };
  }
  if (p.rank >= RANK_COMPLETED) {
    const fraction = rng.real(0.6, 0.9);
    return { fraction, count: rng.int(7, 14) };
  }
  const fraction = rng.real(0.2, 0.6);
  return { fraction, count: rng.int(3, 10) };
}
