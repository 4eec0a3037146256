// The data port: the one small async interface through which the ledger areas' stores reach the database
// (as Actual Budget keeps its server logic behind one db module). This file holds the interface and its
// better-sqlite3 implementation; the office server's PostgreSQL implementation is a second adapter of the
// same interface, not a rewrite of the stores.
//
// Two rules the interface enforces by its shape (after Signal Desktop's ReadableDB/WritableDB):
// - Outside a transaction the port only reads. Every write happens inside `transaction`, so a write and its
//   audit rows always commit or roll back together.
// - SQL uses positional `?` placeholders and portable SQL only (no json_each, group_concat, strftime('now'),
//   lastInsertRowid: use `insert … returning id`, `in (?, ?, …)` via `placeholders`, and times from the
//   context's clock). The PostgreSQL adapter rewrites `?` to `$n`. PostgreSQL must be able to tell a
//   parameter's type from where it stands: `? is null` alone fails there ("could not determine data type"),
//   `cast(? as integer) is null` works on both. A comparison selected as a value is 0/1 on SQLite and
//   true/false on PostgreSQL: select `case when … then 1 else 0 end` where a store reads it.
// While areas move onto the port one at a time, the services not yet moved still write synchronously through
// ctx.sqlite. They cannot run in the middle of a port transaction as long as such a transaction awaits only
// the port (better-sqlite3 answers at once, so no other request gets the event loop before it commits); a
// port transaction must not await other I/O (files, timers) until every writer of the ledger is on the port.
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { SqliteDb } from '../../db/open';

export type SqlValue = string | number | bigint | null | Uint8Array;
export type SqlParams = readonly SqlValue[];

export interface DataReader {
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  /** The first row, or undefined when there is none. */
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
}

export interface DataWriter extends DataReader {
  /** A statement that returns no rows; the number of rows it changed. */
  run(sql: string, params?: SqlParams): Promise<{ changes: number }>;
  /** Many rows into one table (imports, the demo county): one prepared statement, no round trip per row. */
  insertMany(table: string, columns: readonly string[], rows: Iterable<SqlParams>): Promise<number>;
  /**
   * Hold the audit chain's append lock until this transaction ends, before reading the chain's last hash
   * (writeAudited does). On SQLite a no-op: BEGIN IMMEDIATE already lets one writer at a time in. On
   * PostgreSQL a transaction-level advisory lock, so writers on other connections append one after another.
   */
  lockAuditChain(): Promise<void>;
}

export interface DataPort extends DataReader {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Run `work` as one transaction: committed when it resolves, rolled back when it throws. A reader never
   * sees a transaction half done: on SQLite transactions and reads are served one at a time, in order; on
   * PostgreSQL reads run at once and see only committed rows. A read made through the port from inside
   * `work` joins the transaction (and sees its writes) instead of waiting for it. Transactions do not nest.
   */
  transaction<T>(work: (tx: DataWriter) => Promise<T>): Promise<T>;
  /**
   * A value that changes whenever the ledger may have changed, by this connection or any other; null when the
   * engine has none. A cache of costly reads (the 项目库 search's totals) keeps its entries while it is equal.
   * SQLite: total_changes() (this connection's writes) and data_version (other connections'). PostgreSQL has
   * no cheap equivalent over a pool, so it answers null and such caches stay off.
   */
  changeStamp(): string | null;
}

/** `?, ?, ?` for an `in (…)` list of n values (n ≥ 1; callers leave the condition out for an empty list). */
export function placeholders(count: number): string {
  if (count < 1) throw new Error('placeholders() needs at least one value');
  return Array.from({ length: count }, () => '?').join(', ');
}

// ---- better-sqlite3 --------------------------------------------------------------------------------------

type Statement = Database.Statement<unknown[]>;

/** Prepared statements by SQL text, per connection; bounded so generated SQL cannot grow it without limit. */
function statementCache(sqlite: SqliteDb, limit = 500): (sql: string) => Statement {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = sqlite.prepare<unknown[]>(sql);
      if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
      cache.set(sql, statement);
    }
    return statement;
  };
}

function sqliteWriter(sqlite: SqliteDb, prepare: (sql: string) => Statement): DataWriter {
  return {
    all: async <T>(sql: string, params: SqlParams = []) => prepare(sql).all(...(params as unknown[])) as T[],
    get: async <T>(sql: string, params: SqlParams = []) => prepare(sql).get(...(params as unknown[])) as T | undefined,
    run: async (sql, params = []) => ({ changes: prepare(sql).run(...(params as unknown[])).changes }),
    insertMany: async (table, columns, rows) => {
      const insert = sqlite.prepare<unknown[]>(`insert into ${table} (${columns.join(', ')}) values (${placeholders(columns.length)})`);
      let count = 0;
      for (const row of rows) {
        insert.run(...(row as unknown[]));
        count += 1;
      }
      return count;
    },
    lockAuditChain: async () => undefined,
  };
}

/** The port of one better-sqlite3 connection. Use `dataPort(ctx)`: it keeps one port per connection. */
export function sqlitePort(sqlite: SqliteDb): DataPort {
  const prepare = statementCache(sqlite);
  const writer = sqliteWriter(sqlite, prepare);
  const insideTransaction = new AsyncLocalStorage<true>();
  let queue: Promise<unknown> = Promise.resolve();
  /** Jobs queued and not yet settled. At 0 no transaction is open or waiting. */
  let queued = 0;

  /** Serve one job after every job queued before it (the one connection cannot interleave them). */
  function inTurn<T>(job: () => Promise<T>): Promise<T> {
    const settled = () => {
      queued -= 1;
    };
    queued += 1;
    const result = queue.then(job, job);
    queue = result.then(settled, settled);
    return result;
  }

  /**
   * A read's turn. With nothing queued no transaction is open, and better-sqlite3 answers synchronously, so the
   * read runs at once: it sees only committed rows and finishes before any later job starts, as if it had waited
   * its turn on an empty queue, without the promise hops of the queue (a 首页 or a 项目库 page makes several reads
   * per request). A read from inside a transaction joins it; any other read waits for the jobs before it.
   */
  function readInTurn<T>(read: () => T): Promise<T> {
    if (queued === 0 || insideTransaction.getStore()) {
      try {
        return Promise.resolve(read());
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return inTurn(async () => read());
  }

  const totalChanges = sqlite.prepare<unknown[]>('select total_changes()').pluck(true);
  return {
    dialect: 'sqlite',
    changeStamp: () => `${String(totalChanges.get())}:${String(sqlite.pragma('data_version', { simple: true }))}`,
    all: <T>(sql: string, params: SqlParams = []) => readInTurn(() => prepare(sql).all(...(params as unknown[])) as T[]),
    get: <T>(sql: string, params: SqlParams = []) => readInTurn(() => prepare(sql).get(...(params as unknown[])) as T | undefined),
    transaction: (work) =>
      inTurn(() =>
        insideTransaction.run(true, async () => {
          // IMMEDIATE takes the write lock now: another program on the file waits (busy_timeout) or fails
          // before anything is written, never half-way.
          sqlite.exec('begin immediate');
          try {
            const result = await work(writer);
            sqlite.exec('commit');
            return result;
          } catch (error) {
            if (sqlite.inTransaction) sqlite.exec('rollback');
            throw error;
          }
        }),
      ),
  };
}

const ports = new WeakMap<SqliteDb, DataPort>();

/**
 * The port of the context's ledger: the one it names (the office server's), else its file's. Looked up through
 * ctx.sqlite each time: after a restore the context holds a new connection, and with it a new port.
 */
export function dataPort(ctx: { sqlite: SqliteDb; port?: DataPort }): DataPort {
  if (ctx.port) return ctx.port;
  let port = ports.get(ctx.sqlite);
  if (!port) {
    port = sqlitePort(ctx.sqlite);
    ports.set(ctx.sqlite, port);
  }
  return port;
}
