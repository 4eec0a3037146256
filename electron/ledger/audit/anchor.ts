// The anchor file beside the ledger (db/anchor.ts), brought up to date after every committed write. The one
// place every write passes through is writeAudited (platform/audited-write.ts: imports and the demo county too),
// which calls anchorAfterCommit once its transaction has committed.
//
// Cost per commit: one indexed read of the newest audit row; when the head moved, one indexed read of the
// previously anchored row (still in the chain?) and a small file written to a temporary name and renamed.
// No fsync: the rename makes the file whole-or-old for every reader, and SQLite itself does not sync each
// commit in WAL mode either. A database without a file (":memory:") has nothing beside it to anchor.
//
// SQLite only: the anchor guards the local ledger file against being swapped or cut, so it lives on that
// file's better-sqlite3 connection (ctx.sqlite) and runs synchronously, right after the commit. Its reads of
// audit_log come from the audit store's `…Now` functions.
import { anchorFilePath, chainHead, readAnchorFile, writeAnchorFile, type AnchorFile, type ChainHead } from '../../../db/anchor';
import type { SqliteDb } from '../../../db/open';
import type { ServiceContext } from '../../platform/context';
import { logError } from '../../platform/log';
import { auditHashOfNow, restoreRowsNow } from './store';

/** What this connection last wrote to the anchor file (so a commit reads the file at most once). */
const lastWritten = new WeakMap<SqliteDb, AnchorFile | null>();

function isFileless(ctx: Pick<ServiceContext, 'sqlite' | 'dbFile'>): boolean {
  return ctx.sqlite.memory || ctx.dbFile === '' || ctx.dbFile.endsWith(':memory:');
}

/** Is this head still a row of the chain, with the same hash? */
function inChain(sqlite: SqliteDb, head: ChainHead): boolean {
  return auditHashOfNow(sqlite, head.id) === head.hash;
}

/**
 * A head that is not in the chain is explained by a restore recorded in it (`restores`: the trail's restore
 * rows): the restore row names the head of the ledger it replaced, and every head between that restore and
 * the replaced head belonged to the ledger the restore put aside. (Shared with 校验's check of the anchors.)
 */
export function restoreExplains(restores: ReadonlyArray<{ id: number; after: string | null }>, head: ChainHead): boolean {
  return restores.some((r) => {
    const replaced = replacedHeadOf(r.after);
    return replaced !== null && head.id >= r.id && head.id <= replaced.id;
  });
}

export function replacedHeadOf(after: string | null): ChainHead | null {
  if (after === null) return null;
  try {
    const v = (JSON.parse(after) as { replaced?: unknown }).replaced as Partial<ChainHead> | undefined;
    return v && typeof v.id === 'number' && typeof v.hash === 'string' ? { id: v.id, hash: v.hash } : null;
  } catch {
    return null;
  }
}

/** Bring the anchor file up to the chain's head. Never throws: a write that committed stays committed. */
export function anchorAfterCommit(ctx: Pick<ServiceContext, 'sqlite' | 'dbFile' | 'now'>): void {
  if (isFileless(ctx)) return;
  try {
    const head = chainHead(ctx.sqlite);
    if (head === null) return;
    let previous = lastWritten.get(ctx.sqlite);
    if (previous === undefined) {
      const read = readAnchorFile(ctx.dbFile);
      previous = read === 'unreadable' ? null : read;
    }
    if (previous && previous.head.id === head.id && previous.head.hash === head.hash) return;
    let lost = previous?.lost ?? null;
    if (previous && lost === null && !inChain(ctx.sqlite, previous.head) && !restoreExplains(restoreRowsNow(ctx.sqlite), previous.head)) {
      lost = { ...previous.head, seenAt: previous.writtenAt };
    }
    const next: AnchorFile = { head, writtenAt: ctx.now().toISOString(), lost };
    writeAnchorFile(ctx.dbFile, next);
    lastWritten.set(ctx.sqlite, next);
  } catch (error) {
    logError(`anchor ${anchorFilePath(ctx.dbFile)}`, error);
  }
}
