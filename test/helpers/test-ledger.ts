// The one switch between the engines for the service suites: testLedger() opens a ledger file in a temp folder, or
// — in the vitest project that sets FUPIN_TEST_ENGINE=postgres (vitest.config.ts) — the office ledger on a fresh
// database at the app's schema on the run's throwaway PostgreSQL cluster (test/helpers/pg-server.ts), opened as
// the app opens it there (electron/platform/office-ledger.ts). Same shape on both: a context for the channels, a
// folder for files, a portable look at the rows (`sql`), and dispose().
import fs from 'node:fs';
import { hashPassword, withSession } from '../../electron/ledger/operators/service';
import * as operatorsStore from '../../electron/ledger/operators/store';
import { newSessionSlot, type Door, type LedgerHandle } from '../../electron/platform/context';
import { dataPort } from '../../electron/platform/data-port';
import { dispatch } from '../../electron/platform/handlers';
import { openOfficeLedger } from '../../electron/platform/office-ledger';
import { ledgerPool } from '../../electron/platform/postgres-port';
import type { ProgressEvent } from '../../shared/api';
import { DEFAULT_OPERATOR_NAME } from '../../shared/api-operators';
import { tempDir, tempLedger } from './ledger';
import { ledgerSql, type LedgerSql } from './ledger-sql';
import { SERVER_ADMIN, SERVER_ADMIN_CLI, SERVER_ADMIN_ENV } from './server-admin';

export type TestEngine = 'sqlite' | 'postgres';

/** The engine of this vitest project's ledgers. */
export const TEST_ENGINE: TestEngine = process.env.FUPIN_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * True in the PostgreSQL project: a test by nature about the local ledger file (VACUUM INTO backups, the anchor
 * file, tampering the file with a SQLite tool, the file swap on 恢复) skips there with `it.skipIf(ON_SERVER)`
 * and a one-line reason.
 */
export const ON_SERVER = TEST_ENGINE === 'postgres';

export interface TestLedger extends LedgerHandle {
  /** The ledger's folder on this PC: the file's, or on the server the folder for logs, exports and backups. */
  dir: string;
  /** The rows, through the ledger's data port (portable SQL). */
  sql: LedgerSql;
  /** On the server, its database's name on the run's cluster (test/helpers/office-fixture.ts officeSettings); null on a file. */
  database: string | null;
  /**
   * Act as the operator `name` from now on: on a file, 设置 → 操作员姓名 (single-user mode); on the server, where
   * every call comes from a signed-in operator, that operator (a 管理员, created the first time) signed in.
   */
  actAs(name: string): Promise<void>;
  /** Close the ledger and remove its folder (the server's database goes with the run's cluster). */
  dispose(): Promise<void>;
  /**
   * Close the ledger and keep it, to open copies of it with testLedger({ from }): for a suite that builds one
   * costly ledger and changes a fresh copy in each test. dispose() then leaves it; the saved ledger's own removes it.
   */
  save(): Promise<SavedLedger>;
  /**
   * The CLI's options that open this ledger: --db FILE; on the server --pg URL signed in as SERVER_ADMIN (a 管理员
   * made the first time, its password put where SERVER_ADMIN_CLI reads it until dispose()).
   */
  cli(): Promise<string[]>;
}

/** A closed ledger to copy: its folder (on a file the file, its anchor, backups and attachments), on the server also its database. */
export interface SavedLedger {
  dir: string;
  /** On the server its database, copied as a template (nobody may be connected to it). */
  database: string | null;
  dispose(): Promise<void>;
}

export interface TestLedgerOptions {
  door?: Door;
  now?: () => Date;
  onProgress?: (event: ProgressEvent) => void;
  /** A copy of this saved ledger instead of a new empty one (on the server: CREATE DATABASE … TEMPLATE). */
  from?: SavedLedger;
}

export async function testLedger(options: TestLedgerOptions = {}): Promise<TestLedger> {
  return ON_SERVER ? serverLedger(options) : fileLedger(options);
}

function savedFolder(dir: string, database: string | null, dropDatabase: () => Promise<void> = async () => undefined): SavedLedger {
  return {
    dir,
    database,
    async dispose() {
      fs.rmSync(dir, { recursive: true, force: true });
      await dropDatabase();
    },
  };
}

async function fileLedger(options: TestLedgerOptions): Promise<TestLedger> {
  const ledger = tempLedger({ ...options, copyOf: options.from?.dir });
  let saved = false;
  const actAs = async (name: string) => {
    const res = await dispatch(ledger, 'settings.update', { operatorName: name });
    if (!res.ok) throw new Error(`settings.update: ${res.error.message}`);
  };
  const dispose = ledger.dispose;
  return Object.assign(ledger, {
    sql: ledgerSql(ledger),
    database: null,
    actAs,
    dispose: async () => (saved ? undefined : dispose()),
    async save() {
      saved = true;
      ledger.close();
      return savedFolder(ledger.dir, null);
    },
    cli: async () => ['--db', ledger.dbFile],
  });
}

async function serverLedger(options: TestLedgerOptions): Promise<TestLedger> {
  // Loaded here, not at the top: pg-server.ts uses vitest's inject, and the Playwright suite loads this file too
  // (through the supervision fixture), where vitest cannot be imported.
  const { migratedDatabase, pgServer } = await import('./pg-server');
  const server = await pgServer();
  const url = new URL(options.from?.database ? server.url(await server.createDatabase(options.from.database)) : await migratedDatabase());
  const dir = tempDir();
  if (options.from) fs.cpSync(options.from.dir, dir, { recursive: true });
  const pool = ledgerPool(url.toString());
  const handle = openOfficeLedger({
    pool,
    server: { host: url.hostname, port: Number(url.port), database: url.pathname.slice(1), user: url.username },
    door: options.door ?? 'cli',
    dataDir: dir,
    now: options.now,
    onProgress: options.onProgress,
  });
  // A ledger on the server is a multi-user one: every call comes from a signed-in operator. The suites act as the
  // server's first administrator, named as a single-user ledger names its operator, so the trail reads the same on
  // both engines. Written through the operators store without a trail row of its own: it stands for the server
  // as the office set it up, before the test, so each suite's trail starts where it does on a file.
  const admin =
    (await operatorsStore.operatorByName(dataPort(handle), DEFAULT_OPERATOR_NAME)) ??
    (await dataPort(handle).transaction((tx) => operatorsStore.insertOperator(tx, { name: DEFAULT_OPERATOR_NAME, role: 'admin', passwordHash: null }, handle.now().toISOString())));
  const slot = { ...newSessionSlot(), operatorId: admin.id };
  let saved = false;
  const close = async () => {
    // Ended here to wait for it; the handle's own close then finds the pool ended and lets it be.
    await pool.end();
    handle.close();
  };
  // Dropped when done with (a CLI run may still be leaving): some 9 MB each, which a run of hundreds of tests
  // would otherwise leave on the disk for the teardown to remove all at once.
  const dropDatabase = () => server.admin(`drop database if exists "${url.pathname.slice(1)}" with (force)`);
  const signedIn = withSession(handle, slot) as LedgerHandle;
  return Object.assign(signedIn, {
    dir,
    sql: ledgerSql(signedIn),
    database: url.pathname.slice(1),
    async actAs(name: string) {
      const port = dataPort(handle);
      const operator =
        (await operatorsStore.operatorByName(port, name)) ??
        (await port.transaction((tx) => operatorsStore.insertOperator(tx, { name, role: 'admin', passwordHash: null }, handle.now().toISOString())));
      slot.operatorId = operator.id;
    },
    async dispose() {
      delete process.env[SERVER_ADMIN_ENV];
      if (saved) return;
      await close();
      await dropDatabase();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    async save() {
      saved = true;
      await close();
      return savedFolder(dir, url.pathname.slice(1), dropDatabase);
    },
    async cli() {
      const port = dataPort(handle);
      if (!(await operatorsStore.operatorByName(port, SERVER_ADMIN.name))) {
        const passwordHash = await hashPassword(SERVER_ADMIN.password);
        await port.transaction((tx) => operatorsStore.insertOperator(tx, { name: SERVER_ADMIN.name, role: 'admin', passwordHash }, handle.now().toISOString()));
      }
      process.env[SERVER_ADMIN_ENV] = SERVER_ADMIN.password;
      return ['--pg', url.toString(), ...SERVER_ADMIN_CLI];
    },
  });
}

/** The newest row of the audit trail, as the suites check it after a write. */
export interface AuditRowSeen {
  action: string;
  entity: string;
  entityId: number | null;
  before: string | null;
  after: string | null;
  reason: string | null;
}

export async function lastAudit(ledger: { sql: LedgerSql }): Promise<AuditRowSeen> {
  const row = await ledger.sql.get<AuditRowSeen>('select action, entity, entity_id as "entityId", before, after, reason from audit_log order by id desc limit 1');
  if (!row) throw new Error('the audit trail is empty');
  return row;
}
