// 操作员, multi-user mode and each door's session. Passwords are kept as scrypt hashes (per-operator random
// salt, compared in constant time). authorize() is the one place a call's role is checked: dispatch() runs
// it for every channel at every door, with the table shared/permissions.ts derives from the contract.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { ChannelParsedInput } from '../../../shared/api';
import type { OperatorRow, OperatorsList, SessionOperator, SessionState } from '../../../shared/api-operators';
import { OperatorRole } from '../../../shared/enums';
import { AppError, type ApiError } from '../../../shared/errors';
import { accessLabel, requiredAccess, roleSatisfies } from '../../../shared/permissions';
import { writeAudited, writeAuditedOn } from '../../platform/audited-write';
import type { ServiceContext, SessionSlot } from '../../platform/context';
import { dataPort, type DataReader } from '../../platform/data-port';
import { isOfficeLedger } from '../../platform/office-ledger';
import { readSettingOn, writeSettingOn } from '../settings/store';
import { holdConnected, noteSeen, removeConnected, writeConnected } from './sessions';
import * as store from './store';
import type { OperatorRecord } from './store';

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

/**
 * Is multi-user mode on for this ledger? A ledger on the office server always is (several PCs reach it, so each
 * must sign in), whatever its switch says; a local file's follows the switch, read on `db` (its port, or a
 * transaction of it).
 */
async function multiUserOn(ctx: Pick<ServiceContext, 'port'>, db: DataReader): Promise<boolean> {
  if (isOfficeLedger(ctx)) return true;
  return (await readSettingOn<unknown>(db, 'multiUser')) === true;
}

/** Is multi-user mode on for this ledger (on its port: the file's, or the office server's)? */
export function isMultiUser(ctx: Pick<ServiceContext, 'sqlite' | 'port'>): Promise<boolean> {
  return multiUserOn(ctx, dataPort(ctx));
}

async function findOperator(db: DataReader, id: number): Promise<OperatorRecord> {
  const row = await store.operatorById(db, id);
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的操作员，请刷新后重试`);
  return row;
}

export async function listOperators(ctx: ServiceContext): Promise<OperatorsList> {
  const db = dataPort(ctx);
  const [records, multiUser] = await Promise.all([store.operatorRecords(db), multiUserOn(ctx, db)]);
  return { multiUser, rows: records.map(toRow) };
}

function sessionOperator(r: OperatorRecord): SessionOperator {
  return { id: r.id, name: r.name, role: r.role, roleLabel: OperatorRole.label[r.role] };
}

/** The role a call acts with: everything in single-user mode, the signed-in operator's role otherwise. */
export async function sessionRole(ctx: ServiceContext): Promise<{ multiUser: boolean; operator: OperatorRecord | null; role: OperatorRole | null }> {
  const db = dataPort(ctx);
  const id = ctx.session?.operatorId ?? null;
  // One round of reads: the switch and the signed-in operator together.
  const [multiUser, operator] = await Promise.all([multiUserOn(ctx, db), id === null ? undefined : store.enabledOperatorById(db, id)]);
  if (!multiUser) return { multiUser: false, operator: null, role: 'admin' };
  // A disabled or deleted operator is signed out at their next call (unless this door signed in anew meanwhile).
  if (!operator && id !== null && ctx.session?.operatorId === id) ctx.session.operatorId = null;
  return { multiUser: true, operator: operator ?? null, role: operator?.role ?? null };
}

/** A ledger on the office server with no enabled 管理员 yet (a new one) lets the first be created from the sign-in screen. */
async function firstAdminNeeded(ctx: ServiceContext, db: DataReader): Promise<boolean> {
  return isOfficeLedger(ctx) && (await store.countOtherEnabledAdmins(db, 0)) === 0;
}

export async function currentSession(ctx: ServiceContext): Promise<SessionState> {
  const [{ multiUser, operator, role }, operatorName, needsAdmin] = await Promise.all([sessionRole(ctx), ctx.operatorName(), firstAdminNeeded(ctx, dataPort(ctx))]);
  return {
    multiUser,
    officeServer: isOfficeLedger(ctx),
    firstAdminNeeded: needsAdmin,
    operator: operator ? sessionOperator(operator) : null,
    operatorName,
    role,
  };
}

/**
 * May this session make this call? null when it may, else the Chinese refusal. Called by dispatch() before
 * the input is parsed (with no input: the channel's base role) and after (the role may depend on the input).
 */
export async function authorize(ctx: ServiceContext, channel: string, input?: unknown): Promise<ApiError | null> {
  const access = requiredAccess(channel, input);
  if (access === 'public') return null;
  const { operator, role } = await sessionRole(ctx);
  if (roleSatisfies(role, access)) {
    if (operator) await noteSeen(ctx, operator.id);
    return null;
  }
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
  // Read on each call (an audited write asks once, before its transaction), so a rename in 设置 or 操作员
  // between two requests shows in the next one's audit rows.
  derived.operatorName = async () => {
    const id = slot.operatorId;
    if (id === null) return ctx.operatorName();
    const db = dataPort(derived);
    const [multiUser, operator, configured] = await Promise.all([multiUserOn(derived, db), store.enabledOperatorById(db, id), ctx.operatorName()]);
    return multiUser && operator ? operator.name : configured;
  };
  return derived;
}

// ---- Writing ------------------------------------------------------------------------------------------

async function assertNameFree(db: DataReader, name: string, exceptId?: number): Promise<void> {
  const same = await store.operatorByName(db, name);
  if (same && same.id !== exceptId) throw new AppError('CONFLICT', `已有名为“${name}”的操作员（含已停用的），请换一个姓名`, 'name');
}

/** In multi-user mode at least one enabled 管理员 must remain, or nobody could manage the ledger again. */
async function assertAdminRemains(ctx: ServiceContext, db: DataReader, leavingId: number): Promise<void> {
  if (!(await multiUserOn(ctx, db))) return;
  if ((await store.countOtherEnabledAdmins(db, leavingId)) === 0) {
    throw new AppError('CONFLICT', '这是唯一一名启用的管理员，不能停用或改为其他角色。请先添加另一名管理员，或先关闭多人模式。');
  }
}

/** Would this change leave an enabled 管理员 behind no longer one (demoted or disabled)? */
function leavesAdmin(current: OperatorRecord, role: OperatorRole | undefined, disable: boolean): boolean {
  return current.role === 'admin' && current.disabledAt === null && (disable || (role !== undefined && role !== 'admin'));
}

export async function createOperator(ctx: ServiceContext, input: ChannelParsedInput<'operators.create'>): Promise<OperatorRow> {
  await assertNameFree(dataPort(ctx), input.name);
  const passwordHash = await hashPassword(input.password);
  return writeAudited(ctx, async (tx, audit) => {
    await assertNameFree(tx, input.name);
    const row = await store.insertOperator(tx, { name: input.name, role: input.role, passwordHash }, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'operator', entityId: row.id, after: auditView(row) });
    return toRow(row);
  });
}

export async function updateOperator(ctx: ServiceContext, input: ChannelParsedInput<'operators.update'>): Promise<OperatorRow> {
  return writeAudited(ctx, async (tx, audit) => {
    const current = await findOperator(tx, input.id);
    if (input.name !== undefined) await assertNameFree(tx, input.name, current.id);
    if (leavesAdmin(current, input.role, false)) await assertAdminRemains(ctx, tx, current.id);
    const row = await store.updateOperator(tx, current.id, { name: input.name ?? current.name, role: input.role ?? current.role }, ctx.now().toISOString());
    await audit.record({ action: 'update', entity: 'operator', entityId: row.id, before: auditView(current), after: auditView(row) });
    return toRow(row);
  });
}

export async function setOperatorPassword(ctx: ServiceContext, input: ChannelParsedInput<'operators.setPassword'>): Promise<OperatorRow> {
  await findOperator(dataPort(ctx), input.id);
  const passwordHash = await hashPassword(input.password);
  return writeAudited(ctx, async (tx, audit) => {
    const current = await findOperator(tx, input.id);
    const row = await store.updateOperator(tx, current.id, { passwordHash }, ctx.now().toISOString());
    // The trail says that the password changed, never what it is or its hash.
    await audit.record({ action: 'setPassword', entity: 'operator', entityId: row.id, before: auditView(current), after: auditView(row) });
    return toRow(row);
  });
}

export async function disableOperator(ctx: ServiceContext, input: ChannelParsedInput<'operators.disable'>): Promise<OperatorRow> {
  const disable = input.disabled ?? true;
  return writeAudited(ctx, async (tx, audit) => {
    const current = await findOperator(tx, input.id);
    if (leavesAdmin(current, undefined, disable)) await assertAdminRemains(ctx, tx, current.id);
    const at = ctx.now().toISOString();
    const row = await store.setOperatorDisabledAt(tx, current.id, disable ? (current.disabledAt ?? at) : null, at);
    await audit.record({ action: disable ? 'disable' : 'enable', entity: 'operator', entityId: row.id, before: auditView(current), after: auditView(row) });
    return toRow(row);
  });
}

/**
 * Turn multi-user mode on (naming a 管理员: an existing one with their password, or a new one) or off.
 * Turning it on signs this session in as that 管理员, so the office is never locked out.
 */
export async function setMultiUser(ctx: ServiceContext, input: ChannelParsedInput<'operators.setMultiUser'>): Promise<SessionState> {
  const db = dataPort(ctx);
  if (!input.enabled && isOfficeLedger(ctx)) throw new AppError('VALIDATION', OFFICE_ALWAYS_MULTI_USER);
  if (!input.enabled) {
    // Already off: no write at all. Asked again inside, where writers take turns, so two doors leave one row.
    if (await multiUserOn(ctx, db)) {
      await writeAudited(ctx, async (tx, audit) => {
        if (!(await multiUserOn(ctx, tx))) return;
      await writeSettingOn(tx, 'multiUser', false, ctx.now().toISOString());
        await audit.record({ action: 'update', entity: 'settings', before: { multiUser: true }, after: { multiUser: false } });
      });
    }
    if (ctx.session) ctx.session.operatorId = null;
    return currentSession(ctx);
  }
  const existing = await store.operatorByName(db, input.adminName);
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
  const admin = await writeAudited(ctx, async (tx, audit) => {
    const at = ctx.now().toISOString();
    let row = existing;
    if (!row) {
      await assertNameFree(tx, input.adminName);
      row = await store.insertOperator(tx, { name: input.adminName, role: 'admin', passwordHash: newHash }, at);
      await audit.record({ action: 'create', entity: 'operator', entityId: row.id, after: auditView(row) });
    }
    if (!(await multiUserOn(ctx, tx))) {
      await writeSettingOn(tx, 'multiUser', true, at);
      await audit.record({ action: 'update', entity: 'settings', before: { multiUser: false }, after: { multiUser: true } });
    }
    return { row, connected: ctx.session ? await writeConnected(ctx, tx, ctx.session, row.id, ctx.now()) : null };
  });
  if (ctx.session) {
    ctx.session.operatorId = admin.row.id;
    ctx.session.failedSignIns = 0;
    holdConnected(ctx.session, admin.connected, ctx.now());
  }
  return currentSession(ctx);
}

export const OFFICE_ALWAYS_MULTI_USER =
  '台账在办公室服务器上，几台电脑共用，必须按操作员登录，不能改为单人模式。如只一个人用，请在“设置 → 数据存放”中改用本机文件。';

/**
 * 创建第一个管理员: on a ledger on the office server that has no enabled 管理员 yet, from the sign-in screen,
 * before anyone has signed in. Asked again after the audit chain's lock, where writers take turns: of two PCs
 * trying at once, the second finds the first's 管理员 and is refused. The new 管理员 is then signed in here.
 */
export async function createFirstAdmin(ctx: ServiceContext, input: ChannelParsedInput<'session.createFirstAdmin'>): Promise<SessionState> {
  if (!isOfficeLedger(ctx)) {
    throw new AppError('VALIDATION', '本机文件的台账不在这里创建管理员：请在“设置 → 操作员”中开启多人模式，开启时指定管理员。');
  }
  const slot = ctx.session;
  if (!slot) throw new AppError('FORBIDDEN', '这个入口不能登录，请从程序窗口登录。');
  const taken = (): AppError => new AppError('CONFLICT', '这个台账已经有管理员了，不能再创建第一个管理员。请用管理员分配的姓名和密码登录。');
  if (!(await firstAdminNeeded(ctx, dataPort(ctx)))) throw taken();
  const passwordHash = await hashPassword(input.password);
  const at = ctx.now().toISOString();
  // The rows name the new 管理员: nobody is signed in yet, and they are the one creating it.
  const admin = await writeAuditedOn(dataPort(ctx), { operator: input.name, at }, async (tx, audit) => {
    if (!(await firstAdminNeeded(ctx, tx))) throw taken();
    await assertNameFree(tx, input.name);
    const row = await store.insertOperator(tx, { name: input.name, role: 'admin', passwordHash }, at);
    await audit.record({ action: 'create', entity: 'operator', entityId: row.id, after: auditView(row) });
    // The switch too, so a copy exported to a local file (从服务器导出本机文件) still asks for sign-in.
    if ((await readSettingOn<unknown>(tx, 'multiUser')) !== true) {
      await writeSettingOn(tx, 'multiUser', true, at);
      await audit.record({ action: 'update', entity: 'settings', before: { multiUser: false }, after: { multiUser: true } });
    }
    await audit.record({ action: 'signIn', entity: 'operator', entityId: row.id, after: { door: ctx.door } });
    return { row, connected: await writeConnected(ctx, tx, slot, row.id, ctx.now()) };
  });
  slot.operatorId = admin.row.id;
  slot.failedSignIns = 0;
  holdConnected(slot, admin.connected, ctx.now());
  return currentSession(ctx);
}

const MAX_FAILED_SIGN_INS = 5;
const LOCK_MS = 30_000;

export async function signIn(ctx: ServiceContext, input: ChannelParsedInput<'session.signIn'>): Promise<SessionState> {
  const db = dataPort(ctx);
  if (!(await multiUserOn(ctx, db))) throw new AppError('VALIDATION', '现在是单人模式，不需要登录。如需按操作员分权限，请管理员在“设置 → 操作员”中开启多人模式。');
  const slot = ctx.session;
  if (!slot) throw new AppError('FORBIDDEN', '这个入口不能登录，请从程序窗口登录。');
  const now = ctx.now().getTime();
  if (slot.lockedUntil > now) {
    throw new AppError('FORBIDDEN', `连续输错密码 ${MAX_FAILED_SIGN_INS} 次，请 ${Math.ceil((slot.lockedUntil - now) / 1000)} 秒后再试。`);
  }
  const named = await store.operatorByName(db, input.name);
  const candidate = named && named.disabledAt === null ? named : undefined;
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
  const connected = await writeAudited(ctx, async (tx, audit) => {
    await audit.record({ action: 'signIn', entity: 'operator', entityId: candidate.id, after: { door: ctx.door } });
    return writeConnected(ctx, tx, slot, candidate.id, ctx.now());
  });
  holdConnected(slot, connected, ctx.now());
  return currentSession(ctx);
}

export async function signOut(ctx: ServiceContext): Promise<SessionState> {
  const slot = ctx.session;
  if (slot && slot.operatorId !== null && (await isMultiUser(ctx))) {
    const id = slot.operatorId;
    await writeAudited(ctx, async (tx, audit) => {
      await audit.record({ action: 'signOut', entity: 'operator', entityId: id, after: { door: ctx.door } });
      await removeConnected(tx, slot);
    });
  }
  if (slot) {
    slot.operatorId = null;
    holdConnected(slot, null, ctx.now());
  }
  return currentSession(ctx);
}
