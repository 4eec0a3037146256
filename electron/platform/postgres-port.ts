// The data port (./data-port.ts) on PostgreSQL, for the office server: the same interface the stores already
// use on better-sqlite3, over a node-postgres pool.
// - The stores' `?` placeholders become `$1, $2, …` (not inside string literals, quoted identifiers or comments).
// - A transaction runs on one client of the pool, BEGIN … COMMIT (or ROLLBACK when the work throws), and the
//   client goes back to the pool whatever happens. Reads outside a transaction go to the pool: PostgreSQL
//   shows them only committed rows, so no reader sees half a transaction. A read made through the port from
//   inside a transaction joins it (AsyncLocalStorage, as on SQLite) and sees what the transaction wrote.
// - Transactions run at READ COMMITTED, PostgreSQL's default: each statement sees what committed before it,
//   which is what lets lockAuditChain's waiter read the hash its predecessor appended. A check that reads the
//   ledger in many statements (校验) runs them in readSnapshot's REPEATABLE READ transaction instead: one moment.
// - int8 and numeric come back as JS numbers (count(*), sums of money in fen) where they are exact, else as
//   bigint for integers and as a number for fractions (as SQLite's REAL would be).
import { AsyncLocalStorage } from 'node:async_hooks';
import { Pool, TypeOverrides, type PoolClient, type PoolConfig, type QueryResultRow } from 'pg';
import { AppError } from '../../shared/errors';
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

/** How long a new connection may take before the call is answered with SERVER_LOST (as 测试连接 waits). */
export const LEDGER_CONNECT_TIMEOUT_MS = 8000;
/**
 * TCP keep-alive probes start after this much silence on a connection. A server that vanished without closing
 * the connection (a cable pulled, a NAT or VPN dropping it) is then found out by the kernel's probes instead of
 * on the next query, which would otherwise wait on a dead socket.
 */
export const LEDGER_KEEPALIVE_DELAY_MS = 10_000;

/**
 * A pool for the ledger's database: its results typed as above, with keep-alive and a connection timeout unless
 * `config` sets its own. An idle client that loses the server (a restart, a network cut) is dropped by the
 * pool; `onIdleError` hears of it (the pool would otherwise crash the process on the unhandled 'error' event).
 * After a loss the pool opens new connections on the next call: the app reconnects without restarting.
 */
export function ledgerPool(config: string | PoolConfig, onIdleError: (error: Error) => void = () => undefined): Pool {
  const base: PoolConfig = typeof config === 'string' ? { connectionString: config } : config;
  const pool = new Pool({
    connectionTimeoutMillis: LEDGER_CONNECT_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: LEDGER_KEEPALIVE_DELAY_MS,
    ...base,
    types: ledgerTypeParsers(),
  });
  pool.on('error', onIdleError);
  return pool;
}

// ---- losing the server --------------------------------------------------------------------------------------

/** Socket errors of a server that went away or cannot be reached. */
const LOST_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN']);
/** SQLSTATEs of a server shutting down or restarting: admin_shutdown, crash_shutdown, cannot_connect_now. */
const LOST_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
/** node-postgres's own words for a connection that ended or never came (they carry no code). */
const LOST_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection terminated due to connection timeout/i;

/** True when `error` says the connection to the server is gone (or cannot be made), not that a statement failed. */
export function isServerLost(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'SERVER_LOST';
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (LOST_ERRNOS.has(code) || LOST_SQLSTATES.has(code) || code.startsWith('08'))) return true;
  return LOST_MESSAGES.test(error.message);
}

/** Where the call was when the server went away: what the clerk can know about the save. */
export type LostStage = 'read' | 'write' | 'commit';

const LOST_SENTENCES: Record<LostStage, string> = {
  // A read can also come after a save's COMMIT (a service reading back what it saved): say what that means.
  read: '与办公室服务器的连接断了（服务器重启或网络中断），这一步没有做完。程序会自动重新连接：请稍后刷新再看；如果这一步是保存，请看一看是否已经保存（要么完整保存了，要么完全没有保存），再决定是否重做。',
  write: '与办公室服务器的连接断了（服务器重启或网络中断），这一步没有保存，台账没有改动。程序会自动重新连接：请稍后再做一次；一直如此，请检查网络或联系管理员。',
  commit:
    '与办公室服务器的连接在保存的那一刻断了（服务器重启或网络中断），不能确定这一步是否已经保存（要么完整保存了，要么完全没有保存）。程序会自动重新连接：请稍后刷新，看一看是否已保存，再决定是否重做。',
};

/** The Chinese refusal for a call that lost the server; `error` is kept as the cause (for the log, not the clerk). */
export function serverLostError(stage: LostStage, error?: unknown): AppError {
  const lost = new AppError('SERVER_LOST', LOST_SENTENCES[stage]);
  if (error !== undefined) lost.cause = error;
  return lost;
}

/** Runs `work`; a lost server becomes serverLostError(stage), anything else is thrown as it was. */
async function answeringLoss<T>(stage: LostStage, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError || !isServerLost(error)) throw error;
    throw serverLostError(stage, error);
  }
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
    // A read inside a transaction lets its error through as it is: the transaction answers for the loss.
    all: (sql, params) => (inside.getStore() ? current().all(sql, params) : answeringLoss('read', () => outside.all(sql, params))),
    get: (sql, params) => (inside.getStore() ? current().get(sql, params) : answeringLoss('read', () => outside.get(sql, params))),
    async readSnapshot(work) {
      if (inside.getStore()) throw new Error('A snapshot cannot start inside a port transaction (事务不能嵌套).');
      const client = await answeringLoss('read', () => pool.connect());
      let broken: Error | undefined;
      const onLost = (error: Error) => {
        broken ??= error;
      };
      client.on('error', onLost);
      try {
        return await answeringLoss('read', async () => {
          await client.query('begin isolation level repeatable read, read only');
          try {
            const result = await inside.run(postgresWriter(client, rewrite), work);
            await client.query('commit');
            return result;
          } catch (error) {
            await client.query('rollback').catch((rollbackError: unknown) => {
              broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
            });
            throw error;
          }
        });
      } catch (error) {
        if (isServerLost(error)) broken ??= error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        client.removeListener('error', onLost);
        client.release(broken);
      }
    },
    async transaction(work) {
      if (inside.getStore()) throw new Error('A port transaction cannot start inside another one (事务不能嵌套).');
      const client = await answeringLoss('write', () => pool.connect());
      // A checked-out client has no listener of the pool's: without this one, the connection dying between two
      // statements (a server restart, a cut) would be an unhandled 'error' event and end the process. The
      // statement that meets the dead connection throws, and the client is discarded below.
      let broken: Error | undefined;
      const onLost = (error: Error) => {
        broken ??= error;
      };
      client.on('error', onLost);
      let committing = false;
      try {
        await client.query('begin');
        try {
          const writer = postgresWriter(client, rewrite);
          const result = await inside.run(writer, () => work(writer));
          committing = true;
          await client.query('commit');
          return result;
        } catch (error) {
          if (!committing || !isServerLost(error)) {
            try {
              await client.query('rollback');
            } catch (rollbackError) {
              // The connection is gone or unusable: the server rolls back on its own; the client is discarded.
              broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
            }
          }
          throw error;
        }
      } catch (error) {
        if (error instanceof AppError || !isServerLost(error)) throw error;
        // Lost before COMMIT was sent: the server rolled the transaction back. Lost while it was answering
        // COMMIT: it committed whole or not at all, and this side cannot tell which.
        broken ??= error instanceof Error ? error : new Error(String(error));
        throw serverLostError(committing ? 'commit' : 'write', error);
      } finally {
        client.removeListener('error', onLost);
        client.release(broken);
      }
    },
  };
}
