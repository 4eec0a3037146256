// Rules of a project's record that the form, the import and the projects service all apply, each written
// once with its sentence: end dates not before their start, and the parts of the beneficiaries (其中脱贫、监测)
// not above their whole. (The 入库 requirement is shared/projects.ts.)
import { endBeforeStart } from '../projects';
import { END_DATE_FIELDS, PROJECT_FIELD as F, type EndDateField, type ProjectFieldKey } from './fields';

/** Each end date (a field with `notBefore` in the field table), the start it may not precede and their labels. */
export const DATE_ORDER = Object.fromEntries(
  END_DATE_FIELDS.map(([end, f]) => [end, { start: f.notBefore, label: f.label, startLabel: F[f.notBefore as ProjectFieldKey].label }]),
) as { [K in EndDateField]: { start: (typeof F)[K]['notBefore']; label: string; startLabel: string } };
export type DateOrderEnd = EndDateField;

/** The refusal of an end date before its start (null when in order, or either is missing). */
export function dateOrderRefusal(end: DateOrderEnd, startValue: string | null, endValue: string | null): string | null {
  if (!endBeforeStart(startValue, endValue)) return null;
  const rule = DATE_ORDER[end];
  return `${rule.label} ${endValue} 早于${rule.startLabel} ${startValue}，请检查`;
}

/** Each part of the beneficiaries, the whole it may not exceed and their labels. */
export const PART_OF_WHOLE = {
  povertyHouseholds: { whole: 'beneficiaryHouseholds', label: F.povertyHouseholds.label, wholeLabel: F.households.label },
  monitoredHouseholds: { whole: 'beneficiaryHouseholds', label: F.monitoredHouseholds.label, wholeLabel: F.households.label },
  povertyPeople: { whole: 'beneficiaryPeople', label: F.povertyPeople.label, wholeLabel: F.people.label },
  monitoredPeople: { whole: 'beneficiaryPeople', label: F.monitoredPeople.label, wholeLabel: F.people.label },
} as const;
export type BeneficiaryPart = keyof typeof PART_OF_WHOLE;

/** The refusal of a part above its whole (null when within it, or the part is not given). */
export function partAboveWholeRefusal(part: BeneficiaryPart, partValue: number | null, wholeValue: number | null): string | null {
  if (partValue === null || partValue <= (wholeValue ?? 0)) return null;
  const rule = PART_OF_WHOLE[part];
  return `${rule.label}（${partValue}）不能多于${rule.wholeLabel}（${wholeValue ?? 0}）`;
}
