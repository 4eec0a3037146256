// The 操作员 store gives the same answers on both engines: its SQL (the operators table) runs unchanged on a
// migrated PostgreSQL database, including the order of the list, where the two engines sort nulls apart.
import { afterAll, describe, expect, it } from 'vitest';
import * as store from '../../electron/ledger/operators/store';
import { answersOnEveryEngine, type PortLedger } from '../helpers/port-engines';

const NOW = '2026-12-07T02:00:00.000Z';
const LATER = '2026-12-08T03:00:00.000Z';
const LATEST = '2026-12-09T04:00:00.000Z';

async function answers(l: PortLedger): Promise<Record<string, unknown>> {
  const db = l.port;
  const created = await db.transaction(async (tx) => ({
    admin: await store.insertOperator(tx, { name: '赵管理', role: 'admin', passwordHash: 'scrypt$admin' }, NOW),
    clerk: await store.insertOperator(tx, { name: '李录入', role: 'clerk', passwordHash: null }, NOW),
    reviewer: await store.insertOperator(tx, { name: '王审核', role: 'reviewer', passwordHash: 'scrypt$review' }, NOW),
    second: await store.insertOperator(tx, { name: '钱管理', role: 'admin', passwordHash: 'scrypt$second' }, NOW),
  }));
  const { admin, clerk, reviewer, second } = created;
  const changed = await db.transaction(async (tx) => ({
    renamed: await store.updateOperator(tx, clerk.id, { name: '李录入员', role: 'reviewer' }, LATER),
    password: await store.updateOperator(tx, clerk.id, { passwordHash: 'scrypt$clerk' }, LATER),
    // Disabled in this order: the list shows the enabled ones first, then these by when they were disabled.
    disabledLater: await store.setOperatorDisabledAt(tx, reviewer.id, LATEST, LATEST),
    disabledEarlier: await store.setOperatorDisabledAt(tx, second.id, LATER, LATER),
  }));
  await db.transaction(async (tx) => {
    await store.setOperatorDisabledAt(tx, clerk.id, LATER, LATER);
    await store.setOperatorDisabledAt(tx, clerk.id, null, LATEST);
  });
  return {
    created,
    changed,
    byId: await store.operatorById(db, clerk.id),
    missing: await store.operatorById(db, clerk.id + 100),
    enabled: await store.enabledOperatorById(db, admin.id),
    enabledDisabled: await store.enabledOperatorById(db, reviewer.id),
    byName: await store.operatorByName(db, '王审核'),
    byOldName: await store.operatorByName(db, '李录入'),
    list: (await store.operatorRecords(db)).map((r) => [r.name, r.disabledAt]),
    otherAdmins: await store.countOtherEnabledAdmins(db, admin.id),
    otherAdminsOfNone: await store.countOtherEnabledAdmins(db, 0),
  };
}

describe('操作员 store on both engines', () => {
  const opened: PortLedger[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((l) => l.close()));
  });

  it('answers the same on better-sqlite3 and on PostgreSQL', async () => {
    const [fromSqlite, fromPostgres] = (await answersOnEveryEngine(answers, opened)) as [Record<string, unknown>, Record<string, unknown>];
    expect(fromPostgres).toEqual(fromSqlite);
    // And the answers are the ledger's, not two equal mistakes.
    expect(fromSqlite.created).toMatchObject({ admin: { name: '赵管理', role: 'admin', passwordHash: 'scrypt$admin', disabledAt: null, createdAt: NOW, updatedAt: NOW } });
    expect(fromSqlite.changed).toMatchObject({
      renamed: { name: '李录入员', role: 'reviewer', passwordHash: null, updatedAt: LATER },
      password: { name: '李录入员', role: 'reviewer', passwordHash: 'scrypt$clerk' },
      disabledEarlier: { name: '钱管理', disabledAt: LATER },
    });
    expect(fromSqlite.byId).toMatchObject({ name: '李录入员', disabledAt: null, updatedAt: LATEST });
    expect(fromSqlite.missing).toBeUndefined();
    expect(fromSqlite.enabled).toMatchObject({ name: '赵管理' });
    expect(fromSqlite.enabledDisabled).toBeUndefined();
    expect(fromSqlite.byName).toMatchObject({ name: '王审核', disabledAt: LATEST });
    expect(fromSqlite.byOldName).toBeUndefined();
    expect(fromSqlite.list).toEqual([
      ['赵管理', null],
      ['李录入员', null],
      ['钱管理', LATER],
      ['王审核', LATEST],
    ]);
    expect(fromSqlite.otherAdmins).toBe(0);
    expect(fromSqlite.otherAdminsOfNone).toBe(1);
  });
});
