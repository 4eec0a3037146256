// The project form's values: what each field holds while a clerk types (money as text in the chosen unit,
// the type as a cascader path), how a stored project fills them and how they become the service's input,
// and the field rules the form checks while typing, in the shared rules' words (shared/projects/).
import type { FormInstance } from 'antd';
import type { ChannelInput, ProjectDetail } from '../../../../shared/api';
import { officeYear } from '../../../../shared/dates';
import type { FARMER_LINKAGES, ProjectStatus } from '../../../../shared/enums';
import type { MoneyUnit } from '../../../../shared/money';
import type { BankFacts } from '../../../../shared/projects';
import {
  PLAIN_PROJECT_FIELDS,
  PROJECT_FIELD,
  projectFieldMax,
  projectFormLabel,
  tooLongText,
  type PlainProjectField,
  type PlainProjectValues,
  type ProjectFieldKey,
} from '../../../../shared/projects/fields';
import { DATE_ORDER, dateOrderRefusal, partAboveWholeRefusal, type BeneficiaryPart, type DateOrderEnd } from '../../../../shared/projects/rules';
import { fenToText, normaliseDateText, textToFen } from './common';

/** The plain fields (shared/projects/fields.ts) as the form holds them: text as typed ('' for none), a choice or null. */
export type PlainFormValues = { [K in PlainProjectField]: string | null };

export interface Values extends PlainFormValues {
  year: number | null;
  code: string;
  name: string;
  category: number[] | null;
  constructionNature: string;
  township: number | null;
  village: number | null;
  location: string;
  content: string;
  department: number | null;
  implementer: number | null;
  responsiblePerson: string;
  status: ProjectStatus;
  fundCentral: string;
  fundProvincial: string;
  fundMunicipal: string;
  fundCounty: string;
  fundOther: string;
  fundOtherNote: string;
  villages: number | null;
  households: number | null;
  people: number | null;
  povertyHouseholds: number | null;
  povertyPeople: number | null;
  monitoredHouseholds: number | null;
  monitoredPeople: number | null;
  farmerLinkage: string[];
  farmerLinkageNote: string;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string;
  actualEnd: string;
  remark: string;
}

export const FUND_FIELDS = ['fundCentral', 'fundProvincial', 'fundMunicipal', 'fundCounty', 'fundOther'] as const;
/** The words and limits of each field: the project field table (shared/projects/fields.ts). */
export const labelOf = projectFormLabel;
/** A text's length limit, in the contract's words. */
export const maxRule = (key: ProjectFieldKey) => ({ max: projectFieldMax(key), message: tooLongText(PROJECT_FIELD[key].label, projectFieldMax(key)) });

/** The service's field names → the form's. */
export const SERVICE_FIELD: Record<string, keyof Values> = {
  townshipId: 'township',
  villageId: 'village',
  categoryId: 'category',
  subcategoryId: 'category',
  departmentId: 'department',
  implementerId: 'implementer',
  fundCentralFen: 'fundCentral',
  fundProvincialFen: 'fundProvincial',
  fundMunicipalFen: 'fundMunicipal',
  fundCountyFen: 'fundCounty',
  fundOtherFen: 'fundOther',
  beneficiaryVillages: 'villages',
  beneficiaryHouseholds: 'households',
  beneficiaryPeople: 'people',
};

export const EMPTY: Values = {
  year: null,
  code: '',
  name: '',
  category: null,
  constructionNature: '',
  township: null,
  village: null,
  location: '',
  content: '',
  department: null,
  implementer: null,
  responsiblePerson: '',
  status: 'planning',
  fundCentral: '',
  fundProvincial: '',
  fundMunicipal: '',
  fundCounty: '',
  fundOther: '',
  fundOtherNote: '',
  villages: null,
  households: null,
  people: null,
  povertyHouseholds: null,
  povertyPeople: null,
  monitoredHouseholds: null,
  monitoredPeople: null,
  farmerLinkage: [],
  farmerLinkageNote: '',
  plannedStart: '',
  plannedEnd: '',
  actualStart: '',
  actualEnd: '',
  remark: '',
  ...(Object.fromEntries(PLAIN_PROJECT_FIELDS.map(([k, f]) => [k, f.plain.initial ?? (f.plain.value.kind === 'choice' ? null : '')])) as PlainFormValues),
};
export const FORM_FIELDS = Object.keys(EMPTY) as Array<keyof Values>;

export function valuesOf(d: ProjectDetail, unit: MoneyUnit): Values {
  return {
    year: d.year,
    code: d.code ?? '',
    name: d.name,
    category: d.categoryId ? (d.subcategoryId ? [d.categoryId, d.subcategoryId] : [d.categoryId]) : null,
    constructionNature: d.constructionNature ?? '',
    township: d.townshipId,
    village: d.villageId,
    location: d.location ?? '',
    content: d.content ?? '',
    department: d.departmentId,
    implementer: d.implementerId,
    responsiblePerson: d.responsiblePerson ?? '',
    status: d.status,
    fundCentral: fenToText(d.fundsFen.central, unit),
    fundProvincial: fenToText(d.fundsFen.provincial, unit),
    fundMunicipal: fenToText(d.fundsFen.municipal, unit),
    fundCounty: fenToText(d.fundsFen.county, unit),
    fundOther: fenToText(d.fundsFen.other, unit),
    fundOtherNote: d.fundOtherNote ?? '',
    villages: d.beneficiaryVillages,
    households: d.beneficiaryHouseholds,
    people: d.beneficiaryPeople,
    povertyHouseholds: d.povertyHouseholds,
    povertyPeople: d.povertyPeople,
    monitoredHouseholds: d.monitoredHouseholds,
    monitoredPeople: d.monitoredPeople,
    farmerLinkage: d.farmerLinkage,
    farmerLinkageNote: d.farmerLinkageNote ?? '',
    plannedStart: d.plannedStart ?? '',
    plannedEnd: d.plannedEnd ?? '',
    actualStart: d.actualStart ?? '',
    actualEnd: d.actualEnd ?? '',
    remark: d.remark ?? '',
    ...(Object.fromEntries(PLAIN_PROJECT_FIELDS.map(([k, f]) => [k, d[k] ?? (f.plain.value.kind === 'choice' ? null : '')])) as PlainFormValues),
  };
}

const textOrNull = (v: string | undefined | null) => (v && v.trim() ? v.trim() : null);
const dateOrNull = (v: string | undefined | null) => textOrNull(normaliseDateText(v));
const countOrNull = (v: number | null | undefined) => (v === undefined || v === null ? null : v);

/** What the service gets: every field (money parsed exactly in the chosen unit; empty money is 0). */
export function inputOf(v: Values, unit: MoneyUnit): Required<ChannelInput<'projects.create'>> {
  const fen = (text: string) => textToFen(text, unit) ?? 0;
  return {
    year: v.year ?? officeYear(),
    code: textOrNull(v.code),
    name: v.name.trim(),
    categoryId: v.category?.[0] ?? null,
    subcategoryId: v.category?.[1] ?? null,
    constructionNature: textOrNull(v.constructionNature),
    townshipId: v.township ?? null,
    villageId: v.village ?? null,
    location: textOrNull(v.location),
    content: textOrNull(v.content),
    plannedStart: dateOrNull(v.plannedStart),
    plannedEnd: dateOrNull(v.plannedEnd),
    actualStart: dateOrNull(v.actualStart),
    actualEnd: dateOrNull(v.actualEnd),
    departmentId: v.department ?? null,
    implementerId: v.implementer ?? null,
    responsiblePerson: textOrNull(v.responsiblePerson),
    fundCentralFen: fen(v.fundCentral),
    fundProvincialFen: fen(v.fundProvincial),
    fundMunicipalFen: fen(v.fundMunicipal),
    fundCountyFen: fen(v.fundCounty),
    fundOtherFen: fen(v.fundOther),
    fundOtherNote: textOrNull(v.fundOtherNote),
    beneficiaryVillages: countOrNull(v.villages),
    beneficiaryHouseholds: countOrNull(v.households),
    beneficiaryPeople: countOrNull(v.people),
    povertyHouseholds: countOrNull(v.povertyHouseholds),
    povertyPeople: countOrNull(v.povertyPeople),
    monitoredHouseholds: countOrNull(v.monitoredHouseholds),
    monitoredPeople: countOrNull(v.monitoredPeople),
    farmerLinkage: v.farmerLinkage && v.farmerLinkage.length > 0 ? (v.farmerLinkage as Array<(typeof FARMER_LINKAGES)[number]>) : null,
    farmerLinkageNote: textOrNull(v.farmerLinkageNote),
    status: v.status,
    remark: textOrNull(v.remark),
    ...plainInputOf(v),
  };
}

/** The plain fields as the service gets them: text trimmed, a day folded to ISO, empty as null. */
function plainInputOf(v: PlainFormValues): PlainProjectValues {
  return Object.fromEntries(
    PLAIN_PROJECT_FIELDS.map(([k, f]) => [k, f.plain.value.kind === 'text' ? textOrNull(v[k]) : f.plain.value.kind === 'day' ? dateOrNull(v[k]) : (v[k] ?? null)]),
  ) as PlainProjectValues;
}

/** What the 入库 rule (shared/projects.ts) reads, from the form's values as the service would get them. */
export function factsOf(v: Partial<Values>, unit: MoneyUnit): BankFacts {
  return inputOf({ ...EMPTY, ...v }, unit);
}

/**
 * A field rule of the 入库 requirement: it applies only when this save moves the project into the bank
 * (`entering` reads the stored status and the chosen one). A project already in the bank is never refused
 * for it — its gaps show as 资料不全.
 */
export function bankRule(entering: (status: ProjectStatus) => boolean, message: string, ok: (value: unknown, get: FormInstance<Values>['getFieldValue']) => boolean) {
  return ({ getFieldValue }: { getFieldValue: FormInstance<Values>['getFieldValue'] }) => ({
    validator: async (_: unknown, value: unknown) => {
      if (entering(getFieldValue('status') as ProjectStatus) && !ok(value, getFieldValue)) throw new Error(message);
    },
  });
}
export const hasText = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/** A part not above its whole (其中脱贫户 ≤ 受益户), by the shared rule; `whole` is the form's field. */
export function notAbove(part: BeneficiaryPart, whole: keyof Values) {
  return ({ getFieldValue }: { getFieldValue: FormInstance<Values>['getFieldValue'] }) => ({
    validator: async (_: unknown, value: number | null | undefined) => {
      const refusal = partAboveWholeRefusal(part, value ?? null, (getFieldValue(whole) as number | null | undefined) ?? null);
      if (refusal) throw new Error(refusal);
    },
  });
}

/** End not before start, by the shared rule. */
export function notBefore(end: DateOrderEnd) {
  return ({ getFieldValue }: { getFieldValue: FormInstance<Values>['getFieldValue'] }) => ({
    validator: async (_: unknown, value: string | undefined) => {
      const refusal = dateOrderRefusal(end, normaliseDateText(getFieldValue(DATE_ORDER[end].start) as string | undefined), normaliseDateText(value));
      if (refusal) throw new Error(refusal);
    },
  });
}

/** What a section needs of the 入库 gate: whether this save enters the bank, and the test for a status. */
export interface BankGate {
  bank: boolean;
  enteringBank: (status: ProjectStatus) => boolean;
}
