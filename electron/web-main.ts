// `npm run web`: open (or create) a ledger file, or open the ledger on the office server (--pg), and serve the
// built renderer and the API on 127.0.0.1.
// `npm start` runs the same browser mode when the Electron binary is missing (scripts/start.ts).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CONFIG_FILE_NAME } from './data-dir';
import { NO_CREDENTIAL_BOX } from './office/credentials';
import { OFFICE_URL_FORM, parseOfficeServerUrl, PG_URL_ENV } from './office/server-url';
import { decideStartupLedger, officeStartFailure, type StartupLedgerDeps } from './office/startup';
import { officeBackupFolder, startDailyBackup } from './ledger/backup/service';
import { openLedger, type LedgerHandle } from './platform/context';
import { openOfficeLedger } from './platform/office-ledger';
import { scheduleStartupVerify, type StartupVerifyState } from './ledger/audit/verify/startup';
import { startWebBridge } from './web-bridge';

export interface BrowserMode {
  url: string;
  dbFile: string;
  /** This start's automatic 校验 (verify/startup.ts), settled once it has run or been skipped. */
  startupVerify: Promise<StartupVerifyState>;
  stop(): Promise<void>;
}

/**
 * Starts browser mode with `npm run web`'s options (--db, --port, --renderer, --user-data: the folder of its
 * config.json, by default the ledger file's) and prints its address. It keeps no password (no safeStorage), so
 * the office server is given with its address and password, as the CLI takes it: --pg postgres://… or the
 * environment variable FUPIN_PG_URL; then --db's folder is this PC's data folder (logs, exported files).
 */
export async function startBrowserMode(args: string[]): Promise<BrowserMode> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string', default: path.resolve('data', 'ledger.db') },
      pg: { type: 'string' },
      port: { type: 'string', default: '5180' },
      renderer: { type: 'string', default: path.resolve(__dirname, '..', 'dist', 'renderer') },
      'user-data': { type: 'string' },
    },
  });
  const dataDir = path.dirname(path.resolve(values.db));
  const configFile = path.join(values['user-data'] ?? dataDir, CONFIG_FILE_NAME);
  const pgMigrationsFolder = path.resolve(__dirname, '..', 'db', 'migrations-pg');
  const address = values.pg ?? process.env[PG_URL_ENV];
  let given: StartupLedgerDeps['given'];
  if (address) {
    const parsed = parseOfficeServerUrl(address);
    if ('problem' in parsed) throw new Error(parsed.problem);
    given = { server: parsed.settings, password: parsed.password };
  }
  const deps: StartupLedgerDeps = { configFile, credentials: NO_CREDENTIAL_BOX, migrationsFolder: pgMigrationsFolder, backupFolder: officeBackupFolder({ dbFile: values.db }), given };
  const where = await decideStartupLedger(deps).catch((error: unknown) => {
    throw new Error(`${officeStartFailure(deps, error).message}${given ? '' : `浏览器模式不保存服务器密码：请用 --pg ${OFFICE_URL_FORM} 或环境变量 ${PG_URL_ENV} 给出服务器。`}`);
  });
  if (where.notice) process.stdout.write(`${where.notice}\n`);
  const ledgerLocation = {
    configFile,
    credentials: NO_CREDENTIAL_BOX,
    pgMigrationsFolder,
    open: where.open,
    startupNotice: where.open === 'local' ? where.notice : null,
    ...(given ? { givenServer: given.server } : {}),
  };
  let ledger: LedgerHandle;
  if (where.open === 'office') {
    fs.mkdirSync(dataDir, { recursive: true });
    ledger = openOfficeLedger({ pool: where.connection.pool, server: where.server, door: 'web', dataDir, ledgerLocation });
  } else {
    ledger = openLedger({ dbFile: values.db, door: 'web', ledgerLocation });
    // The daily copy is of a local file; the office server's ledger is backed up on purpose (备份与恢复).
    void startDailyBackup(ledger);
  }
  const bridge = await startWebBridge({ ledger, rendererDir: values.renderer, port: Number(values.port) });
  const opened = where.open === 'office' ? `台账在${ledger.dbFile}` : `数据文件 ${ledger.dbFile}`;
  process.stdout.write(`扶贫台账浏览器模式已启动（${opened}）\n请在浏览器中打开：${bridge.url}\n`);
  // 校验 once per start, after the bridge is serving (and pushing progress to the page): the page's first
  // requests go first (verify/startup.ts), and 首页 reloads when it is done.
  const startupVerify = scheduleStartupVerify(ledger);
  return { url: bridge.url, dbFile: ledger.dbFile, startupVerify, stop: () => bridge.close().then(() => ledger.close()) };
}

/** Runs browser mode until Ctrl+C or SIGTERM; a start that fails is one Chinese line and exit 1. */
export async function runBrowserMode(args: string[]): Promise<BrowserMode> {
  try {
    const mode = await startBrowserMode(args);
    const stop = () => void mode.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return mode;
  } catch (error: unknown) {
    process.stderr.write(`浏览器模式启动失败：${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

if (require.main === module) void runBrowserMode(process.argv.slice(2));
