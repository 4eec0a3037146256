// 操作员 on a ledger on the office server (issue 16): a door's context whose port is PostgreSQL signs in,
// creates operators, locks a door out after wrong passwords and checks each call's role against the server's
// operators and multi-user switch, and names the signed-in operator in the server's audit trail. The local file
// beside the context (its clock and file-only settings) is never read for any of it, nor written.
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type ApiErrorShape } from '../helpers/county-fixture';
import { withSession } from '../../electron/ledger/operators/service';
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
    // Single-user: the name in 设置 is the server's, and a rename shows in the next request's audit row.
    const admin = door();
    await ok(admin, 'settings.update', { operatorName: '张会计' });
    await ok(admin, 'county.setup', SAMPLE_COUNTY);
    expect(await lastOperatorOnServer()).toBe('张会计');
    await ok(admin, 'settings.update', { operatorName: '刘会计' });
    expect((await ok<SessionState>(admin, 'session.current')).operatorName).toBe('刘会计');
    // The rename itself is recorded under the name it replaces; the next write under the new one.
    expect(await lastOperatorOnServer()).toBe('张会计');
    await ok(admin, 'settings.update', { officeName: '青山县乡村振兴局' });
    expect(await lastOperatorOnServer()).toBe('刘会计');

    const clerk = await ok<OperatorRow>(admin, 'operators.create', { name: '李录入', role: 'clerk', password: 'clerk-pass' });
    await ok<OperatorRow>(admin, 'operators.create', { name: '王审核', role: 'reviewer', password: 'review-pass' });
    expect((await refused(admin, 'operators.create', { name: '李录入', role: 'admin', password: 'other-pass' })).code).toBe('CONFLICT');
    const on = await ok<SessionState>(admin, 'operators.setMultiUser', { enabled: true, adminName: '赵管理', password: 'admin-pass' });
    expect(on).toMatchObject({ multiUser: true, operator: { name: '赵管理', role: 'admin' }, operatorName: '赵管理', role: 'admin' });
    const list = await ok<{ multiUser: boolean; rows: OperatorRow[] }>(admin, 'operators.list');
    expect(list.multiUser).toBe(true);
    expect(list.rows.map((r) => r.name)).toEqual(['李录入', '王审核', '赵管理']);

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
