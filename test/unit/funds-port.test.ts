// 资金 on the data port: every statement its channels send to the funds tables is the portable SQL the
// PostgreSQL adapter will run too (positional ?, quoted camelCase aliases, no SQLite-only functions), and
// every time its rows carry is the context's clock (one clock for the whole ledger).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AllocationDetail, PaymentWriteResult, ProjectDetail } from '../../shared/api';
import { bankable, channels, setupCounty, type County } from '../helpers/county-fixture';
import { tempLedger, type TempLedger } from '../helpers/ledger';

const NOW = new Date('2024-04-02T09:00:00+08:00');
let ledger: TempLedger;
let api: ReturnType<typeof channels>;
let c: County;
beforeEach(async () => {
  ledger = tempLedger({ now: () => NOW });
  api = channels(ledger);
  c = await setupCounty(ledger);
});
afterEach(() => ledger.dispose());

const newProject = (code: string) => api.ok<ProjectDetail>('projects.create', bankable(c, { code, fundCentralFen: 1_000_00, fundProvincialFen: 0 }));

/** Every channel of the area once, on project `p`: create, read, list (all filters), update, split, pay, delete. */
async function everyFundsChannel(p: ProjectDetail): Promise<{ allocationId: number; paymentId: number }> {
  const a = await api.ok<AllocationDetail>('allocations.create', { docNumber: '青财农字[2024]7号', level: 'county', date: '2024-03-05', amountFen: 800_00 });
  await api.ok('allocations.get', { id: a.id });
  await api.ok('allocations.list', { year: 2024, level: 'county', keyword: '7号', importBatchId: 1, offset: 0, limit: 10 });
  await api.ok('allocations.update', { id: a.id, amountFen: 900_00, remark: '追加' });
  await api.ok('allocationSplits.set', { allocationId: a.id, splits: [{ projectId: p.id, amountFen: 500_00 }] });
  const pay = await api.ok<PaymentWriteResult>('payments.create', { projectId: p.id, allocationId: a.id, date: '2024-04-01', amountFen: 300_00 });
  await api.ok('payments.get', { id: pay.payment.id });
  await api.ok('payments.update', { id: pay.payment.id, amountFen: 350_00 });
  await api.ok('payments.delete', { id: pay.payment.id, reason: '录错' });
  await api.ok('allocationSplits.set', { allocationId: a.id, splits: [], replace: true });
  await api.ok('allocations.delete', { id: a.id, reason: '重复下达' });
  return { allocationId: a.id, paymentId: pay.payment.id };
}

describe('资金 on the data port', () => {
  it('sends the funds tables only portable SQL: positional ?, quoted camelCase aliases, no SQLite-only pieces', async () => {
    const p = await newProject('青山-2024-0098');
    const prepared: string[] = [];
    const prepare = ledger.sqlite.prepare.bind(ledger.sqlite);
    vi.spyOn(ledger.sqlite, 'prepare').mockImplementation(((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    }) as typeof ledger.sqlite.prepare);
    await everyFundsChannel(p);
    const funds = prepared.filter((sql) => /\b(allocations|allocation_splits|payments)\b/.test(sql));
    expect(funds.length).toBeGreaterThan(10);
    const problems = funds.flatMap((sql) => {
      const found: string[] = [];
      if (/[@$:]\w/.test(sql.replace(/'[^']*'/g, ''))) found.push('named parameter');
      if (/json_each|group_concat|strftime|'now'|datetime\(/i.test(sql)) found.push('SQLite-only function');
      for (const [, alias = ''] of sql.matchAll(/\bas\s+([A-Za-z_]\w*)/g)) if (/[A-Z]/.test(alias)) found.push(`unquoted alias ${alias}`);
      return found.map((f) => `${f}: ${sql.replace(/\s+/g, ' ').slice(0, 120)}`);
    });
    expect(problems).toEqual([]);
  });

  it('stamps allocations, splits and payments with the context clock, not the database clock', async () => {
    const { allocationId, paymentId } = await everyFundsChannel(await newProject('青山-2024-0098'));
    const iso = NOW.toISOString();
    const allocationRow = ledger.sqlite.prepare('select created_at, updated_at, deleted_at from allocations where id = ?').get(allocationId);
    const paymentRow = ledger.sqlite.prepare('select created_at, updated_at, deleted_at from payments where id = ?').get(paymentId);
    expect(allocationRow).toEqual({ created_at: iso, updated_at: iso, deleted_at: iso });
    expect(paymentRow).toEqual({ created_at: iso, updated_at: iso, deleted_at: iso });
    // A split of a fresh allocation, kept this time.
    const p = await newProject('青山-2024-0099');
    const a = await api.ok<AllocationDetail>('allocations.create', { docNumber: '青财农字[2024]8号', level: 'county', date: '2024-03-05', amountFen: 800_00 });
    await api.ok('allocationSplits.set', { allocationId: a.id, splits: [{ projectId: p.id, amountFen: 500_00 }] });
    expect(ledger.sqlite.prepare('select created_at, updated_at from allocation_splits where allocation_id = ?').get(a.id)).toEqual({ created_at: iso, updated_at: iso });
  });
});
