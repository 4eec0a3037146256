// Every field of a 督导检查 (inspection) and of a 问题 (finding) once: its name, its limit, the header words an
// import recognises, its column in the exported 问题整改台账 and in the blank template with its drop-down. The
// forms, the findings import, the export, the template, the contract's messages and the 审计日志 read these
// tables (as shared/funds/fields.ts does for allocations and payments). A finding's entries are in the
// import's order; the export and the template take theirs in FINDING_SHEET_ORDER.
import { fieldMax, fromImportField as common, sharedTemplate, type LedgerFieldDef } from '../field-table';
import { REMARK_FIELD, SEQ_FIELD, TOWNSHIP_FIELD, VILLAGE_FIELD } from '../import/common-fields';
import type { TemplateInput } from '../projects/fields';

/** The template's drop-downs a finding column takes (lists of the ledger, or fixed words named in templates.ts). */
export type SupervisionTemplateList = 'township' | 'village' | 'project' | 'unit' | 'findingCategory' | 'findingStatus';

/** A 整改时限 template cell takes a date or words (2024年底前, 立行立改, 长期坚持). */
export type SupervisionFieldDef = LedgerFieldDef<SupervisionTemplateList, TemplateInput | 'deadline'>;

export const INSPECTION_FIELD = {
  name: { label: '检查名称', max: 200 },
  source: { label: '问题来源' },
  sourceDocNumber: { label: '来源文号', max: 60 },
  team: { label: '检查组', max: 100 },
  leader: { label: '组长', max: 30 },
  startDate: { label: '开始日期' },
  endDate: { label: '结束日期' },
  // 检查对象: the townships and the county departments inspected (the form's short words, as its column is narrow).
  townshipIds: { label: '检查乡镇' },
  departments: { label: '检查部门', max: 60 },
  remark: { label: REMARK_FIELD.label, max: 1000 },
} satisfies Record<string, SupervisionFieldDef>;

export type InspectionFieldKey = keyof typeof INSPECTION_FIELD;

export const FINDING_FIELD = {
  seq: {
    ...common(SEQ_FIELD),
    import: { type: SEQ_FIELD.type, aliases: [...SEQ_FIELD.aliases, '编号', '问题编号', '问题序号'], weight: SEQ_FIELD.weight },
    // The finding's own 序号 within its inspection (how the office and the import know it).
    export: { kind: 'seq' },
    template: sharedTemplate('seq'),
  },
  category: {
    label: '问题类别',
    import: { type: 'word', aliases: ['问题类别', '问题类型', '问题分类', '类别', '类型', '问题性质', '问题归类'], required: false, weight: 1.5 },
    export: { kind: 'text', width: 12 },
    template: { input: 'text', list: { name: 'findingCategory', strict: true }, hint: '从下拉列表选择问题类别' },
  },
  description: {
    label: '问题描述',
    max: 4000,
    import: {
      type: 'text',
      aliases: ['问题描述', '问题', '存在问题', '问题表现', '具体问题', '发现问题', '问题内容', '主要问题', '存在的问题', '问题清单', '反馈问题', '问题具体表现', '检查发现问题', '问题简述'],
      required: true,
      weight: 3,
    },
    export: { kind: 'longText', width: 36 },
    template: { input: 'longText', required: true, hint: '必填：发现的问题', width: 34 },
  },
  township: { ...common(TOWNSHIP_FIELD), export: { kind: 'text' }, template: sharedTemplate('township') },
  village: { ...common(VILLAGE_FIELD), export: { kind: 'text' }, template: sharedTemplate('village') },
  project: {
    label: '涉及项目',
    max: 100,
    import: { type: 'name', aliases: ['涉及项目', '相关项目', '项目名称', '涉及项目名称'], weight: 0.5 },
    export: { kind: 'text', detail: true },
    template: { input: 'text', list: { name: 'project', strict: false }, hint: '问题涉及的项目名称' },
  },
  asset: { label: '涉及资产' },
  leadUnit: {
    label: '牵头单位',
    max: 200,
    import: { type: 'text', aliases: ['牵头单位', '牵头部门', '牵头责任单位'], weight: 1 },
    export: { kind: 'text', detail: true },
    template: { input: 'text', list: { name: 'unit', strict: false }, hint: '整改牵头单位' },
  },
  responsibleUnit: {
    label: '责任单位',
    max: 200,
    import: { type: 'text', aliases: ['责任单位', '整改责任单位', '责任部门', '整改单位', '责任主体', '整改主体'], weight: 1 },
    export: { kind: 'text', width: 14 },
    template: { input: 'text', list: { name: 'unit', strict: false }, hint: '整改责任单位' },
  },
  responsibleLeader: {
    label: '责任领导',
    max: 50,
    import: { type: 'text', aliases: ['责任领导', '分管领导', '牵头领导', '包保领导'], weight: 1 },
    export: { kind: 'text', detail: true },
    template: { input: 'text', hint: '姓名' },
  },
  responsiblePerson: {
    label: '责任人',
    max: 50,
    import: { type: 'text', aliases: ['责任人', '具体责任人', '整改责任人', '经办人'], weight: 0.5 },
    export: { kind: 'text', onPaper: false },
    template: { input: 'text', hint: '姓名' },
  },
  goal: {
    label: '整改目标',
    max: 2000,
    import: { type: 'text', aliases: ['整改目标', '目标', '整改要求'], weight: 2 },
    export: { kind: 'longText', detail: true, width: 24 },
    template: { input: 'longText', hint: '整改要达到的目标', width: 24 },
  },
  measures: {
    label: '整改措施',
    max: 4000,
    import: { type: 'text', aliases: ['整改措施', '措施', '整改举措', '整改方案', '主要措施', '整改措施及要求'], weight: 2 },
    export: { kind: 'longText', onPaper: false },
    template: { input: 'longText', hint: '具体整改措施', width: 30 },
  },
  // 整改时限 as the clerk writes it: a date, "2024年10月31日前", "2024年底前", "立行立改", "长期坚持"; the
  // export writes those words when there are any, else the date.
  deadline: {
    label: '整改时限',
    max: 60,
    import: { type: 'deadline', aliases: ['整改时限', '完成时限', '整改期限', '时限', '整改时间', '整改完成时限', '完成期限', '整改截止时间'], weight: 3 },
    export: { kind: 'text', width: 12 },
    template: { input: 'deadline', hint: '日期如 2024-10-31，或 2024年底前、立行立改、长期坚持' },
  },
  progress: {
    label: '整改进展',
    max: 4000,
    import: {
      type: 'text',
      // Published 整改台账 and 整改情况报告 (e.g. ruijin.gov.cn's 审计查出问题整改情况, jw.km.gov.cn's 巡察整改进展):
      // the status word often opens this column ("已整改。…", "整改中，…"); findingStatusFromProgress reads it.
      aliases: ['整改情况', '整改进展', '整改进度', '整改落实情况', '进展情况', '整改完成情况', '落实情况', '整改进展情况', '整改成效', '整改结果', '整改推进情况', '目前进展', '整改落实进展', '整改完成进度'],
      weight: 2,
    },
    export: { kind: 'longText', width: 30 },
    template: { input: 'longText', hint: '目前整改进展', width: 30 },
  },
  status: {
    label: '整改状态',
    import: { type: 'word', aliases: ['整改状态', '是否完成', '完成情况', '状态', '是否整改到位', '是否整改完成', '是否销号', '整改是否完成', '完成状态', '是否完成整改'], weight: 2 },
    export: { kind: 'text', width: 10 },
    template: { input: 'text', list: { name: 'findingStatus', strict: true }, hint: '未启动、整改中、已完成待销号、已销号或长期坚持' },
  },
  closedDate: {
    label: '销号日期',
    import: { type: 'day', aliases: ['销号日期', '销号时间', '销号'], weight: 1 },
    export: { kind: 'date', onPaper: false },
    template: { input: 'date', hint: '已销号的填写' },
  },
  closedReviewer: {
    label: '销号审核人',
    max: 50,
    import: { type: 'text', aliases: ['销号审核人', '销号人', '销号审核'], weight: 1 },
    export: { kind: 'text', detail: true },
    template: { input: 'text', hint: '已销号的填写' },
  },
  inspection: {
    label: INSPECTION_FIELD.name.label,
    max: INSPECTION_FIELD.name.max,
    import: { type: 'text', aliases: ['检查名称', '督导批次', '检查批次', '督导检查名称', '检查轮次'], weight: 0.5 },
    export: { kind: 'text', width: 20, onPaper: false },
    template: { input: 'text', hint: '可不填：默认为导入时选择的检查' },
  },
  // The exported ledger's columns read from the inspection or worked out (not entered).
  source: { label: INSPECTION_FIELD.source.label, export: { kind: 'text', detail: true } },
  overdue: { label: '是否逾期', export: { kind: 'text', width: 6 } },
  // A 备注 column of a findings sheet is claimed (so it is not read as another field) but not imported.
  remark: { ...common(REMARK_FIELD), import: { type: 'ignore', aliases: REMARK_FIELD.aliases, weight: REMARK_FIELD.weight } },
} satisfies Record<string, SupervisionFieldDef>;

export type FindingFieldKey = keyof typeof FINDING_FIELD;
/** The keys of the finding fields with an exported column. */
export type ExportedFindingField = { [K in FindingFieldKey]: (typeof FINDING_FIELD)[K] extends { export: object } ? K : never }[FindingFieldKey];

/** The columns of the 问题整改台账 and its template, left to right (the template leaves out what is not entered). */
const FINDING_SHEET_ORDER = [
  'seq', 'inspection', 'source', 'category', 'description', 'township', 'village', 'project', 'leadUnit', 'responsibleUnit', 'responsibleLeader',
  'responsiblePerson', 'goal', 'measures', 'deadline', 'progress', 'status', 'closedDate', 'closedReviewer', 'overdue',
] as const satisfies readonly ExportedFindingField[];

type With<P extends keyof SupervisionFieldDef> = SupervisionFieldDef & Required<Pick<SupervisionFieldDef, P>>;
const FINDING_ENTRIES = Object.entries(FINDING_FIELD) as Array<[FindingFieldKey, SupervisionFieldDef]>;
const inSheetOrder = FINDING_SHEET_ORDER.map((key) => [key, FINDING_FIELD[key] as SupervisionFieldDef] as const);

export const FINDING_IMPORT_FIELDS = FINDING_ENTRIES.filter((e): e is [FindingFieldKey, With<'import'>] => e[1].import !== undefined);
export const FINDING_EXPORT_FIELDS = inSheetOrder.filter((e): e is [ExportedFindingField, With<'export'>] => e[1].export !== undefined);
export const FINDING_TEMPLATE_FIELDS = inSheetOrder.filter((e): e is [ExportedFindingField, With<'template'>] => e[1].template !== undefined);

/** A finding text field's longest length (the fields with a `max`; a field without one is a program error). */
export function findingFieldMax(key: FindingFieldKey): number {
  return fieldMax<FindingFieldKey>(FINDING_FIELD, key, '问题');
}

/** An inspection text field's longest length (the fields with a `max`; a field without one is a program error). */
export function inspectionFieldMax(key: InspectionFieldKey): number {
  return fieldMax<InspectionFieldKey>(INSPECTION_FIELD, key, '检查');
}
