// The demo county's registered households (受益户), mostly in the former 贫困村, each with a head whose 身份证号
// passes GB 11643's check digit, written through the 项目库 store.
import type { HouseholdType } from '../../../shared/enums';
import { idNumberCheckDigit } from '../../../shared/id-number';
import { insertHouseholds, type HouseholdFields } from '../projects/store';
import { lastDayOfMonth, pad2 } from './calendar';
import { personName } from './names';
import { COUNTY, type Village } from './places';
import type { Rng } from './random';
import { Batch, type DemoRun } from './run';

const HOUSEHOLDS_PER_SCALE = 400;

export async function writeHouseholds(run: DemoRun, villages: readonly Village[]): Promise<void> {
  const { rng, counts } = run;
  const usedIds = new Set<string>();
  const households = new Batch<HouseholdFields>((rows) => insertHouseholds(run.tx, rows, run.stamp));
  // Registered households live mostly in the former 贫困村.
  const householdDraw = villages.map((v) => [v, v.poverty ? 3 : 1] as const);
  for (let i = 0; i < HOUSEHOLDS_PER_SCALE * run.scale; i += 1) {
    const village = rng.weighted(householdDraw);
    const female = rng.chance(0.25);
    const idNumber = drawIdNumber(rng, run.cal.year, female, usedIds);
    const type: HouseholdType = rng.weighted([['lifted', 75], ['unstable', 10], ['marginal', 10], ['sudden', 5]] as const);
    const members = rng.weighted([[1, 8], [2, 22], [3, 28], [4, 24], [5, 12], [6, 6]] as const);
    households.add({ headName: personName(rng, female), idNumber, members, householdType: type, townshipId: village.township.id, villageId: village.id, remark: null });
    counts.households += 1;
    await households.flushIfFull();
  }
  await households.flush();
}

/** A 身份证号 of the county, born 20 to 90 years before `year`, not among `usedIds` (and then added to them). */
function drawIdNumber(rng: Rng, year: number, female: boolean, usedIds: Set<string>): string {
  let idNumber: string;
  do {
    const birthYear = rng.int(year - 90, year - 20);
    const month = rng.int(1, 12);
    const day = rng.int(1, lastDayOfMonth(birthYear, month));
    // Sequence: odd for men, even for women (GB 11643 §4.3).
    const sequence = rng.int(0, 499) * 2 + (female ? 0 : 1);
    const first17 = `${COUNTY.code.slice(0, 6)}${birthYear}${pad2(month)}${pad2(day)}${String(sequence).padStart(3, '0')}`;
    idNumber = first17 + idNumberCheckDigit(first17);
  } while (usedIds.has(idNumber));
  usedIds.add(idNumber);
  return idNumber;
}
