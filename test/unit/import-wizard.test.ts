// The steps the wizard drives (open → preview with choices → commit → history → undo), with the zod
// schemas of contract.ts, and the CLI contract of DESIGN.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import { dispatch } from '../../electron/platform/handlers';
import type { ImportOpenResult, ImportPreview, ImportResult, UndoPreview } from '../../shared/api-import';
import { importCommitInput, importOpenInput, importPreviewInput } from '../../shared/api-import';
import { importBatches, importCancel, importClose, importCommit, importOpen, importPreview, importUndo } from '../../electron/ledger/imports/service';
import { idNumberCheckDigit } from '../../shared/id-number';
import { exceljsXlsx } from '../helpers/import-fixtures';
import { count, seedPlaces } from '../helpers/import-ledger';
import { tempDir } from '../helpers/ledger';
import { ON_SERVER, testLedger, type TestLedger } from '../helpers/test-ledger';

describe('wizard steps', () => {
  let ledger: TestLedger;
  beforeEach(async () => {
    ledger = await testLedger();
    await seedPlaces(ledger);
  });
  afterEach(() => ledger.dispose());

  const messy = async (name: string, header = '项目简称') =>
    exceljsXlsx(path.join(ledger.dir, name), [
      {
        rows: [
          ['桦树镇2024年项目台账（单位：万元）'],
          ['序号', header, '村', '总投资', '项目状态'],
          [1, '道路', '前进村', 10, '在建'],
          [2, '水窖', '南三村', 5, '在建'],
          [3, '大棚', '向阳村', 'x', '已完工'],
          [4, '养殖', '南山村', 4, '已完工'],
          ['合计', null, null, 19, null],
        ],
        merges: ['A1:E1'],
      },
    ]);

  it('open → preview (the user maps a column, fixes a cell, leaves a row out) → commit → history → undo', async () => {
    const f = await messy('messy.xlsx');
    const open = await importOpen(ledger, importOpenInput.parse({ path: f }));
    expect(open).toMatchObject({ fileName: 'messy.xlsx', format: 'xlsx', sheets: [{ name: 'Sheet1', rows: 7, cols: 5 }], previousBatches: [] });

    // "项目简称" is not a known header: without a mapping the sheet has no 项目名称 column.
    // The wizard still shows the sheet and its columns, with what is missing as the problem to settle.
    const unmapped = await importPreview(ledger, importPreviewInput.parse({ sessionId: open.sessionId }));
    expect(unmapped.errors).toEqual([{ row: null, column: null, message: expect.stringMatching(/缺少必需的列：“项目名称”/) }]);
    expect(unmapped.columns.map((c) => c.header)).toEqual(['序号', '项目简称', '村', '总投资', '项目状态']);
    expect(unmapped.summary).toMatchObject({ create: 0, error: 0 });
    await expect(importCommit(ledger, importCommitInput.parse({ sessionId: open.sessionId }))).rejects.toThrow(/缺少必需的列：“项目名称”/);
    const mapping = [{ column: 1, field: 'name' }];
    const first = await importPreview(ledger, importPreviewInput.parse({ sessionId: open.sessionId, kind: 'projects', mapping }));
    expect(first.columns.map((c) => [c.letter, c.header, c.field, c.source])).toEqual([
      ['A', '序号', 'seq', 'auto'],
      ['B', '项目简称', 'name', 'user'],
      ['C', '村', 'village', 'auto'],
      ['D', '总投资', 'total', 'auto'],
      ['E', '项目状态', 'status', 'auto'],
    ]);
    expect(first.header).toMatchObject({ first: 2, last: 2 });
    expect(first.summary).toMatchObject({ create: 2, error: 2 });
    expect(first.rows.map((r) => [r.row, r.cls, r.outcome])).toEqual([
      [1, 'title', null],
      [2, 'header', null],
      [3, 'data', 'create'],
      [4, 'data', 'error'],
      [5, 'data', 'error'],
      [6, 'data', 'create'],
      [7, 'total', 'skip'],
    ]);
    expect(first.rows[3]?.errors[0]).toMatchObject({ column: 'C', field: 'village' });
    expect(first.rows[4]?.cells).toEqual(['3', '大棚', '向阳村', 'x', '已完工']);
    const problems = await importPreview(ledger, importPreviewInput.parse({ sessionId: open.sessionId, mapping, onlyProblems: true }));
    expect(problems.rows.map((r) => r.row)).toEqual([4, 5, 7]);
    // Rows 3 and 6 land at 开工/完工 without the 入库 fields a township sheet never carries: one grouped line.
    expect(problems.warnings.filter((w) => w.message.startsWith('资料不全'))).toEqual([
      { kind: 'projectIncomplete', row: null, column: null, field: 'status', message: expect.stringMatching(/^资料不全：缺少.*的项目共 2 个（第 3、6 行），状态已在“入库”之后/) },
    ]);

    // Fix row 4's village in place, leave row 5 out.
    const choices = { sessionId: open.sessionId, mapping, edits: [{ row: 4, column: 2, value: '南山村' }], excludeRows: [5] };
    const fixed = await importPreview(ledger, importPreviewInput.parse(choices));
    expect(fixed.summary).toMatchObject({ create: 3, error: 0 });
    expect(fixed.rows.find((r) => r.row === 5)).toMatchObject({ cls: 'excluded', outcome: 'skip' });
    // The 合计 covers the sheet's rows (19 = 10 + 5 + 4; "x" is no amount), whatever the user left out.
    expect(fixed.reconcile[0]).toMatchObject({ row: 7, ok: true });
    const result = await importCommit(ledger, importCommitInput.parse(choices));
    expect(result).toMatchObject({ ok: true, imported: 3, errors: [], unit: 'wan' });
    expect(await count(ledger, 'projects')).toBe(3);

    const history = await importBatches(ledger, {});
    expect(history.rows[0]).toMatchObject({ id: result.batchId, kind: 'projects', fileName: 'messy.xlsx', imported: 3, status: 'done' });

    // The mapping is remembered for this header.
    const again = await importOpen(ledger, { path: await messy('messy-2.xlsx') });
    const remembered = await importPreview(ledger, importPreviewInput.parse({ sessionId: again.sessionId }));
    expect(remembered.columns[1]).toMatchObject({ field: 'name', source: 'remembered' });
    expect(remembered.summary.unchanged).toBe(2);

    expect(await importUndo(ledger, { batchId: result.batchId as number })).toMatchObject({ removed: 3 });
    expect(await count(ledger, 'projects')).toBe(0);
    expect((await importBatches(ledger, {})).rows[0]?.status).toBe('undone');
    expect(importClose(ledger, { sessionId: open.sessionId })).toEqual({ closed: true });
    await expect(importPreview(ledger, { sessionId: open.sessionId })).rejects.toThrow(/会话已过期/);
  });

  it('takes uploaded bytes (browser mode) and masks ID numbers in the preview unless asked', async () => {
    const id = '63212319800101001' + idNumberCheckDigit('63212319800101001');
    const f = await exceljsXlsx(path.join(ledger.dir, 'hh.xlsx'), [{ rows: [['户主姓名', '身份证号', '乡镇', '村'], ['张三', id, '桦树镇', '前进村']] }]);
    const open = await importOpen(ledger, importOpenInput.parse({ dataBase64: fs.readFileSync(f).toString('base64'), fileName: 'hh.xlsx' }));
    const preview = await importPreview(ledger, { sessionId: open.sessionId });
    expect(preview.kind).toBe('households');
    expect(preview.rows[1]?.cells[1]).toBe('632123********0019'.slice(0, 14) + id.slice(-4));
    expect(JSON.stringify(preview)).not.toContain(id);
    const revealed = await importPreview(ledger, { sessionId: open.sessionId, revealIds: true });
    expect(revealed.rows[1]?.cells[1]).toBe(id);
    expect(() => importOpenInput.parse({ dataBase64: 'AAAA' })).toThrow();
  });
});

describe('the import channels through dispatch (the wizard’s door)', () => {
  it('uploads, previews a page, commits, shows the undo confirmation and undoes, with zod errors in Chinese', async () => {
    const web = await testLedger({ door: 'web' });
    try {
      await seedPlaces(web);
      const f = await exceljsXlsx(path.join(web.dir, 'p.xlsx'), [
        { rows: [['桦树镇项目台账'], ['项目名称', '村', '总投资（元）'], ['道路', '前进村', 1000], ['水窖', '南山村', 2000], ['合计', null, 3000]] },
      ]);
      const ok = async <T>(channel: string, input: unknown): Promise<T> => {
        const r = await dispatch(web, channel, input);
        if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
        return r.value as T;
      };
      const open = await ok<ImportOpenResult>('import.open', { dataBase64: fs.readFileSync(f).toString('base64'), fileName: 'p.xlsx', jobId: 'w1' });
      const page = await ok<ImportPreview>('import.preview', { sessionId: open.sessionId, rowsFrom: 3, rowsLimit: 2 });
      expect(page.rows.map((r) => r.row)).toEqual([3, 4]);
      expect(page.rowsTotal).toBe(5);
      const done = await ok<ImportResult>('import.commit', { sessionId: open.sessionId, jobId: 'c1' });
      expect(done).toMatchObject({ imported: 2, batchId: expect.any(Number) });
      const confirm = await ok<UndoPreview>('import.undoPreview', { batchId: done.batchId });
      expect(confirm).toMatchObject({ fileName: 'p.xlsx', status: 'done', remove: [{ entity: 'project', label: '项目', count: 2 }], restore: [], blocking: [], editedLater: 0 });
      expect(await ok('import.undo', { batchId: done.batchId })).toMatchObject({ removed: 2 });
      expect(await ok<UndoPreview>('import.undoPreview', { batchId: done.batchId })).toMatchObject({ status: 'undone', remove: [] });
      const bad = await dispatch(web, 'import.preview', { sessionId: open.sessionId, headerRows: { first: 3, last: 1 } });
      expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '表头最多 5 行，且结束行不能在起始行之前' } });
      const byPath = await dispatch(web, 'import.open', { path: f });
      expect(byPath).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      await web.dispose();
    }
  });
});

describe('a 1 000-row sheet in the wizard', () => {
  it('previews a page at a time, and only the rows with problems when asked', async () => {
    const ledger = await testLedger();
    try {
      await seedPlaces(ledger);
      const rows: Array<Array<string | number | null>> = [['桦树镇项目台账（单位：元）'], ['项目名称', '村', '总投资']];
      for (let i = 1; i <= 1000; i += 1) rows.push([`项目${i}`, i % 250 === 0 ? '火星村' : '前进村', i * 100]);
      const f = await exceljsXlsx(path.join(ledger.dir, 'big.xlsx'), [{ rows }]);
      const open = await importOpen(ledger, { path: f });
      const started = performance.now();
      const page = await importPreview(ledger, { sessionId: open.sessionId, rowsFrom: 501, rowsLimit: 100 });
      const ms = performance.now() - started;
      expect(page.rows).toHaveLength(100);
      expect(page.rows[0]?.row).toBe(501);
      expect(page.rowsTotal).toBe(1002);
      expect(page.summary).toMatchObject({ create: 996, error: 4 });
      const problems = await importPreview(ledger, { sessionId: open.sessionId, onlyProblems: true, rowsLimit: 100 });
      expect(problems.rows.map((r) => r.row)).toEqual([252, 502, 752, 1002]);
      // A page of the wizard re-runs the whole pipeline on the sheet: it must stay interactive.
      expect(ms).toBeLessThan(3000);
    } finally {
      await ledger.dispose();
    }
  });
});

describe('doors and cancelling', () => {
  it('the browser door uploads only; a long read can be cancelled', async () => {
    const web = await testLedger({ door: 'web' });
    try {
      await expect(importOpen(web, { path: '/etc/passwd' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await web.dispose();
    }
    const ledger = await testLedger();
    try {
      const big = path.join(ledger.dir, 'big.csv');
      fs.writeFileSync(big, `项目名称,金额\n${'水窖,1\n'.repeat(250_000)}`);
      const pending = importOpen(ledger, { path: big, jobId: 'job-1' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(importCancel(ledger, { jobId: 'job-1' })).toEqual({ cancelled: true });
      await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(importCancel(ledger, { jobId: 'job-1' })).toEqual({ cancelled: false });
    } finally {
      await ledger.dispose();
    }
  });
});

// The CLI with --db makes and changes a ledger file (and a dry run leaves its bytes); --pg answers as --db does
// command by command in cli-office.test.ts.
describe.skipIf(ON_SERVER)('CLI contract: import', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const workDir = () => {
    const d = tempDir('cli-import-');
    dirs.push(d);
    return d;
  };
  const sheet = (dir: string) =>
    exceljsXlsx(path.join(dir, '桦树镇.xlsx'), [
      {
        rows: [
          ['桦树镇2024年项目台账'],
          ['项目名称', '村', '总投资（元）'],
          ['道路', '前进村', 1000],
          ['水窖', '火星村', 'abc'],
          ['合计', null, 1000],
        ],
      },
    ]);

  it('creates the database, prints one JSON object with the contract’s fields, exit 0 with row errors', async () => {
    const dir = workDir();
    const db = path.join(dir, 'new', 'ledger.db');
    const f = await sheet(dir);
    const res = await runCli(['import', f, '--db', db, '--add-places', '--json']);
    expect(res.exitCode).toBe(0);
    const body = JSON.parse(res.stdout) as Record<string, unknown>;
    for (const key of ['ok', 'kind', 'sheet', 'unit', 'rowsRead', 'imported', 'updated', 'skipped', 'errors', 'warnings', 'totals', 'batchId']) {
      expect(body).toHaveProperty(key);
    }
    expect(body).toMatchObject({ ok: true, kind: 'projects', sheet: 'Sheet1', unit: 'yuan', rowsRead: 3, imported: 1, updated: 0, totals: { amountFen: 100_000 } });
    expect(body.skipped).toEqual([{ row: 5, reason: expect.stringMatching(/合计/) }]);
    expect(body.errors).toEqual([{ row: 4, column: 'C', field: 'total', message: expect.stringMatching(/^第4行C列「总投资（元）」：“abc”不是金额/) }]);
    expect((body.warnings as Array<{ message: string }>).some((w) => /火星村/.test(w.message))).toBe(true);
    expect(fs.existsSync(db)).toBe(true);
  });

  it('--dry-run leaves the database as it was; usage errors (a missing file among them) exit 2', async () => {
    const dir = workDir();
    const db = path.join(dir, 'ledger.db');
    const f = await sheet(dir);
    expect((await runCli(['import', f, '--db', db, '--add-places', '--json'])).exitCode).toBe(0);
    const before = fs.readFileSync(db);
    const dry = await runCli(['import', f, '--db', db, '--dry-run', '--json']);
    expect(JSON.parse(dry.stdout)).toMatchObject({ ok: true, imported: 0, batchId: null });
    expect(Buffer.compare(fs.readFileSync(db), before)).toBe(0);
    for (const args of [['import', '--db', db], ['import', f, '--db', db, '--kind', 'people'], ['import', f, 'g.xlsx', '--db', db], ['import', f, '--db', db, '--unit', 'jin'], ['import', f, '--db', db, '--on-match', 'merge']]) {
      const res = await runCli([...args, '--json']);
      expect(res.exitCode, args.join(' ')).toBe(2);
      expect(JSON.parse(res.stdout)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    const missing = await runCli(['import', path.join(dir, 'nope.xlsx'), '--db', db, '--json']);
    expect(missing.exitCode).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/找不到要导入的文件“.*nope\.xlsx”/) } });
    const human = await runCli(['import', f, '--db', db, '--dry-run']);
    expect(human.stdout).toMatch(/试导入（未写入）：项目/);
  });

  it('--add-places on a ledger without a county names the county from the sheet, with a temporary code and a warning', async () => {
    const dir = workDir();
    const named = await exceljsXlsx(path.join(dir, 'named.xlsx'), [
      { rows: [['2024年项目台账'], ['填报单位：青山县桦树镇人民政府', null, '单位：元'], ['项目名称', '村', '总投资'], ['道路', '前进村', 1000]] },
    ]);
    const db = path.join(dir, 'named.db');
    const res = JSON.parse((await runCli(['import', named, '--db', db, '--add-places', '--json'])).stdout) as { imported: number; warnings: Array<{ message: string }> };
    expect(res.imported).toBe(1);
    expect(res.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/按表格添加“青山县”；区划代码 999999000000 是临时代码，请到“区划与单位”中改为本县的正确名称和代码/));
    const counties = JSON.parse((await runCli(['list', 'projects', '--db', db, '--json'])).stdout) as { rows: Array<{ township: string; village: string }> };
    expect(counties.rows).toMatchObject([{ township: '桦树镇', village: '前进村' }]);
    // A sheet that names no county still imports on a fresh database, under 本县.
    const anon = await sheet(dir);
    const res2 = JSON.parse((await runCli(['import', anon, '--db', path.join(dir, 'anon.db'), '--add-places', '--json'])).stdout) as { imported: number; warnings: Array<{ message: string }> };
    expect(res2.imported).toBe(1);
    expect(res2.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/添加“本县”（表格中没有写县名）；区划代码 999999000000 是临时代码/));
  });

  it('runs as `npm run --silent cli -- import` with nothing but JSON on stdout (the worker under tsx)', async () => {
    const dir = workDir();
    const f = await sheet(dir);
    const res = spawnSync('npm', ['run', '--silent', 'cli', '--', 'import', f, '--db', path.join(dir, 'x.db'), '--add-places', '--json'], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, imported: 1 });
  });
});
