// 导出 → 导入 round trip: a ledger exported (all fields) and imported into a fresh ledger with the same 区划
// and 单位 gives back the same records, to the fen — for the demo county (several seeds, both units) and for
// generated projects and payments whose texts start with = + - @ and whose amounts reach 100 亿元.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { importFile } from '../../electron/ledger/imports/service';
import { MAX_AMOUNT_FEN } from '../../shared/money';
import { allocationRecords, copyReferenceData, exportToFile, findingRecords, paymentRecords, projectRecords, recordDiff } from '../helpers/export-roundtrip';
import { bankable, channels, setupCounty } from '../helpers/county-fixture';
import { tempDir, tempLedger, type TempLedger } from '../helpers/ledger';

const NOW = new Date('2026-11-24T10:00:00+08:00');
const ledgers: TempLedger[] = [];
const dirs: string[] = [];

function ledger(): TempLedger {
  const l = tempLedger({ now: () => new Date(NOW.getTime()) });
  ledgers.push(l);
  return l;
}

afterAll(() => {
  for (const l of ledgers.splice(0)) l.dispose();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function same(expected: string[], actual: string[]): void {
  expect(recordDiff(expected, actual)).toEqual({ onlyExpected: [], onlyActual: [], counts: [expected.length, expected.length] });
}

async function importClean(target: TempLedger, file: string, sheet?: string) {
  const result = await importFile(target, { path: file, ...(sheet ? { sheet } : {}) });
  expect(result.errors, JSON.stringify(result.errors.slice(0, 3))).toEqual([]);
  // The 合计 row the export wrote is checked by the import against the rows: it must agree.
  for (const r of result.reconcile) expect(r.ok, r.message ?? '').toBe(true);
  return result;
}

describe('export then import gives back the same records', () => {
  it('demo county, any seed, 元 or 万元', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom('yuan' as const, 'wan' as const), async (seed, unit) => {
        const source = ledger();
        await loadDemoData(source, { scale: 1, seed });
        const target = ledger();
        await copyReferenceData(source, target);
        const dir = tempDir('export-rt-');
        dirs.push(dir);

        const projects = await exportToFile(source, dir, { ledger: 'projects', allColumns: true, unit });
        const imported = await importClean(target, projects.file);
        expect(imported.kind).toBe('projects');
        expect(imported.imported).toBe(projects.rows);
        same(projectRecords(source), projectRecords(target));

        // 资金下达 with its 分配明细 sheet: the import picks the detailed sheet (allocations and their splits).
        const allocations = await exportToFile(source, dir, { ledger: 'allocations', allColumns: true, unit });
        expect(allocations.sheets).toEqual(['资金下达', '资金分配明细']);
        expect((await importClean(target, allocations.file)).kind).toBe('allocations');
        same(allocationRecords(source), allocationRecords(target));

        const payments = await exportToFile(source, dir, { ledger: 'payments', allColumns: true, unit });
        const paid = await importClean(target, payments.file);
        expect(paid.kind).toBe('payments');
        expect(paid.imported).toBe(payments.rows);
        same(paymentRecords(source), paymentRecords(target));
        expect(paid.totals.amountFen).toBe(source.sqlite.prepare('select sum(amount_fen) from payments where deleted_at is null').pluck().get());

        const findings = await exportToFile(source, dir, { ledger: 'findings', allColumns: true, unit });
        expect((await importClean(target, findings.file)).kind).toBe('findings');
        same(findingRecords(source), findingRecords(target));
      }),
      { numRuns: 2 },
    );
  });

  it('generated projects and payments: formula-like text stays text, amounts stay exact to the fen', async () => {
    // Text that a spreadsheet would take for a formula if it were written carelessly.
    const risky = fc
      .tuple(fc.constantFrom('=', '+', '-', '@', '=HYPERLINK("http://x","', '=1+', '-2', '+86'), fc.string({ minLength: 1, maxLength: 12 }))
      // Printable characters only (the ledger trims whitespace; control characters cannot be typed).
      .map(([head, tail]) => `${head}${[...tail].filter((c) => c > ' ' && c !== '\u007f').join('')}x`);
    const fenAmount = fc.oneof(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: MAX_AMOUNT_FEN / 10 }), fc.constant(MAX_AMOUNT_FEN / 10));
    const project = fc.record({
      name: fc.oneof(risky, fc.constantFrom('村道硬化项目', '光伏电站')),
      content: risky,
      central: fenAmount,
      county: fc.integer({ min: 0, max: 99_999_999 }),
      payments: fc.array(fc.record({ share: fc.integer({ min: 1, max: 1000 }), payee: risky, voucher: fc.option(risky, { nil: null }) }), { maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(project, { minLength: 1, maxLength: 6 }), fc.constantFrom('yuan' as const, 'wan' as const), async (list, unit) => {
        const source = ledger();
        const county = await setupCounty(source);
        const { ok } = channels(source);
        for (const [i, p] of list.entries()) {
          const created = await ok<{ id: number }>('projects.create', {
            ...bankable(county),
            year: 2025,
            code: `QS-2025-${String(i + 1).padStart(3, '0')}`,
            name: p.name,
            townshipId: i % 2 === 0 ? county.huashu.id : county.nanshan.id,
            villageId: i % 2 === 0 ? county.qianjin.id : county.xiaohe.id,
            content: p.content,
            fundCentralFen: p.central,
            fundCountyFen: p.county,
            status: 'started',
          });
          let left = p.central + p.county;
          for (const [k, pay] of p.payments.entries()) {
            const amount = Math.max(1, Math.floor((p.central + p.county) * (pay.share / 4000)));
            if (amount > left) continue;
            left -= amount;
            await ok('payments.create', { projectId: created.id, date: `2025-0${(k % 9) + 1}-1${k}`, amountFen: amount, payee: pay.payee, voucher: pay.voucher });
          }
        }
        const target = ledger();
        await copyReferenceData(source, target);
        const dir = tempDir('export-rt-');
        dirs.push(dir);
        await importClean(target, (await exportToFile(source, dir, { ledger: 'projects', allColumns: true, unit })).file);
        same(projectRecords(source), projectRecords(target));
        const payments = await exportToFile(source, dir, { ledger: 'payments', allColumns: true, unit });
        if (payments.rows > 0) await importClean(target, payments.file);
        same(paymentRecords(source), paymentRecords(target));
      }),
      { numRuns: 12 },
    );
  });
});

describe('the exported file itself', () => {
  it('names its sheets by township on request, in 区划 order', async () => {
    const source = ledger();
    await loadDemoData(source, { scale: 1, seed: 7 });
    const dir = tempDir('export-rt-');
    dirs.push(dir);
    const out = await exportToFile(source, dir, { ledger: 'payments', byTownship: true, unit: 'yuan', filters: { year: 2026 } });
    const townships = source.sqlite.prepare("select name from divisions where level = 'township' order by sort_order, code").pluck().all() as string[];
    expect(out.sheets.length).toBeGreaterThan(1);
    expect(out.sheets).toEqual(townships.filter((t) => out.sheets.includes(t)));
    const paid2026 = source.sqlite.prepare("select count(*) from payments where deleted_at is null and date like '2026%'").pluck().get() as number;
    expect(out.rows).toBe(paid2026);
    expect(path.basename(out.file)).toMatch(/\.xlsx$/);
  });
});
