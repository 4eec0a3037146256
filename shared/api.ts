// The one API contract: every operation once, as channel → zod input schema → result type.
// Electron IPC, the loopback browser bridge and the CLI all serve exactly this table.
import { z } from 'zod';
import { rowVersion } from './row-version';
import { isValidIsoDate, isValidIsoDay } from './dates';
import type { ApiError } from './errors';
import {
  AssetKind,
  AssetOperationMode,
  AssetRightsLevel,
  AssetStatus,
  FARMER_LINKAGES,
  FindingCategory,
  FindingStatus,
  FundLevel,
  InspectionSource,
  PaymentType,
  ProjectStatus,
  UnitKind,
} from './enums';
import { ATTACHMENT_MAX_BASE64_CHARS, ATTACHMENT_MAX_BYTES_CEILING, KNOWN_ATTACHMENT_TYPES } from './attachment-types';
import type { DivisionLevel } from './divisions';
import { MAX_AMOUNT_FEN } from './money';
import { ALLOCATION_FIELD, allocationFieldMax, PAYMENT_FIELD, paymentFieldMax } from './funds/fields';
import { ASSET_FIELD, assetFieldMax } from './assets/fields';
import { FINDING_FIELD, findingFieldMax, INSPECTION_FIELD, inspectionFieldMax } from './supervision/fields';
import { PROJECT_FIELD, projectFieldMax, tooLongText, PLAIN_PROJECT_FIELDS, type PlainProjectField, type PlainProjectValues, type ProjectFieldDef } from './projects/fields';
import { TIME_PROGRESS_RULE, type ProgressFigures, type TimeProgressRule } from './progress';
import { accessByInput, channel, inputField, type ChannelDef } from './channel';
import { importChannels } from './api-import';
import { bulletinChannels } from './api-bulletin';
import { assistanceChannels } from './api-assistance';

export type * from './api-bulletin';
export type * from './api-assistance';
import { operatorsChannels } from './api-operators';
import { auditChannels, type DashboardVerify } from './api-audit';
import { backupChannels } from './api-backup';
import { exportChannels } from './api-export';
import { ledgerTransferChannels, officeChannels } from './api-office';

// zod speaks Chinese to the user.
z.config(z.locales.zhCN());

export type { ChannelDef } from './channel';
export type { ConnectedSession, OperatorRow, OperatorsList, SessionOperator, SessionState } from './api-operators';

// ---- Reusable field schemas -------------------------------------------------------------------------

const id = z.number({ error: '缺少记录编号' }).int().positive();
const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { error: tooLongText(label, max) });
const requiredText = (label: string, max: number) => text(label, max).min(1, { error: `请填写${label}` });
const optionalText = (label: string, max: number) =>
  text(label, max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v));
const isoDay = (label: string) =>
  z.string({ error: `${label}应为日期` }).refine(isValidIsoDay, { error: `${label}不是有效日期，请按 2024-03-05 的格式填写存在的日期` });
const divisionCode = z.string({ error: '请填写区划代码' }).trim();
/** Money is integer fen (分): whole, not negative, at most 10^12 fen (100 亿元). */
const fen = (label: string) =>
  z
    .number({ error: `${label}应填写金额（以分为单位的整数）` })
    .int({ error: `${label}必须是整分，不能有不足 1 分的零头` })
    .min(0, { error: `${label}不能为负数` })
    .max(MAX_AMOUNT_FEN, { error: `${label}不能超过 100 亿元` });
/** A payment moves money: at least one fen. */
const positiveFen = (label: string) => fen(label).min(1, { error: `${label}应大于 0` });
/** A day or a month ('2024-03-05' or '2024-03'): township sheets often give project dates by month only. */
const isoDate = (label: string) =>
  z
    .string({ error: `${label}应为日期` })
    .trim()
    .refine(isValidIsoDate, { error: `${label}不是有效日期，请按 2024-03-05 或 2024-03 的格式填写存在的日期` });
const optionalDate = (label: string) =>
  isoDate(label)
    .nullish()
    .transform((v) => v ?? null);
const optionalId = (label: string) =>
  z
    .number({ error: `${label}应为记录编号` })
    .int({ error: `${label}应为记录编号` })
    .positive({ error: `${label}应为记录编号` })
    .nullish()
    .transform((v) => v ?? null);
/** Counts of villages, households, people: whole numbers, not negative, at most ten million. */
const optionalCount = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .int({ error: `${label}应为整数` })
    .min(0, { error: `${label}不能为负数` })
    .max(10_000_000, { error: `${label}不能超过 1000 万` })
    .nullish()
    .transform((v) => v ?? null);
const ratio = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .min(0, { error: `${label}不能为负数` })
    .max(1, { error: `${label}应在 0 到 1 之间（如 0.55 表示 55%）` });
const pageOffset = z.number({ error: '起始行应为数字' }).int({ error: '起始行应为整数' }).min(0, { error: '起始行不能为负数' }).optional();
const pageLimit = (max: number) =>
  z
    .number({ error: '每页行数应为数字' })
    .int({ error: '每页行数应为整数' })
    .min(1, { error: '每页至少 1 行' })
    .max(max, { error: `每页最多 ${max} 行` })
    .optional();
const fundLevel = z.enum(FundLevel.values, { error: '资金级次应为中央、省级、市级、县级或其他' });
const year = z.number({ error: '请填写年度' }).int().min(2000, { error: '年度应在 2000 年以后' }).max(2100, { error: '年度不能晚于 2100 年' });

// ---- Result shapes ----------------------------------------------------------------------------------

/**
 * Why this data folder is open: the default folder, the one config.json names, one the clerk chose at start-up
 * (config.json unreadable or naming a network folder; saved back into config.json), or one given on the
 * command line (browser mode, CLI).
 */
export type DataSource =
  | { kind: 'default' }
  | { kind: 'config'; configFile: string }
  | { kind: 'chosen'; configFile: string }
  | { kind: 'given' };

export interface AppInfo {
  version: string;
  door: 'electron' | 'web' | 'cli';
  dataDir: string;
  /** The ledger file's path; on the office server, how the server is named (officeLedgerName). */
  dbFile: string;
  dataSource: DataSource;
  /** The ledger is on the office server (dbFile names the server, dataDir is this PC's folder for logs and copies). */
  officeServer: boolean;
}

export interface SettingsValue {
  officeName: string;
  countyName: string;
  operatorName: string;
  /** Read-only here: where the ledger file, backups and attachments live. */
  dataDir: string;
  dbFile: string;
}

export interface DivisionRow {
  id: number;
  code: string;
  name: string;
  level: DivisionLevel;
  parentId: number | null;
  isPovertyVillage: boolean;
  exitYear: number | null;
  sortOrder: number;
}

export interface UnitRow {
  id: number;
  name: string;
  kind: UnitKind;
  divisionId: number | null;
  contactPerson: string | null;
  phone: string | null;
  remark: string | null;
}

export interface DashboardSummary {
  /** True when the ledger has no county yet: the renderer offers 载入示例数据 or a blank start. */
  isEmpty: boolean;
  countyName: string | null;
  townships: number;
  villages: number;
  povertyVillages: number;
  units: number;
  projects: number;
  projectsThisYear: number;
  projectFundsFen: number;
  allocations: number;
  allocatedFen: number;
  payments: number;
  paidFen: number;
  inspections: number;
  findings: number;
  openFindings: number;
  households: number;
  year: number;
  /** The latest 校验 and this start's automatic one (首页's alert or quiet line). */
  verify: DashboardVerify;
}

export type FundsByLevel = Record<FundLevel, number>;

/** A project row as `list projects` prints it (DESIGN.md's CLI contract). */
export interface ProjectListRow {
  id: number;
  year: number;
  code: string | null;
  name: string;
  township: string | null;
  village: string | null;
  category: string | null;
  subcategory: string | null;
  status: string;
  statusCode: ProjectStatus;
  totalFen: number;
  fundsFen: FundsByLevel;
  households: number | null;
  povertyHouseholds: number | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  department: string | null;
}

export interface PaymentListRow {
  id: number;
  projectId: number;
  project: string;
  township: string | null;
  date: string;
  amountFen: number;
  voucher: string | null;
  payee: string | null;
  docNumber: string | null;
  paymentType: string | null;
  /** 拨付超下达: the project's live payments exceed what allocations have assigned to it. */
  overAllocation: boolean;
}

export interface FindingListRow {
  id: number;
  inspection: string;
  township: string | null;
  village: string | null;
  category: string;
  description: string;
  status: string;
  statusCode: FindingStatus;
  deadline: string | null;
  deadlineText: string | null;
  overdue: boolean;
  responsibleUnit: string | null;
}

export interface DemoResult {
  townships: number;
  villages: number;
  units: number;
  projects: number;
  allocations: number;
  payments: number;
  inspections: number;
  findings: number;
  assets: number;
}

export interface Page<T> {
  rows: T[];
  total: number;
}

// ---- 项目库 ------------------------------------------------------------------------------------------

export interface ProjectTypeNode {
  id: number;
  name: string;
  aliases: string | null;
  sortOrder: number;
  children: Array<{ id: number; name: string; aliases: string | null; sortOrder: number }>;
}

export interface ProjectSplitRow {
  allocationId: number;
  docNumber: string;
  level: FundLevel;
  date: string;
  amountFen: number;
}

export interface PaymentRow {
  id: number;
  /** The row's version: the form sends it back with its save. */
  version: number;
  projectId: number;
  project: string;
  projectCode: string | null;
  allocationId: number | null;
  docNumber: string | null;
  /** The level of the allocation the payment names (null when it names none). */
  allocationLevel: FundLevel | null;
  date: string;
  amountFen: number;
  payee: string | null;
  voucher: string | null;
  paymentType: PaymentType | null;
  remark: string | null;
}

/** A project with every field of the form, its names resolved and its money state. */
export interface ProjectDetail extends PlainProjectValues {
  id: number;
  /** The row's version: the form sends it back with its save. */
  version: number;
  year: number;
  code: string | null;
  name: string;
  categoryId: number | null;
  category: string | null;
  subcategoryId: number | null;
  subcategory: string | null;
  constructionNature: string | null;
  townshipId: number | null;
  township: string | null;
  villageId: number | null;
  village: string | null;
  location: string | null;
  content: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  departmentId: number | null;
  department: string | null;
  implementerId: number | null;
  implementer: string | null;
  responsiblePerson: string | null;
  fundsFen: FundsByLevel;
  /** 资金规模 = the sum of the fund columns. */
  totalFen: number;
  fundOtherNote: string | null;
  beneficiaryVillages: number | null;
  beneficiaryHouseholds: number | null;
  beneficiaryPeople: number | null;
  povertyHouseholds: number | null;
  povertyPeople: number | null;
  monitoredHouseholds: number | null;
  monitoredPeople: number | null;
  farmerLinkage: string[];
  farmerLinkageNote: string | null;
  status: ProjectStatus;
  statusLabel: string;
  remark: string | null;
  createdAt: string;
  updatedAt: string;
  /** 已下达到本项目 (splits of live allocations). */
  allocatedFen: number;
  /** 已拨付 (live payments). */
  paidFen: number;
  /** 拨付超下达: paid above what allocations have assigned so far (computed, never stored). */
  overAllocation: boolean;
  /** The 入库 fields still empty, as labels (empty when the project may enter the bank). */
  missingForBank: string[];
  /** 资料不全: the 入库 fields a project at 入库 or later lacks (empty when complete or before 入库). */
  incompleteFields: string[];
  splits: ProjectSplitRow[];
  payments: PaymentRow[];
}

export interface ProjectSearchRow extends ProjectListRow {
  townshipId: number | null;
  villageId: number | null;
  paidFen: number;
  allocatedFen: number;
  overAllocation: boolean;
  /** 资料不全: the 入库 fields a project at 入库 or later lacks (empty when complete or before 入库). */
  incompleteFields: string[];
}

export interface ProjectSearchTotals {
  count: number;
  fundsFen: FundsByLevel;
  totalFen: number;
  paidFen: number;
}

export interface ProjectSearchResult {
  rows: ProjectSearchRow[];
  /** Totals of the whole filtered set, not only of this page. */
  totals: ProjectSearchTotals;
  offset: number;
  limit: number;
}

// ---- 资金 -------------------------------------------------------------------------------------------

export interface AllocationSplitRow {
  projectId: number;
  project: string;
  projectCode: string | null;
  township: string | null;
  amountFen: number;
}

export interface AllocationRow {
  id: number;
  /** The row's version: the form sends it back with its save. */
  version: number;
  docNumber: string;
  level: FundLevel;
  fundName: string | null;
  date: string;
  year: number;
  amountFen: number;
  recipient: string | null;
  remark: string | null;
  /** 已分配到项目. */
  splitFen: number;
  /** 未分配 = amount − split. */
  unsplitFen: number;
  /** Live payments that name this allocation. */
  paidFen: number;
}

export interface AllocationDetail extends AllocationRow {
  splits: AllocationSplitRow[];
}

export interface AllocationPage {
  rows: AllocationRow[];
  totals: { count: number; amountFen: number; splitFen: number };
}

/** The money state of a project after a payment was written. */
export interface ProjectMoneyState {
  projectId: number;
  totalFen: number;
  allocatedFen: number;
  paidFen: number;
}

export interface PaymentWriteResult {
  payment: PaymentRow;
  project: ProjectMoneyState;
  /** 拨付超下达: accepted, but the project's payments are above what allocations have assigned to it. */
  overAllocation: boolean;
  /** A Chinese sentence for the clerk when overAllocation is true. */
  warning: string | null;
}

// ---- 支出进度 ----------------------------------------------------------------------------------------

export type { ProgressFigures } from './progress';

export interface ProgressLevelRow extends ProgressFigures {
  level: FundLevel | 'all';
  label: string;
}

export interface ProgressGroupRow extends ProgressFigures {
  /** Township or department id; null for projects that name none. */
  id: number | null;
  name: string;
  projects: number;
  rank: number;
}

export interface ProgressSummary {
  year: number;
  cutoff: string;
  level: FundLevel | 'all';
  /** 序时进度 (percent, one decimal). */
  timePercent: number;
  /** How 序时进度 was counted (the ledger setting); TIME_PROGRESS_RULE.formula names it on screen. */
  timeRule: TimeProgressRule;
  /** The whole pool for the chosen level. */
  overall: ProgressFigures;
  /** 中央/省级/市级/县级/其他 and 全部, always all six. */
  byLevel: ProgressLevelRow[];
  byTownship: ProgressGroupRow[];
  byDepartment: ProgressGroupRow[];
  industry: {
    spentFen: number;
    totalSpentFen: number;
    sharePercent: number | null;
    targetPercent: number;
    below: boolean;
  };
}

export interface FlagProjectRow {
  projectId: number;
  year: number;
  code: string | null;
  name: string;
  township: string | null;
  status: ProjectStatus;
  totalFen: number;
  allocatedFen: number;
  paidFen: number;
}

export interface OverAllocationRow extends FlagProjectRow {
  /** paid − allocated. */
  excessFen: number;
}

export interface IdleFundsRow extends FlagProjectRow {
  /** The oldest allocation date of the idle money. */
  since: string;
  /** Money allocated over a year ago that nothing has been spent from since. */
  idleFen: number;
  lastPaymentDate: string | null;
}

export interface FlagList<T> {
  count: number;
  /** The first `limit` rows (the count is of all). */
  items: T[];
}

export interface ProgressFlags {
  cutoff: string;
  year: number | null;
  overAllocation: FlagList<OverAllocationRow> & { totalExcessFen: number };
  idleFunds: FlagList<IdleFundsRow> & { totalIdleFen: number };
  paidNotStarted: FlagList<FlagProjectRow>;
  industryShare: FlagList<{ townshipId: number | null; township: string; spentFen: number; industryFen: number; sharePercent: number | null }> & {
    year: number;
    below: boolean;
    sharePercent: number | null;
    targetPercent: number;
  };
}

export interface LedgerSettingsValue {
  /** 产业发展类支出占比目标 (ratio, e.g. 0.55). */
  industryShareTarget: number;
  /** 资产最低收益率 (ratio, e.g. 0.06). */
  assetMinReturnRate: number;
  /** 序时进度计算方法: 按日 (default) or 按整月 (shared/progress.ts). */
  timeProgressRule: TimeProgressRule;
}

// ---- 资产 -------------------------------------------------------------------------------------------

export interface AssetIncomeRow {
  year: number;
  incomeFen: number;
  distribution: string | null;
  remark: string | null;
  /** 收益率 = income ÷ 原值 (percent, two decimals); null when 原值 is 0. */
  returnRatePercent: number | null;
  /** Below 最低收益率 (经营性 assets only: 公益性 and 到户类 assets are not expected to earn). */
  belowMinimum: boolean;
}

export interface AssetRow {
  id: number;
  code: string | null;
  name: string;
  kind: AssetKind;
  projectId: number | null;
  project: string | null;
  originalValueFen: number;
  formedDate: string | null;
  townshipId: number | null;
  township: string | null;
  villageId: number | null;
  village: string | null;
  owner: string | null;
  rightsLevel: AssetRightsLevel | null;
  handoverDate: string | null;
  manager: string | null;
  operationMode: AssetOperationMode | null;
  contractStart: string | null;
  contractEnd: string | null;
  status: AssetStatus;
  remark: string | null;
  /** The income of the year asked for (default: the latest year with a record). */
  incomeYear: number | null;
  incomeFen: number | null;
  returnRatePercent: number | null;
  belowMinimum: boolean;
}

export interface AssetDetail extends AssetRow {
  /** The row's version: the form sends it back with its save. */
  version: number;
  incomes: AssetIncomeRow[];
}

// ---- 督导检查与问题整改 ------------------------------------------------------------------------------

/** Live findings per status (all five always present). */
export type FindingStatusCounts = Record<FindingStatus, number>;

export interface InspectionRow {
  id: number;
  name: string;
  source: InspectionSource;
  sourceLabel: string;
  /** 来源文号, normalised to 〔〕. */
  sourceDocNumber: string | null;
  team: string | null;
  leader: string | null;
  startDate: string | null;
  endDate: string | null;
  /** 对象: townships (ids with names) and county departments (names). */
  townshipIds: number[];
  townships: Array<{ id: number; name: string }>;
  departments: string[];
  remark: string | null;
  findingCount: number;
  /** 未启动 + 整改中 + 长期坚持. */
  openCount: number;
  /** Overdue on `today` of the request. */
  overdueCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface InspectionPage {
  rows: InspectionRow[];
  total: number;
  today: string;
}

export interface InspectionDetail extends InspectionRow {
  /** The row's version: the form sends it back with its save. */
  version: number;
  today: string;
  statusCounts: FindingStatusCounts;
  /** Every live finding of the inspection in 序号 order. */
  findings: FindingSearchRow[];
}

export type DeadlineKind = 'date' | 'yearEnd' | 'monthEnd' | 'immediate' | 'ongoing';

export interface FindingSearchRow extends FindingListRow {
  inspectionId: number;
  seq: number | null;
  townshipId: number | null;
  villageId: number | null;
  categoryCode: FindingCategory;
  leadUnit: string | null;
  responsiblePerson: string | null;
  projectId: number | null;
  project: string | null;
  assetId: number | null;
  asset: string | null;
  progressText: string | null;
  closedDate: string | null;
  /** deadline − today in days (negative when past); null without a deadline. */
  daysLeft: number | null;
  /** Live evidence files of the finding and of its progress steps. */
  attachmentCount: number;
  updatedAt: string;
}

export interface AttachmentRow {
  id: number;
  ownerType: AttachmentOwnerType;
  ownerId: number;
  /** The file's own name, made safe to show (never used as a path). */
  name: string;
  sizeBytes: number;
  mimeType: string;
  sha256: string;
  isImage: boolean;
  createdAt: string;
}

export interface AttachmentContent extends AttachmentRow {
  /** The file's bytes, base64. */
  base64: string;
}

export interface FindingUpdateRow {
  id: number;
  date: string;
  fromStatus: FindingStatus | null;
  fromStatusLabel: string | null;
  toStatus: FindingStatus;
  toStatusLabel: string;
  note: string | null;
  operator: string;
  /** The reason of a step back (kept in the audit trail). */
  reason: string | null;
  attachments: AttachmentRow[];
}

export interface FindingDetail {
  id: number;
  /** The row's version: the form sends it back with its save. */
  version: number;
  inspectionId: number;
  inspection: string;
  inspectionStart: string | null;
  inspectionEnd: string | null;
  seq: number | null;
  category: FindingCategory;
  categoryLabel: string;
  description: string;
  townshipId: number | null;
  township: string | null;
  villageId: number | null;
  village: string | null;
  projectId: number | null;
  project: string | null;
  assetId: number | null;
  asset: string | null;
  leadUnit: string | null;
  responsibleUnit: string | null;
  responsibleLeader: string | null;
  responsiblePerson: string | null;
  goal: string | null;
  measures: string | null;
  /** 整改时限 as written, and the date it means (null for 长期坚持 or none). */
  deadlineText: string | null;
  deadlineDate: string | null;
  deadlineKind: DeadlineKind | null;
  progressText: string | null;
  status: FindingStatus;
  statusLabel: string;
  completedBy: string | null;
  completedDate: string | null;
  closedDate: string | null;
  closedReviewer: string | null;
  today: string;
  overdue: boolean;
  daysLeft: number | null;
  /** Statuses the workflow allows next (a step back among them needs a reason). */
  nextStatuses: FindingStatus[];
  createdAt: string;
  updatedAt: string;
  updates: FindingUpdateRow[];
  /** Evidence attached to the finding itself (files of progress steps are under `updates`). */
  attachments: AttachmentRow[];
}

export interface FindingSearchResult {
  rows: FindingSearchRow[];
  total: number;
  offset: number;
  limit: number;
  today: string;
  /** Status counts and overdue of the whole filtered set, not only of this page. */
  statusCounts: FindingStatusCounts;
  overdueCount: number;
}

export interface FindingMatrixRow {
  /** null: findings that name no township (county departments). */
  townshipId: number | null;
  township: string;
  counts: FindingStatusCounts;
  total: number;
  open: number;
  overdue: number;
}

export interface FindingMatrix {
  today: string;
  statuses: Array<{ value: FindingStatus; label: string }>;
  /** Every township in 区划 order (zeros included), then the row without a township when it has findings. */
  rows: FindingMatrixRow[];
  totals: FindingMatrixRow;
}

export interface FindingCategoryRow {
  category: FindingCategory;
  label: string;
  counts: FindingStatusCounts;
  total: number;
  open: number;
  overdue: number;
}

export interface FindingDashboard {
  today: string;
  total: number;
  /** 未启动 + 整改中 + 长期坚持. */
  open: number;
  /** 长期坚持 alone (so 首页 can say open − ongoing = 未启动 + 整改中). */
  ongoing: number;
  awaitingClose: number;
  closed: number;
  overdue: number;
  /** Open findings whose deadline falls within the next `days` days (today included). */
  dueSoon: number;
  days: number;
}

export interface DeadlinePreview {
  text: string | null;
  date: string | null;
  kind: DeadlineKind | null;
  /** How the date was reached, in Chinese ("立行立改：检查结束日期 2024-09-10 后 30 天"). */
  explanation: string | null;
}

export interface SupervisionSettingsValue {
  /** 立行立改 = the inspection's end date (its start when it has no end) + this many days. */
  immediateDays: number;
  /** Largest evidence file, in bytes. */
  attachmentMaxBytes: number;
  /** Extensions accepted (lowercase, without the dot), a subset of knownAttachmentTypes. */
  attachmentTypes: string[];
  /** Read-only: every type the ledger can verify. */
  knownAttachmentTypes: string[];
}

// ---- Input schemas ----------------------------------------------------------------------------------

export const settingsUpdateInput = z.object({
  officeName: text('单位名称', 60).optional(),
  countyName: text('县名', 30).optional(),
  operatorName: text('操作员姓名', 30).optional(),
});

export const countySetupInput = z.object({
  name: requiredText('县名', 30),
  code: divisionCode,
});

export const divisionCreateInput = z.object({
  level: z.enum(['township', 'village'], { error: '只能新增乡镇或村' }),
  parentId: id,
  code: divisionCode,
  name: requiredText('名称', 40),
  isPovertyVillage: z.boolean().optional().default(false),
  exitYear: year.nullish().transform((v) => v ?? null),
});

export const divisionUpdateInput = z.object({
  id,
  code: divisionCode.optional(),
  name: requiredText('名称', 40).optional(),
  isPovertyVillage: z.boolean().optional(),
  exitYear: year.nullish(),
});

export const divisionMoveInput = z.object({
  id,
  newParentId: id,
  /** The code in its new place: a village's code carries its township's first nine digits. */
  newCode: divisionCode,
});

export const unitInput = z.object({
  name: requiredText('单位名称', 60),
  kind: z.enum(UnitKind.values, { error: '请选择单位类别' }),
  divisionId: id.nullish().transform((v) => v ?? null),
  contactPerson: optionalText('联系人', 30),
  phone: optionalText('联系电话', 30),
  remark: optionalText('备注', 500),
});

const listLimit = z.number().int().min(1).max(100_000).optional();
/** The 导入批次 filter of the ledgers: a batch's number (导入记录). */
const optionalBatch = z.number({ error: '导入批次应为数字' }).int({ error: '导入批次应为整数' }).positive({ error: '导入批次编号不正确' }).optional();

export const projectListInput = z.object({
  township: text('乡镇', 40).optional(),
  year: year.optional(),
  limit: listLimit,
  offset: z.number().int().min(0).optional(),
});

export const paymentListInput = z.object({
  township: text('乡镇', 40).optional(),
  projectId: id.optional(),
  /** Year of the payment date. */
  year: year.optional(),
  /** Matches the project's name or code, the voucher or the payee. */
  keyword: text('关键字', 50).optional(),
  paymentType: z.enum(PaymentType.values, { error: '支付类型不正确' }).optional(),
  /** Payments an import batch created or updated (到资金拨付查看, 导入记录 → 查看记录). */
  importBatchId: optionalBatch,
  limit: listLimit,
  offset: z.number().int().min(0).optional(),
});

export const findingListInput = z.object({
  township: text('乡镇', 40).optional(),
  today: isoDay('今天的日期').optional(),
  limit: listLimit,
  offset: z.number().int().min(0).optional(),
});

export const demoInput = z.object({
  scale: z.number().int().min(1, { error: '规模倍数至少为 1' }).max(200, { error: '规模倍数最大为 200' }).optional().default(1),
  seed: z.number().int().optional(),
});

// -- 项目库

/**
 * The fields of the project form. Create fills what is absent; update changes only what is present. Names
 * and limits come from the project field table (shared/projects/fields.ts).
 */
const F = PROJECT_FIELD;
/** A plain field's schema (shared/projects/fields.ts `plain`): text within its limit, a day, or one of its words. */
function plainFieldSchema(key: PlainProjectField, f: ProjectFieldDef & Required<Pick<ProjectFieldDef, 'plain'>>) {
  const v = f.plain.value;
  if (v.kind === 'text') return optionalText(f.label, projectFieldMax(key));
  const value =
    v.kind === 'day' ? isoDay(f.label) : z.enum(v.choices.values, { error: `${f.label}应为：${v.choices.values.map((c) => v.choices.label[c]).join('、')}` });
  return value.nullish().transform((x) => x ?? null);
}
type Plain<K extends PlainProjectField> = NonNullable<PlainProjectValues[K]>;
/** Each plain field's schema, typed by its value (every one is `base.nullish().transform(to null)`). */
const plainProjectFields = Object.fromEntries(PLAIN_PROJECT_FIELDS.map(([k, f]) => [k, plainFieldSchema(k, f)])) as unknown as {
  [K in PlainProjectField]: z.ZodPipe<z.ZodOptional<z.ZodNullable<z.ZodType<Plain<K>, Plain<K>>>>, z.ZodTransform<Plain<K> | null, Plain<K> | null | undefined>>;
};
const projectFields = {
  year,
  code: optionalText(F.code.label, F.code.max),
  name: requiredText(F.name.label, F.name.max),
  categoryId: optionalId(F.category.label),
  subcategoryId: optionalId(F.subcategory.label),
  constructionNature: optionalText(F.nature.label, F.nature.max),
  townshipId: optionalId(F.township.label),
  villageId: optionalId(F.village.label),
  location: optionalText(F.location.label, F.location.max),
  content: optionalText(F.content.label, F.content.max),
  plannedStart: optionalDate(F.plannedStart.label),
  plannedEnd: optionalDate(F.plannedEnd.label),
  actualStart: optionalDate(F.actualStart.label),
  actualEnd: optionalDate(F.actualEnd.label),
  departmentId: optionalId(F.department.label),
  implementerId: optionalId(F.implementer.label),
  responsiblePerson: optionalText(F.responsiblePerson.label, F.responsiblePerson.max),
  fundCentralFen: fen(F.fundCentral.label),
  fundProvincialFen: fen(F.fundProvincial.label),
  fundMunicipalFen: fen(F.fundMunicipal.label),
  fundCountyFen: fen(F.fundCounty.label),
  fundOtherFen: fen(F.fundOther.label),
  fundOtherNote: optionalText(F.fundOtherNote.label, F.fundOtherNote.max),
  beneficiaryVillages: optionalCount(F.beneficiaryVillages.label),
  beneficiaryHouseholds: optionalCount(F.households.label),
  beneficiaryPeople: optionalCount(F.people.label),
  povertyHouseholds: optionalCount(F.povertyHouseholds.label),
  povertyPeople: optionalCount(F.povertyPeople.label),
  monitoredHouseholds: optionalCount(F.monitoredHouseholds.label),
  monitoredPeople: optionalCount(F.monitoredPeople.label),
  farmerLinkage: z
    .array(z.enum(FARMER_LINKAGES, { error: `${F.farmerLinkage.label}应为：${FARMER_LINKAGES.join('、')}` }), { error: `${F.farmerLinkage.label}应为列表` })
    .max(FARMER_LINKAGES.length, { error: `${F.farmerLinkage.label}重复` })
    .nullish()
    .transform((v) => (v ? [...new Set(v)] : null)),
  farmerLinkageNote: optionalText(F.farmerLinkageNote.label, F.farmerLinkageNote.max),
  status: z.enum(ProjectStatus.values, { error: `${F.status.label}不正确` }),
  remark: optionalText(F.remark.label, projectFieldMax('remark')),
  ...plainProjectFields,
};

export const projectCreateInput = z.object({
  ...projectFields,
  fundCentralFen: projectFields.fundCentralFen.optional(),
  fundProvincialFen: projectFields.fundProvincialFen.optional(),
  fundMunicipalFen: projectFields.fundMunicipalFen.optional(),
  fundCountyFen: projectFields.fundCountyFen.optional(),
  fundOtherFen: projectFields.fundOtherFen.optional(),
  status: projectFields.status.optional(),
});

export const projectUpdateInput = z
  .object(projectFields)
  .partial()
  .extend({
    id,
    version: rowVersion,
    /** Why the status steps back in the lifecycle (required then; lands in the audit trail). */
    reason: optionalText('退回原因', 200),
  });

export const PROJECT_SORT_COLUMNS = [
  'id',
  'year',
  'code',
  'name',
  'township',
  'village',
  'category',
  'status',
  'department',
  'totalFen',
  'paidFen',
  'plannedStart',
  'plannedEnd',
  'updatedAt',
] as const;
export type ProjectSortColumn = (typeof PROJECT_SORT_COLUMNS)[number];

export const projectSearchInput = z.object({
  year: year.optional(),
  townshipId: id.optional(),
  villageId: id.optional(),
  categoryId: id.optional(),
  subcategoryId: id.optional(),
  status: z.array(z.enum(ProjectStatus.values, { error: '项目状态不正确' })).max(ProjectStatus.values.length).optional(),
  /** Projects that have money at any of these levels. */
  fundLevel: z.array(fundLevel).max(FundLevel.values.length).optional(),
  departmentId: id.optional(),
  /** Only projects flagged 资料不全 (at 入库 or later without every 入库 field). */
  incomplete: z.boolean({ error: '“只看资料不全”应为是或否' }).optional(),
  /** Words separated by spaces, each matching name, code, township, village or their pinyin initials. */
  keyword: text('关键字', 50).optional(),
  /** Projects an import batch created or updated (到项目库查看, 导入记录 → 查看记录). */
  importBatchId: optionalBatch,
  sortBy: z.enum(PROJECT_SORT_COLUMNS, { error: '不能按这一列排序' }).optional(),
  sortDir: z.enum(['asc', 'desc'], { error: '排序方向应为升序或降序' }).optional(),
  offset: pageOffset,
  limit: pageLimit(1000),
});

// -- 资金

const docNumber = requiredText(ALLOCATION_FIELD.docNumber.label, allocationFieldMax('docNumber'));

export const allocationCreateInput = z.object({
  docNumber,
  level: fundLevel,
  fundName: optionalText(ALLOCATION_FIELD.fundName.label, allocationFieldMax('fundName')),
  date: isoDay(ALLOCATION_FIELD.date.label),
  /** The budget year; default: the year of the date (提前下达 documents are dated in the year before). */
  year: year.optional(),
  amountFen: fen(ALLOCATION_FIELD.amount.label),
  recipient: optionalText(ALLOCATION_FIELD.recipient.label, allocationFieldMax('recipient')),
  remark: optionalText(ALLOCATION_FIELD.remark.label, allocationFieldMax('remark')),
});

export const allocationUpdateInput = allocationCreateInput.partial().extend({ id, version: rowVersion });

export const allocationListInput = z.object({
  year: year.optional(),
  level: fundLevel.optional(),
  keyword: text('关键字', 50).optional(),
  /** Allocations (and splits) an import batch created or updated. */
  importBatchId: optionalBatch,
  offset: pageOffset,
  limit: pageLimit(1000),
});

export const allocationSplitsSetInput = z.object({
  allocationId: id,
  /** The allocation's version the form loaded: its splits belong to it, and a change of either moves it on. */
  version: rowVersion,
  splits: z
    .array(z.object({ projectId: id, amountFen: fen('分配金额') }), { error: '分配明细应为列表' })
    .max(10_000, { error: '一次最多分配到 10000 个项目' }),
  /** true (default): these splits replace the allocation's whole split; false: only these pairs change (0 removes one). */
  replace: z.boolean({ error: '替换方式应为是或否' }).optional().default(true),
});

export const paymentCreateInput = z.object({
  projectId: id,
  allocationId: optionalId(PAYMENT_FIELD.docNumber.label),
  date: isoDay(PAYMENT_FIELD.date.label),
  amountFen: positiveFen(PAYMENT_FIELD.amount.label),
  payee: optionalText(PAYMENT_FIELD.payee.label, paymentFieldMax('payee')),
  voucher: optionalText(PAYMENT_FIELD.voucher.label, paymentFieldMax('voucher')),
  paymentType: z
    .enum(PaymentType.values, { error: '支付类型应为预拨、进度款、结算或质保金' })
    .nullish()
    .transform((v) => v ?? null),
  remark: optionalText(PAYMENT_FIELD.remark.label, paymentFieldMax('remark')),
});

export const paymentUpdateInput = paymentCreateInput.partial().extend({ id, version: rowVersion });

const deleteWithReason = z.object({ id, reason: requiredText('删除原因', 200) });

// -- 支出进度

export const progressSummaryInput = z.object({
  year,
  /** 截止日期 (ISO day): allocations and payments dated on or before it count. */
  cutoff: isoDay('截止日期'),
  level: z.union([fundLevel, z.literal('all')], { error: '资金级次应为中央、省级、市级、县级、其他或全部' }).optional().default('all'),
});

export const progressFlagsInput = z.object({
  cutoff: isoDay('截止日期'),
  /** Only projects of this year; all years when absent (产业占比 then uses the cut-off's year). */
  year: year.optional(),
  /** Rows listed per flag (the counts are of all). */
  limit: pageLimit(10_000),
});

export const ledgerSettingsUpdateInput = z.object({
  industryShareTarget: ratio('产业发展资金占比目标').optional(),
  assetMinReturnRate: ratio('资产最低收益率').optional(),
  timeProgressRule: z.enum(TIME_PROGRESS_RULE.values, { error: '序时进度计算方法应为按日计算或按整月计算' }).optional(),
});

// -- 资产

const assetFields = {
  code: optionalText(ASSET_FIELD.code.label, assetFieldMax('code')),
  name: requiredText(ASSET_FIELD.name.label, assetFieldMax('name')),
  kind: z.enum(AssetKind.values, { error: `${ASSET_FIELD.kind.label}应为经营性、公益性或到户类` }),
  projectId: optionalId(ASSET_FIELD.project.label),
  originalValueFen: fen(ASSET_FIELD.originalValue.label),
  formedDate: optionalDate(ASSET_FIELD.formedDate.label),
  townshipId: optionalId(ASSET_FIELD.township.label),
  villageId: optionalId(ASSET_FIELD.village.label),
  owner: optionalText(ASSET_FIELD.owner.label, assetFieldMax('owner')),
  rightsLevel: z
    .enum(AssetRightsLevel.values, { error: `${ASSET_FIELD.rightsLevel.label}应为县、乡、村或户` })
    .nullish()
    .transform((v) => v ?? null),
  handoverDate: optionalDate(ASSET_FIELD.handoverDate.label),
  manager: optionalText(ASSET_FIELD.manager.label, assetFieldMax('manager')),
  operationMode: z
    .enum(AssetOperationMode.values, { error: `${ASSET_FIELD.operationMode.label}应为自营、出租、入股或托管` })
    .nullish()
    .transform((v) => v ?? null),
  contractStart: optionalDate(ASSET_FIELD.contractStart.label),
  contractEnd: optionalDate(ASSET_FIELD.contractEnd.label),
  status: z.enum(AssetStatus.values, { error: `${ASSET_FIELD.status.label}应为正常、闲置、低效、损毁或已处置` }),
  remark: optionalText(ASSET_FIELD.remark.label, assetFieldMax('remark')),
};

export const assetCreateInput = z.object({
  ...assetFields,
  originalValueFen: assetFields.originalValueFen.optional(),
  status: assetFields.status.optional(),
});

export const assetUpdateInput = z.object(assetFields).partial().extend({ id, version: rowVersion });

export const assetListInput = z.object({
  projectId: id.optional(),
  townshipId: id.optional(),
  villageId: id.optional(),
  kind: z.enum(AssetKind.values, { error: '资产类型应为经营性、公益性或到户类' }).optional(),
  status: z.array(z.enum(AssetStatus.values, { error: '资产状态不正确' })).max(AssetStatus.values.length).optional(),
  keyword: text('关键字', 50).optional(),
  /** The income year shown in each row (default: each asset's latest year with a record). */
  incomeYear: year.optional(),
  /** Only assets flagged below 最低收益率 in the income year. */
  belowMinimumOnly: z.boolean().optional(),
  offset: pageOffset,
  limit: pageLimit(1000),
});

export const assetIncomeUpsertInput = z.object({
  assetId: id,
  year,
  incomeFen: fen(ASSET_FIELD.income.label),
  distribution: optionalText('收益分配情况', 500),
  remark: optionalText('备注', 500),
});

// -- 督导检查与问题整改

const inspectionSource = z.enum(InspectionSource.values, {
  error: `${INSPECTION_FIELD.source.label}应为：${InspectionSource.options.map((o) => o.label).join('、')}`,
});
const findingCategory = z.enum(FindingCategory.values, { error: `请选择${FINDING_FIELD.category.label}` });
const findingStatus = z.enum(FindingStatus.values, { error: `${FINDING_FIELD.status.label}应为未启动、整改中、已完成待销号、已销号或长期坚持` });
const todayInput = isoDay('今天的日期').optional();

const inspectionTownshipIds = z
  .array(id, { error: `${INSPECTION_FIELD.townshipIds.label}应为列表` })
  .max(500, { error: `${INSPECTION_FIELD.townshipIds.label}最多 500 个` })
  .transform((v) => [...new Set(v)]);
const inspectionDepartments = z
  .array(requiredText(INSPECTION_FIELD.departments.label, inspectionFieldMax('departments')), { error: `${INSPECTION_FIELD.departments.label}应为列表` })
  .max(200, { error: `${INSPECTION_FIELD.departments.label}最多 200 个` })
  .transform((v) => [...new Set(v)]);

const inspectionFields = {
  name: requiredText(INSPECTION_FIELD.name.label, inspectionFieldMax('name')),
  source: inspectionSource,
  sourceDocNumber: optionalText(INSPECTION_FIELD.sourceDocNumber.label, inspectionFieldMax('sourceDocNumber')),
  team: optionalText(INSPECTION_FIELD.team.label, inspectionFieldMax('team')),
  leader: optionalText(INSPECTION_FIELD.leader.label, inspectionFieldMax('leader')),
  startDate: isoDay(INSPECTION_FIELD.startDate.label),
  endDate: isoDay(INSPECTION_FIELD.endDate.label)
    .nullish()
    .transform((v) => v ?? null),
  /** 对象: townships (ids) and/or county departments (names). */
  townshipIds: inspectionTownshipIds,
  departments: inspectionDepartments,
  remark: optionalText(INSPECTION_FIELD.remark.label, inspectionFieldMax('remark')),
};

export const inspectionCreateInput = z.object({
  ...inspectionFields,
  townshipIds: inspectionTownshipIds.optional().transform((v) => v ?? []),
  departments: inspectionDepartments.optional().transform((v) => v ?? []),
});

export const inspectionUpdateInput = z.object(inspectionFields).partial().extend({ id, version: rowVersion });

export const inspectionListInput = z.object({
  /** Inspections that started in this year. */
  year: year.optional(),
  source: inspectionSource.optional(),
  keyword: text('关键字', 50).optional(),
  today: todayInput,
  offset: pageOffset,
  limit: pageLimit(1000),
});

/** 整改时限 as the clerk writes it: a date, "2024年10月31日前", "2024年底前", "立行立改", "长期坚持". */
const deadlineWords = optionalText(FINDING_FIELD.deadline.label, findingFieldMax('deadline'));

const findingFields = {
  inspectionId: id,
  seq: z
    .number({ error: `${FINDING_FIELD.seq.label}应为数字` })
    .int({ error: `${FINDING_FIELD.seq.label}应为整数` })
    .min(1, { error: `${FINDING_FIELD.seq.label}从 1 开始` })
    .max(100_000, { error: `${FINDING_FIELD.seq.label}不能超过 100000` })
    .nullish()
    .transform((v) => v ?? null),
  category: findingCategory,
  description: requiredText(FINDING_FIELD.description.label, findingFieldMax('description')),
  townshipId: optionalId(FINDING_FIELD.township.label),
  villageId: optionalId(FINDING_FIELD.village.label),
  projectId: optionalId(FINDING_FIELD.project.label),
  assetId: optionalId(FINDING_FIELD.asset.label),
  leadUnit: optionalText(FINDING_FIELD.leadUnit.label, findingFieldMax('leadUnit')),
  responsibleUnit: optionalText(FINDING_FIELD.responsibleUnit.label, findingFieldMax('responsibleUnit')),
  responsibleLeader: optionalText(FINDING_FIELD.responsibleLeader.label, findingFieldMax('responsibleLeader')),
  responsiblePerson: optionalText(FINDING_FIELD.responsiblePerson.label, findingFieldMax('responsiblePerson')),
  goal: optionalText(FINDING_FIELD.goal.label, findingFieldMax('goal')),
  measures: optionalText(FINDING_FIELD.measures.label, findingFieldMax('measures')),
  deadline: deadlineWords,
};

export const findingCreateInput = z.object(findingFields);
export const findingUpdateInput = z.object(findingFields).partial().extend({ id, version: rowVersion });

export const findingProgressInput = z.object({
  id,
  /** The finding's version the clerk saw: a step on a finding another clerk changed meanwhile is refused. */
  version: rowVersion,
  /** The day of the step (not in the future, not before the inspection nor before the previous step). */
  date: isoDay('进展日期'),
  note: requiredText(FINDING_FIELD.progress.label, findingFieldMax('progress')),
  /** The status after this step; absent or unchanged: a progress note only. */
  status: findingStatus.optional(),
  /** Required when the status steps back (e.g. 已完成待销号 → 整改中). */
  reason: optionalText('退回原因', 200),
  /** 销号审核人 for 已销号 (default: the operator); not the person who recorded the completion. */
  reviewer: optionalText(FINDING_FIELD.closedReviewer.label, findingFieldMax('closedReviewer')),
});

export const FINDING_SORT_COLUMNS = ['default', 'deadline', 'township', 'status', 'category', 'updatedAt'] as const;

export const findingSearchInput = z.object({
  inspectionId: id.optional(),
  townshipId: id.optional(),
  villageId: id.optional(),
  /** true: only findings that name no township (county departments). */
  noTownship: z.boolean().optional(),
  category: z.array(findingCategory).max(FindingCategory.values.length).optional(),
  status: z.array(findingStatus).max(FindingStatus.values.length).optional(),
  overdueOnly: z.boolean().optional(),
  /** Open findings due from today up to today + N days. */
  dueWithinDays: z.number({ error: '天数应为数字' }).int({ error: '天数应为整数' }).min(0, { error: '天数不能为负数' }).max(366, { error: '天数最多 366' }).optional(),
  /** Inspections that started in this year. */
  year: year.optional(),
  /** Words separated by spaces; each matches the description, units, people, 时限, place or inspection name. */
  keyword: text('关键字', 50).optional(),
  /** Findings an import batch created or updated. */
  importBatchId: optionalBatch,
  today: todayInput,
  sortBy: z.enum(FINDING_SORT_COLUMNS, { error: '不能按这一列排序' }).optional(),
  sortDir: z.enum(['asc', 'desc'], { error: '排序方向应为升序或降序' }).optional(),
  offset: pageOffset,
  limit: pageLimit(1000),
});

export const findingViewInput = z.object({
  inspectionId: id.optional(),
  year: year.optional(),
  category: z.array(findingCategory).max(FindingCategory.values.length).optional(),
  today: todayInput,
});

export const findingDueInput = z.object({
  today: todayInput,
  /** Default 7. */
  days: z.number({ error: '天数应为数字' }).int({ error: '天数应为整数' }).min(0, { error: '天数不能为负数' }).max(366, { error: '天数最多 366' }).optional(),
  townshipId: id.optional(),
  inspectionId: id.optional(),
  offset: pageOffset,
  limit: pageLimit(1000),
});

export const deadlinePreviewInput = z.object({ inspectionId: id, deadline: deadlineWords });

export const supervisionSettingsUpdateInput = z.object({
  immediateDays: z
    .number({ error: '立行立改天数应为数字' })
    .int({ error: '立行立改天数应为整数' })
    .min(1, { error: '立行立改天数至少 1 天' })
    .max(365, { error: '立行立改天数最多 365 天' })
    .optional(),
  attachmentMaxBytes: z
    .number({ error: '附件大小上限应为数字' })
    .int({ error: '附件大小上限应为整数（字节）' })
    .min(1024, { error: '附件大小上限至少 1 KB' })
    .max(ATTACHMENT_MAX_BYTES_CEILING, { error: `附件大小上限最大 ${ATTACHMENT_MAX_BYTES_CEILING / 1024 / 1024} MB` })
    .optional(),
  attachmentTypes: z
    .array(
      z
        .string({ error: '文件类型应为文字' })
        .trim()
        .toLowerCase()
        .transform((v) => v.replace(/^\./, ''))
        .pipe(z.enum(KNOWN_ATTACHMENT_TYPES, { error: `文件类型只能从以下选择：${KNOWN_ATTACHMENT_TYPES.join('、')}` })),
      { error: '文件类型应为列表' },
    )
    .min(1, { error: '至少允许一种文件类型' })
    .max(KNOWN_ATTACHMENT_TYPES.length * 2)
    .transform((v) => [...new Set(v)])
    .optional(),
});

export const ATTACHMENT_OWNER_TYPES = ['finding', 'findingUpdate', 'project', 'asset', 'inspection', 'visit'] as const;
export type AttachmentOwnerType = (typeof ATTACHMENT_OWNER_TYPES)[number];
const attachmentOwnerType = z.enum(ATTACHMENT_OWNER_TYPES, { error: '附件所属对象不正确' });

export const attachmentAddInput = z.object({
  ownerType: attachmentOwnerType,
  ownerId: id,
  /** The file's own name (shown, stored; never used as a path). */
  name: z.string({ error: '请提供文件名' }).max(4096, { error: '文件名太长' }),
  /** The file's bytes as base64 (a data: URL prefix is accepted). */
  base64: z
    .string({ error: '文件内容应为 base64 文本' })
    .max(ATTACHMENT_MAX_BASE64_CHARS, { error: `文件太大，单个文件不能超过 ${ATTACHMENT_MAX_BYTES_CEILING / 1024 / 1024} MB` }),
});

export const attachmentListInput = z.object({
  ownerType: attachmentOwnerType,
  ownerId: id,
  /** For a finding: also the files of its progress steps (default true). */
  includeSteps: z.boolean().optional(),
});

const empty = z.object({}).strict().optional();

// ---- The contract ----------------------------------------------------------------------------------

export const api = {
  'app.info': channel(empty).returns<AppInfo>().reads('public'),
  'settings.get': channel(empty).returns<SettingsValue>().reads('read'),
  'settings.update': channel(settingsUpdateInput).returns<SettingsValue>().writes('admin'),
  'dashboard.summary': channel(empty).returns<DashboardSummary>().reads('read'),
  'county.setup': channel(countySetupInput).returns<DivisionRow>().writes('admin'),
  'divisions.list': channel(empty).returns<DivisionRow[]>().reads('read'),
  'divisions.create': channel(divisionCreateInput).returns<DivisionRow>().writes('clerk'),
  'divisions.update': channel(divisionUpdateInput).returns<DivisionRow>().writes('clerk'),
  'divisions.move': channel(divisionMoveInput).returns<DivisionRow>().writes('clerk'),
  'divisions.delete': channel(z.object({ id })).returns<{ id: number }>().writes('clerk'),
  'divisions.suggestCode': channel(z.object({ parentId: id })).returns<{ code: string }>().reads('read'),
  'units.list': channel(empty).returns<UnitRow[]>().reads('read'),
  'units.create': channel(unitInput).returns<UnitRow>().writes('clerk'),
  'units.update': channel(unitInput.partial().extend({ id })).returns<UnitRow>().writes('clerk'),
  'units.delete': channel(z.object({ id, reason: optionalText('删除原因', 200) })).returns<{ id: number }>().writes('clerk'),
  'demo.load': channel(demoInput).returns<DemoResult>().writes('admin'),
  'projects.list': channel(projectListInput).returns<Page<ProjectListRow>>().reads('read'),
  'payments.list': channel(paymentListInput).returns<Page<PaymentListRow>>().reads('read'),
  'findings.list': channel(findingListInput).returns<Page<FindingListRow>>().reads('read'),
  // 项目库
  'projectTypes.list': channel(empty).returns<ProjectTypeNode[]>().reads('read'),
  'projects.create': channel(projectCreateInput).returns<ProjectDetail>().writes('clerk'),
  'projects.update': channel(projectUpdateInput).returns<ProjectDetail>().writes('clerk'),
  'projects.get': channel(z.object({ id })).returns<ProjectDetail>().reads('read'),
  'projects.delete': channel(deleteWithReason).returns<{ id: number }>().writes('clerk'),
  'projects.search': channel(projectSearchInput).returns<ProjectSearchResult>().reads('read'),
  'projects.suggestCode': channel(z.object({ year })).returns<{ code: string }>().reads('read'),
  // 资金
  'allocations.list': channel(allocationListInput).returns<AllocationPage>().reads('read'),
  'allocations.get': channel(z.object({ id })).returns<AllocationDetail>().reads('read'),
  'allocations.create': channel(allocationCreateInput).returns<AllocationDetail>().writes('clerk'),
  'allocations.update': channel(allocationUpdateInput).returns<AllocationDetail>().writes('clerk'),
  'allocations.delete': channel(deleteWithReason).returns<{ id: number }>().writes('clerk'),
  'allocationSplits.set': channel(allocationSplitsSetInput).returns<AllocationDetail>().writes('clerk'),
  'payments.get': channel(z.object({ id })).returns<PaymentRow>().reads('read'),
  'payments.create': channel(paymentCreateInput).returns<PaymentWriteResult>().writes('clerk'),
  'payments.update': channel(paymentUpdateInput).returns<PaymentWriteResult>().writes('clerk'),
  'payments.delete': channel(deleteWithReason).returns<{ id: number; project: ProjectMoneyState }>().writes('clerk'),
  // 支出进度与首页提示
  'progress.summary': channel(progressSummaryInput).returns<ProgressSummary>().reads('read'),
  'progress.flags': channel(progressFlagsInput).returns<ProgressFlags>().reads('read'),
  'ledgerSettings.get': channel(empty).returns<LedgerSettingsValue>().reads('read'),
  'ledgerSettings.update': channel(ledgerSettingsUpdateInput).returns<LedgerSettingsValue>().writes('admin'),
  // 资产
  'assets.list': channel(assetListInput).returns<Page<AssetRow>>().reads('read'),
  'assets.get': channel(z.object({ id })).returns<AssetDetail>().reads('read'),
  'assets.create': channel(assetCreateInput).returns<AssetDetail>().writes('clerk'),
  'assets.update': channel(assetUpdateInput).returns<AssetDetail>().writes('clerk'),
  'assets.delete': channel(deleteWithReason).returns<{ id: number }>().writes('clerk'),
  'assetIncomes.upsert': channel(assetIncomeUpsertInput).returns<AssetDetail>().writes('clerk'),
  // 督导检查与问题整改
  'inspections.list': channel(inspectionListInput).returns<InspectionPage>().reads('read'),
  'inspections.get': channel(z.object({ id, today: todayInput })).returns<InspectionDetail>().reads('read'),
  'inspections.create': channel(inspectionCreateInput).returns<InspectionDetail>().writes('clerk'),
  'inspections.update': channel(inspectionUpdateInput).returns<InspectionDetail>().writes('clerk'),
  'inspections.delete': channel(deleteWithReason).returns<{ id: number }>().writes('clerk'),
  'findings.get': channel(z.object({ id, today: todayInput })).returns<FindingDetail>().reads('read'),
  'findings.create': channel(findingCreateInput).returns<FindingDetail>().writes('clerk'),
  'findings.update': channel(findingUpdateInput).returns<FindingDetail>().writes('clerk'),
  'findings.delete': channel(deleteWithReason).returns<{ id: number }>().writes('clerk'),
  // A progress note is a clerk's; the step to 已销号 (销号) is a reviewer's.
  'findings.progress': channel(findingProgressInput).returns<FindingDetail>().writes(accessByInput('clerk', (input) => (inputField(input, 'status') === 'closed' ? 'reviewer' : 'clerk'))),
  'findings.search': channel(findingSearchInput).returns<FindingSearchResult>().reads('read'),
  'findings.matrix': channel(findingViewInput).returns<FindingMatrix>().reads('read'),
  'findings.byCategory': channel(findingViewInput).returns<{ today: string; rows: FindingCategoryRow[] }>().reads('read'),
  'findings.overdue': channel(findingDueInput.omit({ days: true })).returns<FindingSearchResult>().reads('read'),
  'findings.dueSoon': channel(findingDueInput).returns<FindingSearchResult>().reads('read'),
  'findings.dashboard': channel(z.object({ today: todayInput, days: findingDueInput.shape.days }).optional()).returns<FindingDashboard>().reads('read'),
  'findings.previewDeadline': channel(deadlinePreviewInput).returns<DeadlinePreview>().reads('read'),
  'supervisionSettings.get': channel(empty).returns<SupervisionSettingsValue>().reads('read'),
  'supervisionSettings.update': channel(supervisionSettingsUpdateInput).returns<SupervisionSettingsValue>().writes('admin'),
  'attachments.add': channel(attachmentAddInput).returns<AttachmentRow>().writes('clerk'),
  'attachments.list': channel(attachmentListInput).returns<AttachmentRow[]>().reads('read'),
  'attachments.get': channel(z.object({ id })).returns<AttachmentContent>().reads('read'),
  'attachments.delete': channel(deleteWithReason).returns<{ id: number }>().writes('clerk'),
  ...importChannels,
  ...bulletinChannels,
  ...operatorsChannels,
  ...backupChannels,
  ...auditChannels,
  ...exportChannels,
  ...officeChannels,
  ...ledgerTransferChannels,
  ...assistanceChannels,
} as const satisfies Record<string, ChannelDef<z.ZodType, unknown>>;

export type Api = typeof api;
export type Channel = keyof Api;
export const CHANNELS = Object.keys(api) as Channel[];

export type ChannelInput<C extends Channel> = z.input<Api[C]['input']>;
export type ChannelParsedInput<C extends Channel> = z.output<Api[C]['input']>;
export type ChannelResult<C extends Channel> = Api[C] extends ChannelDef<z.ZodType, infer R> ? R : never;

export type ApiResponse<R = unknown> = { ok: true; value: R } | { ok: false; error: ApiError };

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}

/** Progress of a long job, pushed to the renderer (IPC event or Server-Sent Event). */
export interface ProgressEvent {
  jobId: string;
  label: string;
  done: number;
  total: number;
}

export * from './api-backup';
export * from './api-audit';

export const PROJECT_STATUS_LABEL = ProjectStatus.label;
export const FINDING_STATUS_LABEL = FindingStatus.label;
