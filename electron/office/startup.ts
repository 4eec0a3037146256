// What the app opens at start when 设置 → 数据存放 chose the office server. Opening the ledger on PostgreSQL
// needs every service on the data port (issue 15, in progress), so this version checks the connection, says
// so in Chinese, and opens the local file. OFFICE_MODE_READY is the one switch: when it is true the server is
// connected (an older schema migrated under the lock) and handed to the caller.
import type { OfficeServerSettings } from '../../shared/api-office';
import { connectOfficeServer, migratedSentence, OfficeServerError, testOfficeServer, type OfficeConnection } from '../platform/office-server';
import { openPassword, type CredentialBox } from './credentials';
import { readStoredLocation } from './location-file';

/** Every ledger service runs on the data port (issue 15): flip to open the office server at start. */
export const OFFICE_MODE_READY = false;

export const STARTUP_CHECK_TIMEOUT_MS = 5000;

export const OFFICE_NOT_YET =
  '这个版本的扶贫台账还不能在办公室服务器上打开台账（多人共用一个台账的功能还在开发中），本次打开的是本机的台账文件；本机文件中的数据照常可用。';

export type StartupLedger =
  | { open: 'local'; notice: string | null }
  /** notice: said when connecting migrated the server's ledger, with where its backup went (migratedSentence). */
  | { open: 'office'; server: OfficeServerSettings; connection: OfficeConnection; notice: string | null };

export interface StartupLedgerDeps {
  configFile: string;
  credentials: CredentialBox;
  /** Default OFFICE_MODE_READY (tests pass true to see the office path). */
  ready?: boolean;
  migrationsFolder?: string;
  connectTimeoutMs?: number;
  /** Told when another PC is migrating the server and this start waits for it. */
  onWait?: (message: string) => void;
  /** Where the backup goes before an older ledger on the server is migrated (备份/办公室服务器 beside the local ledger). */
  backupFolder: string;
}

const where = (s: OfficeServerSettings) => `${s.user}@${s.host}:${s.port}/${s.database}`;

/** Which ledger to open at start, and what to tell the clerk about it (a Chinese notice, or null). */
export async function decideStartupLedger(deps: StartupLedgerDeps): Promise<StartupLedger> {
  const stored = readStoredLocation(deps.configFile);
  if (stored.problem) return { open: 'local', notice: stored.problem };
  if (stored.location !== 'office' || !stored.server) return { open: 'local', notice: null };
  const server = stored.server;
  const opened = openPassword(deps.credentials, stored.sealedPassword);
  const options = { migrationsFolder: deps.migrationsFolder, connectTimeoutMs: deps.connectTimeoutMs ?? STARTUP_CHECK_TIMEOUT_MS };

  if (!(deps.ready ?? OFFICE_MODE_READY)) {
    if ('problem' in opened) return { open: 'local', notice: `设置中选了办公室服务器（${where(server)}）。${opened.problem}${OFFICE_NOT_YET}` };
    const check = await testOfficeServer(server, opened.password, options);
    const found = check.ok ? `连接检查正常：${check.message.replace(/^连接成功(（[^）]*）)?：/, '')}` : `连接检查未通过：${check.message}`;
    return { open: 'local', notice: `设置中选了办公室服务器（${where(server)}）。${found}${OFFICE_NOT_YET}` };
  }

  if ('problem' in opened) throw new OfficeServerError('noPassword', opened.problem);
  const connection = await connectOfficeServer(server, opened.password, { ...options, onWait: deps.onWait, backupFolder: deps.backupFolder });
  return { open: 'office', server, connection, notice: migratedSentence(connection) };
}
