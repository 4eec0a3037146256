// Office servers in each state 测试连接 tells apart, on the run's throwaway PostgreSQL cluster
// (test/helpers/pg-server.ts): at the app's schema, at an older one, with a migrations folder whose last
// migration is slow (to catch two PCs migrating at once), and the connection settings for each.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPgMigrationsFolder, migratePostgres } from '../../db/migrate-pg';
import { ledgerPool } from '../../electron/platform/postgres-port';
import type { OfficeServerSettings } from '../../shared/api-office';
import { migratedDatabase, pgServer } from './pg-server';

export const tempDirs: string[] = [];

/** A copy of the app's PostgreSQL migrations, cut to the first `keep` (older app) or changed by `edit`. */
export function migrationsCopy(options: { keep?: number; edit?: (tag: string, sql: string) => string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'office-migrations-'));
  tempDirs.push(dir);
  fs.cpSync(defaultPgMigrationsFolder(), dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  if (options.keep !== undefined) {
    journal.entries = journal.entries.slice(0, options.keep);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
  }
  if (options.edit) {
    for (const { tag } of journal.entries) {
      const file = path.join(dir, `${tag}.sql`);
      fs.writeFileSync(file, options.edit(tag, fs.readFileSync(file, 'utf8')));
    }
  }
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The name of a new database on the run's server at the schema of an app with only the first migration. */
export async function olderDatabase(): Promise<string> {
  const server = await pgServer();
  const name = await server.createDatabase();
  const pool = ledgerPool(server.url(name));
  try {
    await migratePostgres(pool, { migrationsFolder: migrationsCopy({ keep: 1 }) });
  } finally {
    await pool.end();
  }
  return name;
}

/** The name of a new database at the app's schema. */
export async function currentDatabase(): Promise<string> {
  return new URL(await migratedDatabase()).pathname.slice(1);
}

/** Settings for `database` on the run's server as `user` (the trusted superuser by default). */
export async function officeSettings(database: string, overrides: Partial<OfficeServerSettings> = {}): Promise<OfficeServerSettings> {
  const server = await pgServer();
  return { host: '127.0.0.1', port: server.port, database, user: 'postgres', tls: 'off', ...overrides };
}
