import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import { tempDir } from '../helpers/ledger';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function dbPath(): string {
  const dir = tempDir('cli-');
  dirs.push(dir);
  return path.join(dir, 'sub', 'd.db');
}

describe('CLI contract', () => {
  it('demo fills a new database, list prints projects, payments and findings with the contract fields', async () => {
    const db = dbPath();
    const demo = await runCli(['demo', '--db', db, '--json']);
    expect(demo.exitCode).toBe(0);
    const demoJson = JSON.parse(demo.stdout) as Record<string, number | boolean>;
    expect(demoJson.ok).toBe(true);
    expect(demoJson.townships).toBeGreaterThanOrEqual(15);

    const projects = await runCli(['list', 'projects', '--db', db, '--json']);
    expect(projects.exitCode).toBe(0);
    const pj = JSON.parse(projects.stdout) as { ok: boolean; rows: Array<Record<string, unknown>> };
    expect(pj.ok).toBe(true);
    expect(pj.rows.length).toBeGreaterThan(100);
    const p = pj.rows[0]!;
    for (const key of ['name', 'township', 'village', 'category', 'status', 'totalFen', 'fundsFen', 'households', 'plannedStart', 'plannedEnd']) {
      expect(p).toHaveProperty(key);
    }
    const funds = p.fundsFen as Record<string, number>;
    expect(Object.keys(funds).sort()).toEqual(['central', 'county', 'municipal', 'other', 'provincial']);
    expect(Object.values(funds).reduce((a, b) => a + b, 0)).toBe(p.totalFen);
    expect(Number.isInteger(p.totalFen)).toBe(true);

    const township = p.township as string;
    const filtered = JSON.parse((await runCli(['list', 'projects', '--db', db, '--township', township, '--json'])).stdout) as { rows: Array<{ township: string }> };
    expect(filtered.rows.length).toBeGreaterThan(0);
    expect(new Set(filtered.rows.map((r) => r.township))).toEqual(new Set([township]));
    // Without its 镇/乡 suffix the township is still found.
    const bare = JSON.parse((await runCli(['list', 'projects', '--db', db, '--township', township.replace(/[镇乡]$/, ''), '--json'])).stdout) as { rows: unknown[] };
    expect(bare.rows.length).toBe(filtered.rows.length);

    const payments = JSON.parse((await runCli(['list', 'payments', '--db', db, '--json'])).stdout) as { rows: Array<Record<string, unknown>> };
    for (const key of ['project', 'date', 'amountFen', 'voucher']) expect(payments.rows[0]).toHaveProperty(key);

    const findings = JSON.parse((await runCli(['list', 'findings', '--db', db, '--today', '2026-11-24', '--json'])).stdout) as { rows: Array<Record<string, unknown>> };
    const f = findings.rows[0]!;
    for (const key of ['township', 'category', 'description', 'status', 'deadline', 'deadlineText', 'overdue']) expect(f).toHaveProperty(key);
    expect(['未启动', '整改中', '已完成待销号', '已销号', '长期坚持']).toContain(f.status);
    const early = JSON.parse((await runCli(['list', 'findings', '--db', db, '--today', '2000-01-01', '--json'])).stdout) as { rows: Array<{ overdue: boolean }> };
    expect(early.rows.every((r) => !r.overdue)).toBe(true);

    // Demo on a filled ledger is refused (exit 1) with a Chinese message.
    const again = await runCli(['demo', '--db', db, '--json']);
    expect(again.exitCode).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('exit 2 on usage errors, exit 1 on refused input, always one JSON object with --json', async () => {
    const db = dbPath();
    for (const args of [['frobnicate', '--db', db], ['list', '--db', db], ['list', 'projects'], ['list', 'projects', '--db', db, '--bogus'], ['demo', '--db', db, '--scale', 'x']]) {
      const res = await runCli([...args, '--json']);
      expect(res.exitCode, args.join(' ')).toBe(2);
      expect(JSON.parse(res.stdout)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    const refusedScale = await runCli(['demo', '--db', db, '--scale', '0', '--json']);
    expect(refusedScale.exitCode).toBe(1);
    expect(JSON.parse(refusedScale.stdout).error.message).toMatch(/规模/);
    const unknownTownship = await runCli(['list', 'projects', '--db', db, '--township', '不存在镇', '--json']);
    expect(unknownTownship.exitCode).toBe(1);
    expect(JSON.parse(unknownTownship.stdout).error.message).toMatch(/不存在镇/);
  });

  it('runs as `npm run --silent cli` with nothing but JSON on stdout', () => {
    const db = dbPath();
    const res = spawnSync('npm', ['run', '--silent', 'cli', '--', 'list', 'projects', '--db', db, '--json'], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ ok: true, rows: [], total: 0 });
  });
});
