// What only the PostgreSQL adapter of the data port has to get right (the behaviours both engines share are
// in data-port.test.ts): the `?` → `$n` rewrite, int8/numeric as numbers, a client always given back to the
// pool, and one valid audit chain when clerks on different PCs (different pools) write at the same moment.
import type { Pool } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyChainOnPort, writeAuditedOn } from '../../electron/platform/audited-write';
import { isServerLost, ledgerPool, postgresPort, toPostgresPlaceholders } from '../../electron/platform/postgres-port';
import { migratedDatabase } from '../helpers/pg-server';

const pools: Pool[] = [];
const pool = (url: string) => {
  const p = ledgerPool(url);
  pools.push(p);
  return p;
};
afterAll(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
});

describe('? placeholders rewritten for PostgreSQL', () => {
  it('numbers each ? outside literals, quoted identifiers and comments', () => {
    expect(toPostgresPlaceholders('select a from t where b = ? and c in (?, ?)')).toBe('select a from t where b = $1 and c in ($2, $3)');
    expect(toPostgresPlaceholders(`select 'a?b', 'it''s ?', "odd?name" from t where x = ?`)).toBe(`select 'a?b', 'it''s ?', "odd?name" from t where x = $1`);
    expect(toPostgresPlaceholders("select E'\\'?' , ? -- why?\n, ? /* and ? here */ , $$ ? $$, $q$ ? $q$, ?")).toBe(
      "select E'\\'?' , $1 -- why?\n, $2 /* and ? here */ , $$ ? $$, $q$ ? $q$, $3",
    );
    // Outside an E'' string a backslash is an ordinary character: the quote after it still ends the literal.
    expect(toPostgresPlaceholders("select 'a\\', ?")).toBe("select 'a\\', $1");
    expect(toPostgresPlaceholders('select 1')).toBe('select 1');
  });
});

describe('a lost server told from a failed statement', () => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
  it('socket errors, shutdown SQLSTATEs, class 08 and node-postgres’s own words are a lost server', () => {
    for (const lost of [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('connection failure', '08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('timeout exceeded when trying to connect'),
    ])
      expect(isServerLost(lost), lost.message).toBe(true);
  });
  it('a statement the server refused is not', () => {
    for (const refused of [withCode('duplicate key value violates unique constraint', '23505'), withCode('syntax error at or near', '42601'), new Error('Cannot use a pool after calling end on the pool'), 'text'])
      expect(isServerLost(refused), String(refused)).toBe(false);
  });
});

describe('PostgreSQL adapter of the data port', () => {
  it('turns int8 and numeric into numbers where exact, and into bigint beyond', async () => {
    const p = pool(await migratedDatabase());
    const row = await postgresPort(p).get<Record<string, unknown>>(
      'select count(*) as n, 9007199254740993::int8 as huge, sum(x) as total, avg(x) as mean, 12345678901234567890::numeric as wide from (values (1::int8), (2::int8)) v(x)',
    );
    expect(row).toEqual({ n: 1 + 1, huge: 9007199254740993n, total: 3, mean: 1.5, wide: 12345678901234567890n });
  });

  it('gives the client back to the pool after a commit, a rollback and a failed statement', async () => {
    const p = pool(await migratedDatabase());
    const port = postgresPort(p);
    await port.transaction((tx) => tx.run("insert into settings (key, value) values ('a', '1')"));
    await expect(port.transaction(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(port.transaction((tx) => tx.run('insert into no_such_table values (1)'))).rejects.toThrow(/no_such_table/);
    expect({ total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount }).toEqual({ total: p.totalCount, idle: p.totalCount, waiting: 0 });
    // A connection once inside an aborted transaction is usable again: nothing of the failure lingers.
    expect(await port.all<{ key: string }>('select key from settings')).toEqual([{ key: 'a' }]);
  });

  it('reads in a snapshot see one moment while another connection commits, and give the client back', async () => {
    const url = await migratedDatabase();
    const p = pool(url);
    const port = postgresPort(p);
    const other = postgresPort(pool(url));
    const count = async () => Number((await port.get<{ n: number }>('select count(*) as n from settings'))?.n);
    const seen = await port.readSnapshot(async () => {
      const before = await count();
      await other.transaction((tx) => tx.run("insert into settings (key, value) values ('meanwhile', '1')"));
      return [before, await count()];
    });
    expect(seen).toEqual([0, 0]);
    expect(await count()).toBe(1);
    await expect(port.readSnapshot(() => port.transaction((tx) => tx.run("insert into settings (key, value) values ('b', '1')")))).rejects.toThrow('事务不能嵌套');
    await expect(port.readSnapshot(() => port.all('select * from no_such_table'))).rejects.toThrow(/no_such_table/);
    expect({ idle: p.idleCount, waiting: p.waitingCount }).toEqual({ idle: p.totalCount, waiting: 0 });
  });

  it('refuses a transaction inside a transaction, saying so', async () => {
    const port = postgresPort(pool(await migratedDatabase()));
    await expect(port.transaction(() => port.transaction(async () => 1))).rejects.toThrow('事务不能嵌套');
  });

  it('keeps one valid audit chain when two PCs write at the same moment (appends serialised by an advisory lock)', async () => {
    const url = await migratedDatabase();
    const clerks = [postgresPort(pool(url)), postgresPort(pool(url))];
    const WRITES = 15;
    await Promise.all(
      clerks.flatMap((port, clerk) =>
        Array.from({ length: WRITES }, (_, i) =>
          writeAuditedOn(port, { operator: `clerk${clerk}`, at: '2026-12-07T02:00:00.000Z' }, async (tx, audit) => {
            const key = `load.${clerk}.${i}`;
            await tx.run('insert into settings (key, value) values (?, ?)', [key, String(i)]);
            await audit.record({ action: 'create', entity: 'settings', after: { key } });
            await audit.record({ action: 'update', entity: 'settings', after: { key, again: true } });
          }),
        ),
      ),
    );
    const reader = clerks[0] as (typeof clerks)[number];
    expect(await verifyChainOnPort(reader)).toEqual({ ok: true, rows: 2 * 2 * WRITES, brokenAtId: null, gapAfterId: null, gapCount: 0 });
    const operators = await reader.all<{ operator: string; n: number }>('select operator, count(*) as n from audit_log group by operator order by operator');
    expect(operators).toEqual([
      { operator: 'clerk0', n: 2 * WRITES },
      { operator: 'clerk1', n: 2 * WRITES },
    ]);
  });
});
