// 设置 store: settings are rows of the settings table (db/schema.ts): key → JSON text. This module is the only
// code that reads or writes them; the services that own a setting (service.ts here, supervision-settings.ts, progress.ts,
// operators.ts, divisions.ts, the search-initials rule in projects.ts, the import's county name, the demo
// county) call readSettingOn/writeSettingOn, and a settings form's save goes through saveSettingChangesOn, which
// leaves the audit row. Statements are prepared once per open connection: the operator's name is read on
// every audited write.
// The port's functions (`…On`) serve the services, on either engine. The synchronous ones on ctx.sqlite are
// left for callers that cannot wait: ctx.operator() (platform/context.ts: the synchronous writeWithAudit and
// the import read the operator's name in the middle of their transactions), 操作员's multi-user switch (the
// operators area still writes synchronously through drizzle) and the import's 立行立改 days
// (getSupervisionSettings). Same SQL for both.
import type { DataReader, DataWriter } from '../../platform/data-port';
import type { AuditTrailWriter } from '../../platform/audited-write';
import type { ServiceContext } from '../../platform/context';

const READ_SQL = 'select value from settings where key = ?';
const UPSERT_SQL = `insert into settings (key, value, updated_at) values (?, ?, ?)
  on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`;
const INSERT_IF_ABSENT_SQL = 'insert into settings (key, value, updated_at) values (?, ?, ?) on conflict (key) do nothing';

type Sqlite = ServiceContext['sqlite'];
type Statement = ReturnType<Sqlite['prepare']>;

const statements = new WeakMap<Sqlite, { read: Statement; upsert: Statement; insertIfAbsent: Statement }>();

function prepared(sqlite: Sqlite) {
  let s = statements.get(sqlite);
  if (!s) {
    s = {
      read: sqlite.prepare(READ_SQL).pluck(),
      upsert: sqlite.prepare(UPSERT_SQL),
      insertIfAbsent: sqlite.prepare(INSERT_IF_ABSENT_SQL),
    };
    statements.set(sqlite, s);
  }
  return s;
}

/** One setting's stored value (parsed JSON), or undefined when it was never written. */
export function readSetting<T>(ctx: Pick<ServiceContext, 'sqlite'>, key: string): T | undefined {
  const raw = prepared(ctx.sqlite).read.get(key) as string | undefined;
  return raw === undefined ? undefined : (JSON.parse(raw) as T);
}

export interface WriteSettingOptions {
  /** The write's timestamp when the caller stamps a whole batch with one instant; ctx.now() otherwise. */
  at?: string;
  /** Keep a value already stored (the import names the county only when 设置 has none). */
  keepExisting?: boolean;
}

/**
 * Store one setting as JSON. It leaves no audit row by itself: call it inside the caller's writeWithAudit,
 * which records what the change means (操作员's multi-user switch).
 */
export function writeSetting(ctx: Pick<ServiceContext, 'sqlite' | 'now'>, key: string, value: unknown, options: WriteSettingOptions = {}): void {
  const s = prepared(ctx.sqlite);
  (options.keepExisting ? s.insertIfAbsent : s.upsert).run(key, JSON.stringify(value), options.at ?? ctx.now().toISOString());
}

/** readSetting through the data port. */
export async function readSettingOn<T>(db: DataReader, key: string): Promise<T | undefined> {
  const row = await db.get<{ value: string }>(READ_SQL, [key]);
  return row === undefined ? undefined : (JSON.parse(row.value) as T);
}

/** writeSetting inside a transaction of the data port, stamped `at` (the context's clock). */
export async function writeSettingOn(tx: DataWriter, key: string, value: unknown, at: string, options: Pick<WriteSettingOptions, 'keepExisting'> = {}): Promise<void> {
  await tx.run(options.keepExisting ? INSERT_IF_ABSENT_SQL : UPSERT_SQL, [key, JSON.stringify(value), at]);
}

/** One edited field of a settings form: the key it is stored under and its value before and after. */
export interface SettingChange {
  field: string;
  key: string;
  before: unknown;
  after: unknown;
}

/**
 * Save the fields of a settings form that changed, inside the caller's writeAudited transaction: each under
 * its key, stamped `at`, then one audit row (update, settings) with the fields' values before and after. No
 * change: nothing is written and no row is left.
 */
export async function saveSettingChangesOn(tx: DataWriter, audit: AuditTrailWriter, changes: readonly SettingChange[], at: string): Promise<void> {
  if (changes.length === 0) return;
  for (const c of changes) await writeSettingOn(tx, c.key, c.after, at);
  await audit.record({
    action: 'update',
    entity: 'settings',
    before: Object.fromEntries(changes.map((c) => [c.field, c.before])),
    after: Object.fromEntries(changes.map((c) => [c.field, c.after])),
  });
}
