// One measurement of the export bench in its own process (its peak memory its own): `export` writes the
// 资金拨付 ledger of DB with the app's export (as the CLI does) (styles, title, header, 合计, print set-up) to FILE; `plain`
// reads the same rows with one query and writes the same columns with exceljs' streaming writer, no styles
// at all. `default` is the 导出 button's column set, `full` the 全部字段 one.
// Prints { ms, cpuMs, rows, bytes, peakRssMb } as JSON (cpuMs: this process's CPU time, zlib threads included —
// steadier than wall time on a shared machine).
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { openLedger } from '../../electron/platform/context';
import { exportLedgerToFile } from '../../electron/ledger/exports/service';
import { exportLedgerInput } from '../../shared/api-export';

async function main(): Promise<void> {
  const [mode, dbFile, out, set] = process.argv.slice(2);
  if (!mode || !dbFile || !out) throw new Error('usage: export-child export|plain DB FILE [default|full]');
  const full = set === 'full';
  const ledger = openLedger({ dbFile, door: 'cli' });
  let rows = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  if (mode === 'export') {
    rows = (await exportLedgerToFile(ledger, exportLedgerInput.parse({ ledger: 'payments', unit: 'yuan', allColumns: full }), out)).rows;
  } else if (mode === 'plain') {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: false, useSharedStrings: false });
    const ws = wb.addWorksheet('拨付');
    // The same columns as the export of the same set writes (the default set leaves 村, 资金级次, 备注 out).
    ws.addRow(
      full
        ? ['序号', '项目编号', '项目名称', '乡镇', '村', '拨付日期', '拨付金额', '收款单位', '凭证号', '支付类型', '资金文号', '资金级次', '拨付超下达', '备注']
        : ['序号', '项目编号', '项目名称', '乡镇', '拨付日期', '拨付金额', '收款单位', '凭证号', '支付类型', '资金文号', '拨付超下达'],
    ).commit();
    const select = ledger.sqlite.prepare(
      `select p.code, p.name, t.name as township, v.name as village, pay.date, pay.amount_fen as fen, pay.payee, pay.voucher,
              pay.payment_type as type, a.doc_number as doc, a.level, pay.remark
       from payments pay join projects p on p.id = pay.project_id
       left join divisions t on t.id = p.township_id left join divisions v on v.id = p.village_id
       left join allocations a on a.id = pay.allocation_id
       where pay.deleted_at is null and p.deleted_at is null order by pay.date desc, pay.id desc`,
    );
    for (const r of select.iterate() as Iterable<Record<string, string | number | null>>) {
      rows += 1;
      ws.addRow(
        full
          ? [rows, r.code, r.name, r.township, r.village, r.date, (r.fen as number) / 100, r.payee, r.voucher, r.type, r.doc, r.level, '', r.remark]
          : [rows, r.code, r.name, r.township, r.date, (r.fen as number) / 100, r.payee, r.voucher, r.type, r.doc, ''],
      ).commit();
    }
    ws.commit();
    await wb.commit();
  } else throw new Error(`unknown mode ${mode}`);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  ledger.close();
  process.stdout.write(`${JSON.stringify({ ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), rows, bytes: fs.statSync(out).size, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
