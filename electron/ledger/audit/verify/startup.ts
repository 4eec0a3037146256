// 校验 at every start-up: once per opened ledger, in the background after the first screen is shown, so that
// an edit made to the file outside the program is named on 首页 the next time someone opens it.
//
// Why a delay and a size limit rather than yielding: the check is synchronous on better-sqlite3 and does not
// yield between its phases. An open statement iterator keeps the connection busy, so it could only yield
// between tables, and at scale 100 one table (a million payments) is still seconds in one piece. Measured on
// this code (demo ledgers, 2 shared cores): 15 thousand records 0.16 s, 76 thousand 0.8 s, 304 thousand 2 s —
// about 10 µs a record. Up to STARTUP_VERIFY_MAX_RECORDS (a few times a county's ledger) the program pauses
// under half a second, once, after 首页 has loaded; above it the start-up check is skipped and 首页 says so,
// pointing to 审计日志 → 校验, which shows progress (the Electron window itself stays painted meanwhile).
import { STARTUP_VERIFY_JOB } from '../../../../shared/api-audit';
import type { DashboardVerify } from '../../../../shared/api-audit';
import type { LedgerHandle, ServiceContext } from '../../../platform/context';
import { logError, logInfo } from '../../../platform/log';
import { dataPort } from '../../../platform/data-port';
import { countTableRows } from '../store';
import { verifyLedger } from './service';
import { TABLE_CHECKS } from './spec';

/** Records (checked tables, 资金分配 rows and audit rows) above which start-up does not check. ≈ 0.5 s. */
export const STARTUP_VERIFY_MAX_RECORDS = 50_000;

/**
 * After the window shows its first frame, 首页 asks for its figures: they go first. 1.5 s is well past those
 * requests (tens of ms) and still before anyone has started working.
 */
export const STARTUP_VERIFY_DELAY_MS = 1500;

export type StartupVerifyState = NonNullable<DashboardVerify['startup']>;

const states = new WeakMap<object, StartupVerifyState>();
const scheduled = new WeakMap<LedgerHandle, Promise<StartupVerifyState>>();

/** The ledger handle behind a door's per-request context (operators.ts withSession inherits from it). */
function stateOf(ctx: ServiceContext): StartupVerifyState | null {
  for (let o: object | null = ctx; o; o = Object.getPrototypeOf(o) as object | null) {
    const state = states.get(o);
    if (state) return state;
  }
  return null;
}

/** This start's automatic 校验, for 首页 (null where none was scheduled: the CLI). */
export function startupVerifyState(ctx: ServiceContext): StartupVerifyState | null {
  return stateOf(ctx);
}

/** What the whole check walks: every checked table, the splits and the trail. */
export async function verifyRecordCount(ctx: ServiceContext): Promise<number> {
  const tables = [...TABLE_CHECKS.map((t) => t.table), 'allocation_splits', 'audit_log'];
  return countTableRows(dataPort(ctx), tables);
}

export interface StartupVerifyOptions {
  delayMs?: number;
  maxRecords?: number;
}

async function run(ledger: LedgerHandle, maxRecords: number): Promise<StartupVerifyState> {
  let state: StartupVerifyState;
  try {
    const records = await verifyRecordCount(ledger);
    if (records > maxRecords) {
      state = { state: 'skipped', records, limit: maxRecords };
      logInfo('verify', `台账有 ${records} 条记录，超过 ${maxRecords} 条，启动时不自动校验`);
    } else {
      const result = await verifyLedger(ledger, { trigger: 'startup' });
      state = { state: 'done' };
      if (!result.ok) logInfo('verify', `启动时校验${result.summary}`);
    }
  } catch (error) {
    logError('startup verify', error);
    state = { state: 'failed' };
  }
  states.set(ledger, state);
  ledger.emitProgress({ jobId: STARTUP_VERIFY_JOB, label: '启动时校验', done: 1, total: 1 });
  return state;
}

/**
 * Call once the first screen is shown. Runs 校验 after `delayMs`, once per opened ledger however often it is
 * called (a second call gets the same outcome), records it in the trail as the program's own, and tells the
 * renderer (progress event STARTUP_VERIFY_JOB) so 首页 shows the outcome. A ledger closed meanwhile is left alone.
 */
export function scheduleStartupVerify(ledger: LedgerHandle, options: StartupVerifyOptions = {}): Promise<StartupVerifyState> {
  const pending = scheduled.get(ledger);
  if (pending) return pending;
  states.set(ledger, { state: 'pending' });
  const outcome = new Promise<StartupVerifyState>((resolve) => {
    const timer = setTimeout(() => {
      if (!ledger.isOpen()) resolve({ state: 'failed' });
      else resolve(run(ledger, options.maxRecords ?? STARTUP_VERIFY_MAX_RECORDS));
    }, options.delayMs ?? STARTUP_VERIFY_DELAY_MS);
    // Never what keeps a process alive (browser mode stopping, a CLI or test closing the ledger).
    timer.unref();
  });
  scheduled.set(ledger, outcome);
  return outcome;
}
