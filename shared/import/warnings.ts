// The kinds of import warnings (提醒). Every place in the import that warns names one of these kinds, so a
// sheet with a warning on each of its 100 000 rows reads as one line per kind — "拨付超下达 100 000 行" —
// with the first rows as examples and the full list a page at a time, instead of 100 000 sentences.
// The key is stable (programs read it: the CLI's `warningGroups[].kind`); the sentence is what a clerk reads
// as the group's heading, each row's own message says the particulars.
import type { ImportIssue } from '../api-import';

export const IMPORT_WARNING_KINDS = {
  // Payments (拨付)
  overAllocated: '拨付超下达：累计拨付超过了已下达（分配）到项目的资金，已照常导入，请及时补录资金下达及分配',
  duplicateInFile: '与表中前面某一行的拨付完全相同（同一项目、日期、金额），请确认不是重复录入',
  sameNameProject: '台账中有几个同名项目，已按出现顺序对应；如不对，请在表中填写项目编号',
  docNumberUnknown: '资金下达中没有表中的文号，这些行未关联文号，请补录资金下达后在拨付中关联',
  docNumberAmbiguous: '文号下有多个级次的资金，表中没有写资金级次，这些行未关联文号',
  paymentTypeUnknown: '支付类型认不出，这些行已导入，支付类型留空',
  fundLevelUnknown: '资金级次认不出，这些行按没有级次处理',
  creditAlongside: '这些行既有借方金额又有贷方金额，已按借方金额导入拨付，贷方金额未导入，请核对',
  // Projects (项目)
  categoryUnknown: '项目类型或子类型认不出，这些行已导入，类型留空',
  yearAssumed: '表中没有年度，按今年导入',
  unitUnknown: '单位不在单位名录中，已写入备注，请在“区划与单位”中添加后关联',
  linkageMismatch: '衔接资金与中央、省、市、县级之和不符，已按各级次导入',
  linkageUnsplit: '衔接资金没有分级次，已全部记为一个级次',
  totalOnly: '表中只有总投资、没有资金来源，总投资已记为一个级次的资金',
  totalMismatch: '总投资与各资金来源之和不符，已按各来源导入',
  statusNotReverted: '台账中的状态比表中的更靠后，状态不会因导入而退回',
  projectIncomplete: '资料不全：项目缺少入库须填写的内容，已导入并标记为资料不全',
  // Allocations (资金下达)
  allocationSumMismatch: '下达金额与各级次之和不符，已按各级次导入',
  allocationRowsDiffer: '同一文号的各行下达金额或日期不一致，按第一行导入',
  // Findings (问题整改)
  findingCategoryGuessed: '部分问题没有填写问题类别，已按问题描述判断，请核对',
  findingProjectNotLinked: '问题所涉项目在台账中找不到或有重名，未关联项目',
  immediateWithoutDate: '检查没有起止日期，“立行立改”的问题暂时没有截止日期',
  closedWithoutReviewer: '已销号的问题没有填写销号审核人，请补充',
  // Households (受益户)
  idAddressCode: '身份证号前 6 位（地址码）与本县区划代码不同，请核对',
  // Any kind
  dateAmbiguous: '日期的写法有两种读法，已按注明的一种读取，请核对',
  totalsDiffer: '表中的合计或小计与各行之和不符，或有行没有导入',
  // Read before and after the import alike, so it says neither 将 nor 已 (each row's own message does).
  placeAdded: '区划中没有的乡镇或村，随导入添加到区划，请在“区划与单位”中核对代码',
  townshipUnknown: '标题或填报单位中的乡镇不在区划中',
  unitGuessed: '表中没有注明金额单位，已按数值推测或按“元”导入，请核对',
  noDataRows: '表头以下没有数据行，没有可导入的内容',
  importedBefore: '同一文件已经导入过，与台账相同的行不会重复导入',
  missingValues: '有金额或日期没有导入：这些行的金额或日期字段为空，而表中另有列写着数字或日期',
} as const satisfies Record<string, string>;

export type ImportWarningKind = keyof typeof IMPORT_WARNING_KINDS;

export const IMPORT_WARNING_KIND_KEYS = Object.keys(IMPORT_WARNING_KINDS) as ImportWarningKind[];

export function isImportWarningKind(value: string): value is ImportWarningKind {
  return Object.prototype.hasOwnProperty.call(IMPORT_WARNING_KINDS, value);
}

/** One kind of warning in one import: the kind's sentence, how many, and the first few at their rows. */
export interface ImportWarningGroup {
  kind: ImportWarningKind;
  /** The kind's Chinese sentence (IMPORT_WARNING_KINDS). */
  message: string;
  count: number;
  /** How many different rows (a row can carry the same kind twice, at two cells). */
  rowCount: number;
  /** The first few, in sheet order, each with its own message. */
  rows: ImportIssue[];
}

/** How many examples a group carries (and how many of each kind the short `warnings` list keeps). */
export const WARNING_GROUP_SAMPLES = 10;
