// What the app opens at start: the local ledger file, or — when 设置 → 数据存放 chose 办公室服务器 — the ledger on
// the office server, connected (an older schema migrated under the lock, after a backup) and handed to the door,
// which opens it with openOfficeLedger. A server that cannot be reached is never a silent fallback to the local
// file: the door says why (officeStartFailure) and lets the clerk retry, open the local file this once, or quit.
import type { OfficeServerSettings } from '../../shared/api-office';
import { connectOfficeServer, migratedSentence, OfficeServerError, type OfficeConnection } from '../platform/office-server';
import { openPassword, type CredentialBox } from './credentials';
import { readStoredLocation } from './location-file';

/** How long a start waits for the office server to answer before it says so. */
export const STARTUP_CONNECT_TIMEOUT_MS = 5000;

export type StartupLedger =
  | { open: 'local'; notice: string | null }
  /** notice: said when connecting migrated the server's ledger, with where its backup went (migratedSentence). */
  | { open: 'office'; server: OfficeServerSettings; connection: OfficeConnection; notice: string | null };

export interface StartupLedgerDeps {
  configFile: string;
  credentials: CredentialBox;
  migrationsFolder?: string;
  connectTimeoutMs?: number;
  /** Told when another PC is migrating the server and this start waits for it. */
  onWait?: (message: string) => void;
  /** Where the backup goes before an older ledger on the server is migrated (备份/办公室服务器 in the local data folder). */
  backupFolder: string;
  /**
   * The office server's password from elsewhere than the sealed one in config.json: browser mode has no
   * safeStorage, so it takes the server's address with its password (--pg or FUPIN_PG_URL, office/server-url.ts).
   */
  given?: { server: OfficeServerSettings; password: string };
}

/** How a start names the server: never with the password. */
export const officeServerWhere = (s: OfficeServerSettings) => `${s.user}@${s.host}:${s.port}/${s.database}`;

/**
 * Which ledger to open at start, and what to tell the clerk about it (a Chinese notice, or null). With the
 * office server chosen (or given), connects to it; a server that cannot be opened throws OfficeServerError,
 * whose message says why in Chinese.
 */
export async function decideStartupLedger(deps: StartupLedgerDeps): Promise<StartupLedger> {
  const options = { migrationsFolder: deps.migrationsFolder, connectTimeoutMs: deps.connectTimeoutMs ?? STARTUP_CONNECT_TIMEOUT_MS };
  const connect = async (server: OfficeServerSettings, password: string): Promise<StartupLedger> => {
    const connection = await connectOfficeServer(server, password, { ...options, onWait: deps.onWait, backupFolder: deps.backupFolder });
    return { open: 'office', server, connection, notice: migratedSentence(connection) };
  };
  if (deps.given) return connect(deps.given.server, deps.given.password);

  const stored = readStoredLocation(deps.configFile);
  if (stored.problem) return { open: 'local', notice: stored.problem };
  if (stored.location !== 'office' || !stored.server) return { open: 'local', notice: null };
  const opened = openPassword(deps.credentials, stored.sealedPassword);
  if ('problem' in opened) throw new OfficeServerError('noPassword', opened.problem);
  return connect(stored.server, opened.password);
}

/**
 * What the clerk is told when the office server could not be opened at start, and — if they choose to open the
 * local file this once — the notice 设置 → 数据存放 then shows.
 */
export function officeStartFailure(deps: Pick<StartupLedgerDeps, 'configFile' | 'given'>, error: unknown): { message: string; localNotice: string } {
  const why = error instanceof OfficeServerError ? error.message : `连接时出错：${error instanceof Error ? error.message : String(error)}`;
  const server = deps.given?.server ?? readStoredLocation(deps.configFile).server;
  const named = server ? `办公室服务器（${officeServerWhere(server)}）` : '办公室服务器';
  return {
    message: `没能打开${named}上的台账。${why}`,
    localNotice: `设置中选了${named}，启动时没能打开：${why}本次打开的是本机的台账文件，其中的数据与服务器上的不同步。`,
  };
}
