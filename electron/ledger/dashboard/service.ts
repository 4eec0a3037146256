// 首页 figures: real counts and sums from the ledger, and the outcome of the latest 校验.
import { z } from 'zod';
import { officeYear } from '../../../shared/dates';
import type { DashboardSummary, DashboardVerify } from '../../../shared/api';
import type { ServiceContext } from '../../platform/context';
import { dataPort, type DataReader } from '../../platform/data-port';
import { latestVerifyRow } from '../audit/store';
import { divisionFigures, liveUnitCount } from '../divisions/store';
import { allocationFigures, paymentFigures } from '../funds/store';
import { projectFigures } from '../projects/store';
import { inspectionFigures } from '../supervision/findings-views-store';
import { readSettingOn } from '../settings/store';
import { startupVerifyState } from '../audit/verify/startup';

/** What a 校验 row carries (verify/service.ts recordVerify); the file may have been edited, so it is checked. */
const verifyRowAfter = z.object({
  ok: z.boolean(),
  problems: z.number().int().min(0),
  findings: z.array(z.string()).optional(),
  trigger: z.literal('startup').optional(),
});

/** The newest 校验 in the trail (a row it cannot read counts as none: 校验 itself will name the edited row). */
async function latestVerify(db: DataReader): Promise<DashboardVerify['latest']> {
  const row = await latestVerifyRow(db);
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

// Each area's figures come from its store, one statement an area where it can.
export async function dashboardSummary(ctx: ServiceContext): Promise<DashboardSummary> {
  const year = officeYear(ctx.now());
  const db = dataPort(ctx);
  const places = await divisionFigures(db);
  const allocations = await allocationFigures(db, year);
  const projects = await projectFigures(db, year);
  const payments = await paymentFigures(db, year);
  const supervision = await inspectionFigures(db);
  return {
    isEmpty: places.county === null,
    countyName: places.county ?? (await readSettingOn<string>(db, 'countyName')) ?? null,
    townships: places.townships,
    villages: places.villages,
    povertyVillages: places.povertyVillages,
    units: await liveUnitCount(db),
    projects: projects.projects,
    projectsThisYear: projects.projectsThisYear,
    projectFundsFen: projects.projectFundsFen,
    allocations: allocations.allocations,
    allocatedFen: allocations.allocatedFen,
    payments: payments.payments,
    paidFen: payments.paidFen,
    // The findings of live inspections, as 督导问题整改 (findings.dashboard) counts them, so 首页's figures agree.
    inspections: supervision.inspections,
    findings: supervision.findings,
    openFindings: supervision.openFindings,
    households: projects.households,
    year,
    verify: { latest: await latestVerify(db), startup: startupVerifyState(ctx) },
  };
}
