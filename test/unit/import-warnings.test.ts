// Issue 12, items 16 and 19. Warnings of one kind are one group (kind, the kind's sentence, count, first
// rows; the full list a page at a time through import.warnings; the CLI's --json gives the groups and
// --all-warnings every row). And money or dates the mapping missed are never stored as empty silently:
// the CLI refuses (exit 1, the column named) without --allow-missing-amounts, the wizard's preview reports
// it as a file-level problem until the clerk confirms, and a sheet whose amounts really are empty passes.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import { dispatch } from '../../electron/platform/handlers';
import { importOpen, importPreview, importCommit, importWarnings } from '../../electron/ledger/imports/service';
import type { ImportIssue, ImportPreview, ImportResult } from '../../shared/api-import';
import { importOpenInput, importPreviewInput, importWarningsInput } from '../../shared/api-import';
import { IMPORT_WARNING_KINDS, WARNING_GROUP_SAMPLES } from '../../shared/import/warnings';
import { exceljsXlsx } from '../helpers/import-fixtures';
import { count, importPath, seedPlaces } from '../helpers/import-ledger';
import { ON_SERVER, testLedger, type TestLedger } from '../helpers/test-ledger';

let ledger: TestLedger;
beforeEach(async () => {
  ledger = await testLedger({ now: () => new Date('2024-06-15T02:00:00Z') });
  await seedPlaces(ledger);
});
afterEach(() => ledger.dispose());
const file = (name: string) => path.join(ledger.dir, name);

/** The CLI's options for this ledger; a file is closed first, for the CLI to open alone. */
async function cliAlone(): Promise<string[]> {
  const at = await ledger.cli();
  if (!ON_SERVER) ledger.close();
  return at;
}

const PAYMENTS = 60;

/** A project with large funds and no allocation, and a payments sheet whose every row is 拨付超下达. */
async function overAllocatedSheet(): Promise<string> {
  const p = await exceljsXlsx(file('projects.xlsx'), [{ rows: [['项目编号', '年度', '乡镇', '村', '项目名称', '总投资（元）'], ['HS-2024-01', 2024, '桦树镇', '前进村', '道路', 10_000_000]] }]);
  expect((await importPath(ledger, p)).imported).toBe(1);
  const rows: Array<Array<string | number | null>> = [['项目编号', '拨付日期', '拨付金额（元）', '凭证号', '资金文号']];
  for (let i = 0; i < PAYMENTS; i += 1) rows.push(['HS-2024-01', `2024-03-${String((i % 28) + 1).padStart(2, '0')}`, 100 + i, `付${i + 1}`, i < 3 ? `青财农字〔2024〕${i + 1}号` : null]);
  return exceljsXlsx(file('payments.xlsx'), [{ rows }]);
}

describe('import warnings are grouped by kind (item 16)', () => {
  it('gives one group per kind with its sentence, count and first rows; the short list keeps each kind’s first rows', async () => {
    const f = await overAllocatedSheet();
    const r = await importPath(ledger, f, { dryRun: true });
    expect(r.warningCount).toBe(PAYMENTS + 3);
    const over = r.warningGroups.find((g) => g.kind === 'overAllocated');
    expect(over).toMatchObject({ kind: 'overAllocated', message: IMPORT_WARNING_KINDS.overAllocated, count: PAYMENTS, rowCount: PAYMENTS });
    expect(over?.rows).toHaveLength(WARNING_GROUP_SAMPLES);
    expect(over?.rows[0]).toEqual({
      row: 2,
      column: 'C',
      field: 'amount',
      kind: 'overAllocated',
      message: '第2行C列「拨付金额（元）」：拨付超下达：项目“道路”已下达 0.00 元，累计拨付 100.00 元，超出 100.00 元。已导入，请及时补录资金下达及分配',
    });
    // The running sum is each row's own (values kept per row, not the project's final figure).
    expect(over?.rows[1]?.message).toMatch(/累计拨付 201\.00 元/);
    const docs = r.warningGroups.find((g) => g.kind === 'docNumberUnknown');
    expect(docs).toMatchObject({ count: 3, rows: [{ row: 2, column: 'E' }, { row: 3 }, { row: 4 }] });
    expect(docs?.rows[0]?.message).toMatch(/资金下达中没有文号 青财农字〔2024〕1号/);
    // Every warning names a kind; `warnings` is each kind's first rows, in sheet order.
    expect(r.warnings).toHaveLength(WARNING_GROUP_SAMPLES + 3);
    expect(r.warnings.every((w) => w.kind !== undefined)).toBe(true);
    expect(r.warnings.map((w) => w.row)).toEqual([...r.warnings.map((w) => w.row)].sort((a, b) => (a ?? 0) - (b ?? 0)));
  });

  it('gives every warning with allWarnings (the CLI’s --all-warnings)', async () => {
    const f = await overAllocatedSheet();
    const r = await importPath(ledger, f, { dryRun: true, allWarnings: true });
    expect(r.warnings).toHaveLength(PAYMENTS + 3);
    expect(r.warnings.filter((w) => w.kind === 'overAllocated').map((w) => w.row)).toEqual(Array.from({ length: PAYMENTS }, (_, i) => i + 2));
  });

  it('CLI --json: warningGroups and the first rows of each kind; --all-warnings: every row', async () => {
    const f = await overAllocatedSheet();
    const at = await cliAlone();
    const short = await runCli(['import', f, ...at, '--dry-run', '--json']);
    expect(short.exitCode).toBe(0);
    const body = JSON.parse(short.stdout) as ImportResult;
    expect(body.warningGroups.map((g) => [g.kind, g.count])).toEqual([
      ['overAllocated', PAYMENTS],
      ['docNumberUnknown', 3],
    ]);
    expect(body.warnings).toHaveLength(WARNING_GROUP_SAMPLES + 3);
    expect(body.warningCount).toBe(PAYMENTS + 3);
    const all = await runCli(['import', f, ...at, '--dry-run', '--json', '--all-warnings']);
    expect((JSON.parse(all.stdout) as ImportResult).warnings).toHaveLength(PAYMENTS + 3);
    // Without --json: one line per kind with its count, three examples, and how to see the rest.
    const human = await runCli(['import', f, ...at, '--dry-run']);
    expect(human.stdout).toContain(`提醒  ${IMPORT_WARNING_KINDS.overAllocated}（共 ${PAYMENTS} 处）`);
    expect(human.stdout).toContain(`……其余 ${PAYMENTS - 3} 处请加 --all-warnings 列出`);
    expect(human.stdout.split('\n').filter((l) => /拨付超下达：项目/.test(l))).toHaveLength(3);
  });

  it('the wizard pages a kind’s full list through import.warnings, never the whole list in the preview', async () => {
    const f = await overAllocatedSheet();
    const open = await importOpen(ledger, importOpenInput.parse({ path: f }));
    const preview: ImportPreview = await importPreview(ledger, importPreviewInput.parse({ sessionId: open.sessionId, rowsLimit: 5 }));
    expect(preview.warningGroups.find((g) => g.kind === 'overAllocated')?.count).toBe(PAYMENTS);
    expect(preview.warnings.length).toBeLessThanOrEqual(WARNING_GROUP_SAMPLES * preview.warningGroups.length);
    expect(preview.summary.warningRows).toBe(PAYMENTS);
    // Each row of the page still carries its own warnings.
    expect(preview.rows.find((r) => r.row === 2)?.warnings.map((w) => w.kind)).toEqual(['docNumberUnknown', 'overAllocated']);
    const page2 = await dispatch(ledger, 'import.warnings', { sessionId: open.sessionId, warningsId: preview.warningsId, kind: 'overAllocated', offset: 50, limit: 20 });
    expect(page2.ok).toBe(true);
    const value = (page2 as { ok: true; value: { total: number; rows: ImportIssue[] } }).value;
    expect(value.total).toBe(PAYMENTS);
    expect(value.rows.map((w) => w.row)).toEqual(Array.from({ length: PAYMENTS - 50 }, (_, i) => i + 52));
    // A page is at most 500; an unknown kind is refused in Chinese.
    expect(importWarningsInput.safeParse({ sessionId: 's', warningsId: 'w', limit: 501 }).success).toBe(false);
    const bad = await dispatch(ledger, 'import.warnings', { sessionId: open.sessionId, warningsId: preview.warningsId, kind: 'nonsense' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/提醒的种类不正确/) } });
    // After the commit its own list is kept under the result's id.
    const done = await importCommit(ledger, { sessionId: open.sessionId });
    expect(done.warningsId).not.toBeNull();
    expect(importWarnings(ledger, { sessionId: open.sessionId, warningsId: done.warningsId as string, kind: 'docNumberUnknown' }).total).toBe(3);
    expect(() => importWarnings(ledger, { sessionId: open.sessionId, warningsId: 'gone' })).toThrow(/已过期/);
  });
});

describe('money or dates the mapping missed are never stored empty silently (item 19)', () => {
  /** Projects whose amounts sit under a header no alias knows, far to the right, after a text column. */
  const oddAmounts = () =>
    exceljsXlsx(file('odd.xlsx'), [
      {
        rows: [
          ['序号', '项目名称', '乡镇', '村', '建设内容', '负责人', '拨款额（元）'],
          [1, '道路硬化', '桦树镇', '前进村', '硬化 2 公里', '张三', 120_000],
          [2, '水窖', '桦树镇', '南山村', '新建水窖 10 口', '李四', 45_000.5],
          [3, '大棚', '桦树镇', '向阳村', '大棚 5 座', '王五', '38,000.00'],
        ],
      },
    ]);

  it('the CLI refuses, naming the column by letter and header and counting the rows; nothing is written', async () => {
    const f = await oddAmounts();
    const at = await cliAlone();
    const before = await runCli(['list', 'projects', ...at, '--json']);
    const r = await runCli(['import', f, ...at, '--kind', 'projects', '--json']);
    expect(r.exitCode).toBe(1);
    const body = JSON.parse(r.stdout) as { ok: false; error: { code: string; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.message).toMatch(/^3 行的金额将为空/);
    expect(body.error.message).toContain('G 列「拨款额（元）」（3 行）');
    expect(body.error.message).toContain('--allow-missing-amounts');
    const human = await runCli(['import', f, ...at, '--kind', 'projects']);
    expect(human.exitCode).toBe(1);
    expect(human.stderr).toMatch(/不能导入：3 行的金额将为空.*G 列「拨款额（元）」/);
    expect((await runCli(['list', 'projects', ...at, '--json'])).stdout).toBe(before.stdout);
  });

  it('with --allow-missing-amounts it imports, amounts empty, and says so in a warning', async () => {
    const f = await oddAmounts();
    const at = await cliAlone();
    const r = await runCli(['import', f, ...at, '--kind', 'projects', '--allow-missing-amounts', '--json']);
    expect(r.exitCode).toBe(0);
    const body = JSON.parse(r.stdout) as ImportResult;
    expect(body.imported).toBe(3);
    expect(body.missingValues).toMatchObject([{ type: 'money', rows: 3, columns: [{ letter: 'G', header: '拨款额（元）', rows: 3 }] }]);
    const group = body.warningGroups.find((g) => g.kind === 'missingValues');
    expect(group?.rows[0]?.message).toMatch(/3 行的金额将为空.*G 列「拨款额（元）」.*已按您的确认照此导入，这些行的金额留空/);
  });

  it('the wizard’s preview reports it as a problem of the file until the clerk confirms, and mapping the column clears it', async () => {
    const f = await oddAmounts();
    const open = await importOpen(ledger, importOpenInput.parse({ path: f }));
    const p = await importPreview(ledger, importPreviewInput.parse({ sessionId: open.sessionId, kind: 'projects' }));
    expect(p.missingValues).toMatchObject([{ type: 'money', rows: 3, columns: [{ letter: 'G', header: '拨款额（元）' }] }]);
    expect(p.errors.filter((e) => e.row === null).map((e) => e.message)).toEqual([expect.stringMatching(/3 行的金额将为空.*G 列「拨款额（元）」/)]);
    // The wizard's commit refuses it too.
    await expect(importCommit(ledger, { sessionId: open.sessionId, kind: 'projects' })).rejects.toThrow(/G 列「拨款额（元）」/);
    expect(await count(ledger, 'projects')).toBe(0);
    const confirmed = await importPreview(ledger, importPreviewInput.parse({ sessionId: open.sessionId, kind: 'projects', allowMissingAmounts: true }));
    expect(confirmed.errors.filter((e) => e.row === null)).toEqual([]);
    expect(confirmed.warningGroups.map((g) => g.kind)).toContain('missingValues');
    const mapped = await importPreview(ledger, importPreviewInput.parse({ sessionId: open.sessionId, kind: 'projects', mapping: [{ column: 6, field: 'total' }] }));
    expect(mapped.missingValues).toEqual([]);
    expect(mapped.errors.filter((e) => e.row === null)).toEqual([]);
    const done = await importCommit(ledger, { sessionId: open.sessionId, kind: 'projects', mapping: [{ column: 6, field: 'total' }], unit: 'yuan' });
    expect(done.imported).toBe(3);
    expect(await ledger.sql.value('select sum(fund_central_fen + fund_provincial_fen + fund_municipal_fen + fund_county_fen + fund_other_fen) from projects')).toBe(20_300_050);
  });

  it('amounts in an unused column while the mapped amount column is empty on those rows: payments refused, the column named', async () => {
    const p = await exceljsXlsx(file('projects.xlsx'), [{ rows: [['项目编号', '年度', '乡镇', '村', '项目名称', '总投资（元）'], ['HS-2024-01', 2024, '桦树镇', '前进村', '道路', 1_000_000]] }]);
    await importPath(ledger, p);
    const f = await exceljsXlsx(file('pay.xlsx'), [
      {
        rows: [
          ['项目编号', '拨付日期', '拨付金额（元）', '凭证号', '实拨数'],
          ['HS-2024-01', '2024-03-01', null, '付1', 1_000],
          ['HS-2024-01', '2024-03-02', null, '付2', 2_000],
          ['HS-2024-01', '2024-03-03', 500, '付3', null],
        ],
      },
    ]);
    await expect(importPath(ledger, f)).rejects.toThrow(/2 行的金额将为空：这些行的“拨付金额”列是空的，而 E 列「实拨数」（2 行）写着数字/);
    expect(await count(ledger, 'payments')).toBe(0);
  });

  it('dates in an unused column while a kind’s date fields get nothing: refused the same way', async () => {
    const f = await exceljsXlsx(file('dates.xlsx'), [
      {
        rows: [
          ['项目名称', '乡镇', '村', '总投资（元）', '动工'],
          ['道路硬化', '桦树镇', '前进村', 120_000, '2024年3月5日'],
          ['水窖', '桦树镇', '南山村', 45_000, '2024-04-01'],
        ],
      },
    ]);
    await expect(importPath(ledger, f, { kind: 'projects' })).rejects.toThrow(/2 行的日期将为空.*E 列「动工」（2 行）写着日期/);
    const r = await importPath(ledger, f, { kind: 'projects', allowMissingAmounts: true });
    expect(r.imported).toBe(2);
  });

  it('no false alarm: amounts really empty and no numeric column, or numbers that are not money (序号, 户数, 电话, 年度)', async () => {
    const f = await exceljsXlsx(file('empty.xlsx'), [
      {
        rows: [
          ['序号', '项目名称', '乡镇', '村', '总投资（元）', '年度', '联系电话', '受益户'],
          [1, '道路硬化', '桦树镇', '前进村', null, 2024, '13800000000', 12],
          [2, '水窖', '桦树镇', '南山村', null, 2024, '13900000000', 30],
        ],
      },
    ]);
    const open = await importOpen(ledger, importOpenInput.parse({ path: f }));
    const unmapped = await importPreview(ledger, importPreviewInput.parse({ sessionId: open.sessionId, kind: 'projects', mapping: [{ column: 5, field: null }, { column: 7, field: null }] }));
    expect(unmapped.missingValues).toEqual([]);
    const r = await importPath(ledger, f, { kind: 'projects' });
    expect(r.imported).toBe(2);
    expect(r.missingValues).toEqual([]);
    expect(r.warningGroups.map((g) => g.kind)).not.toContain('missingValues');
  });
});
