// 简报 store: the only code with SQL for the bulletin_series and bulletins tables. Row types come from the
// drizzle schema; SQL is portable (see electron/platform/data-port.ts); every time is the context's clock,
// passed in as `at`. Flags are stored as 0/1 on both engines.
import { bulletins, bulletinSeries } from '../../../db/schema';
import type { DataReader, DataWriter, SqlValue } from '../../platform/data-port';
import { BUMP_VERSION, versionCondition } from '../../platform/row-version';

export type SeriesRecord = Pick<typeof bulletinSeries.$inferSelect, 'id' | 'name' | 'issuer' | 'recipients' | 'copies' | 'classification'>;
export type SeriesFields = Omit<SeriesRecord, 'id'>;

type StoredBulletin = typeof bulletins.$inferSelect;

/** A live bulletin with its series' name and issuer and its inspection's name. */
export type BulletinRecord = Pick<
  StoredBulletin,
  | 'id'
  | 'version'
  | 'seriesId'
  | 'year'
  | 'number'
  | 'title'
  | 'issueDate'
  | 'status'
  | 'inspectionId'
  | 'periodStart'
  | 'periodEnd'
  | 'content'
  | 'snapshot'
  | 'pdfSha256'
  | 'issuedBy'
  | 'issuedAt'
  | 'updatedAt'
> & { isSupplement: boolean; seriesName: string; issuer: string; inspectionName: string | null };

/** What a draft is created with. */
export type NewBulletin = Pick<StoredBulletin, 'seriesId' | 'year' | 'number' | 'isSupplement' | 'title' | 'issueDate' | 'inspectionId' | 'periodStart' | 'periodEnd' | 'content'>;

/** What an edit of a draft saves. */
export type DraftFields = Pick<StoredBulletin, 'seriesId' | 'title' | 'year' | 'number' | 'isSupplement' | 'issueDate' | 'content'>;

/** What 签发 stores. */
export type IssuedFields = Pick<StoredBulletin, 'snapshot' | 'pdfSha256' | 'issuedBy' | 'issuedAt'>;

// ---- series ------------------------------------------------------------------------------------------

const SERIES_SELECT = 'select id, name, issuer, recipients, copies, classification from bulletin_series';

export async function seriesById(db: DataReader, id: number): Promise<SeriesRecord | undefined> {
  return db.get<SeriesRecord>(`${SERIES_SELECT} where id = ?`, [id]);
}

export async function allSeries(db: DataReader): Promise<SeriesRecord[]> {
  return db.all<SeriesRecord>(`${SERIES_SELECT} order by id`);
}

export async function insertSeries(tx: DataWriter, fields: SeriesFields, at: string): Promise<number> {
  const row = await tx.get<{ id: number }>(
    `insert into bulletin_series (name, issuer, recipients, copies, classification, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?) returning id`,
    [fields.name, fields.issuer, fields.recipients, fields.copies, fields.classification, at, at],
  );
  if (!row) throw new Error('insert into bulletin_series returned no id');
  return Number(row.id);
}

export async function updateSeries(tx: DataWriter, id: number, fields: SeriesFields, at: string): Promise<void> {
  await tx.run('update bulletin_series set name = ?, issuer = ?, recipients = ?, copies = ?, classification = ?, updated_at = ? where id = ?', [
    fields.name,
    fields.issuer,
    fields.recipients,
    fields.copies,
    fields.classification,
    at,
    id,
  ]);
}

// ---- bulletins ---------------------------------------------------------------------------------------

const BULLETIN_SELECT = `select b.id, b.version, b.series_id as "seriesId", s.name as "seriesName", s.issuer, b.year, b.number,
    b.is_supplement as "isSupplement", b.title, b.issue_date as "issueDate", b.status, b.inspection_id as "inspectionId",
    i.name as "inspectionName", b.period_start as "periodStart", b.period_end as "periodEnd", b.content, b.snapshot,
    b.pdf_sha256 as "pdfSha256", b.issued_by as "issuedBy", b.issued_at as "issuedAt", b.updated_at as "updatedAt"
  from bulletins b join bulletin_series s on s.id = b.series_id left join inspections i on i.id = b.inspection_id`;

type StoredRecord = Omit<BulletinRecord, 'isSupplement'> & { isSupplement: number | boolean };

function bulletin(row: StoredRecord): BulletinRecord {
  return { ...row, isSupplement: Boolean(row.isSupplement) };
}

export async function liveBulletin(db: DataReader, id: number): Promise<BulletinRecord | undefined> {
  const row = await db.get<StoredRecord>(`${BULLETIN_SELECT} where b.id = ? and b.deleted_at is null`, [id]);
  return row && bulletin(row);
}

export interface BulletinFilter {
  year?: number;
  status?: BulletinRecord['status'];
  /** Each typed word: a LIKE pattern (escaped with a backslash), and the issue number it names, if any. */
  words: ReadonlyArray<{ pattern: string; number: number | null }>;
}

/** Live bulletins, newest year first, then 第N期 descending (增刊 after the regular issues). */
export async function liveBulletins(db: DataReader, filter: BulletinFilter): Promise<BulletinRecord[]> {
  const where = ['b.deleted_at is null'];
  const params: SqlValue[] = [];
  if (filter.year !== undefined) {
    where.push('b.year = ?');
    params.push(filter.year);
  }
  if (filter.status) {
    where.push('b.status = ?');
    params.push(filter.status);
  }
  for (const word of filter.words) {
    const like = "like ? escape '\\'";
    const text = `(b.title ${like} or s.name ${like} or i.name ${like} or b.content ${like})`;
    if (word.number !== null) {
      where.push(`(b.number = ? or ${text})`);
      params.push(word.number);
    } else {
      where.push(text);
    }
    params.push(word.pattern, word.pattern, word.pattern, word.pattern);
  }
  const rows = await db.all<StoredRecord>(`${BULLETIN_SELECT} where ${where.join(' and ')} order by b.year desc, b.is_supplement, b.number desc, b.id desc`, params);
  return rows.map(bulletin);
}

export async function bulletinYears(db: DataReader): Promise<number[]> {
  return (await db.all<{ year: number }>('select distinct year from bulletins where deleted_at is null order by year desc')).map((r) => Number(r.year));
}

export async function highestNumber(db: DataReader, seriesId: number, year: number, isSupplement: boolean): Promise<number | null> {
  const row = await db.get<{ n: number | null }>('select max(number) as n from bulletins where series_id = ? and year = ? and is_supplement = ?', [
    seriesId,
    year,
    isSupplement ? 1 : 0,
  ]);
  return row?.n ?? null;
}

/** Another bulletin holding this number in its series, year and kind (any but `exceptId`). */
export async function holderOfNumber(
  db: DataReader,
  r: { seriesId: number; year: number; number: number; isSupplement: boolean; exceptId?: number },
): Promise<{ id: number; title: string } | undefined> {
  return db.get<{ id: number; title: string }>('select id, title from bulletins where series_id = ? and year = ? and is_supplement = ? and number = ? and id <> ?', [
    r.seriesId,
    r.year,
    r.isSupplement ? 1 : 0,
    r.number,
    r.exceptId ?? 0,
  ]);
}

export async function insertDraft(tx: DataWriter, fields: NewBulletin, at: string): Promise<number> {
  const row = await tx.get<{ id: number }>(
    `insert into bulletins (series_id, year, number, is_supplement, title, issue_date, status, inspection_id, period_start, period_end, content, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?) returning id`,
    [
      fields.seriesId,
      fields.year,
      fields.number,
      fields.isSupplement ? 1 : 0,
      fields.title,
      fields.issueDate ?? null,
      fields.inspectionId ?? null,
      fields.periodStart ?? null,
      fields.periodEnd ?? null,
      fields.content,
      at,
      at,
    ],
  );
  if (!row) throw new Error('insert into bulletins returned no id');
  return Number(row.id);
}

/** The rows changed: 0 when `expectedVersion` is given and the row is no longer at it. */
export async function updateDraft(tx: DataWriter, id: number, fields: DraftFields, at: string, expectedVersion?: number): Promise<number> {
  const guard = versionCondition(expectedVersion);
  const sets = `series_id = ?, title = ?, year = ?, number = ?, is_supplement = ?, issue_date = ?, content = ?, updated_at = ?, ${BUMP_VERSION}`;
  const result = await tx.run(`update bulletins set ${sets} where id = ?${guard.sql}`, [
    fields.seriesId,
    fields.title,
    fields.year,
    fields.number,
    fields.isSupplement ? 1 : 0,
    fields.issueDate,
    fields.content,
    at,
    id,
    ...guard.params,
  ]);
  return result.changes;
}

/** A draft is deleted for good (the audit row keeps it). */
export async function deleteDraft(tx: DataWriter, id: number): Promise<void> {
  await tx.run('delete from bulletins where id = ?', [id]);
}

/** 签发 of the draft at `expectedVersion` only; the rows changed (0: another clerk changed or issued it). */
export async function markIssued(tx: DataWriter, id: number, fields: IssuedFields, at: string, expectedVersion: number): Promise<number> {
  const guard = versionCondition(expectedVersion);
  const result = await tx.run(
    `update bulletins set status = 'issued', snapshot = ?, pdf_sha256 = ?, issued_by = ?, issued_at = ?, updated_at = ?, ${BUMP_VERSION} where id = ? and status = 'draft'${guard.sql}`,
    [fields.snapshot, fields.pdfSha256, fields.issuedBy, fields.issuedAt, at, id, ...guard.params],
  );
  return result.changes;
}

/** The archived PDF was printed again from the snapshot: its new hash. */
export async function setArchiveHash(tx: DataWriter, id: number, pdfSha256: string): Promise<void> {
  await tx.run('update bulletins set pdf_sha256 = ? where id = ?', [pdfSha256, id]);
}

/** Issued bulletins' archived PDFs (their hash and the snapshot that names the file), for copying a ledger with its files. */
export async function archivedPdfs(db: DataReader): Promise<Array<{ id: number; title: string; pdfSha256: string; snapshot: string }>> {
  return db.all<{ id: number; title: string; pdfSha256: string; snapshot: string }>(
    `select id, title, pdf_sha256 as "pdfSha256", snapshot from bulletins
      where status = 'issued' and pdf_sha256 is not null and snapshot is not null order by id`,
  );
}
