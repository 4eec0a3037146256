// 操作员, multi-user mode and each door's session. Passwords are kept as scrypt hashes (per-operator random
// salt, compared in constant time). authorize() is the one place a call's role is checked: dispatch() runs
// it for every channel at every door, with the table shared/permissions.ts derives from the contract.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import { operators } from '../../../db/schema';
import type { ChannelParsedInput } from '../../../shared/api';
import type { OperatorRow, OperatorsList, SessionOperator, SessionState } from '../../../shared/api-operators';
import { OperatorRole } from '../../../shared/enums';
import { AppError, type ApiError } from '../../../shared/errors';
import { accessLabel, requiredAccess, roleSatisfies } from '../../../shared/permissions';
import { writeWithAudit } from '../../platform/audit';
import type { ServiceContext, SessionSlot } from '../../platform/context';
import { readSetting, writeSetting } from '../settings/store';

type OperatorRecord = typeof operators.$inferSelect;

// ---- Passwords ----------------------------------------------------------------------------------------

/** scrypt cost: N=2^15 takes ~100 ms here, slow for guessing, quick enough for one sign-in. */
const SCRYPT = { N: 32768, r: 8, p: 1, keyLength: 64, saltLength: 16 } as const;
const SCRYPT_MAXMEM = 128 * SCRYPT.N * SCRYPT.r * 2;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$key` (salt and key base64): the parameters travel with the hash so they can grow later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLength);
  const key = await scrypt(password, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: SCRYPT_MAXMEM });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** A hash that exists only so an unknown name costs as much time as a wrong password. */
let decoyHash: Promise<string> | null = null;

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const target = stored ?? (await (decoyHash ??= hashPassword(randomBytes(16).toString('hex'))));
  const parts = target.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Only parameters this program could have written: a hand-edited hash must not make us allocate gigabytes.
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > 1 << 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || expected.length < 16) return false;
  const actual = await scrypt(password, salt, expected.length, { N, r, p, maxmem: 128 * N * r * 2 });
  return timingSafeEqual(actual, expected) && stored !== null;
}

// ---- Reading ------------------------------------------------------------------------------------------

function toRow(r: OperatorRecord): OperatorRow {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    roleLabel: OperatorRole.label[r.role],
    hasPassword: r.passwordHash !== null,
    disabled: r.disabledAt !== null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** What the audit trail keeps of an operator: never the password hash. */
function auditView(r: OperatorRecord): Omit<OperatorRow, 'createdAt' | 'updatedAt' | 'roleLabel'> {
  return { id: r.id, name: r.name, role: r.role, hasPassword: r.passwordHash !== null, disabled: r.disabledAt !== null };
}

export function isMultiUser(ctx: Pick<ServiceContext, 'sqlite'>): boolean {
  return readSetting<unknown>(ctx, 'multiUser') === true;
}

function findOperator(ctx: ServiceContext, id: number): OperatorRecord {
  const row = ctx.db.select().from(operators).where(eq(operators.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的操作员，请刷新后重试`);
  return row;
}

function activeOperator(ctx: ServiceContext, id: number | null): OperatorRecord | null {
  if (id === null) return null;
  return ctx.db.select().from(operators).where(and(eq(operators.id, id), isNull(operators.disabledAt))).get() ?? null;
}

export function listOperators(ctx: ServiceContext): OperatorsList {
  const rows = ctx.db.select().from(operators).orderBy(asc(operators.disabledAt), asc(operators.id)).all().map(toRow);
  return { multiUser: isMultiUser(ctx), rows };
}

function sessionOperator(r: OperatorRecord): SessionOperator {
  return { id: r.id, name: r.name, role: r.role, roleLabel: OperatorRole.label[r.role] };
}

/** The role a call acts with: everything in single-user mode, the signed-in operator's role otherwise. */
export function sessionRole(ctx: ServiceContext): { multiUser: boolean; operator: OperatorRecord | null; role: OperatorRole | null } {
  if (!isMultiUser(ctx)) return { multiUser: false, operator: null, role: 'admin' };
  const operator = activeOperator(ctx, ctx.session?.operatorId ?? null);
  // A disabled or deleted operator is signed out at their next call.
  if (!operator && ctx.session) ctx.session.operatorId = null;
  return { multiUser: true, operator, role: operator?.role ?? null };
}

export function currentSession(ctx: ServiceContext): SessionState {
  const { multiUser, operator, role } = sessionRole(ctx);
  return { multiUser, operator: operator ? sessionOperator(operator) : null, operatorName: ctx.operator(), role };
}

/**
 * May this session make this call? null when it may, else the Chinese refusal. Called by dispatch() before
 * the input is parsed (with no input: the channel's base role) and after (the role may depend on the input).
 */
export function authorize(ctx: ServiceContext, channel: string, input?: unknown): ApiError | null {
  const access = requiredAccess(channel, input);
  if (access === 'public') return null;
  const { operator, role } = sessionRole(ctx);
  if (roleSatisfies(role, access)) return null;
  if (!operator) return { code: 'FORBIDDEN', message: '已开启多人模式，请先登录后再操作。' };
  return {
    code: 'FORBIDDEN',
    message: `当前操作员“${operator.name}”是${OperatorRole.label[operator.role]}，这项操作需要${accessLabel(access)}权限，没有执行。请管理员调整角色，或换有权限的操作员登录。`,
  };
}

/** The context a door hands to dispatch: the shared ledger, this door's session, and its operator's name. */
export function withSession<T extends ServiceContext>(ctx: T, slot: SessionSlot): ServiceContext {
  // Inherit from the ledger handle rather than copy it: a restore reopens the file into the handle
  // (replaceLedgerFile), and this request's context — and every later one — must see the new connection.
  const derived = Object.create(ctx) as ServiceContext;
  derived.session = slot;
  // Synchronous like ctx.operator() (writeWithAudit and the import read it mid-transaction): the operators
  // area still reads and writes through drizzle on the local file; its move onto the port is a later step.
  derived.operator = () => {
    if (slot.operatorId !== null && isMultiUser(ctx)) {
      const name = activeOperator(ctx, slot.operatorId)?.name;
      if (name) return name;
    }
    return ctx.operator();
  };
  return derived;
}

// ---- Writing ------------------------------------------------------------------------------------------

function assertNameFree(ctx: ServiceContext, name: string, exceptId?: number): void {
  const same = ctx.db.select({ id: operators.id }).from(operators).where(eq(operators.name, name)).get();
  if (same && same.id !== exceptId) throw new AppError('CONFLICT', `已有名为“${name}”的操作员（含已停用的），请换一个姓名`, 'name');
}

/** In multi-user mode at least one enabled 管理员 must remain, or nobody could manage the ledger again. */
function assertAdminRemains(ctx: ServiceContext, leavingId: number): void {
  if (!isMultiUser(ctx)) return;
  const others = ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(operators)
    .where(and(eq(operators.role, 'admin'), isNull(operators.disabledAt), ne(operators.id, leavingId)))
    .get();
  if ((others?.n ?? 0) === 0) {
    throw new AppError('CONFLICT', '这是唯一一名启用的管理员，不能停用或改为其他角色。请先添加另一名管理员，或先关闭多人模式。');
  }
}

/** A new row's created_at and updated_at, from the ledger's clock (not the schema's SQLite default). */
function stamps(ctx: ServiceContext): { createdAt: string; updatedAt: string } {
  const at = ctx.now().toISOString();
  return { createdAt: at, updatedAt: at };
}

export async function createOperator(ctx: ServiceContext, input: ChannelParsedInput<'operators.create'>): Promise<OperatorRow> {
  assertNameFree(ctx, input.name);
  const passwordHash = await hashPassword(input.password);
  return writeWithAudit(ctx, (audit) => {
    assertNameFree(ctx, input.name);
    const row = ctx.db.insert(operators).values({ name: input.name, role: input.role, passwordHash, ...stamps(ctx) }).returning().get();
    audit.record({ action: 'create', entity: 'operator', entityId: row.id, after: auditView(row) });
    return toRow(row);
  });
}

export function updateOperator(ctx: ServiceContext, input: ChannelParsedInput<'operators.update'>): OperatorRow {
  const current = findOperator(ctx, input.id);
  if (input.name !== undefined) assertNameFree(ctx, input.name, current.id);
  if (input.role !== undefined && input.role !== 'admin' && current.role === 'admin' && current.disabledAt === null) assertAdminRemains(ctx, current.id);
  return writeWithAudit(ctx, (audit) => {
    const row = ctx.db
      .update(operators)
      .set({ name: input.name ?? current.name, role: input.role ?? current.role, updatedAt: ctx.now().toISOString() })
      .where(eq(operators.id, current.id))
      .returning()
      .get();
    audit.record({ action: 'update', entity: 'operator', entityId: row.id, before: auditView(current), after: auditView(row) });
    return toRow(row);
  });
}

export async function setOperatorPassword(ctx: ServiceContext, input: ChannelParsedInput<'operators.setPassword'>): Promise<OperatorRow> {
  findOperator(ctx, input.id);
  const passwordHash = await hashPassword(input.password);
  return writeWithAudit(ctx, (audit) => {
    const current = findOperator(ctx, input.id);
    const row = ctx.db.update(operators).set({ passwordHash, updatedAt: ctx.now().toISOString() }).where(eq(operators.id, current.id)).returning().get();
    // The trail says that the password changed, never what it is or its hash.
    audit.record({ action: 'setPassword', entity: 'operator', entityId: row.id, before: auditView(current), after: auditView(row) });
    return toRow(row);
  });
}

export function disableOperator(ctx: ServiceContext, input: ChannelParsedInput<'operators.disable'>): OperatorRow {
  const current = findOperator(ctx, input.id);
  const disable = input.disabled ?? true;
  if (disable && current.role === 'admin' && current.disabledAt === null) assertAdminRemains(ctx, current.id);
  return writeWithAudit(ctx, (audit) => {
    const row = ctx.db
      .update(operators)
      .set({ disabledAt: disable ? (current.disabledAt ?? ctx.now().toISOString()) : null, updatedAt: ctx.now().toISOString() })
      .where(eq(operators.id, current.id))
      .returning()
      .get();
    audit.record({ action: disable ? 'disable' : 'enable', entity: 'operator', entityId: row.id, before: auditView(current), after: auditView(row) });
    return toRow(row);
  });
}

/**
 * Turn multi-user mode on (naming a 管理员: an existing one with their password, or a new one) or off.
 * Turning it on signs this session in as that 管理员, so the office is never locked out.
 */
export async function setMultiUser(ctx: ServiceContext, input: ChannelParsedInput<'operators.setMultiUser'>): Promise<SessionState> {
  const wasOn = isMultiUser(ctx);
  if (!input.enabled) {
    if (wasOn) {
      writeWithAudit(ctx, (audit) => {
        writeSetting(ctx, 'multiUser', false);
        audit.record({ action: 'update', entity: 'settings', before: { multiUser: true }, after: { multiUser: false } });
      });
    }
    if (ctx.session) ctx.session.operatorId = null;
    return currentSession(ctx);
  }
  const existing = ctx.db.select().from(operators).where(eq(operators.name, input.adminName)).get();
  let newHash: string | null = null;
  if (existing) {
    if (existing.role !== 'admin' || existing.disabledAt !== null) {
      throw new AppError('VALIDATION', `“${existing.name}”不是启用中的管理员。开启多人模式需要一名管理员：请填写管理员的姓名，或填写一个新姓名来创建管理员。`, 'adminName');
    }
    if (!(await verifyPassword(input.password, existing.passwordHash))) {
      throw new AppError('VALIDATION', `管理员“${existing.name}”的密码不正确，多人模式没有开启。`, 'password');
    }
  } else {
    newHash = await hashPassword(input.password);
  }
  const admin = writeWithAudit(ctx, (audit) => {
    let row = existing;
    if (!row) {
      assertNameFree(ctx, input.adminName);
      row = ctx.db.insert(operators).values({ name: input.adminName, role: 'admin', passwordHash: newHash, ...stamps(ctx) }).returning().get();
      audit.record({ action: 'create', entity: 'operator', entityId: row.id, after: auditView(row) });
    }
    if (!wasOn) {
      writeSetting(ctx, 'multiUser', true);
      audit.record({ action: 'update', entity: 'settings', before: { multiUser: false }, after: { multiUser: true } });
    }
    return row;
  });
  if (ctx.session) {
    ctx.session.operatorId = admin.id;
    ctx.session.failedSignIns = 0;
  }
  return currentSession(ctx);
}

const MAX_FAILED_SIGN_INS = 5;
const LOCK_MS = 30_000;

export async function signIn(ctx: ServiceContext, input: ChannelParsedInput<'session.signIn'>): Promise<SessionState> {
  if (!isMultiUser(ctx)) throw new AppError('VALIDATION', '现在是单人模式，不需要登录。如需按操作员分权限，请管理员在“设置 → 操作员”中开启多人模式。');
  const slot = ctx.session;
  if (!slot) throw new AppError('FORBIDDEN', '这个入口不能登录，请从程序窗口登录。');
  const now = ctx.now().getTime();
  if (slot.lockedUntil > now) {
    throw new AppError('FORBIDDEN', `连续输错密码 ${MAX_FAILED_SIGN_INS} 次，请 ${Math.ceil((slot.lockedUntil - now) / 1000)} 秒后再试。`);
  }
  const candidate = ctx.db.select().from(operators).where(and(eq(operators.name, input.name), isNull(operators.disabledAt))).get();
  // An unknown name runs the same scrypt as a known one: the answer's timing does not tell which names exist.
  const ok = await verifyPassword(input.password, candidate?.passwordHash ?? null);
  if (!candidate || !ok) {
    slot.failedSignIns += 1;
    if (slot.failedSignIns >= MAX_FAILED_SIGN_INS) {
      slot.failedSignIns = 0;
      slot.lockedUntil = now + LOCK_MS;
    }
    throw new AppError('VALIDATION', '姓名或密码不正确，请重新输入。（已停用的操作员不能登录）', 'password');
  }
  slot.failedSignIns = 0;
  slot.operatorId = candidate.id;
  writeWithAudit(ctx, (audit) => audit.record({ action: 'signIn', entity: 'operator', entityId: candidate.id, after: { door: ctx.door } }));
  return currentSession(ctx);
}

export function signOut(ctx: ServiceContext): SessionState {
  const slot = ctx.session;
  if (slot && slot.operatorId !== null && isMultiUser(ctx)) {
    const id = slot.operatorId;
    writeWithAudit(ctx, (audit) => audit.record({ action: 'signOut', entity: 'operator', entityId: id, after: { door: ctx.door } }));
  }
  if (slot) slot.operatorId = null;
  return currentSession(ctx);
}
