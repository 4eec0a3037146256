// `npm run bench`: the figures the issues name, measured on demo data at scale 100 (≥100 000 projects,
// ≥1 000 000 payments) unless BENCH_SCALE says otherwise; a suite that makes its own data (usesDemo: false) runs
// without it. Results go to bench/results.json and a table.
// Each measure runs beside a baseline from the same run, because this machine's timings are noisy.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openLedger, type LedgerHandle } from '../../electron/platform/context';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { readJournal, defaultMigrationsFolder } from '../../db/open';
import { benchmarks } from './suites';
import { peakRssMb } from './stats';

/** What every suite is given: the scale asked for and a folder of its own, removed after the run. */
export interface BenchBaseEnv {
  scale: number;
  workDir: string;
}

export interface BenchEnv extends BenchBaseEnv {
  /** A ledger with the scale's demo data, opened for the suite. */
  ledger: LedgerHandle;
  dbFile: string;
}

export interface BenchRow {
  name: string;
  value: string;
  note?: string;
}

export interface BenchResult {
  rows: BenchRow[];
  data: Record<string, unknown>;
}

/**
 * A suite measures on the demo county, or (usesDemo: false) on data it makes itself: a run of such suites alone
 * does not build the demo database, which takes long at scale 100 when it is not cached.
 */
export type BenchSuite =
  | { name: string; usesDemo?: true; run(env: BenchEnv): Promise<BenchResult> }
  | { name: string; usesDemo: false; run(env: BenchBaseEnv): Promise<BenchResult> };

const root = path.resolve(__dirname, '..', '..');
const outDir = path.join(root, 'bench');
const cacheDir = path.join(outDir, 'cache');

/**
 * The demo database is expensive at scale 100: keep it between runs, keyed by scale, schema version and the
 * shape of the demo's trail (trail2: the records replayed by 校验, verify/bulk-trail.ts).
 */
async function demoDatabase(scale: number): Promise<{ file: string; seconds: number | null }> {
  const version = readJournal(defaultMigrationsFolder()).length;
  const file = path.join(cacheDir, `demo-scale${scale}-schema${version}-trail2.db`);
  if (fs.existsSync(file)) return { file, seconds: null };
  fs.mkdirSync(cacheDir, { recursive: true });
  const temp = `${file}.partial`;
  fs.rmSync(temp, { force: true });
  const ledger = openLedger({ dbFile: temp, door: 'cli' });
  const start = performance.now();
  await loadDemoData(ledger, { scale });
  const seconds = (performance.now() - start) / 1000;
  ledger.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  ledger.sqlite.exec('ANALYZE');
  ledger.close();
  fs.renameSync(temp, file);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${temp}${suffix}`, { force: true });
  return { file, seconds };
}

async function main(): Promise<void> {
  const scale = Number(process.env.BENCH_SCALE ?? 100);
  const only = process.argv.slice(2);
  fs.mkdirSync(outDir, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(outDir, 'work-'));
  const chosen = benchmarks.filter((suite) => only.length === 0 || only.includes(suite.name));
  const results: Record<string, unknown> = { when: new Date().toISOString(), node: process.version, scale };
  const table: BenchRow[] = [];
  let demoLedger: { ledger: LedgerHandle; dbFile: string } | null = null;
  if (chosen.some((suite) => suite.usesDemo !== false)) {
    const demo = await demoDatabase(scale);
    const ledger = openLedger({ dbFile: demo.file, door: 'cli' });
    demoLedger = { ledger, dbFile: demo.file };
    const counts = {
      projects: ledger.sqlite.prepare('select count(*) from projects').pluck().get() as number,
      payments: ledger.sqlite.prepare('select count(*) from payments').pluck().get() as number,
    };
    Object.assign(results, { counts, demoGenerationSeconds: demo.seconds });
    table.push({
      name: 'demo data',
      value: `${counts.projects} projects, ${counts.payments} payments`,
      note: demo.seconds === null ? 'cached' : `generated in ${demo.seconds.toFixed(1)} s`,
    });
  }
  try {
    for (const suite of chosen) {
      let out: BenchResult;
      if (suite.usesDemo === false) out = await suite.run({ scale, workDir });
      else if (demoLedger) out = await suite.run({ scale, workDir, ...demoLedger });
      else throw new Error(`bench ${suite.name}: the demo ledger was not opened`);
      results[suite.name] = out.data;
      table.push(...out.rows.map((r) => ({ ...r, name: `${suite.name}: ${r.name}` })));
    }
  } finally {
    demoLedger?.ledger.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  results.peakRssMb = peakRssMb();
  fs.writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const width = Math.max(...table.map((r) => r.name.length));
  for (const row of table) process.stdout.write(`${row.name.padEnd(width)}  ${row.value}${row.note ? `  (${row.note})` : ''}\n`);
  process.stdout.write(`\nresults: ${path.relative(root, path.join(outDir, 'results.json'))}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
