// 督导检查 store, 佐证材料: the only code that reads and writes the attachments table (the files themselves are
// in the data folder, see evidence.ts). Row types come from the drizzle schema; SQL is portable (see
// electron/platform/data-port.ts), every time is the context's clock.
import { attachments } from '../../../db/schema';
import type { FindingStatus } from '../../../shared/enums';
import { inListChunks, placeholders, type DataReader, type DataWriter } from '../../platform/data-port';

export type AttachmentRecord = typeof attachments.$inferSelect;
type OwnerType = AttachmentRecord['ownerType'];

const RECORD_SQL = `select id, owner_type as "ownerType", owner_id as "ownerId", original_name as "originalName", sha256, size_bytes as "sizeBytes",
    mime_type as "mimeType", deleted_at as "deletedAt", delete_reason as "deleteReason", created_at as "createdAt", updated_at as "updatedAt"
  from attachments`;

const withNumbers = (r: AttachmentRecord): AttachmentRecord => ({ ...r, sizeBytes: Number(r.sizeBytes) });

/** A live attachment, or undefined. */
export async function attachmentRecord(db: DataReader, id: number): Promise<AttachmentRecord | undefined> {
  const r = await db.get<AttachmentRecord>(`${RECORD_SQL} where id = ? and deleted_at is null`, [id]);
  return r && withNumbers(r);
}

/** Live attachments of one owner, oldest first. */
export async function attachmentsOf(db: DataReader, ownerType: OwnerType, ownerId: number): Promise<AttachmentRecord[]> {
  return (await db.all<AttachmentRecord>(`${RECORD_SQL} where owner_type = ? and owner_id = ? and deleted_at is null order by id`, [ownerType, ownerId])).map(withNumbers);
}

/** Live attachments of a finding and of its progress steps, oldest first. */
export async function evidenceOfFinding(db: DataReader, findingId: number): Promise<AttachmentRecord[]> {
  const rows = await db.all<AttachmentRecord>(
    `${RECORD_SQL} where deleted_at is null and (
       (owner_type = 'finding' and owner_id = ?)
       or (owner_type = 'findingUpdate' and owner_id in (select id from finding_updates where finding_id = ?)))
     order by id`,
    [findingId, findingId],
  );
  return rows.map(withNumbers);
}

/** How many live files are evidence of a finding: its own and its progress steps'. */
export async function liveEvidenceCount(db: DataReader, findingId: number): Promise<number> {
  const row = await db.get<{ n: number }>(
    `select (select count(*) from attachments where owner_type = 'finding' and owner_id = ? and deleted_at is null)
          + (select count(*) from finding_updates u join attachments x on x.owner_type = 'findingUpdate' and x.owner_id = u.id
             and x.deleted_at is null where u.finding_id = ?) as n`,
    [findingId, findingId],
  );
  return Number(row?.n ?? 0);
}

/** The live finding a file of this owner is evidence of (a finding, or the finding of a progress step). */
export async function evidenceFinding(db: DataReader, ownerType: 'finding' | 'findingUpdate', ownerId: number): Promise<{ id: number; status: FindingStatus } | undefined> {
  return ownerType === 'finding'
    ? db.get('select id, status from findings where id = ? and deleted_at is null', [ownerId])
    : db.get('select f.id, f.status from finding_updates u join findings f on f.id = u.finding_id where u.id = ? and f.deleted_at is null', [ownerId]);
}

// A 走访记录's photos (帮扶力量) are kept as findings' evidence is: the same checks, store and files.
const OWNER_TABLE = { project: 'projects', asset: 'assets', inspection: 'inspections', visit: 'assistance_visits' } as const;

/** Whether a project, asset, inspection or visit a file is attached to is live. */
export async function ownerIsLive(db: DataReader, ownerType: keyof typeof OWNER_TABLE, ownerId: number): Promise<boolean> {
  return (await db.get(`select 1 as live from ${OWNER_TABLE[ownerType]} where id = ? and deleted_at is null`, [ownerId])) !== undefined;
}

export type AttachmentFields = Pick<AttachmentRecord, 'ownerType' | 'ownerId' | 'originalName' | 'sha256' | 'sizeBytes' | 'mimeType'>;

export async function insertAttachment(tx: DataWriter, a: AttachmentFields, now: string): Promise<number> {
  const row = await tx.get<{ id: number }>(
    `insert into attachments (owner_type, owner_id, original_name, sha256, size_bytes, mime_type, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    [a.ownerType, a.ownerId, a.originalName, a.sha256, a.sizeBytes, a.mimeType, now, now],
  );
  if (!row) throw new Error('insert into attachments returned no id');
  return Number(row.id);
}

export async function softDeleteAttachment(tx: DataWriter, id: number, reason: string, now: string): Promise<void> {
  await tx.run('update attachments set deleted_at = ?, delete_reason = ?, updated_at = ? where id = ?', [now, reason, now, id]);
}

/** Every attachment's stored file (deleted ones too: their files stay), by hash, for copying a ledger with its files. */
export async function storedAttachmentFiles(db: DataReader): Promise<Array<Pick<AttachmentRecord, 'id' | 'originalName' | 'sha256' | 'mimeType' | 'sizeBytes'>>> {
  const rows = await db.all<Pick<AttachmentRecord, 'id' | 'originalName' | 'sha256' | 'mimeType' | 'sizeBytes'>>(
    'select id, original_name as "originalName", sha256, mime_type as "mimeType", size_bytes as "sizeBytes" from attachments order by id',
  );
  return rows.map((r) => ({ ...r, sizeBytes: Number(r.sizeBytes) }));
}

/** Live 佐证材料 attached to any of these findings. */
export async function liveEvidenceOfFindings(db: DataReader, findingIds: readonly number[]): Promise<number> {
  let n = 0;
  for (const chunk of inListChunks(findingIds)) {
    const row = await db.get<{ n: number }>(
      `select count(*) as n from attachments where owner_type = 'finding' and owner_id in (${placeholders(chunk.length)}) and deleted_at is null`,
      chunk,
    );
    n += Number(row?.n ?? 0);
  }
  return n;
}
