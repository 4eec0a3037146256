import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, openLedgerFile, pendingMigrations, readJournal } from '../../db/open';
import { tempDir } from '../helpers/ledger';

const migrationsFolder = defaultMigrationsFolder();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function schemaDump(file: string): string {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare("select type, name, sql from sqlite_master where name not like 'sqlite_%' order by name").all();
  db.close();
  return JSON.stringify(rows);
}

describe('migrations', () => {
  it('journal entries and SQL files agree one to one', () => {
    const entries = readJournal(migrationsFolder);
    const sqlFiles = fs.readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).sort();
    expect(entries.map((e) => `${e.tag}.sql`).sort()).toEqual(sqlFiles);
    expect(entries.map((e) => e.idx)).toEqual(entries.map((_, i) => i));
    const whens = entries.map((e) => e.when);
    expect([...whens].sort((a, b) => a - b)).toEqual(whens);
    for (const entry of entries) {
      if (entry.idx === 0 || !entry.tag.includes('seed')) {
        expect(fs.existsSync(path.join(migrationsFolder, 'meta', `${String(entry.idx).padStart(4, '0')}_snapshot.json`))).toBe(true);
      }
    }
  });

  it('schema.ts has no changes that the committed migrations lack (drizzle-kit generate is a no-op)', () => {
    const out = tempDir('drizzle-out-');
    dirs.push(out);
    fs.cpSync(migrationsFolder, out, { recursive: true });
    const before = fs.readdirSync(out).sort();
    const bin = path.resolve('node_modules', '.bin', 'drizzle-kit');
    const run = spawnSync(bin, ['generate'], { env: { ...process.env, DRIZZLE_OUT: path.relative(process.cwd(), out) }, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const log = `${run.stdout}${run.stderr}`;
    expect(fs.readdirSync(out).sort()).toEqual(before);
    expect(log).toMatch(/No schema changes/);
  });

  it('a new file is migrated; migrating twice is a no-op', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'ledger.db');
    const first = openLedgerFile({ file, migrationsFolder });
    expect(first.preMigrationBackup).toBeNull();
    expect(pendingMigrations(first.sqlite, migrationsFolder)).toEqual([]);
    const typeCount = first.sqlite.prepare('select count(*) from project_types').pluck().get();
    first.close();
    const dumpAfterFirst = schemaDump(file);

    const second = openLedgerFile({ file, migrationsFolder });
    expect(second.preMigrationBackup).toBeNull();
    expect(second.sqlite.prepare('select count(*) from project_types').pluck().get()).toBe(typeCount);
    expect(second.sqlite.prepare('select count(*) from __drizzle_migrations').pluck().get()).toBe(readJournal(migrationsFolder).length);
    second.close();
    expect(schemaDump(file)).toBe(dumpAfterFirst);
  });

  it('seeds the two-level project-type dictionary', () => {
    const dir = tempDir();
    dirs.push(dir);
    const opened = openLedgerFile({ file: path.join(dir, 'l.db'), migrationsFolder });
    const top = opened.sqlite.prepare('select name from project_types where parent_id is null order by sort_order').pluck().all();
    expect(top).toEqual(['产业发展', '就业项目', '乡村建设行动', '易地搬迁后扶', '巩固三保障成果', '乡村治理和精神文明建设', '项目管理费', '其他']);
    const jobs = opened.sqlite
      .prepare("select c.name from project_types c join project_types p on p.id = c.parent_id where p.name = '就业项目' order by c.sort_order")
      .pluck()
      .all();
    expect(jobs).toEqual(['务工补助', '就业培训', '公益性岗位']);
    opened.close();
  });

  it('backs up an existing file before applying pending migrations, and rolls back a failing one', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'ledger.db');
    // An older ledger: only the first migration applied.
    const partial = path.join(dir, 'partial-migrations');
    fs.mkdirSync(path.join(partial, 'meta'), { recursive: true });
    const entries = readJournal(migrationsFolder);
    const first = entries[0]!;
    fs.copyFileSync(path.join(migrationsFolder, `${first.tag}.sql`), path.join(partial, `${first.tag}.sql`));
    fs.writeFileSync(path.join(partial, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'sqlite', entries: [first] }));
    const old = openLedgerFile({ file, migrationsFolder: partial });
    old.sqlite.prepare("insert into settings (key, value) values ('officeName', '\"旧数据\"')").run();
    old.close();

    const upgraded = openLedgerFile({ file, migrationsFolder, backupDir: path.join(dir, 'backups') });
    expect(upgraded.preMigrationBackup).not.toBeNull();
    upgraded.close();
    const copy = new Database(upgraded.preMigrationBackup!, { readonly: true });
    expect(copy.prepare("select value from settings where key = 'officeName'").pluck().get()).toBe('"旧数据"');
    expect(copy.prepare('select count(*) from __drizzle_migrations').pluck().get()).toBe(1);
    copy.close();

    // A broken migration leaves the file as it was (one transaction).
    const broken = path.join(dir, 'broken-migrations');
    fs.cpSync(migrationsFolder, broken, { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(broken, 'meta', '_journal.json'), 'utf8')) as { entries: Array<Record<string, unknown>> };
    journal.entries.push({ idx: journal.entries.length, version: '6', when: Date.now() + 1000, tag: '9999_broken', breakpoints: true });
    fs.writeFileSync(path.join(broken, 'meta', '_journal.json'), JSON.stringify(journal));
    fs.writeFileSync(path.join(broken, '9999_broken.sql'), "CREATE TABLE half_done (x integer);\n--> statement-breakpoint\nTHIS IS NOT SQL;\n");
    const schemaBefore = schemaDump(file);
    expect(() => openLedgerFile({ file, migrationsFolder: broken, backupDir: path.join(dir, 'backups') })).toThrow();
    expect(schemaDump(file)).toBe(schemaBefore);
  });
});
