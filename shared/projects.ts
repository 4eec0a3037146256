// Rules of a project that the form, the import and the projects service all apply: the 入库 requirement
// (DOMAIN.md: what a project must carry to enter the 项目库) and end-not-before-start.
//
// The 入库 requirement is a gate, not a lock. It refuses a clerk who moves a project INTO 入库 or later
// (from 谋划申报/公示, or by creating it there by hand) while fields are missing. A record already stored at
// or after 入库 without them — imported from a township sheet that never carried them, or from before the
// rule — stays editable: it is flagged 资料不全 with the fields it lacks, until someone fills them in.
import { compareIsoDates } from './dates';
import { ProjectStatus, projectStatusRank } from './enums';
import type { PublicityResult } from './projects/fields';

/** The facts the requirement reads (the service's ProjectFields and the form's input both have them). */
export interface BankFacts {
  name: string | null;
  categoryId: number | null;
  constructionNature: string | null;
  townshipId: number | null;
  location: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  departmentId: number | null;
  implementerId: number | null;
  content: string | null;
  fundCentralFen: number;
  fundProvincialFen: number;
  fundMunicipalFen: number;
  fundCountyFen: number;
  fundOtherFen: number;
  beneficiaryVillages: number | null;
  beneficiaryHouseholds: number | null;
  beneficiaryPeople: number | null;
  performanceTarget: string | null;
  farmerLinkage: readonly string[] | null;
  farmerLinkageNote: string | null;
  publicityStart: string | null;
  publicityEnd: string | null;
  publicityResult: string | null;
}

/**
 * The facts the 入库 requirement reads, each a column of `projects` under the same name (the 项目库 rows
 * select them from this list to judge 资料不全).
 */
export const BANK_FACT_FIELDS = [
  'name',
  'categoryId',
  'constructionNature',
  'townshipId',
  'location',
  'plannedStart',
  'plannedEnd',
  'departmentId',
  'implementerId',
  'content',
  'fundCentralFen',
  'fundProvincialFen',
  'fundMunicipalFen',
  'fundCountyFen',
  'fundOtherFen',
  'beneficiaryVillages',
  'beneficiaryHouseholds',
  'beneficiaryPeople',
  'performanceTarget',
  'farmerLinkage',
  'farmerLinkageNote',
  'publicityStart',
  'publicityEnd',
  'publicityResult',
] as const satisfies ReadonlyArray<keyof BankFacts>;
/** Every fact is in the list (a fact left out is a type error here). */
const everyFactListed: Exclude<keyof BankFacts, (typeof BANK_FACT_FIELDS)[number]> extends never ? true : never = true;
void everyFactListed;

export type BankRequirementKey =
  | 'name'
  | 'category'
  | 'nature'
  | 'place'
  | 'schedule'
  | 'unit'
  | 'content'
  | 'funds'
  | 'beneficiaries'
  | 'target'
  | 'linkage'
  | 'publicity';

export interface BankRequirement {
  key: BankRequirementKey;
  /** What the clerk fills in, in the words of the project form. */
  label: string;
  /** The field a refusal points at (the first one of the group). */
  field: keyof BankFacts;
  met: (f: BankFacts) => boolean;
  /**
   * The requirement as conditions that must all hold — a text filled in, or a value among these codes — when
   * it can be said so; `met` and the 资料不全 SQL (electron/ledger/projects/store-search.ts) both follow them.
   */
  needs?: readonly BankNeed[];
}

/** One condition of a requirement on a stored field. */
export type BankNeed = { filled: keyof BankFacts } | { field: keyof BankFacts; oneOf: readonly string[] };

const filled = (v: string | null) => v !== null && v.trim() !== '';
const positive = (v: number | null) => (v ?? 0) > 0;

/** A requirement said as conditions: `met` is all of them holding. */
function needing(key: BankRequirementKey, label: string, needs: readonly BankNeed[]): BankRequirement {
  const holds = (f: BankFacts, n: BankNeed): boolean => {
    if ('filled' in n) {
      const v = f[n.filled];
      return typeof v === 'string' && filled(v);
    }
    const v = f[n.field];
    return typeof v === 'string' && n.oneOf.includes(v);
  };
  const first = needs[0];
  if (!first) throw new Error(`入库要求 ${key} 没有条件`);
  return { key, label, field: 'filled' in first ? first.filled : first.field, needs, met: (f) => needs.every((n) => holds(f, n)) };
}

/** 公示结果 that let a project enter the bank: no objection, or every objection dealt with. */
const PUBLICITY_RESULTS_FOR_BANK: readonly PublicityResult[] = ['noObjection', 'objectionResolved'];

/**
 * DOMAIN.md's list, in its order: 项目名称、项目类别、建设性质、实施地点、时间进度、责任单位、建设任务、资金规模、受益对象、
 * 绩效目标、利益联结机制; then the 公示 that comes before 入库 (谋划申报 → 公示 → 入库), finished with a result that allows it.
 */
export const BANK_REQUIREMENTS: readonly BankRequirement[] = [
  needing('name', '项目名称', [{ filled: 'name' }]),
  { key: 'category', label: '项目类型', field: 'categoryId', met: (f) => f.categoryId !== null },
  needing('nature', '建设性质', [{ filled: 'constructionNature' }]),
  { key: 'place', label: '实施地点（乡镇或地点）', field: 'townshipId', met: (f) => f.townshipId !== null || filled(f.location) },
  needing('schedule', '计划开工、完工日期', [{ filled: 'plannedStart' }, { filled: 'plannedEnd' }]),
  { key: 'unit', label: '主管部门或实施单位', field: 'departmentId', met: (f) => f.departmentId !== null || f.implementerId !== null },
  needing('content', '建设内容及规模', [{ filled: 'content' }]),
  {
    key: 'funds',
    label: '资金规模',
    field: 'fundCentralFen',
    met: (f) => f.fundCentralFen + f.fundProvincialFen + f.fundMunicipalFen + f.fundCountyFen + f.fundOtherFen > 0,
  },
  {
    key: 'beneficiaries',
    label: '受益对象（受益村数、户数或人数）',
    field: 'beneficiaryHouseholds',
    met: (f) => positive(f.beneficiaryVillages) || positive(f.beneficiaryHouseholds) || positive(f.beneficiaryPeople),
  },
  needing('target', '绩效目标', [{ filled: 'performanceTarget' }]),
  { key: 'linkage', label: '联农带农方式', field: 'farmerLinkage', met: (f) => (f.farmerLinkage?.length ?? 0) > 0 || filled(f.farmerLinkageNote) },
  needing('publicity', '公示（开始、结束日期，公示结果为无异议或有异议已处理）', [
    { field: 'publicityResult', oneOf: PUBLICITY_RESULTS_FOR_BANK },
    { filled: 'publicityStart' },
    { filled: 'publicityEnd' },
  ]),
];

/** The requirements a project does not meet yet (empty: it may enter the 项目库). */
export function unmetBankRequirements(f: BankFacts): BankRequirement[] {
  return BANK_REQUIREMENTS.filter((r) => !r.met(f));
}

/** The labels of what is missing for 入库. */
export function missingForBank(f: BankFacts): string[] {
  return unmetBankRequirements(f).map((r) => r.label);
}

const RANK_BANKED = projectStatusRank('banked');

/** 入库 or a later status: the statuses whose projects are in the 项目库. */
export function isBankedStatus(status: ProjectStatus): boolean {
  return projectStatusRank(status) >= RANK_BANKED;
}

/**
 * Does this save move the project into the 项目库? True when it is created at 入库 or later (`from` null),
 * or its status goes from before 入库 to 入库 or later. Edits of a project already in the bank never do.
 */
export function entersBank(from: ProjectStatus | null, to: ProjectStatus): boolean {
  return isBankedStatus(to) && (from === null || !isBankedStatus(from));
}

/**
 * The 资料不全 flag of a stored project: what a project at 入库 or later lacks (empty when complete, and
 * for projects before 入库, whose fields are still being gathered).
 */
export function incompleteFields(status: ProjectStatus, f: BankFacts): string[] {
  return isBankedStatus(status) ? missingForBank(f) : [];
}

/** The refusal when a clerk moves an incomplete project into the bank (null when it may go). */
export function bankEntryRefusal(from: ProjectStatus | null, to: ProjectStatus, f: BankFacts): { message: string; field: keyof BankFacts } | null {
  if (!entersBank(from, to)) return null;
  const unmet = unmetBankRequirements(f);
  const first = unmet[0];
  if (!first) return null;
  return {
    message: `${
      to === 'banked' ? `项目进入“${ProjectStatus.label.banked}”` : `“${ProjectStatus.label[to]}”在“${ProjectStatus.label.banked}”之后，项目进入项目库`
    }须先填写完整，还缺：${unmet.map((r) => r.label).join('、')}；请补齐后再保存`,
    field: first.field,
  };
}

/** The words of the 资料不全 flag and of the import's warning, one sentence for both. */
export function incompleteText(missing: readonly string[]): string {
  return `资料不全：缺少${missing.join('、')}`;
}

/** End before start, comparing by month when either side gives only a month ('2024-03' against '2024-03-20'). */
export function endBeforeStart(start: string | null, end: string | null): boolean {
  if (start === null || end === null) return false;
  if (start.length === 7 || end.length === 7) return end.slice(0, 7) < start.slice(0, 7);
  return compareIsoDates(end, start) < 0;
}
