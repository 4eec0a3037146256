// Who is connected (issue 16 item 7): on a ledger on the office server each signed-in window has a row — its
// operator, this PC's name, since when, last seen — written at sign-in (with its audit row), marked seen at most
// once a minute while the window makes calls, shown 离线 when no longer seen, removed at sign-out. A local file
// keeps none. (The store's SQL on both engines: sessions-store-engines.test.ts.)
import os from 'node:os';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSession } from '../../electron/ledger/operators/service';
import { OFFLINE_AFTER_MS, SEEN_EVERY_MS } from '../../electron/ledger/operators/sessions';
import { newSessionSlot, type ServiceContext } from '../../electron/platform/context';
import { ledgerPool, postgresPort } from '../../electron/platform/postgres-port';
import type { ConnectedSession, OperatorRow } from '../../shared/api';
import { channels } from '../helpers/county-fixture';
import { tempLedger, type TempLedger } from '../helpers/ledger';
import { migratedDatabase } from '../helpers/pg-server';

let clock = new Date('2026-12-07T09:00:00+08:00').getTime();
const now = () => new Date(clock);
let local: TempLedger;
let pool: Pool;
let office: ServiceContext;

beforeAll(async () => {
  local = tempLedger({ now });
  pool = ledgerPool(await migratedDatabase());
  office = Object.create(local) as ServiceContext;
  office.port = postgresPort(pool);
});
afterAll(async () => {
  await pool.end();
  local.dispose();
});

/** The empty server's first 管理员. */
const SERVER_ADMIN = { name: '赵管理', password: 'admin-pass' } as const;

const door = (ledger: ServiceContext): ServiceContext => withSession(ledger, newSessionSlot());
const connected = (ctx: ServiceContext) => channels(ctx).ok<ConnectedSession[]>('operators.sessions');
const at = (ms: number) => new Date(ms).toISOString();

describe('who is connected to the office server', () => {
  it('a row per signed-in window: written at sign-in, seen at most once a minute, 离线 when gone, removed at sign-out', async () => {
    const admin = door(office);
    await channels(admin).ok('session.createFirstAdmin', SERVER_ADMIN);
    const signedInAt = at(clock);
    await channels(admin).ok<OperatorRow>('operators.create', { name: '李录入', role: 'clerk', password: 'clerk-pass' });
    const clerk = door(office);
    clock += 1000;
    await channels(clerk).ok('session.signIn', { name: '李录入', password: 'clerk-pass' });
    const clerkSince = at(clock);

    expect(await connected(admin)).toEqual([
      { id: expect.any(Number), operatorName: '李录入', pcName: os.hostname(), door: 'cli', signedInAt: clerkSince, lastSeenAt: clerkSince, online: true, thisWindow: false },
      { id: expect.any(Number), operatorName: SERVER_ADMIN.name, pcName: os.hostname(), door: 'cli', signedInAt, lastSeenAt: signedInAt, online: true, thisWindow: true },
    ]);
    // Sign-in is audited as before; the rows themselves are bookkeeping, not ledger changes.
    const signIns = await pool.query<{ operator: string }>("select operator from audit_log where action = 'signIn' order by id");
    expect(signIns.rows.map((r) => r.operator)).toEqual([SERVER_ADMIN.name, '李录入']);

    // Within the minute a call writes nothing; past it, the call marks its window seen.
    clock += SEEN_EVERY_MS - 2000;
    await channels(clerk).ok('projects.list', {});
    expect((await connected(admin)).find((s) => s.operatorName === '李录入')?.lastSeenAt).toBe(clerkSince);
    clock += 2000;
    await channels(clerk).ok('projects.list', {});
    const seen = at(clock);
    expect((await connected(admin)).find((s) => s.operatorName === '李录入')?.lastSeenAt).toBe(seen);

    // The clerk's PC goes quiet: after a few minutes the admin sees it 离线.
    clock += OFFLINE_AFTER_MS + 1000;
    expect((await connected(admin)).map((s) => [s.operatorName, s.online])).toEqual([
      [SERVER_ADMIN.name, true],
      ['李录入', false],
    ]);

    // Signing out removes the window's row; a window signing in anew gets a new one.
    await channels(clerk).ok('session.signOut');
    expect((await connected(admin)).map((s) => s.operatorName)).toEqual([SERVER_ADMIN.name]);
    // Only a 管理员 sees who is connected.
    const again = door(office);
    await channels(again).ok('session.signIn', { name: '李录入', password: 'clerk-pass' });
    expect((await channels(again).refused('operators.sessions')).code).toBe('FORBIDDEN');
    expect((await connected(admin)).map((s) => [s.operatorName, s.online])).toEqual([
      ['李录入', true],
      [SERVER_ADMIN.name, true],
    ]);
  });

  it('a local ledger file keeps no sessions: one PC, nobody else to see', async () => {
    const file = tempLedger({ now });
    try {
      const admin = door(file);
      await channels(admin).ok('operators.setMultiUser', { enabled: true, adminName: '赵管理', password: 'admin-pass' });
      await channels(door(file)).ok('session.signIn', { name: '赵管理', password: 'admin-pass' });
      expect(await connected(admin)).toEqual([]);
      expect(file.sqlite.prepare('select count(*) from operator_sessions').pluck().get()).toBe(0);
    } finally {
      file.dispose();
    }
  });
});
