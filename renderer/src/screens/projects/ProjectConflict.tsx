// A save refused because another clerk saved the project after this form loaded it (a version per row): the
// inputs keep what this clerk typed, and this banner lists each field where the saved project now differs,
// with the saved value, so the clerk can check and save again (from the newer version) or take the saved values.
// The other forms list what the other save changed (lib/staleSave.tsx); this one compares with what was typed.
import { Button } from 'antd';
import type { ProjectDetail } from '../../../../shared/api';
import type { MoneyUnit } from '../../../../shared/money';
import type { ProjectFieldKey } from '../../../../shared/projects/fields';
import { StaleSaveBanner, type StaleSave } from '../../lib/staleSave';
import { FUND_FIELDS, inputOf, labelOf, SERVICE_FIELD, valuesOf, type Values } from './projectFormValues';

/** The fields where the saved project differs from what the clerk typed (not only what the other save changed). */
export interface ProjectConflictState extends StaleSave {
  /** The saved project in the form's terms, for 改用最新内容. */
  savedValues: Values;
}

/** The form fields whose label key in the project field table has another name. */
const LABEL_KEY: Partial<Record<keyof Values, ProjectFieldKey>> = { constructionNature: 'nature', villages: 'beneficiaryVillages' };

/** A saved value as the form shows it: names rather than ids, money in the form's unit; null when empty. */
function savedWords(key: keyof Values, saved: ProjectDetail, values: Values, unit: MoneyUnit): string | null {
  const names: Partial<Record<keyof Values, string | null>> = {
    category: [saved.category, saved.subcategory].filter(Boolean).join(' / ') || null,
    township: saved.township,
    village: saved.village,
    department: saved.department,
    implementer: saved.implementer,
    status: saved.statusLabel,
    farmerLinkage: saved.farmerLinkage.join('、') || null,
  };
  if (key in names) return names[key] ?? null;
  const value = values[key];
  if (value === null || value === '') return null;
  if ((FUND_FIELDS as readonly string[]).includes(key)) return `${String(value)} ${unit === 'wan' ? '万元' : '元'}`;
  return String(value);
}

/** Compare what the clerk typed with the saved project, as the service would receive each. */
export function projectConflict(message: string, typed: Values, saved: ProjectDetail, unit: MoneyUnit): ProjectConflictState {
  const savedValues = valuesOf(saved, unit);
  const mine = inputOf(typed, unit) as Record<string, unknown>;
  const theirs = inputOf(savedValues, unit) as Record<string, unknown>;
  const keys = new Set<keyof Values>();
  for (const k of Object.keys(theirs)) {
    if (JSON.stringify(mine[k]) !== JSON.stringify(theirs[k])) keys.add(SERVICE_FIELD[k] ?? (k as keyof Values));
  }
  const fields = [...keys].map((key) => ({ key, label: labelOf(LABEL_KEY[key] ?? (key as ProjectFieldKey)), saved: savedWords(key, saved, savedValues, unit) }));
  return { message, fields, savedValues };
}

export function ProjectConflictBanner({ conflict, onTakeSaved }: { conflict: ProjectConflictState; onTakeSaved: () => void }) {
  const action =
    conflict.fields.length > 0 ? (
      <Button size="small" onClick={onTakeSaved} data-testid="project-conflict-take-saved">
        改用最新内容
      </Button>
    ) : undefined;
  return <StaleSaveBanner stale={conflict} action={action} testId="project-conflict" />;
}
