// The CLI on the office server (issue 16 item 1): every command of DESIGN.md's contract with --pg postgres://… (or
// FUPIN_PG_URL) in place of --db answers with the same JSON, on the same demo county, as on a local file; backup and
// restore, which copy and swap the local file, say what to do instead; the server's refusals are its Chinese
// sentences with the CLI's exit codes; the password is never printed; an older ledger is backed up and migrated.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Client } from 'pg';
import { hashPassword } from '../../electron/ledger/operators/service';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, NO_ADMIN_ON_SERVER, PG_URL_ENV, runCli, type CliResult } from '../../electron/cli';
import { exceljsXlsx } from '../helpers/import-fixtures';
import { tempDir } from '../helpers/ledger';
import { withSession } from '../../electron/ledger/operators/service';
import { newSessionSlot, openLedger } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { olderDatabase, removeTempDirs } from '../helpers/office-fixture';
import { firstAdminAt, SERVER_ADMIN, SERVER_ADMIN_CLI, SERVER_ADMIN_ENV } from '../helpers/server-admin';
import { freePort } from '../helpers/pg-cluster';
import { migratedDatabase, pgServer } from '../helpers/pg-server';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  removeTempDirs();
});
afterEach(() => {
  vi.useRealTimers();
  delete process.env[PG_URL_ENV];
});
afterAll(() => {
  delete process.env[SERVER_ADMIN_ENV];
});

function folder(prefix: string): string {
  const dir = tempDir(prefix);
  dirs.push(dir);
  return dir;
}

const json = (r: CliResult) => JSON.parse(r.stdout) as Record<string, unknown>;

/** The same command on the file and on the server, each signed in as SERVER_ADMIN: both answers, exit codes and JSON. */
async function onBoth(db: string, pg: string, args: string[]): Promise<[CliResult, CliResult]> {
  return [await runCli([...args, '--db', db, ...SERVER_ADMIN_CLI, '--json']), await runCli([...args, '--pg', pg, ...SERVER_ADMIN_CLI, '--json'])];
}

/**
 * The file made multi-user with the same 管理员 the server's sign-in screen created, and signed in once: its trail
 * starts as the server's (operator, switch, sign-in), and every command then signs in on both alike.
 */
async function fileLikeServer(db: string): Promise<void> {
  const ledger = openLedger({ dbFile: db, door: 'cli' });
  try {
    const door = withSession(ledger, newSessionSlot());
    for (const [channel, input] of [
      ['operators.setMultiUser', { enabled: true, adminName: SERVER_ADMIN.name, password: SERVER_ADMIN.password }],
      ['session.signIn', SERVER_ADMIN],
    ] as const) {
      const res = await dispatch(door, channel, input);
      if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
    }
  } finally {
    ledger.close();
  }
}

describe('--pg answers as --db', () => {
  let db: string;
  let pg: string;
  let work: string;
  beforeAll(async () => {
    work = folder('cli-office-');
    db = path.join(work, 'ledger.db');
    pg = await migratedDatabase();
    await firstAdminAt(pg);
    await fileLikeServer(db);
  });

  it('the contract’s commands on the same demo county give the same JSON', async () => {
    // One instant for both ledgers: the demo's dates and every row's stamp come from the clock.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-24T10:00:00+08:00') });
    const same = async (args: string[], exitCode = EXIT_OK, ignore: string[] = []) => {
      const [file, server] = await onBoth(db, pg, args);
      expect(file.exitCode, `${args.join(' ')} --db: ${file.stdout}`).toBe(exitCode);
      expect(server.exitCode, `${args.join(' ')} --pg: ${server.stdout}`).toBe(exitCode);
      const [a, b] = [json(file), json(server)];
      for (const key of ignore) {
        delete a[key];
        delete b[key];
      }
      expect(b, args.join(' ')).toEqual(a);
      return a;
    };

    const demo = await same(['demo', '--scale', '1', '--seed', '7']);
    expect(demo.projects).toBeGreaterThan(100);
    await same(['demo'], EXIT_REFUSED);

    const projects = await same(['list', 'projects']);
    expect((projects.rows as unknown[]).length).toBe(demo.projects);
    const township = (projects.rows as Array<{ township: string }>)[0]?.township ?? '';
    await same(['list', 'projects', '--township', township, '--year', '2025', '--limit', '20']);
    await same(['list', 'payments']);
    await same(['list', 'findings', '--today', '2026-11-24']);
    await same(['list', 'projects', '--township', '不存在镇'], EXIT_REFUSED);

    const sheet = await exceljsXlsx(path.join(work, '项目.xlsx'), [
      { rows: [['桦树镇2026年项目台账'], ['序号', '项目名称', '建设地点', '总投资（万元）'], [1, '前进村道路硬化', '前进村', 12.5], [2, '前进村饮水', '前进村', 3.25]], merges: ['A1:D1'] },
    ]);
    await same(['import', sheet, '--kind', 'projects', '--dry-run', '--add-places']);
    const imported = await same(['import', sheet, '--kind', 'projects', '--add-places']);
    expect(imported.imported).toBe(2);
    await same(['list', 'projects', '--township', '桦树镇']);

    for (const ledger of ['projects', 'payments', 'findings', 'progress']) {
      const [file, server] = await onBoth(db, pg, ['export', ledger, '--out', path.join(work, `${ledger}-out.xlsx`)]);
      expect([file.exitCode, server.exitCode]).toEqual([EXIT_OK, EXIT_OK]);
      expect(json(server)).toEqual(json(file));
    }

    const pdf = path.join(work, '简报.pdf');
    const drafted = await same(['bulletin', 'pdf', '--draft', '--from', '2026-01-01', '--to', '2026-11-24', '--out', pdf], EXIT_OK, ['bytes']);
    expect(drafted).toMatchObject({ ok: true, status: 'draft', out: pdf });
    await same(['bulletin', 'list']);

    // 校验: the chain and the tables alike; the anchors are the local file's (beside it, in its backups), absent on the server.
    const [fileVerify, serverVerify] = await onBoth(db, pg, ['verify']);
    expect(serverVerify.exitCode).toBe(fileVerify.exitCode);
    const [fv, sv] = [json(fileVerify), json(serverVerify)];
    expect(sv.chain).toEqual(fv.chain);
    expect(sv.tables).toEqual(fv.tables);
    expect(sv.ok).toBe(true);
    // Each command signs in on both ledgers (a scrypt each): longer than the default on a busy machine.
  }, 120_000);

  it('backup and restore, which copy and swap the local file, say what to do instead', async () => {
    const backup = await runCli(['backup', '--out', path.join(work, 'b.db'), '--pg', pg, '--json']);
    expect(backup.exitCode).toBe(EXIT_USAGE);
    expect(json(backup)).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message:
          'backup 只用于本机台账文件（--db）。办公室服务器上的台账请在扶贫台账的 设置 → 数据存放 中点“备份办公室服务器”，备份在本机的 备份/办公室服务器 文件夹中；或请管理员在服务器上用 pg_dump 备份数据库。',
      },
    });
    const restore = await runCli(['restore', path.join(work, 'b.db'), '--pg', pg, '--json']);
    expect(restore.exitCode).toBe(EXIT_USAGE);
    expect((json(restore).error as { message: string }).message).toMatch(/^restore 只用于本机台账文件（--db）。要把备份恢复到办公室服务器，请在扶贫台账的 设置 → 数据存放 中点“恢复到新的服务器数据库”/);
    const both = await runCli(['list', 'projects', '--db', db, '--pg', pg, '--json']);
    expect(both.exitCode).toBe(EXIT_USAGE);
    expect((json(both).error as { message: string }).message).toBe('--db 与 --pg 只能给一个：本机台账文件用 --db，办公室服务器用 --pg');
  });
});

describe('--pg refusals and the password', () => {
  it('the server named in FUPIN_PG_URL; a wrong password is the server’s sentence, exit 1, and the password is printed nowhere', async () => {
    const server = await pgServer();
    const database = new URL(await migratedDatabase()).pathname.slice(1);
    const password = 'Pa55-口令@#';
    const user = await server.createRole({ password, grants: ['pg_read_all_data', 'pg_write_all_data'] });
    const address = (pw: string) => `postgres://${user}:${encodeURIComponent(pw)}@127.0.0.1:${server.port}/${database}?sslmode=disable`;

    await firstAdminAt(server.url(database));
    process.env[PG_URL_ENV] = address(password);
    const listed = await runCli(['list', 'projects', ...SERVER_ADMIN_CLI, '--json']);
    expect(listed.exitCode).toBe(EXIT_OK);
    expect(json(listed)).toEqual({ ok: true, rows: [], total: 0 });

    const wrong = 'Wr0ng-口令';
    for (const args of [['list', 'projects', '--pg', address(wrong), '--json'], ['list', 'projects', '--pg', address(wrong)]]) {
      const res = await runCli(args);
      expect(res.exitCode).toBe(EXIT_REFUSED);
      const said = `${res.stdout}${res.stderr}`;
      expect(said).toContain(`服务器拒绝了用户“${user}”的登录：用户名或密码不对。`);
      for (const secret of [wrong, encodeURIComponent(wrong), password, encodeURIComponent(password)]) expect(said).not.toContain(secret);
    }
    const refused = json(await runCli(['list', 'projects', '--pg', address(wrong), '--json']));
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', problem: 'auth' } });

    // An address the CLI cannot read is a usage error that does not repeat it (it may hold the password).
    const bad = await runCli(['list', 'projects', '--pg', `mysql://${user}:${encodeURIComponent(password)}@127.0.0.1/x`, '--json']);
    expect(bad.exitCode).toBe(EXIT_USAGE);
    expect(bad.stdout).toContain('办公室服务器的地址应以 postgres:// 开头');
    expect(bad.stdout).not.toContain(encodeURIComponent(password));
  });

  it('unreachable, not a ledger, a newer schema: the office server’s sentences', async () => {
    const server = await pgServer();
    const nobody = await runCli(['verify', '--pg', `postgres://postgres@127.0.0.1:${await freePort()}/x`, '--json']);
    expect(nobody.exitCode).toBe(EXIT_REFUSED);
    expect(json(nobody)).toMatchObject({ ok: false, error: { code: 'CONFLICT', problem: 'refused', message: expect.stringMatching(/^无法连接办公室服务器 127\.0\.0\.1:\d+：对方拒绝连接。/) } });

    const foreign = await server.createDatabase();
    await server.admin('create table invoices (id int)', foreign);
    const notLedger = json(await runCli(['list', 'payments', '--pg', server.url(foreign), '--json']));
    expect(notLedger).toMatchObject({ ok: false, error: { problem: 'notLedger', message: expect.stringContaining(`数据库“${foreign}”不是扶贫台账的数据库`) } });

    const newer = new URL(await migratedDatabase()).pathname.slice(1);
    await server.admin(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-a-newer-app', 4102444800000)`, newer);
    const res = await runCli(['list', 'findings', '--pg', server.url(newer), '--json']);
    expect(res.exitCode).toBe(EXIT_REFUSED);
    expect(json(res)).toMatchObject({ ok: false, error: { problem: 'newerSchema', message: expect.stringContaining('服务器上的台账结构比这台电脑上的扶贫台账新') } });
  });

  it('a server ledger always signs in the server’s operator, whose name the trail keeps, and is refused without one', async () => {
    const server = await pgServer();
    const named = new URL(await migratedDatabase()).pathname.slice(1);
    // 设置 → 操作员姓名 and the multi-user switch are a local file's: on the server neither lets a command through.
    await server.admin(`insert into settings (key, value) values ('operatorName', '"王会计"'), ('multiUser', 'false')`, named);
    const res = await runCli(['list', 'projects', '--pg', server.url(named), '--json']);
    expect(res.exitCode).toBe(EXIT_REFUSED);
    expect(json(res)).toMatchObject({ ok: false, error: { message: NO_ADMIN_ON_SERVER } });

    const hash = await hashPassword('青山-2026');
    await server.admin(`insert into operators (name, role, password_hash, created_at, updated_at) values ('李会计', 'clerk', '${hash}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`, named);
    const sheet = await exceljsXlsx(path.join(folder('cli-office-sheet-'), '项目.xlsx'), [{ rows: [['序号', '项目名称', '建设地点', '总投资（万元）'], [1, '前进村道路', '前进村', 1]] }]);
    process.env.CLI_OFFICE_TEST_PASSWORD = '青山-2026';
    try {
      const asLi = ['--pg', server.url(named), '--operator', '李会计', '--password-env', 'CLI_OFFICE_TEST_PASSWORD', '--json'];
      expect((await runCli(['import', sheet, '--kind', 'projects', '--add-places', '--township', '桦树镇', ...asLi])).exitCode).toBe(EXIT_OK);
      const client = new Client({ connectionString: server.url(named) });
      await client.connect();
      const operators = (await client.query<{ operator: string }>('select distinct operator from audit_log')).rows.map((r) => r.operator);
      await client.end();
      expect(operators).toEqual(['李会计']);
      const signedIn = await runCli(['list', 'projects', ...asLi]);
      expect(signedIn.exitCode).toBe(EXIT_OK);
      const wrong = await runCli(['list', 'projects', '--pg', server.url(named), '--operator', '李会计', '--password-env', 'CLI_OFFICE_WRONG_PASSWORD', '--json']);
      expect(wrong.exitCode).toBe(EXIT_REFUSED);
    } finally {
      delete process.env.CLI_OFFICE_TEST_PASSWORD;
    }
  });

  it('an empty server (no 管理员 yet): the CLI says to create the first 管理员 in the program, with or without --operator', async () => {
    const server = await pgServer();
    const url = server.url(new URL(await migratedDatabase()).pathname.slice(1));
    process.env[SERVER_ADMIN_ENV] = SERVER_ADMIN.password;
    const bare = await runCli(['list', 'projects', '--pg', url]);
    expect(bare.exitCode).toBe(EXIT_REFUSED);
    expect(bare.stderr).toContain('在登录界面点“创建第一个管理员”');
    const named = await runCli(['list', 'projects', '--pg', url, ...SERVER_ADMIN_CLI, '--json']);
    expect(named.exitCode).toBe(EXIT_REFUSED);
    expect(json(named)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/^操作员登录失败：姓名或密码不正确.*创建第一个管理员/) } });
    // Nothing was written: no operator, no trail.
    const client = new Client({ connectionString: url });
    await client.connect();
    const counts = (await client.query<{ n: string }>('select (select count(*) from operators) + (select count(*) from audit_log) as n')).rows[0]?.n;
    await client.end();
    expect(Number(counts)).toBe(0);
    // Once the program created it, a command without --operator is told to name one, and one with it signs in.
    await firstAdminAt(url);
    const unnamed = await runCli(['list', 'projects', '--pg', url, '--json']);
    expect(json(unnamed)).toMatchObject({ ok: false, error: { message: expect.stringContaining('请用 --operator 姓名') } });
    expect(JSON.stringify(json(unnamed))).not.toContain('创建第一个管理员');
    expect((await runCli(['list', 'projects', '--pg', url, ...SERVER_ADMIN_CLI, '--json'])).exitCode).toBe(EXIT_OK);
  });

  it('an older ledger is backed up into 备份/办公室服务器 under the current folder, then migrated; stderr says where', async () => {
    const server = await pgServer();
    const database = await olderDatabase();
    await server.admin(`insert into projects (year, name) values (2024, '甲')`, database);
    const hash = await hashPassword(SERVER_ADMIN.password);
    await server.admin(`insert into operators (name, role, password_hash, created_at, updated_at) values ('${SERVER_ADMIN.name}', 'admin', '${hash}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`, database);
    process.env[SERVER_ADMIN_ENV] = SERVER_ADMIN.password;
    const here = process.cwd();
    const cwd = folder('cli-office-cwd-');
    process.chdir(cwd);
    let res: CliResult;
    try {
      res = await runCli(['list', 'projects', '--pg', server.url(database), ...SERVER_ADMIN_CLI, '--json']);
    } finally {
      process.chdir(here);
    }
    expect(res.exitCode).toBe(EXIT_OK);
    expect((json(res).rows as Array<{ name: string }>).map((r) => r.name)).toEqual(['甲']);
    const backups = path.join(cwd, '备份', '办公室服务器');
    const [name] = fs.readdirSync(backups);
    expect(name).toMatch(new RegExp(`^升级前-办公室服务器-127\\.0\\.0\\.1_${server.port}-${database}-\\d{8}-\\d{6}\\.jsonl\\.gz$`));
    expect(res.stderr).toMatch(new RegExp(`^办公室服务器上的台账结构已升级（\\d+ 次升级），升级前的台账已备份到 ${path.join(fs.realpathSync(backups), name ?? '').replace(/[.\\\\]/g, '\\$&')}。\\n$`));
    const text = zlib.gunzipSync(fs.readFileSync(path.join(backups, name ?? ''))).toString('utf8');
    expect(text).toContain('"table":"public.projects"');
    expect(text).toContain('"name": "甲"');
  });
});
