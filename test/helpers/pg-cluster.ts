// A throwaway PostgreSQL cluster for the tests: no mock, a real server (Debian's postgresql package, installed
// by `npm test` when missing: scripts/test-deps.ts). One cluster per vitest run, started by the first test file
// that asks for it (test/helpers/pg-server.ts; runs without a PostgreSQL test pay nothing) and stopped and
// removed by the run's global teardown (test/helpers/pg-global-setup.ts). This file only starts and stops it.
//
// PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user (runuser, else su);
// otherwise it runs as the current user. It listens on 127.0.0.1 on a free port with trust authentication —
// except for members of the role PASSWORD_ROLE, who must give their password (scram-sha-256), so that a
// test can meet a wrong password — and without fsync: it is thrown away after the run.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findPostgresBin } from '../../scripts/postgres-bin';

export const STATUS_FILE = 'status.json';
export const LOCK_DIR = 'starting';
const DATA_DIR = 'data';
export const WAIT_MS = 90_000;
/** Members of this role sign in with a password (pg_hba.conf below); everyone else is trusted. */
export const PASSWORD_ROLE = 'password_login';

const PG_HBA = `local all all trust
host all +${PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
`;

export function fail(chinese: string, english: string, detail = ''): never {
  throw new Error(`PostgreSQL 测试服务器无法启动：${chinese}\nThe PostgreSQL test server could not start: ${english}${detail ? `\n${detail.trim()}` : ''}`);
}

function binDir(): string {
  const found = findPostgresBin({
    env: process.env,
    fileExists: (file) => fs.existsSync(file),
    listDir: (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []),
    commandDir: (name) => {
      const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
      return r.status === 0 && r.stdout.trim() ? path.dirname(r.stdout.trim()) : null;
    },
  });
  if (!found.ok) {
    if (found.fromEnv) fail(`环境变量 PG_BIN（${process.env.PG_BIN}）里没有 initdb 和 pg_ctl。`, `PG_BIN (${process.env.PG_BIN}) has no initdb and pg_ctl.`);
    fail('找不到 initdb 和 pg_ctl，请安装 postgresql 软件包（npm test 会自动安装）。', 'initdb and pg_ctl not found; install the postgresql package (npm test installs it).');
  }
  return found.dir;
}

const asRoot = process.getuid?.() === 0;

/** The command line that runs a server program as the cluster's owner: the postgres user when we are root, else ourselves. */
function ownerCommand(program: string, args: string[]): [string, string[]] {
  if (!asRoot) return [program, args];
  if (fs.existsSync('/usr/sbin/runuser') || fs.existsSync('/sbin/runuser')) return ['runuser', ['-u', 'postgres', '--', program, ...args]];
  return ['su', ['postgres', '-s', '/bin/sh', '-c', [program, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')]];
}

/** Run a server program as the cluster's owner, waiting for it. */
function asOwner(program: string, args: string[]): { status: number | null; output: string } {
  const [command, argv] = ownerCommand(program, args);
  const r = spawnSync(command, argv, { encoding: 'utf8', timeout: WAIT_MS, cwd: '/' });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function postgresUser(): { uid: number; gid: number } {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) fail('以 root 运行测试，但本机没有 postgres 用户（安装 postgresql 软件包会创建它）。', 'running as root, but there is no postgres user (the postgresql package creates it).');
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * initdb and pg_ctl start in `runDir` (owned by the cluster's user); returns the port it listens on. A test that
 * crashes the server (restart -m immediate) asks for `durableCommits`: a commit is then on disk before it is
 * acknowledged, as on an office's real server; the run's cluster skips that for speed.
 */
export async function startCluster(runDir: string, { durableCommits = false }: { durableCommits?: boolean } = {}): Promise<number> {
  const bin = binDir();
  if (asRoot) {
    const owner = postgresUser();
    fs.chownSync(runDir, owner.uid, owner.gid);
  }
  const data = path.join(runDir, DATA_DIR);
  const init = asOwner(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  if (init.status !== 0) fail('initdb 失败。', 'initdb failed.', init.output);
  const hba = path.join(data, 'pg_hba.conf');
  fs.writeFileSync(hba, PG_HBA);
  if (asRoot) fs.chownSync(hba, postgresUser().uid, postgresUser().gid);
  const port = await freePort();
  const options = `-p ${port} -k ${runDir} -c listen_addresses=127.0.0.1 ${durableCommits ? '' : '-c fsync=off -c synchronous_commit=off -c full_page_writes=off '}-c max_connections=200`;
  const start = asOwner(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(runDir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  if (start.status !== 0) {
    const log = fs.existsSync(path.join(runDir, 'server.log')) ? fs.readFileSync(path.join(runDir, 'server.log'), 'utf8') : '';
    fail('pg_ctl start 失败。', 'pg_ctl start failed.', `${start.output}\n${log}`);
  }
  const role = asOwner(path.join(bin, 'psql'), ['-h', runDir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `create role ${PASSWORD_ROLE} nologin`]);
  if (role.status !== 0) fail(`无法建立角色 ${PASSWORD_ROLE}。`, `could not create the role ${PASSWORD_ROLE}.`, role.output);
  return port;
}

/**
 * Restart the cluster in `runDir` (pg_ctl restart, waiting until it accepts connections again) without blocking
 * this process: the test's clients keep running while the server goes down and comes back. `fast` ends the
 * sessions (rolling back their transactions) before stopping; `immediate` stops as if it crashed.
 */
export function restartCluster(runDir: string, mode: 'fast' | 'immediate'): Promise<void> {
  const pgCtl = path.join(binDir(), 'pg_ctl');
  const args = ['-D', path.join(runDir, DATA_DIR), '-l', path.join(runDir, 'server.log'), '-m', mode, '-w', '-t', '60', 'restart'];
  const [command, argv] = ownerCommand(pgCtl, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: '/', stdio: ['ignore', 'ignore', 'pipe'] });
    let said = '';
    child.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl restart exited ${code}: ${said}`))));
  });
}

/** Stop the run's cluster if one was started, and remove the folder. */
export function stopCluster(runDir: string): void {
  const data = path.join(runDir, DATA_DIR);
  if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
    try {
      asOwner(path.join(binDir(), 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // No binaries: nothing can have been started with them.
    }
  }
  fs.rmSync(runDir, { recursive: true, force: true });
}

const RUN_PREFIX = 'ledger-pg-';
const OWNER_FILE = 'owner.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A folder for this run's cluster, owned by this process. Clusters of runs whose process is gone (a run
 * killed before its teardown) are stopped and removed first; other runs' clusters are left alone.
 */
export function newRunDir(owner = process.pid): string {
  for (const name of fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(RUN_PREFIX))) {
    const dir = path.join(os.tmpdir(), name);
    const pid = Number.parseInt(fs.existsSync(path.join(dir, OWNER_FILE)) ? fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8') : '', 10);
    if (Number.isInteger(pid) && !alive(pid)) stopCluster(dir);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), RUN_PREFIX));
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, OWNER_FILE), String(owner));
  return dir;
}

