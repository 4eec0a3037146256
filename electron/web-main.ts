// `npm run web`: open (or create) a ledger file and serve the built renderer and the API on 127.0.0.1.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDailyBackup } from './services/backup/service';
import { openLedger } from './services/context';
import { startWebBridge } from './web-bridge';

async function main(): Promise<void> {
  const { values } = parseArgs({
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
  const stop = () => {
    void bridge.close().then(() => {
      ledger.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`浏览器模式启动失败：${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
