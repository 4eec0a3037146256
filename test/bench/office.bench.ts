// Issue 16's figures at scale: the demo county copied onto a throwaway PostgreSQL server (as 迁移到办公室服务器
// copies it), then in one run —
//   项目库 filtered page and 支出进度 by township through the services on the office ledger, beside the same
//   statements as plain SQL on the same server, and beside the services on the SQLite file;
//   a 100 000-row payments .xlsx imported on the office ledger, beside the same rows written as plain SQL on the
//   same server (exceljs' stream read; the payments, the import batch and their chained audit rows INSERTed in
//   batches in one transaction), beside the payments alone (the bare floor), and beside the same import into a
//   SQLite ledger.
// Target: the services within 1.5 × the plain SQL on the same server.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { auditHash, auditRowContent, GENESIS_HASH, type AuditEntry } from '../../electron/platform/audit';
import { importFile } from '../../electron/ledger/imports/service';
import { buildProjectSearchSql, projectRowsSql } from '../../electron/ledger/projects/store-search';
import { PROGRESS_SQL } from '../../electron/ledger/funds/store';
import { openLedger, type LedgerHandle, type ServiceContext } from '../../electron/platform/context';
import { dataPort } from '../../electron/platform/data-port';
import { dispatch } from '../../electron/platform/handlers';
import { copyLedger } from '../../electron/platform/ledger-copy';
import { AUDIT_CHAIN_LOCK, ledgerPool, toPostgresPlaceholders } from '../../electron/platform/postgres-port';
import { api } from '../../shared/api';
import { localToday } from '../../shared/dates';
import { newRunDir, startCluster, stopCluster } from '../helpers/pg-cluster';
import { migratedDatabaseAt, officeLedgerAt } from '../helpers/office-load';
import { signedInAsFirstAdmin } from '../helpers/server-admin';
import { makeLedger, PROJECTS, writeXlsx } from './import.bench';
import type { BenchRow, BenchSuite } from './run';
import { time, type Timing } from './stats';

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** The services on a server ledger answer a signed-in operator only: its first 管理员 (withSession inherits close()). */
async function signedIn(ledger: LedgerHandle): Promise<LedgerHandle> {
  return (await signedInAsFirstAdmin(ledger)) as LedgerHandle;
}

async function call(ctx: ServiceContext, channel: string, input: unknown): Promise<void> {
  const res = await dispatch(ctx, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
}

/** `count` rows of `width` parameters as one multi-row VALUES list ($1, $2, …). */
function valuesList(count: number, width: number): string {
  return Array.from({ length: count }, (_, i) => `(${Array.from({ length: width }, (__, j) => `$${i * width + j + 1}`).join(', ')})`).join(', ');
}

/**
 * exceljs' stream read of the sheet and its rows INSERTed in batches of 1 000, in one transaction on `url`.
 * `withTrail`: also the rows an import must write beside them, as hand-written SQL — the import batch and one
 * chained audit row per payment (hashed with the app's own function, as any writer of the trail must) — so that
 * the ratio measures the app's overhead over the same writes. Without it, the bare floor: the payments alone.
 */
async function plainImport(url: string, file: string, withTrail: boolean): Promise<{ ms: number; rows: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const start = performance.now();
    const projectOf = new Map((await client.query<{ code: string; id: number }>('select code, id from projects')).rows.map((p) => [p.code, p.id]));
    const types: Record<string, string> = { 预拨: 'advance', 进度款: 'progress', 结算: 'settlement', 质保金: 'retention' };
    const stamp = new Date().toISOString();
    const operator = '服务器管理员';
    let batch: Array<[number | undefined, string, number, string, string, string | null, string]> = [];
    let rows = 0;
    await client.query('begin');
    let batchId: number | null = null;
    let head = { id: 0, hash: GENESIS_HASH };
    if (withTrail) {
      await client.query('select pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      head = (await client.query<{ id: number; hash: string }>('select id, hash from audit_log order by id desc limit 1')).rows[0] ?? head;
      batchId = (
        await client.query<{ id: number }>(
          `insert into import_batches (kind, file_name, file_sha256, sheet_name, operator, rows_read, imported, updated, skipped, total_fen, status, created_at, updated_at)
           values ('payments', $1, '', '拨付明细', $2, 0, 0, 0, 0, 0, 'done', $3, $3) returning id`,
          [path.basename(file), operator, stamp],
        )
      ).rows[0]!.id;
    }
    const trail: unknown[][] = [];
    const chain = (entry: AuditEntry) => {
      const row = auditRowContent(entry, operator, stamp);
      const hash = auditHash(head.hash, row);
      trail.push([head.id + 1, row.at, row.operator, row.action, row.entity, row.entityId, row.before, row.after, row.reason, row.importBatchId, head.hash, hash]);
      head = { id: head.id + 1, hash };
    };
    const writeTrail = async () => {
      if (trail.length === 0) return;
      await client.query(`insert into audit_log (id, at, operator, action, entity, entity_id, before, after, reason, import_batch_id, prev_hash, hash) values ${valuesList(trail.length, 12)}`, trail.flat());
      trail.length = 0;
    };
    const flush = async () => {
      if (batch.length === 0) return;
      const inserted = await client.query<{ id: number }>(
        `insert into payments (project_id, date, amount_fen, payee, voucher, payment_type, remark, import_batch_id, created_at, updated_at) values ${valuesList(batch.length, 10)} returning id`,
        batch.flatMap((b) => [...b, batchId, stamp, stamp]),
      );
      if (withTrail) {
        batch.forEach(([projectId, date, amountFen, payee, voucher, paymentType, remark], i) =>
          chain({ action: 'create', entity: 'payment', entityId: inserted.rows[i]!.id, after: { projectId, allocationId: null, date, amountFen, payee, voucher, paymentType, remark }, importBatchId: batchId }),
        );
        await writeTrail();
      }
      rows += batch.length;
      batch = [];
    };
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', hyperlinks: 'ignore', entries: 'ignore' });
    for await (const sheet of reader) {
      let first = true;
      for await (const row of sheet) {
        if (first) {
          first = false;
          continue;
        }
        const v = row.values as unknown[];
        // By code, else by 序号 (see import-child.ts: the stream reader now and then splits a character).
        const project = projectOf.get(String(v[2])) ?? projectOf.get(`青山-2024-${String(((Number(v[1]) - 1) % PROJECTS) + 1).padStart(4, '0')}`);
        batch.push([project, String(v[6]), Math.round(Number(v[7]) * 100), String(v[8]), String(v[9]), types[String(v[10])] ?? null, String(v[14])]);
        if (batch.length >= 1000) await flush();
      }
    }
    await flush();
    if (withTrail) {
      await client.query('update import_batches set rows_read = $1, imported = $1 where id = $2', [rows, batchId]);
      chain({ action: 'import', entity: 'importBatch', entityId: batchId, after: { kind: 'payments', fileName: path.basename(file), rowsRead: rows, imported: rows }, importBatchId: batchId });
      await writeTrail();
    }
    await client.query('commit');
    return { ms: Math.round(performance.now() - start), rows };
  } finally {
    await client.end();
  }
}

async function timedImport(ctx: ServiceContext, file: string): Promise<{ ms: number; rows: number }> {
  const start = performance.now();
  const result = await importFile(ctx, { path: file });
  if (result.errors.length > 0) throw new Error(`import: ${result.errors[0]?.message}`);
  return { ms: Math.round(performance.now() - start), rows: result.imported };
}

export const officeSuite: BenchSuite = {
  name: 'office',
  async run({ ledger: local, workDir }) {
    const dir = path.join(workDir, 'office');
    fs.mkdirSync(dir, { recursive: true });
    const runDir = newRunDir();
    const opened: LedgerHandle[] = [];
    try {
      const port = await startCluster(runDir);
      // The demo county onto the server, every table, as 迁移到办公室服务器 copies it (chain checked on the copy).
      const copyStart = performance.now();
      const officeHandle = await officeLedgerAt(await migratedDatabaseAt(port, 'bench_demo'), dir);
      opened.push(officeHandle);
      await copyLedger(dataPort(local), dataPort(officeHandle), { skipTables: [] });
      const office = await signedIn(officeHandle);
      const pool = ledgerPool(`postgres://postgres@127.0.0.1:${port}/bench_demo`);
      await pool.query('analyze');
      const copySeconds = Math.round((performance.now() - copyStart) / 100) / 10;

      // The filtered 项目库 page (three filters and a keyword), as ledgers.bench.ts asks it of the file.
      const year = local.now().getFullYear() - 1;
      const township = local.sqlite.prepare("select id from divisions where level = 'township' order by code limit 1").pluck().get() as number;
      const category = local.sqlite.prepare("select id from project_types where parent_id is null and name = '乡村建设行动'").pluck().get() as number;
      const input = { year, townshipId: township, categoryId: category, keyword: 'dl', limit: 100 };
      const sql = buildProjectSearchSql(api['projects.search'].input.parse(input));
      const pageSql = toPostgresPlaceholders(sql.pageSql);
      const totalsSql = toPostgresPlaceholders(sql.totalsSql);
      const page: Record<string, Timing> = {
        officeService: await time(100, () => call(office, 'projects.search', input)),
        officePlain: await time(100, async () => {
          const ids = (await pool.query<Record<string, unknown>>(pageSql, [...sql.params, sql.limit, sql.offset])).rows.map((r) => Number(Object.values(r)[0]));
          if (ids.length > 0) await pool.query(toPostgresPlaceholders(projectRowsSql(ids.length)), ids);
          await pool.query(totalsSql, [...sql.params]);
        }),
        sqliteService: await time(100, () => call(local, 'projects.search', input)),
      };

      const cutoff = localToday(local.now()).replace(/^\d{4}/, String(year));
      const progressStatements = Object.values(PROGRESS_SQL).map((s: string) => ({ text: toPostgresPlaceholders(s), values: [year, cutoff].slice(0, s.split('?').length - 1) }));
      const progress: Record<string, Timing> = {
        officeService: await time(10, () => call(office, 'progress.summary', { year, cutoff })),
        officePlain: await time(10, async () => {
          for (const s of progressStatements) await pool.query(s);
        }),
        sqliteService: await time(10, () => call(local, 'progress.summary', { year, cutoff })),
      };
      await pool.end();

      // 100 000 payments: on a fresh server ledger with the projects the sheet names, on a bare server database
      // of the same schema and projects (the plain floor), and on a SQLite file with the same projects.
      const xlsx = path.join(dir, 'payments-100k.xlsx');
      await writeXlsx(xlsx);
      const template = path.join(dir, 'template.db');
      makeLedger(template);
      const seed = openLedger({ dbFile: template, door: 'cli' });
      const projectRows = seed.sqlite.prepare('select year, code, name, fund_central_fen, status from projects order by id').raw().all() as Array<[number, string, string, number, string]>;
      seed.close();
      const withProjects = async (name: string): Promise<{ url: string; ledger: LedgerHandle }> => {
        const url = await migratedDatabaseAt(port, name);
        const ledger = officeLedgerAt(url, dir);
        opened.push(ledger);
        await dataPort(ledger).transaction((tx) => tx.insertMany('projects', ['year', 'code', 'name', 'fund_central_fen', 'status'], projectRows));
        return { url, ledger: await signedIn(ledger) };
      };
      const officeTarget = await withProjects('bench_import');
      const plainTarget = await withProjects('bench_import_plain');
      const floorTarget = await withProjects('bench_import_floor');
      const importOffice = await timedImport(officeTarget.ledger, xlsx);
      const importPlain = await plainImport(plainTarget.url, xlsx, true);
      const importFloor = await plainImport(floorTarget.url, xlsx, false);
      const sqliteFile = path.join(dir, 'sqlite-import.db');
      fs.copyFileSync(template, sqliteFile);
      const sqliteLedger = openLedger({ dbFile: sqliteFile, door: 'cli' });
      opened.push(sqliteLedger);
      const importSqlite = await timedImport(sqliteLedger, xlsx);
      if (importOffice.rows !== importPlain.rows || importOffice.rows !== importFloor.rows || importOffice.rows !== importSqlite.rows) {
        throw new Error(`office bench: rows imported differ (server ${importOffice.rows}, plain ${importPlain.rows}, SQLite ${importSqlite.rows})`);
      }

      const pageRatio = ratio(page.officeService!.p50Ms, page.officePlain!.p50Ms);
      const progressRatio = ratio(progress.officeService!.p50Ms, progress.officePlain!.p50Ms);
      const importRatio = ratio(importOffice.ms, importPlain.ms);
      const rows: BenchRow[] = [
        { name: 'demo county copied onto the server', value: `${copySeconds} s`, note: '迁移到办公室服务器: every table, chain checked' },
        {
          name: '项目库 filtered page p50/p95 (service on server)',
          value: `${page.officeService!.p50Ms} / ${page.officeService!.p95Ms} ms`,
          note: `plain SQL on the server ${page.officePlain!.p50Ms} / ${page.officePlain!.p95Ms} ms, ratio ${pageRatio} (target ≤ 1.5); service on SQLite ${page.sqliteService!.p50Ms} ms`,
        },
        {
          name: '支出进度 by township p50/p95 (service on server)',
          value: `${progress.officeService!.p50Ms} / ${progress.officeService!.p95Ms} ms`,
          note: `plain SQL on the server ${progress.officePlain!.p50Ms} / ${progress.officePlain!.p95Ms} ms, ratio ${progressRatio} (target ≤ 1.5); service on SQLite ${progress.sqliteService!.p50Ms} ms`,
        },
        {
          name: `${importOffice.rows} payments .xlsx import (service on server)`,
          value: `${importOffice.ms} ms`,
          note: `the same rows (payments, batch, chained audit rows) by stream read + batched INSERT on the server ${importPlain.ms} ms, ratio ${importRatio} (target ≤ 1.5); the payments alone ${importFloor.ms} ms (ratio ${ratio(importOffice.ms, importFloor.ms)}); import on SQLite ${importSqlite.ms} ms`,
        },
      ];
      return { rows, data: { copySeconds, input, page, pageRatio, cutoff, progress, progressRatio, importOffice, importPlain, importFloor, importSqlite, importRatio } };
    } finally {
      for (const ledger of opened) ledger.close();
      stopCluster(runDir);
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  },
};
