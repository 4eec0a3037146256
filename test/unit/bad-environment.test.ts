// The machine misbehaves: the disk is full, the data folder is read-only, another process holds the ledger
// locked. Each must give a clear Chinese message through dispatch and lose nothing: what was saved before is
// still there and intact, what was refused left no trace, and once the trouble is gone work goes on.
// Real conditions where this machine allows them (root: a tiny tmpfs, a read-only bind mount); otherwise the
// same conditions made inside SQLite (max_page_count, query_only), so the test never silently skips.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../electron/platform/audit';
import { openLedger, type LedgerHandle } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { openFailureReason } from '../../electron/platform/open-failure';
import { runCli } from '../../electron/cli';
import type { ApiResponse } from '../../shared/api';
import { SAMPLE_COUNTY, tempDir as makeTempDir } from '../helpers/ledger';

const CJK = /[\u4e00-\u9fff]/;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) {
    try {
      c();
    } catch {
      // best effort: an unmount of a folder already gone
    }
  }
});

/** A temp folder removed after the test (after any mount on it is gone: cleanups run last-in first-out). */
function tempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = makeTempDir('mount-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}
const MOUNTS = canMount();

function open(dbFile: string): LedgerHandle {
  const ledger = openLedger({ dbFile, door: 'cli' });
  cleanups.push(() => ledger.close());
  return ledger;
}
async function must(ledger: LedgerHandle, channel: string, input?: unknown): Promise<unknown> {
  const r = await dispatch(ledger, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value;
}
const unitNames = (ledger: LedgerHandle) => ledger.sqlite.prepare('select name from units order by id').pluck().all() as string[];
const auditRows = (ledger: LedgerHandle) => ledger.sqlite.prepare('select count(*) from audit_log').pluck().get() as number;

describe('disk full', () => {
  it(`refuses the write that does not fit with a clear message, keeps every earlier one (${MOUNTS ? 'a 1 MB tmpfs' : 'SQLite max_page_count'})`, async () => {
    const dir = tempDir('full-');
    let filler: string | null = null;
    if (MOUNTS) {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
      cleanups.push(() => execFileSync('umount', ['-l', dir]));
    }
    const ledger = open(path.join(dir, 'ledger.db'));
    await must(ledger, 'county.setup', SAMPLE_COUNTY);
    if (MOUNTS) {
      // Leave room for a few units only; the filler is what the clerk deletes to free space.
      filler = path.join(dir, 'filler.bin');
      const free = Number(execFileSync('df', ['--output=avail', '-B1', dir]).toString().split('\n')[1]);
      fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free - 120 * 1024)));
    } else {
      const pages = ledger.sqlite.pragma('page_count', { simple: true }) as number;
      ledger.sqlite.pragma(`max_page_count = ${pages + 8}`);
    }

    let saved = 0;
    let refusal: ApiResponse | null = null;
    for (let i = 0; i < 400 && !refusal; i += 1) {
      const r = await dispatch(ledger, 'units.create', { name: `帮扶单位${i}`, kind: 'assisting', remark: '备注'.repeat(240) });
      if (r.ok) saved += 1;
      else refusal = r;
    }
    expect(refusal, 'the disk never filled').not.toBeNull();
    if (refusal && !refusal.ok) {
      expect(refusal.error.message).toMatch(/磁盘空间已满.*没有保存/);
      expect(refusal.error.message).toMatch(CJK);
    }
    expect(saved).toBeGreaterThan(0);
    const auditBefore = auditRows(ledger);
    // Still full: refused again, nothing half-written.
    expect((await dispatch(ledger, 'units.create', { name: '又一个单位', kind: 'assisting', remark: '备注'.repeat(240) })).ok).toBe(false);
    expect(unitNames(ledger)).toHaveLength(saved);
    expect(auditRows(ledger)).toBe(auditBefore);

    // Space freed: work goes on, and everything saved before is still there and intact.
    if (filler) fs.rmSync(filler);
    else ledger.sqlite.pragma('max_page_count = 1073741823');
    await must(ledger, 'units.create', { name: '腾出空间后', kind: 'assisting' });
    expect(unitNames(ledger)).toHaveLength(saved + 1);
    expect(ledger.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(verifyAuditChain(ledger).ok).toBe(true);
  });
});

describe('read-only data folder', () => {
  it('refuses writes with a clear message when the ledger file turns read-only while open, and loses nothing', async () => {
    // SQLite answers SQLITE_READONLY, as it does for a file it may no longer write (a remounted share, a
    // write-protected stick); query_only makes that answer without needing such a device.
    const dir = tempDir('ro-');
    const dbFile = path.join(dir, 'ledger.db');
    const ledger = open(dbFile);
    await must(ledger, 'county.setup', SAMPLE_COUNTY);
    await must(ledger, 'units.create', { name: '县农业农村局', kind: 'department' });
    const auditBefore = auditRows(ledger);
    ledger.sqlite.pragma('query_only = 1');
    expect((await must(ledger, 'units.list')) as unknown[]).toHaveLength(1);
    for (const [channel, input] of [
      ['units.create', { name: '县财政局', kind: 'department' }],
      ['settings.update', { officeName: '某县乡村振兴局' }],
    ] as const) {
      const refused = await dispatch(ledger, channel, input);
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe('FORBIDDEN');
        expect(refused.error.message).toMatch(/只读.*没有保存/);
      }
    }
    ledger.sqlite.pragma('query_only = 0');
    expect(auditRows(ledger)).toBe(auditBefore);
    expect(unitNames(ledger)).toEqual(['县农业农村局']);
    await must(ledger, 'units.create', { name: '县财政局', kind: 'department' });
    expect(verifyAuditChain(ledger).ok).toBe(true);
  });

  it.skipIf(!MOUNTS && process.getuid?.() === 0)('a data folder that is read-only at start gives a Chinese reason at every door and leaves the file as it was', async () => {
    const dir = tempDir('ro-start-');
    const dbFile = path.join(dir, 'ledger.db');
    const first = openLedger({ dbFile, door: 'cli' });
    await must(first, 'county.setup', SAMPLE_COUNTY);
    await must(first, 'units.create', { name: '县农业农村局', kind: 'department' });
    first.close();
    const bytes = fs.readFileSync(dbFile);
    const writable = () => (MOUNTS ? execFileSync('umount', ['-l', dir]) : fs.chmodSync(dir, 0o755));
    if (MOUNTS) {
      execFileSync('mount', ['--bind', dir, dir]);
      execFileSync('mount', ['-o', 'remount,ro,bind', dir]);
    } else {
      fs.chmodSync(dir, 0o555);
      fs.chmodSync(dbFile, 0o444);
    }
    cleanups.push(writable);
    expect(() => fs.writeFileSync(path.join(dir, 'probe'), 'x')).toThrow();
    let failure: unknown = null;
    try {
      openLedger({ dbFile, door: 'cli' }).close();
    } catch (error) {
      failure = error;
    }
    expect(failure, 'a read-only WAL ledger cannot be opened').not.toBeNull();
    expect(openFailureReason(failure)).toMatch(/只读/);
    const cli = await runCli(['list', 'projects', '--db', dbFile, '--json']);
    expect(cli.exitCode).toBe(1);
    const message = (JSON.parse(cli.stdout) as { error: { message: string } }).error.message;
    expect(message).toMatch(/只读/);
    expect(message).not.toMatch(/SqliteError|unable to open/);

    cleanups.splice(cleanups.indexOf(writable), 1);
    writable();
    expect(fs.readFileSync(dbFile).equals(bytes)).toBe(true);
    const again = open(dbFile);
    expect(unitNames(again)).toEqual(['县农业农村局']);
    expect(again.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('ledger locked by another process', () => {
  it('refuses the write with a clear message while another process holds an EXCLUSIVE transaction, then succeeds', async () => {
    const dir = tempDir('locked-');
    const dbFile = path.join(dir, 'ledger.db');
    const ledger = open(dbFile);
    await must(ledger, 'county.setup', SAMPLE_COUNTY);
    await must(ledger, 'units.create', { name: '县农业农村局', kind: 'department' });
    // Keep the test quick: the real busy_timeout (5 s) only makes the same refusal slower.
    ledger.sqlite.pragma('busy_timeout = 300');

    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))});
         const db = new D(${JSON.stringify(dbFile)});
         db.pragma('busy_timeout = 5000');
         db.exec('begin exclusive');
         db.prepare("insert into settings(key, value) values ('lockedBy', '\\"other\\"')").run();
         process.stdout.write('locked\\n');
         process.stdin.once('data', () => { db.exec('rollback'); db.close(); process.exit(0); });`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    cleanups.push(() => holder.kill('SIGKILL'));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => resolve());
      holder.once('exit', (code) => reject(new Error(`lock holder exited ${code}`)));
    });

    const auditBefore = auditRows(ledger);
    const refused = await dispatch(ledger, 'units.create', { name: '县财政局', kind: 'department' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('CONFLICT');
      expect(refused.error.message).toMatch(/另一个程序占用.*没有保存/);
    }

    holder.stdin.write('release\n');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(auditRows(ledger)).toBe(auditBefore);
    expect(unitNames(ledger)).toEqual(['县农业农村局']);
    await must(ledger, 'units.create', { name: '县财政局', kind: 'department' });
    expect(unitNames(ledger)).toEqual(['县农业农村局', '县财政局']);
    expect(ledger.sqlite.prepare("select count(*) from settings where key = 'lockedBy'").pluck().get()).toBe(0);
    expect(verifyAuditChain(ledger).ok).toBe(true);
  });
});
