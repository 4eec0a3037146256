// Each test gets its own ledger and browser-mode bridge serving the built renderer (npm run build:renderer). The
// suite runs twice (playwright.config.ts projects): on a ledger file, and on the office server — each test's ledger
// a new database on a throwaway PostgreSQL cluster of the worker, opened as the app opens it there
// (electron/platform/office-ledger.ts). Tests about the local file itself carry LOCAL_FILE_ONLY in their title.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { Client } from 'pg';
import { migratePostgres } from '../../db/migrate-pg';
import { newSessionSlot, openLedger, type LedgerHandle } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { openOfficeLedger } from '../../electron/platform/office-ledger';
import { ledgerPool } from '../../electron/platform/postgres-port';
import { startWebBridge, type WebBridge } from '../../electron/web-bridge';
import type { SessionState } from '../../shared/api';
import { SERVER_ADMIN } from '../helpers/server-admin';
import { newRunDir, startCluster, stopCluster } from '../helpers/pg-cluster';

export const rendererDir = path.resolve(__dirname, '..', '..', 'dist', 'renderer');
const screenshotRoot = path.resolve(__dirname, '..', '..', 'test-results');

/** Where this run's screenshots go: screenshots/ for the ledger file, screenshots-office/ for the office server. */
export function screenshotDirOf(ledgerKind: LedgerKind): string {
  return path.join(screenshotRoot, ledgerKind === 'office' ? 'screenshots-office' : 'screenshots');
}

export type LedgerKind = 'file' | 'office';

export interface AppFixture {
  ledger: LedgerHandle;
  bridge: WebBridge;
  dir: string;
}

/** The worker's PostgreSQL cluster and the template database at this app's schema that each test copies. */
interface OfficeCluster {
  port: number;
  template: string;
}

const TEMPLATE_DATABASE = 'ledger_template';
const adminUrl = (port: number, database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;

async function adminQuery(port: number, sql: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl(port, 'postgres') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

let officeDatabases = 0;

async function officeLedger(cluster: OfficeCluster, dir: string): Promise<LedgerHandle> {
  officeDatabases += 1;
  const database = `e2e_${process.pid}_${officeDatabases}`;
  await adminQuery(cluster.port, `create database ${database} template ${cluster.template}`);
  const pool = ledgerPool(adminUrl(cluster.port, database));
  return openOfficeLedger({ pool, server: { host: '127.0.0.1', port: cluster.port, database, user: 'postgres' }, door: 'web', dataDir: dir });
}

/** A channel called as the page calls it: through the bridge, on the page's session (one per bridge token). */
async function bridgeCall<T>(bridge: WebBridge, channel: string, input: unknown): Promise<T> {
  const res = await fetch(new URL('/api/call', bridge.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ledger-token': bridge.token },
    body: JSON.stringify({ channel, input }),
  });
  const answer = (await res.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`);
  return answer.value;
}

/**
 * On the office server nobody acts before signing in. The server's first 管理员 (SERVER_ADMIN) is created through the
 * bridge, as the sign-in screen does, which signs in the page this run opens; the handle a test seeds its ledger
 * through acts as the same 管理员.
 */
async function signInOnServer(ledger: LedgerHandle, bridge: WebBridge): Promise<void> {
  const state = await bridgeCall<SessionState>(bridge, 'session.createFirstAdmin', SERVER_ADMIN);
  if (!state.operator) throw new Error('创建第一个管理员之后没有登录');
  ledger.session = { ...newSessionSlot(), operatorId: state.operator.id };
}

/** A channel called from another PC as the page's signed-in operator would call it (through the bridge). */
export function pageCall<T>(app: AppFixture, channel: string, input: unknown): Promise<T> {
  return bridgeCall<T>(app.bridge, channel, input);
}

/**
 * Whom the page's next saves are recorded under, as another clerk's would be: on a ledger file 设置 → 操作员姓名
 * (single-user mode); on the office server, where the trail names the signed-in operator, the page's session signs
 * in as `name` (a 管理员 with SERVER_ADMIN's password, created the first time).
 */
export async function actAs(app: AppFixture, name: string): Promise<void> {
  const call = async (channel: string, input: unknown) => {
    const res = await dispatch(app.ledger, channel, input);
    if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
    return res.value;
  };
  if (!app.ledger.port) {
    await call('settings.update', { operatorName: name });
    return;
  }
  const { rows } = (await call('operators.list', {})) as { rows: Array<{ name: string }> };
  if (!rows.some((r) => r.name === name)) await call('operators.create', { name, role: 'admin', password: SERVER_ADMIN.password });
  await bridgeCall<SessionState>(app.bridge, 'session.signIn', { name, password: SERVER_ADMIN.password });
}

export const test = base.extend<
  { app: AppFixture; screenshotDir: string; serverSignedIn: boolean },
  { ledgerKind: LedgerKind; officeCluster: OfficeCluster | null }
>({
  ledgerKind: ['file', { option: true, scope: 'worker' }],
  /** On the office server, sign in as SERVER_ADMIN before the test (false: the test meets the empty server's sign-in screen). */
  serverSignedIn: [true, { option: true }],
  officeCluster: [
    async ({ ledgerKind }, use) => {
      if (ledgerKind !== 'office') {
        await use(null);
        return;
      }
      const runDir = newRunDir();
      try {
        const port = await startCluster(runDir);
        await adminQuery(port, `create database ${TEMPLATE_DATABASE}`);
        const pool = ledgerPool(adminUrl(port, TEMPLATE_DATABASE));
        try {
          await migratePostgres(pool);
        } finally {
          await pool.end();
        }
        await use({ port, template: TEMPLATE_DATABASE });
      } finally {
        stopCluster(runDir);
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  app: async ({ ledgerKind, officeCluster, serverSignedIn }, use) => {
    if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
      throw new Error('先构建界面：npm run build:renderer');
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-'));
    const ledger = ledgerKind === 'office' && officeCluster ? await officeLedger(officeCluster, dir) : openLedger({ dbFile: path.join(dir, 'ledger.db'), door: 'web' });
    const bridge = await startWebBridge({ ledger, rendererDir });
    if (ledger.port && serverSignedIn) await signInOnServer(ledger, bridge);
    await use({ ledger, bridge, dir });
    await bridge.close();
    ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
  screenshotDir: async ({ ledgerKind }, use) => {
    await use(screenshotDirOf(ledgerKind));
  },
});

/** A test's own look into the ledger, on either engine (one helper for the vitest and Playwright suites). */
export { ledgerSql } from '../helpers/ledger-sql';

/** A test about the local ledger file itself (its backups, its folder): it cannot run on the office server. */
export const LOCAL_FILE_ONLY = '@本机文件';

/** A test whose path differs on the office server (see playwright.config.ts): the office project runs it again there. */
export const OFFICE_TOO = '@服务器';

export async function shot(page: Page, name: string): Promise<void> {
  const dir = screenshotDirOf(test.info().project.name === 'office' ? 'office' : 'file');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

export { expect };
