// The ledger opened on the office server (electron/platform/office-ledger.ts) through the same handler table
// as every door: a demo county, 佐证材料 and an issued bulletin's PDF kept in the server's file_contents (not in
// this PC's data folder), 备份 as an office backup file read back and compared, 恢复 refused with what to do
// instead, 校验 passing, and nothing reaching for a local ledger file. On a real PostgreSQL server.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerCountsOn, previewBackup } from '../../electron/ledger/backup/service';
import { dispatch } from '../../electron/platform/handlers';
import { dispatchFromForm } from '../helpers/form-version';
import { openOfficeLedger } from '../../electron/platform/office-ledger';
import { ledgerPool } from '../../electron/platform/postgres-port';
import type { LedgerHandle, ServiceContext } from '../../electron/platform/context';
import type { AttachmentContent, AttachmentRow, BulletinDetail, BulletinPdf, FindingListRow, Page } from '../../shared/api';
import type { AuditVerifyResult } from '../../shared/api-audit';
import type { BackupFile } from '../../shared/api-backup';
import { tempDir } from '../helpers/ledger';
import { signedInAsFirstAdmin } from '../helpers/server-admin';
import { migratedDatabase } from '../helpers/pg-server';

let ledger: LedgerHandle;
/** A door on it, signed in as the server's first 管理员. */
let door: ServiceContext;
let dataDir: string;

async function ok<T>(channel: string, input?: unknown): Promise<T> {
  const res = await dispatchFromForm(door, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

/** Every file under the data folder, relative (the logs aside). */
function localFiles(): string[] {
  return (fs.readdirSync(dataDir, { recursive: true }) as string[]).filter((f) => !f.startsWith('日志') && fs.statSync(path.join(dataDir, f)).isFile());
}

beforeAll(async () => {
  dataDir = tempDir('office-ledger-');
  const pool = ledgerPool(await migratedDatabase());
  ledger = openOfficeLedger({ pool, server: { host: '127.0.0.1', port: 5432, database: 'fupin', user: 'clerk' }, door: 'cli', dataDir, now: () => new Date('2026-06-20T10:00:00+08:00') });
  door = await signedInAsFirstAdmin(ledger);
  await ok('demo.load', { scale: 1 });
}, 120_000);

afterAll(() => {
  ledger.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a ledger on the office server', () => {
  it('names the server where 设置 shows the ledger file, never a local path', async () => {
    const info = await ok<{ dbFile: string }>('app.info');
    expect(info.dbFile).toBe('办公室服务器 clerk@127.0.0.1:5432/fupin');
  });

  it('keeps 佐证材料 in the server database: the bytes come back from there, nothing lands in the data folder', async () => {
    const findings = await ok<Page<FindingListRow>>('findings.list', { page: 1, pageSize: 50 });
    const finding = findings.rows.find((f) => f.statusCode !== 'closed');
    expect(finding).toBeDefined();
    const bytes = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const added = await ok<AttachmentRow>('attachments.add', { ownerType: 'finding', ownerId: finding!.id, name: '整改照片说明.pdf', base64: bytes.toString('base64') });
    const back = await ok<AttachmentContent>('attachments.get', { id: added.id });
    expect(Buffer.from(back.base64, 'base64').equals(bytes)).toBe(true);
    const kept = await ledger.port!.get<{ n: number }>('select count(*) as n from file_contents where sha256 = ?', [added.sha256]);
    expect(Number(kept?.n)).toBe(1);
    expect(localFiles()).toEqual([]);
  });

  it('archives an issued bulletin’s PDF in the server database and prints it from there', async () => {
    const draft = await ok<BulletinDetail>('bulletins.compose', { source: { kind: 'period', start: '2026-01-01', end: '2026-06-20' } });
    await ok('bulletins.update', { id: draft.id, version: draft.version, issueDate: '2026-06-20' });
    const issued = await ok<BulletinDetail>('bulletins.issue', { id: draft.id });
    expect(issued.status).toBe('issued');
    const pdf = await ok<BulletinPdf>('bulletins.pdf', { id: draft.id });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const kept = await ledger.port!.get<{ n: number }>('select count(*) as n from file_contents f join bulletins b on b.pdf_sha256 = f.sha256 where b.id = ?', [draft.id]);
    expect(Number(kept?.n)).toBe(1);
    expect(localFiles()).toEqual([]);
  }, 120_000);

  it('备份 writes an office backup under 备份/办公室服务器, with the server’s counts', async () => {
    const made = await ok<BackupFile>('backup.create', {});
    expect(path.dirname(made.path)).toBe(path.join(dataDir, '备份', '办公室服务器'));
    expect(previewBackup(made.path).counts).toEqual(await ledgerCountsOn(ledger.port!));
    const listed = await ok<{ rows: BackupFile[] }>('backup.list', {});
    expect(listed.rows.map((r) => r.path)).toEqual([made.path]);
  }, 120_000);

  it('恢复 over the server is refused with where to restore instead', async () => {
    const [backup] = (await ok<{ rows: BackupFile[] }>('backup.list', {})).rows;
    const res = await dispatch(door, 'backup.restore', { path: backup!.path, confirm: true });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toContain('从备份恢复到办公室服务器');
  });

  it('校验 passes on the server: chain, tables and the stored files', async () => {
    const result = await ok<AuditVerifyResult>('audit.verify', {});
    expect(result.problemCount).toBe(0);
    expect(result.ok).toBe(true);
    expect(result.tables.filesChecked).toBeGreaterThan(0);
  }, 120_000);
});
