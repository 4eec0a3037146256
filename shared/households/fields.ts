// Every field of a 受益户 (the registered households the 受益户/监测户 import brings in) once: its name, its
// limit, the header words an import recognises, its column in the exported 受益户名单 and in the blank template
// with its drop-down. The households import's field list, the export, the template, the import's messages
// and the 审计日志 read this table (as shared/funds/fields.ts does for allocations and payments).
import { fieldMax, fromImportField as common, sharedTemplate, type LedgerFieldDef } from '../field-table';
import { REMARK_FIELD, SEQ_FIELD, TOWNSHIP_FIELD, VILLAGE_FIELD } from '../import/common-fields';
import type { TemplateInput } from '../projects/fields';

/** The template's drop-downs a household column takes (lists of the ledger, or fixed words named in templates.ts). */
export type HouseholdTemplateList = 'township' | 'village' | 'householdType';

/** A 身份证号 template cell is checked for its 18 characters. */
export type HouseholdFieldDef = LedgerFieldDef<HouseholdTemplateList, TemplateInput | 'idNumber'>;

/** Everyone of a household counted: the import refuses a 家庭人口 outside these. */
export const HOUSEHOLD_MEMBERS = { min: 1, max: 50 } as const;

export const HOUSEHOLD_FIELD = {
  seq: { ...common(SEQ_FIELD), export: { kind: 'seq' }, template: sharedTemplate('seq') },
  headName: {
    label: '户主姓名',
    max: 30,
    import: { type: 'text', aliases: ['户主姓名', '户主', '姓名', '户主名称', '户主名', '农户姓名', '受益户姓名', '受益户户主'], required: true, weight: 3 },
    export: { kind: 'text' },
    template: { input: 'text', required: true, hint: '必填' },
  },
  idNumber: {
    label: '身份证号',
    import: { type: 'idNumber', aliases: ['身份证号', '身份证号码', '证件号码', '公民身份号码', '户主身份证号', '身份证', '证件号', '户主身份证号码', '身份证件号码'], required: true, weight: 4 },
    // Personal data: the export masks it unless the user asked for the full numbers (DOMAIN.md).
    export: { kind: 'code', width: 22 },
    template: { input: 'idNumber', required: true, hint: '必填：18 位公民身份号码，末位 X 大小写均可', width: 22 },
  },
  members: {
    label: '家庭人口',
    import: { type: 'count', aliases: ['家庭人口', '家庭人口数', '人口数', '家庭人数', '人口', '户人口数', '家庭成员数', '人数', '户籍人口'], weight: 2 },
    export: { kind: 'count' },
    template: { input: 'count', hint: '家庭人口数' },
  },
  householdType: {
    label: '户类型',
    import: { type: 'word', aliases: ['户类型', '户属性', '农户类型', '类型', '监测类型', '户类别', '人员类型', '监测对象类型', '农户属性', '户别'], weight: 2 },
    export: { kind: 'text' },
    template: { input: 'text', list: { name: 'householdType', strict: true }, hint: '脱贫户、脱贫不稳定户、边缘易致贫户或突发严重困难户' },
  },
  township: { ...common(TOWNSHIP_FIELD), export: { kind: 'text' }, template: sharedTemplate('township') },
  village: { ...common(VILLAGE_FIELD), export: { kind: 'text' }, template: sharedTemplate('village') },
  remark: { ...common(REMARK_FIELD), export: { kind: 'text' }, template: sharedTemplate('remark') },
} satisfies Record<string, HouseholdFieldDef>;

export type HouseholdFieldKey = keyof typeof HOUSEHOLD_FIELD;

type With<P extends keyof HouseholdFieldDef> = HouseholdFieldDef & Required<Pick<HouseholdFieldDef, P>>;
const ENTRIES = Object.entries(HOUSEHOLD_FIELD) as Array<[HouseholdFieldKey, HouseholdFieldDef]>;

/** The import's, the 受益户名单's and the template's fields, in the table's order (they share it). */
export const HOUSEHOLD_IMPORT_FIELDS = ENTRIES.filter((e): e is [HouseholdFieldKey, With<'import'>] => e[1].import !== undefined);
export const HOUSEHOLD_EXPORT_FIELDS = ENTRIES.filter((e): e is [HouseholdFieldKey, With<'export'>] => e[1].export !== undefined);
export const HOUSEHOLD_TEMPLATE_FIELDS = ENTRIES.filter((e): e is [HouseholdFieldKey, With<'template'>] => e[1].template !== undefined);

/** A household text field's longest length (the fields with a `max`; a field without one is a program error). */
export function householdFieldMax(key: HouseholdFieldKey): number {
  return fieldMax<HouseholdFieldKey>(HOUSEHOLD_FIELD, key, '受益户');
}
