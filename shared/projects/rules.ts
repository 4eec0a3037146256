// Rules of a project's record that the form, the import and the projects service all apply, each written
// once with its sentence: end dates not before their start, and the parts of the beneficiaries (其中脱贫、监测)
// not above their whole. (The 入库 requirement is shared/projects.ts.)
import { endBeforeStart } from '../projects';

/** Each end date, the start it may not precede and their labels. */
export const DATE_ORDER = {
  plannedEnd: { start: 'plannedStart', label: '计划完工日期', startLabel: '计划开工日期' },
  actualEnd: { start: 'actualStart', label: '实际完工日期', startLabel: '实际开工日期' },
} as const;
export type DateOrderEnd = keyof typeof DATE_ORDER;

/** The refusal of an end date before its start (null when in order, or either is missing). */
export function dateOrderRefusal(end: DateOrderEnd, startValue: string | null, endValue: string | null): string | null {
  if (!endBeforeStart(startValue, endValue)) return null;
  const rule = DATE_ORDER[end];
  return `${rule.label} ${endValue} 早于${rule.startLabel} ${startValue}，请检查`;
}

/** Each part of the beneficiaries, the whole it may not exceed and their labels. */
export const PART_OF_WHOLE = {
  povertyHouseholds: { whole: 'beneficiaryHouseholds', label: '其中脱贫户数', wholeLabel: '受益户数' },
  monitoredHouseholds: { whole: 'beneficiaryHouseholds', label: '其中监测户数', wholeLabel: '受益户数' },
  povertyPeople: { whole: 'beneficiaryPeople', label: '其中脱贫人数', wholeLabel: '受益人数' },
  monitoredPeople: { whole: 'beneficiaryPeople', label: '其中监测人数', wholeLabel: '受益人数' },
} as const;
export type BeneficiaryPart = keyof typeof PART_OF_WHOLE;

/** The refusal of a part above its whole (null when within it, or the part is not given). */
export function partAboveWholeRefusal(part: BeneficiaryPart, partValue: number | null, wholeValue: number | null): string | null {
  if (partValue === null || partValue <= (wholeValue ?? 0)) return null;
  const rule = PART_OF_WHOLE[part];
  return `${rule.label}（${partValue}）不能多于${rule.wholeLabel}（${wholeValue ?? 0}）`;
}
