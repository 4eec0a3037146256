// Who is connected: the only code that reads and writes operator_sessions (db/schema.ts). Portable SQL (see
// electron/platform/data-port.ts); every time is the caller's clock, as an ISO instant, so they compare as text.
import { operatorSessions } from '../../../db/schema';
import type { DataReader, DataWriter } from '../../platform/data-port';

export type SessionRecord = typeof operatorSessions.$inferSelect;

/** A session with the name its operator has now. */
export type ConnectedRecord = SessionRecord & { operatorName: string };

export async function insertSession(tx: DataWriter, fields: Pick<SessionRecord, 'operatorId' | 'pcName' | 'door'>, at: string): Promise<number> {
  const row = await tx.get<{ id: number }>(
    'insert into operator_sessions (operator_id, pc_name, door, signed_in_at, last_seen_at) values (?, ?, ?, ?, ?) returning id',
    [fields.operatorId, fields.pcName, fields.door, at, at],
  );
  if (!row) throw new Error('insert into operator_sessions returned no id');
  return Number(row.id);
}

/** Marks the session seen at `at`; 0 when its row is gone (pruned, or removed by another PC). */
export async function touchSession(tx: DataWriter, id: number, at: string): Promise<number> {
  return (await tx.run('update operator_sessions set last_seen_at = ? where id = ?', [at, id])).changes;
}

export async function deleteSession(tx: DataWriter, id: number): Promise<void> {
  await tx.run('delete from operator_sessions where id = ?', [id]);
}

/** Removes the sessions last seen before `before` (PCs that went away without signing out, long ago). */
export async function deleteSessionsSeenBefore(tx: DataWriter, before: string): Promise<number> {
  return (await tx.run('delete from operator_sessions where last_seen_at < ?', [before])).changes;
}

/** Every session, the most recently seen first, with its operator's name. */
export async function connectedRecords(db: DataReader): Promise<ConnectedRecord[]> {
  const rows = await db.all<ConnectedRecord>(
    `select s.id, s.operator_id as "operatorId", s.pc_name as "pcName", s.door, s.signed_in_at as "signedInAt",
        s.last_seen_at as "lastSeenAt", o.name as "operatorName"
      from operator_sessions s join operators o on o.id = s.operator_id
      order by s.last_seen_at desc, s.id desc`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), operatorId: Number(r.operatorId) }));
}
