// 测试连接 against a real PostgreSQL server for each thing that can be wrong, and what it finds when nothing
// is; connecting migrates an older schema once, under the lock, while a second PC waits and is told why.
import { readJournal } from '../../db/open';
import { defaultPgMigrationsFolder } from '../../db/migrate-pg';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Client } from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readOfficeBackupCounts } from '../../electron/platform/office-backup';
import { connectOfficeServer, migratedSentence, MIGRATION_WAIT_MESSAGE, OfficeServerError, testOfficeServer } from '../../electron/platform/office-server';
import { freePort } from '../helpers/pg-cluster';
import { pgServer } from '../helpers/pg-server';
import { currentDatabase, migrationsCopy, officeSettings, olderDatabase, removeTempDirs, tempDirs } from '../helpers/office-fixture';

afterAll(removeTempDirs);

/** A new folder for the backups a connection writes before it migrates. */
function backupDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'office-backups-'));
  tempDirs.push(dir);
  return dir;
}

const pools: Array<{ end(): Promise<void> }> = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.end();
});

async function query<T extends object>(database: string, sql: string): Promise<T[]> {
  const server = await pgServer();
  const client = new Client({ connectionString: server.url(database) });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The app's PostgreSQL migrations, oldest first (an older app has only the first). */
const PG_TAGS = readJournal(defaultPgMigrationsFolder()).map((e) => e.tag);
const appliedCount = async (database: string) => Number((await query<{ n: string }>(database, 'select count(*) as n from drizzle.__drizzle_migrations'))[0]?.n);

describe('测试连接 says what is wrong', () => {
  it('nothing listening on the port: refused, in Chinese', async () => {
    const result = await testOfficeServer({ ...(await officeSettings('postgres')), port: await freePort() }, '');
    expect(result).toMatchObject({ ok: false, problem: 'refused' });
    expect(result.message).toMatch(/^无法连接办公室服务器 127\.0\.0\.1:\d+：对方拒绝连接。请确认服务器已开机/);
  });

  it('a host name that does not resolve', async () => {
    const result = await testOfficeServer(await officeSettings('postgres', { host: 'no-such-ledger-server.invalid' }), '');
    expect(result).toMatchObject({ ok: false, problem: 'hostNotFound' });
    expect(result.message).toContain('找不到服务器“no-such-ledger-server.invalid”');
  });

  it('a server that never answers: timeout after the given time', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const result = await testOfficeServer({ ...(await officeSettings('postgres')), port }, '', { connectTimeoutMs: 400 });
      expect(result).toMatchObject({ ok: false, problem: 'timeout' });
      expect(result.message).toContain(`连接办公室服务器 127.0.0.1:${port} 超时（0.4 秒内没有应答）`);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      silent.close();
    }
  });

  it('a wrong password (scram-sha-256) is refused; the right one connects', async () => {
    const server = await pgServer();
    const database = await currentDatabase();
    const user = await server.createRole({ password: 'right-密码-1', grants: ['pg_read_all_data'] });
    const settings = await officeSettings(database, { user });
    const wrong = await testOfficeServer(settings, 'wrong-密码');
    expect(wrong).toMatchObject({ ok: false, problem: 'auth' });
    expect(wrong.message).toBe(`服务器拒绝了用户“${user}”的登录：用户名或密码不对。请向管理员核对数据库用户名和密码后重新填写。`);
    const right = await testOfficeServer(settings, 'right-密码-1');
    expect(right).toMatchObject({ ok: true, schema: 'current', canMigrate: false });
  });

  it('a database that does not exist', async () => {
    const result = await testOfficeServer(await officeSettings('no_such_ledger'), '');
    expect(result).toMatchObject({ ok: false, problem: 'noDatabase' });
    expect(result.message).toContain('服务器上没有名为“no_such_ledger”的数据库');
  });

  it('not a ledger database: other tables and no migrations table; or migrations that are not the ledger’s', async () => {
    const server = await pgServer();
    const other = await server.createDatabase();
    await server.admin('create table customers (id int); create table orders (id int)', other);
    const plain = await testOfficeServer(await officeSettings(other), '');
    expect(plain).toMatchObject({ ok: false, problem: 'notLedger' });
    expect(plain.message).toBe(`数据库“${other}”不是扶贫台账的数据库：其中已有别的数据（customers、orders），却没有台账的结构记录。请检查数据库名是否写错；办公室台账应使用一个专门新建的空数据库。`);

    const foreign = await server.createDatabase();
    await server.admin(`create schema drizzle; create table drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint);
      insert into drizzle.__drizzle_migrations (hash, created_at) values ('abc', 1700000000000); create table invoices (id int)`, foreign);
    const drizzleApp = await testOfficeServer(await officeSettings(foreign), '');
    expect(drizzleApp).toMatchObject({ ok: false, problem: 'notLedger' });
    expect(drizzleApp.message).toContain('其中的结构记录与扶贫台账的不符');
  });

  it('a newer schema than this app knows', async () => {
    const database = await currentDatabase();
    await (await pgServer()).admin(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-a-newer-app', 4102444800000)`, database);
    const result = await testOfficeServer(await officeSettings(database), '');
    expect(result).toMatchObject({ ok: false, problem: 'newerSchema' });
    expect(result.message).toContain('服务器上的台账结构比这台电脑上的扶贫台账新（服务器多出 1 次升级）');
    await expect(connectOfficeServer(await officeSettings(database), '', { backupFolder: backupDir() })).rejects.toMatchObject({ problem: 'newerSchema' });
  });

  it('TLS required but the server has none; TLS “on” falls back to a plain connection', async () => {
    const database = await currentDatabase();
    const required = await testOfficeServer(await officeSettings(database, { tls: 'required' }), '');
    expect(required).toMatchObject({ ok: false, problem: 'tlsUnavailable' });
    expect(required.message).toContain('不支持加密连接（TLS），而这里设为“必须加密”');
    const preferred = await testOfficeServer(await officeSettings(database, { tls: 'on' }), '');
    expect(preferred).toMatchObject({ ok: true, encrypted: false });
    expect(preferred.message).toMatch(/^连接成功（未加密）/);
  });
});

describe('测试连接 says what is there', () => {
  it('the current schema, with the counts of the records on the server', async () => {
    const database = await currentDatabase();
    await (await pgServer()).admin(
      `insert into projects (year, name) values (2024, '甲'), (2024, '乙'), (2025, '丙');
       insert into payments (project_id, date, amount_fen) select id, '2024-05-01', 100 from projects where name = '甲'`,
      database,
    );
    const result = await testOfficeServer(await officeSettings(database), '');
    expect(result).toMatchObject({ ok: true, schema: 'current', pending: 0, canMigrate: true, counts: { projects: 3, payments: 1, allocations: 0, findings: 0 }, encrypted: false });
    expect(result.message).toContain('台账结构与本程序一致。服务器上现有项目 3 个、资金下达 0 笔、拨付 1 笔、问题 0 个');
  });

  it('an older schema: migrated on connect by an administrator; 测试连接 itself changes nothing', async () => {
    const database = await olderDatabase();
    const result = await testOfficeServer(await officeSettings(database), '');
    expect(result).toMatchObject({ ok: true, schema: 'older', pending: PG_TAGS.length - 1, canMigrate: true });
    expect(result.message).toContain(`台账结构较旧（有 ${PG_TAGS.length - 1} 次升级），这台电脑连接时会升级它（升级期间其他电脑等待）`);
    expect(await appliedCount(database)).toBe(1);
  });

  it('an empty database: set up at the next start', async () => {
    const database = await (await pgServer()).createDatabase();
    const result = await testOfficeServer(await officeSettings(database), '');
    expect(result).toMatchObject({ ok: true, schema: 'empty', pending: PG_TAGS.length, counts: null });
    expect(result.message).toContain(`数据库“${database}”是空的，保存后重新启动程序时，会在其中建立台账。`);
  });
});

describe('connecting migrates an older schema once, under the lock', () => {
  it('two PCs at once: one migrates, the other waits, is told why, and proceeds; the migrations ran once', async () => {
    const database = await olderDatabase();
    // The app's migrations with a slow last one, so the second PC certainly finds the first one migrating.
    const slow = migrationsCopy({ edit: (tag, sql) => (tag.startsWith('0001') ? `select pg_sleep(1.5);\n--> statement-breakpoint\n${sql}` : sql) });
    const settings = await officeSettings(database);
    const waits: string[][] = [[], []];
    const [a, b] = await Promise.all(
      [0, 1].map((i) => connectOfficeServer(settings, '', { migrationsFolder: slow, backupFolder: backupDir(), onWait: (message) => waits[i]?.push(message) })),
    );
    pools.push(a!.pool, b!.pool);
    const migrated = [a!.migrated, b!.migrated];
    expect(migrated.filter((m) => m.length > 0)).toEqual([PG_TAGS.slice(1)]);
    const waiter = migrated.findIndex((m) => m.length === 0);
    expect(waits[waiter]).toEqual([MIGRATION_WAIT_MESSAGE]);
    expect(waits[1 - waiter]).toEqual([]);
    expect(await appliedCount(database)).toBe(PG_TAGS.length);
    const after = await testOfficeServer(settings, '', { migrationsFolder: slow });
    expect(after).toMatchObject({ ok: true, schema: 'current' });
    // Both pools work on the migrated ledger.
    expect((await b!.pool.query<{ n: number }>('select count(*)::int as n from projects')).rows[0]?.n).toBe(0);
  });

  it('an empty database is set up on connect', async () => {
    const database = await (await pgServer()).createDatabase();
    const connection = await connectOfficeServer(await officeSettings(database), '', { backupFolder: backupDir() });
    pools.push(connection.pool);
    expect(connection.migrated).toEqual(PG_TAGS);
    expect(await testOfficeServer(await officeSettings(database), '')).toMatchObject({ ok: true, schema: 'current' });
  });

  it('a user who may not change the schema is refused on an older schema, in Chinese, and nothing changes', async () => {
    const server = await pgServer();
    const database = await olderDatabase();
    const clerk = await server.createRole({ grants: ['pg_read_all_data', 'pg_write_all_data'] });
    const error = await connectOfficeServer(await officeSettings(database, { user: clerk }), '', { backupFolder: backupDir() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfficeServerError);
    expect((error as OfficeServerError).message).toBe(`服务器上的台账结构需要升级，但用户“${clerk}”无权升级。请先用管理员的数据库用户在一台电脑上连接一次，升级完成后再连接。`);
    expect(await appliedCount(database)).toBe(1);
  });

  it('an older ledger is backed up before it is migrated: every table, checked, named after the server and database', async () => {
    const database = await olderDatabase();
    await (await pgServer()).admin(`insert into projects (year, name) values (2024, '甲'), (2024, '乙'), (2025, '丙')`, database);
    const before = await query<{ schema: string; name: string; n: string }>(
      database,
      `select schemaname as schema, tablename as name from pg_tables where schemaname = 'public' or (schemaname = 'drizzle' and tablename = '__drizzle_migrations')`,
    );
    const settings = await officeSettings(database);
    const folder = backupDir();
    const connection = await connectOfficeServer(settings, '', { backupFolder: folder, now: () => new Date('2026-12-07T19:30:00+08:00') });
    pools.push(connection.pool);
    expect(connection.migrated).toEqual(PG_TAGS.slice(1));
    expect(connection.backup).toBe(path.join(folder, `升级前-办公室服务器-127.0.0.1_${settings.port}-${database}-20261207-193000.jsonl.gz`));
    expect(fs.readdirSync(folder)).toEqual([path.basename(connection.backup ?? '')]);
    const counts = await readOfficeBackupCounts(connection.backup ?? '');
    expect(counts.map((t) => t.table).sort()).toEqual(before.map((t) => `${t.schema}.${t.name}`).sort());
    expect(counts.find((t) => t.table === 'public.projects')?.rows).toBe(3);
    expect(counts.find((t) => t.table === 'drizzle.__drizzle_migrations')?.rows).toBe(1);
    // The rows as they were, by their columns' names.
    const lines = zlib.gunzipSync(fs.readFileSync(connection.backup ?? '')).toString('utf8').split('\n');
    const names = lines.filter((l) => l.startsWith('{"r":')).map((l) => (JSON.parse(l) as { r: Record<string, unknown> }).r).filter((r) => 'year' in r).map((r) => r.name);
    expect(names.sort()).toEqual(['丙', '乙', '甲']);
    expect(migratedSentence(connection)).toBe(`办公室服务器上的台账结构已升级（${PG_TAGS.length - 1} 次升级），升级前的台账已备份到 ${connection.backup}。`);
    expect(await testOfficeServer(settings, '')).toMatchObject({ ok: true, schema: 'current' });
  });

  it('a backup folder that cannot be written: the older schema stays as it was, and the refusal says why', async () => {
    const database = await olderDatabase();
    const notAFolder = path.join(backupDir(), '一个文件');
    fs.writeFileSync(notAFolder, '');
    const folder = path.join(notAFolder, '办公室服务器');
    const error = await connectOfficeServer(await officeSettings(database), '', { backupFolder: folder }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfficeServerError);
    expect((error as OfficeServerError).problem).toBe('backupFailed');
    expect((error as OfficeServerError).message).toMatch(new RegExp(`^服务器上的台账结构需要升级，但升级前的备份没能写到“${folder.replace(/[.\\]/g, '\\$&')}”（.+），所以没有升级。请检查这个文件夹能否写入`));
    expect(await appliedCount(database)).toBe(1);
    expect(await testOfficeServer(await officeSettings(database), '')).toMatchObject({ ok: true, schema: 'older' });
  });

  it('an empty database is set up without a backup (there is nothing to keep)', async () => {
    const database = await (await pgServer()).createDatabase();
    const folder = backupDir();
    const connection = await connectOfficeServer(await officeSettings(database), '', { backupFolder: folder });
    pools.push(connection.pool);
    expect(connection).toMatchObject({ migrated: PG_TAGS, backup: null });
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('the current schema connects without migrating', async () => {
    const connection = await connectOfficeServer(await officeSettings(await currentDatabase()), '', { backupFolder: backupDir() });
    pools.push(connection.pool);
    expect(connection.migrated).toEqual([]);
  });
});
