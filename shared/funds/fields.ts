// Every field of an allocation (资金下达) and of a payment (拨付) once: its name, the header words an import
// recognises, its limit, its column in the exported 资金下达台账 / 资金拨付台账 and in the blank template with its
// drop-down. The forms, the imports, the exports, the templates, the contract's messages and the 审计日志 read
// these tables, so a label or a header is never written twice (as shared/projects/fields.ts does for the
// project fields). Entries are in the import's order; the exports and templates leave out what they do not
// carry (the allocation's sheets put them in ALLOCATION_SHEET_ORDER).
import { fieldMax, fromImportField as common, sharedTemplate, type LedgerFieldDef } from '../field-table';
import { REMARK_FIELD, SEQ_FIELD, TOWNSHIP_FIELD, VILLAGE_FIELD } from '../import/common-fields';

/** The template's drop-downs a payment column takes (lists of the ledger, or fixed words named in templates.ts). */
export type FundsTemplateList = 'project' | 'docNumber' | 'township' | 'village' | 'paymentType' | 'level';

export type FundsFieldDef = LedgerFieldDef<FundsTemplateList>;

export const ALLOCATION_FIELD = {
  seq: { ...common(SEQ_FIELD), export: { kind: 'seq' }, template: sharedTemplate('seq') },
  docNumber: {
    label: '文号',
    max: 60,
    import: { type: 'text', aliases: ['文号', '下达文号', '资金文号', '文件号', '指标文号', '文件文号', '下达文件', '发文字号', '文件编号', '资金下达文号', '指标文件', '下达文件文号', '指标文件号', '预算指标文号'], required: true, weight: 3 },
    export: { kind: 'code', width: 24 },
    template: { input: 'text', required: true, hint: '必填：如 青财农字〔2024〕12号', width: 24 },
  },
  date: {
    label: '下达日期',
    import: { type: 'day', aliases: ['下达日期', '下达时间', '文件日期', '日期', '发文日期', '发文时间', '指标下达日期', '资金下达时间', '资金下达日期'], weight: 1.5 },
    export: { kind: 'date' },
    template: { input: 'date', required: true, hint: '文件日期，如 2024-03-05' },
  },
  level: {
    label: '资金级次',
    import: { type: 'word', aliases: ['资金级次', '级次', '资金层级', '资金来源级次', '资金级别', '资金来源', '来源'], weight: 2 },
    export: { kind: 'text' },
    template: { input: 'text', list: { name: 'level', strict: true }, required: true, hint: '中央、省级、市级、县级或其他' },
  },
  fundName: {
    label: '资金名称',
    max: 100,
    import: { type: 'text', aliases: ['资金名称', '资金项目', '项目资金名称', '文件名称', '资金类别', '资金类型', '资金性质', '文件标题'], weight: 2 },
    export: { kind: 'text', width: 20 },
    template: { input: 'text', hint: '如 中央财政衔接推进乡村振兴补助资金', width: 24 },
  },
  amount: {
    label: '下达金额',
    import: { type: 'money', aliases: ['下达金额', '金额', '资金金额', '下达资金', '下达资金金额', '指标金额', '下达资金总额', '文件金额', '下达总额', '合计', '小计', '金额合计'], required: true, weight: 2 },
    export: { kind: 'money' },
    template: { input: 'money', required: true, hint: '必填：本文号本级次下达的金额' },
  },
  recipient: {
    label: '下达对象',
    max: 200,
    import: { type: 'text', aliases: ['下达对象', '下达单位', '资金使用单位', '用款单位', '接收单位', '下达至', '资金下达单位'], weight: 2 },
    export: { kind: 'text', width: 16 },
    template: { input: 'text', hint: '资金下达到的单位' },
  },
  year: {
    label: '预算年度',
    import: { type: 'year', aliases: ['年度', '预算年度', '资金年度'], weight: 0.5 },
    export: { kind: 'rank', onPaper: false },
    template: { input: 'year', hint: '可不填：默认为下达日期的年份（提前下达的填资金所属年度）' },
  },
  projectCode: { label: '项目编号', max: 40, import: { type: 'text', aliases: ['项目编号', '项目代码', '项目编码'], weight: 0.5 } },
  project: { label: '分配到项目', max: 100, import: { type: 'name', aliases: ['项目名称', '项目', '分配项目', '安排项目', '支持项目'], weight: 0.5 } },
  township: common(TOWNSHIP_FIELD),
  village: common(VILLAGE_FIELD),
  splitAmount: { label: '分配金额', import: { type: 'money', aliases: ['分配金额', '安排金额', '项目分配金额', '分配资金', '安排资金', '项目安排金额', '分配到项目金额'], weight: 2 } },
  // A document that allocates several levels at once, one column per level: one allocation per level.
  fundCentral: { label: '中央资金', import: { type: 'money', aliases: ['中央', '中央资金', '中央财政', '中央衔接资金', '中央财政衔接资金'], weight: 1 } },
  fundProvincial: { label: '省级资金', import: { type: 'money', aliases: ['省级', '省', '省级资金', '省级财政', '省级衔接资金'], weight: 1 } },
  fundMunicipal: { label: '市级资金', import: { type: 'money', aliases: ['市级', '市', '市级资金', '市级财政', '市级衔接资金', '州级'], weight: 1 } },
  fundCounty: { label: '县级资金', import: { type: 'money', aliases: ['县级', '县', '县级资金', '县级财政', '县级衔接资金', '本级', '县本级'], weight: 1 } },
  fundOther: { label: '其他资金', import: { type: 'money', aliases: ['其他', '其他资金', '其它'], weight: 0.5 } },
  // The exported ledger's figures of each document (read, not entered).
  split: { label: '已落实到项目', export: { kind: 'money' } },
  unsplit: { label: '尚未落实', export: { kind: 'money' } },
  paid: { label: '已拨付', export: { kind: 'money' } },
  remark: { ...common(REMARK_FIELD), export: { kind: 'text', width: 14 }, template: sharedTemplate('remark') },
} satisfies Record<string, FundsFieldDef>;

export type AllocationFieldKey = keyof typeof ALLOCATION_FIELD;
/** The keys of the allocation fields with an exported column. */
export type ExportedAllocationField = { [K in AllocationFieldKey]: (typeof ALLOCATION_FIELD)[K] extends { export: object } ? K : never }[AllocationFieldKey];

/** The columns of the 资金下达台账 and its template, left to right (the template leaves out the figures it cannot carry). */
const ALLOCATION_SHEET_ORDER = ['seq', 'docNumber', 'date', 'year', 'level', 'fundName', 'recipient', 'amount', 'split', 'unsplit', 'paid', 'remark'] as const satisfies readonly ExportedAllocationField[];

export const PAYMENT_FIELD = {
  seq: { ...common(SEQ_FIELD), export: { kind: 'seq' }, template: sharedTemplate('seq') },
  projectCode: {
    label: '项目编号',
    max: 40,
    import: { type: 'text', aliases: ['项目编号', '项目代码', '项目编码', '编号'], weight: 0.5 },
    export: { kind: 'code', onPaper: false },
    template: { input: 'text', hint: '项目库编号（有重名项目时必填）' },
  },
  project: {
    label: '项目名称',
    max: 100,
    import: { type: 'name', aliases: ['项目名称', '项目', '项目名', '拨付项目', '支付项目', '用款项目'], weight: 1 },
    // Widths for one line a row on paper (A4 landscape, 10 pt) in most payments.
    export: { kind: 'text', width: 28 },
    template: { input: 'text', list: { name: 'project', strict: false }, required: true, hint: '从下拉列表选择台账中的项目', width: 26 },
  },
  township: { ...common(TOWNSHIP_FIELD), export: { kind: 'text' }, template: { input: 'text', list: { name: 'township', strict: true }, hint: '项目所在乡镇' } },
  village: { ...common(VILLAGE_FIELD), export: { kind: 'text', detail: true } },
  // Payment lists kept by the office (拨付/报账), and the exports of 财政 国库集中支付 and 预算管理一体化 systems
  // (the 支付凭证 of the Fujian 省本级财政支付凭证信息 register at sjdj.nda.gov.cn; finance software's 付款单
  // and 凭证 fields: 凭证日期, 记账日期, 支付日期, 拨款日期, 借方金额, 收款人全称, 摘要/用途, 凭证号/凭证编号).
  date: {
    label: '拨付日期',
    import: {
      type: 'day',
      aliases: ['拨付日期', '拨付时间', '支付日期', '支付时间', '日期', '付款日期', '付款时间', '报账日期', '报账时间', '拨款日期', '拨款时间', '资金拨付时间', '资金拨付日期', '支出日期', '支出时间', '凭证日期', '记账日期', '入账日期', '支付凭证日期', '实际支付日期'],
      required: true,
      weight: 2,
    },
    export: { kind: 'date' },
    template: { input: 'date', required: true, hint: '必填：支付日期，如 2024-03-05' },
  },
  amount: {
    label: '拨付金额',
    import: {
      type: 'money',
      // 借方金额 of a ledger export is money paid out; 贷方金额 (money coming back) is the `credit` field below.
      aliases: ['拨付金额', '支付金额', '金额', '本次拨付', '本次拨付金额', '报账金额', '付款金额', '拨款金额', '拨付资金', '支出金额', '实际支付金额', '拨付', '本次支付金额', '本次支付', '支付', '拨付数', '支出', '借方金额', '借方', '借方发生额', '本期借方'],
      required: true,
      weight: 3,
    },
    export: { kind: 'money' },
    template: { input: 'money', required: true, hint: '必填：本次拨付金额' },
  },
  credit: {
    label: '贷方金额',
    import: { type: 'money', aliases: ['贷方金额', '贷方', '贷方发生额', '本期贷方', '退回金额', '收回金额'], weight: 0.5, label: '贷方金额（收回，不作拨付）' },
  },
  payee: {
    label: '收款单位',
    max: 100,
    import: { type: 'text', aliases: ['收款单位', '收款人', '收款方', '收款单位名称', '收款人名称', '收款账户名称', '收款人全称', '收款单位全称', '收款方名称', '收款人户名', '收款账户户名'], weight: 2 },
    export: { kind: 'text', width: 30 },
    template: { input: 'text', hint: '收款单位或个人' },
  },
  // The bank details beside 收款人全称 in a 国库 export: claimed here so that "收款人账号" is not read as the payee.
  payeeAccount: {
    label: '收款账号/开户行',
    import: { type: 'ignore', aliases: ['收款人账号', '收款账号', '收款人开户行', '收款人开户银行', '收款银行', '开户银行', '开户行', '银行账号'], weight: 0.5, multi: true, label: '收款账号/开户行（不导入）' },
  },
  payer: {
    label: '付款人',
    import: { type: 'ignore', aliases: ['付款人全称', '付款人', '付款人账号', '付款账号', '付款人开户行', '付款单位'], weight: 0.5, multi: true, label: '付款人（不导入）' },
  },
  voucher: {
    label: '凭证号',
    max: 50,
    import: { type: 'text', aliases: ['凭证号', '凭证编号', '记账凭证号', '凭证', '凭证字号', '支付凭证号', '凭证号码', '支付令号', '支付凭证编号', '记账凭证编号', '凭证字号编号'], weight: 2 },
    export: { kind: 'code' },
    template: { input: 'text', hint: '记账凭证号' },
  },
  paymentType: {
    label: '支付类型',
    import: { type: 'word', aliases: ['支付类型', '拨付类型', '款项类型', '付款类型', '款项性质', '拨付性质', '支付性质', '款项'], weight: 1 },
    export: { kind: 'text' },
    template: { input: 'text', list: { name: 'paymentType', strict: true }, hint: '预拨、进度款、结算或质保金' },
  },
  docNumber: {
    label: '资金文号',
    max: 60,
    import: { type: 'text', aliases: ['资金文号', '文号', '指标文号', '下达文号', '指标文件', '资金来源文号', '指标文件号', '预算指标文号', '指标来源文号'], weight: 1 },
    export: { kind: 'code' },
    template: { input: 'text', list: { name: 'docNumber', strict: false }, hint: '本笔资金来源的下达文号' },
  },
  level: {
    label: '资金级次',
    import: { type: 'word', aliases: ['资金级次', '级次', '资金层级'], weight: 0.5 },
    export: { kind: 'text', detail: true },
    template: { input: 'text', list: { name: 'level', strict: true }, hint: '同一文号有多个级次时填写' },
  },
  fundNature: { label: '资金性质', import: { type: 'ignore', aliases: ['资金性质', '资金来源', '资金类型', '资金类别'], weight: 0.5 } },
  overAllocation: { label: '拨付超下达', export: { kind: 'text', width: 8 } },
  remark: {
    ...common(REMARK_FIELD),
    import: { type: 'text', aliases: ['备注', '摘要', '说明', '用途', '资金用途', '支付用途', '用途摘要', '摘要用途', '付款用途'], weight: 0 },
    export: { kind: 'text', detail: true },
    template: sharedTemplate('remark'),
  },
} satisfies Record<string, FundsFieldDef>;

export type PaymentFieldKey = keyof typeof PAYMENT_FIELD;
const ENTRIES = Object.entries(PAYMENT_FIELD) as Array<[PaymentFieldKey, FundsFieldDef]>;
type With<P extends keyof FundsFieldDef> = FundsFieldDef & Required<Pick<FundsFieldDef, P>>;

/** The keys of the fields with an exported column, in the ledger's order. */
export type ExportedPaymentField = { [K in PaymentFieldKey]: (typeof PAYMENT_FIELD)[K] extends { export: object } ? K : never }[PaymentFieldKey];

export const PAYMENT_IMPORT_FIELDS = ENTRIES.filter((e): e is [PaymentFieldKey, With<'import'>] => e[1].import !== undefined);
export const PAYMENT_EXPORT_FIELDS = ENTRIES.filter((e): e is [ExportedPaymentField, With<'export'>] => e[1].export !== undefined);
export const PAYMENT_TEMPLATE_FIELDS = ENTRIES.filter((e): e is [PaymentFieldKey, With<'template'>] => e[1].template !== undefined);

/** A payment text field's longest length (the fields with a `max`; a field without one is a program error). */
export function paymentFieldMax(key: PaymentFieldKey): number {
  return fieldMax<PaymentFieldKey>(PAYMENT_FIELD, key, '付款');
}

const ALLOCATION_ENTRIES = Object.entries(ALLOCATION_FIELD) as Array<[AllocationFieldKey, FundsFieldDef]>;
const inSheetOrder = ALLOCATION_SHEET_ORDER.map((key) => [key, ALLOCATION_FIELD[key] as FundsFieldDef] as const);

export const ALLOCATION_IMPORT_FIELDS = ALLOCATION_ENTRIES.filter((e): e is [AllocationFieldKey, With<'import'>] => e[1].import !== undefined);
export const ALLOCATION_EXPORT_FIELDS = inSheetOrder.filter((e): e is [ExportedAllocationField, With<'export'>] => e[1].export !== undefined);
export const ALLOCATION_TEMPLATE_FIELDS = inSheetOrder.filter((e): e is [ExportedAllocationField, With<'template'>] => e[1].template !== undefined);

/** An allocation text field's longest length (the fields with a `max`; a field without one is a program error). */
export function allocationFieldMax(key: AllocationFieldKey): number {
  return fieldMax<AllocationFieldKey>(ALLOCATION_FIELD, key, '资金下达');
}
