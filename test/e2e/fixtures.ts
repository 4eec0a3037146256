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
import { openLedger, type LedgerHandle } from '../../electron/platform/context';
import { openOfficeLedger } from '../../electron/platform/office-ledger';
import { ledgerPool } from '../../electron/platform/postgres-port';
import { startWebBridge, type WebBridge } from '../../electron/web-bridge';
import { newRunDir, startCluster, stopCluster } from '../helpers/pg-cluster';

export const rendererDir = path.resolve(__dirname, '..', '..', 'dist', 'renderer');
const screenshotRoot = path.resolve(__dirname, '..', '..', 'test-results');

/** Where this run's screenshots go: screenshots/ for the ledger file, screenshots-office/ for the office server. */
export function screenshotDirOf(ledgerKind: LedgerKind): string {
  return path.join(screenshotRoot, ledgerKind === 'office' ? 'screenshots-office' : 'screenshots');
}

export type LedgerKind = 'file' | 'office';

interface AppFixture {
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

export const test = base.extend<{ app: AppFixture; screenshotDir: string }, { ledgerKind: LedgerKind; officeCluster: OfficeCluster | null }>({
  ledgerKind: ['file', { option: true, scope: 'worker' }],
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
  app: async ({ ledgerKind, officeCluster }, use) => {
    if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
      throw new Error('先构建界面：npm run build:renderer');
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-'));
    const ledger = ledgerKind === 'office' && officeCluster ? await officeLedger(officeCluster, dir) : openLedger({ dbFile: path.join(dir, 'ledger.db'), door: 'web' });
    const bridge = await startWebBridge({ ledger, rendererDir });
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

/** A test about the local ledger file itself (its backups, its folder): the office run leaves it out, by its tag. */
export const LOCAL_FILE_ONLY = '@本机文件';

export async function shot(page: Page, name: string): Promise<void> {
  const dir = screenshotDirOf(test.info().project.name === 'office' ? 'office' : 'file');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

export { expect };
