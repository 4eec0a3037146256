// 校验 at start-up (verify/startup.ts): opening a ledger and the start-up hook record one 校验 row per start,
// marked as the program's own; 首页's data (dashboard.summary) carries the latest outcome, problems included
// after the file was changed with a SQLite tool; a ledger too large to check without stalling is skipped and
// 首页 is told why; browser mode runs the hook itself, on a ledger file and on the office server.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger, type LedgerHandle } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { scheduleStartupVerify, verifyRecordCount } from '../../electron/ledger/audit/verify/startup';
import { startBrowserMode } from '../../electron/web-main';
import { STARTUP_VERIFY_JOB, type DashboardSummary, type ProgressEvent } from '../../shared/api';
import { tempDir } from '../helpers/ledger';
import { migratedDatabase } from '../helpers/pg-server';
import { ledgerPool } from '../../electron/platform/postgres-port';

const dirs: string[] = [];
const open: LedgerHandle[] = [];

afterEach(() => {
  for (const l of open.splice(0)) l.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function openAt(file: string, onProgress?: (e: ProgressEvent) => void): LedgerHandle {
  const ledger = openLedger({ dbFile: file, door: 'web', onProgress });
  open.push(ledger);
  return ledger;
}

async function ok<T>(ledger: LedgerHandle, channel: string, input?: unknown): Promise<T> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as T;
}

/** A ledger file with a county and two projects, entered through the services. */
async function countyFile(): Promise<string> {
  const dir = tempDir('verify-startup-');
  dirs.push(dir);
  const file = path.join(dir, 'ledger.db');
  const ledger = openLedger({ dbFile: file, door: 'cli' });
  await ok(ledger, 'settings.update', { countyName: '青山县', operatorName: '李娜' });
  const c = await ok<{ id: number }>(ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  const t = await ok<{ id: number }>(ledger, 'divisions.create', { level: 'township', parentId: c.id, code: '632123100000', name: '桦树镇' });
  await ok(ledger, 'projects.create', { year: 2026, name: '前进村道路硬化项目', townshipId: t.id, fundCentralFen: 80_000_000, status: 'planning' });
  await ok(ledger, 'projects.create', { year: 2026, name: '桦树镇光伏电站项目', townshipId: t.id, fundCentralFen: 120_000_000, status: 'planning' });
  ledger.close();
  return file;
}

function verifyRows(ledger: LedgerHandle): Array<{ operator: string; after: Record<string, unknown> }> {
  const rows = ledger.sqlite.prepare("select operator, after from audit_log where action = 'verify' order by id").all() as Array<{ operator: string; after: string }>;
  return rows.map((r) => ({ operator: r.operator, after: JSON.parse(r.after) as Record<string, unknown> }));
}

const summary = (ledger: LedgerHandle) => ok<DashboardSummary>(ledger, 'dashboard.summary', {});

describe('校验 at start-up', () => {
  it('records one 校验 row per start, however often the hook is called, and tells the page when done', async () => {
    const file = await countyFile();
    const events: ProgressEvent[] = [];
    const ledger = openAt(file, (e) => events.push(e));
    expect((await summary(ledger)).verify).toEqual({ latest: null, startup: null });

    const first = scheduleStartupVerify(ledger, { delayMs: 0 });
    expect(scheduleStartupVerify(ledger, { delayMs: 0 })).toBe(first);
    // Before it has run, 首页 knows it is coming.
    expect((await summary(ledger)).verify.startup).toEqual({ state: 'pending' });
    expect(await first).toEqual({ state: 'done' });
    await scheduleStartupVerify(ledger, { delayMs: 0 });

    const rows = verifyRows(ledger);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.after).toMatchObject({ ok: true, problems: 0, trigger: 'startup' });
    expect(rows[0]?.operator).toBe('李娜');
    expect(events.filter((e) => e.jobId === STARTUP_VERIFY_JOB)).toHaveLength(1);

    const verify = (await summary(ledger)).verify;
    expect(verify.startup).toEqual({ state: 'done' });
    expect(verify.latest).toMatchObject({ ok: true, problems: 0, titles: [], startup: true, operator: '李娜' });

    // The next start checks again.
    ledger.close();
    const again = openAt(file);
    await scheduleStartupVerify(again, { delayMs: 0 });
    expect(verifyRows(again)).toHaveLength(2);
  });

  it("a ledger changed with a SQLite tool: 首页's data carries the problems the start-up 校验 found", async () => {
    const file = await countyFile();
    const db = new Database(file);
    db.prepare("update projects set fund_county_fen = fund_county_fen + 100000000 where name = '桦树镇光伏电站项目'").run();
    db.close();

    const ledger = openAt(file);
    await scheduleStartupVerify(ledger, { delayMs: 0 });
    const verify = (await summary(ledger)).verify;
    expect(verify.latest).toMatchObject({ ok: false, problems: 1, startup: true });
    expect(verify.latest?.titles).toEqual(['项目“桦树镇光伏电站项目”的县级衔接资金与审计日志不符']);

    // A 校验 by hand afterwards is the latest one: 首页 follows it.
    await ok(ledger, 'audit.verify', {});
    expect((await summary(ledger)).verify.latest).toMatchObject({ ok: false, problems: 1, startup: false });
  });

  it('a ledger larger than the limit is not checked at start-up, and 首页 is told why', async () => {
    const file = await countyFile();
    const ledger = openAt(file);
    const records = await verifyRecordCount(ledger);
    expect(records).toBeGreaterThan(5);
    expect(await scheduleStartupVerify(ledger, { delayMs: 0, maxRecords: records - 1 })).toEqual({ state: 'skipped', records, limit: records - 1 });
    expect(verifyRows(ledger)).toHaveLength(0);
    expect((await summary(ledger)).verify).toEqual({ latest: null, startup: { state: 'skipped', records, limit: records - 1 } });
  });

  it('a ledger closed before the hook fires is left alone', async () => {
    const file = await countyFile();
    const ledger = openAt(file);
    const outcome = scheduleStartupVerify(ledger, { delayMs: 0 });
    ledger.close();
    expect(await outcome).toEqual({ state: 'failed' });
  });

  it('browser mode runs it once the bridge is serving', async () => {
    const file = await countyFile();
    const mode = await startBrowserMode(['--db', file, '--port', '0', '--renderer', path.dirname(file)]);
    try {
      expect(await mode.startupVerify).toEqual({ state: 'done' });
    } finally {
      await mode.stop();
    }
    const db = new Database(file, { readonly: true });
    const after = db.prepare("select after from audit_log where action = 'verify'").pluck().all() as string[];
    db.close();
    expect(after.map((a) => JSON.parse(a) as unknown)).toEqual([expect.objectContaining({ ok: true, trigger: 'startup' })]);
  });

  it('browser mode on the office server (--pg): opens the server\'s ledger, runs 校验 there, takes no daily file copy', async () => {
    const url = await migratedDatabase();
    const dir = tempDir('verify-startup-office-');
    dirs.push(dir);
    const mode = await startBrowserMode(['--pg', url, '--db', path.join(dir, 'ledger.db'), '--port', '0', '--renderer', dir]);
    try {
      expect(mode.dbFile).toMatch(/^办公室服务器 postgres@127\.0\.0\.1:\d+\/t\w+$/);
      expect(await mode.startupVerify).toEqual({ state: 'done' });
    } finally {
      await mode.stop();
    }
    const pool = ledgerPool(url);
    try {
      const { rows } = await pool.query<{ after: string }>("select after from audit_log where action = 'verify'");
      expect(rows.map((r) => JSON.parse(r.after) as unknown)).toEqual([expect.objectContaining({ ok: true, trigger: 'startup' })]);
    } finally {
      await pool.end();
    }
    // No ledger file was made beside --db, and no 备份 folder: the server's ledger is backed up on purpose only.
    expect(fs.readdirSync(dir).filter((name) => name !== '日志')).toEqual([]);
  });
});
