// Who is connected to the ledger on the office server (设置 → 操作员): a row per signed-in window, with its PC's
// name, written in sign-in's audited transaction, marked seen at most once a minute while the window makes
// calls, removed at sign-out. A window closed without signing out stops being seen: shown as 离线 after a few
// minutes, its row pruned at a later sign-in. A local file has one PC, so it keeps no rows.
import os from 'node:os';
import type { ConnectedSession } from '../../../shared/api-operators';
import type { ServiceContext, SessionSlot } from '../../platform/context';
import { dataPort, type DataWriter } from '../../platform/data-port';
import { logError } from '../../platform/log';
import { isOfficeLedger } from '../../platform/office-ledger';
import * as store from './sessions-store';

/** How often a window's calls mark its session seen (a write to the server, so not on every call). */
export const SEEN_EVERY_MS = 60_000;
/** Not seen for this long: the window has gone (closed, crashed, cut off) and the row shows 离线. */
export const OFFLINE_AFTER_MS = 5 * 60_000;
/** Not seen for this long: the row is removed at the next sign-in. */
export const PRUNE_AFTER_MS = 24 * 60 * 60_000;

const isoBefore = (at: Date, ms: number) => new Date(at.getTime() - ms).toISOString();

/**
 * In sign-in's transaction (`tx`): the new session's row, replacing this window's earlier one, and the rows of
 * windows long gone pruned. Returns the row's id, for the slot once the transaction has committed; null on a
 * local file.
 */
export async function writeConnected(ctx: ServiceContext, tx: DataWriter, slot: SessionSlot, operatorId: number, at: Date): Promise<number | null> {
  if (!isOfficeLedger(ctx)) return null;
  if (slot.connectedId !== null) await store.deleteSession(tx, slot.connectedId);
  await store.deleteSessionsSeenBefore(tx, isoBefore(at, PRUNE_AFTER_MS));
  return store.insertSession(tx, { operatorId, pcName: os.hostname() || '（未知电脑）', door: ctx.door }, at.toISOString());
}

/** The slot after its sign-in's transaction committed with the row `id`. */
export function holdConnected(slot: SessionSlot, id: number | null, at: Date): void {
  slot.connectedId = id;
  slot.seenAt = at.getTime();
}

/** In sign-out's transaction: this window's row goes. */
export async function removeConnected(tx: DataWriter, slot: SessionSlot): Promise<void> {
  if (slot.connectedId !== null) await store.deleteSession(tx, slot.connectedId);
}

/**
 * A signed-in window made a call: mark its session seen, at most once every SEEN_EVERY_MS. A row pruned
 * meanwhile (the PC slept for a day) is written anew. Bookkeeping of who is connected, not a change to the
 * ledger: no audit row, and a failure is logged, never the call's.
 */
export async function noteSeen(ctx: ServiceContext, operatorId: number): Promise<void> {
  const slot = ctx.session;
  if (!slot || slot.connectedId === null || !isOfficeLedger(ctx)) return;
  const at = ctx.now();
  if (at.getTime() - slot.seenAt < SEEN_EVERY_MS) return;
  slot.seenAt = at.getTime();
  const id = slot.connectedId;
  try {
    const fresh = await dataPort(ctx).transaction(async (tx) => {
      if ((await store.touchSession(tx, id, at.toISOString())) > 0) return id;
      return store.insertSession(tx, { operatorId, pcName: os.hostname() || '（未知电脑）', door: ctx.door }, at.toISOString());
    });
    if (slot.connectedId === id) slot.connectedId = fresh;
  } catch (error) {
    logError('session seen', error);
  }
}

/** 设置 → 操作员's 当前连接: every session on the server, 离线 when not seen for OFFLINE_AFTER_MS. */
export async function listConnected(ctx: ServiceContext): Promise<ConnectedSession[]> {
  if (!isOfficeLedger(ctx)) return [];
  const now = ctx.now();
  const offlineBefore = isoBefore(now, OFFLINE_AFTER_MS);
  const mine = ctx.session?.connectedId ?? null;
  return (await store.connectedRecords(dataPort(ctx))).map((r) => ({
    id: r.id,
    operatorName: r.operatorName,
    pcName: r.pcName,
    door: r.door,
    signedInAt: r.signedInAt,
    lastSeenAt: r.lastSeenAt,
    online: r.lastSeenAt >= offlineBefore,
    thisWindow: r.id === mine,
  }));
}
