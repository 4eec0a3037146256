// Crash safety: a CLI import of 30 000 payment rows, a CLI backup and a CLI restore, each started in a child
// process and killed with SIGKILL at random moments. After every kill the ledger opens, integrity_check is
// ok, the audit chain is whole, and the work is wholly there or wholly absent: the batch with all its rows
// or none; the backup file absent or a good copy (a half-written one never under the backup's name); the
// ledger either the old one or the restored one, never a mix. Prints kills survived / tried.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedgerCopy, parseBackupFileName } from '../../db/backup';
import { verifyAuditChain } from '../../electron/platform/audit';
import { openLedger } from '../../electron/platform/context';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { csvText } from '../helpers/import-fixtures';
import { tempDir } from '../helpers/ledger';

const ROWS = Number(process.env.CRASH_IMPORT_ROWS ?? 30_000);
const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const PROJECTS = 2_000;
const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'electron', 'cli.ts');

/** A small seeded generator, so a failing run can be repeated (the seed is printed). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  /** When `phase` first held (ms after the start), if it did. */
  phaseAtMs: number | null;
  stdout: string;
}

interface KillPlan {
  /** Kill this long after the start… */
  afterMs?: number;
  /** …or this long after `phase` first holds (polled every few ms). */
  afterPhaseMs?: number;
}

/** Run the CLI in its own process and SIGKILL it as planned (if it is still running then). */
function runCliChild(args: string[], plan: KillPlan = {}, phase?: () => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let phaseAtMs: number | null = null;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.resume();
    const timers: NodeJS.Timeout[] = [];
    if (plan.afterMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), plan.afterMs));
    if (phase) {
      const poll = setInterval(() => {
        if (phaseAtMs !== null || !phase()) return;
        phaseAtMs = performance.now() - started;
        clearInterval(poll);
        if (plan.afterPhaseMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), plan.afterPhaseMs));
      }, 2);
      timers.push(poll);
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      resolve({ code, signal, ms: performance.now() - started, phaseAtMs, stdout });
    });
  });
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

const dir = tempDir('ledger-crash-');
const tally: Record<string, { tried: number; survived: number; killedMidway: number }> = {};
function count(kind: string, survived: boolean, killedMidway: boolean) {
  const t = (tally[kind] ??= { tried: 0, survived: 0, killedMidway: 0 });
  t.tried += 1;
  if (survived) t.survived += 1;
  if (killedMidway) t.killedMidway += 1;
}

let startupMs = 0;

/**
 * When to kill: even kills at a uniform moment after start-up; odd ones at a uniform moment after the
 * command's writing phase began (the import's first WAL write, the restore's first copy), which a draw over
 * the whole run would rarely hit. `whole` is a complete run of the same command, for the lengths.
 */
function killPlan(random: () => number, k: number, whole: Run): KillPlan {
  if (k % 2 === 0 || whole.phaseAtMs === null) return { afterMs: startupMs * 0.9 + random() * (whole.ms - startupMs * 0.9) };
  return { afterPhaseMs: random() * (whole.ms - whole.phaseAtMs) * 0.9 };
}

beforeAll(async () => {
  expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
  // Time to start the CLI and do nothing: kills before it are not interesting.
  startupMs = (await runCliChild(['--help'])).ms;
});

afterAll(() => {
  const lines = Object.entries(tally).map(([k, t]) => `${k}: ${t.survived}/${t.tried} kills survived (${t.killedMidway} while the command was running)`);
  process.stdout.write(`\n[crash] ${lines.join('\n[crash] ')}\n`);
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test-results', 'crash-kills.json'), JSON.stringify({ rows: ROWS, tally }, null, 2));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SIGKILL at random moments', () => {
  it(`import of ${ROWS} payment rows: the batch is wholly present or wholly absent`, async () => {
    const template = path.join(dir, 'import-template.db');
    const ledger = openLedger({ dbFile: template, door: 'cli' });
    const insert = ledger.sqlite.prepare("insert into projects (year, code, name, fund_central_fen, status) values (2024, ?, ?, ?, 'started')");
    ledger.sqlite.transaction(() => {
      for (let p = 0; p < PROJECTS; p += 1) insert.run(`青山-2024-${String(p + 1).padStart(4, '0')}`, `项目${p + 1}`, 1_000_000_000_000);
    })();
    ledger.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    ledger.close();
    const rows: Array<Array<string | number>> = [['序号', '项目编号', '拨付日期', '拨付金额(元)', '收款单位', '凭证号']];
    for (let i = 0; i < ROWS; i += 1) {
      rows.push([i + 1, `青山-2024-${String((i % PROJECTS) + 1).padStart(4, '0')}`, `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`, ((1000 + (i % 5000)) + (i % 100) / 100).toFixed(2), `第${(i % 300) + 1}建筑公司`, `记-${i + 1}`]);
    }
    const csv = path.join(dir, 'payments.csv');
    fs.writeFileSync(csv, csvText(rows));

    const fresh = (name: string) => {
      const file = path.join(dir, name);
      fs.copyFileSync(template, file);
      return file;
    };
    // One run to the end: the whole batch, and how long a whole run takes.
    const writing = (file: string) => () => fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0;
    const fullFile = fresh('import-full.db');
    const full = await runCliChild(['import', csv, '--kind', 'payments', '--db', fullFile, '--json'], {}, writing(fullFile));
    expect(full.code, full.stdout.slice(0, 300)).toBe(0);
    expect(JSON.parse(full.stdout)).toMatchObject({ ok: true, imported: ROWS });
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
    const random = rng(seed);
    process.stdout.write(`[crash] import: whole run ${Math.round(full.ms)} ms (writing from ${Math.round(full.phaseAtMs ?? 0)} ms), start-up ${Math.round(startupMs)} ms, seed ${seed}\n`);

    const outcomes = { present: 0, absent: 0 };
    // Kills that land after the command finished do not count: go on until KILLS landed mid-way.
    for (let k = 0; (tally.import?.killedMidway ?? 0) < KILLS && k < KILLS * 2; k += 1) {
      const file = fresh(`import-${k}.db`);
      const run = await runCliChild(['import', csv, '--kind', 'payments', '--db', file, '--json'], killPlan(random, k, full), writing(file));
      const killed = run.signal === 'SIGKILL';
      const opened = openLedger({ dbFile: file, door: 'cli' });
      try {
        expect(integrity(file)).toBe('ok');
        const payments = opened.sqlite.prepare('select count(*) from payments').pluck().get() as number;
        const batches = opened.sqlite.prepare('select count(*) from import_batches').pluck().get() as number;
        const audited = opened.sqlite.prepare("select count(*) from audit_log where entity = 'payment'").pluck().get() as number;
        expect([0, ROWS]).toContain(payments);
        expect(batches).toBe(payments === 0 ? 0 : 1);
        expect(audited).toBe(payments);
        expect(verifyAuditChain(opened).ok).toBe(true);
        if (killed) outcomes[payments === 0 ? 'absent' : 'present'] += 1;
        count('import', true, killed);
      } catch (error) {
        count('import', false, killed);
        throw error;
      } finally {
        opened.close();
      }
      fs.rmSync(file, { force: true });
      for (const s of ['-wal', '-shm']) fs.rmSync(`${file}${s}`, { force: true });
    }
    process.stdout.write(`[crash] import outcomes of the kills: batch absent ${outcomes.absent}, wholly present ${outcomes.present}\n`);
    expect(tally.import!.killedMidway).toBe(KILLS);
  }, 240_000);

  it('backup: the ledger is untouched and the backup file is absent or a good copy', async () => {
    const source = path.join(dir, 'backup-source.db');
    const ledger = openLedger({ dbFile: source, door: 'cli' });
    await loadDemoData(ledger, { scale: 8, seed: 3 });
    const expected = ledger.sqlite.prepare('select count(*) from payments').pluck().get() as number;
    ledger.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    ledger.close();
    const out = path.join(dir, 'usb');
    fs.mkdirSync(out);
    const copying = () => fs.readdirSync(out).some((n) => n.endsWith('.part'));
    const full = await runCliChild(['backup', '--out', path.join(out, 'full.db'), '--db', source, '--json'], {}, copying);
    expect(full.code).toBe(0);
    const random = rng(7);
    for (let k = 0; (tally.backup?.killedMidway ?? 0) < KILLS / 2 && k < KILLS * 2; k += 1) {
      const dest = path.join(out, `copy-${k}.db`);
      const run = await runCliChild(['backup', '--out', dest, '--db', source, '--json'], killPlan(random, k, full), copying);
      let survived = false;
      try {
        expect(integrity(source)).toBe('ok');
        if (fs.existsSync(dest)) {
          checkLedgerCopy(dest);
          const copy = new Database(dest, { readonly: true });
          expect(copy.prepare('select count(*) from payments').pluck().get()).toBe(expected);
          copy.close();
        }
        // Whatever was left half-written carries the partial suffix: never a backup's name.
        for (const name of fs.readdirSync(out)) {
          if (name.endsWith('.db')) checkLedgerCopy(path.join(out, name));
          // Or a copy's manifest (db/anchor.ts), or one being written when the kill came (never read as one).
          else expect(name).toMatch(/\.part(-journal)?$|\.db\.manifest\.json(\.\d+\.tmp)?$/);
          if (!name.startsWith('copy-') && !name.startsWith('full')) expect(parseBackupFileName(name)).toBeNull();
        }
        survived = true;
      } finally {
        count('backup', survived, run.signal === 'SIGKILL');
      }
    }
    expect(tally.backup!.killedMidway).toBe(KILLS / 2);
  }, 120_000);

  it('restore: the ledger is the old one or the restored one, never a mix', async () => {
    // The "new" ledger: a demo county named 新; the backup of it is what gets restored.
    const newer = path.join(dir, 'restore-new.db');
    const a = openLedger({ dbFile: newer, door: 'cli' });
    await loadDemoData(a, { scale: 8, seed: 5 });
    a.sqlite.prepare("insert into settings (key, value) values ('officeName', '\"新台账\"') on conflict(key) do update set value = excluded.value").run();
    const newState = { office: '"新台账"', payments: a.sqlite.prepare('select count(*) from payments').pluck().get() as number };
    a.close();
    const backup = path.join(dir, 'restore-backup.db');
    expect((await runCliChild(['backup', '--out', backup, '--db', newer, '--json'])).code).toBe(0);
    // The "old" ledger: another county, named 旧.
    const oldTemplate = path.join(dir, 'restore-old.db');
    const b = openLedger({ dbFile: oldTemplate, door: 'cli' });
    await loadDemoData(b, { scale: 3, seed: 9 });
    b.sqlite.prepare("insert into settings (key, value) values ('officeName', '\"旧台账\"') on conflict(key) do update set value = excluded.value").run();
    const oldState = { office: '"旧台账"', payments: b.sqlite.prepare('select count(*) from payments').pluck().get() as number };
    b.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    b.close();
    expect(oldState.payments).not.toBe(newState.payments);

    const work = path.join(dir, 'restore-run');
    const fresh = () => {
      fs.rmSync(work, { recursive: true, force: true });
      fs.mkdirSync(work);
      const file = path.join(work, 'ledger.db');
      fs.copyFileSync(oldTemplate, file);
      return file;
    };
    // The writing phase: the copy being staged beside the ledger, then the swap and the reopen.
    const copying = () => fs.existsSync(work) && fs.readdirSync(work).some((n) => n.includes('恢复中'));
    const full = await runCliChild(['restore', backup, '--db', fresh(), '--json'], {}, copying);
    expect(full.code, full.stdout).toBe(0);
    const random = rng(11);
    const outcomes = { old: 0, new: 0 };
    for (let k = 0; (tally.restore?.killedMidway ?? 0) < KILLS / 2 && k < KILLS * 2; k += 1) {
      const file = fresh();
      const run = await runCliChild(['restore', backup, '--db', file, '--json'], killPlan(random, k, full), copying);
      let survived = false;
      try {
        const opened = openLedger({ dbFile: file, door: 'cli' });
        try {
          expect(integrity(file)).toBe('ok');
          const state = {
            office: opened.sqlite.prepare("select value from settings where key = 'officeName'").pluck().get() as string,
            payments: opened.sqlite.prepare('select count(*) from payments').pluck().get() as number,
          };
          expect([oldState, newState]).toContainEqual(state);
          if (run.signal === 'SIGKILL') outcomes[state.office === oldState.office ? 'old' : 'new'] += 1;
          expect(verifyAuditChain(opened).ok).toBe(true);
        } finally {
          opened.close();
        }
        // A restore killed before the swap leaves its own copy of the old ledger only under a partial name or
        // as a complete, checked 恢复前 copy.
        const folder = path.join(work, '备份');
        if (fs.existsSync(folder)) for (const name of fs.readdirSync(folder)) if (name.endsWith('.db')) checkLedgerCopy(path.join(folder, name));
        survived = true;
      } finally {
        count('restore', survived, run.signal === 'SIGKILL');
      }
    }
    process.stdout.write(`[crash] restore outcomes of the kills: old ${outcomes.old}, new ${outcomes.new}\n`);
    expect(tally.restore!.killedMidway).toBe(KILLS / 2);
  }, 120_000);
});
