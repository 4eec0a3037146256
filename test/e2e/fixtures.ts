// Each test gets its own ledger file and browser-mode bridge serving the built renderer (npm run build:renderer).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { openLedger, type LedgerHandle } from '../../electron/platform/context';
import { startWebBridge, type WebBridge } from '../../electron/web-bridge';
import { openOfficeLedger } from '../../electron/platform/office-ledger';
import { dataPort, type SqlParams } from '../../electron/platform/data-port';
import { ledgerPool } from '../../electron/platform/postgres-port';
import { Client } from 'pg';
import { OFFICE_TEMPLATE_DATABASE } from './office-global-setup';

export const rendererDir = path.resolve(__dirname, '..', '..', 'dist', 'renderer');
export const screenshotDir = path.resolve(__dirname, '..', '..', 'test-results', process.env.E2E_LEDGER === 'office' ? 'screenshots-office' : 'screenshots');

interface AppFixture {
  ledger: LedgerHandle;
  bridge: WebBridge;
  dir: string;
}

export const test = base.extend<{ app: AppFixture }>({
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
      throw new Error('先构建界面：npm run build:renderer');
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-'));
    const ledger = OFFICE_MODE ? await officeLedger(dir) : openLedger({ dbFile: path.join(dir, 'ledger.db'), door: 'web' });
    const bridge = await startWebBridge({ ledger, rendererDir });
    await use({ ledger, bridge, dir });
    await bridge.close();
    ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
});

/**
 * The suite's second run, `npm run test:e2e:office`: every test's ledger on the office server, a new database
 * copied from the run's template (office-global-setup.ts), opened as the app opens it there.
 */
export const OFFICE_MODE = process.env.E2E_LEDGER === 'office';

let officeDatabases = 0;

async function officeLedger(dir: string): Promise<LedgerHandle> {
  const port = Number(process.env.E2E_PG_PORT);
  if (!port) throw new Error('E2E_LEDGER=office needs the cluster of test/e2e/office-global-setup.ts (run it through playwright.config.ts).');
  officeDatabases += 1;
  const database = `e2e_${process.pid}_${officeDatabases}`;
  const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${database} template ${OFFICE_TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const pool = ledgerPool(`postgres://postgres@127.0.0.1:${port}/${database}`);
  return openOfficeLedger({ pool, server: { host: '127.0.0.1', port, database, user: 'postgres' }, door: 'web', dataDir: dir });
}

/**
 * A test's own look into the ledger, on either engine: SQL through the ledger's data port (portable SQL: quote
 * camelCase aliases, PostgreSQL folds the others to lower case). `value` is the first column of the first row.
 */
export function ledgerSql(ledger: LedgerHandle) {
  const port = dataPort(ledger);
  return {
    all: <T>(sql: string, params: SqlParams = []) => port.all<T>(sql, params),
    get: <T>(sql: string, params: SqlParams = []) => port.get<T>(sql, params),
    run: (sql: string, params: SqlParams = []) => port.transaction((tx) => tx.run(sql, params)),
    async value<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
      const row = await port.get<Record<string, unknown>>(sql, params);
      return row ? (Object.values(row)[0] as T) : undefined;
    },
    async column<T>(sql: string, params: SqlParams = []): Promise<T[]> {
      return (await port.all<Record<string, unknown>>(sql, params)).map((row) => Object.values(row)[0] as T);
    },
  };
}

/** A test about the local ledger file itself (its backups, its folder): the office run leaves it out, by its tag. */
export const LOCAL_FILE_ONLY = '@本机文件';

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

export { expect };
