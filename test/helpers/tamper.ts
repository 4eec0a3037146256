// What a person does to a ledger file with an ordinary SQLite tool: drop the audit log's guards, change
// things, put the guards back. Used by the 校验 tests (unit and e2e) to change a real file outside the program.
import Database from 'better-sqlite3';
import { replaceLedgerFile, type ServiceContext } from '../../electron/platform/context';
import { sqlitePort, type DataPort, type DataWriter } from '../../electron/platform/data-port';

export function tamper(file: string, change: (db: Database.Database) => void): void {
  const db = new Database(file);
  const triggers = db.prepare("select sql from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'").pluck().all() as string[];
  db.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete');
  change(db);
  for (const sql of triggers) db.exec(sql);
  db.close();
}

/** Cut the newest rows off the trail down to `keepId`, resetting the id counter so nothing shows a jump. */
export function cutAuditAfter(db: Database.Database, keepId: number): void {
  db.prepare('delete from audit_log where id > ?').run(keepId);
  db.prepare("update sqlite_sequence set seq = ? where name = 'audit_log'").run(keepId);
}

/**
 * The same on either engine, for a ledger a test has open: on a file another connection to it while the ledger
 * is closed, the ledger then reopened into the same context (as 恢复 does); on the office server one
 * transaction as the database's owner, as psql would. `change` runs without the audit log's guards, which are
 * put back after it.
 */
export async function tamperLedger(ledger: ServiceContext, change: (db: DataWriter, dialect: DataPort['dialect']) => Promise<void>): Promise<void> {
  if (ledger.port) {
    await ledger.port.transaction(async (tx) => {
      const guards = await tx.all<{ name: string; definition: string }>(
        `select tgname as name, pg_get_triggerdef(oid) as definition from pg_trigger
          where tgrelid = 'audit_log'::regclass and tgname in ('audit_log_no_update', 'audit_log_no_delete')`,
      );
      for (const guard of guards) await tx.run(`drop trigger ${guard.name} on audit_log`);
      await change(tx, 'postgres');
      for (const guard of guards) await tx.run(guard.definition);
    });
    return;
  }
  ledger.sqlite.close();
  const db = new Database(ledger.dbFile);
  try {
    const triggers = db.prepare("select sql from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'").pluck().all() as string[];
    db.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete');
    await sqlitePort(db).transaction((tx) => change(tx, 'sqlite'));
    for (const sql of triggers) db.exec(sql);
  } finally {
    db.close();
    replaceLedgerFile(ledger, () => undefined);
  }
}
