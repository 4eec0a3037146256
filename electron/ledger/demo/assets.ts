// The demo county's assets (资产): about six in ten finished projects that leave one, with their owner, manager,
// contract and state, and the operating ones' yearly incomes, written through the 资产 store. A quarter earn
// below the 6 % a county typically expects, so the low-yield flag has something to find.
import type { AssetKind, AssetOperationMode, AssetRightsLevel, AssetStatus } from '../../../shared/enums';
import { insertAsset, insertAssetIncomes, type AssetFields, type AssetIncomeFields } from '../assets/store';
import { dayNum, isoOf, ymd } from './calendar';
import { COUNTY, ENTERPRISES, INDUSTRY_ENTERPRISES } from './places';
import { RANK_COMPLETED, RANK_HANDED_OVER, type GenProject } from './projects';
import type { Rng } from './random';
import { Batch, type DemoRun } from './run';

/** What the findings need of an asset: its name and place, and when it was formed. */
export interface DemoAsset {
  id: number;
  name: string;
  villageId: number | null;
  formed: number;
}

/** The assets of the finished projects, by township, each with its incomes; 72 %…80 % of the bar. */
export async function writeAssets(run: DemoRun, projects: readonly GenProject[]): Promise<Map<number, DemoAsset[]>> {
  const { tx, rng, stamp, cal, counts, progress } = run;
  const assetsByTownship = new Map<number, DemoAsset[]>();
  const assetSeq = new Map<number, number>();
  const incomes = new Batch<AssetIncomeFields>((rows) => insertAssetIncomes(tx, rows, stamp));
  // A year's income is booked in December: the current year's only once December has come.
  const lastIncomeYear = cal.asOf >= ymd(cal.year, 12, 1) ? cal.year : cal.year - 1;
  for (const [index, p] of projects.entries()) {
    if (index % 1024 === 0) progress.set(0.72 + (0.08 * index) / projects.length);
    if (p.rank < RANK_COMPLETED || p.item.asset === undefined || p.actualEnd === null || !rng.chance(0.62)) continue;
    const { fields, formed } = drawAsset(rng, p, p.item.asset, p.actualEnd, cal.asOf);
    const n = (assetSeq.get(p.year) ?? 0) + 1;
    assetSeq.set(p.year, n);
    const assetId = await insertAsset(tx, { code: `${COUNTY.short}ZC-${p.year}-${String(n).padStart(4, '0')}`, ...fields }, stamp);
    counts.assets += 1;
    const list = assetsByTownship.get(p.township.id) ?? [];
    list.push({ id: assetId, name: fields.name, villageId: fields.villageId, formed });
    assetsByTownship.set(p.township.id, list);

    // Incomes from the year after it formed.
    if (fields.kind === 'operating' && fields.status !== 'disposed') {
      const baseRate = incomeRate(rng, fields.status);
      const toVillagers = rng.pick([50, 60, 70]);
      for (let y = Number(isoOf(formed).slice(0, 4)) + 1; y <= lastIncomeYear; y += 1) {
        const rate = Math.max(0, baseRate + rng.real(-0.005, 0.005));
        const distribution = `${toVillagers}%用于脱贫户、监测户分红，${100 - toVillagers}%用于公益岗位和小型公益事业`;
        incomes.add({ assetId, year: y, incomeFen: Math.round((fields.originalValueFen / 100) * rate) * 100, distribution, remark: null });
        counts.assetIncomes += 1;
      }
      await incomes.flushIfFull();
    }
  }
  await incomes.flush();
  return assetsByTownship;
}

/** The asset a finished project leaves (named `assetNoun` at its place), everything but its code. */
function drawAsset(rng: Rng, p: GenProject, assetNoun: string, actualEnd: number, asOf: number): { fields: Omit<AssetFields, 'code'>; formed: number } {
  const kind: AssetKind = p.item.assetKind ?? (p.kind.group === 'industry' || p.kind.group === 'collective' ? 'operating' : p.kind.group === 'household' ? 'household' : 'publicWelfare');
  const placeName = p.village ? p.village.name : p.township.name;
  const valueFen = Math.floor((p.totalFen * rng.real(0.7, 1)) / 100) * 100;
  const formed = Math.min(actualEnd + rng.int(5, 40), asOf);
  const handover = p.rank >= RANK_HANDED_OVER ? Math.min(formed + rng.int(15, 120), asOf) : null;
  const { rightsLevel, owner } = drawOwner(rng, p, kind, placeName);
  let mode: AssetOperationMode;
  let manager: string;
  if (kind === 'operating') {
    mode = rng.weighted([['selfRun', 20], ['lease', 40], ['equity', 25], ['trust', 15]] as const);
    manager = mode === 'selfRun' ? owner : rng.pick(INDUSTRY_ENTERPRISES);
  } else {
    mode = 'selfRun';
    manager = kind === 'household' ? '受益农户' : p.village ? `${p.village.name}村民委员会` : p.township.govName;
  }
  const contractStart = mode === 'selfRun' ? null : Math.min((handover ?? formed) + rng.int(0, 30), asOf);
  const contractEnd = contractStart === null ? null : dayNum(`${Number(isoOf(contractStart).slice(0, 4)) + rng.pick([3, 5, 10])}${isoOf(contractStart).slice(4)}`) - 1;
  const status: AssetStatus =
    kind === 'operating'
      ? rng.weighted([['normal', 85], ['idle', 4], ['inefficient', 6], ['damaged', 3], ['disposed', 2]] as const)
      : rng.weighted([['normal', 92], ['damaged', 5], ['idle', 3]] as const);
  const fields: Omit<AssetFields, 'code'> = {
    name: `${placeName}${assetNoun}`, kind, projectId: p.id, originalValueFen: valueFen, formedDate: isoOf(formed), townshipId: p.township.id,
    villageId: p.village ? p.village.id : null, owner, rightsLevel, handoverDate: handover === null ? null : isoOf(handover), manager, operationMode: mode,
    contractStart: contractStart === null ? null : isoOf(contractStart), contractEnd: contractEnd === null ? null : isoOf(contractEnd), status,
    remark: status === 'disposed' ? '经村民代表大会同意已处置' : null,
  };
  return { fields, formed };
}

/** Who holds the rights: the households themselves, else mostly the village's 股份经济合作社. */
function drawOwner(rng: Rng, p: GenProject, kind: AssetKind, placeName: string): { rightsLevel: AssetRightsLevel; owner: string } {
  if (kind === 'household') return { rightsLevel: 'household', owner: `${placeName}受益农户` };
  const rightsLevel: AssetRightsLevel = p.village ? rng.weighted([['village', 85], ['township', 10], ['county', 5]] as const) : 'township';
  const owner = rightsLevel === 'village' && p.village ? `${p.village.name}股份经济合作社` : rightsLevel === 'county' ? ENTERPRISES[0] : p.township.govName;
  return { rightsLevel, owner };
}

/** The yearly rate of an operating asset's income on its value, before a yearly wobble. */
function incomeRate(rng: Rng, status: AssetStatus): number {
  if (status === 'idle') return rng.real(0, 0.01);
  if (status === 'inefficient') return rng.real(0.01, 0.04);
  return rng.chance(0.25) ? rng.real(0.02, 0.059) : rng.real(0.06, 0.1);
}
