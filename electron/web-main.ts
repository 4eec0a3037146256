// `npm run web`: open (or create) a ledger file and serve the built renderer and the API on 127.0.0.1.
// `npm start` runs the same browser mode when the Electron binary is missing (scripts/start.ts).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDailyBackup } from './services/backup/service';
import { openLedger } from './services/context';
import { startWebBridge } from './web-bridge';

export interface BrowserMode {
  url: string;
  dbFile: string;
  stop(): Promise<void>;
}

/** Starts browser mode with `npm run web`'s options (--db, --port, --renderer) and prints its address. */
export async function startBrowserMode(args: string[]): Promise<BrowserMode> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string', default: path.resolve('data', 'ledger.db') },
      port: { type: 'string', default: '5180' },
      renderer: { type: 'string', default: path.resolve(__dirname, '..', 'dist', 'renderer') },
    },
  });
  const ledger = openLedger({ dbFile: values.db, door: 'web' });
  void startDailyBackup(ledger);
  const bridge = await startWebBridge({ ledger, rendererDir: values.renderer, port: Number(values.port) });
  process.stdout.write(`扶贫台账浏览器模式已启动（数据文件 ${ledger.dbFile}）\n请在浏览器中打开：${bridge.url}\n`);
  return { url: bridge.url, dbFile: ledger.dbFile, stop: () => bridge.close().then(() => ledger.close()) };
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
