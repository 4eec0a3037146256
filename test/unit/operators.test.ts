import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channels, type ApiErrorShape } from '../helpers/county-fixture';
import { verifyAuditChain } from '../../electron/platform/audit';
import { newSessionSlot, type ServiceContext, type SessionSlot } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { hashPassword, verifyPassword, withSession } from '../../electron/ledger/operators/service';
import { api, CHANNELS, type OperatorRow, type SessionState } from '../../shared/api';
import { CHANNEL_ACCESS, canUse, isClassified, requiredAccess } from '../../shared/permissions';
import { SAMPLE_COUNTY, tempLedger, type TempLedger } from '../helpers/ledger';

let ledger: TempLedger;
beforeEach(() => {
  ledger = tempLedger();
});
afterEach(() => ledger.dispose());

function door(slot: SessionSlot = newSessionSlot()): ServiceContext {
  return withSession(ledger, slot);
}
const ok = <T>(ctx: ServiceContext, channel: string, input?: unknown): Promise<T> => channels(ctx).ok<T>(channel, input);
const refused = (ctx: ServiceContext, channel: string, input?: unknown): Promise<ApiErrorShape> => channels(ctx).refused(channel, input);
const auditCount = () => ledger.sqlite.prepare('select count(*) from audit_log').pluck().get() as number;

describe('channel → role table', () => {
  it('takes every channel\'s role from its declaration in the contract', () => {
    const missing = CHANNELS.filter((c) => !isClassified(c));
    expect(missing).toEqual([]);
    for (const c of CHANNELS) expect(CHANNEL_ACCESS[c], c).toBe(api[c].access);
  });

  it('treats an unclassified channel as 管理员-only, so forgetting one never opens it', () => {
    expect(requiredAccess('something.new')).toBe('admin');
    expect(canUse('reviewer', 'something.new')).toBe(false);
    expect(canUse('admin', 'something.new')).toBe(true);
  });

  it('gives 销号 to 审核员 and settings, operators and restore to 管理员', () => {
    expect(canUse('clerk', 'findings.progress', { status: 'inProgress' })).toBe(true);
    expect(canUse('clerk', 'findings.progress', { status: 'closed' })).toBe(false);
    expect(canUse('reviewer', 'findings.progress', { status: 'closed' })).toBe(true);
    expect(canUse('reviewer', 'bulletins.issue')).toBe(true);
    expect(canUse('clerk', 'bulletins.issue')).toBe(false);
    for (const admin of ['settings.update', 'operators.create', 'operators.setMultiUser', 'backup.restore', 'ledgerSettings.update']) {
      expect(canUse('reviewer', admin), admin).toBe(false);
      expect(canUse('admin', admin), admin).toBe(true);
    }
    expect(canUse(null, 'session.signIn')).toBe(true);
    expect(canUse(null, 'projects.list')).toBe(false);
    // Writes are never 'read' or 'public', except signing in and out and 校验 (the trail records them).
    for (const c of CHANNELS) {
      const access = api[c].access;
      if (api[c].effect === 'write' && !c.startsWith('session.') && c !== 'audit.verify') expect(typeof access === 'string' ? access : access.base, c).not.toMatch(/^(read|public)$/);
    }
  });
});

describe('passwords', () => {
  it('stores scrypt hashes with a per-password salt and verifies in constant time', async () => {
    const a = await hashPassword('同一个密码123');
    const b = await hashPassword('同一个密码123');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('同一个密码123');
    expect(await verifyPassword('同一个密码123', a)).toBe(true);
    expect(await verifyPassword('同一个密码124', a)).toBe(false);
    expect(await verifyPassword('同一个密码123', null)).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1099511627776$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==')).toBe(false);
    expect(await verifyPassword('x', 'plain')).toBe(false);
  });
});

describe('single-user mode (the default)', () => {
  it('needs no sign-in, may do everything, and records the 设置 operator name', async () => {
    const ctx = door();
    await ok(ctx, 'settings.update', { operatorName: '张会计' });
    const state = await ok<SessionState>(ctx, 'session.current');
    expect(state).toMatchObject({ multiUser: false, operator: null, operatorName: '张会计', role: 'admin' });
    await ok(ctx, 'county.setup', SAMPLE_COUNTY);
    const last = ledger.sqlite.prepare('select operator from audit_log order by id desc limit 1').pluck().get();
    expect(last).toBe('张会计');
    expect((await refused(ctx, 'session.signIn', { name: '张会计', password: 'whatever' })).code).toBe('VALIDATION');
  });
});

describe('multi-user mode', () => {
  async function setup() {
    const admin = door();
    await ok(admin, 'county.setup', SAMPLE_COUNTY);
    // Operators may be prepared before the mode is on; turning it on needs a 管理员 and signs them in.
    const clerk = await ok<OperatorRow>(admin, 'operators.create', { name: '李录入', role: 'clerk', password: 'clerk-pass' });
    const reviewer = await ok<OperatorRow>(admin, 'operators.create', { name: '王审核', role: 'reviewer', password: 'review-pass' });
    const state = await ok<SessionState>(admin, 'operators.setMultiUser', { enabled: true, adminName: '赵管理', password: 'admin-pass' });
    expect(state).toMatchObject({ multiUser: true, operator: { name: '赵管理', role: 'admin', roleLabel: '管理员' }, role: 'admin' });
    return { admin, clerk, reviewer };
  }

  it('refuses every non-public channel to a door that has not signed in, before reading its input', async () => {
    await setup();
    const anon = door();
    expect((await refused(anon, 'projects.list', { limit: 'not a number' })).code).toBe('FORBIDDEN');
    expect((await refused(anon, 'settings.get')).message).toContain('请先登录');
    expect((await ok<{ door: string }>(anon, 'app.info')).door).toBe('cli');
    expect(await ok<SessionState>(anon, 'session.current')).toMatchObject({ multiUser: true, operator: null, role: null });
    // dispatch without any session (a door that forgot to give one) is refused too.
    expect((await dispatch(ledger, 'projects.list', {})).ok).toBe(false);
  });

  it('signs in per door; each role may do its own work and the audit trail names who did it', async () => {
    const { admin } = await setup();
    const clerkDoor = door();
    const reviewerDoor = door();
    await ok(clerkDoor, 'session.signIn', { name: '李录入', password: 'clerk-pass' });
    await ok(reviewerDoor, 'session.signIn', { name: '王审核', password: 'review-pass' });
    expect((await ok<SessionState>(clerkDoor, 'session.current')).operator?.name).toBe('李录入');
    expect((await ok<SessionState>(admin, 'session.current')).operator?.name).toBe('赵管理');

    const unit = await ok<{ id: number }>(clerkDoor, 'units.create', { name: '县农业农村局', kind: 'department' });
    expect(ledger.sqlite.prepare("select operator from audit_log where entity = 'unit' and entity_id = ?").pluck().get(unit.id)).toBe('李录入');

    const before = auditCount();
    const denied = await refused(clerkDoor, 'settings.update', { officeName: '某办' });
    expect(denied.code).toBe('FORBIDDEN');
    expect(denied.message).toContain('李录入');
    expect(denied.message).toContain('管理员');
    expect((await refused(clerkDoor, 'operators.list')).code).toBe('FORBIDDEN');
    expect((await refused(reviewerDoor, 'operators.create', { name: '新人', role: 'admin', password: 'xxxxxx' })).code).toBe('FORBIDDEN');
    expect(auditCount()).toBe(before);

    // 销号 (findings.progress to 已销号) is the reviewer's: the clerk is refused before the handler runs,
    // the reviewer reaches the handler (which then checks the finding itself).
    const closing = { id: 999, date: '2024-03-05', note: '已整改到位', status: 'closed' };
    expect((await refused(clerkDoor, 'findings.progress', closing)).code).toBe('FORBIDDEN');
    expect((await refused(reviewerDoor, 'findings.progress', closing)).code).toBe('NOT_FOUND');
    expect((await refused(clerkDoor, 'findings.progress', { ...closing, status: 'inProgress' })).code).toBe('NOT_FOUND');

    await ok(clerkDoor, 'session.signOut');
    expect((await refused(clerkDoor, 'units.list')).code).toBe('FORBIDDEN');
    expect(verifyAuditChain(ledger).ok).toBe(true);
  });

  it('refuses wrong passwords with one message, locks after five in a row, and never signs in a disabled operator', async () => {
    const { admin, clerk } = await setup();
    const d = door();
    const wrongName = await refused(d, 'session.signIn', { name: '没有这个人', password: 'clerk-pass' });
    const wrongPass = await refused(d, 'session.signIn', { name: '李录入', password: 'nope-nope' });
    expect(wrongName.message).toBe(wrongPass.message);
    for (let i = 0; i < 3; i += 1) await refused(d, 'session.signIn', { name: '李录入', password: 'nope-nope' });
    expect((await refused(d, 'session.signIn', { name: '李录入', password: 'clerk-pass' })).message).toContain('秒后再试');
    // Another door is not locked.
    const other = door();
    await ok(other, 'session.signIn', { name: '李录入', password: 'clerk-pass' });
    await ok(admin, 'operators.disable', { id: clerk.id });
    expect((await refused(other, 'units.list')).code).toBe('FORBIDDEN');
    expect((await refused(door(), 'session.signIn', { name: '李录入', password: 'clerk-pass' })).code).toBe('VALIDATION');
    await ok(admin, 'operators.disable', { id: clerk.id, disabled: false });
    await ok(door(), 'session.signIn', { name: '李录入', password: 'clerk-pass' });
  });

  it('keeps at least one enabled 管理员, and turning the mode on needs the existing 管理员 password', async () => {
    const { admin } = await setup();
    const me = (await ok<SessionState>(admin, 'session.current')).operator!;
    expect((await refused(admin, 'operators.disable', { id: me.id })).code).toBe('CONFLICT');
    expect((await refused(admin, 'operators.update', { id: me.id, role: 'clerk' })).code).toBe('CONFLICT');
    await ok(admin, 'operators.setMultiUser', { enabled: false });
    expect((await ok<SessionState>(door(), 'session.current')).multiUser).toBe(false);
    const again = door();
    expect((await refused(again, 'operators.setMultiUser', { enabled: true, adminName: '赵管理', password: 'wrong-pass' })).field).toBe('password');
    expect((await refused(again, 'operators.setMultiUser', { enabled: true, adminName: '李录入', password: 'clerk-pass' })).field).toBe('adminName');
    await ok(again, 'operators.setMultiUser', { enabled: true, adminName: '赵管理', password: 'admin-pass' });
    expect((await ok<SessionState>(again, 'session.current')).operator?.name).toBe('赵管理');
  });

  it('never puts a password or its hash in the audit trail', async () => {
    const { admin, clerk } = await setup();
    await ok(admin, 'operators.setPassword', { id: clerk.id, password: 'new-secret-1' });
    const trail = JSON.stringify(ledger.sqlite.prepare('select * from audit_log').all());
    expect(trail).not.toContain('new-secret-1');
    expect(trail).not.toContain('admin-pass');
    expect(trail).not.toContain('scrypt$');
    expect(trail).toContain('setPassword');
    await ok(door(), 'session.signIn', { name: '李录入', password: 'new-secret-1' });
  });
});

describe('CLI door', () => {
  it('runs as the single operator, or in multi-user mode as --operator with the password from --password-env', async () => {
    const { runCli } = await import('../../electron/cli');
    const db = ledger.dbFile;
    expect((await runCli(['list', 'projects', '--db', db, '--json'])).exitCode).toBe(0);
    const admin = door();
    await ok(admin, 'operators.create', { name: '李录入', role: 'clerk', password: 'clerk-pass' });
    await ok(admin, 'operators.setMultiUser', { enabled: true, adminName: '赵管理', password: 'admin-pass' });

    const anonymous = await runCli(['list', 'projects', '--db', db, '--json']);
    expect(anonymous.exitCode).toBe(1);
    expect(JSON.parse(anonymous.stdout).error.message).toContain('--operator');

    process.env.LEDGER_TEST_PASSWORD = 'clerk-pass';
    try {
      const clerk = await runCli(['list', 'projects', '--db', db, '--json', '--operator', '李录入', '--password-env', 'LEDGER_TEST_PASSWORD']);
      expect(clerk.exitCode).toBe(0);
      // demo.load is 管理员's.
      const demo = await runCli(['demo', '--db', db, '--json', '--operator', '李录入', '--password-env', 'LEDGER_TEST_PASSWORD']);
      expect(demo.exitCode).toBe(1);
      expect(JSON.parse(demo.stdout).error.code).toBe('FORBIDDEN');
      process.env.LEDGER_TEST_PASSWORD = 'wrong-pass';
      const wrong = await runCli(['list', 'projects', '--db', db, '--json', '--operator', '李录入', '--password-env', 'LEDGER_TEST_PASSWORD']);
      expect(wrong.exitCode).toBe(1);
      expect(JSON.parse(wrong.stdout).error.message).toContain('登录失败');
    } finally {
      delete process.env.LEDGER_TEST_PASSWORD;
    }
    expect((await runCli(['list', 'projects', '--db', db, '--json', '--operator', '李录入'])).exitCode).toBe(2);
    const noEnv = await runCli(['list', 'projects', '--db', db, '--json', '--operator', '李录入', '--password-env', 'LEDGER_UNSET_VAR']);
    expect(noEnv.exitCode).toBe(1);
  });
});
