// EXPLAIN QUERY PLAN of the hot queries on a demo county (scale 1: about 1 000 projects and 10 000
// payments) with no ANALYZE statistics, as a user's file has them: every query reaches payments and splits
// through covering indexes by project, never by scanning the payments table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { ALLOCATION_ROW_SQL, FLAG_SQL, PROGRESS_SQL, PROJECT_ALLOCATED_SQL, PROJECT_PAID_SQL } from '../../electron/ledger/funds/store';
import { refreshProjectSearchInitials, searchProjects } from '../../electron/ledger/projects/search';
import { MISSING_INITIALS_SQL } from '../../electron/ledger/projects/store';
import { buildProjectSearchSql, projectRowsSql } from '../../electron/ledger/projects/store-search';
import { projectSearchInput } from '../../shared/api';
import { tempLedger, type TempLedger } from '../helpers/ledger';

let ledger: TempLedger;
beforeAll(async () => {
  ledger = tempLedger();
  await loadDemoData(ledger, { scale: 1 });
  await refreshProjectSearchInitials(ledger);
});
afterAll(() => ledger.dispose());

function plan(sql: string, params: unknown = {}): string[] {
  return (ledger.sqlite.prepare(`explain query plan ${sql}`).all(params) as Array<{ detail: string }>).map((r) => r.detail);
}

/** No step reads the payments table itself: every step on payments is through one of its covering indexes. */
function expectNoPaymentTableReads(lines: string[]): void {
  for (const line of lines) {
    if (/\b(payments|pay)\b/.test(line)) expect(line).toMatch(/USING COVERING INDEX payments_(project_cover|allocation)_idx/);
  }
}

function sample() {
  const row = ledger.sqlite
    .prepare("select year, township_id as townshipId, category_id as categoryId from projects where category_id is not null and township_id is not null limit 1")
    .get() as { year: number; townshipId: number; categoryId: number };
  return row;
}

describe('EXPLAIN QUERY PLAN of the hot queries', () => {
  it('项目库 page (three filters + keyword): indexed projects, covering payments, and it finds rows', async () => {
    const s = sample();
    const input = projectSearchInput.parse({ ...s, keyword: 'c', limit: 100 });
    const q = buildProjectSearchSql(input);
    const page = plan(q.pageSql, [...q.params, q.limit, q.offset]);
    const totals = plan(q.totalsSql, q.params);
    console.log(['-- page', ...page, '-- totals', ...totals].join('\n'));
    expect(page[0]).toMatch(/^SEARCH p USING INDEX projects_year_township_idx \(year=\? AND township_id=\?\)/);
    expect(totals[0]).toMatch(/^SEARCH p USING INDEX projects_year_township_idx \(year=\? AND township_id=\?\)/);
    expect(totals.some((l) => l.includes('SEARCH pay USING COVERING INDEX payments_project_cover_idx (project_id=?)'))).toBe(true);
    expectNoPaymentTableReads([...page, ...totals]);
    expect([...page, ...totals].some((l) => /^SCAN p\b/.test(l))).toBe(false);

    const rows = plan(projectRowsSql(3), [1, 2, 3]);
    console.log(['-- page rows', ...rows].join('\n'));
    expect(rows.some((l) => /SEARCH p USING INTEGER PRIMARY KEY/.test(l))).toBe(true);
    expect(rows.some((l) => l.includes('SEARCH sp USING COVERING INDEX allocation_splits_project_idx (project_id=?)'))).toBe(true);
    expectNoPaymentTableReads(rows);

    const found = await searchProjects(ledger, projectSearchInput.parse({ year: s.year, townshipId: s.townshipId }));
    expect(found.totals.count).toBeGreaterThan(0);
    expect(found.totals.paidFen).toBeGreaterThan(0);
  });

  it('支出进度 pass: live projects of the year by the partial index, payments grouped in index order', () => {
    const projects = plan(PROGRESS_SQL.projects, [2024]);
    const splits = plan(PROGRESS_SQL.splits, [2024]);
    const payments = plan(PROGRESS_SQL.payments, [2024, '2024-09-30']);
    console.log(['-- progress projects', ...projects, '-- splits', ...splits, '-- payments', ...payments].join('\n'));
    expect(projects[0]).toBe('SEARCH p USING INDEX projects_live_year_idx (year=?)');
    expect(splits).toEqual([
      'SEARCH p USING INDEX projects_live_year_idx (year=?)',
      'SEARCH s USING COVERING INDEX allocation_splits_project_idx (project_id=?)',
    ]);
    expect(payments).toEqual([
      'SEARCH p USING INDEX projects_live_year_idx (year=?)',
      'SEARCH pay USING COVERING INDEX payments_project_cover_idx (project_id=?)',
    ]);
    expect(plan(PROGRESS_SQL.pool, [2024, '2024-09-30'])[0]).toMatch(/^SEARCH allocations USING INDEX allocations_year_level_idx \(year=\?\)/);
  });

  it('首页 flags: one year joins by index; all years read the covering indexes, never the payments table', () => {
    const one = FLAG_SQL.oneYear;
    const all = FLAG_SQL.allYears;
    const lines = {
      onePayments: plan(one.payments, [2024, '2024-09-30']),
      oneSplits: plan(one.splits, [2024]),
      allPayments: plan(all.payments, ['2024-09-30']),
      allSplits: plan(all.splits),
      live: plan(all.live ?? ''),
    };
    console.log(Object.entries(lines).map(([k, v]) => [`-- ${k}`, ...v].join('\n')).join('\n'));
    expect(lines.onePayments).toEqual([
      'SEARCH p USING INDEX projects_live_year_idx (year=?)',
      'SEARCH pay USING COVERING INDEX payments_project_cover_idx (project_id=?)',
    ]);
    expect(lines.allPayments).toEqual(['SCAN payments USING COVERING INDEX payments_project_cover_idx']);
    expect(lines.allSplits).toEqual(['SCAN allocation_splits USING COVERING INDEX allocation_splits_project_idx']);
    expect(lines.live).toEqual(['SCAN projects USING INDEX projects_live_year_idx']);
    expectNoPaymentTableReads([...lines.onePayments, ...lines.oneSplits]);
  });

  it('single-project money checks and the allocation list use covering indexes', () => {
    const paid = plan(`${PROJECT_PAID_SQL} and id <> ?`, [1, 2]);
    const allocated = plan(PROJECT_ALLOCATED_SQL, [1]);
    const allocationRows = plan(`${ALLOCATION_ROW_SQL} where a.deleted_at is null and a.year = 2024 order by a.date desc limit 100`);
    console.log(['-- paid', ...paid, '-- allocated', ...allocated, '-- allocation rows', ...allocationRows].join('\n'));
    expect(paid).toEqual(['SEARCH payments USING COVERING INDEX payments_project_cover_idx (project_id=?)']);
    expect(allocated[0]).toBe('SEARCH s USING COVERING INDEX allocation_splits_project_idx (project_id=?)');
    expect(allocationRows.some((l) => l.includes('SEARCH pay USING COVERING INDEX payments_allocation_idx (allocation_id=? AND deleted_at=?)'))).toBe(true);
    expect(allocationRows.some((l) => l.includes('SEARCH s USING INDEX allocation_splits_pair_unique (allocation_id=?)'))).toBe(true);
    expectNoPaymentTableReads(allocationRows);
  });

  it('finding rows without search initials reads the partial index (empty once filled), not the table', () => {
    expect(plan(MISSING_INITIALS_SQL)).toEqual(['SCAN projects USING INDEX projects_initials_missing_idx']);
  });
});
