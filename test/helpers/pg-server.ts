// What a test file uses of the run's PostgreSQL cluster (test/helpers/pg-cluster.ts): the server, started by
// the first file that asks for it, and databases of its own on it. A test that needs the server never skips:
// when the server cannot start, the test fails with why, in Chinese and English.
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { inject } from 'vitest';
import { migratePostgres } from '../../db/migrate-pg';
import { ledgerPool } from '../../electron/platform/postgres-port';
import { fail, LOCK_DIR, PASSWORD_ROLE, startCluster, STATUS_FILE, WAIT_MS } from './pg-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's folder for its cluster (test/helpers/pg-global-setup.ts). */
    pgRunDir: string;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let portOfThisWorker: Promise<number> | null = null;

type DoneInRun<T> = ({ ok: true } & T) | { ok: false; reason: string };

/**
 * `work` done once in the run, by its first caller in whichever test file (a folder made in `runDir` says who
 * that is); the others wait for the status file it leaves: its answer, or why it failed.
 */
async function onceInRun<T extends object>(runDir: string, names: { lock: string; status: string; waiting: [string, string] }, work: () => Promise<T>): Promise<T> {
  const statusFile = path.join(runDir, names.status);
  let first: boolean;
  try {
    fs.mkdirSync(path.join(runDir, names.lock));
    first = true;
  } catch {
    first = false;
  }
  if (first) {
    let status: DoneInRun<T>;
    try {
      status = { ok: true, ...(await work()) };
    } catch (error) {
      status = { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    fs.writeFileSync(`${statusFile}.tmp`, JSON.stringify(status));
    fs.renameSync(`${statusFile}.tmp`, statusFile);
  }
  const deadline = Date.now() + WAIT_MS;
  while (!fs.existsSync(statusFile)) {
    if (Date.now() > deadline) fail(...names.waiting);
    await sleep(100);
  }
  const status = JSON.parse(fs.readFileSync(statusFile, 'utf8')) as DoneInRun<T>;
  if (!status.ok) throw new Error(status.reason);
  return status;
}

/** The run's cluster in `runDir`: started here by the first caller of the run, else waited for. */
export async function clusterPortIn(runDir: string): Promise<number> {
  const started = await onceInRun(runDir, { lock: LOCK_DIR, status: STATUS_FILE, waiting: ['等待另一个测试文件启动服务器超时。', 'timed out waiting for another test file to start the server.'] }, async () => ({
    port: await startCluster(runDir),
  }));
  return started.port;
}

export interface PgServer {
  port: number;
  /** The connection string of a database on the run's cluster. */
  url(database: string): string;
  /** A new empty database (or a copy of `template`); returns its name. */
  createDatabase(template?: string): Promise<string>;
  /** Run statements as the superuser on `database` (default: postgres). */
  admin(sql: string, database?: string): Promise<void>;
  /**
   * A new login role; with a password it must give it (scram-sha-256), without one it is trusted. `grants`
   * are SQL role names it joins (e.g. pg_read_all_data). Returns its name.
   */
  createRole(options?: { password?: string; grants?: string[] }): Promise<string>;
}

let databaseSeq = 0;

/** The run's PostgreSQL server. Throws (and so fails the test) with why, when it cannot start. */
export async function pgServer(): Promise<PgServer> {
  const runDir = inject('pgRunDir');
  if (!runDir) fail('vitest.config.ts 没有配置 test/helpers/pg-global-setup.ts。', 'vitest.config.ts lacks the globalSetup test/helpers/pg-global-setup.ts.');
  portOfThisWorker ??= clusterPortIn(runDir);
  const port = await portOfThisWorker;
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const server: PgServer = {
    port,
    url,
    async createDatabase(template) {
      databaseSeq += 1;
      const name = `t${process.pid}_${Date.now().toString(36)}_${databaseSeq}`;
      const admin = new Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        // A copy by files: the WAL_LOG default (PostgreSQL 15) writes each block of the template through the WAL and
        // takes several times as long for a ledger's many small tables; without fsync the copy's checkpoint is cheap.
        await admin.query(`create database "${name}"${template ? ` template "${template}" strategy file_copy` : ''}`);
      } finally {
        await admin.end();
      }
      return name;
    },
    async admin(sql, database = 'postgres') {
      const admin = new Client({ connectionString: url(database) });
      await admin.connect();
      try {
        await admin.query(sql);
      } finally {
        await admin.end();
      }
    },
    async createRole(options = {}) {
      databaseSeq += 1;
      const name = `r${process.pid}_${Date.now().toString(36)}_${databaseSeq}`;
      const groups = [...(options.password === undefined ? [] : [PASSWORD_ROLE]), ...(options.grants ?? [])];
      const password = options.password === undefined ? '' : ` password '${options.password.replace(/'/g, "''")}'`;
      await server.admin(`create role "${name}" login${password}${groups.length ? ` in role ${groups.join(', ')}` : ''}`);
      return name;
    },
  };
  return server;
}

let templateOfThisFile: Promise<string> | null = null;
let nextCopy: Promise<string> | null = null;

/**
 * A new database at this app's schema (db/migrations-pg applied), for one test or one file. The migrations run
 * once per run, into a template database made by the first file that needs it; each call copies it (CREATE
 * DATABASE … TEMPLATE), which any number of files may do at once. The copy for the next call is made while the
 * test that got this one runs: the server copies files while the test waits on it for little else.
 */
export async function migratedDatabase(): Promise<string> {
  const server = await pgServer();
  const copy = nextCopy ?? templateCopy(server);
  nextCopy = templateCopy(server);
  // Handled here so that a copy nobody asks for (after a file's last test) never fails the run; a caller awaits it still.
  nextCopy.catch(() => undefined);
  return server.url(await copy);
}

async function templateCopy(server: PgServer): Promise<string> {
  templateOfThisFile ??= onceInRun(
    inject('pgRunDir'),
    { lock: 'migrating', status: 'template.json', waiting: ['等待另一个测试文件建立迁移好的模板数据库超时。', 'timed out waiting for another test file to migrate the template database.'] },
    async () => {
      const name = await server.createDatabase();
      const pool = ledgerPool(server.url(name));
      try {
        await migratePostgres(pool);
      } finally {
        // Nobody may be connected to a template while it is copied.
        await pool.end();
      }
      return { name };
    },
  ).then((template) => template.name);
  return server.createDatabase(await templateOfThisFile);
}
