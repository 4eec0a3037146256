// One client of the load test (office-load.ts), as one clerk's PC: its own pool on the office server, signed in as
// its own operator. Signs in, says 'ready', waits for 'go', then makes its writes through dispatch() — a cycle of
// the kinds in WRITE_KINDS — timing each, and reports what it wrote (client-process.ts starts it, with its
// LoadClientConfig as JSON).
import { performance } from 'node:perf_hooks';
import { withSession } from '../../electron/ledger/operators/service';
import { newSessionSlot, type ServiceContext } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import type { AllocationDetail, AttachmentRow, FindingDetail, PaymentWriteResult, ProjectDetail } from '../../shared/api';
import { FindingCategory } from '../../shared/enums';
import { CLERK_PASSWORD } from './office-clerks';
import { parentSaysGo, tellParent } from './client-process';
import { NO_TOTALS, officeLedgerAt, WRITE_KINDS, type LoadClientConfig, type LoadClientReport, type WriteKind } from './office-load';
import { samplePng } from './supervision-fixture';

/** Audit rows an accepted write of each kind adds (a progress step: the step and the finding's new state). */
const AUDIT_ROWS: Readonly<Record<WriteKind, number>> = {
  projectCreate: 1,
  allocationCreate: 1,
  splitSet: 1,
  paymentCreate: 1,
  findingCreate: 1,
  evidenceAdd: 1,
  findingProgress: 2,
  sharedPayment: 1,
  sharedProjectEdit: 1,
  projectEdit: 1,
};

/** Every STALE_FORM_EVERY-th cycle the project edit saves from the previous cycle's form, which that cycle saved already. */
const STALE_FORM_EVERY = 4;

const CATEGORIES: readonly FindingCategory[] = ['housing', 'water', 'projectFunds', 'work'];

/** Amounts that differ by client and write, so a lost or doubled row shows in the sums (fen). */
const spread = (client: number, i: number, range: number) => ((client * 7919 + i * 104_729) % range) * 100;

/** An answer that is neither accepted nor a deliberate conflict: the client stops there and reports it. */
class Unexpected extends Error {}

/** The client's writes, as the plan in WRITE_KINDS' order repeats; what it wrote goes into `report`. */
async function writeAll(door: ServiceContext, config: LoadClientConfig, report: LoadClientReport): Promise<void> {
  const { seed, client, writes } = config;
  const operator = report.operator;
  const wrote = report.wrote;

  /** One timed write: the value when accepted, null when refused as STALE and `conflictAllowed`. */
  const write = async <T>(kind: WriteKind, channel: string, input: unknown, conflictAllowed = false): Promise<T | null> => {
    const started = performance.now();
    const res = await dispatch(door, channel, input);
    const ms = performance.now() - started;
    const refused = !res.ok && res.error.code === 'STALE' && conflictAllowed;
    report.samples.push({ kind, ms, refused });
    if (config.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, config.pauseMs));
    if (refused) return null;
    if (!res.ok) throw new Unexpected(`write ${report.samples.length} (${kind}, ${channel}): ${res.error.code} ${res.error.message}`);
    report.auditRows += AUDIT_ROWS[kind];
    return res.value as T;
  };
  const read = async <T>(channel: string, input: unknown): Promise<T> => {
    const res = await dispatch(door, channel, input);
    if (!res.ok) throw new Unexpected(`read ${channel}: ${res.error.code} ${res.error.message}`);
    return res.value as T;
  };

  let previous: ProjectDetail | null = null;
  for (let cycle = 0; report.samples.length < writes; cycle += 1) {
    const place = seed.places[(client + cycle) % seed.places.length]!;
    // The shared project's form, loaded at the start of the cycle and saved at its end: other clients' saves in between
    // make this one stale (the deliberate conflicts).
    const sharedForm = await read<ProjectDetail>('projects.get', { id: seed.sharedProjectId });
    let project: ProjectDetail | null = null;
    let allocation: AllocationDetail | null = null;
    let finding: FindingDetail | null = null;
    for (const kind of WRITE_KINDS) {
      if (report.samples.length >= writes) break;
      const i = report.samples.length;
      switch (kind) {
        case 'projectCreate': {
          const central = 50_000_000 + spread(client, i, 100_000);
          const provincial = 10_000_000 + spread(client, i, 20_000);
          project = await write<ProjectDetail>(kind, 'projects.create', {
            year: seed.year,
            name: `${operator}录入的第${cycle + 1}个项目`,
            categoryId: seed.categoryId,
            subcategoryId: seed.subcategoryId,
            townshipId: place.townshipId,
            villageId: place.villageId,
            departmentId: seed.departmentId,
            fundCentralFen: central,
            fundProvincialFen: provincial,
          });
          wrote.projects += 1;
          wrote.projectFundsFen += central + provincial;
          break;
        }
        case 'allocationCreate': {
          const amountFen = 40_000_000 + spread(client, i, 90_000);
          allocation = await write<AllocationDetail>(kind, 'allocations.create', {
            docNumber: `青财农字〔${seed.year}〕${client * 1000 + cycle + 1}号`,
            level: 'central',
            date: seed.today,
            amountFen,
            recipient: '县农业农村局',
          });
          wrote.allocations += 1;
          wrote.allocationFen += amountFen;
          break;
        }
        case 'splitSet': {
          const a = allocation as AllocationDetail;
          const amountFen = a.amountFen - spread(client, i, 1000);
          await write(kind, 'allocationSplits.set', { allocationId: a.id, version: a.version, splits: [{ projectId: (project as ProjectDetail).id, amountFen }] });
          wrote.splits += 1;
          wrote.splitFen += amountFen;
          break;
        }
        case 'paymentCreate': {
          const amountFen = 10_000_000 + spread(client, i, 50_000);
          await write<PaymentWriteResult>(kind, 'payments.create', {
            projectId: (project as ProjectDetail).id,
            allocationId: (allocation as AllocationDetail).id,
            date: seed.today,
            amountFen,
            payee: '青山县宏达建筑有限公司',
            voucher: `记-${client}-${cycle + 1}`,
            paymentType: 'progress',
          });
          wrote.payments += 1;
          wrote.paymentFen += amountFen;
          break;
        }
        case 'findingCreate': {
          finding = await write<FindingDetail>(kind, 'findings.create', {
            inspectionId: seed.inspectionId,
            category: CATEGORIES[cycle % CATEGORIES.length],
            description: `${operator}发现的问题${cycle + 1}：项目资金拨付台账与凭证不一致`,
            townshipId: place.townshipId,
            villageId: place.villageId,
            projectId: (project as ProjectDetail).id,
            responsibleUnit: '县农业农村局',
            deadline: `${seed.year + 1}-06-30`,
          });
          wrote.findings += 1;
          break;
        }
        case 'evidenceAdd': {
          // Mostly a file of its own; every fifth the same photo as every other client's (one stored copy of the bytes).
          const bytes = samplePng(cycle % 5 === 0 ? 0 : client * 100_000 + cycle + 1);
          await write<AttachmentRow>(kind, 'attachments.add', {
            ownerType: 'finding',
            ownerId: (finding as FindingDetail).id,
            name: `整改照片-${client}-${cycle + 1}.png`,
            base64: bytes.toString('base64'),
          });
          wrote.attachments += 1;
          wrote.attachmentBytes += bytes.length;
          break;
        }
        case 'findingProgress': {
          const f = finding as FindingDetail;
          await write(kind, 'findings.progress', { id: f.id, version: f.version, date: seed.today, note: '已召开专题会议，逐项核对凭证', status: 'inProgress' });
          wrote.findingSteps += 1;
          break;
        }
        case 'sharedPayment': {
          const amountFen = 100_000 + spread(client, i, 10_000);
          await write<PaymentWriteResult>(kind, 'payments.create', { projectId: seed.sharedProjectId, date: seed.today, amountFen, voucher: `共-${client}-${cycle + 1}` });
          wrote.payments += 1;
          wrote.paymentFen += amountFen;
          break;
        }
        case 'sharedProjectEdit': {
          const saved = await write(kind, 'projects.update', { id: seed.sharedProjectId, version: sharedForm.version, remark: `${operator}第${cycle + 1}次核对` }, true);
          if (saved) report.sharedEdits.accepted += 1;
          else report.sharedEdits.refused += 1;
          break;
        }
        case 'projectEdit': {
          if (cycle % STALE_FORM_EVERY === STALE_FORM_EVERY - 1 && previous) {
            // The previous cycle's form of its own project, saved then: its version has moved on, so this must be refused.
            const saved = await write(kind, 'projects.update', { id: previous.id, version: previous.version, content: '旧表单里的建设内容' }, true);
            if (saved) throw new Unexpected(`write ${i + 1} (${kind}): a save from a stale form (project ${previous.id}, version ${previous.version}) was accepted`);
            report.staleFormsRefused += 1;
          } else {
            const p = project as ProjectDetail;
            await write(kind, 'projects.update', { id: p.id, version: p.version, content: `硬化村组道路 ${(cycle % 9) + 1} 公里`, plannedStart: `${seed.year}-03-01`, plannedEnd: `${seed.year}-11-30` });
            previous = p;
          }
          break;
        }
      }
    }
  }
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as LoadClientConfig;
  const operator = config.seed.operators[config.client - 1];
  if (!operator) throw new Error(`no operator for client ${config.client}`);
  const handle = officeLedgerAt(config.seed.url, config.dataDir);
  const report: LoadClientReport = {
    client: config.client,
    operator,
    samples: [],
    wrote: { ...NO_TOTALS },
    auditRows: 0,
    sharedEdits: { accepted: 0, refused: 0 },
    staleFormsRefused: 0,
    unexpected: null,
    ms: 0,
  };
  try {
    const door = withSession(handle, newSessionSlot());
    const signedIn = await dispatch(door, 'session.signIn', { name: operator, password: CLERK_PASSWORD });
    if (!signedIn.ok) throw new Error(`session.signIn ${operator}: ${signedIn.error.code} ${signedIn.error.message}`);
    const go = parentSaysGo();
    await tellParent<LoadClientReport>({ type: 'ready' });
    await go;
    const started = performance.now();
    try {
      await writeAll(door, config, report);
    } catch (error) {
      if (!(error instanceof Unexpected)) throw error;
      report.unexpected = error.message;
    }
    report.ms = performance.now() - started;
    await tellParent<LoadClientReport>({ type: 'report', report });
  } finally {
    handle.close();
    process.disconnect?.();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
