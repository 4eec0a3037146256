// Moving a ledger onto the office server and back (issue 16, items 5 and 6), on the run's real PostgreSQL
// cluster: a demo county with 佐证材料 and an issued bulletin copied to an empty server database and back into a
// new local file, every table equal row by row on the three, the audit chain valid on each; a non-empty target
// refused; a failure in the middle or a difference found by the check leaves the server database empty; the
// office backup written, checked and restored into a new database.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { copyLocalLedgerToServer, copyFileToServer, copyServerToNewFile, checkWrittenFile, type ServerEnd } from '../../electron/office/ledger-transfer';
import { verifyChainOnPort } from '../../electron/platform/audited-write';
import { sqlitePort, type DataReader } from '../../electron/platform/data-port';
import { ledgerTables, nonEmptyTables, tableTotals, MIGRATION_SEEDED_TABLES } from '../../electron/platform/ledger-copy';
import { ledgerPool, postgresPort } from '../../electron/platform/postgres-port';
import { blobPath } from '../../electron/ledger/supervision/evidence';
import { sha256Of } from '../../electron/platform/file-hash';
import type { BulletinDetail, InspectionPage } from '../../shared/api';
import { channels } from '../helpers/county-fixture';
import { tempDir, tempLedger, type TempLedger } from '../helpers/ledger';
import { officeSettings } from '../helpers/office-fixture';
import { pgServer } from '../helpers/pg-server';
import { NOW, samplePdf, samplePng } from '../helpers/supervision-fixture';

let ledger: TempLedger;
let api: ReturnType<typeof channels>;
const pools: Pool[] = [];
const dirs: string[] = [];
const OPTIONS = { now: NOW };

/** A new empty database on the run's server, as the copy reaches it. */
async function emptyServer(): Promise<ServerEnd & { url: string }> {
  const server = await pgServer();
  const name = await server.createDatabase();
  const backupFolder = tempDir('office-backups-');
  dirs.push(backupFolder);
  return { settings: await officeSettings(name), password: '', backupFolder, url: server.url(name) };
}

function serverReader(url: string): DataReader {
  const pool = ledgerPool(url);
  pools.push(pool);
  return postgresPort(pool);
}

/** Every row of every table (but file_contents), key order, values as both engines agree on them. */
async function everyRow(db: DataReader): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of ledgerTables()) {
    if (t.name === 'file_contents') continue;
    const rows = await db.all<Record<string, unknown>>(`select ${t.columns.map((c) => `"${c}"`).join(', ')} from "${t.name}" order by ${t.key.map((c) => `"${c}"`).join(', ')}`);
    out[t.name] = rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? Number(v) : v])),
    );
  }
  return out;
}

async function fileHashes(db: DataReader): Promise<string[]> {
  return (await db.all<{ sha256: string }>('select sha256 from file_contents order by sha256')).map((r) => r.sha256);
}

beforeAll(async () => {
  ledger = tempLedger({ now: NOW });
  api = channels(ledger);
  await loadDemoData(ledger, { scale: 1 });
  const findingId = ledger.sqlite.prepare("select id from findings where deleted_at is null and status in ('notStarted', 'inProgress') order by id limit 1").pluck().get() as number;
  await api.ok('attachments.add', { ownerType: 'finding', ownerId: findingId, name: '整改照片.png', base64: samplePng(3).toString('base64') });
  const removed = await api.ok<{ id: number }>('attachments.add', { ownerType: 'finding', ownerId: findingId, name: '整改报告.pdf', base64: samplePdf().toString('base64') });
  await api.ok('attachments.delete', { id: removed.id, reason: '传错了' });
  const page = await api.ok<InspectionPage>('inspections.list', {});
  const draft = await api.ok<BulletinDetail>('bulletins.compose', { source: { kind: 'inspection', inspectionId: page.rows[0]!.id } });
  await api.ok('bulletins.issue', { id: draft.id });
}, 120_000);

afterAll(async () => {
  for (const pool of pools.splice(0)) await pool.end();
  ledger.dispose();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('迁移到办公室服务器 and back', () => {
  it('copies every table, the files and the audit chain to an empty server and back into a new local file, row for row', async () => {
    const local = sqlitePort(ledger.sqlite);
    const server = await emptyServer();
    const progress: string[] = [];
    const up = await copyLocalLedgerToServer(ledger, server, { ...OPTIONS, onProgress: (p) => progress.push(`${p.tableIndex}/${p.tableCount} ${p.table} ${p.done}/${p.total}`) });
    // Every table reported, the last as n/n, the stored files' table among them (no longer the last: 帮扶力量's tables).
    const n = up.tables.length;
    expect(progress.at(-1)).toMatch(new RegExp(`^${n}/${n} `));
    expect(progress.some((p) => new RegExp(`^\\d+/${n} file_contents 0/0$`).test(p))).toBe(true);
    expect(progress.some((p) => /^\d+\/\d+ payments \d+\/\d+$/.test(p))).toBe(true);
    const onServer = serverReader(server.url);

    const rows = await everyRow(local);
    expect(rows.payments!.length).toBeGreaterThan(10);
    expect(await everyRow(onServer)).toEqual(rows);
    for (const t of ledgerTables()) if (t.name !== 'file_contents') expect(await tableTotals(onServer, t)).toEqual(await tableTotals(local, t));
    expect(up.tables.find((t) => t.table === 'payments')!.sums.amount_fen).toBeGreaterThan(0);

    // The attachment files (the deleted one's too) and the bulletin's PDF are in the database now.
    const attachments = ledger.sqlite.prepare('select sha256, mime_type as mime from attachments').all() as Array<{ sha256: string; mime: string }>;
    const pdf = ledger.sqlite.prepare("select pdf_sha256 from bulletins where status = 'issued'").pluck().get() as string;
    expect(await fileHashes(onServer)).toEqual([...new Set([...attachments.map((a) => a.sha256), pdf])].sort());
    expect(up.files).toBe(3);
    expect(up.missingPdfs).toEqual([]);

    const chain = await verifyChainOnPort(local);
    expect(chain.ok).toBe(true);
    expect(await verifyChainOnPort(onServer)).toEqual(chain);
    expect(up.chain).toEqual(chain);

    // Ids go on after the copied ones on the server.
    const next = await postgresPort(pools[0]!).transaction((tx) => tx.get<{ id: number }>("insert into units (name, kind) values ('新单位', 'department') returning id"));
    expect(next!.id).toBe((ledger.sqlite.prepare('select max(id) from units').pluck().get() as number) + 1);
    await postgresPort(pools[0]!).transaction((tx) => tx.run('delete from units where id = ?', [next!.id]));

    // And back: a new local ledger, its files in its own data folder as a local ledger keeps them.
    const home = tempDir('ledger-home-');
    dirs.push(home);
    const file = path.join(home, '台账.db');
    const down = await copyServerToNewFile(server, file, 'folder', OPTIONS);
    const copy = new Database(file, { readonly: true });
    try {
      const copied = sqlitePort(copy);
      expect(await everyRow(copied)).toEqual(rows);
      expect(await fileHashes(copied)).toEqual([]);
      expect(await verifyChainOnPort(copied)).toEqual(chain);
      expect(down.files).toBe(3);
    } finally {
      copy.close();
    }
    for (const a of attachments) expect(sha256Of(fs.readFileSync(blobPath({ dataDir: home }, a.sha256, a.mime)))).toBe(a.sha256);
    const pdfFile = fs.readdirSync(path.join(home, '简报'), { recursive: true }).map(String).find((f) => f.endsWith('.pdf'))!;
    expect(sha256Of(fs.readFileSync(path.join(home, '简报', pdfFile)))).toBe(pdf);
    expect(fs.existsSync(`${file}.anchor.json`)).toBe(true);

    // A file already there is not overwritten.
    await expect(copyServerToNewFile(server, file, 'folder', OPTIONS)).rejects.toThrow(/已经存在/);
  }, 180_000);

  it('refuses a server database that is not empty, and changes nothing in it', async () => {
    const server = await emptyServer();
    await copyLocalLedgerToServer(ledger, server, OPTIONS);
    const onServer = serverReader(server.url);
    const before = await everyRow(onServer);
    await expect(copyLocalLedgerToServer(ledger, server, OPTIONS)).rejects.toThrow(/目标数据库不是空的（已有行政区划（divisions） \d+ 行/);
    expect(await everyRow(onServer)).toEqual(before);
  }, 120_000);

  it('a failure in the middle of the copy leaves the server database empty', async () => {
    const server = await emptyServer();
    const failing = copyLocalLedgerToServer(ledger, server, {
      ...OPTIONS,
      onProgress: (p) => {
        if (p.table === 'payments' && p.done > 0) throw new Error('网络中断（测试）');
      },
    });
    await expect(failing).rejects.toThrow('网络中断（测试）');
    const onServer = serverReader(server.url);
    expect(await nonEmptyTables(onServer)).toEqual([]);
    // Only the migrations' own dictionary: the copy's replacement of it was rolled back too.
    for (const seeded of MIGRATION_SEEDED_TABLES) expect((await onServer.all(`select * from ${seeded}`)).length).toBeGreaterThan(0);
  }, 120_000);

  it('a copy whose sums differ from the source is rolled back, naming the table', async () => {
    const server = await emptyServer();
    // Prepare the database (schema) first, then make the server alter every payment on the way in.
    await copyLocalLedgerToServer(ledger, server, { ...OPTIONS, onProgress: () => { throw new Error('只建表'); } }).catch(() => undefined);
    const admin = await pgServer();
    await admin.admin(
      `create function add_one_fen() returns trigger language plpgsql as $$ begin new.amount_fen := new.amount_fen + 1; return new; end $$;
       create trigger add_one_fen before insert on payments for each row execute function add_one_fen();`,
      server.settings.database,
    );
    await expect(copyLocalLedgerToServer(ledger, server, OPTIONS)).rejects.toThrow(/复制后核对不符：拨付（payments）金额列 amount_fen 的合计不同/);
    expect(await nonEmptyTables(serverReader(server.url))).toEqual([]);
  }, 120_000);
});

describe('the office backup', () => {
  it('writes the server into one local file with its files, checks it, and restores it into a new database with the same rows', async () => {
    const server = await emptyServer();
    await copyLocalLedgerToServer(ledger, server, OPTIONS);
    const onServer = serverReader(server.url);
    const dir = tempDir('office-backup-');
    dirs.push(dir);
    const file = path.join(dir, '办公室服务器备份.db');
    const backup = await copyServerToNewFile(server, file, 'table', OPTIONS);
    await checkWrittenFile(file, backup.tables);
    // The files are inside the backup: nothing beside it.
    expect(fs.readdirSync(dir).sort()).toEqual(['办公室服务器备份.db', '办公室服务器备份.db.anchor.json']);

    const restored = await emptyServer();
    const report = await copyFileToServer(file, restored, OPTIONS);
    const again = serverReader(restored.url);
    expect(await everyRow(again)).toEqual(await everyRow(onServer));
    expect(await fileHashes(again)).toEqual(await fileHashes(onServer));
    expect(await verifyChainOnPort(again)).toEqual(await verifyChainOnPort(onServer));
    expect(report.files).toBe(3);

    // A tampered backup fails the check after writing.
    const tampered = new Database(file);
    tampered.prepare('drop trigger if exists payments_guard').run();
    tampered.prepare('update payments set amount_fen = amount_fen + 100 where id = (select min(id) from payments)').run();
    tampered.close();
    await expect(checkWrittenFile(file, backup.tables)).rejects.toThrow(/备份写好后核对不符：拨付（payments）/);
  }, 180_000);
});
