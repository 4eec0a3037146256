// Stored files' bytes (file_contents): the only code that reads and writes the table. In office mode the
// 佐证材料 and archived bulletin PDFs live here, under their SHA-256, so every PC sees them; a local ledger keeps
// them in the data folder and this table empty. SQL is portable (electron/platform/data-port.ts).
import { placeholders, type DataReader, type DataWriter } from '../../platform/data-port';

/**
 * Keep the bytes under their hash (the caller hashed these very bytes). A hash already kept with other bytes (a
 * damaged row, a bad restore) gets these instead, so attaching the file again repairs it, as it does a damaged
 * file in a local ledger's folder; intact, it is left as it is. Returns whether it wrote.
 */
export async function insertFileContent(tx: DataWriter, sha256: string, bytes: Uint8Array, at: string): Promise<boolean> {
  const { changes } = await tx.run(
    `insert into file_contents (sha256, size_bytes, content, created_at) values (?, ?, ?, ?)
     on conflict (sha256) do update set content = excluded.content, size_bytes = excluded.size_bytes
     where file_contents.content <> excluded.content or file_contents.size_bytes <> excluded.size_bytes`,
    [sha256, bytes.byteLength, bytes, at],
  );
  return changes > 0;
}

/** The bytes kept under this hash, or undefined. */
export async function fileContent(db: DataReader, sha256: string): Promise<Uint8Array | undefined> {
  const row = await db.get<{ content: Uint8Array }>('select content from file_contents where sha256 = ?', [sha256]);
  return row ? new Uint8Array(row.content.buffer, row.content.byteOffset, row.content.byteLength) : undefined;
}

/** Which of these hashes have bytes kept (checked in pages, so a long list stays within a statement's limits). */
export async function keptHashes(db: DataReader, hashes: readonly string[]): Promise<Set<string>> {
  const kept = new Set<string>();
  const PAGE = 500;
  for (let i = 0; i < hashes.length; i += PAGE) {
    const page = hashes.slice(i, i + PAGE);
    const rows = await db.all<{ sha256: string }>(`select sha256 from file_contents where sha256 in (${placeholders(page.length)})`, page);
    for (const r of rows) kept.add(r.sha256);
  }
  return kept;
}
