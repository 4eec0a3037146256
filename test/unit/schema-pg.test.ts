// One schema, two dialects: the office server's PostgreSQL database (db/schema-pg.ts, db/migrations-pg) has
// the same tables, columns, nullability, defaults, keys, checks and indexes as the SQLite file, as each live
// database reports them; the dictionary seed and the audit trail's guards are the same; migrating an empty
// server twice changes nothing the second time, and two PCs migrating at once apply the migrations once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPgMigrationsFolder, migratePostgres, pendingPgMigrations } from '../../db/migrate-pg';
import { readJournal } from '../../db/open';
import { ledgerPool } from '../../electron/platform/postgres-port';
import { tempDir, tempLedger, type TempLedger } from '../helpers/ledger';
import { migratedDatabase, pgServer } from '../helpers/pg-server';
import { postgresShape, sqliteShape, type SchemaShape } from '../helpers/schema-shape';

const pools: Pool[] = [];
const pool = (url: string) => {
  const p = ledgerPool(url);
  pools.push(p);
  return p;
};
let sqlite: TempLedger;
afterAll(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
  sqlite?.dispose();
});

describe('the PostgreSQL schema is the SQLite schema', () => {
  let lite: SchemaShape;
  let pg: SchemaShape;
  let server: Pool;
  beforeAll(async () => {
    sqlite = tempLedger();
    server = pool(await migratedDatabase());
    lite = sqliteShape(sqlite.sqlite);
    pg = await postgresShape(server);
  });

  it('has the same tables', () => {
    expect(Object.keys(pg)).toEqual(Object.keys(lite));
    expect(Object.keys(lite).length).toBeGreaterThan(15);
  });

  it('has the same columns, types, nullability and defaults in every table', () => {
    for (const table of Object.keys(lite)) expect({ table, columns: pg[table]?.columns }).toEqual({ table, columns: lite[table]?.columns });
    // Defaults compared by meaning: the timestamps' default is the current UTC instant in both.
    expect(pg.projects?.columns.created_at?.default).toBe('now (ISO instant)');
    expect(pg.projects?.columns.status?.default).toBe('planning');
  });

  it('has the same primary keys, foreign keys and check constraints', () => {
    for (const table of Object.keys(lite)) {
      const { primaryKey, foreignKeys, checks } = lite[table] as NonNullable<SchemaShape[string]>;
      expect({ table, primaryKey: pg[table]?.primaryKey, foreignKeys: pg[table]?.foreignKeys, checks: pg[table]?.checks }).toEqual({ table, primaryKey, foreignKeys, checks });
    }
  });

  it('has the same indexes: names, uniqueness, columns in order, partial conditions', () => {
    for (const table of Object.keys(lite)) expect({ table, indexes: pg[table]?.indexes }).toEqual({ table, indexes: lite[table]?.indexes });
    expect(pg.projects?.indexes.projects_live_year_idx?.where).toBe('deleted_at is null');
  });

  it('keeps money exact beyond 2^31 fen and refuses what SQLite refuses', async () => {
    // SQLite's integer is 64-bit; PostgreSQL's integer is not: every money column is bigint there.
    const money = await server.query<{ column_name: string; data_type: string }>("select column_name, data_type from information_schema.columns where table_schema = 'public' and column_name like '%\\_fen'");
    expect(money.rows.length).toBeGreaterThan(10);
    expect(new Set(money.rows.map((c) => c.data_type))).toEqual(new Set(['bigint']));
    const big = 9_007_199_254_740_991; // Number.MAX_SAFE_INTEGER fen
    await server.query("insert into allocations (doc_number, level, date, year, amount_fen) values ('青财农字〔2026〕1号', 'county', '2026-01-05', 2026, $1)", [big]);
    const row = await server.query<{ amount_fen: number; n: number }>('select amount_fen, count(*) over () as n from allocations');
    expect(row.rows[0]).toEqual({ amount_fen: big, n: 1 });
    for (const run of [
      (sql: string) => sqlite.sqlite.prepare(sql).run(),
      (sql: string) => server.query(sql),
    ]) {
      await expect(async () => run("insert into divisions (code, name, level) values ('63212300000A', '青山县', 'county')")).rejects.toThrow(/divisions_code_shape/);
      await expect(async () => run("insert into allocations (doc_number, level, date, year, amount_fen) values ('x', 'county', '2026-01-05', 2026, -1)")).rejects.toThrow(/allocations_amount_nonnegative/);
    }
  });

  it('seeds the same two-level project-type dictionary', async () => {
    const dictionary = 'select c.name, c.sort_order, p.name as parent from project_types c left join project_types p on p.id = c.parent_id order by p.name nulls first, c.sort_order, c.name';
    const fromSqlite = sqlite.sqlite.prepare(dictionary.replace('nulls first', '')).all();
    const fromPg = (await server.query(dictionary)).rows;
    expect(fromPg).toEqual(fromSqlite);
    expect(fromPg).toHaveLength(29);
  });

  it('refuses to change or remove audit rows with the same messages (and TRUNCATE on PostgreSQL)', async () => {
    const insert = "insert into audit_log (at, operator, action, entity, prev_hash, hash) values ('2026-12-07T02:00:00.000Z', '张三', 'create', 'settings', 'p', 'h')";
    sqlite.sqlite.prepare(insert).run();
    await server.query(insert);
    expect(() => sqlite.sqlite.prepare("update audit_log set operator = '李四'").run()).toThrow('审计日志不可修改');
    expect(() => sqlite.sqlite.prepare('delete from audit_log').run()).toThrow('审计日志不可删除');
    await expect(server.query("update audit_log set operator = '李四'")).rejects.toThrow('审计日志不可修改');
    await expect(server.query('delete from audit_log')).rejects.toThrow('审计日志不可删除');
    await expect(server.query('truncate audit_log')).rejects.toThrow('审计日志不可删除');
    expect((await server.query('select operator from audit_log')).rows).toEqual([{ operator: '张三' }]);
  });
});

/** Everything a migration can change, as the catalog reports it. */
async function catalogDump(p: Pool): Promise<unknown> {
  const q = async (sql: string) => (await p.query(sql)).rows;
  return {
    shape: await postgresShape(p),
    triggers: await q("select tgname, tgrelid::regclass::text as tbl from pg_trigger where not tgisinternal order by 1"),
    functions: await q("select p.proname, md5(p.prosrc) as body from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' order by 1"),
    sequences: await q("select sequence_name from information_schema.sequences where sequence_schema = 'public' order by 1"),
    migrations: await q('select hash, created_at from drizzle.__drizzle_migrations order by id'),
    dictionary: await q('select id, parent_id, name, sort_order from project_types order by id'),
  };
}

describe('migrating the office server', () => {
  it('migrates an empty database; migrating it again changes nothing', async () => {
    const server = await pgServer();
    const p = pool(server.url(await server.createDatabase()));
    const tags = readJournal(defaultPgMigrationsFolder()).map((e) => e.tag);
    expect(await migratePostgres(p)).toEqual({ applied: tags });
    const first = await catalogDump(p);
    const client = await p.connect();
    try {
      expect(await pendingPgMigrations(client)).toEqual([]);
    } finally {
      client.release();
    }
    expect(await migratePostgres(p)).toEqual({ applied: [] });
    expect(await catalogDump(p)).toEqual(first);
  });

  it('two PCs migrating at once: one applies the migrations, the other waits and finds nothing to do', async () => {
    const server = await pgServer();
    const url = server.url(await server.createDatabase());
    const results = await Promise.all([migratePostgres(pool(url)), migratePostgres(pool(url))]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, readJournal(defaultPgMigrationsFolder()).length]);
    expect((await pool(url).query('select count(*) as n from project_types')).rows).toEqual([{ n: 29 }]);
  });

  it('schema-pg.ts has no changes that the committed migrations lack (drizzle-kit generate is a no-op)', () => {
    const folder = defaultPgMigrationsFolder();
    const out = tempDir('drizzle-pg-out-');
    try {
      fs.cpSync(folder, out, { recursive: true });
      const before = fs.readdirSync(out).sort();
      const bin = path.resolve('node_modules', '.bin', 'drizzle-kit');
      const run = spawnSync(bin, ['generate', '--config', 'drizzle-pg.config.ts'], { env: { ...process.env, DRIZZLE_OUT: path.relative(process.cwd(), out) }, encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(fs.readdirSync(out).sort()).toEqual(before);
      expect(`${run.stdout}${run.stderr}`).toMatch(/No schema changes/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
