// 设置 store: settings are rows of the settings table (db/schema.ts): key → JSON text. This module is the only
// code that reads or writes them, through the data port on either engine: the services that own a setting
// (service.ts here, supervision-settings.ts, progress.ts, operators, divisions.ts, the search-initials rule in
// projects.ts, the import's county name, the demo county, the context's operator name) call
// readSettingOn/writeSettingOn, and a settings form's save goes through saveSettingChangesOn, which leaves the
// audit row.
import type { DataReader, DataWriter } from '../../platform/data-port';
import type { AuditTrailWriter } from '../../platform/audited-write';

const READ_SQL = 'select value from settings where key = ?';
const UPSERT_SQL = `insert into settings (key, value, updated_at) values (?, ?, ?)
  on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`;
const INSERT_IF_ABSENT_SQL = 'insert into settings (key, value, updated_at) values (?, ?, ?) on conflict (key) do nothing';

export interface WriteSettingOptions {
  /** Keep a value already stored (the import names the county only when 设置 has none). */
  keepExisting?: boolean;
}

/** One setting's stored value (parsed JSON), or undefined when it was never written. */
export async function readSettingOn<T>(db: DataReader, key: string): Promise<T | undefined> {
  const row = await db.get<{ value: string }>(READ_SQL, [key]);
  return row === undefined ? undefined : (JSON.parse(row.value) as T);
}

/**
 * Store one setting as JSON inside a transaction of the data port, stamped `at` (the context's clock). It leaves
 * no audit row by itself: the caller's writeAudited records what the change means.
 */
export async function writeSettingOn(tx: DataWriter, key: string, value: unknown, at: string, options: WriteSettingOptions = {}): Promise<void> {
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
