// Faults on a ledger opened on the office server (issue 16 item 8), on real PostgreSQL servers:
// - the server restarts while clerks are saving: the process lives on, a call that met the restart is answered
//   with SERVER_LOST in Chinese (never pg's words), each save happened once or not at all, the audit chain stays
//   valid, and the next call after the server is back succeeds on the same pool (no restart of the app);
// - a CLI import killed with SIGKILL mid-transaction leaves nothing of it, and the same import then works;
// - the network cut while an import is inside its transaction: the server rolls it back, the call is answered with
//   SERVER_LOST, and once the network is back the same ledger works.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../db/migrate-pg';
import { EXIT_OK, runCli } from '../../electron/cli';
import { importFile } from '../../electron/ledger/imports/service';
import { readImportFile } from '../../electron/ledger/imports/read';
import { withSession } from '../../electron/ledger/operators/service';
import { newSessionSlot, type LedgerHandle } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { openOfficeLedger } from '../../electron/platform/office-ledger';
import { ledgerPool } from '../../electron/platform/postgres-port';
import type { ApiResponse } from '../../shared/api';
import type { AuditVerifyResult } from '../../shared/api-audit';
import { importFileInput } from '../../shared/api-import';
import { AppError } from '../../shared/errors';
import { exceljsXlsx } from '../helpers/import-fixtures';
import { tempDir } from '../helpers/ledger';
import { newRunDir, restartCluster, startCluster, stopCluster } from '../helpers/pg-cluster';
import { migratedDatabase, pgServer } from '../helpers/pg-server';
import { SERVER_ADMIN, SERVER_ADMIN_CLI, SERVER_ADMIN_ENV } from '../helpers/server-admin';
import { tcpProxy } from '../helpers/tcp-proxy';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function folder(prefix: string): string {
  const dir = tempDir(prefix);
  dirs.push(dir);
  return dir;
}

/** Rows of the sheets imported: enough for the import's transaction to be caught writing, few enough for CI. */
const ROWS = 400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const NOW = () => new Date('2026-06-20T10:00:00+08:00');

/** The ledger on the server as a clerk's PC opens it, signed in as its 管理员 (whom the first call creates). */
async function officeLedger(url: string): Promise<LedgerHandle> {
  const handle = openOfficeLedger({ pool: ledgerPool(url), server: { host: '127.0.0.1', port: 5432, database: 'fupin', user: 'clerk' }, door: 'cli', dataDir: folder('office-faults-'), now: NOW });
  const door = withSession(handle, newSessionSlot());
  if (!(await dispatch(door, 'session.createFirstAdmin', SERVER_ADMIN)).ok) {
    const signedIn = await dispatch(door, 'session.signIn', SERVER_ADMIN);
    if (!signedIn.ok) throw new Error(`session.signIn: ${signedIn.error.message}`);
  }
  // withSession's context inherits the handle: its port and close() are the handle's.
  return door as LedgerHandle;
}

async function verified(ledger: LedgerHandle): Promise<AuditVerifyResult> {
  const res = await dispatch(ledger, 'audit.verify', {});
  if (!res.ok) throw new Error(`audit.verify: ${res.error.code} ${res.error.message}`);
  return res.value as AuditVerifyResult;
}

/**
 * 校验 after a fault: the hash chain unbroken, no jump in audit ids (the audit rows of a write that rolled back are
 * numbered again by the next write, writeAuditedOn), and every table agreeing with the trail.
 */
async function expectChainIntact(ledger: LedgerHandle): Promise<void> {
  const check = await verified(ledger);
  expect(check.chain.brokenAtId, check.summary).toBeNull();
  expect(check.chain.gapAfterId, check.summary).toBeNull();
  expect(check.findings, check.summary).toEqual([]);
}

async function count(ledger: LedgerHandle, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await ledger.port!.get<{ n: number }>(sql, params as never))?.n);
}

/** A 项目库 sheet of `rows` projects (names unique per sheet and `tag`). */
async function projectSheet(file: string, rows: number, tag: string): Promise<string> {
  const body = Array.from({ length: rows }, (_, i) => [i + 1, `${tag}前进村道路硬化${i + 1}号`, '前进村', 12.5]);
  await exceljsXlsx(file, [{ rows: [['桦树镇2026年项目台账'], ['序号', '项目名称', '建设地点', '总投资（万元）'], ...body], merges: ['A1:D1'] }]);
  return file;
}

/** Waits until the server shows a transaction of database `db` that has written (it holds a transaction id). */
async function writingTransaction(admin: Client, db: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await admin.query(`select 1 from pg_stat_activity where datname = $1 and backend_xid is not null and pid <> pg_backend_pid()`, [db]);
    if (found.rowCount) return;
    await sleep(10);
  }
  throw new Error(`no writing transaction on ${db} within ${timeoutMs} ms`);
}

/** Waits until no session but `admin`'s is left on database `db` (the server has ended the killed client's). */
async function sessionsGone(admin: Client, db: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const left = await admin.query(`select 1 from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [db]);
    if (!left.rowCount) return;
    await sleep(20);
  }
  throw new Error(`sessions still open on ${db} after ${timeoutMs} ms`);
}

describe('the office server restarts mid-session', () => {
  let runDir: string;
  let url: string;
  beforeAll(async () => {
    // A cluster of this test's own: restarting the run's cluster would break every other test file's connections.
    // Its commits are durable, as on a real office server: an acknowledged save must survive a crash.
    runDir = newRunDir();
    const port = await startCluster(runDir, { durableCommits: true });
    url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const pool = ledgerPool(url);
    try {
      await migratePostgres(pool);
    } finally {
      await pool.end();
    }
  }, 60_000);
  afterAll(() => stopCluster(runDir));

  it.each(['fast', 'immediate'] as const)('restart -m %s while saves run: each save once or not at all, SERVER_LOST in Chinese, then the same pool works', async (mode) => {
    const ledger = await officeLedger(url);
    try {
      const before = await count(ledger, 'select count(*) as n from projects');
      const answers: ApiResponse[] = [];
      let restarted = false;
      let saved = 0;
      // Three clerks save one project after another until the server is back and each has saved once more.
      const clerk = async (who: number) => {
        let afterRestart = 0;
        for (let i = 0; afterRestart < 1 && i < 2000; i++) {
          const wasRestarted = restarted;
          const res = await dispatch(ledger, 'projects.create', { year: 2026, name: `${mode}重启${who}-${i}` });
          answers.push(res);
          if (res.ok) saved += 1;
          if (res.ok && wasRestarted) afterRestart += 1;
          if (!res.ok) await sleep(50);
        }
      };
      const clerks = [1, 2, 3].map(clerk);
      while (saved < 4) await sleep(5);
      await restartCluster(runDir, mode);
      restarted = true;
      await Promise.all(clerks);

      const refused = answers.filter((a): a is Extract<ApiResponse, { ok: false }> => !a.ok);
      expect(refused.length, 'some saves met the restart').toBeGreaterThan(0);
      for (const r of refused) {
        expect(r.error.code).toBe('SERVER_LOST');
        expect(r.error.message).toMatch(/^与办公室服务器的连接.*断了（服务器重启或网络中断）.*程序会自动重新连接/);
      }
      // A save refused before COMMIT did not happen (这一步没有保存); one lost during COMMIT, or while reading back
      // what it saved, may have happened, whole.
      const uncertain = refused.filter((r) => !r.error.message.includes('这一步没有保存')).length;
      const rows = (await count(ledger, 'select count(*) as n from projects')) - before;
      expect(rows).toBeGreaterThanOrEqual(saved);
      expect(rows).toBeLessThanOrEqual(saved + uncertain);
      // Every project that exists was saved once, with its one audit row.
      expect(await count(ledger, `select count(*) as n from (select name from projects group by name having count(*) > 1) d`)).toBe(0);
      expect(await count(ledger, `select count(*) as n from audit_log where entity = 'project' and action = 'create'`)).toBe(before + rows);
      await expectChainIntact(ledger);
    } finally {
      ledger.close();
    }
  }, 60_000);

  it('a call while the server is down is SERVER_LOST in Chinese, and the pool connects again once it is up', async () => {
    const ledger = await officeLedger(url);
    try {
      expect((await dispatch(ledger, 'projects.list', { page: 1, pageSize: 5 })).ok).toBe(true);
      const restart = restartCluster(runDir, 'fast');
      // While the server is down, reads and writes are refused in Chinese, not crashed or answered in pg's words.
      let refused: ApiResponse | undefined;
      for (let i = 0; i < 200 && !refused; i++) {
        const res = await dispatch(ledger, 'projects.list', { page: 1, pageSize: 5 });
        if (!res.ok) refused = res;
        else await sleep(20);
      }
      await restart;
      expect(refused).toMatchObject({ ok: false, error: { code: 'SERVER_LOST' } });
      const after = await dispatch(ledger, 'projects.create', { year: 2026, name: '重启后保存' });
      expect(after.ok).toBe(true);
    } finally {
      ledger.close();
    }
  }, 60_000);
});

describe('a client killed mid-import', () => {
  it('SIGKILL while the import’s transaction writes: nothing of it on the server, 校验 passes, the same import then works', async () => {
    const server = await pgServer();
    const url = await migratedDatabase();
    const db = new URL(url).pathname.slice(1);
    const sheet = await projectSheet(path.join(folder('office-kill-'), '项目.xlsx'), ROWS, '杀');
    const admin = new Client({ connectionString: server.url(db) });
    await admin.connect();
    const ledger = await officeLedger(url);
    try {
      // The CLI as a clerk runs it, in a process of its own (node with tsx, no npm in between to take the signal).
      const root = path.resolve(__dirname, '../..');
      // Audit rows other than sign-ins (the CLI's own sign-in commits before its import begins).
      const recordsAudited = "select count(*) as n from audit_log where entity <> 'operator'";
      const auditBefore = await count(ledger, recordsAudited);
      const cli = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/cli.ts'), 'import', sheet, '--kind', 'projects', '--add-places', '--township', '桦树镇', '--pg', url, ...SERVER_ADMIN_CLI, '--json'], {
        cwd: root,
        stdio: 'ignore',
        env: { ...process.env, [SERVER_ADMIN_ENV]: SERVER_ADMIN.password },
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => cli.once('exit', (_code, signal) => resolve(signal)));
      await writingTransaction(admin, db);
      cli.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      await sessionsGone(admin, db);

      expect(await count(ledger, 'select count(*) as n from projects')).toBe(0);
      expect(await count(ledger, 'select count(*) as n from import_batches')).toBe(0);
      expect(await count(ledger, recordsAudited)).toBe(auditBefore);
      await expectChainIntact(ledger);

      process.env[SERVER_ADMIN_ENV] = SERVER_ADMIN.password;
      const again = await runCli(['import', sheet, '--kind', 'projects', '--add-places', '--township', '桦树镇', '--pg', url, ...SERVER_ADMIN_CLI, '--json']);
      expect(again.exitCode, again.stdout).toBe(EXIT_OK);
      expect(await count(ledger, 'select count(*) as n from projects')).toBe(ROWS);
      await expectChainIntact(ledger);
    } finally {
      ledger.close();
      await admin.end();
    }
  }, 90_000);
});

describe('the network cut mid-transaction', () => {
  it('the server rolls the import back, the clerk hears SERVER_LOST, and the same ledger works once the network is back', async () => {
    const server = await pgServer();
    const db = new URL(await migratedDatabase()).pathname.slice(1);
    const proxy = await tcpProxy(server.port);
    const admin = new Client({ connectionString: server.url(db) });
    await admin.connect();
    // The ledger reaches the server only through the proxy; the admin connection goes around it.
    const ledger = await officeLedger(`postgres://postgres@127.0.0.1:${proxy.port}/${db}`);
    try {
      const first = await dispatch(ledger, 'projects.create', { year: 2026, name: '断网前的项目' });
      expect(first.ok).toBe(true);
      const sheet = await projectSheet(path.join(folder('office-cut-'), '项目.xlsx'), ROWS, '断');
      const input = importFileInput.parse({ path: sheet, kind: 'projects', township: '桦树镇', addPlaces: true });
      const read = await readImportFile({ path: sheet });
      const importing = importFile(ledger, input, read).then(
        () => null,
        (error: unknown) => error,
      );
      await writingTransaction(admin, db);
      proxy.cut();
      const error = await importing;
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'SERVER_LOST', message: expect.stringContaining('这一步没有保存') });
      await sessionsGone(admin, db);
      const visible = await admin.query<{ n: string }>('select count(*) as n from projects');
      expect(Number(visible.rows[0]?.n)).toBe(1);

      // While the network is down the clerk is told so; once it is back, the same pool connects again.
      const down = await dispatch(ledger, 'projects.list', { page: 1, pageSize: 5 });
      expect(down).toMatchObject({ ok: false, error: { code: 'SERVER_LOST' } });
      proxy.restore();
      await importFile(ledger, input, read);
      expect(await count(ledger, 'select count(*) as n from projects')).toBe(ROWS + 1);
      await expectChainIntact(ledger);
    } finally {
      ledger.close();
      await admin.end();
      await proxy.close();
    }
  }, 90_000);
});
