// Issue 16's load test: 8 client processes × 500 mixed writes each (projects, 资金下达 and their split, 拨付, 问题,
// 佐证材料, 整改进展, and edits of one shared project from forms loaded earlier: the deliberate conflicts) against
// one throwaway PostgreSQL server, every client its own pool and its own signed-in 管理员 (test/helpers/office-load.ts
// and office-load-child.ts, shared with test/unit/office-load.test.ts). The run fails unless: no error but the
// deliberate conflicts; the ledger's totals equal what the clients say they wrote; 校验 passes, run now and then
// while the clients write and once after. Reported: p50 / p95 / max per write, overall and per kind (target p95
// < 50 ms), writes/s — with the clients writing as fast as the server answers, and again as clerks pausing
// BENCH_LOAD_PAUSE_MS (500) after each save —, and beside them the same writes from one client alone on a fresh database of the same server,
// measured in the same run; and the floor: as many processes making bare audited writes (load-floor-child.ts: the
// chain's lock, one row and its audit row), which no service can beat. The server commits durably (fsync on, as an
// office's server does) unless BENCH_LOAD_DURABLE=0; BENCH_LOAD_CLIENTS and BENCH_LOAD_WRITES change the size.
import fs from 'node:fs';
import path from 'node:path';
import { allReady, startClientProcess } from '../helpers/client-process';
import { migratedDatabaseAt, runLoad, seedLoadLedger, WRITE_KIND_LABEL, WRITE_KINDS, type LoadRun, type WriteKind, type WriteSample } from '../helpers/office-load';
import { newRunDir, startCluster, stopCluster } from '../helpers/pg-cluster';
import type { FloorReport } from './load-floor-child';
import type { BenchRow, BenchSuite } from './run';
import { percentile } from './stats';

const P95_TARGET_MS = 50;

interface Spread {
  writes: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function spreadOf(samples: ReadonlyArray<Pick<WriteSample, 'ms'>>): Spread {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { writes: ms.length, p50Ms: round(percentile(ms, 50)), p95Ms: round(percentile(ms, 95)), maxMs: round(ms[ms.length - 1] ?? Number.NaN) };
}

const shown = (s: Spread) => `${s.p50Ms} / ${s.p95Ms} / ${s.maxMs} ms`;

interface RunFigures {
  overall: Spread;
  byKind: Record<WriteKind, Spread>;
  writesPerSecond: number;
  wallSeconds: number;
  conflicts: number;
}

function figuresOf(run: LoadRun): RunFigures {
  const samples = run.clients.flatMap((c) => c.samples);
  // From 'go' to the slowest client's last write (the clients' own clocks: no process start or exit in it).
  const writingMs = Math.max(...run.clients.map((c) => c.ms));
  const byKind = Object.fromEntries(WRITE_KINDS.map((k) => [k, spreadOf(samples.filter((s) => s.kind === k))])) as Record<WriteKind, Spread>;
  return {
    overall: spreadOf(samples),
    byKind,
    writesPerSecond: Math.round(samples.length / (writingMs / 1000)),
    wallSeconds: round(writingMs / 1000),
    conflicts: samples.filter((s) => s.refused).length,
  };
}

/** Seeded, run, and refused unless every invariant held. */
async function checkedRun(port: number, name: string, clients: number, writes: number, dir: string, pauseMs = 0): Promise<LoadRun> {
  const seed = await seedLoadLedger(await migratedDatabaseAt(port, name), clients, path.join(dir, name));
  // 校验 every 5 s while they write: each run reads the whole ledger on this machine's two cores, and the figures are the clerks'.
  const run = await runLoad(seed, { clients, writes, pauseMs, verifyEveryMs: 5000 });
  if (run.problems.length > 0) throw new Error(`load bench (${clients} × ${writes}): ${run.problems.join('\n')}`);
  return run;
}

const FLOOR_CHILD = path.join(__dirname, 'load-floor-child.ts');

/** The floor: `clients` processes each making `writes` bare audited writes (load-floor-child.ts) at one moment. */
async function bareAppends(url: string, clients: number, writes: number): Promise<Spread & { writesPerSecond: number }> {
  const running = Array.from({ length: clients }, (_, i) => startClientProcess<FloorReport>(FLOOR_CHILD, [url, `floor${clients}-${i + 1}`, String(writes)], `floor client ${i + 1}`));
  await allReady(running);
  for (const c of running) c.go();
  const reports = await Promise.all(running.map((c) => c.report));
  const ms = reports.flatMap((r) => r.ms);
  // Each process writes one after another: its writing time is the sum of its writes; the slowest one's counts.
  const seconds = Math.max(...reports.map((r) => r.ms.reduce((a, b) => a + b, 0))) / 1000;
  return { ...spreadOf(ms.map((m) => ({ ms: m }))), writesPerSecond: Math.round(ms.length / seconds) };
}

const yuan = (fen: number) => `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`;

export const loadSuite: BenchSuite = {
  name: 'load',
  usesDemo: false,
  async run({ workDir }) {
    const clients = Number(process.env.BENCH_LOAD_CLIENTS ?? 8);
    const writes = Number(process.env.BENCH_LOAD_WRITES ?? 500);
    const pauseMs = Number(process.env.BENCH_LOAD_PAUSE_MS ?? 500);
    const dir = path.join(workDir, 'load');
    fs.mkdirSync(dir, { recursive: true });
    const runDir = newRunDir();
    try {
      const port = await startCluster(runDir, { durableCommits: process.env.BENCH_LOAD_DURABLE !== '0' });
      // The baseline first: the same writes from one client alone, on a database of its own.
      const solo = await checkedRun(port, 'load_one_client', 1, writes, dir);
      const run = await checkedRun(port, 'load_clients', clients, writes, dir);
      // The same clients as clerks at a keyboard, each pausing after a save (still far more saves than an office makes).
      const paced = await checkedRun(port, 'load_clients_paced', clients, writes, dir, pauseMs);
      // The floor, on a database of its own: the least an audited write can be, from one process and from as many.
      const floorUrl = await migratedDatabaseAt(port, 'load_floor');
      const floorOne = await bareAppends(floorUrl, 1, writes);
      const floorAll = await bareAppends(floorUrl, clients, writes);
      const one = figuresOf(solo);
      const all = figuresOf(run);
      const pacedFigures = figuresOf(paced);
      const added = run.reported;
      const sharedAccepted = run.clients.reduce((n, c) => n + c.sharedEdits.accepted, 0);
      const sharedRefused = run.clients.reduce((n, c) => n + c.sharedEdits.refused, 0);
      const staleForms = run.clients.reduce((n, c) => n + c.staleFormsRefused, 0);
      const rows: BenchRow[] = [
        {
          name: `${clients} clients × ${writes} writes, per write p50 / p95 / max`,
          value: shown(all.overall),
          note: `target p95 < ${P95_TARGET_MS} ms: ${all.overall.p95Ms < P95_TARGET_MS ? 'met' : 'NOT met'}; ${all.overall.writes} writes in ${all.wallSeconds} s, ${all.writesPerSecond} writes/s`,
        },
        {
          name: `${clients} clients × ${writes} writes, each pausing ${pauseMs} ms after a save, p50 / p95 / max`,
          value: shown(pacedFigures.overall),
          note: `target p95 < ${P95_TARGET_MS} ms: ${pacedFigures.overall.p95Ms < P95_TARGET_MS ? 'met' : 'NOT met'}; ${pacedFigures.overall.writes} writes in ${pacedFigures.wallSeconds} s, ${pacedFigures.writesPerSecond} writes/s offered; ${pacedFigures.conflicts} deliberate conflicts; totals and 校验 checked as above`,
        },
        {
          name: `1 client alone × ${writes} writes, per write p50 / p95 / max`,
          value: shown(one.overall),
          note: `${one.writesPerSecond} writes/s; ${clients} clients' p95 is ${round(all.overall.p95Ms / one.overall.p95Ms)} × one client's, throughput ${round(all.writesPerSecond / one.writesPerSecond)} ×`,
        },
        {
          name: `floor: ${clients} processes × ${writes} bare audited writes, p50 / p95 / max`,
          value: shown(floorAll),
          note: `${floorAll.writesPerSecond} writes/s; one process alone ${shown(floorOne)}, ${floorOne.writesPerSecond} writes/s (lock, last hash, one row and its audit row, commit: no service)`,
        },
        ...WRITE_KINDS.map((k) => ({
          name: `  ${WRITE_KIND_LABEL[k]} (${k}) p50 / p95 / max`,
          value: shown(all.byKind[k]),
          note: `${all.byKind[k].writes} writes; one client alone ${shown(one.byKind[k])}`,
        })),
        {
          name: 'errors',
          value: `${all.conflicts} deliberate conflicts refused (STALE), no other error`,
          note: `shared project edited from forms loaded earlier: ${sharedAccepted} saved, ${sharedRefused} refused; saves from an own stale form refused: ${staleForms}`,
        },
        {
          name: 'ledger totals = what the clients report (SQL)',
          value: `${added.projects} projects, ${added.allocations} allocations ${yuan(added.allocationFen)}, ${added.splits} splits ${yuan(added.splitFen)}, ${added.payments} payments ${yuan(added.paymentFen)}`,
          note: `${added.findings} findings, ${added.findingSteps} 整改进展, ${added.attachments} 佐证材料 (${added.attachmentBytes} bytes); audit rows per operator equal too (${run.auditRowsWritten}); project numbers and 序号 distinct; shared project version ${run.sharedProjectVersions.before} → ${run.sharedProjectVersions.after}`,
        },
        {
          name: '校验 after the load',
          value: run.verify.summary,
          note: `${run.verify.chainRows} audit rows chained, no gap; ${run.verifiesDuring.runs} 校验 run by a 管理员 while the clients wrote found it 完整 too`,
        },
      ];
      const data = {
        clients,
        writes,
        durableCommits: true,
        p95TargetMs: P95_TARGET_MS,
        clientsRun: {
          ...all,
          reported: run.reported,
          before: run.before,
          after: run.after,
          sharedProjectVersions: run.sharedProjectVersions,
          verify: run.verify,
          verifiesDuring: run.verifiesDuring,
        },
        pausedClients: { pauseMs, ...pacedFigures, verify: paced.verify },
        oneClient: one,
        floor: { oneProcess: floorOne, processes: floorAll },
      };
      return { rows, data };
    } finally {
      stopCluster(runDir);
    }
  },
};
