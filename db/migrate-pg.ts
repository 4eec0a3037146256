// Migrating the office server's database (PostgreSQL) with the committed migrations of db/migrations-pg,
// generated from db/schema-pg.ts. Several clerks' PCs may connect at once after an upgrade: a session-level
// advisory lock lets one of them migrate while the others wait, and then find nothing left to do. drizzle's
// migrator applies the pending migrations in one transaction and records each in drizzle.__drizzle_migrations.
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Pool, PoolClient } from 'pg';
import { readJournal } from './open';

/** The key of the migration lock (any constant: "migr" in ASCII; the audit chain's is another). */
export const MIGRATION_LOCK = 0x6d696772;

type JournalEntry = ReturnType<typeof readJournal>[number];

/** The PostgreSQL migrations folder in the source tree (tests, CLI, browser mode). */
export function defaultPgMigrationsFolder(): string {
  return path.resolve(__dirname, 'migrations-pg');
}

/** Migrations in the folder that the database has not applied yet (drizzle records each by its `when`). */
export async function pendingPgMigrations(client: Pick<PoolClient, 'query'>, migrationsFolder = defaultPgMigrationsFolder()): Promise<JournalEntry[]> {
  const entries = readJournal(migrationsFolder);
  const table = await client.query<{ name: string | null }>(`select to_regclass('drizzle.__drizzle_migrations')::text as name`);
  if (!table.rows[0]?.name) return entries;
  const applied = await client.query<{ last: string | null }>('select max(created_at)::text as last from drizzle.__drizzle_migrations');
  const last = Number(applied.rows[0]?.last ?? -1);
  return entries.filter((e) => e.when > last);
}

export interface PgMigrationResult {
  /** Tags of the migrations this call applied; empty when the database was up to date. */
  applied: string[];
}

export interface PgMigrateOptions {
  migrationsFolder?: string;
  /** Called once when another client holds the lock (it is migrating): this one waits for it. */
  onWait?: () => void;
  /** Called under the lock: false applies nothing (e.g. the connection may not change the schema). */
  mayMigrate?: (pending: JournalEntry[]) => boolean;
  /** Called under the lock, on the migrating connection, just before the pending migrations apply; throwing applies nothing. */
  beforeApply?: (client: PoolClient, pending: JournalEntry[]) => Promise<void>;
}

/** Take the migration lock on `client`'s session; when another holds it, say so through onWait, then wait. */
export async function takeMigrationLock(client: Pick<PoolClient, 'query'>, onWait?: () => void): Promise<void> {
  const tried = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [MIGRATION_LOCK]);
  if (tried.rows[0]?.locked) return;
  onWait?.();
  await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
}

/**
 * Bring the database up to this app's schema, under the migration lock: a second caller waits for the first
 * and then applies nothing. All pending migrations commit together or not at all.
 */
export async function migratePostgres(pool: Pool, options: PgMigrateOptions = {}): Promise<PgMigrationResult> {
  const { migrationsFolder = defaultPgMigrationsFolder(), onWait, mayMigrate, beforeApply } = options;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await takeMigrationLock(client, onWait);
    const pending = await pendingPgMigrations(client, migrationsFolder);
    const apply = pending.length > 0 && (mayMigrate?.(pending) ?? true);
    if (apply) {
      await beforeApply?.(client, pending);
      await migrate(drizzle({ client }), { migrationsFolder });
    }
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    return { applied: apply ? pending.map((e) => e.tag) : [] };
  } catch (error) {
    // Closing the connection releases the session's lock whatever state it is in.
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken);
  }
}
