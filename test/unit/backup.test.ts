// 备份与恢复: rotation by dates, checked copies (a bad one never takes a backup's name), the daily copy,
// preview without writing, restore in place for every door, the copy before a batch undo, and the CLI.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readManifest } from '../../db/anchor';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupCheckError, backupFileName, parseBackupFileName, writeBackup } from '../../db/backup';
import { runCli, EXIT_OK, EXIT_REFUSED, EXIT_USAGE } from '../../electron/cli';
import { backupsToKeep, isoWeekKey, ROTATION, type RotatableBackup } from '../../electron/ledger/backup/rotation';
import { backupBeforeUndo, createBackup, ensureDailyBackup, listBackups } from '../../electron/ledger/backup/service';
import { verifyChainOnPort } from '../../electron/platform/audited-write';
import { openLedger } from '../../electron/platform/context';
import { dataPort } from '../../electron/platform/data-port';
import { dispatch } from '../../electron/platform/handlers';
import { dispatchFromForm } from '../helpers/form-version';
import { importFile } from '../../electron/ledger/imports/service';
import { undoImportBatch } from '../../electron/ledger/imports/undo';
import type { BackupPreview, RestoreResult } from '../../shared/api';
import { bankable, setupCounty } from '../helpers/county-fixture';
import { csvText } from '../helpers/import-fixtures';
import { tempDir } from '../helpers/ledger';
import { ON_SERVER, testLedger, type TestLedger } from '../helpers/test-ledger';

const ledgers: TestLedger[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const ledger of ledgers.splice(0)) await ledger.dispose();
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** Where a ledger's backups go: 备份 beside a local file; on the server 备份/办公室服务器 in this PC's data folder. */
const backupsOf = (ledger: TestLedger) => (ON_SERVER ? path.join(ledger.dir, '备份', '办公室服务器') : path.join(ledger.dir, '备份'));

function clock(start: string) {
  let now = new Date(start);
  return { now: () => now, set: (iso: string) => (now = new Date(iso)) };
}

async function must<T>(ledger: TestLedger, channel: string, input?: unknown): Promise<T> {
  const res = await dispatchFromForm(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as T;
}

function sha(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('rotation: scheduled copies 7 daily, 4 weekly, 12 monthly; pre-operation copies 30 days, the newest 10 always', () => {
  const copy = (iso: string, kind: RotatableBackup['kind'] = 'daily'): RotatableBackup => {
    const takenAt = new Date(iso);
    return { name: `${kind}-${takenAt.toISOString()}`, takenAt, kind };
  };
  const scheduledOnly = { ...ROTATION, preOperationDays: 0, preOperationKeep: 0 };

  it('keeps one scheduled backup per day for 7 days, per ISO week for 4 weeks, per month for 12 months', () => {
    // A backup every day at 09:00 (UTC+8) from 2023-01-01 to 2024-03-31.
    const all: RotatableBackup[] = [];
    for (let d = new Date('2023-01-01T09:00:00+08:00'); d <= new Date('2024-03-31T09:00:00+08:00'); d = new Date(d.getTime() + 86_400_000)) {
      all.push(copy(d.toISOString()));
    }
    const keep = [...backupsToKeep(all, new Date('2024-03-31T10:00:00+08:00'))].map((n) => n.slice('daily-'.length)).sort();
    const days = keep.map((iso) => new Date(iso).toLocaleDateString('sv-SE'));
    // 7 daily: 03-25 … 03-31 (a Sunday). Weekly: the newest of the 4 newest ISO weeks, 03-31 (W13), 03-24,
    // 03-17, 03-10. Monthly: 03-31, then the last day of each of the 11 months before.
    expect(days).toEqual([
      '2023-04-30', '2023-05-31', '2023-06-30', '2023-07-31', '2023-08-31', '2023-09-30', '2023-10-31', '2023-11-30', '2023-12-31', '2024-01-31', '2024-02-29',
      '2024-03-10', '2024-03-17', '2024-03-24', '2024-03-25', '2024-03-26', '2024-03-27', '2024-03-28', '2024-03-29', '2024-03-30', '2024-03-31',
    ]);
    expect(keep).toHaveLength(7 + 3 + 11);
  });

  it('counts only days that have scheduled backups, keeps the newest of a day, never rotates manual copies', () => {
    const list = [copy('2024-03-01T08:00:00+08:00'), copy('2024-03-04T09:00:00+08:00'), copy('2023-01-01T08:00:00+08:00', 'manual'), copy('2023-01-02T08:00:00+08:00')];
    const now = new Date('2024-03-04T10:00:00+08:00');
    const one = backupsToKeep(list, now, { ...scheduledOnly, daily: 1, weekly: 0, monthly: 0 });
    expect([...one].sort()).toEqual(['daily-2024-03-04T01:00:00.000Z', 'manual-2023-01-01T00:00:00.000Z']);
    const two = backupsToKeep(list, now, { ...scheduledOnly, daily: 2, weekly: 0, monthly: 0 });
    expect([...two].sort()).toEqual(['daily-2024-03-01T00:00:00.000Z', 'daily-2024-03-04T01:00:00.000Z', 'manual-2023-01-01T00:00:00.000Z']);
  });

  it('a day of mixed copies: the start-up 每日 copy stays the day\'s pick whatever pre-operation copies follow it', () => {
    // 2024-03-05: start-up copy at 08:00, then an upgrade, two import undos and a restore later the same day.
    const day = [
      copy('2024-03-05T08:00:00+08:00'),
      copy('2024-03-05T08:00:05+08:00', 'migration'),
      copy('2024-03-05T10:15:00+08:00', 'undo'),
      copy('2024-03-05T11:40:00+08:00', 'undo'),
      copy('2024-03-05T16:30:00+08:00', 'restore'),
    ];
    // The six days before: one start-up copy each, and an undo copy on 03-02 made after that day's copy.
    const before = [1, 2, 3, 4].map((d) => copy(`2024-02-2${5 + d}T08:30:00+08:00`)).concat([copy('2024-03-01T08:30:00+08:00'), copy('2024-03-02T08:30:00+08:00'), copy('2024-03-02T17:00:00+08:00', 'undo')]);
    const now = new Date('2024-03-05T17:00:00+08:00');
    const keep = backupsToKeep([...day, ...before], now);
    // Every copy is kept: the seven 每日 days are 02-26 … 03-05 (03-03 and 03-04 have none), and every
    // pre-operation copy is younger than 30 days.
    expect([...keep].sort()).toEqual([...day, ...before].map((b) => b.name).sort());
    // With room for one day only, that day's scheduled copy is the 08:00 one, not the later undo or restore.
    const oneDay = backupsToKeep([...day, ...before], now, { ...ROTATION, daily: 1, weekly: 0, monthly: 0 });
    expect(oneDay.has('daily-2024-03-05T00:00:00.000Z')).toBe(true);
    expect([...oneDay].filter((n) => n.startsWith('daily-'))).toEqual(['daily-2024-03-05T00:00:00.000Z']);
    // And the pre-operation copies are there by their own rule, not as anyone's daily pick.
    expect([...oneDay].filter((n) => !n.startsWith('daily-')).sort()).toEqual(
      ['migration-2024-03-05T00:00:05.000Z', 'undo-2024-03-05T02:15:00.000Z', 'undo-2024-03-05T03:40:00.000Z', 'restore-2024-03-05T08:30:00.000Z', 'undo-2024-03-02T09:00:00.000Z'].sort(),
    );
  });

  it('over weeks: pre-operation copies stay 30 calendar days, the newest 10 whatever their age, and never count as scheduled days', () => {
    // An undo copy every 3 days from 2024-01-01 to 2024-03-31, a 每日 copy every Monday.
    const undos: RotatableBackup[] = [];
    for (let d = new Date('2024-01-01T14:00:00+08:00'); d <= new Date('2024-03-31T14:00:00+08:00'); d = new Date(d.getTime() + 3 * 86_400_000)) undos.push(copy(d.toISOString(), 'undo'));
    const mondays: RotatableBackup[] = [];
    for (let d = new Date('2024-01-01T08:00:00+08:00'); d <= new Date('2024-03-31T08:00:00+08:00'); d = new Date(d.getTime() + 7 * 86_400_000)) mondays.push(copy(d.toISOString()));
    const now = new Date('2024-03-31T20:00:00+08:00');
    const keep = backupsToKeep([...undos, ...mondays], now);
    const localDay = (n: string) => new Date(n.slice(n.indexOf('-') + 1)).toLocaleDateString('sv-SE');
    // 30 calendar days before 03-31 is 03-01: every undo copy from 03-01 on (the 10 newest are among them).
    expect([...keep].filter((n) => n.startsWith('undo-')).map(localDay)).toEqual(
      ['2024-03-31', '2024-03-28', '2024-03-25', '2024-03-22', '2024-03-19', '2024-03-16', '2024-03-13', '2024-03-10', '2024-03-07', '2024-03-04', '2024-03-01'],
    );
    // Scheduled: the 7 newest Mondays (the daily rule counts only days with a 每日 copy), plus January's month pick.
    expect([...keep].filter((n) => n.startsWith('daily-')).map(localDay).sort()).toEqual(
      ['2024-01-29', '2024-02-12', '2024-02-19', '2024-02-26', '2024-03-04', '2024-03-11', '2024-03-18', '2024-03-25'],
    );
    // Months later, with no new work: the 10 newest pre-operation copies remain, the older one goes.
    const later = backupsToKeep([...undos, ...mondays], new Date('2024-09-01T09:00:00+08:00'));
    expect([...later].filter((n) => n.startsWith('undo-')).map(localDay)).toEqual(
      ['2024-03-31', '2024-03-28', '2024-03-25', '2024-03-22', '2024-03-19', '2024-03-16', '2024-03-13', '2024-03-10', '2024-03-07', '2024-03-04'],
    );
    // Exactly at the edge: a copy taken at 00:00 on the 30th day back is kept, one a second earlier is not.
    const edge = [copy('2024-03-01T00:00:00+08:00', 'restore'), copy('2024-02-29T23:59:59+08:00', 'migration')];
    const edgeKeep = backupsToKeep(edge, new Date('2024-03-31T23:00:00+08:00'), { ...ROTATION, preOperationKeep: 0 });
    expect([...edgeKeep]).toEqual(['restore-2024-02-29T16:00:00.000Z']);
  });

  it('uses ISO weeks across a year end and local days in UTC+8', () => {
    expect(isoWeekKey(new Date('2024-12-30T12:00:00+08:00'))).toBe('2025-W01');
    expect(isoWeekKey(new Date('2021-01-03T12:00:00+08:00'))).toBe('2020-W53');
    // 2024-03-05 07:30 in UTC+8 is still 2024-03-04 in UTC: the clerk's day is the 5th.
    const keep = backupsToKeep([copy('2024-03-05T07:30:00+08:00'), copy('2024-03-05T23:30:00+08:00')], new Date('2024-03-06T09:00:00+08:00'), {
      ...scheduledOnly,
      daily: 7,
      weekly: 0,
      monthly: 0,
    });
    expect([...keep]).toEqual(['daily-2024-03-05T15:30:00.000Z']);
  });

  it('names files in local time and reads them back', () => {
    const at = new Date('2024-03-05T08:30:15+08:00');
    expect(backupFileName('daily', at)).toBe('每日-20240305-083015.db');
    expect(parseBackupFileName('每日-20240305-083015.db')).toEqual({ kind: 'daily', takenAt: at });
    expect(parseBackupFileName('恢复前-20240305-083015-2.db')?.kind).toBe('restore');
    expect(parseBackupFileName('每日-20240230-083015.db')).toBeNull();
    expect(parseBackupFileName('ledger.db')).toBeNull();
    expect(parseBackupFileName('每日-20240305-083015.db.123-ab.part')).toBeNull();
  });
});

describe('backups', () => {
  async function sampleLedger(now = clock('2024-03-05T09:00:00+08:00').now) {
    const ledger = await testLedger({ now });
    ledgers.push(ledger);
    const c = await setupCounty(ledger);
    const p = await must<{ id: number }>(ledger, 'projects.create', bankable(c));
    return { ledger, c, projectId: p.id };
  }

  it('writes a checked, self-contained copy under its name and lists it', async () => {
    const { ledger } = await sampleLedger();
    const made = await must<{ path: string; kind: string; bytes: number }>(ledger, 'backup.create', {});
    expect(path.basename(made.path)).toBe('扶贫台账备份-20240305-090000.db');
    expect(made.kind).toBe('manual');
    const folder = backupsOf(ledger);
    expect(path.dirname(made.path)).toBe(folder);
    if (ON_SERVER) {
      // This PC's copies of the server carry no manifest (yet): the server's chain has no anchor outside it.
      expect(fs.readdirSync(folder)).toContain('扶贫台账备份-20240305-090000.db');
    } else {
      // Beside it, its manifest: the audit chain's head the copy holds (an anchor outside the ledger, db/anchor.ts).
      expect(fs.readdirSync(folder).sort()).toEqual(['扶贫台账备份-20240305-090000.db', '扶贫台账备份-20240305-090000.db.manifest.json']);
      const head = await ledger.sql.get<{ id: number; hash: string }>('select id, hash from audit_log order by id desc limit 1');
      expect(readManifest(made.path)).toMatchObject({ file: '扶贫台账备份-20240305-090000.db', head, auditRows: head?.id });
    }
    const copy = new Database(made.path, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.prepare('select count(*) from projects').pluck().get()).toBe(1);
    copy.close();
    const list = await must<{ rows: Array<{ name: string }> }>(ledger, 'backup.list', {});
    expect(list.rows.map((r) => r.name)).toEqual(['扶贫台账备份-20240305-090000.db']);

    // To a folder the user picks (a USB stick); a folder that is not there is refused in Chinese.
    const usb = tempDir('usb-');
    dirs.push(usb);
    const onUsb = await must<{ path: string }>(ledger, 'backup.create', { folder: usb });
    expect(path.dirname(onUsb.path)).toBe(usb);
    const missing = await dispatch(ledger, 'backup.create', { folder: path.join(usb, '没有这个') });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'folder' } });
  });

  it('downloads only copies in the 备份 folder (browser mode); the system dialogs answer UNSUPPORTED outside Electron', async () => {
    const { ledger } = await sampleLedger();
    const made = await must<{ name: string; path: string }>(ledger, 'backup.create', {});
    const file = await must<{ name: string; base64: string }>(ledger, 'backup.download', { name: made.name });
    expect(Buffer.from(file.base64, 'base64').equals(fs.readFileSync(made.path))).toBe(true);
    for (const name of ['../ledger.db', 'ledger.db', made.path]) {
      expect(await dispatch(ledger, 'backup.download', { name })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    const pick = await dispatch(ledger, 'backup.pickFolder', {});
    expect(pick).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect(pick.ok ? '' : pick.error.message).toMatch(/浏览器模式/);
  });

  // 恢复 in place swaps this PC's ledger file; the server is restored into a new database (audit-trail.test.ts).
  it.skipIf(ON_SERVER)('refuses a copy that fails integrity_check: nothing takes the backup name, no partial file stays', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'src.db');
    const src = new Database(file);
    src.exec("create table audit_log (id integer primary key); create table projects (id integer primary key, name text); create table settings (key text primary key, value text); create index projects_name on projects(name);");
    const insert = src.prepare('insert into projects (name) values (?)');
    src.transaction(() => {
      for (let i = 0; i < 5000; i += 1) insert.run(`项目${i}`.repeat(5));
    })();
    src.close();
    // Damage the index's last page by hand: the table still reads, integrity_check does not pass.
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    const pages = bytes.length / pageSize;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(200, 0x5a), 0, 200, (pages - 1) * pageSize + 100);
    fs.closeSync(fd);
    const damaged = new Database(file, { readonly: true });
    const dest = path.join(dir, '备份', '每日-20240305-090000.db');
    await expect(writeBackup(damaged, dest)).rejects.toBeInstanceOf(BackupCheckError);
    damaged.close();
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.readdirSync(path.join(dir, '备份'))).toEqual([]);

    // And such a file is refused for restore, with the ledger untouched.
    const { ledger } = await sampleLedger();
    ledger.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const before = sha(ledger.dbFile);
    const refused = await dispatch(ledger, 'backup.restore', { path: file, confirm: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CORRUPT', field: 'path' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/已损坏/);
    const notLedger = path.join(dir, 'note.db');
    fs.writeFileSync(notLedger, '这不是数据库');
    expect(await dispatch(ledger, 'backup.preview', { path: notLedger })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect(await dispatch(ledger, 'backup.restore', { path: ledger.dbFile })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'confirm' } });
    ledger.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(sha(ledger.dbFile)).toBe(before);
  });

  // The start-up's daily copy is a local file's; the office server is backed up on purpose (备份与恢复).
  it.skipIf(ON_SERVER)('makes the daily copy on the first start of a day only, and rotates', async () => {
    const time = clock('2024-03-05T08:00:00+08:00');
    const { ledger } = await sampleLedger(time.now);
    expect(await ensureDailyBackup(ledger)).toMatchObject({ kind: 'daily', name: '每日-20240305-080000.db' });
    time.set('2024-03-05T17:00:00+08:00');
    expect(await ensureDailyBackup(ledger)).toBeNull();
    // Ten more days: only the newest seven days keep a daily copy (plus the week and month picks).
    for (let day = 6; day <= 15; day += 1) {
      time.set(`2024-03-${String(day).padStart(2, '0')}T08:00:00+08:00`);
      await ensureDailyBackup(ledger);
    }
    const names = listBackups(ledger).map((b) => b.name.slice(3, 11));
    // 03-09 … 03-15 daily; the week picks (W11: 03-15, W10: 03-10) and the month pick (03-15) are among them.
    expect(names).toEqual(['20240315', '20240314', '20240313', '20240312', '20240311', '20240310', '20240309']);
  });

  it.skipIf(ON_SERVER)('previews a backup without writing to it, then restores it in place for every door', async () => {
    const { ledger, projectId } = await sampleLedger();
    await must(ledger, 'settings.update', { officeName: '青山县乡村振兴局' });
    const backup = await createBackup(ledger, 'daily');
    // Work after the backup: another project and an edit.
    const c2 = await must<{ id: number }>(ledger, 'projects.create', { ...bankable(await countyOf(ledger)), name: '备份之后的项目' });
    await must(ledger, 'projects.update', { id: projectId, content: '备份之后改的' });

    const hash = sha(backup.path);
    const preview = await must<BackupPreview>(ledger, 'backup.preview', { path: backup.path });
    expect(sha(backup.path)).toBe(hash);
    expect(preview).toMatchObject({ takenAt: new Date('2024-03-05T09:00:00+08:00').toISOString(), officeName: '青山县乡村振兴局', needsUpgrade: false });
    expect(preview.counts).toMatchObject({ townships: 2, villages: 3, projects: 1, payments: 0 });
    expect(preview.lastChangeAt).not.toBeNull();

    const oldSqlite = ledger.sqlite;
    const result = await must<RestoreResult>(ledger, 'backup.restore', { path: backup.path, confirm: true });
    // The same context now reads the restored file: every door holds this object.
    expect(ledger.sqlite).not.toBe(oldSqlite);
    expect(oldSqlite.open).toBe(false);
    const projects = await must<{ rows: Array<{ name: string }> }>(ledger, 'projects.list', {});
    expect(projects.rows.map((r) => r.name)).toEqual(['前进村道路硬化项目']);
    expect((await must<{ content: string }>(ledger, 'projects.get', { id: projectId })).content).toBe('硬化村组道路 3.2 公里，宽 4.5 米');
    expect(await dispatch(ledger, 'projects.get', { id: c2.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(result.counts.projects).toBe(1);

    // What it replaced is kept, with the later work in it.
    expect(result.previousBackup).toMatch(/恢复前-20240305-090000\.db$/);
    const previous = new Database(result.previousBackup!, { readonly: true });
    expect(previous.prepare('select count(*) from projects').pluck().get()).toBe(2);
    previous.close();

    // The restore is in the restored ledger's trail, the chain is whole, and writes work on the new file.
    const trail = await ledger.sql.get("select action, entity, operator from audit_log order by id desc limit 1");
    expect(trail).toEqual({ action: 'restore', entity: 'ledger', operator: '操作员' });
    expect((await verifyChainOnPort(dataPort(ledger))).ok).toBe(true);
    await must(ledger, 'projects.update', { id: projectId, content: '恢复后再改' });
    ledger.close();
    const reopened = openLedger({ dbFile: ledger.dbFile, door: 'cli' });
    expect(reopened.sqlite.prepare('select content from projects where id = ?').pluck().get(projectId)).toBe('恢复后再改');
    expect(fs.readdirSync(ledger.dir).filter((n) => n.includes('恢复中'))).toEqual([]);
    reopened.close();
  });

  it('backs up before a batch undo, and the day\'s start-up 每日 copy stays listed beside it', async () => {
    const time = clock('2024-03-05T08:00:00+08:00');
    const ledger = await testLedger({ now: time.now });
    ledgers.push(ledger);
    // The start-up's 每日 copy is a local file's only.
    const daily = ON_SERVER ? [] : ['每日-20240305-080000.db'];
    if (!ON_SERVER) expect(await ensureDailyBackup(ledger)).toMatchObject({ name: '每日-20240305-080000.db' });
    time.set('2024-03-05T09:00:00+08:00');
    const c = await setupCounty(ledger);
    await must(ledger, 'projects.create', bankable(c, { code: '青山-2024-0001' }));
    const csv = path.join(ledger.dir, 'pay.csv');
    fs.writeFileSync(csv, csvText([['项目编号', '拨付日期', '拨付金额(元)', '凭证号'], ['青山-2024-0001', '2024-04-01', '100.00', '记-1']]));
    const result = await importFile(ledger, { path: csv, kind: 'payments' });
    expect(result.imported).toBe(1);
    expect(listBackups(ledger).filter((b) => b.kind === 'undo')).toEqual([]);
    await undoImportBatch(ledger, result.batchId!);
    const copies = listBackups(ledger).filter((b) => b.kind === 'undo');
    expect(copies).toHaveLength(1);
    const copy = new Database(copies[0]!.path, { readonly: true });
    expect(copy.prepare('select count(*) from payments').pluck().get()).toBe(1);
    copy.close();
    expect(await ledger.sql.value('select count(*) from payments')).toBe(0);
    // A second undo copy later the same day: still both, and the 每日 copy.
    time.set('2024-03-05T15:00:00+08:00');
    await backupBeforeUndo(ledger);
    const listed = await must<{ rows: Array<{ name: string; kind: string }> }>(ledger, 'backup.list', {});
    expect(listed.rows.map((r) => r.name)).toEqual(['撤销导入前-20240305-150000.db', '撤销导入前-20240305-090000.db', ...daily]);
    if (ON_SERVER) return;
    // The next morning's start-up makes that day's copy; nothing of the 5th is removed.
    time.set('2024-03-06T08:00:00+08:00');
    expect(await ensureDailyBackup(ledger)).toMatchObject({ name: '每日-20240306-080000.db' });
    expect(listBackups(ledger)).toHaveLength(4);
  });
});

async function countyOf(ledger: TestLedger) {
  const rows = await must<Array<{ id: number; name: string; level: string }>>(ledger, 'divisions.list', {});
  const types = await must<Array<{ id: number; name: string; children: Array<{ id: number; name: string }> }>>(ledger, 'projectTypes.list', {});
  const units = await must<Array<{ id: number }>>(ledger, 'units.list', {});
  const byName = (n: string) => rows.find((r) => r.name === n)!;
  return {
    huashu: byName('桦树镇'),
    qianjin: byName('前进村'),
    agri: units[0]!,
    type: (name: string) => {
      const [top, child] = name.split('/');
      const t = types.find((x) => x.name === top)!;
      return child ? t.children.find((x) => x.name === child)!.id : t.id;
    },
  } as unknown as Parameters<typeof bankable>[0];
}

// The CLI's --db backup and restore are of ledger files; --pg's are compared with them in cli-office.test.ts.
describe.skipIf(ON_SERVER)('CLI backup and restore', () => {
  it('backs up to a file, restores into a new path and over an existing ledger; refuses with exit codes', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = path.join(dir, 'ledger.db');
    expect((await runCli(['demo', '--db', db, '--json'])).exitCode).toBe(EXIT_OK);
    const out = path.join(dir, 'u盘', 'copy.db');
    fs.mkdirSync(path.dirname(out));
    const backup = await runCli(['backup', '--out', out, '--db', db, '--json']);
    expect(backup.exitCode).toBe(EXIT_OK);
    const body = JSON.parse(backup.stdout) as { ok: boolean; file: string; integrity: string; counts: { projects: number } };
    expect(body).toMatchObject({ ok: true, file: out, integrity: 'ok' });
    expect(body.counts.projects).toBeGreaterThan(0);

    const fresh = path.join(dir, 'new', 'restored.db');
    const into = await runCli(['restore', out, '--db', fresh, '--json']);
    expect(into.exitCode).toBe(EXIT_OK);
    expect(JSON.parse(into.stdout)).toMatchObject({ ok: true, previousBackup: null, counts: { projects: body.counts.projects } });

    const over = await runCli(['restore', out, '--db', db, '--json']);
    expect(over.exitCode).toBe(EXIT_OK);
    expect(JSON.parse(over.stdout).previousBackup).toMatch(/恢复前-/);

    expect((await runCli(['backup', '--db', db, '--json'])).exitCode).toBe(EXIT_USAGE);
    expect((await runCli(['restore', '--db', db, '--json'])).exitCode).toBe(EXIT_USAGE);
    const noDb = await runCli(['backup', '--out', out, '--db', path.join(dir, 'none.db'), '--json']);
    expect(noDb.exitCode).toBe(EXIT_REFUSED);
    expect(JSON.parse(noDb.stdout).error.message).toMatch(/不存在/);
    const garbage = path.join(dir, 'garbage.db');
    fs.writeFileSync(garbage, Buffer.alloc(8192, 7));
    const bad = await runCli(['restore', garbage, '--db', db, '--json']);
    expect(bad.exitCode).toBe(EXIT_REFUSED);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });
});

