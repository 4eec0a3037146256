// 校验's second part: the chain against its anchors outside the database (db/anchor.ts). Each anchor is a
// (row id, hash) the chain once had as its head. It still holds when that row is in the chain with that
// hash; a restore recorded in the chain explains a head of the ledger it put aside; otherwise the rows
// after the chain's last id are missing (a cut), or the row with that id is another one (rewritten).
import fs from 'node:fs';
import path from 'node:path';
import { ARCHIVE_RECORD_SUFFIX, readAnchorFile, readArchiveRecord, readManifest, type ChainHead } from '../../../../db/anchor';
import { parseBackupFileName } from '../../../../db/backup';
import { backupFolder } from '../../backup/service';
import { restoreExplains } from '../anchor';
import type { AuditVerifyAnchors } from '../../../../shared/api-audit';
import type { ServiceContext } from '../../../platform/context';
import { dataPort } from '../../../platform/data-port';
import { isOfficeLedger } from '../../../platform/office-ledger';
import * as store from '../store';

export type AnchorSource = 'file' | 'backup' | 'bulletin';

export interface Anchor extends ChainHead {
  source: AnchorSource;
  /** What holds it, in words: 台账旁的锚点文件, 备份“每日-….db”, 简报“第3期”的归档记录. */
  where: string;
}

export interface AnchorProblem extends Anchor {
  /** missing: the chain ends before this id; rewritten: the row with this id has another hash. */
  problem: 'missing' | 'rewritten';
  /** For missing: the chain's last row before it. */
  lastId: number | null;
}

/** The contract's summary of the anchors (shared/api-audit.ts), with each problem's whole anchor. */
export interface AnchorsCheck extends Omit<AuditVerifyAnchors, 'problems'> {
  problems: AnchorProblem[];
}

function backupAnchors(ctx: Pick<ServiceContext, 'dbFile' | 'dataDir' | 'port'>): Anchor[] {
  const dir = backupFolder(ctx);
  if (!fs.existsSync(dir)) return [];
  const out: Anchor[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!parseBackupFileName(name)) continue;
    const m = readManifest(path.join(dir, name));
    if (m?.head) out.push({ ...m.head, source: 'backup', where: `备份“${name}”的清单` });
  }
  return out;
}

function bulletinAnchors(ctx: Pick<ServiceContext, 'dataDir'>): Anchor[] {
  const root = path.join(ctx.dataDir, '简报');
  if (!fs.existsSync(root)) return [];
  const out: Anchor[] = [];
  for (const year of fs.readdirSync(root)) {
    const dir = path.join(root, year);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir)) {
      if (!name.endsWith(ARCHIVE_RECORD_SUFFIX)) continue;
      const r = readArchiveRecord(path.join(dir, name));
      if (r?.auditHead) out.push({ ...r.auditHead, source: 'bulletin', where: `简报“${r.title}”（${r.label}）的归档记录` });
    }
  }
  return out;
}

export async function checkAnchors(ctx: Pick<ServiceContext, 'sqlite' | 'dbFile' | 'dataDir' | 'port'>): Promise<AnchorsCheck> {
  const anchors: Anchor[] = [];
  const onServer = isOfficeLedger(ctx);
  const read = onServer ? null : readAnchorFile(ctx.dbFile);
  const file = onServer ? 'none' : read === null ? 'absent' : read === 'unreadable' ? 'unreadable' : 'ok';
  if (read !== null && read !== 'unreadable') {
    anchors.push({ ...read.head, source: 'file', where: '台账旁的锚点文件' });
    if (read.lost) anchors.push({ ...read.lost, source: 'file', where: '台账旁的锚点文件（此前记下的末条）' });
  }
  const backups = backupAnchors(ctx);
  const bulletins = bulletinAnchors(ctx);
  anchors.push(...backups, ...bulletins);

  const db = dataPort(ctx);
  const problems: AnchorProblem[] = [];
  let restored = 0;
  let restores: Array<{ id: number; after: string | null }> | null = null;
  for (const a of anchors) {
    const hash = await store.auditHashOf(db, a.id);
    if (hash === a.hash) continue;
    restores ??= await store.restoreRows(db);
    if (restoreExplains(restores, a)) {
      restored += 1;
      continue;
    }
    if (hash === undefined) problems.push({ ...a, problem: 'missing', lastId: await store.lastAuditId(db, a.id) });
    else problems.push({ ...a, problem: 'rewritten', lastId: null });
  }
  const furthest = problems.filter((p) => p.problem === 'missing').sort((a, b) => b.id - a.id)[0];
  return {
    ok: problems.length === 0,
    checked: anchors.length,
    file,
    backups: backups.length,
    bulletins: bulletins.length,
    restored,
    problems,
    missingAfterId: furthest ? furthest.lastId : null,
    missingCount: furthest ? furthest.id - (furthest.lastId ?? 0) : 0,
  };
}
