// Where a ledger keeps the bytes of its stored files (佐证材料, archived bulletin PDFs): a local ledger in its data
// folder, beside the file, as files under their hash; a ledger on the office server in its file_contents table,
// so every PC that opens it sees them (issue 16). The evidence and bulletin services and the office transfer ask
// here which it is, and the table's reads and writes are in ./store.ts.
import type { ServiceContext } from '../../platform/context';
import { isOfficeLedger } from '../../platform/office-ledger';

/** Where one ledger (or one end of a copy) keeps its stored files. */
export type FilesKept = { in: 'folder'; dataDir: string } | { in: 'table' };

/** The context's ledger: on the office server (its own port) the table, else the data folder. */
export function filesKeptBy(ctx: Pick<ServiceContext, 'dataDir' | 'port'>): FilesKept {
  return isOfficeLedger(ctx) ? { in: 'table' } : { in: 'folder', dataDir: ctx.dataDir };
}
