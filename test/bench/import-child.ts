// One measurement of the import bench in its own process (so its peak memory is its own): `stream` reads
// the .xlsx with exceljs' streaming reader only, `insert` writes the same rows with one prepared INSERT,
// `floor` does both in one go (stream the sheet, INSERT each row as it comes, in one transaction: the least
// any import of the file can do), `import` runs the whole import (reading worker included).
// Prints { ms, rows, peakRssMb } as JSON.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { openLedger } from '../../electron/platform/context';
import { importFile } from '../../electron/ledger/imports/service';

async function main(): Promise<void> {
  const [mode, file, dbFile] = process.argv.slice(2);
  if (!mode || !file) throw new Error('usage: import-child stream|insert|import FILE [DB]');
  let rows = 0;
  let ms = 0;
  if (mode === 'stream') {
    const start = performance.now();
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', hyperlinks: 'ignore', entries: 'ignore' });
    let cells = 0;
    for await (const sheet of reader) {
      for await (const row of sheet) {
        rows += 1;
        (row.values as unknown[]).forEach((v) => {
          if (v !== undefined && v !== null) cells += 1;
        });
      }
    }
    ms = performance.now() - start;
    if (cells === 0) throw new Error('no cells read');
  } else if (mode === 'insert') {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<[number, string, number, string, string, string, string]>;
    const ledger = openLedger({ dbFile: dbFile as string, door: 'cli' });
    const insert = ledger.sqlite.prepare(
      'insert into payments (project_id, date, amount_fen, payee, voucher, payment_type, remark, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const stamp = new Date().toISOString();
    const start = performance.now();
    ledger.sqlite.transaction(() => {
      for (const r of data) insert.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], stamp, stamp);
    })();
    ms = performance.now() - start;
    rows = data.length;
    ledger.close();
  } else if (mode === 'floor') {
    const ledger = openLedger({ dbFile: dbFile as string, door: 'cli' });
    const start = performance.now();
    const projectOf = new Map((ledger.sqlite.prepare('select code, id from projects').all() as Array<{ code: string; id: number }>).map((p) => [p.code, p.id]));
    const insert = ledger.sqlite.prepare(
      'insert into payments (project_id, date, amount_fen, payee, voucher, payment_type, remark, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const stamp = new Date().toISOString();
    const types: Record<string, string> = { 预拨: 'advance', 进度款: 'progress', 结算: 'settlement', 质保金: 'retention' };
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', hyperlinks: 'ignore', entries: 'ignore' });
    ledger.sqlite.exec('begin');
    for await (const sheet of reader) {
      let first = true;
      for await (const row of sheet) {
        if (first) {
          first = false;
          continue;
        }
        const v = row.values as unknown[];
        // The project by its code, else by 序号 (the bench's rows name project (序号 − 1) mod 2 000 + 1):
        // exceljs' stream reader now and then splits a character at a chunk boundary ("青��-2024-0804").
        insert.run(projectOf.get(String(v[2])) ?? ((Number(v[1]) - 1) % projectOf.size) + 1, String(v[6]), Math.round(Number(v[7]) * 100), String(v[8]), String(v[9]), types[String(v[10])] ?? null, String(v[14]), stamp, stamp);
        rows += 1;
      }
    }
    ledger.sqlite.exec('commit');
    ms = performance.now() - start;
    ledger.close();
  } else if (mode === 'import') {
    const ledger = openLedger({ dbFile: dbFile as string, door: 'cli' });
    const start = performance.now();
    const result = await importFile(ledger, { path: file });
    ms = performance.now() - start;
    rows = result.imported;
    if (result.errors.length > 0) throw new Error(`import errors: ${result.errors[0]?.message}`);
    ledger.close();
  } else throw new Error(`unknown mode ${mode}`);
  process.stdout.write(`${JSON.stringify({ ms: Math.round(ms), rows, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
