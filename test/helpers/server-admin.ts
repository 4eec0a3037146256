// Signing in on a ledger on the office server, where nothing but the public channels answers before sign-in:
// the first 管理员 the tests create on an empty server, for a door, for the CLI and for the e2e fixture (no vitest
// here: Playwright loads this file too).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withSession } from '../../electron/ledger/operators/service';
import { newSessionSlot, type ServiceContext } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { openOfficeLedger } from '../../electron/platform/office-ledger';
import { ledgerPool } from '../../electron/platform/postgres-port';

/** The 管理员 the tests create first on an empty server ledger (a ledger on the server always asks for sign-in). */
export const SERVER_ADMIN = { name: '服务器管理员', password: 'server-admin-1' } as const;

/**
 * `ctx` (whose port is the server's) signed in as the server's first 管理员, created through the channel the
 * sign-in screen uses (and audited like it).
 */
export async function signedInAsFirstAdmin(ctx: ServiceContext): Promise<ServiceContext> {
  const door = withSession(ctx, newSessionSlot());
  const res = await dispatch(door, 'session.createFirstAdmin', SERVER_ADMIN);
  if (!res.ok) throw new Error(`session.createFirstAdmin: ${res.error.message}`);
  return door;
}

/** The CLI's sign-in as SERVER_ADMIN on a server: its options, with the password in this environment variable. */
export const SERVER_ADMIN_ENV = 'FUPIN_TEST_SERVER_ADMIN_PASSWORD';
export const SERVER_ADMIN_CLI = ['--operator', SERVER_ADMIN.name, '--password-env', SERVER_ADMIN_ENV] as const;

/** Create SERVER_ADMIN on the empty server ledger at `url`, and put its password where SERVER_ADMIN_CLI says. */
export async function firstAdminAt(url: string): Promise<void> {
  const pool = ledgerPool(url);
  const local = fs.mkdtempSync(path.join(os.tmpdir(), 'office-admin-'));
  const ledger = openOfficeLedger({ pool, server: { host: '127.0.0.1', port: 0, database: 'x', user: 'x' }, door: 'cli', dataDir: local });
  try {
    await signedInAsFirstAdmin(ledger);
  } finally {
    ledger.close();
    fs.rmSync(local, { recursive: true, force: true });
  }
  process.env[SERVER_ADMIN_ENV] = SERVER_ADMIN.password;
}
