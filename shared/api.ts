// The one API contract: every operation once, as channel → zod input schema → result type.
// Electron IPC, the loopback browser bridge and the CLI all serve exactly this table.
import { z } from 'zod';
import { isValidIsoDay } from './dates';
import type { ApiError } from './errors';
import { FindingStatus, ProjectStatus, UnitKind, type FundLevel } from './enums';
import type { DivisionLevel } from './divisions';

// zod speaks Chinese to the user.
z.config(z.locales.zhCN());

export interface ChannelDef<I extends z.ZodType, R> {
  input: I;
  /** Phantom: carries the result type only. */
  readonly result?: R;
}

function channel<I extends z.ZodType>(input: I) {
  return { returns: <R>(): ChannelDef<I, R> => ({ input }) };
}

// ---- Reusable field schemas -------------------------------------------------------------------------

const id = z.number({ error: '缺少记录编号' }).int().positive();
const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字` });
const requiredText = (label: string, max: number) => text(label, max).min(1, { error: `请填写${label}` });
const optionalText = (label: string, max: number) =>
  text(label, max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v));
const isoDay = (label: string) =>
  z.string({ error: `${label}应为日期` }).refine(isValidIsoDay, { error: `${label}不是有效日期，请按 2024-03-05 的格式填写存在的日期` });
const divisionCode = z.string({ error: '请填写区划代码' }).trim();
const year = z.number({ error: '请填写年度' }).int().min(2000, { error: '年度应在 2000 年以后' }).max(2100, { error: '年度不能晚于 2100 年' });

// ---- Result shapes ----------------------------------------------------------------------------------

export interface AppInfo {
  version: string;
  door: 'electron' | 'web' | 'cli';
  dataDir: string;
  dbFile: string;
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

export const projectListInput = z.object({
  township: text('乡镇', 40).optional(),
  year: year.optional(),
  limit: listLimit,
  offset: z.number().int().min(0).optional(),
});

export const paymentListInput = z.object({
  township: text('乡镇', 40).optional(),
  projectId: id.optional(),
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

const empty = z.object({}).strict().optional();

// ---- The contract ----------------------------------------------------------------------------------

export const api = {
  'app.info': channel(empty).returns<AppInfo>(),
  'settings.get': channel(empty).returns<SettingsValue>(),
  'settings.update': channel(settingsUpdateInput).returns<SettingsValue>(),
  'dashboard.summary': channel(empty).returns<DashboardSummary>(),
  'county.setup': channel(countySetupInput).returns<DivisionRow>(),
  'divisions.list': channel(empty).returns<DivisionRow[]>(),
  'divisions.create': channel(divisionCreateInput).returns<DivisionRow>(),
  'divisions.update': channel(divisionUpdateInput).returns<DivisionRow>(),
  'divisions.move': channel(divisionMoveInput).returns<DivisionRow>(),
  'divisions.delete': channel(z.object({ id })).returns<{ id: number }>(),
  'divisions.suggestCode': channel(z.object({ parentId: id })).returns<{ code: string }>(),
  'units.list': channel(empty).returns<UnitRow[]>(),
  'units.create': channel(unitInput).returns<UnitRow>(),
  'units.update': channel(unitInput.partial().extend({ id })).returns<UnitRow>(),
  'units.delete': channel(z.object({ id, reason: optionalText('删除原因', 200) })).returns<{ id: number }>(),
  'demo.load': channel(demoInput).returns<DemoResult>(),
  'projects.list': channel(projectListInput).returns<Page<ProjectListRow>>(),
  'payments.list': channel(paymentListInput).returns<Page<PaymentListRow>>(),
  'findings.list': channel(findingListInput).returns<Page<FindingListRow>>(),
} as const;

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

export const PROJECT_STATUS_LABEL = ProjectStatus.label;
export const FINDING_STATUS_LABEL = FindingStatus.label;
