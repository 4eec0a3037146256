// 审计日志: listing the trail with filters and checking its hash chain. There is no channel that edits or
// deletes audit rows.
import { z } from 'zod';
import { channel } from './channel';
import type { AuditDescription } from './audit-describe';
import { isValidIsoDay } from './dates';

export const AUDIT_ENTITY_LABEL: Record<string, string> = {
  project: '项目',
  allocation: '资金下达',
  allocationSplits: '资金分配',
  payment: '拨付',
  asset: '资产',
  assetIncome: '资产收益',
  inspection: '督导检查',
  finding: '问题',
  findingUpdate: '整改进展',
  attachment: '佐证材料',
  division: '区划',
  unit: '单位',
  household: '脱贫户',
  importBatch: '导入批次',
  settings: '设置',
  ledger: '台账',
  backup: '备份',
  bulletin: '简报',
  bulletinSeries: '简报设置',
  operator: '操作员',
  assistanceUnit: '帮扶单位',
  villageLink: '包联',
  townshipLeader: '县级领导联系乡镇',
  unitProject: '帮扶项目',
  unitFund: '争取资金',
  unitDeed: '帮扶实事',
  workTeam: '驻村工作队',
  teamMember: '驻村队员',
  memberRotation: '轮换记录',
  attendance: '考勤',
  memberLeave: '请假',
  spotCheck: '抽查',
  cadre: '帮扶责任人',
  pairing: '结对帮扶',
  visit: '走访记录',
};

export const AUDIT_ACTION_LABEL: Record<string, string> = {
  create: '新增',
  update: '修改',
  delete: '删除',
  set: '设置',
  move: '移动',
  add: '添加',
  deny: '退回',
  import: '导入',
  undo: '撤销',
  restore: '恢复',
  issue: '签发',
  rearchive: '重新归档',
  setPassword: '设置密码',
  signIn: '登录',
  signOut: '退出登录',
  status: '状态变更',
  progress: '填报进展',
  end: '结束',
  rotate: '轮换',
  recall: '召回',
  disable: '停用',
  enable: '启用',
  'demo.load': '载入示例数据',
  createMany: '批量新增',
  verify: '校验',
  migrateToServer: '迁移到办公室服务器',
  exportFromServer: '从服务器导出本机文件',
  backupServer: '备份办公室服务器',
  restoreToServer: '恢复到办公室服务器',
};

export interface AuditRow {
  id: number;
  at: string;
  operator: string;
  action: string;
  entity: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  importBatchId: number | null;
  /** The row in words: operation, the record by name, each field by label (shared/audit-describe.ts). */
  description: AuditDescription;
}

export interface AuditPage {
  rows: AuditRow[];
  total: number;
}

export interface AuditFacets {
  entities: string[];
  actions: string[];
  operators: string[];
}

/** The chain of hashes, walked from the first row (校验's first part). */
export interface AuditVerifyChain {
  /** Rows checked (up to and including the broken one). */
  rows: number;
  total: number;
  brokenAtId: number | null;
  /** content: the row's values no longer match its hash; link: it does not follow the row before it (a row removed or inserted). */
  problem: 'content' | 'link' | null;
  broken: AuditRow | null;
  /** Ids jump (rows removed, the chain then continued): the last id before the gap and how many are missing. */
  gapAfterId: number | null;
  gapCount: number;
}

export interface AuditVerifyAnchorProblem {
  /** What holds the anchor, in words. */
  where: string;
  id: number;
  problem: 'missing' | 'rewritten';
  lastId: number | null;
}

/** The chain's head compared with where it was written down outside the database (校验's second part). */
export interface AuditVerifyAnchors {
  ok: boolean;
  checked: number;
  /** 'none': a ledger on the office server has no file, and so no anchor file beside it. */
  file: 'ok' | 'absent' | 'unreadable' | 'none';
  backups: number;
  bulletins: number;
  /** Anchors of a ledger that a recorded restore put aside (not problems). */
  restored: number;
  missingAfterId: number | null;
  missingCount: number;
  problems: AuditVerifyAnchorProblem[];
}

export type AuditVerifyProblemKind = 'changed' | 'unrecorded' | 'missing' | 'revived' | 'deletedOutside' | 'fileMissing' | 'fileChanged';

/** One record whose table disagrees with the trail (校验's third part, 账实核对). */
export interface AuditVerifyTableProblem {
  kind: AuditVerifyProblemKind;
  entity: string;
  entityLabel: string;
  id: number;
  name: string;
  /** The field (audit name, e.g. amountFen; project:12 for one project's share of an allocation), or null for the whole record. */
  field: string | null;
  fieldLabel: string | null;
  /** The two values in words (money in 元/万元, names for links, labels for statuses). */
  trail: string;
  table: string;
  trailValue: unknown;
  tableValue: unknown;
}

export interface AuditVerifyTables {
  /** Records compared. */
  checked: number;
  filesChecked: number;
  problemCount: number;
  /** The first problems (at most 500). */
  problems: AuditVerifyTableProblem[];
}

/** One problem as a leader reads it: what, the particulars, what to do. */
export interface AuditVerifyFinding {
  title: string;
  detail: string;
  advice: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  /** 完整 / 发现 N 处问题, in one sentence. */
  summary: string;
  /** What was checked and what was not, so the summary claims no more. */
  scope: string;
  problemCount: number;
  /** The problems in words (the first 200 of them). */
  findings: AuditVerifyFinding[];
  chain: AuditVerifyChain;
  anchors: AuditVerifyAnchors;
  tables: AuditVerifyTables;
  /** The audit row that records this 校验 (null when it could not be recorded). */
  recordedAs: number | null;
}

/** The progress event's job id when this start's automatic 校验 has finished (or was skipped): 首页 reloads. */
export const STARTUP_VERIFY_JOB = 'verify.startup';

/** What 首页 says about 校验 (dashboard.summary): the latest one in the trail and this start's automatic one. */
export interface DashboardVerify {
  /** The newest 校验 recorded in the trail (at start-up or by hand); null when the ledger was never checked. */
  latest: {
    auditId: number;
    at: string;
    operator: string;
    ok: boolean;
    problems: number;
    /** The first problems' titles as the row recorded them (at most 5). */
    titles: string[];
    /** Run by the program at start-up, not by someone pressing 校验. */
    startup: boolean;
  } | null;
  /**
   * This start's automatic 校验: still to come (pending), done, failed, or skipped because the ledger is too
   * large to check without stalling the program (records counted, the limit). Null where no start-up hook
   * runs (the CLI).
   */
  startup: { state: 'pending' | 'done' | 'failed' } | { state: 'skipped'; records: number; limit: number } | null;
}

const day = (label: string) =>
  z
    .string({ error: `${label}应为日期` })
    .refine(isValidIsoDay, { error: `${label}不是有效日期，请按 2024-03-05 的格式填写` })
    .optional();

export const auditListInput = z
  .object({
    entity: z.string().trim().max(40).optional(),
    entityId: z.number({ error: '记录编号应为数字' }).int().positive().optional(),
    /** 对象: a record's name (or part of it, or its pinyin initials): the rows about that record. */
    record: z.string().trim().max(60, { error: '对象名称最多 60 个字' }).optional(),
    operator: z.string().trim().max(60).optional(),
    action: z.string().trim().max(40).optional(),
    from: day('起始日期'),
    to: day('截止日期'),
    offset: z.number().int().min(0, { error: '起始行不能为负数' }).optional(),
    limit: z.number().int().min(1).max(500, { error: '每页最多 500 行' }).optional(),
  })
  .strict()
  .refine((v) => !v.from || !v.to || v.from <= v.to, { error: '起始日期不能晚于截止日期', path: ['to'] });

export const auditChannels = {
  'audit.list': channel(auditListInput).returns<AuditPage>().reads('read'),
  'audit.facets': channel(z.object({}).strict().optional()).returns<AuditFacets>().reads('read'),
  // 校验 records its own result in the trail; anyone signed in may run it.
  'audit.verify': channel(z.object({}).strict().optional()).returns<AuditVerifyResult>().writes('read'),
};
