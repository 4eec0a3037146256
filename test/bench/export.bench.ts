// Issue 6's figures: the 资金拨付 ledger of 100 000 payments exported as the office's table (styles, title,
// grouped header, 合计 formulas, print set-up), beside — in the same run — exceljs' own streaming writer
// writing the same rows with no styling. Target: ≤ 1.5 × the plain writer, peak memory < 400 MB. Each
// measurement runs in its own process (test/bench/export-child.ts), alternating, best of three each; both the
// 导出 button's columns and 全部字段 are measured, each beside the plain writer writing the same columns.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openLedger } from '../../electron/platform/context';
import { createDivision, setupCounty } from '../../electron/ledger/divisions/service';
import type { BenchRow, BenchSuite } from './run';

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 100_000);
const PROJECTS = 2_000;
const TOWNSHIPS = ['桦树镇', '南山乡', '龙泉镇', '永丰镇', '白杨镇', '红旗镇', '青石镇', '长岭镇', '柳河乡', '东风乡'];
const TYPES = ['advance', 'progress', 'settlement', 'retention'] as const;

interface Measure {
  ms: number;
  cpuMs: number;
  rows: number;
  bytes: number;
  peakRssMb: number;
}

/** A ledger of PROJECTS projects in ten townships with ROWS payments, some naming an allocation. */
async function makeLedger(file: string): Promise<void> {
  const ledger = openLedger({ dbFile: file, door: 'cli' });
  const county = await setupCounty(ledger, { name: '青山县', code: '632123000000' });
  const townships: number[] = [];
  for (const [i, name] of TOWNSHIPS.entries()) {
    townships.push((await createDivision(ledger, { level: 'township', parentId: county.id, name, code: `632123${100 + i}000`, isPovertyVillage: false, exitYear: null })).id);
  }
  const db = ledger.sqlite;
  db.transaction(() => {
    const alloc = db.prepare("insert into allocations (doc_number, level, fund_name, date, year, amount_fen, created_at, updated_at) values (?, ?, '衔接推进乡村振兴补助资金', ?, 2024, ?, 'x', 'x')");
    for (let a = 0; a < 40; a += 1) alloc.run(`青财农字〔2024〕${a + 1}号`, ['central', 'provincial', 'county'][a % 3], `2024-0${(a % 9) + 1}-15`, 500_000_000_000);
    const project = db.prepare("insert into projects (year, code, name, township_id, fund_central_fen, status, created_at, updated_at) values (2024, ?, ?, ?, ?, 'started', 'x', 'x')");
    for (let p = 0; p < PROJECTS; p += 1) project.run(`青山-2024-${String(p + 1).padStart(4, '0')}`, `第${p + 1}号村道硬化及产业配套设施项目`, townships[p % townships.length], 1_000_000_000_000);
    const pay = db.prepare('insert into payments (project_id, allocation_id, date, amount_fen, payee, voucher, payment_type, remark, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < ROWS; i += 1) {
      pay.run(
        (i % PROJECTS) + 1,
        i % 3 === 0 ? (i % 40) + 1 : null,
        `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        (1000 + (i % 5000)) * 100 + (i % 100),
        `青山县第${(i % 300) + 1}建筑工程有限公司`,
        `记-2024-${String(i + 1).padStart(6, '0')}`,
        TYPES[i % 4],
        i % 10 === 0 ? `第${i + 1}笔拨付，按合同约定支付进度款` : null,
        'x',
        'x',
      );
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  ledger.close();
}

type ColumnSet = 'default' | 'full';

function child(mode: 'export' | 'plain', db: string, out: string, set: ColumnSet): Measure {
  const script = path.join(__dirname, 'export-child.ts');
  const text = execFileSync(process.execPath, ['--import', 'tsx', script, mode, db, out, set], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, TZ: 'Asia/Shanghai' } });
  return JSON.parse(text.trim().split('\n').pop() as string) as Measure;
}

const best = (list: Measure[]) => list.reduce((a, b) => (b.ms < a.ms ? b : a));

/** Alternating runs, best of three each, so a busy moment of the machine hurts both sides alike. */
function compare(db: string, dir: string, set: ColumnSet) {
  const exports: Measure[] = [];
  const plains: Measure[] = [];
  for (let i = 0; i < 3; i += 1) {
    plains.push(child('plain', db, path.join(dir, `plain-${set}-${i}.xlsx`), set));
    exports.push(child('export', db, path.join(dir, `export-${set}-${i}.xlsx`), set));
  }
  const exported = best(exports);
  const plain = best(plains);
  if (exported.rows !== ROWS || plain.rows !== ROWS) throw new Error(`export bench: ${exported.rows}/${plain.rows} of ${ROWS} rows written`);
  const cpu = (list: Measure[]) => Math.min(...list.map((m) => m.cpuMs));
  return {
    exported,
    plain,
    ratio: exported.ms / plain.ms,
    cpuRatio: cpu(exports) / cpu(plains),
    peak: Math.max(...exports.map((m) => m.peakRssMb)),
    exports,
    plains,
  };
}

export const exportSuite: BenchSuite = {
  name: 'export',
  async run({ workDir }) {
    const dir = path.join(workDir, 'export');
    fs.mkdirSync(dir, { recursive: true });
    const db = path.join(dir, 'payments.db');
    await makeLedger(db);
    const shown = compare(db, dir, 'default');
    const full = compare(db, dir, 'full');
    const line = (label: string, c: ReturnType<typeof compare>): BenchRow[] => [
      {
        name: `${ROWS.toLocaleString('en-US')} payments, 资金拨付 export, ${label}`,
        value: `${(c.exported.ms / 1000).toFixed(2)} s, peak ${c.peak} MB, ${(c.exported.bytes / 1024 / 1024).toFixed(1)} MB file`,
        note: `${c.ratio.toFixed(2)}× exceljs streaming writer unstyled, same columns (${(c.plain.ms / 1000).toFixed(2)} s); CPU ${c.cpuRatio.toFixed(2)}×; target ≤ 1.5×, < 400 MB; best of 3`,
      },
    ];
    const rows: BenchRow[] = [
      ...line('导出 button (styled, 合计, print set-up)', shown),
      ...line('全部字段 (14 columns)', full),
      { name: 'exceljs streaming writer alone, default columns', value: `${(shown.plain.ms / 1000).toFixed(2)} s, peak ${shown.plain.peakRssMb} MB` },
    ];
    fs.rmSync(dir, { recursive: true, force: true });
    const data = (c: ReturnType<typeof compare>) => ({
      export: c.exported,
      plain: c.plain,
      exportRuns: c.exports,
      plainRuns: c.plains,
      ratio: Math.round(c.ratio * 100) / 100,
      cpuRatio: Math.round(c.cpuRatio * 100) / 100,
      peakRssMb: c.peak,
      withinTarget: c.ratio <= 1.5 && c.peak < 400,
    });
    return { rows, data: { rows: ROWS, default: data(shown), full: data(full) } };
  },
};
