// The load test of issue 16 ("Show it"): client processes, each with a pool of its own and signed in as an operator
// of its own, make mixed writes through dispatch() on one office-server database at the same time; the ledger is
// then held against what the clients say they wrote. One module for test/bench/load.bench.ts (8 × 500, timed) and
// test/unit/office-load.test.ts (small, invariants only): the county it seeds, the clients it starts
// (office-load-child.ts, which holds the mix of writes) and the checks it makes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { migratePostgres } from '../../db/migrate-pg';
import { withSession } from '../../electron/ledger/operators/service';
import { newSessionSlot, type LedgerHandle, type ServiceContext } from '../../electron/platform/context';
import type { DataReader } from '../../electron/platform/data-port';
import { dispatch } from '../../electron/platform/handlers';
import { openOfficeLedger } from '../../electron/platform/office-ledger';
import { ledgerPool } from '../../electron/platform/postgres-port';
import type { InspectionDetail, ProjectDetail } from '../../shared/api';
import type { AuditVerifyResult } from '../../shared/api-audit';
import { localToday } from '../../shared/dates';
import { setupCounty } from './county-fixture';
import { allReady, startClientProcess } from './client-process';
import { CLERK_PASSWORD } from './office-clerks';
import { SERVER_ADMIN, signedInAsFirstAdmin } from './server-admin';

// ---- What the clients write -------------------------------------------------------------------------------

/** The kinds of write a client makes, in the order of its cycle (office-load-child.ts). */
export const WRITE_KINDS = [
  'projectCreate',
  'allocationCreate',
  'splitSet',
  'paymentCreate',
  'findingCreate',
  'evidenceAdd',
  'findingProgress',
  'sharedPayment',
  'sharedProjectEdit',
  'projectEdit',
] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

export const WRITE_KIND_LABEL: Readonly<Record<WriteKind, string>> = {
  projectCreate: '项目 新增',
  allocationCreate: '资金下达 新增',
  splitSet: '资金分配',
  paymentCreate: '拨付 新增',
  findingCreate: '问题 新增',
  evidenceAdd: '佐证材料 上传',
  findingProgress: '整改进展',
  sharedPayment: '拨付 到共用项目',
  sharedProjectEdit: '共用项目 修改（蓄意冲突）',
  projectEdit: '项目 修改（每 4 次有 1 次用旧表单）',
};

/** The rows of the ledger the clients add to, as sums the clients can say they wrote. */
export interface LedgerTotals {
  projects: number;
  projectFundsFen: number;
  allocations: number;
  allocationFen: number;
  splits: number;
  splitFen: number;
  payments: number;
  paymentFen: number;
  findings: number;
  findingSteps: number;
  attachments: number;
  attachmentBytes: number;
}

export const NO_TOTALS: LedgerTotals = {
  projects: 0,
  projectFundsFen: 0,
  allocations: 0,
  allocationFen: 0,
  splits: 0,
  splitFen: 0,
  payments: 0,
  paymentFen: 0,
  findings: 0,
  findingSteps: 0,
  attachments: 0,
  attachmentBytes: 0,
};

const TOTAL_KEYS = Object.keys(NO_TOTALS) as Array<keyof LedgerTotals>;

function combine(a: LedgerTotals, b: LedgerTotals, sign: 1 | -1): LedgerTotals {
  return Object.fromEntries(TOTAL_KEYS.map((k) => [k, a[k] + sign * b[k]])) as unknown as LedgerTotals;
}

/** The live rows' counts and money in fen, read with SQL (not the services) on either engine. */
export async function ledgerTotals(db: DataReader): Promise<LedgerTotals> {
  const row = await db.get<Record<keyof LedgerTotals, number | string>>(
    `select
       (select count(*) from projects where deleted_at is null) as "projects",
       (select coalesce(sum(fund_central_fen + fund_provincial_fen + fund_municipal_fen + fund_county_fen + fund_other_fen), 0)
          from projects where deleted_at is null) as "projectFundsFen",
       (select count(*) from allocations where deleted_at is null) as "allocations",
       (select coalesce(sum(amount_fen), 0) from allocations where deleted_at is null) as "allocationFen",
       (select count(*) from allocation_splits) as "splits",
       (select coalesce(sum(amount_fen), 0) from allocation_splits) as "splitFen",
       (select count(*) from payments where deleted_at is null) as "payments",
       (select coalesce(sum(amount_fen), 0) from payments where deleted_at is null) as "paymentFen",
       (select count(*) from findings where deleted_at is null) as "findings",
       (select count(*) from finding_updates) as "findingSteps",
       (select count(*) from attachments where deleted_at is null) as "attachments",
       (select coalesce(sum(size_bytes), 0) from attachments where deleted_at is null) as "attachmentBytes"`,
  );
  if (!row) throw new Error('ledgerTotals: no row');
  return Object.fromEntries(TOTAL_KEYS.map((k) => [k, Number(row[k])])) as unknown as LedgerTotals;
}

// ---- Between the parent and its clients -------------------------------------------------------------------

/** The county and shared records the parent set up, which every client writes against. */
export interface LoadSeed {
  url: string;
  year: number;
  /** Today in the office's time zone: the date of payments, allocations and progress steps. */
  today: string;
  places: Array<{ townshipId: number; villageId: number }>;
  departmentId: number;
  categoryId: number;
  subcategoryId: number;
  /** The inspection every client's findings belong to (their 序号 are numbered under it concurrently). */
  inspectionId: number;
  /** The project every client pays into and edits from forms loaded earlier (the deliberate conflicts). */
  sharedProjectId: number;
  /** Each client's operator, a 管理员 with password CLERK_PASSWORD, in client order. */
  operators: string[];
}

export interface LoadClientConfig {
  seed: LoadSeed;
  /** 1-based. */
  client: number;
  writes: number;
  /** The client's folder for what an office ledger keeps locally (its log). */
  dataDir: string;
  /** A clerk's pause after each write (ms); 0: write after write, as fast as the server answers. */
  pauseMs: number;
}

export interface WriteSample {
  kind: WriteKind;
  ms: number;
  /** Refused as a deliberate conflict (STALE). */
  refused: boolean;
}

export interface LoadClientReport {
  client: number;
  operator: string;
  samples: WriteSample[];
  /** What this client's accepted writes added to the ledger, by its own count. */
  wrote: LedgerTotals;
  /** Audit rows its accepted writes should have added (a progress step writes two). */
  auditRows: number;
  sharedEdits: { accepted: number; refused: number };
  /** Saves from a form this client had already saved meanwhile: each must be refused. */
  staleFormsRefused: number;
  /** The first error that was not a deliberate conflict; the client stops there. */
  unexpected: string | null;
  /** From 'go' to its last write. */
  ms: number;
}

// ---- Setting up -------------------------------------------------------------------------------------------

/** A new database at the app's schema on the cluster at `port`. */
export async function migratedDatabaseAt(port: number, name: string): Promise<string> {
  const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = `postgres://postgres@127.0.0.1:${port}/${name}`;
  const pool = ledgerPool(url);
  try {
    await migratePostgres(pool);
  } finally {
    await pool.end();
  }
  return url;
}


/** An office ledger on `url` as a clerk's PC opens it (door cli), with its local folder. */
export function officeLedgerAt(url: string, dataDir: string): LedgerHandle {
  const u = new URL(url);
  return openOfficeLedger({
    pool: ledgerPool(url),
    server: { host: u.hostname, port: Number(u.port), database: u.pathname.slice(1), user: u.username },
    door: 'cli',
    dataDir,
  });
}

async function ok<T>(ctx: ServiceContext, channel: string, input?: unknown): Promise<T> {
  const res = await dispatch(ctx, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

export const clientOperator = (client: number): string => `录入员${String(client).padStart(2, '0')}`;

/** The shared project's funds: room for every client's payments into it. */
const SHARED_PROJECT_FEN = 50_000_000_000;

/**
 * On the empty server ledger at `url` (at the app's schema): its first 管理员, the small county of
 * county-fixture.ts, one inspection and one project every client shares, and an operator (管理员) per client.
 */
export async function seedLoadLedger(url: string, clients: number, dataDir: string): Promise<LoadSeed> {
  const handle = officeLedgerAt(url, dataDir);
  try {
    const admin = await signedInAsFirstAdmin(handle);
    const c = await setupCounty(admin);
    const now = handle.now();
    const today = localToday(now);
    const year = Number(today.slice(0, 4));
    const start = localToday(new Date(now.getTime() - 60 * 86_400_000));
    const inspection = await ok<InspectionDetail>(admin, 'inspections.create', {
      name: `${year}年巩固衔接督导检查（并发录入）`,
      source: 'supervision',
      startDate: start,
      townshipIds: [c.huashu.id, c.nanshan.id],
    });
    const shared = await ok<ProjectDetail>(admin, 'projects.create', {
      year,
      name: '县级产业园配套设施（各录入员共用）',
      townshipId: c.huashu.id,
      villageId: c.qianjin.id,
      fundCentralFen: SHARED_PROJECT_FEN,
    });
    const operators = Array.from({ length: clients }, (_, i) => clientOperator(i + 1));
    for (const name of operators) await ok(admin, 'operators.create', { name, role: 'admin', password: CLERK_PASSWORD });
    return {
      url,
      year,
      today,
      places: [
        { townshipId: c.huashu.id, villageId: c.qianjin.id },
        { townshipId: c.huashu.id, villageId: c.xinsang.id },
        { townshipId: c.nanshan.id, villageId: c.xiaohe.id },
      ],
      departmentId: c.agri.id,
      categoryId: c.type('乡村建设行动'),
      subcategoryId: c.type('乡村建设行动/农村基础设施'),
      inspectionId: inspection.id,
      sharedProjectId: shared.id,
      operators,
    };
  } finally {
    handle.close();
  }
}

// ---- Running the clients ----------------------------------------------------------------------------------

const CHILD = path.join(__dirname, 'office-load-child.ts');

export interface LoadRun {
  clients: LoadClientReport[];
  /** From 'go' to the last client's report. */
  wallMs: number;
  /** Ledger totals when the clients started and when they had finished. */
  before: LedgerTotals;
  after: LedgerTotals;
  /** What the clients say they wrote, summed. */
  reported: LedgerTotals;
  auditRowsWritten: number;
  /** 校验 run while the clients wrote (each must find the ledger 完整), and how many recorded themselves. */
  verifiesDuring: { runs: number; recorded: number };
  sharedProjectVersions: { before: number; after: number };
  verify: Pick<AuditVerifyResult, 'ok' | 'summary' | 'problemCount'> & { chainRows: number };
  /** Every invariant that did not hold, in words: empty when the run is good. */
  problems: string[];
}

/** A pause between two 校验 during the load, as a clerk would click it now and then (default). */
const VERIFY_EVERY_MS = 1000;

/** 校验 by `verifier` again and again until `done` settles; each must find the ledger 完整. */
async function verifyUntil(verifier: ServiceContext, done: Promise<unknown>, everyMs: number): Promise<{ runs: number; recorded: number; problems: string[] }> {
  let finished = false;
  const over = done.then(
    () => (finished = true),
    () => (finished = true),
  );
  const out = { runs: 0, recorded: 0, problems: [] as string[] };
  while (!finished) {
    const res = await dispatch(verifier, 'audit.verify', {});
    out.runs += 1;
    if (!res.ok) out.problems.push(`校验 during the load was refused: ${res.error.code} ${res.error.message}`);
    else {
      const check = res.value as AuditVerifyResult;
      if (check.recordedAs !== null) out.recorded += 1;
      if (!check.ok) out.problems.push(`校验 during the load: ${check.summary} ${check.findings.map((f) => f.title).join('; ')}`);
    }
    await Promise.race([over, new Promise((resolve) => setTimeout(resolve, everyMs))]);
  }
  return out;
}

async function count(db: DataReader, sql: string, params: number[] = []): Promise<number> {
  return Number((await db.get<{ n: number }>(sql, params))?.n ?? 0);
}

/**
 * Start `clients` client processes on the seeded ledger, let them write `writes` each at the same moment, and
 * check the ledger: no error but the deliberate conflicts, its totals the sums the clients report, the audit rows
 * each operator's, project numbers and finding 序号 distinct, the shared project's version moved once per accepted
 * edit, and 校验 (the chain unbroken and gapless, the tables agreeing with the trail) — run by a 管理员 now and then
 * while the clients write, and once after.
 */
export async function runLoad(seed: LoadSeed, options: { clients: number; writes: number; pauseMs?: number; verifyEveryMs?: number }): Promise<LoadRun> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'office-load-'));
  const checker = officeLedgerAt(seed.url, path.join(folder, 'checker'));
  const port = checker.port as DataReader;
  try {
    const running = Array.from({ length: options.clients }, (_, i) => {
      const config: LoadClientConfig = { seed, client: i + 1, writes: options.writes, dataDir: path.join(folder, `client${i + 1}`), pauseMs: options.pauseMs ?? 0 };
      return startClientProcess<LoadClientReport>(CHILD, [JSON.stringify(config)], `load client ${i + 1}`);
    });
    await allReady(running);
    // A clerk who runs 校验 now and then while the others save (signed in before the mark: its rows are counted).
    const verifier = withSession(checker, newSessionSlot());
    await ok(verifier, 'session.signIn', SERVER_ADMIN);
    // Every client has signed in: from here on every audit row is a client's write or a 校验's record.
    const auditMark = await count(port, 'select coalesce(max(id), 0) as n from audit_log');
    const before = await ledgerTotals(port);
    const sharedVersion = () => count(port, 'select version as n from projects where id = ?', [seed.sharedProjectId]);
    const sharedBefore = await sharedVersion();
    const started = performance.now();
    for (const c of running) c.go();
    const reported = Promise.all(running.map((c) => c.report));
    const during = verifyUntil(verifier, reported, options.verifyEveryMs ?? VERIFY_EVERY_MS);
    const reports = await reported;
    const wallMs = performance.now() - started;
    const verifiesDuring = await during;

    const after = await ledgerTotals(port);
    const sums = reports.reduce((sum, r) => combine(sum, r.wrote, 1), NO_TOTALS);
    const added = combine(after, before, -1);
    const problems: string[] = [...verifiesDuring.problems];
    for (const r of reports) if (r.unexpected) problems.push(`${r.operator}: ${r.unexpected}`);
    for (const k of TOTAL_KEYS) {
      if (added[k] !== sums[k]) problems.push(`${k}: the ledger gained ${added[k]}, the clients report ${sums[k]}`);
    }
    const byOperator = new Map(
      (await port.all<{ operator: string; n: number }>('select operator, count(*) as n from audit_log where id > ? group by operator', [auditMark])).map((r) => [
        r.operator,
        Number(r.n),
      ]),
    );
    for (const r of reports) {
      const seen = byOperator.get(r.operator) ?? 0;
      if (seen !== r.auditRows) problems.push(`audit rows naming ${r.operator}: ${seen}, its writes account for ${r.auditRows}`);
      byOperator.delete(r.operator);
    }
    const verifierRows = byOperator.get(SERVER_ADMIN.name) ?? 0;
    if (verifierRows !== verifiesDuring.recorded) problems.push(`audit rows naming ${SERVER_ADMIN.name}: ${verifierRows}, its 校验 recorded ${verifiesDuring.recorded}`);
    byOperator.delete(SERVER_ADMIN.name);
    for (const [operator, n] of byOperator) problems.push(`${n} audit rows during the run name ${operator}, who is no client`);
    const auditRowsWritten = await count(port, 'select count(*) as n from audit_log where id > ?', [auditMark]);

    const sharedAfter = await sharedVersion();
    const sharedAccepted = reports.reduce((n, r) => n + r.sharedEdits.accepted, 0);
    if (sharedAfter !== sharedBefore + sharedAccepted) {
      problems.push(`shared project: version ${sharedBefore} → ${sharedAfter}, but ${sharedAccepted} edits were accepted`);
    }
    const duplicateCodes = await count(port, 'select count(*) - count(distinct code) as n from projects where deleted_at is null');
    if (duplicateCodes !== 0) problems.push(`${duplicateCodes} duplicate project numbers (项目编号)`);
    const duplicateSeqs = await count(
      port,
      'select count(*) as n from (select inspection_id, seq from findings where deleted_at is null group by inspection_id, seq having count(*) > 1) d',
    );
    if (duplicateSeqs !== 0) problems.push(`${duplicateSeqs} finding 序号 used twice in one inspection`);

    // 校验 once more, after the counts (it records itself in the trail).
    const check = await ok<AuditVerifyResult>(verifier, 'audit.verify', {});
    if (!check.ok || check.chain.brokenAtId !== null || check.chain.gapAfterId !== null || check.findings.length > 0) {
      problems.push(`校验: ${check.summary} ${check.findings.map((f) => JSON.stringify(f)).join('; ')}`);
    }
    return {
      clients: reports,
      wallMs,
      before,
      after,
      reported: sums,
      auditRowsWritten,
      verifiesDuring: { runs: verifiesDuring.runs, recorded: verifiesDuring.recorded },
      sharedProjectVersions: { before: sharedBefore, after: sharedAfter },
      verify: { ok: check.ok, summary: check.summary, problemCount: check.problemCount, chainRows: check.chain.rows },
      problems,
    };
  } finally {
    checker.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
