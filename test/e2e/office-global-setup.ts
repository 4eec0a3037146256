// Playwright globalSetup for the e2e suite in office mode (E2E_LEDGER=office, `npm run test:e2e:office`): one
// throwaway PostgreSQL cluster for the run (test/helpers/pg-cluster.ts, as the vitest suites use) and a template
// database at this app's schema; each test copies the template (fixtures.ts). The workers learn the cluster
// from the environment. The returned teardown stops the cluster and removes its folder.
import { Client } from 'pg';
import { migratePostgres } from '../../db/migrate-pg';
import { ledgerPool } from '../../electron/platform/postgres-port';
import { newRunDir, startCluster, stopCluster } from '../helpers/pg-cluster';

export const OFFICE_TEMPLATE_DATABASE = 'ledger_template';

export default async function setup(): Promise<() => void> {
  if (process.env.E2E_LEDGER !== 'office') return () => undefined;
  const runDir = newRunDir();
  try {
    const port = await startCluster(runDir);
    const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    try {
      await admin.query(`create database ${OFFICE_TEMPLATE_DATABASE}`);
    } finally {
      await admin.end();
    }
    const pool = ledgerPool(`postgres://postgres@127.0.0.1:${port}/${OFFICE_TEMPLATE_DATABASE}`);
    try {
      await migratePostgres(pool);
    } finally {
      await pool.end();
    }
    process.env.E2E_PG_PORT = String(port);
  } catch (error) {
    stopCluster(runDir);
    throw error;
  }
  return () => stopCluster(runDir);
}
