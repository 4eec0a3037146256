import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoResult, ProgressEvent } from '../../shared/api';
import { localToday } from '../../shared/dates';
import { checkDivisionCode } from '../../shared/divisions';
import { AppError } from '../../shared/errors';
import { checkIdNumber } from '../../shared/id-number';
import { verifyAuditChain } from '../../electron/platform/audit';
import { openLedger, type LedgerHandle } from '../../electron/platform/context';
import { dataPort } from '../../electron/platform/data-port';
import { readSettingOn } from '../../electron/ledger/settings/store';
import { dashboardSummary } from '../../electron/ledger/dashboard/service';
import { loadDemoData } from '../../electron/ledger/demo/county';

const dirs: string[] = [];
const ledgers: LedgerHandle[] = [];

/** The ledgers' clock: the demo's years follow it, so a fixed one keeps these tests deterministic. */
const FIXED_NOW = new Date('2026-11-24T10:00:00+08:00');
/** The demo county's "today" under FIXED_NOW, and its current year. */
const AS_OF = '2026-11-24';
const YEAR = 2026;

function freshLedger(onProgress?: (e: ProgressEvent) => void, now: Date = FIXED_NOW): LedgerHandle {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-test-'));
  dirs.push(dir);
  const ledger = openLedger({ dbFile: path.join(dir, 'x.db'), door: 'cli', onProgress, now: () => new Date(now.getTime()) });
  ledgers.push(ledger);
  return ledger;
}

afterAll(() => {
  for (const l of ledgers.splice(0)) l.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const TOTAL_FUNDS = 'p.fund_central_fen + p.fund_provincial_fen + p.fund_municipal_fen + p.fund_county_fen + p.fund_other_fen';

function count(ledger: LedgerHandle, sql: string, ...params: unknown[]): number {
  return ledger.sqlite.prepare(sql).pluck().get(...params) as number;
}

describe('demo data at scale 1', () => {
  let ledger: LedgerHandle;
  let result: DemoResult;
  const events: ProgressEvent[] = [];

  beforeAll(async () => {
    ledger = freshLedger((e) => events.push(e));
    result = await loadDemoData(ledger, { scale: 1 });
  });

  it('builds a county of about 20 townships and 250 villages with its units', async () => {
    expect(result.townships).toBeGreaterThanOrEqual(18);
    expect(result.townships).toBeLessThanOrEqual(22);
    expect(result.villages).toBeGreaterThanOrEqual(230);
    expect(result.villages).toBeLessThanOrEqual(270);
    expect(count(ledger, "select count(*) from divisions where level = 'county'")).toBe(1);
    expect(count(ledger, "select count(*) from divisions where level = 'township'")).toBe(result.townships);
    expect(count(ledger, "select count(*) from divisions where level = 'village'")).toBe(result.villages);
    expect(count(ledger, "select count(*) from units where kind = 'department'")).toBeGreaterThanOrEqual(12);
    expect(count(ledger, "select count(*) from units where kind = 'townshipGov'")).toBe(result.townships);
    expect(count(ledger, "select count(*) from units where kind = 'assisting'")).toBeGreaterThan(0);
    expect(count(ledger, "select count(*) from units where kind = 'enterprise'")).toBeGreaterThan(0);
    expect(count(ledger, 'select count(*) from units')).toBe(result.units);
    const poverty = count(ledger, "select count(*) from divisions where level = 'village' and is_poverty_village = 1");
    expect(poverty / result.villages).toBeGreaterThan(0.2);
    expect(poverty / result.villages).toBeLessThan(0.4);
    expect(count(ledger, "select count(*) from divisions where is_poverty_village = 1 and (exit_year < 2016 or exit_year > 2020 or exit_year is null)")).toBe(0);
    expect(await readSettingOn<string>(dataPort(ledger), 'officeName')).toBe('青山县乡村振兴局');
    expect(await readSettingOn<string>(dataPort(ledger), 'countyName')).toBe('青山县');
  });

  it('gives every division a code that passes the code rules with its parent', () => {
    const rows = ledger.sqlite
      .prepare('select d.code, d.name, d.level, p.code as parentCode from divisions d left join divisions p on p.id = d.parent_id')
      .all() as Array<{ code: string; name: string; level: 'county' | 'township' | 'village'; parentCode: string | null }>;
    for (const r of rows) {
      expect(checkDivisionCode(r.code, r.level, r.parentCode), `${r.name} ${r.code}`).toBeNull();
      const ttt = Number(r.code.slice(6, 9));
      if (r.level === 'township') expect(r.name.endsWith('镇') ? ttt >= 100 && ttt <= 199 : ttt >= 200 && ttt <= 399, r.name).toBe(true);
      if (r.level === 'village') expect(Number(r.code.slice(9, 12))).toBeGreaterThanOrEqual(200);
    }
    // Village names are unique within their township.
    expect(count(ledger, "select count(*) from (select parent_id, name from divisions where level = 'village' group by 1, 2 having count(*) > 1)")).toBe(0);
  });

  it('fills about 1 000 projects and 10 000 payments, with the counts it reports', () => {
    expect(result.projects).toBeGreaterThanOrEqual(900);
    expect(result.payments).toBeGreaterThanOrEqual(9000);
    expect(count(ledger, 'select count(*) from projects')).toBe(result.projects);
    expect(count(ledger, 'select count(*) from payments')).toBe(result.payments);
    expect(count(ledger, 'select count(*) from allocations')).toBe(result.allocations);
    expect(count(ledger, 'select count(*) from inspections')).toBe(result.inspections);
    expect(count(ledger, 'select count(*) from findings')).toBe(result.findings);
    expect(count(ledger, 'select count(*) from assets')).toBe(result.assets);
    expect(count(ledger, 'select min(year) from projects')).toBe(YEAR - 4);
    expect(count(ledger, 'select max(year) from projects')).toBe(YEAR);
    expect(count(ledger, 'select count(distinct status) from projects')).toBeGreaterThanOrEqual(8);
    expect(count(ledger, 'select count(*) from (select code from projects group by code having count(*) > 1)')).toBe(0);
    expect(count(ledger, "select count(*) from projects where code not glob '青山-20[0-9][0-9]-[0-9][0-9][0-9][0-9]*'")).toBe(0);
  });

  it('keeps each project consistent: place, type, dates, status and beneficiaries', () => {
    // The village lies in the project's township; the subcategory belongs to the category.
    expect(count(ledger, 'select count(*) from projects p join divisions v on v.id = p.village_id where v.parent_id <> p.township_id')).toBe(0);
    expect(count(ledger, 'select count(*) from projects where township_id is null or category_id is null or subcategory_id is null')).toBe(0);
    expect(count(ledger, 'select count(*) from projects p join project_types s on s.id = p.subcategory_id where s.parent_id <> p.category_id')).toBe(0);
    expect(count(ledger, 'select count(*) from projects where cast(substr(planned_start, 1, 4) as integer) <> year or planned_end < planned_start')).toBe(0);
    expect(count(ledger, 'select count(*) from projects where actual_end < actual_start or actual_end > ?', AS_OF)).toBe(0);
    // Started-or-later projects have an actual start, completed-or-later an actual end; earlier ones neither.
    expect(count(ledger, "select count(*) from projects where status in ('started','completed','accepted','reimbursed','handedOver','maintained') and actual_start is null")).toBe(0);
    expect(count(ledger, "select count(*) from projects where status in ('completed','accepted','reimbursed','handedOver','maintained') and actual_end is null")).toBe(0);
    expect(count(ledger, "select count(*) from projects where status in ('planning','publicized','banked','approved','funded','tendering') and actual_start is not null")).toBe(0);
    expect(count(ledger, 'select count(*) from projects where poverty_households > beneficiary_households or beneficiary_households is null')).toBe(0);
    expect(count(ledger, `select count(*) from projects p where ${TOTAL_FUNDS} <= 0`)).toBe(0);
    // Older years mostly finished, the current one mostly not.
    const finishedShare = (year: number) =>
      count(ledger, "select avg(status in ('completed','accepted','reimbursed','handedOver','maintained')) from projects where year = ?", year);
    expect(finishedShare(YEAR - 4)).toBeGreaterThan(0.9);
    expect(finishedShare(YEAR)).toBeLessThan(0.4);
    const linkage = ledger.sqlite.prepare('select farmer_linkage from projects').pluck().all() as string[];
    for (const l of linkage) expect(Array.isArray(JSON.parse(l))).toBe(true);
  });

  it('never pays a project above its funds, and never splits an allocation above its amount', () => {
    expect(
      count(ledger, `select count(*) from projects p where (select coalesce(sum(amount_fen), 0) from payments where project_id = p.id) > ${TOTAL_FUNDS}`),
    ).toBe(0);
    expect(
      count(ledger, 'select count(*) from allocations a where (select coalesce(sum(amount_fen), 0) from allocation_splits where allocation_id = a.id) > a.amount_fen'),
    ).toBe(0);
    // Splits never exceed what a project may receive at that level either.
    expect(
      count(
        ledger,
        `select count(*) from projects p where (select coalesce(sum(amount_fen), 0) from allocation_splits where project_id = p.id) > ${TOTAL_FUNDS}`,
      ),
    ).toBe(0);
    expect(count(ledger, "select count(*) from allocations where doc_number not glob '*〔20[0-9][0-9]〕[0-9]*号'")).toBe(0);
  });

  it('has examples of the flags a supervisor looks for', () => {
    // 拨付超下达: paid above what allocations assigned to the project.
    const overAllocated = count(
      ledger,
      `select count(*) from projects p
       where (select coalesce(sum(amount_fen), 0) from payments where project_id = p.id)
           > (select coalesce(sum(amount_fen), 0) from allocation_splits where project_id = p.id)`,
    );
    expect(overAllocated).toBeGreaterThan(0);
    expect(overAllocated).toBeLessThan(result.projects * 0.05);
    // Payments on a project that has not started: a handful, not the rule.
    const earlyPaid = count(ledger, 'select count(distinct p.id) from projects p join payments y on y.project_id = p.id where p.actual_start is null');
    expect(earlyPaid).toBeGreaterThan(0);
    expect(earlyPaid).toBeLessThanOrEqual(10);
    // Assets below a 6 % return.
    expect(count(ledger, 'select count(*) from asset_incomes i join assets a on a.id = i.asset_id where i.income_fen < a.original_value_fen * 0.06')).toBeGreaterThan(0);
  });

  it('dates payments within or after the project year and numbers vouchers uniquely', () => {
    expect(count(ledger, 'select count(*) from payments y join projects p on p.id = y.project_id where cast(substr(y.date, 1, 4) as integer) < p.year')).toBe(0);
    expect(count(ledger, "select count(*) from payments where voucher not glob '付-20[0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]'")).toBe(0);
    expect(count(ledger, 'select count(*) - count(distinct voucher) from payments')).toBe(0);
    expect(count(ledger, 'select count(distinct payment_type) from payments')).toBe(4);
    expect(count(ledger, 'select count(*) from payments where amount_fen <= 0')).toBe(0);
  });

  it('forms assets for about 40 % of finished projects, never above the project funds', () => {
    const finished = count(ledger, "select count(*) from projects where status in ('completed','accepted','reimbursed','handedOver','maintained')");
    expect(result.assets / finished).toBeGreaterThan(0.25);
    expect(result.assets / finished).toBeLessThan(0.55);
    expect(count(ledger, `select count(*) from assets a join projects p on p.id = a.project_id where a.original_value_fen > ${TOTAL_FUNDS}`)).toBe(0);
    expect(count(ledger, "select count(*) from assets a join projects p on p.id = a.project_id where p.status not in ('completed','accepted','reimbursed','handedOver','maintained')")).toBe(0);
    expect(count(ledger, 'select count(distinct kind) from assets')).toBe(3);
    expect(count(ledger, 'select count(*) from asset_incomes')).toBeGreaterThan(0);
  });

  it('records inspections and findings with deadlines and a believable rectification state', () => {
    expect(result.inspections).toBeGreaterThanOrEqual(20);
    expect(result.findings).toBeGreaterThanOrEqual(result.inspections * 15);
    expect(count(ledger, 'select count(distinct source) from inspections')).toBeGreaterThanOrEqual(6);
    expect(count(ledger, "select count(*) from findings where deadline_text = '长期坚持' and deadline_date is not null")).toBe(0);
    expect(count(ledger, "select count(*) from findings where deadline_text <> '长期坚持' and deadline_date is null")).toBe(0);
    for (const words of ['立行立改', '长期坚持']) {
      expect(count(ledger, 'select count(*) from findings where deadline_text = ?', words), words).toBeGreaterThan(0);
    }
    expect(count(ledger, "select count(*) from findings where deadline_text like '%年底前'")).toBeGreaterThan(0);
    expect(count(ledger, "select count(*) from findings where deadline_text like '%月%日前'")).toBeGreaterThan(0);
    // 年底前 means 12-31 of that year.
    expect(count(ledger, "select count(*) from findings where deadline_text like '%年底前' and deadline_date <> substr(deadline_text, 1, 4) || '-12-31'")).toBe(0);
    // Closed findings: a reviewer other than the person who recorded the completion, after it.
    expect(
      count(
        ledger,
        "select count(*) from findings where status = 'closed' and (closed_reviewer is null or completed_by is null or closed_reviewer = completed_by or closed_date is null or closed_date < completed_date)",
      ),
    ).toBe(0);
    expect(count(ledger, "select count(*) from findings where status = 'closed'")).toBeGreaterThan(0);
    // Overdue open ones on the as-of day, and open ones that are not overdue (long-term).
    expect(count(ledger, "select count(*) from findings where status in ('notStarted','inProgress') and deadline_date < ?", AS_OF)).toBeGreaterThan(0);
    expect(count(ledger, "select count(distinct status) from findings")).toBe(5);
    // Each finding has its 交办 step; closed ones a step to 'closed' signed by the reviewer.
    expect(count(ledger, "select count(*) from findings f where not exists (select 1 from finding_updates u where u.finding_id = f.id and u.to_status = 'notStarted')")).toBe(0);
    expect(
      count(ledger, "select count(*) from findings f where f.status = 'closed' and not exists (select 1 from finding_updates u where u.finding_id = f.id and u.to_status = 'closed' and u.operator = f.closed_reviewer)"),
    ).toBe(0);
  });

  it('registers households with valid, unique ID numbers', () => {
    const ids = ledger.sqlite.prepare('select id_number from households').pluck().all() as string[];
    expect(ids.length).toBeGreaterThanOrEqual(200);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(checkIdNumber(id)).toEqual({ ok: true, normalised: id });
  });

  it('writes one audit row for the whole load, with the counts, after the bulk rows 校验 replays', () => {
    const rows = ledger.sqlite.prepare('select action, entity, after from audit_log order by id').all() as Array<{ action: string; entity: string; after: string }>;
    const last = rows[rows.length - 1];
    expect(rows.filter((r) => r.action === 'demo.load')).toHaveLength(1);
    expect(last).toMatchObject({ action: 'demo.load', entity: 'ledger' });
    expect(JSON.parse(last?.after ?? '{}')).toMatchObject({ projects: result.projects, payments: result.payments, scale: 1 });
    // The records themselves: createMany rows of up to 10 000 records (verify/bulk-trail.ts), one split list per allocation.
    const payments = rows.filter((r) => r.action === 'createMany' && r.entity === 'payment');
    expect(payments).toHaveLength(Math.ceil(result.payments / 10_000));
    expect(payments.reduce((n, r) => n + (JSON.parse(r.after) as { rows: unknown[] }).rows.length, 0)).toBe(result.payments);
    expect(rows.filter((r) => r.action === 'set' && r.entity === 'allocationSplits').length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(200);
    expect(verifyAuditChain(ledger).ok).toBe(true);
  });

  it('reports progress as job "demo" up to 100 %', () => {
    expect(events.length).toBeGreaterThanOrEqual(5);
    expect(events.every((e) => e.jobId === 'demo' && e.label === '生成示例数据')).toBe(true);
    const last = events[events.length - 1];
    expect(last?.done).toBe(last?.total);
  });

  it('refuses a second load on the filled ledger with CONFLICT and changes nothing', async () => {
    let error: unknown;
    try {
      await loadDemoData(ledger, { scale: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFLICT');
    expect((error as AppError).message).toMatch(/空白台账/);
    expect(count(ledger, 'select count(*) from projects')).toBe(result.projects);
    expect(count(ledger, 'select count(*) from audit_log where action = \'demo.load\'')).toBe(1);
  });
});

describe('demo data generation', () => {
  function snapshot(ledger: LedgerHandle) {
    return ledger.sqlite
      .prepare(`select p.name, p.code, ${TOTAL_FUNDS} as total, (select coalesce(sum(amount_fen), 0) from payments where project_id = p.id) as paid from projects p order by p.id`)
      .all();
  }

  it('is deterministic: the same seed gives the same projects and amounts, another seed does not', async () => {
    const a = freshLedger();
    const b = freshLedger();
    const c = freshLedger();
    await loadDemoData(a, { scale: 1, seed: 7 });
    await loadDemoData(b, { scale: 1, seed: 7 });
    await loadDemoData(c, { scale: 1, seed: 8 });
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(snapshot(a)).not.toEqual(snapshot(c));
    const findings = (l: LedgerHandle) => l.sqlite.prepare('select description, deadline_text, status from findings order by id').all();
    expect(findings(a)).toEqual(findings(b));
  });

  it('scales projects, payments, findings, assets and households but not the places', async () => {
    const one = freshLedger();
    const three = freshLedger();
    const r1 = await loadDemoData(one, { scale: 1 });
    const r3 = await loadDemoData(three, { scale: 3 });
    expect(r3.townships).toBe(r1.townships);
    expect(r3.villages).toBe(r1.villages);
    expect(r3.projects).toBeGreaterThanOrEqual(r1.projects * 2.8);
    expect(r3.payments).toBeGreaterThanOrEqual(r1.payments * 2.5);
    expect(r3.findings).toBeGreaterThanOrEqual(r1.findings * 2);
    expect(r3.assets).toBeGreaterThanOrEqual(r1.assets * 2.5);
    expect(count(three, 'select count(*) from households')).toBe(count(one, 'select count(*) from households') * 3);
    expect(
      count(three, `select count(*) from projects p where (select coalesce(sum(amount_fen), 0) from payments where project_id = p.id) > ${TOTAL_FUNDS}`),
    ).toBe(0);
    expect(
      count(three, 'select count(*) from allocations a where (select coalesce(sum(amount_fen), 0) from allocation_splits where allocation_id = a.id) > a.amount_fen'),
    ).toBe(0);
  });

  it('refuses a scale outside 1–200', async () => {
    const ledger = freshLedger();
    await expect(loadDemoData(ledger, { scale: 0 })).rejects.toThrow(/规模倍数/);
    await expect(loadDemoData(ledger, { scale: 1.5 })).rejects.toThrow(AppError);
    expect(count(ledger, 'select count(*) from divisions')).toBe(0);
  });
});

describe('demo data follows the ledger clock', () => {
  /** Dates of things that happened: none may lie after the as-of day (plans, deadlines and contract ends may). */
  const HAPPENED: ReadonlyArray<readonly [string, string]> = [
    ['projects', 'actual_start'],
    ['projects', 'actual_end'],
    ['allocations', 'date'],
    ['payments', 'date'],
    ['assets', 'formed_date'],
    ['assets', 'handover_date'],
    ['assets', 'contract_start'],
    ['inspections', 'start_date'],
    ['inspections', 'end_date'],
    ['findings', 'completed_date'],
    ['findings', 'closed_date'],
    ['finding_updates', 'date'],
  ];

  // Midday or morning in UTC+8 so the calendar date is the same in UTC: the expectations hold in either zone.
  it.each(['2026-11-24T10:00:00+08:00', '2027-01-05T09:00:00+08:00', '2027-01-01T12:00:00+08:00', '2030-06-30T16:00:00+08:00'])(
    'with the clock at %s: current year, nothing after the as-of day, 首页 figures for this year',
    async (clock) => {
      const now = new Date(clock);
      const asOf = localToday(now);
      const year = now.getFullYear();
      const ledger = freshLedger(undefined, now);
      await loadDemoData(ledger, { scale: 1, seed: 11 });

      expect(count(ledger, 'select max(year) from projects')).toBe(year);
      expect(count(ledger, 'select min(year) from projects')).toBe(year - 4);
      expect(count(ledger, 'select min(cast(substr(start_date, 1, 4) as integer)) from inspections')).toBeGreaterThanOrEqual(year - 3);
      for (const [table, column] of HAPPENED) {
        expect(count(ledger, `select count(*) from ${table} where ${column} > ?`, asOf), `${table}.${column}`).toBe(0);
      }
      // Every project's dates are valid, the current year's included however early in the year it is.
      expect(count(ledger, 'select count(*) from projects where cast(substr(planned_start, 1, 4) as integer) <> year or planned_end < planned_start')).toBe(0);
      expect(count(ledger, "select count(*) from projects where actual_start < year || '-01-01' or actual_end < actual_start")).toBe(0);
      expect(count(ledger, "select count(*) from projects where status in ('started','completed','accepted','reimbursed','handedOver','maintained') and actual_start is null")).toBe(0);
      expect(count(ledger, "select count(*) from projects where status in ('completed','accepted','reimbursed','handedOver','maintained') and actual_end is null")).toBe(0);
      expect(count(ledger, 'select count(*) from allocations where cast(substr(date, 1, 4) as integer) <> year')).toBe(0);
      expect(count(ledger, 'select count(*) from payments y join projects p on p.id = y.project_id where cast(substr(y.date, 1, 4) as integer) < p.year')).toBe(0);
      expect(count(ledger, 'select count(*) from finding_updates u join findings f on f.id = u.finding_id join inspections i on i.id = f.inspection_id where u.date < i.end_date')).toBe(0);
      // The money invariants hold whatever the date.
      expect(
        count(ledger, `select count(*) from projects p where (select coalesce(sum(amount_fen), 0) from payments where project_id = p.id) > ${TOTAL_FUNDS}`),
      ).toBe(0);
      expect(
        count(ledger, 'select count(*) from allocations a where (select coalesce(sum(amount_fen), 0) from allocation_splits where allocation_id = a.id) > a.amount_fen'),
      ).toBe(0);

      const summary = await dashboardSummary(ledger);
      expect(summary.year).toBe(year);
      expect(summary.projectsThisYear).toBeGreaterThan(0);
      expect(summary.projectFundsFen).toBeGreaterThan(0);
      expect(summary.allocatedFen).toBeGreaterThan(0);
    },
  );

  it('is deterministic for the same seed and clock, and moves with the clock', async () => {
    const later = new Date('2030-06-30T16:00:00+08:00');
    const a = freshLedger(undefined, later);
    const b = freshLedger(undefined, later);
    await loadDemoData(a, { scale: 1, seed: 5 });
    await loadDemoData(b, { scale: 1, seed: 5 });
    const rows = (l: LedgerHandle) =>
      l.sqlite.prepare('select year, code, name, status, planned_start, actual_start, actual_end from projects order by id').all();
    expect(rows(a)).toEqual(rows(b));
    const dates = (l: LedgerHandle) => l.sqlite.prepare('select date, amount_fen from payments order by id').all();
    expect(dates(a)).toEqual(dates(b));
    expect(count(a, 'select max(year) from projects')).toBe(2030);
  });
});
