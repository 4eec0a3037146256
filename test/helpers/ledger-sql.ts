// A test's own look into a ledger, on either engine: SQL through the context's data port, so the same check runs on
// a ledger file and on the office server (the vitest suites through test/helpers/test-ledger.ts, the Playwright
// suite through test/e2e/fixtures.ts). Portable SQL only (the rules at the top of electron/platform/data-port.ts):
// quote camelCase aliases, PostgreSQL folds the others to lower case; a comparison selected as a value is 0/1 on
// SQLite and true/false on PostgreSQL, so select `case when … then 1 else 0 end`.
import { dataPort, type DataPort, type SqlParams } from '../../electron/platform/data-port';

export interface LedgerSql {
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  /** One statement in a transaction of its own (a test's deliberate change behind the services' back). */
  run(sql: string, params?: SqlParams): Promise<{ changes: number }>;
  /** The first column of the first row. */
  value<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  /** The first column of every row. */
  column<T>(sql: string, params?: SqlParams): Promise<T[]>;
  readonly dialect: DataPort['dialect'];
}

export function ledgerSql(ledger: Parameters<typeof dataPort>[0]): LedgerSql {
  // Asked of the context on each call: a restore reopens the file into the same context.
  const port = () => dataPort(ledger);
  return {
    all: <T>(sql: string, params: SqlParams = []) => port().all<T>(sql, params),
    get: <T>(sql: string, params: SqlParams = []) => port().get<T>(sql, params),
    run: (sql: string, params: SqlParams = []) => port().transaction((tx) => tx.run(sql, params)),
    async value<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
      const row = await port().get<Record<string, unknown>>(sql, params);
      return row ? (Object.values(row)[0] as T) : undefined;
    },
    async column<T>(sql: string, params: SqlParams = []): Promise<T[]> {
      return (await port().all<Record<string, unknown>>(sql, params)).map((row) => Object.values(row)[0] as T);
    },
    get dialect() {
      return port().dialect;
    },
  };
}
