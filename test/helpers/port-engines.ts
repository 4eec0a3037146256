// The data port's two engines for tests that run the same behaviours on both: a fresh SQLite ledger file
// (test/helpers/ledger.ts), or a fresh database at the app's schema on the run's PostgreSQL cluster.
import type { Pool } from 'pg';
import { dataPort, type DataPort } from '../../electron/platform/data-port';
import { ledgerPool, postgresPort } from '../../electron/platform/postgres-port';
import { tempLedger } from './ledger';
import { migratedDatabase } from './pg-server';

export interface PortLedger {
  port: DataPort;
  /** No transaction left open, no connection held. */
  idle(): boolean;
  close(): Promise<void>;
}

export interface PortEngine {
  name: string;
  open(): Promise<PortLedger>;
  /**
   * Where a read asked while a transaction is under way lands: SQLite's one connection serves it after the
   * transaction; PostgreSQL serves it at once from the committed rows, before the transaction.
   */
  readDuringTransaction: 'after' | 'before';
}

export const SQLITE_ENGINE: PortEngine = {
  name: 'better-sqlite3',
  readDuringTransaction: 'after',
  async open() {
    const ledger = tempLedger({ now: () => new Date('2026-12-07T10:00:00+08:00') });
    return { port: dataPort(ledger), idle: () => !ledger.sqlite.inTransaction, close: async () => ledger.dispose() };
  },
};

export const POSTGRES_ENGINE: PortEngine = {
  name: 'PostgreSQL',
  readDuringTransaction: 'before',
  async open() {
    const pool: Pool = ledgerPool(await migratedDatabase());
    return { port: postgresPort(pool), idle: () => pool.waitingCount === 0 && pool.idleCount === pool.totalCount, close: () => pool.end() };
  },
};

export const PORT_ENGINES: readonly PortEngine[] = [SQLITE_ENGINE, POSTGRES_ENGINE];

/** The same answers asked of a fresh ledger on each engine, in PORT_ENGINES' order; `opened` collects them to close. */
export async function answersOnEveryEngine<T>(answers: (l: PortLedger) => Promise<T>, opened: PortLedger[]): Promise<T[]> {
  const results: T[] = [];
  for (const engine of PORT_ENGINES) {
    const l = await engine.open();
    opened.push(l);
    results.push(await answers(l));
  }
  return results;
}
