// What a person does to a ledger file with an ordinary SQLite tool: drop the audit log's guards, change
// things, put the guards back. Used by the 校验 tests (unit and e2e) to change a real file outside the program.
import Database from 'better-sqlite3';

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
