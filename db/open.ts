// Opening the ledger file: pragmas, a checked backup copy (db/backup.ts) before pending migrations, then the migrations in one
// transaction (drizzle's migrator wraps them in BEGIN/COMMIT and rolls back on error).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { freeBackupPath, writeBackupSync } from './backup';
import * as schema from './schema';

export type LedgerDb = BetterSQLite3Database<typeof schema>;
export type SqliteDb = Database.Database;

export interface OpenedLedger {
  sqlite: SqliteDb;
  db: LedgerDb;
  file: string;
  /** Path of the copy made before migrating, when there was something to migrate in an existing file. */
  preMigrationBackup: string | null;
  close(): void;
}

export interface OpenOptions {
  file: string;
  migrationsFolder: string;
  /** Where pre-migration copies go; default: a 备份 folder beside the file. */
  backupDir?: string;
  readonly?: boolean;
}

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

export function readJournal(migrationsFolder: string): JournalEntry[] {
  const journalPath = path.join(migrationsFolder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

/** Migrations in the folder that the file has not applied yet (drizzle records each by its `when`). */
export function pendingMigrations(sqlite: SqliteDb, migrationsFolder: string): JournalEntry[] {
  const entries = readJournal(migrationsFolder);
  const hasTable = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  if (!hasTable) return entries;
  const applied = sqlite.prepare('select max(created_at) as last from __drizzle_migrations').get() as {
    last: number | null;
  };
  const last = applied.last ?? -1;
  return entries.filter((e) => e.when > last);
}

export function applyPragmas(sqlite: SqliteDb): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
}

/** The 备份 folder beside the ledger file: automatic backups and the copies made before migrations. */
export function defaultBackupDir(file: string): string {
  return path.join(path.dirname(path.resolve(file)), '备份');
}

export function openLedgerFile(options: OpenOptions): OpenedLedger {
  fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
  const existed = fs.existsSync(options.file) && fs.statSync(options.file).size > 0;
  const sqlite = new Database(options.file);
  try {
    applyPragmas(sqlite);
    let preMigrationBackup: string | null = null;
    const pending = pendingMigrations(sqlite, options.migrationsFolder);
    if (pending.length > 0) {
      if (existed) {
        const dir = options.backupDir ?? defaultBackupDir(options.file);
        preMigrationBackup = writeBackupSync(sqlite, freeBackupPath(dir, 'migration', new Date())).file;
      }
      migrate(drizzle(sqlite, { schema }), { migrationsFolder: options.migrationsFolder });
    }
    const db = drizzle(sqlite, { schema });
    return {
      sqlite,
      db,
      file: options.file,
      preMigrationBackup,
      close: () => sqlite.close(),
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/** The migrations folder in the source tree (tests, CLI, browser mode); Electron passes its resources path. */
export function defaultMigrationsFolder(): string {
  return path.resolve(__dirname, 'migrations');
}
