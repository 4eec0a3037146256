// 示例数据: a believable county (青山县) for a first look at the app, for screenshots and for benchmarks.
// Everything is drawn from a seeded PRNG so the same seed gives the same ledger on every machine. The
// money invariants the services enforce hold here too: a project is never paid above its funds and an
// allocation is never split above its amount. A few deliberate irregularities (拨付超下达, payments on a
// project that has not started, low-yield assets, overdue findings) give the supervisor flags something to
// find. Each section writes through its area's store (places.ts, projects.ts, funds.ts, assets.ts,
// supervision.ts, households.ts), all in one transaction of the data port with the audit rows. Scale 100
// writes over a million rows, so the rows whose ids nothing needs go in through the stores' bulk inserts, and
// the trail records the rows in chunks (verify/bulk-trail.ts) instead of one audit row per record.
import type { DemoResult } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import { writeAudited } from '../../platform/audited-write';
import type { ServiceContext } from '../../platform/context';
import { recordBulkCreated } from '../audit/verify/bulk-trail';
import { countyRecord } from '../divisions/store';
import { anyProjectStored } from '../projects/store';
import { writeAssets } from './assets';
import { demoCalendar, PROJECTS_PER_YEAR_BY_AGE } from './calendar';
import { fundsSequence, writeAllocationsOfYear, writePaymentsOfYear } from './funds';
import { writeHouseholds } from './households';
import { writePlaces, type DemoPlaces } from './places';
import { demoKindTypes, writeProjectsOfYear, type DemoKindTypes, type GenProject } from './projects';
import { Rng } from './random';
import { noCounts, Progress, type DemoCounts, type DemoRun } from './run';
import { writeSupervision } from './supervision';

export const DEFAULT_DEMO_SEED = 20241;

export async function loadDemoData(ctx: ServiceContext, input: { scale: number; seed?: number }): Promise<DemoResult> {
  const scale = input.scale;
  if (!Number.isInteger(scale) || scale < 1 || scale > 200) {
    throw new AppError('VALIDATION', '规模倍数应为 1 到 200 之间的整数', 'scale');
  }
  const seed = input.seed ?? DEFAULT_DEMO_SEED;
  const progress = new Progress((event) => ctx.emitProgress(event));

  const result = await writeAudited(ctx, async (tx, audit) => {
    // Checked inside the transaction (it holds the write lock) so two windows cannot both fill the same ledger.
    if ((await countyRecord(tx)) !== undefined || (await anyProjectStored(tx))) {
      throw new AppError('CONFLICT', '示例数据只能载入空白台账：本台账已经有区划或项目数据。请新建一个数据文件后再载入示例数据。');
    }
    progress.set(0);
    // One timestamp for every row: the load is one event.
    const now = ctx.now();
    const counts = await generate({ tx, rng: new Rng(seed), scale, stamp: now.toISOString(), cal: demoCalendar(now), counts: noCounts(), progress });
    // What 校验 replays of the records (verify/bulk-trail.ts), then the load itself.
    await recordBulkCreated(tx, audit);
    await audit.record({ action: 'demo.load', entity: 'ledger', after: { scale, seed, ...counts } });
    return counts;
  });
  progress.set(1);
  return {
    townships: result.townships,
    villages: result.villages,
    units: result.units,
    projects: result.projects,
    allocations: result.allocations,
    payments: result.payments,
    inspections: result.inspections,
    findings: result.findings,
    assets: result.assets,
  };
}

/** The county section by section, in the order that keeps a seed's ledger the same. */
async function generate(run: DemoRun): Promise<DemoCounts> {
  const places = await writePlaces(run);
  const kinds = await demoKindTypes(run.tx);
  const projects = await writeProjectsAndMoney(run, places, kinds);
  run.progress.set(0.72);
  const assetsByTownship = await writeAssets(run, projects);
  run.progress.set(0.8);
  await writeSupervision(run, places, projects, assetsByTownship);
  run.progress.set(0.95);
  await writeHouseholds(run, places.villages);
  return run.counts;
}

/** Year by year: the projects, the year's allocations split across them, then their payments. */
async function writeProjectsAndMoney(run: DemoRun, places: DemoPlaces, kinds: DemoKindTypes): Promise<GenProject[]> {
  // Projects, allocations and payments take 2 %…72 % of the bar: one step for making a project, one for paying it.
  const totalProjects = PROJECTS_PER_YEAR_BY_AGE.reduce((s, n) => s + n * run.scale, 0);
  let steps = 0;
  const step = (): void => {
    steps += 1;
    if (steps % 256 === 0) run.progress.set(0.02 + (0.7 * steps) / (2 * totalProjects));
  };
  const sequence = fundsSequence(run.scale);
  const all: GenProject[] = [];
  for (const year of run.cal.projectYears) {
    const yearProjects = await writeProjectsOfYear(run, places, kinds, year, step);
    await writeAllocationsOfYear(run, year, yearProjects, sequence);
    await writePaymentsOfYear(run, yearProjects, sequence, step);
    for (const p of yearProjects) {
      // Keep only what assets and findings need; the splits are done with.
      p.splits = [];
      all.push(p);
    }
  }
  return all;
}
