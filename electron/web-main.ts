// `npm run web`: open (or create) a ledger file and serve the built renderer and the API on 127.0.0.1.
// `npm start` runs the same browser mode when the Electron binary is missing (scripts/start.ts).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CONFIG_FILE_NAME } from './data-dir';
import { NO_CREDENTIAL_BOX } from './office/credentials';
import { decideStartupLedger } from './office/startup';
import { officeBackupFolder } from './ledger/backup/service';
import { startDailyBackup } from './ledger/backup/service';
import { openLedger } from './platform/context';
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
 * config.json, by default the ledger file's) and prints its address. It keeps no password (no safeStorage).
 */
export async function startBrowserMode(args: string[]): Promise<BrowserMode> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string', default: path.resolve('data', 'ledger.db') },
      port: { type: 'string', default: '5180' },
      renderer: { type: 'string', default: path.resolve(__dirname, '..', 'dist', 'renderer') },
      'user-data': { type: 'string' },
    },
  });
  const configFile = path.join(values['user-data'] ?? path.dirname(path.resolve(values.db)), CONFIG_FILE_NAME);
  const pgMigrationsFolder = path.resolve(__dirname, '..', 'db', 'migrations-pg');
  const where = await decideStartupLedger({ configFile, credentials: NO_CREDENTIAL_BOX, migrationsFolder: pgMigrationsFolder, backupFolder: officeBackupFolder({ dbFile: values.db }) });
  if (where.open === 'office') {
    // Only once OFFICE_MODE_READY is true (office/startup.ts): opening the ledger on the server is the rest of issue 16.
    await where.connection.pool.end();
    throw new Error('这个版本还不能在办公室服务器上打开台账。');
  }
  if (where.notice) process.stdout.write(`${where.notice}\n`);
  const ledgerLocation = { configFile, credentials: NO_CREDENTIAL_BOX, pgMigrationsFolder, open: 'local' as const, startupNotice: where.notice };
  const ledger = openLedger({ dbFile: values.db, door: 'web', ledgerLocation });
  void startDailyBackup(ledger);
  const bridge = await startWebBridge({ ledger, rendererDir: values.renderer, port: Number(values.port) });
  process.stdout.write(`扶贫台账浏览器模式已启动（数据文件 ${ledger.dbFile}）\n请在浏览器中打开：${bridge.url}\n`);
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
