// The stored files' statements give the same answers on both engines: file_contents (electron/ledger/files/
// store.ts), the attachments and archived PDFs a ledger copy carries (evidence-store.ts, bulletins/store.ts),
// and the copier's own reads (electron/platform/ledger-copy.ts): totals, and which tables hold rows on a freshly
// migrated database (only MIGRATION_SEEDED_TABLES).
import { afterAll, describe, expect, it } from 'vitest';
import * as bulletins from '../../electron/ledger/bulletins/store';
import { fileContent, insertFileContent, keptHashes } from '../../electron/ledger/files/store';
import { insertAttachment, softDeleteAttachment, storedAttachmentFiles } from '../../electron/ledger/supervision/evidence-store';
import { ledgerTables, MIGRATION_SEEDED_TABLES, nonEmptyTables, tableTotals } from '../../electron/platform/ledger-copy';
import { answersOnEveryEngine, type PortLedger } from '../helpers/port-engines';

const NOW = '2026-12-07T02:00:00.000Z';
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

async function storedFileAnswers(l: PortLedger): Promise<Record<string, unknown>> {
  const db = l.port;
  const fresh = { nonEmpty: await nonEmptyTables(db), seeded: await Promise.all(MIGRATION_SEEDED_TABLES.map(async (t) => (await db.all(`select * from ${t}`)).length > 0)) };
  const inserted = await db.transaction(async (tx) => [
    await insertFileContent(tx, A, new Uint8Array([1, 2, 3, 0, 255]), NOW),
    await insertFileContent(tx, A, new Uint8Array([1, 2, 3, 0, 255]), NOW),
    await insertFileContent(tx, B, new Uint8Array([]), NOW),
  ]);
  const attachment = await db.transaction(async (tx) => {
    const kept = await insertAttachment(tx, { ownerType: 'finding', ownerId: 1, originalName: '照片.png', sha256: A, sizeBytes: 5, mimeType: 'image/png' }, NOW);
    const gone = await insertAttachment(tx, { ownerType: 'project', ownerId: 2, originalName: '报告.pdf', sha256: B, sizeBytes: 0, mimeType: 'application/pdf' }, NOW);
    await softDeleteAttachment(tx, gone, '传错了', NOW);
    const series = await bulletins.insertSeries(tx, { name: '督导简报', issuer: '县乡村振兴局', recipients: null, copies: 30, classification: null }, NOW);
    const draft = { seriesId: series, year: 2026, title: '第一期', issueDate: null, inspectionId: null, periodStart: null, periodEnd: null, content: '{}' };
    const issued = await bulletins.insertDraft(tx, { ...draft, number: 1, isSupplement: false }, NOW);
    await bulletins.insertDraft(tx, { ...draft, number: 2, isSupplement: false, title: '草稿' }, NOW);
    await bulletins.markIssued(tx, issued, { snapshot: '{"pdfPath":"简报/2026/督导简报第1期.pdf"}', pdfSha256: B, issuedBy: '王芳', issuedAt: NOW }, NOW, 1);
    return { kept, gone };
  });
  const bytes = await fileContent(db, A);
  const payments = ledgerTables().find((t) => t.name === 'payments')!;
  return {
    fresh,
    inserted,
    bytes: bytes && [...bytes],
    empty: (await fileContent(db, B))?.length,
    missing: await fileContent(db, 'c'.repeat(64)),
    kept: [...(await keptHashes(db, [A, B, 'c'.repeat(64)]))].sort(),
    attachments: await storedAttachmentFiles(db),
    attachment,
    pdfs: await bulletins.archivedPdfs(db),
    nonEmpty: await nonEmptyTables(db),
    totals: await tableTotals(db, payments),
  };
}

describe('stored files and the ledger copy on both engines', () => {
  const opened: PortLedger[] = [];
  afterAll(async () => {
    for (const l of opened) await l.close();
  });

  it('gives the same answers on better-sqlite3 and PostgreSQL', async () => {
    const [sqlite, postgres] = await answersOnEveryEngine(storedFileAnswers, opened);
    expect(sqlite).toEqual(postgres);
    expect(sqlite!.fresh).toEqual({ nonEmpty: [], seeded: [true] });
    expect(sqlite!.inserted).toEqual([true, false, true]);
    expect(sqlite!.bytes).toEqual([1, 2, 3, 0, 255]);
    expect(sqlite!.kept).toEqual([A, B]);
    expect(sqlite!.pdfs).toEqual([expect.objectContaining({ title: '第一期', pdfSha256: B })]);
    expect(sqlite!.nonEmpty).toEqual([
      { table: 'attachments', rows: 2 },
      { table: 'bulletin_series', rows: 1 },
      { table: 'bulletins', rows: 2 },
      { table: 'file_contents', rows: 2 },
    ]);
    expect(sqlite!.totals).toEqual({ table: 'payments', rows: 0, sums: { amount_fen: 0 } });
  });

  it('derives every table from the schema, parents before the tables that reference them', () => {
    const order = ledgerTables().map((t) => t.name);
    expect(order).toContain('file_contents');
    for (const t of ledgerTables()) for (const parent of t.parents) expect(order.indexOf(parent), `${parent} before ${t.name}`).toBeLessThan(order.indexOf(t.name));
    expect(ledgerTables().find((t) => t.name === 'allocation_splits')!.moneyColumns).toEqual(['amount_fen']);
  });
});
