// The asset form's values as the clerk types them, and the two conversions: a stored asset into the form
// (money in the unit shown) and the form into assets.create / assets.update input. A refusal from the service
// names its input field; SERVICE_FIELD says which form field that is.
import type { AssetDetail, ChannelInput } from '../../../../shared/api';
import type { AssetKind, AssetOperationMode, AssetRightsLevel, AssetStatus } from '../../../../shared/enums';
import type { MoneyUnit } from '../../../../shared/money';
import { LedgerCallError } from '../../api/client';
import { fenToText, normaliseDateText, textToFen } from '../projects/common';

export type AssetDrawerTarget = { kind: 'new' } | { kind: 'edit'; id: number };

export interface AssetValues {
  code: string;
  name: string;
  kind: AssetKind | null;
  project: number | null;
  originalValue: string;
  formedDate: string;
  township: number | null;
  village: number | null;
  owner: string;
  rightsLevel: AssetRightsLevel | null;
  handoverDate: string;
  manager: string;
  operationMode: AssetOperationMode | null;
  contractStart: string;
  contractEnd: string;
  status: AssetStatus;
  remark: string;
}

/** One year's income as typed in the 年度收益 row above the table. */
export interface IncomeValues {
  year: number | null;
  income: string;
  distribution: string;
  remark: string;
}

export const EMPTY: AssetValues = {
  code: '',
  name: '',
  kind: null,
  project: null,
  originalValue: '',
  formedDate: '',
  township: null,
  village: null,
  owner: '',
  rightsLevel: null,
  handoverDate: '',
  manager: '',
  operationMode: null,
  contractStart: '',
  contractEnd: '',
  status: 'normal',
  remark: '',
};
export const FORM_FIELDS = Object.keys(EMPTY) as Array<keyof AssetValues>;
const SERVICE_FIELD: Record<string, keyof AssetValues> = {
  projectId: 'project',
  originalValueFen: 'originalValue',
  townshipId: 'township',
  villageId: 'village',
};

export const textOrNull = (v: string | undefined | null) => (v && v.trim() ? v.trim() : null);
const dateOrNull = (v: string | undefined | null) => textOrNull(normaliseDateText(v));

/** The form field of each service field, including the one a refusal names (a dotted name by its first part). */
export function fieldMap(error: unknown): Record<string, string> {
  const field = error instanceof LedgerCallError ? error.field : undefined;
  if (!field) return SERVICE_FIELD;
  const base = field.split('.')[0] ?? field;
  return { ...SERVICE_FIELD, [field]: SERVICE_FIELD[base] ?? base };
}

export function valuesOf(a: AssetDetail, unit: MoneyUnit): AssetValues {
  return {
    code: a.code ?? '',
    name: a.name,
    kind: a.kind,
    project: a.projectId,
    originalValue: fenToText(a.originalValueFen, unit),
    formedDate: a.formedDate ?? '',
    township: a.townshipId,
    village: a.villageId,
    owner: a.owner ?? '',
    rightsLevel: a.rightsLevel,
    handoverDate: a.handoverDate ?? '',
    manager: a.manager ?? '',
    operationMode: a.operationMode,
    contractStart: a.contractStart ?? '',
    contractEnd: a.contractEnd ?? '',
    status: a.status,
    remark: a.remark ?? '',
  };
}

export function inputOf(v: AssetValues, unit: MoneyUnit): ChannelInput<'assets.create'> {
  return {
    code: textOrNull(v.code),
    name: v.name.trim(),
    kind: v.kind ?? 'operating',
    projectId: v.project ?? null,
    originalValueFen: textToFen(v.originalValue, unit) ?? 0,
    formedDate: dateOrNull(v.formedDate),
    townshipId: v.township ?? null,
    villageId: v.village ?? null,
    owner: textOrNull(v.owner),
    rightsLevel: v.rightsLevel ?? null,
    handoverDate: dateOrNull(v.handoverDate),
    manager: textOrNull(v.manager),
    operationMode: v.operationMode ?? null,
    contractStart: dateOrNull(v.contractStart),
    contractEnd: dateOrNull(v.contractEnd),
    status: v.status,
    remark: textOrNull(v.remark),
  };
}
