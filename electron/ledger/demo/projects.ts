// The demo county's projects, year by year, written through the 项目库 store: what kind, where, how much
// money from which level, how far along (its status and dates), whom it reaches and who runs and is paid.
import type { ProjectStatus } from '../../../shared/enums';
import { projectStatusRank } from '../../../shared/enums';
import { AppError } from '../../../shared/errors';
import type { DataReader } from '../../platform/data-port';
import { projectTypeRecords } from '../divisions/store';
import { DEFAULT_SUPERVISION_PHONE } from '../../../shared/projects/fields';
import { searchInitialsFor } from '../projects/search';
import { insertProject, type ProjectFields } from '../projects/store';
import { isoOf, PROJECTS_PER_YEAR_BY_AGE, ymd } from './calendar';
import { chineseNumber, personName } from './names';
import { BANK_PAYEE, CONTRACTORS, COUNTY, INDUSTRY_ENTERPRISES, type DemoPlaces, type Township, type Village } from './places';
import { FEE_KIND, PROJECT_KINDS, type Group, type ProjectItem, type ProjectKind } from './project-kinds';
import { at, type Rng } from './random';
import type { DemoRun } from './run';

type StatusMix = ReadonlyArray<readonly [ProjectStatus, number]>;

/** Status mixes of past project years by age (1 = last year … 4 = the oldest): older years mostly finished. */
const STATUS_BY_AGE: Readonly<Record<number, StatusMix>> = {
  4: [['maintained', 35], ['handedOver', 30], ['reimbursed', 20], ['accepted', 10], ['completed', 5]],
  3: [['maintained', 25], ['handedOver', 30], ['reimbursed', 25], ['accepted', 13], ['completed', 7]],
  2: [['maintained', 15], ['handedOver', 30], ['reimbursed', 25], ['accepted', 15], ['completed', 10], ['started', 5]],
  1: [['maintained', 5], ['handedOver', 15], ['reimbursed', 20], ['accepted', 20], ['completed', 18], ['started', 17], ['tendering', 3], ['funded', 2]],
};

/** Days of the current year a status needs behind it (start after tendering, completion, acceptance). */
const MIN_DAYS_FOR: Partial<Record<ProjectStatus, number>> = { started: 25, completed: 75, accepted: 120 };

/**
 * The current year's mix, by how far the year has gone (elapsed = days since 1 January): early statuses
 * in January, by December mostly started with some completed and accepted. Statuses that need more days
 * than have passed are left out, so every date they imply fits between 1 January and the as-of day.
 */
function currentYearStatusMix(elapsed: number): StatusMix {
  const f = Math.min(1, Math.max(0, elapsed / 365));
  const mix: Array<readonly [ProjectStatus, number]> = [
    ['planning', 5 + 20 * (1 - f)],
    ['publicized', 5 + 10 * (1 - f)],
    ['banked', 8 + 12 * (1 - f)],
    ['approved', 10 + 10 * (1 - f)],
    ['funded', 10 + 5 * (1 - f)],
    ['tendering', 10 + 5 * (1 - f)],
    ['started', 30 * f],
    ['completed', 15 * f * f],
    ['accepted', 7 * f * f * f],
  ];
  return mix.filter(([status, w]) => w > 0 && elapsed >= (MIN_DAYS_FOR[status] ?? 0));
}
export const RANK_PUBLICIZED = projectStatusRank('publicized');
export const RANK_BANKED = projectStatusRank('banked');
export const RANK_FUNDED = projectStatusRank('funded');
export const RANK_STARTED = projectStatusRank('started');
export const RANK_COMPLETED = projectStatusRank('completed');
export const RANK_ACCEPTED = projectStatusRank('accepted');
export const RANK_REIMBURSED = projectStatusRank('reimbursed');
export const RANK_HANDED_OVER = projectStatusRank('handedOver');

const OTHER_FUND_NOTES = ['整合资金', '东西部协作', '定点帮扶', '社会捐赠', '群众自筹'] as const;

/** What the generator keeps of a project for its money, its asset and the findings that name it. */
export interface GenProject {
  id: number;
  year: number;
  name: string;
  kind: ProjectKind;
  item: ProjectItem;
  township: Township;
  village: Village | null;
  status: ProjectStatus;
  rank: number;
  /** Funds per level in fen: central, provincial, municipal, county, other (funds.ts FUND_LEVELS). */
  funds: number[];
  totalFen: number;
  plannedStart: number;
  actualStart: number | null;
  actualEnd: number | null;
  payee: string;
  households: number;
  /** Splits assigned to it: [allocation id, fen], in the order payments draw on them. */
  splits: Array<readonly [number, number]>;
  /** 拨付超下达 example: splits cover only part of the funds, payments all of them. */
  underSplit: boolean;
}

// ---- 项目类型 -------------------------------------------------------------------------------------------

export interface DemoKindTypes {
  /** Each kind's [category id, subcategory id] in the ledger's dictionary. */
  types: ReadonlyMap<ProjectKind, readonly [number, number]>;
  /** The regular kinds found in it, with their weights. */
  usable: ReadonlyArray<readonly [ProjectKind, number]>;
}

/** The kinds' types from the seeded dictionary (the office may have renamed some: skip what is gone). */
export async function demoKindTypes(db: DataReader): Promise<DemoKindTypes> {
  const typeRows = await projectTypeRecords(db);
  const parentIdByName = new Map(typeRows.filter((r) => r.parentId === null).map((r) => [r.name, r.id] as const));
  const types = new Map<ProjectKind, readonly [number, number]>();
  for (const kind of [...PROJECT_KINDS, FEE_KIND]) {
    const parentId = parentIdByName.get(kind.parent);
    const child = parentId === undefined ? undefined : typeRows.find((r) => r.parentId === parentId && r.name === kind.sub);
    if (parentId !== undefined && child) types.set(kind, [parentId, child.id]);
  }
  const usable = PROJECT_KINDS.filter((k) => types.has(k)).map((k) => [k, k.weight] as const);
  if (usable.length === 0) {
    throw new AppError('CONFLICT', '项目类型字典中找不到示例数据使用的类型（如“产业发展 → 生产项目”），无法生成示例项目。');
  }
  return { types, usable };
}

// ---- A year's projects ----------------------------------------------------------------------------------

/** One project year as its projects are made: its status mix, the names taken and the last 序号. */
interface ProjectYear {
  year: number;
  statusMix: StatusMix;
  namesUsed: Set<string>;
  seq: number;
}

/** The year's projects: the regular ones by kind and village, then 3 项目管理费 per scale; `step` per project. */
export async function writeProjectsOfYear(run: DemoRun, places: DemoPlaces, kinds: DemoKindTypes, year: number, step: () => void): Promise<GenProject[]> {
  const { rng, scale, cal } = run;
  const age = cal.year - year;
  const feeCount = 3 * scale;
  const regularCount = at(PROJECTS_PER_YEAR_BY_AGE, age) * scale - feeCount;
  const statusMix = age === 0 ? currentYearStatusMix(cal.asOf - cal.yearStart) : STATUS_BY_AGE[age];
  if (statusMix === undefined || statusMix.length === 0) throw new RangeError(`demo: no status mix for ${year}`);
  const y: ProjectYear = { year, statusMix, namesUsed: new Set(), seq: 0 };
  // Villages drawn for projects: 贫困村 twice as often, as the money follows them.
  const villageDraw = places.villages.map((v) => [v, v.poverty ? 2 : 1] as const);
  const projects: GenProject[] = [];
  for (let i = 0; i < regularCount; i += 1) {
    const kind = rng.weighted(kinds.usable);
    const village = rng.weighted(villageDraw);
    projects.push(await makeProject(run, places, kinds, y, kind, rng.pick(kind.items), village.township, village));
    step();
  }
  // Management fees last, so the year's first rows are ordinary village projects.
  if (kinds.types.has(FEE_KIND)) {
    for (let i = 0; i < feeCount; i += 1) projects.push(await makeProject(run, places, kinds, y, FEE_KIND, at(FEE_KIND.items, 0), rng.pick(places.townships), null));
  }
  for (let i = 0; i < feeCount; i += 1) step();
  return projects;
}

/** One project, drawn and written (the draws in the order that keeps a seed's ledger the same). */
async function makeProject(
  run: DemoRun,
  places: DemoPlaces,
  kinds: DemoKindTypes,
  y: ProjectYear,
  kind: ProjectKind,
  item: ProjectItem,
  township: Township,
  village: Village | null,
): Promise<GenProject> {
  const { rng } = run;
  const year = y.year;
  y.seq += 1;
  const ids = kinds.types.get(kind) ?? null;
  const status = rng.weighted(y.statusMix);
  const rank = projectStatusRank(status);
  const name = uniqueName(y, item, township, village);
  const money = drawFunds(rng, kind);
  const dates = drawDates(rng, rank, year, run.cal.asOf);
  const reach = drawReach(rng, kind.group);
  const { target, linkage, linkageNote } = describeBenefits(rng, kind, item, reach.beneficiaryHouseholds, reach.povertyHouseholds);
  const { implementerId, enterprise } = drawImplementer(rng, places, kind, item, township);
  const departmentId = places.deptId(item.noun.includes('饮水') || item.noun.includes('水利') ? 'water' : kind.dept);
  const payee = drawPayee(rng, kind, enterprise, township, village);
  const nature = drawNature(rng, kind.group);
  const [central, provincial, municipal, county, other] = money.funds as [number, number, number, number, number];
  const fields: ProjectFields = {
    year, code: `${COUNTY.short}-${year}-${String(y.seq).padStart(4, '0')}`, name, categoryId: ids ? ids[0] : null, subcategoryId: ids ? ids[1] : null,
    constructionNature: nature, townshipId: township.id, villageId: village ? village.id : null,
    location: village ? `${township.name}${village.name}` : `${township.name}全域`, content: item.content(rng),
    plannedStart: isoOf(dates.plannedStart), plannedEnd: isoOf(dates.plannedEnd),
    actualStart: dates.actualStart === null ? null : isoOf(dates.actualStart), actualEnd: dates.actualEnd === null ? null : isoOf(dates.actualEnd),
    departmentId, implementerId, responsiblePerson: personName(rng),
    fundCentralFen: central, fundProvincialFen: provincial, fundMunicipalFen: municipal, fundCountyFen: county, fundOtherFen: other,
    fundOtherNote: money.otherNote, financingMethod: money.financing,
    beneficiaryVillages: village ? 1 : township.villages.length, ...reach,
    performanceTarget: target, farmerLinkage: [...linkage], farmerLinkageNote: linkageNote, status, remark: null,
    ...demoPublicity(rank, y.seq, dates.plannedStart, township, village),
  };
  // The pinyin initials go in with the project, so the first keyword search finds it without a catch-up pass.
  const searchInitials = searchInitialsFor(name, township.name, village ? village.name : null);
  const id = await insertProject(run.tx, fields, { searchInitials, importBatchId: null }, run.stamp);
  run.counts.projects += 1;
  return {
    id, year, name, kind, item, township, village, status, rank, funds: money.funds, totalFen: money.totalYuan * 100,
    plannedStart: dates.plannedStart, actualStart: dates.actualStart, actualEnd: dates.actualEnd, payee, households: reach.beneficiaryHouseholds, splits: [],
    // A few finished projects whose allocation records lag behind their payments (拨付超下达).
    underSplit: rank >= RANK_ACCEPTED && central > 0 && rng.chance(0.02),
  };
}

/**
 * The project's 公示, drawn from nothing (so a seed's ledger stays the same): none while 谋划申报; ten days on
 * the village's (or the township's) notice board some seven weeks before the planned start from 公示 on; at
 * 入库 or later finished without objection, or (one in eleven) with an objection dealt with.
 */
function demoPublicity(
  rank: number,
  seq: number,
  plannedStart: number,
  township: Township,
  village: Village | null,
): Pick<ProjectFields, 'publicityStart' | 'publicityEnd' | 'publicityPlace' | 'supervisionPhone' | 'publicityResult'> {
  if (rank < RANK_PUBLICIZED) return { publicityStart: null, publicityEnd: null, publicityPlace: null, supervisionPhone: null, publicityResult: null };
  const start = plannedStart - 50;
  return {
    publicityStart: isoOf(start),
    publicityEnd: isoOf(start + 9),
    publicityPlace: village ? `${village.name}村务公开栏` : `${township.name}政务公开栏`,
    supervisionPhone: DEFAULT_SUPERVISION_PHONE,
    publicityResult: rank < RANK_BANKED ? null : seq % 11 === 0 ? 'objectionResolved' : 'noObjection',
  };
}

/** A name is unique within its year and township; repeats become 二期, 三期 … as real ledgers write. */
function uniqueName(y: ProjectYear, item: ProjectItem, township: Township, village: Village | null): string {
  const base = village ? `${village.name}${item.noun}` : `${township.name}${y.year}年度${item.noun}`;
  let name = base;
  for (let k = 2; y.namesUsed.has(`${township.id}|${name}`); k += 1) name = `${base}（${chineseNumber(k)}期）`;
  y.namesUsed.add(`${township.id}|${name}`);
  return name;
}

/** 总投资 log-uniform in the kind's range, whole 百元; levels as shares with central the rest. */
function drawFunds(rng: Rng, kind: ProjectKind): { totalYuan: number; funds: number[]; otherNote: string | null; financing: string } {
  const [lo, hi] = kind.wan;
  const totalYuan = Math.round(lo * Math.pow(hi / lo, rng.next()) * 100) * 100;
  const weights = [
    rng.real(0.45, 0.75),
    rng.real(0.15, 0.35),
    rng.chance(0.25) ? rng.real(0.03, 0.1) : 0,
    rng.chance(0.4) ? rng.real(0.05, 0.15) : 0,
    rng.chance(0.15) ? rng.real(0.05, 0.25) : 0,
  ];
  const wsum = weights.reduce((a, b) => a + b, 0);
  const fundsYuan = weights.map((w, i) => (i === 0 ? 0 : Math.floor((totalYuan * w) / wsum / 100) * 100));
  fundsYuan[0] = totalYuan - fundsYuan.reduce((a, b) => a + b, 0);
  const funds = fundsYuan.map((yuan) => yuan * 100);
  const otherNote = at(funds, 4) > 0 ? rng.pick(OTHER_FUND_NOTES) : null;
  const financing = otherNote ? `财政衔接资金+${otherNote}` : at(funds, 3) > 0 ? '中央、省、县级财政衔接资金' : '中央、省级财政衔接资金';
  return { totalYuan, funds, otherNote, financing };
}

interface ProjectDates {
  plannedStart: number;
  plannedEnd: number;
  actualStart: number | null;
  actualEnd: number | null;
}

/**
 * Planned within the year; actual ones only as far as the status has gone, within the year's days up to the
 * as-of day (currentYearStatusMix leaves out statuses there are not days enough for).
 */
function drawDates(rng: Rng, rank: number, year: number, asOf: number): ProjectDates {
  const yearStart = ymd(year, 1, 1);
  let plannedStart = ymd(year, 3, 1) + rng.int(0, 120);
  const plannedDays = rng.int(60, 240);
  let actualStart: number | null = null;
  let actualEnd: number | null = null;
  if (rank >= RANK_STARTED) {
    // Accepted-or-later projects need room for acceptance before the as-of day, completed ones for the end.
    const latestStart = Math.max(yearStart, rank >= RANK_ACCEPTED ? asOf - 60 : asOf - 20);
    let start = plannedStart + rng.int(-10, 45);
    if (start > latestStart) {
      // Early in the current year: it started in the days there have been, and was planned to.
      start = yearStart + rng.int(0, latestStart - yearStart);
      if (plannedStart > start + 10) plannedStart = Math.max(yearStart, start - rng.int(0, 10));
    }
    actualStart = start;
    if (rank >= RANK_COMPLETED) {
      const latestEnd = Math.max(start + 15, rank >= RANK_ACCEPTED ? asOf - 45 : asOf - 5);
      let end = start + rng.int(45, 200);
      if (end > latestEnd) end = start + 15 + rng.int(0, latestEnd - start - 15);
      actualEnd = end;
    }
  }
  return { plannedStart, plannedEnd: plannedStart + plannedDays, actualStart, actualEnd };
}

type Reach = Record<'beneficiaryHouseholds' | 'beneficiaryPeople' | 'povertyHouseholds' | 'povertyPeople' | 'monitoredHouseholds' | 'monitoredPeople', number>;

/** Beneficiaries: 脱贫户 and 监测户 are part of the households reached, never more. */
function drawReach(rng: Rng, group: Group): Reach {
  const [households, povertyShare] = reachOfGroup(rng, group);
  const povertyHouseholds = Math.floor(households * povertyShare);
  const monitoredHouseholds = Math.min(households - povertyHouseholds, Math.floor(households * rng.real(0.02, 0.08)));
  const perHousehold = rng.real(2.4, 3.4);
  return {
    beneficiaryHouseholds: households,
    beneficiaryPeople: Math.round(households * perHousehold),
    povertyHouseholds,
    povertyPeople: Math.round(povertyHouseholds * perHousehold),
    monitoredHouseholds,
    monitoredPeople: Math.round(monitoredHouseholds * perHousehold),
  };
}

/** Households reached and the share of them 脱贫户, by the kind's group. */
function reachOfGroup(rng: Rng, group: Group): [number, number] {
  switch (group) {
    case 'welfare':
      return [rng.int(50, 2000), rng.real(0.75, 0.95)];
    case 'household':
      return [rng.int(10, 300), rng.real(0.8, 0.95)];
    case 'employment':
      return [rng.int(30, 500), rng.real(0.5, 0.9)];
    case 'industry':
      return [rng.int(20, 300), rng.real(0.3, 0.7)];
    case 'collective':
      return [rng.int(50, 400), rng.real(0.25, 0.5)];
    case 'fee':
      return [rng.int(1000, 3000), rng.real(0.2, 0.4)];
    default:
      return [rng.int(50, 600), rng.real(0.2, 0.5)];
  }
}

/** Who does it: township governments build, departments run subsidies, enterprises run industry. */
function drawImplementer(rng: Rng, places: DemoPlaces, kind: ProjectKind, item: ProjectItem, township: Township): { implementerId: number; enterprise: string | null } {
  if (kind.group === 'industry' && rng.chance(0.4)) {
    const enterprise = rng.pick(INDUSTRY_ENTERPRISES);
    return { implementerId: places.enterpriseIds.get(enterprise) ?? township.govUnitId, enterprise };
  }
  if (kind.group === 'welfare' || kind.group === 'employment' || kind.group === 'fee') {
    return { implementerId: rng.chance(0.6) ? places.deptId(kind.dept) : township.govUnitId, enterprise: null };
  }
  if (kind.group === 'infra' && rng.chance(0.3)) {
    return { implementerId: places.deptId(kind.dept === 'transport' && item.noun.includes('水') ? 'water' : kind.dept), enterprise: null };
  }
  return { implementerId: township.govUnitId, enterprise: null };
}

function drawPayee(rng: Rng, kind: ProjectKind, enterprise: string | null, township: Township, village: Village | null): string {
  switch (kind.payee) {
    case 'contractor':
      return rng.pick(CONTRACTORS);
    case 'enterprise':
      return enterprise ?? rng.pick(INDUSTRY_ENTERPRISES);
    case 'bank':
      return BANK_PAYEE;
    case 'village':
      return village ? `${village.name}股份经济合作社` : township.govName;
    default:
      return township.govName;
  }
}

function drawNature(rng: Rng, group: Group): string {
  if (group === 'infra') return rng.weighted([['新建', 60], ['改建', 20], ['扩建', 10], ['续建', 10]] as const);
  if (group === 'industry' || group === 'collective') return rng.weighted([['新建', 70], ['扩建', 15], ['续建', 10], ['购置', 5]] as const);
  return '新建';
}

/** 绩效目标 and 联农带农 as a project bank form would carry them. */
function describeBenefits(
  rng: Rng,
  kind: ProjectKind,
  item: ProjectItem,
  households: number,
  povertyHouseholds: number,
): { target: string; linkage: string[]; linkageNote: string } {
  switch (kind.group) {
    case 'industry':
      return {
        target: `项目建成后带动${households}户农户增收，其中脱贫户、监测户${povertyHouseholds}户，户均年增收${rng.int(8, 30) * 100}元以上，受益群众满意度≥95%`,
        linkage: rng.sample(['劳务联结', '订单联结', '技术联结', '租赁联结', '资产收益'], rng.int(1, 3)),
        linkageNote: `优先吸纳脱贫劳动力务工，与农户签订收购协议，带动${povertyHouseholds}户脱贫户、监测户增收`,
      };
    case 'collective':
      return {
        target: `村集体经济年增收${rng.int(3, 20)}万元以上，收益分配惠及脱贫户、监测户${povertyHouseholds}户，资产收益率不低于6%`,
        linkage: rng.chance(0.5) ? ['资产收益', '折股量化分红'] : ['资产收益', '劳务联结'],
        linkageNote: '资产确权到村集体，收益按村集体经济收益分配方案用于脱贫户、监测户分红和公益岗位',
      };
    case 'employment':
      return {
        target: `帮助${povertyHouseholds}名脱贫劳动力和监测对象稳定就业，人均月增收${rng.int(10, 25) * 100}元以上`,
        linkage: item.noun.includes('培训') ? ['技术联结', '劳务联结'] : ['劳务联结'],
        linkageNote: '补助资金直接发放到人，促进脱贫劳动力稳岗就业',
      };
    case 'welfare':
    case 'household':
      return {
        target: `保障${households}户脱贫户和监测户政策应享尽享，资金发放准确率100%，受益群众满意度≥95%`,
        linkage: item.noun.includes('教育') || item.noun.includes('培训') ? ['技术联结'] : ['劳务联结'],
        linkageNote: '补助资金通过“一卡通”直接发放到户',
      };
    case 'fee':
      return {
        target: '保障衔接资金项目前期设计、评审、监理、验收等工作规范开展，项目管理费不超过规定比例',
        linkage: ['劳务联结'],
        linkageNote: '项目建设优先使用本地脱贫劳动力',
      };
    default:
      return {
        target: `项目建成后受益群众${households}户，其中脱贫户${povertyHouseholds}户，工程质量合格率100%，受益群众满意度≥95%`,
        linkage: ['劳务联结'],
        linkageNote: '项目建设优先吸纳本村脱贫劳动力务工，以工代赈发放劳务报酬',
      };
  }
}
