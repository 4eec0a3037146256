// Who may call which channel: the ONE place roles are decided. dispatch() checks it for every call at every
// door, and the renderer reads the same table to disable what the signed-in role may not use. Every channel
// of shared/api.ts must be classified here (test/unit/permissions.test.ts fails otherwise); a channel that
// is not is treated as 管理员-only, so forgetting it can never open it to everyone.
import { OperatorRole } from './enums';

/**
 * public: anyone, even before signing in (the sign-in itself); read: any signed-in operator;
 * clerk/reviewer/admin: that role or a higher one.
 */
export type Access = 'public' | 'read' | OperatorRole;

/** A channel whose required role depends on what is asked (e.g. 销号 is a finding step only 审核员 may take). */
export interface InputDependentAccess {
  base: Access;
  forInput(input: unknown): Access;
}

export type ChannelAccess = Access | InputDependentAccess;

function field(input: unknown, key: string): unknown {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
}

export const CHANNEL_ACCESS: Readonly<Record<string, ChannelAccess>> = {
  // The app itself and signing in.
  'app.info': 'public',
  'session.current': 'public',
  'session.signIn': 'public',
  'session.signOut': 'public',
  // 设置, 操作员, whole-ledger operations: 管理员.
  'settings.get': 'read',
  'settings.update': 'admin',
  'ledgerSettings.get': 'read',
  'ledgerSettings.update': 'admin',
  'supervisionSettings.get': 'read',
  'supervisionSettings.update': 'admin',
  'county.setup': 'admin',
  'demo.load': 'admin',
  'operators.list': 'admin',
  'operators.create': 'admin',
  'operators.update': 'admin',
  'operators.setPassword': 'admin',
  'operators.disable': 'admin',
  'operators.setMultiUser': 'admin',
  // 备份与恢复: a clerk may make a copy; replacing the ledger is the 管理员's.
  'backup.list': 'read',
  'backup.create': 'clerk',
  'backup.preview': 'admin',
  'backup.restore': 'admin',
  'backup.download': 'read',
  'backup.pickFolder': 'read',
  'backup.pickFile': 'admin',
  // 导出 and 导入模板: they write files for the user, never the ledger.
  'export.ledger': 'read',
  'export.template': 'read',
  'export.cancel': 'read',
  // 审计日志: read-only for everyone signed in.
  'audit.list': 'read',
  'audit.facets': 'read',
  'audit.verify': 'read',
  // 首页.
  'dashboard.summary': 'read',
  // 区划与单位.
  'divisions.list': 'read',
  'divisions.suggestCode': 'read',
  'divisions.create': 'clerk',
  'divisions.update': 'clerk',
  'divisions.move': 'clerk',
  'divisions.delete': 'clerk',
  'units.list': 'read',
  'units.create': 'clerk',
  'units.update': 'clerk',
  'units.delete': 'clerk',
  // 项目库.
  'projects.list': 'read',
  'projectTypes.list': 'read',
  'projects.get': 'read',
  'projects.search': 'read',
  'projects.suggestCode': 'read',
  'projects.create': 'clerk',
  'projects.update': 'clerk',
  'projects.delete': 'clerk',
  // 资金.
  'payments.list': 'read',
  'allocations.list': 'read',
  'allocations.get': 'read',
  'payments.get': 'read',
  'allocations.create': 'clerk',
  'allocations.update': 'clerk',
  'allocations.delete': 'clerk',
  'allocationSplits.set': 'clerk',
  'payments.create': 'clerk',
  'payments.update': 'clerk',
  'payments.delete': 'clerk',
  'progress.summary': 'read',
  'progress.flags': 'read',
  // 资产.
  'assets.list': 'read',
  'assets.get': 'read',
  'assets.create': 'clerk',
  'assets.update': 'clerk',
  'assets.delete': 'clerk',
  'assetIncomes.upsert': 'clerk',
  // 督导检查与问题整改.
  'findings.list': 'read',
  'inspections.list': 'read',
  'inspections.get': 'read',
  'inspections.create': 'clerk',
  'inspections.update': 'clerk',
  'inspections.delete': 'clerk',
  'findings.get': 'read',
  'findings.search': 'read',
  'findings.matrix': 'read',
  'findings.byCategory': 'read',
  'findings.overdue': 'read',
  'findings.dueSoon': 'read',
  'findings.dashboard': 'read',
  'findings.previewDeadline': 'read',
  'findings.create': 'clerk',
  'findings.update': 'clerk',
  'findings.delete': 'clerk',
  // A progress note is a clerk's; the step to 已销号 (销号) is a reviewer's.
  'findings.progress': { base: 'clerk', forInput: (input) => (field(input, 'status') === 'closed' ? 'reviewer' : 'clerk') },
  'attachments.list': 'read',
  'attachments.get': 'read',
  'attachments.add': 'clerk',
  'attachments.delete': 'clerk',
  // 导入: reading a file is the start of an import, a clerk's job; the history is for everyone.
  'import.open': 'clerk',
  'import.preview': 'clerk',
  'import.close': 'clerk',
  'import.cancel': 'clerk',
  'import.fields': 'read',
  'import.warnings': 'clerk',
  'import.commit': 'clerk',
  'import.batches': 'read',
  'import.batches.get': 'read',
  'import.undoPreview': 'read',
  'import.undo': 'clerk',
  // 简报: a clerk drafts, a reviewer issues (签发); the masthead and recipients are settings.
  'bulletins.series.list': 'read',
  'bulletins.series.save': 'admin',
  'bulletins.list': 'read',
  'bulletins.get': 'read',
  'bulletins.nextNumber': 'read',
  'bulletins.preview': 'read',
  'bulletins.pdf': 'read',
  'bulletins.print': 'read',
  'bulletins.compose': 'clerk',
  'bulletins.update': 'clerk',
  'bulletins.delete': 'clerk',
  'bulletins.issue': 'reviewer',
};

/** What a channel not in the table requires: the most restrictive role. */
export const UNCLASSIFIED_ACCESS: Access = 'admin';

export function isClassified(channel: string): boolean {
  return Object.prototype.hasOwnProperty.call(CHANNEL_ACCESS, channel);
}

/** The access a call needs; with no input given, the channel's base requirement. */
export function requiredAccess(channel: string, input?: unknown): Access {
  const entry = isClassified(channel) ? CHANNEL_ACCESS[channel] : UNCLASSIFIED_ACCESS;
  if (entry === undefined) return UNCLASSIFIED_ACCESS;
  if (typeof entry === 'string') return entry;
  return input === undefined ? entry.base : entry.forInput(input);
}

function rank(role: OperatorRole): number {
  return OperatorRole.values.indexOf(role);
}

/** Does a session acting as `role` (null: nobody signed in) satisfy `access`? */
export function roleSatisfies(role: OperatorRole | null, access: Access): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'read') return true;
  return rank(role) >= rank(access);
}

/** For the renderer: may this role use the channel (with this input, when the role depends on it)? */
export function canUse(role: OperatorRole | null, channel: string, input?: unknown): boolean {
  return roleSatisfies(role, requiredAccess(channel, input));
}

/** The Chinese name of what an access needs, for messages. */
export function accessLabel(access: Access): string {
  if (access === 'public') return '任何人';
  if (access === 'read') return '已登录的操作员';
  return OperatorRole.label[access];
}
