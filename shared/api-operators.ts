// 操作员 and sign-in: the contract of the operators table, multi-user mode and each door's session.
// Single-user mode (the default, for small offices) has no sign-in; multi-user mode can only be turned on
// by naming a 管理员 with a password, who is then signed in.
import { z } from 'zod';
import { channel } from './channel';
import { OperatorRole } from './enums';

/** The name single-user mode records until the clerk sets one in 设置 (a placeholder, not a person). */
export const DEFAULT_OPERATOR_NAME = '操作员';

export const PASSWORD_MIN_LENGTH = 6;
export const PASSWORD_MAX_LENGTH = 128;

const id = z.number({ error: '缺少操作员编号' }).int({ error: '操作员编号应为整数' }).positive({ error: '操作员编号应为正整数' });
const operatorName = z
  .string({ error: '操作员姓名应为文字' })
  .trim()
  .min(1, { error: '请填写操作员姓名' })
  .max(30, { error: '操作员姓名不能超过 30 个字' });
/** Passwords are kept as typed (no trim): a trailing space is part of what the person chose. */
const password = z
  .string({ error: '密码应为文字' })
  .min(PASSWORD_MIN_LENGTH, { error: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符` })
  .max(PASSWORD_MAX_LENGTH, { error: `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符` });
const role = z.enum(OperatorRole.values, { error: '角色应为录入员、审核员或管理员' });
const empty = z.object({}).strict().optional();

export interface OperatorRow {
  id: number;
  name: string;
  role: OperatorRole;
  roleLabel: string;
  hasPassword: boolean;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface OperatorsList {
  multiUser: boolean;
  rows: OperatorRow[];
}

export interface SessionOperator {
  id: number;
  name: string;
  role: OperatorRole;
  roleLabel: string;
}

export interface SessionState {
  /** Multi-user mode: every door must sign in; off, the single operator may do everything. */
  multiUser: boolean;
  /** The ledger is on the office server: always multi-user, 单人模式 cannot be chosen. */
  officeServer: boolean;
  /** A ledger on the office server with no 管理员 yet: the sign-in screen offers 创建第一个管理员. */
  firstAdminNeeded: boolean;
  /** Who this door's session is signed in as (multi-user mode only). */
  operator: SessionOperator | null;
  /** The name the audit trail records for this session. */
  operatorName: string;
  /** The role this session acts with: null when multi-user mode is on and nobody is signed in. */
  role: OperatorRole | null;
}

/** A window signed in to the ledger on the office server (设置 → 操作员 → 当前连接). */
export interface ConnectedSession {
  id: number;
  operatorName: string;
  /** The PC's name (its host name). */
  pcName: string;
  door: 'electron' | 'web' | 'cli';
  signedInAt: string;
  lastSeenAt: string;
  /** Seen within the last few minutes; else the window went away without signing out (离线). */
  online: boolean;
  /** The window asking. */
  thisWindow: boolean;
}

export const operatorCreateInput = z.object({ name: operatorName, role, password });
export const operatorUpdateInput = z.object({ id, name: operatorName.optional(), role: role.optional() });
export const operatorSetPasswordInput = z.object({ id, password });
export const operatorDisableInput = z.object({ id, disabled: z.boolean({ error: '请说明停用还是启用' }).optional() });
export const multiUserInput = z.discriminatedUnion(
  'enabled',
  [
    /** Turning it on names the 管理员 (existing with the password, or new) who is then signed in. */
    z.object({ enabled: z.literal(true), adminName: operatorName, password }),
    z.object({ enabled: z.literal(false) }),
  ],
  { error: '请说明开启还是关闭多人模式' },
);
export const firstAdminInput = z.object({ name: operatorName, password });
export const signInInput = z.object({
  name: operatorName,
  password: z.string({ error: '请填写密码' }).min(1, { error: '请填写密码' }).max(PASSWORD_MAX_LENGTH, { error: '密码不正确' }),
});

export const operatorsChannels = {
  'operators.list': channel(empty).returns<OperatorsList>().reads('admin'),
  'operators.create': channel(operatorCreateInput).returns<OperatorRow>().writes('admin'),
  'operators.update': channel(operatorUpdateInput).returns<OperatorRow>().writes('admin'),
  'operators.setPassword': channel(operatorSetPasswordInput).returns<OperatorRow>().writes('admin'),
  'operators.disable': channel(operatorDisableInput).returns<OperatorRow>().writes('admin'),
  'operators.setMultiUser': channel(multiUserInput).returns<SessionState>().writes('admin'),
  /** Who is connected to the ledger on the office server (empty for a local file). */
  'operators.sessions': channel(empty).returns<ConnectedSession[]>().reads('admin'),
  'session.current': channel(empty).returns<SessionState>().reads('public'),
  'session.signIn': channel(signInInput).returns<SessionState>().writes('public'),
  /** Public: on an empty office server nobody can sign in yet; the service refuses once a 管理员 exists. */
  'session.createFirstAdmin': channel(firstAdminInput).returns<SessionState>().writes('public'),
  'session.signOut': channel(empty).returns<SessionState>().writes('public'),
} as const;
