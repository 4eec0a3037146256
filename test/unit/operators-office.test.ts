// 操作员 on a ledger on the office server (issue 16): a door's context whose port is PostgreSQL signs in,
// creates operators, locks a door out after wrong passwords and checks each call's role against the server's
// operators and multi-user switch, and names the signed-in operator in the server's audit trail. The local file
// beside the context (its clock and file-only settings) is never read for any of it, nor written.
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type ApiErrorShape } from '../helpers/county-fixture';
import { withSession } from '../../electron/ledger/operators/service';
import { dispatch } from '../../electron/platform/handlers';
import { verifyChainOnPort } from '../../electron/platform/audited-write';
import { newSessionSlot, type ServiceContext } from '../../electron/platform/context';
import { dataPort, type DataPort } from '../../electron/platform/data-port';
import { ledgerPool, postgresPort } from '../../electron/platform/postgres-port';
import type { OperatorRow, SessionState } from '../../shared/api';
import { SAMPLE_COUNTY, tempLedger, type TempLedger } from '../helpers/ledger';
import { migratedDatabase } from '../helpers/pg-server';


let local: TempLedger;
let pool: Pool;
let server: DataPort;
/** The ledger handle as an office door would hold it: its port is the server's. */
let office: ServiceContext;

beforeAll(async () => {
  local = tempLedger({ now: () => new Date('2026-12-07T14:32:00+08:00') });
  pool = ledgerPool(await migratedDatabase());
  server = postgresPort(pool);
  office = Object.create(local) as ServiceContext;
  office.port = server;
});
afterAll(async () => {
  await pool.end();
  local.dispose();
});

const door = (): ServiceContext => withSession(office, newSessionSlot());

const ok = <T>(ctx: ServiceContext, channel: string, input?: unknown): Promise<T> => channels(ctx).ok<T>(channel, input);
const refused = (ctx: ServiceContext, channel: string, input?: unknown): Promise<ApiErrorShape> => channels(ctx).refused(channel, input);
const lastOperatorOnServer = async () => (await server.get<{ operator: string }>('select operator from audit_log order by id desc limit 1'))?.operator;
const serverAuditCount = async () => Number((await server.get<{ n: number }>('select count(*) as n from audit_log'))?.n);

describe('操作员 on the office server (PostgreSQL port)', () => {
  it('signs in, creates operators, locks out after wrong passwords and authorizes by role, all on the server', async () => {
    // A ledger on the server is multi-user whatever its switch says: nothing but the public channels before sign-in.
    const admin = door();
    expect(await ok<SessionState>(admin, 'session.current')).toMatchObject({ multiUser: true, officeServer: true, firstAdminNeeded: true, operator: null, role: null });
    expect((await refused(admin, 'settings.update', { operatorName: '张会计' })).message).toContain('请先登录');
    expect(await serverAuditCount()).toBe(0);
    // The empty server's first 管理员, created from the sign-in screen, is signed in at once and named by the trail.
    const first = await ok<SessionState>(admin, 'session.createFirstAdmin', { name: '赵管理', password: 'admin-pass' });
    expect(first).toMatchObject({ multiUser: true, firstAdminNeeded: false, operator: { name: '赵管理', role: 'admin' }, operatorName: '赵管理', role: 'admin' });
    await ok(admin, 'county.setup', SAMPLE_COUNTY);
    expect(await lastOperatorOnServer()).toBe('赵管理');
    // 设置 → 操作员姓名 is single-user mode's name: on the server the trail names the signed-in operator.
    await ok(admin, 'settings.update', { operatorName: '刘会计' });
    expect((await ok<SessionState>(admin, 'session.current')).operatorName).toBe('赵管理');
    await ok(admin, 'settings.update', { officeName: '青山县乡村振兴局' });
    expect(await lastOperatorOnServer()).toBe('赵管理');
    // 单人模式 cannot be chosen on the server.
    const single = await refused(admin, 'operators.setMultiUser', { enabled: false });
    expect(single.message).toContain('办公室服务器');
    expect((await ok<SessionState>(admin, 'session.current')).multiUser).toBe(true);

    const clerk = await ok<OperatorRow>(admin, 'operators.create', { name: '李录入', role: 'clerk', password: 'clerk-pass' });
    await ok<OperatorRow>(admin, 'operators.create', { name: '王审核', role: 'reviewer', password: 'review-pass' });
    expect((await refused(admin, 'operators.create', { name: '李录入', role: 'admin', password: 'other-pass' })).code).toBe('CONFLICT');
    const list = await ok<{ multiUser: boolean; rows: OperatorRow[] }>(admin, 'operators.list');
    expect(list.multiUser).toBe(true);
    expect(list.rows.map((r) => r.name)).toEqual(['赵管理', '李录入', '王审核']);

    // A door that has not signed in is refused before its input is read.
    const anonymous = door();
    expect((await refused(anonymous, 'projects.list', { limit: 'not a number' })).message).toContain('请先登录');

    // Five wrong passwords in a row lock this door, with the same message for a wrong name as for a wrong password.
    const locked = door();
    const wrongName = await refused(locked, 'session.signIn', { name: '没有这个人', password: 'clerk-pass' });
    expect((await refused(locked, 'session.signIn', { name: '李录入', password: 'nope-nope' })).message).toBe(wrongName.message);
    for (let i = 0; i < 3; i += 1) await refused(locked, 'session.signIn', { name: '李录入', password: 'nope-nope' });
    expect((await refused(locked, 'session.signIn', { name: '李录入', password: 'clerk-pass' })).message).toContain('秒后再试');

    // Another door signs in; its role decides what it may do, and the server's trail names it.
    const clerkDoor = door();
    await ok(clerkDoor, 'session.signIn', { name: '李录入', password: 'clerk-pass' });
    expect(await lastOperatorOnServer()).toBe('李录入');
    const unit = await ok<{ id: number }>(clerkDoor, 'units.create', { name: '县农业农村局', kind: 'department' });
    expect((await server.get<{ operator: string }>("select operator from audit_log where entity = 'unit' and entity_id = ?", [unit.id]))?.operator).toBe('李录入');
    const before = await serverAuditCount();
    const denied = await refused(clerkDoor, 'settings.update', { officeName: '某办' });
    expect(denied.code).toBe('FORBIDDEN');
    expect(denied.message).toContain('李录入');
    expect((await refused(clerkDoor, 'operators.list')).code).toBe('FORBIDDEN');
    expect(await serverAuditCount()).toBe(before);

    // A rename on the server shows in the signed-in door's next audit row; disabling signs the door out.
    await ok(admin, 'operators.update', { id: clerk.id, name: '李录入员' });
    await ok(clerkDoor, 'units.create', { name: '县水利局', kind: 'department' });
    expect(await lastOperatorOnServer()).toBe('李录入员');
    const me = (await ok<SessionState>(admin, 'session.current')).operator!;
    expect((await refused(admin, 'operators.disable', { id: me.id })).code).toBe('CONFLICT');
    await ok(admin, 'operators.disable', { id: clerk.id });
    expect((await refused(clerkDoor, 'units.list')).code).toBe('FORBIDDEN');
    expect((await refused(door(), 'session.signIn', { name: '李录入员', password: 'clerk-pass' })).code).toBe('VALIDATION');

    expect(await verifyChainOnPort(server)).toMatchObject({ ok: true, brokenAtId: null });
    // The local file was neither read for any of this nor written: no operators, no switch, no trail.
    const file = dataPort(local);
    expect(await file.get('select id from operators')).toBeUndefined();
    expect(await file.get("select value from settings where key in ('multiUser', 'operatorName')")).toBeUndefined();
    expect(await file.get('select id from audit_log')).toBeUndefined();
  });
});

describe('创建第一个管理员 on an empty office server', () => {
  /** A fresh server database, and a door factory on it. */
  async function emptyServer(): Promise<{ port: DataPort; door: () => ServiceContext; end: () => Promise<void> }> {
    const own = ledgerPool(await migratedDatabase());
    const ctx = Object.create(local) as ServiceContext;
    ctx.port = postgresPort(own);
    return { port: ctx.port, door: () => withSession(ctx, newSessionSlot()), end: () => own.end() };
  }

  it('is offered once: the first 管理员 is created, audited under their name and signed in; a second attempt is refused', async () => {
    const s = await emptyServer();
    try {
      const first = s.door();
      await ok(first, 'session.createFirstAdmin', { name: '钱主任', password: 'first-pass' });
      const rows = await s.port.all<{ operator: string; action: string; entity: string; at: string }>('select operator, action, entity, at from audit_log order by id');
      expect(rows.map((r) => [r.operator, r.action, r.entity])).toEqual([
        ['钱主任', 'create', 'operator'],
        ['钱主任', 'update', 'settings'],
        ['钱主任', 'signIn', 'operator'],
      ]);
      expect(rows.every((r) => r.at === '2026-12-07T06:32:00.000Z')).toBe(true);
      // Only sign-in from now on, for every door (the one that created it too, after signing out).
      const again = s.door();
      expect((await ok<SessionState>(again, 'session.current')).firstAdminNeeded).toBe(false);
      const second = await refused(again, 'session.createFirstAdmin', { name: '孙冒充', password: 'other-pass' });
      expect(second.code).toBe('CONFLICT');
      expect(second.message).toContain('已经有管理员');
      // The password rules of operators.create hold here too.
      expect((await refused(s.door(), 'session.createFirstAdmin', { name: '周', password: '123' })).message).toContain('密码至少 6 个字符');
      await ok(first, 'session.signOut');
      expect((await refused(first, 'units.list')).message).toContain('请先登录');
      await ok(again, 'session.signIn', { name: '钱主任', password: 'first-pass' });
      expect((await ok<OperatorRow[]>(again, 'units.list')).length).toBe(0);
      expect(await verifyChainOnPort(s.port)).toMatchObject({ ok: true, brokenAtId: null });
    } finally {
      await s.end();
    }
  });

  it('lets exactly one of two PCs trying at once create it', async () => {
    const s = await emptyServer();
    try {
      const [a, b] = [s.door(), s.door()];
      const answers = await Promise.all([
        dispatchOn(a, { name: '甲管理', password: 'pass-aaaa' }),
        dispatchOn(b, { name: '乙管理', password: 'pass-bbbb' }),
      ]);
      expect(answers.filter((r) => r.ok)).toHaveLength(1);
      const loser = answers.find((r) => !r.ok);
      expect(loser && !loser.ok ? loser.error.code : null).toBe('CONFLICT');
      expect(Number((await s.port.get<{ n: number }>('select count(*) as n from operators'))?.n)).toBe(1);
      expect(await verifyChainOnPort(s.port)).toMatchObject({ ok: true, brokenAtId: null });
    } finally {
      await s.end();
    }
  });

  it('is refused on a local file, where 设置 → 操作员 turns multi-user mode on', async () => {
    const before = await dataPort(local).get<{ n: number }>('select count(*) as n from audit_log');
    const answer = await refused(withSession(local, newSessionSlot()), 'session.createFirstAdmin', { name: '钱主任', password: 'first-pass' });
    expect(answer.message).toContain('开启多人模式');
    expect(await dataPort(local).get('select id from operators')).toBeUndefined();
    expect(await dataPort(local).get<{ n: number }>('select count(*) as n from audit_log')).toEqual(before);
  });
});

const dispatchOn = (ctx: ServiceContext, input: { name: string; password: string }) => dispatch(ctx, 'session.createFirstAdmin', input);
