// The data port (./data-port.ts) on PostgreSQL, for the office server: the same interface the stores already
// use on better-sqlite3, over a node-postgres pool.
// - The stores' `?` placeholders become `$1, $2, …` (not inside string literals, quoted identifiers or comments).
// - A transaction runs on one client of the pool, BEGIN … COMMIT (or ROLLBACK when the work throws), and the
//   client goes back to the pool whatever happens. Reads outside a transaction go to the pool: PostgreSQL
//   shows them only committed rows, so no reader sees half a transaction. A read made through the port from
//   inside a transaction joins it (AsyncLocalStorage, as on SQLite) and sees what the transaction wrote.
// - Transactions run at READ COMMITTED, PostgreSQL's default: each statement sees what committed before it,
//   which is what lets lockAuditChain's waiter read the hash its predecessor appended.
// - int8 and numeric come back as JS numbers (count(*), sums of money in fen) where they are exact, else as
//   bigint for integers and as a number for fractions (as SQLite's REAL would be).
import { AsyncLocalStorage } from 'node:async_hooks';
import { Pool, TypeOverrides, type PoolClient, type PoolConfig, type QueryResultRow } from 'pg';
import { placeholders, type DataPort, type DataWriter, type SqlParams } from './data-port';

/**
 * `?` → `$n` outside '…' and E'…' strings, "…" identifiers, $tag$…$tag$ bodies, -- and /* *\/ comments.
 * A `?` there is text, not a parameter. (PostgreSQL's own `?` operators, on jsonb, are not used by the ledger.)
 */
export function toPostgresPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const end = skipQuoted(sql, i);
    if (end > i) {
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '?') {
      n += 1;
      out += `$${n}`;
      i += 1;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** Where the literal, identifier or comment starting at `i` ends; `i` itself when none starts there. */
function skipQuoted(sql: string, i: number): number {
  const ch = sql[i];
  const next = sql[i + 1];
  if (ch === "'" || ch === '"') {
    // E'…' allows backslash escapes; '' (or "") doubles the quote in every kind.
    const backslashes = ch === "'" && i > 0 && /[eE]/.test(sql[i - 1] ?? '') && !/[\w$]/.test(sql[i - 2] ?? '');
    let j = i + 1;
    while (j < sql.length) {
      if (backslashes && sql[j] === '\\') j += 2;
      else if (sql[j] === ch && sql[j + 1] === ch) j += 2;
      else if (sql[j] === ch) return j + 1;
      else j += 1;
    }
    return sql.length;
  }
  if (ch === '-' && next === '-') {
    const eol = sql.indexOf('\n', i);
    return eol < 0 ? sql.length : eol + 1;
  }
  if (ch === '/' && next === '*') {
    const close = sql.indexOf('*/', i + 2);
    return close < 0 ? sql.length : close + 2;
  }
  if (ch === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
    const tag = /^\$(?:[A-Za-z_][\w]*)?\$/.exec(sql.slice(i));
    if (tag) {
      const close = sql.indexOf(tag[0], i + tag[0].length);
      return close < 0 ? sql.length : close + tag[0].length;
    }
  }
  return i;
}

// ---- results as the stores expect them ----------------------------------------------------------------------

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function parseInteger(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

function parseNumeric(text: string): number | bigint {
  if (/^-?\d+$/.test(text)) return parseInteger(text);
  return Number(text);
}

/** node-postgres's parsers with int8 and numeric as numbers (it gives strings by default). */
export function ledgerTypeParsers(): TypeOverrides {
  const types = new TypeOverrides();
  types.setTypeParser(INT8_OID, 'text', parseInteger);
  types.setTypeParser(NUMERIC_OID, 'text', parseNumeric);
  return types;
}

/**
 * A pool for the ledger's database: its results typed as above. An idle client that loses the server (a
 * restart, a network cut) is dropped by the pool; `onIdleError` hears of it (the pool would otherwise crash
 * the process on the unhandled 'error' event).
 */
export function ledgerPool(config: string | PoolConfig, onIdleError: (error: Error) => void = () => undefined): Pool {
  const base: PoolConfig = typeof config === 'string' ? { connectionString: config } : config;
  const pool = new Pool({ ...base, types: ledgerTypeParsers() });
  pool.on('error', onIdleError);
  return pool;
}

// ---- the port ---------------------------------------------------------------------------------------------

/** Prepared SQL text by store SQL text; bounded so generated SQL cannot grow it without limit. */
function rewriteCache(limit = 500): (sql: string) => string {
  const cache = new Map<string, string>();
  return (sql) => {
    let text = cache.get(sql);
    if (text === undefined) {
      text = toPostgresPlaceholders(sql);
      if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
      cache.set(sql, text);
    }
    return text;
  };
}

type Queryable = Pick<PoolClient, 'query'>;

/** The key of the audit chain's advisory lock (any constant: "audt" in ASCII). */
export const AUDIT_CHAIN_LOCK = 0x61756474;

/** PostgreSQL lets one statement carry at most 65 535 parameters; rows per INSERT stay well under it. */
const MAX_PARAMETERS = 65_535;
const MAX_ROWS_PER_INSERT = 1000;

/** Rows into one table, as many per INSERT as the parameter limit allows. */
async function insertInBatches(client: Queryable, table: string, columns: readonly string[], rows: Iterable<SqlParams>): Promise<number> {
  const perInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length)));
  const head = `insert into ${table} (${columns.join(', ')}) values `;
  const tuple = `(${placeholders(columns.length)})`;
  let batch: SqlParams[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const sql = head + Array.from({ length: batch.length }, () => tuple).join(', ');
    await client.query(toPostgresPlaceholders(sql), batch.flat() as unknown[]);
    count += batch.length;
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= perInsert) await flush();
  }
  await flush();
  return count;
}

function postgresWriter(client: Queryable, rewrite: (sql: string) => string): DataWriter {
  const query = async <T>(sql: string, params: SqlParams = []) =>
    client.query<T & QueryResultRow>(rewrite(sql), params as unknown[]);
  return {
    all: async <T>(sql: string, params?: SqlParams) => (await query<T>(sql, params)).rows as T[],
    get: async <T>(sql: string, params?: SqlParams) => (await query<T>(sql, params)).rows[0] as T | undefined,
    run: async (sql, params) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
    insertMany: (table, columns, rows) => insertInBatches(client, table, columns, rows),
    insertManyReturningIds: async (table, columns, rows) => {
      if (rows.length === 0) return [];
      // The ids are taken from the table's sequence first and written with the rows: their order is then the
      // rows' order by construction (a multi-row INSERT … RETURNING does not promise its rows' order).
      const taken = await client.query<{ id: number }>(`select nextval(pg_get_serial_sequence($1, 'id'))::integer as id from generate_series(1, $2)`, [
        table,
        rows.length,
      ]);
      const ids = taken.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
      await insertInBatches(client, table, ['id', ...columns], rows.map((row, i) => [ids[i] as number, ...row]));
      return ids;
    },
    lockAuditChain: async () => {
      await client.query('select pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    },
  };
}

/** The port of a PostgreSQL database through `pool` (see ledgerPool). The caller ends the pool. */
export function postgresPort(pool: Pool): DataPort {
  const rewrite = rewriteCache();
  const outside = postgresWriter(pool, rewrite);
  const inside = new AsyncLocalStorage<DataWriter>();
  const current = () => inside.getStore() ?? outside;

  return {
    dialect: 'postgres',
    changeStamp: () => null,
    all: (sql, params) => current().all(sql, params),
    get: (sql, params) => current().get(sql, params),
    async transaction(work) {
      if (inside.getStore()) throw new Error('A port transaction cannot start inside another one (事务不能嵌套).');
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        try {
          const writer = postgresWriter(client, rewrite);
          const result = await inside.run(writer, () => work(writer));
          await client.query('commit');
          return result;
        } catch (error) {
          try {
            await client.query('rollback');
          } catch (rollbackError) {
            // The connection is gone or unusable: the server rolls back on its own; the client is discarded.
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          }
          throw error;
        }
      } finally {
        client.release(broken);
      }
    },
  };
}
