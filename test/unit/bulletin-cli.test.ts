// The CLI's bulletin command: a draft from an inspection to a PDF file, a bulletin by id, the list, and
// the exit codes of the contract (0 done, 1 refused, 2 usage).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import { tempDir } from '../helpers/ledger';
import { readPdfText } from '../helpers/pdf-text';

const dir = tempDir('bulletin-cli-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const db = path.join(dir, 'd.db');

describe('CLI bulletin', () => {
  it('drafts a bulletin from an inspection and writes its PDF; then by id; lists it', async () => {
    expect((await runCli(['demo', '--db', db, '--json'])).exitCode).toBe(0);
    const list = JSON.parse((await runCli(['list', 'findings', '--db', db, '--json'])).stdout) as { rows: Array<{ inspection: string }> };
    const inspection = list.rows[0]!.inspection;
    const out = path.join(dir, 'out', 'b.pdf');
    const made = await runCli(['bulletin', 'pdf', '--draft', '--inspection', inspection, '--out', out, '--db', db, '--json']);
    expect(made.exitCode).toBe(0);
    const body = JSON.parse(made.stdout) as { ok: boolean; id: number; label: string; title: string; pages: number; status: string };
    expect(body).toMatchObject({ ok: true, label: '第1期', status: 'draft' });
    const pages = await readPdfText(new Uint8Array(fs.readFileSync(out)));
    expect(pages).toHaveLength(body.pages);
    expect(pages[0]!.text.replace(/\s/g, '')).toContain('第1期');

    const byId = await runCli(['bulletin', 'pdf', '--id', String(body.id), '--out', path.join(dir, 'again.pdf'), '--db', db]);
    expect(byId.exitCode).toBe(0);
    expect(byId.stdout).toContain('共 ');
    const listed = JSON.parse((await runCli(['bulletin', 'list', '--db', db, '--json'])).stdout) as { rows: Array<{ id: number; label: string }> };
    expect(listed.rows.map((r) => r.label)).toEqual(['第1期']);
  });

  it('refuses what it cannot do with exit 1 and a Chinese message, usage errors with exit 2', async () => {
    const missing = await runCli(['bulletin', 'pdf', '--draft', '--inspection', '没有这个检查', '--out', path.join(dir, 'x.pdf'), '--db', db, '--json']);
    expect(missing.exitCode).toBe(1);
    expect(JSON.parse(missing.stdout).error.message).toMatch(/找不到名为“没有这个检查”的检查/);
    expect((await runCli(['bulletin', 'pdf', '--id', '999', '--out', path.join(dir, 'x.pdf'), '--db', db, '--json'])).exitCode).toBe(1);
    expect((await runCli(['bulletin', 'pdf', '--id', '1', '--db', db, '--json'])).exitCode).toBe(2);
    expect((await runCli(['bulletin', 'print', '--db', db, '--json'])).exitCode).toBe(2);
    expect(fs.existsSync(path.join(dir, 'x.pdf'))).toBe(false);
  });
});
