// Every file of ../shared/samples imports to its expected.json, through the CLI as checks outside the
// project run it (a new database each time; 区划 added with --add-places since the ledger starts empty).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import { matchFindingStatus, matchProjectStatus } from '../../shared/import/words';
import { FindingStatus, ProjectStatus } from '../../shared/enums';
import { tempDir } from '../helpers/ledger';

const samplesDir = path.resolve('..', 'shared', 'samples');
const haveSamples = fs.existsSync(samplesDir) && fs.existsSync(path.join(samplesDir, 'expected.json'));

interface ExpectedProject {
  name: string;
  village: string;
  category: string;
  totalFen: number;
  linkageFen: number;
  otherFen: number;
  status: string;
  start: string;
  end: string;
}
interface Expected {
  kind: string;
  township?: string;
  records: number;
  totalFen?: number;
  encoding?: string;
  rows: Array<Record<string, unknown>>;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function db(): string {
  const d = tempDir('samples-');
  dirs.push(d);
  return path.join(d, 'ledger.db');
}
async function cli(args: string[]): Promise<Record<string, unknown>> {
  const res = await runCli([...args, '--json']);
  expect(res.exitCode, res.stdout).toBe(0);
  return JSON.parse(res.stdout) as Record<string, unknown>;
}
const expected = (): Record<string, Expected> => JSON.parse(fs.readFileSync(path.join(samplesDir, 'expected.json'), 'utf8')) as Record<string, Expected>;

async function checkProjects(dbFile: string, name: string, exp: Expected): Promise<void> {
  const r = await cli(['import', path.join(samplesDir, name), '--db', dbFile, '--add-places']);
  expect(r).toMatchObject({ ok: true, kind: exp.kind, imported: exp.records, updated: 0, errors: [] });
  expect((r.totals as { amountFen: number }).amountFen).toBe(exp.totalFen);
  expect(r.batchId).toEqual(expect.any(Number));
  const list = (await cli(['list', 'projects', '--db', dbFile])) as { rows: Array<Record<string, unknown>> };
  const rows = [...list.rows].sort((a, b) => (a.id as number) - (b.id as number));
  expect(rows).toHaveLength(exp.records);
  rows.forEach((p, i) => {
    const e = exp.rows[i] as unknown as ExpectedProject;
    const funds = p.fundsFen as Record<string, number>;
    const status = matchProjectStatus(e.status);
    expect(status.ok && status.value).toBeTruthy();
    expect({
      name: p.name,
      village: p.village,
      township: p.township,
      category: p.category,
      totalFen: p.totalFen,
      linkageFen: (funds.central ?? 0) + (funds.provincial ?? 0) + (funds.municipal ?? 0) + (funds.county ?? 0),
      otherFen: funds.other,
      status: p.status,
      start: p.plannedStart,
      end: p.plannedEnd,
    }).toEqual({
      name: e.name,
      village: e.village,
      township: exp.township,
      category: e.category,
      totalFen: e.totalFen,
      linkageFen: e.linkageFen,
      otherFen: e.otherFen,
      // The township word (已完工) as the lifecycle label the ledger shows (完工).
      status: ProjectStatus.label[(status as { value: keyof typeof ProjectStatus.label }).value],
      start: e.start,
      end: e.end,
    });
  });
}

describe.skipIf(!haveSamples)('../shared/samples', () => {
  it('projects_single_header_yuan.xlsx', async () => {
    const exp = expected()['projects_single_header_yuan.xlsx'] as Expected;
    await checkProjects(db(), 'projects_single_header_yuan.xlsx', exp);
  });

  it('projects_single_header_yuan.xls (BIFF8)', async () => {
    const exp = expected()['projects_single_header_yuan.xls'] as Expected;
    await checkProjects(db(), 'projects_single_header_yuan.xls', exp);
  });

  it('disbursements_gbk.csv (after its projects)', async () => {
    const exp = expected()['disbursements_gbk.csv'] as Expected;
    const dbFile = db();
    await checkProjects(dbFile, 'projects_single_header_yuan.xlsx', expected()['projects_single_header_yuan.xlsx'] as Expected);
    const r = await cli(['import', path.join(samplesDir, 'disbursements_gbk.csv'), '--db', dbFile]);
    expect(r).toMatchObject({ ok: true, kind: exp.kind, imported: exp.records, errors: [] });
    expect((r.totals as { amountFen: number }).amountFen).toBe(exp.totalFen);
    const list = (await cli(['list', 'payments', '--db', dbFile])) as { rows: Array<Record<string, unknown>> };
    const rows = [...list.rows].sort((a, b) => (a.id as number) - (b.id as number));
    expect(rows.map((p) => ({ project: p.project, date: p.date, amountFen: p.amountFen }))).toEqual(exp.rows);
    // The sample pays each of the first ten projects half its 衔接资金: repeated names went to the right ones.
    const sqlite = new Database(dbFile, { readonly: true });
    const pairs = sqlite.prepare('select pay.amount_fen as paid, p.fund_central_fen as linkage from payments pay join projects p on p.id = pay.project_id order by pay.id').all() as Array<{ paid: number; linkage: number }>;
    sqlite.close();
    expect(pairs.every((x) => x.paid * 2 === x.linkage)).toBe(true);
  });

  it('findings_merged_township.xlsx', async () => {
    const exp = expected()['findings_merged_township.xlsx'] as Expected;
    const dbFile = db();
    const r = await cli(['import', path.join(samplesDir, 'findings_merged_township.xlsx'), '--db', dbFile, '--add-places']);
    expect(r).toMatchObject({ ok: true, kind: exp.kind, imported: exp.records, errors: [] });
    const list = (await cli(['list', 'findings', '--db', dbFile])) as { rows: Array<Record<string, unknown>> };
    expect(list.rows).toHaveLength(exp.records);
    list.rows.forEach((f, i) => {
      const e = exp.rows[i] as { township: string; deadline: string | null; deadlineText: string; status: string };
      // The sheet's words (未完成 with progress reported, 已完成 …) as the workflow status the ledger shows.
      const status = matchFindingStatus(e.status, true);
      expect({ township: f.township, deadline: f.deadline, deadlineText: f.deadlineText, status: f.status }).toEqual({
        township: e.township,
        deadline: e.deadline,
        deadlineText: e.deadlineText,
        status: FindingStatus.label[(status as { value: keyof typeof FindingStatus.label }).value],
      });
    });
  });

  it('the same sample again changes nothing', async () => {
    const dbFile = db();
    const file = path.join(samplesDir, 'projects_single_header_yuan.xlsx');
    await cli(['import', file, '--db', dbFile, '--add-places']);
    const again = await cli(['import', file, '--db', dbFile, '--add-places']);
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 15, batchId: null });
  });
});
