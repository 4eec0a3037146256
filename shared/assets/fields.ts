// Every field of a 扶贫项目资产 once: its name, its limit, its column in the exported 扶贫项目资产台账; and the
// asset's rules (the contract's dates in order). The asset form, the contract's messages, the export and the
// 审计日志 read this table (as shared/funds/fields.ts does for allocations and payments). Assets have no import
// kind nor template yet, so their entries carry no import or template part. Entries are in the ledger's order.
import { fieldMax, type LedgerFieldDef } from '../field-table';
import { REMARK_FIELD, TOWNSHIP_FIELD, VILLAGE_FIELD } from '../import/common-fields';
import { endBeforeStart } from '../projects';

/** `short`: the name where room is tight (the exported column under its group, the form's label). */
export type AssetFieldDef = LedgerFieldDef & { short?: string };

export const ASSET_FIELD = {
  seq: { label: '序号', export: { kind: 'seq' } },
  code: { label: '资产编号', max: 40, export: { kind: 'code', onPaper: false } },
  name: { label: '资产名称', max: 100, export: { kind: 'text', width: 22 } },
  kind: { label: '资产类型', export: { kind: 'text' } },
  project: { label: '来源项目', export: { kind: 'text', width: 22, onPaper: false } },
  township: { label: TOWNSHIP_FIELD.label, export: { kind: 'text' } },
  village: { label: VILLAGE_FIELD.label, export: { kind: 'text' } },
  originalValue: { label: '资产原值', short: '原值', export: { kind: 'money' } },
  formedDate: { label: '形成时间', export: { kind: 'date' } },
  owner: { label: '所有权人', max: 100, export: { kind: 'text', width: 14 } },
  rightsLevel: { label: '确权层级', export: { kind: 'text', detail: true } },
  handoverDate: { label: '移交日期', export: { kind: 'date', detail: true } },
  manager: { label: '经营/管护主体', max: 100, export: { kind: 'text', onPaper: false } },
  operationMode: { label: '经营方式', export: { kind: 'text' } },
  contractStart: { label: '合同开始日期', short: '合同开始', export: { kind: 'date', detail: true, group: '合同期' } },
  contractEnd: { label: '合同结束日期', short: '合同结束', export: { kind: 'date', detail: true, group: '合同期' } },
  // The year's income shown in the row (asset_incomes): read, not entered in the asset form.
  incomeYear: { label: '收益年度', export: { kind: 'rank', onPaper: false } },
  income: { label: '年收益', export: { kind: 'money' } },
  returnRate: { label: '收益率（%）', export: { kind: 'percent' } },
  belowMinimum: { label: '低于最低收益率', export: { kind: 'text', width: 8 } },
  status: { label: '资产状态', short: '状态', export: { kind: 'text' } },
  remark: { label: REMARK_FIELD.label, max: 1000, export: { kind: 'text', detail: true } },
} satisfies Record<string, AssetFieldDef>;

export type AssetFieldKey = keyof typeof ASSET_FIELD;

type With<P extends keyof AssetFieldDef> = AssetFieldDef & Required<Pick<AssetFieldDef, P>>;
const ENTRIES = Object.entries(ASSET_FIELD) as Array<[AssetFieldKey, AssetFieldDef]>;

/** The 扶贫项目资产台账's columns, left to right. */
export const ASSET_EXPORT_FIELDS = ENTRIES.filter((e): e is [AssetFieldKey, With<'export'>] => e[1].export !== undefined);

/** A field's name where room is tight (its `short`, else its name). */
export function assetShortLabel(key: AssetFieldKey): string {
  const f: AssetFieldDef = ASSET_FIELD[key];
  return f.short ?? f.label;
}

/** An asset text field's longest length (the fields with a `max`; a field without one is a program error). */
export function assetFieldMax(key: AssetFieldKey): number {
  return fieldMax<AssetFieldKey>(ASSET_FIELD, key, '资产');
}

/** A contract that ends before it starts is a mistake: the sentence saying so (form and service), or null when the order is right. */
export function contractEndBeforeStart(start: string | null, end: string | null): string | null {
  if (!start || !end || !endBeforeStart(start, end)) return null;
  return `${ASSET_FIELD.contractEnd.label} ${end} 早于${ASSET_FIELD.contractStart.label} ${start}，请检查`;
}
