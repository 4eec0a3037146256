// 首页 figures: real counts and sums from the ledger, and the outcome of the latest 校验.
import { z } from 'zod';
import { officeYear } from '../../../shared/dates';
import type { DashboardSummary, DashboardVerify } from '../../../shared/api';
import type { ServiceContext } from '../../platform/context';
import { dataPort } from '../../platform/data-port';
import { divisionFigures, liveUnitCount } from '../divisions/store';
import { allocationTotals } from '../funds/store';
import { readSetting } from '../settings/store';
import { startupVerifyState } from '../audit/verify/startup';

/** What a 校验 row carries (verify/service.ts recordVerify); the file may have been edited, so it is checked. */
const verifyRowAfter = z.object({
  ok: z.boolean(),
  problems: z.number().int().min(0),
  findings: z.array(z.string()).optional(),
  trigger: z.literal('startup').optional(),
});

/** The newest 校验 in the trail (a row it cannot read counts as none: 校验 itself will name the edited row). */
function latestVerify(ctx: ServiceContext): DashboardVerify['latest'] {
  const row = ctx.sqlite
    .prepare("select id, at, operator, after from audit_log where entity = 'ledger' and entity_id is null and action = 'verify' order by id desc limit 1")
    .get() as { id: number; at: string; operator: string; after: string | null } | undefined;
  if (!row?.after) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.after) as unknown;
  } catch {
    return null;
  }
  const after = verifyRowAfter.safeParse(parsed);
  if (!after.success) return null;
  const v = after.data;
  return { auditId: row.id, at: row.at, operator: row.operator, ok: v.ok, problems: v.problems, titles: v.findings ?? [], startup: v.trigger === 'startup' };
}

// The figures of areas with a store come from it; projects, payments, inspections, findings and households are
// still counted here until their areas' stores offer them.
export async function dashboardSummary(ctx: ServiceContext): Promise<DashboardSummary> {
  const year = officeYear(ctx.now());
  const one = (query: string, ...params: unknown[]) => (ctx.sqlite.prepare(query).pluck().get(...params) as number | null) ?? 0;
  const db = dataPort(ctx);
  const places = await divisionFigures(db);
  const allocationsAll = await allocationTotals(db, {});
  const allocationsThisYear = await allocationTotals(db, { year });
  return {
    isEmpty: places.county === null,
    countyName: places.county ?? readSetting<string>(ctx, 'countyName') ?? null,
    townships: places.townships,
    villages: places.villages,
    povertyVillages: places.povertyVillages,
    units: await liveUnitCount(db),
    projects: one('select count(*) from projects where deleted_at is null'),
    projectsThisYear: one('select count(*) from projects where deleted_at is null and year = ?', year),
    projectFundsFen: one(
      `select sum(fund_central_fen + fund_provincial_fen + fund_municipal_fen + fund_county_fen + fund_other_fen)
       from projects where deleted_at is null and year = ?`,
      year,
    ),
    allocations: allocationsAll.count,
    allocatedFen: allocationsThisYear.amountFen,
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
    verify: { latest: latestVerify(ctx), startup: startupVerifyState(ctx) },
  };
}
