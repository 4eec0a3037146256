// 首页 figures: real counts and sums from the ledger.
import { officeYear } from '../../shared/dates';
import type { DashboardSummary } from '../../shared/api';
import type { ServiceContext } from './context';
import { readSetting } from './settings-store';

export function dashboardSummary(ctx: ServiceContext): DashboardSummary {
  const year = officeYear(ctx.now());
  const one = (query: string, ...params: unknown[]) => (ctx.sqlite.prepare(query).pluck().get(...params) as number | null) ?? 0;
  const county = ctx.sqlite.prepare("select name from divisions where level = 'county' limit 1").pluck().get() as string | undefined;
  return {
    isEmpty: county === undefined,
    countyName: county ?? readSetting<string>(ctx, 'countyName') ?? null,
    townships: one("select count(*) from divisions where level = 'township'"),
    villages: one("select count(*) from divisions where level = 'village'"),
    povertyVillages: one("select count(*) from divisions where level = 'village' and is_poverty_village = 1"),
    units: one('select count(*) from units where deleted_at is null'),
    projects: one('select count(*) from projects where deleted_at is null'),
    projectsThisYear: one('select count(*) from projects where deleted_at is null and year = ?', year),
    projectFundsFen: one(
      `select sum(fund_central_fen + fund_provincial_fen + fund_municipal_fen + fund_county_fen + fund_other_fen)
       from projects where deleted_at is null and year = ?`,
      year,
    ),
    allocations: one('select count(*) from allocations where deleted_at is null'),
    allocatedFen: one('select sum(amount_fen) from allocations where deleted_at is null and year = ?', year),
    payments: one('select count(*) from payments where deleted_at is null'),
    // A date range, not substr(date), so the payments date index serves it.
    paidFen: one('select sum(amount_fen) from payments where deleted_at is null and date >= ? and date < ?', `${year}`, `${year + 1}`),
    inspections: one('select count(*) from inspections where deleted_at is null'),
    // The findings of live inspections, as 督导问题整改 (findings.dashboard) counts them, so 首页's figures agree.
    findings: one('select count(*) from findings f join inspections i on i.id = f.inspection_id where f.deleted_at is null and i.deleted_at is null'),
    openFindings: one(
      `select count(*) from findings f join inspections i on i.id = f.inspection_id
       where f.deleted_at is null and i.deleted_at is null and f.status in ('notStarted', 'inProgress')`,
    ),
    households: one('select count(*) from households where deleted_at is null'),
    year,
  };
}
