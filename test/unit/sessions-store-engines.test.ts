// Who is connected (operator_sessions): the store's SQL answers the same on both engines — a session written,
// marked seen, listed with its operator's name newest first, the long gone pruned, one removed at sign-out.
import { afterAll, describe, expect, it } from 'vitest';
import * as operators from '../../electron/ledger/operators/store';
import * as store from '../../electron/ledger/operators/sessions-store';
import { answersOnEveryEngine, type PortLedger } from '../helpers/port-engines';

const MORNING = '2026-12-07T01:00:00.000Z';
const NOON = '2026-12-07T04:00:00.000Z';
const NEXT_DAY = '2026-12-08T05:00:00.000Z';

async function answers(l: PortLedger): Promise<Record<string, unknown>> {
  const db = l.port;
  const ids = await db.transaction(async (tx) => {
    const admin = await operators.insertOperator(tx, { name: '赵管理', role: 'admin', passwordHash: 'scrypt$a' }, MORNING);
    const clerk = await operators.insertOperator(tx, { name: '李录入', role: 'clerk', passwordHash: 'scrypt$c' }, MORNING);
    return {
      admin: await store.insertSession(tx, { operatorId: admin.id, pcName: 'FUPIN-PC1', door: 'electron' }, MORNING),
      clerk: await store.insertSession(tx, { operatorId: clerk.id, pcName: 'FUPIN-PC2', door: 'electron' }, MORNING),
      browser: await store.insertSession(tx, { operatorId: clerk.id, pcName: 'FUPIN-PC3', door: 'web' }, MORNING),
    };
  });
  const touched = await db.transaction(async (tx) => ({
    seen: await store.touchSession(tx, ids.clerk, NOON),
    gone: await store.touchSession(tx, ids.browser + 100, NOON),
  }));
  const listed = await store.connectedRecords(db);
  const pruned = await db.transaction(async (tx) => {
    await store.touchSession(tx, ids.admin, NEXT_DAY);
    return store.deleteSessionsSeenBefore(tx, NOON);
  });
  await db.transaction((tx) => store.deleteSession(tx, ids.clerk));
  return { touched, listed, pruned, left: (await store.connectedRecords(db)).map((r) => [r.operatorName, r.pcName, r.lastSeenAt]) };
}

describe('who is connected: the sessions store on both engines', () => {
  const opened: PortLedger[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((l) => l.close()));
  });

  it('answers the same on better-sqlite3 and on PostgreSQL', async () => {
    const [fromSqlite, fromPostgres] = (await answersOnEveryEngine(answers, opened)) as [Record<string, unknown>, Record<string, unknown>];
    expect(fromPostgres).toEqual(fromSqlite);
    expect(fromSqlite.touched).toEqual({ seen: 1, gone: 0 });
    expect(fromSqlite.listed).toEqual([
      expect.objectContaining({ operatorName: '李录入', pcName: 'FUPIN-PC2', door: 'electron', signedInAt: MORNING, lastSeenAt: NOON }),
      expect.objectContaining({ operatorName: '李录入', pcName: 'FUPIN-PC3', door: 'web', lastSeenAt: MORNING }),
      expect.objectContaining({ operatorName: '赵管理', pcName: 'FUPIN-PC1', lastSeenAt: MORNING }),
    ]);
    // Only the browser's session was last seen before noon; the clerk's was then removed at sign-out.
    expect(fromSqlite.pruned).toBe(1);
    expect(fromSqlite.left).toEqual([['赵管理', 'FUPIN-PC1', NEXT_DAY]]);
  });
});
