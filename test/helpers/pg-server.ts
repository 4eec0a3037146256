// What a test file uses of the run's PostgreSQL cluster (test/helpers/pg-cluster.ts): the server, started by
// the first file that asks for it, and databases of its own on it. A test that needs the server never skips:
// when the server cannot start, the test fails with why, in Chinese and English.
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { inject } from 'vitest';
import { migratePostgres } from '../../db/migrate-pg';
import { ledgerPool } from '../../electron/platform/postgres-port';
import { fail, LOCK_DIR, PASSWORD_ROLE, startCluster, STATUS_FILE, WAIT_MS, type ClusterStatus } from './pg-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's folder for its cluster (test/helpers/pg-global-setup.ts). */
    pgRunDir: string;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let portOfThisWorker: Promise<number> | null = null;

/** The run's cluster in `runDir`: started here by the first caller of the run, else waited for. */
export async function clusterPortIn(runDir: string): Promise<number> {
  const statusFile = path.join(runDir, STATUS_FILE);
  let starter = false;
  try {
    fs.mkdirSync(path.join(runDir, LOCK_DIR));
    starter = true;
  } catch {
    starter = false;
  }
  if (starter) {
    let status: ClusterStatus;
    try {
      status = { ok: true, port: await startCluster(runDir) };
    } catch (error) {
      status = { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    fs.writeFileSync(`${statusFile}.tmp`, JSON.stringify(status));
    fs.renameSync(`${statusFile}.tmp`, statusFile);
  }
  const deadline = Date.now() + WAIT_MS;
  while (!fs.existsSync(statusFile)) {
    if (Date.now() > deadline) fail('等待另一个测试文件启动服务器超时。', 'timed out waiting for another test file to start the server.');
    await sleep(100);
  }
  const status = JSON.parse(fs.readFileSync(statusFile, 'utf8')) as ClusterStatus;
  if (!status.ok) throw new Error(status.reason);
  return status.port;
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

let templateOfThisWorker: Promise<string> | null = null;

/**
 * A new database at this app's schema (db/migrations-pg applied), for one test or one file. The migrations
 * run once per worker into a template database; each call copies it (CREATE DATABASE … TEMPLATE).
 */
export async function migratedDatabase(): Promise<string> {
  const server = await pgServer();
  templateOfThisWorker ??= (async () => {
    const name = await server.createDatabase();
    const pool = ledgerPool(server.url(name));
    try {
      await migratePostgres(pool);
    } finally {
      await pool.end();
    }
    return name;
  })();
  return server.url(await server.createDatabase(await templateOfThisWorker));
}
