// What a PostgreSQL database holds, compared with this app's committed migrations (db/migrations-pg): empty,
// this ledger at the app's schema, at an older one, at a newer one, or something else. drizzle records each
// applied migration by its folder time and the SHA-256 of its SQL: a record the app does not know, before its
// own last migration or with another hash, is not this ledger's.
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { ClientBase } from 'pg';
import type { OfficeLedgerCounts } from '../../shared/api-office';

export type SchemaState =
  | { kind: 'empty'; pending: number; canMigrate: boolean }
  | { kind: 'current' | 'older'; pending: number; canMigrate: boolean; counts: OfficeLedgerCounts }
  | { kind: 'newer'; beyond: number }
  /** `reason`: a Chinese sentence (ends with 。) saying what was found. */
  | { kind: 'notLedger'; reason: string };

type Queryable = Pick<ClientBase, 'query'>;

/** Tables every ledger has had since its first migration. */
const CORE_TABLES = ['projects', 'allocations', 'payments', 'findings', 'audit_log'];

async function publicTables(client: Queryable): Promise<string[]> {
  const rows = await client.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by tablename`);
  return rows.rows.map((r) => r.name);
}

async function appliedMigrations(client: Queryable): Promise<Array<{ hash: string; at: number }> | null> {
  const table = await client.query<{ name: string | null }>(`select to_regclass('drizzle.__drizzle_migrations')::text as name`);
  if (!table.rows[0]?.name) return null;
  const rows = await client.query<{ hash: string; at: string }>('select hash, created_at::text as at from drizzle.__drizzle_migrations order by created_at');
  return rows.rows.map((r) => ({ hash: r.hash, at: Number(r.at) }));
}

/** The connection may create the ledger's tables (empty database) or alter them (their owner, or a superuser). */
async function mayChangeSchema(client: Queryable, hasTables: boolean): Promise<boolean> {
  const sql = hasTables
    ? `select (select rolsuper from pg_roles where rolname = current_user)
         or pg_has_role(current_user, (select tableowner from pg_tables where schemaname = 'public' and tablename = 'projects'), 'MEMBER') as may`
    : `select (select rolsuper from pg_roles where rolname = current_user)
         or (has_schema_privilege(current_user, 'public', 'CREATE') and has_database_privilege(current_user, current_database(), 'CREATE')) as may`;
  return (await client.query<{ may: boolean }>(sql)).rows[0]?.may === true;
}

async function countRecords(client: Queryable): Promise<OfficeLedgerCounts> {
  const row = await client.query<OfficeLedgerCounts>(
    `select (select count(*) from projects) as "projects", (select count(*) from allocations) as "allocations",
            (select count(*) from payments) as "payments", (select count(*) from findings) as "findings",
            (select count(*) from audit_log) as "auditRows"`,
  );
  const c = row.rows[0];
  return { projects: Number(c?.projects ?? 0), allocations: Number(c?.allocations ?? 0), payments: Number(c?.payments ?? 0), findings: Number(c?.findings ?? 0), auditRows: Number(c?.auditRows ?? 0) };
}

function listed(names: string[]): string {
  const shown = names.slice(0, 3).join('、');
  return names.length > 3 ? `${shown} 等 ${names.length} 张表` : shown;
}

export async function inspectLedgerSchema(client: Queryable, migrationsFolder: string): Promise<SchemaState> {
  const ours = readMigrationFiles({ migrationsFolder });
  const known = new Map(ours.map((m) => [m.folderMillis, m.hash]));
  const lastOurs = ours.reduce((max, m) => Math.max(max, m.folderMillis), -1);
  const tables = await publicTables(client);
  const applied = await appliedMigrations(client);

  if (!applied || applied.length === 0) {
    if (tables.length === 0) return { kind: 'empty', pending: ours.length, canMigrate: await mayChangeSchema(client, false) };
    return { kind: 'notLedger', reason: `其中已有别的数据（${listed(tables)}），却没有台账的结构记录。` };
  }
  let beyond = 0;
  for (const m of applied) {
    const hash = known.get(m.at);
    if (hash === undefined && m.at > lastOurs) beyond += 1;
    else if (hash !== m.hash) return { kind: 'notLedger', reason: '其中的结构记录与扶贫台账的不符（可能是别的程序的数据库）。' };
  }
  const missing = CORE_TABLES.filter((t) => !tables.includes(t));
  if (missing.length > 0) return { kind: 'notLedger', reason: `其中缺少台账的表（${listed(missing)}）。` };
  if (beyond > 0) return { kind: 'newer', beyond };
  const last = applied.reduce((max, m) => Math.max(max, m.at), -1);
  const pending = ours.filter((m) => m.folderMillis > last).length;
  return { kind: pending === 0 ? 'current' : 'older', pending, canMigrate: await mayChangeSchema(client, true), counts: await countRecords(client) };
}
