// `npm start` after the build: the Electron window when the binary is there (downloading it first, as
// electron's own launcher does, when it is not). Where it cannot be downloaded (an offline or filtered office
// network), say in Chinese what failed and how to fix it, then start the same app in browser mode
// (`npm run web`) and open it in the default browser, or print its address where there is no display.
// Arguments after `npm start --` go to whichever starts.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { electronMissingMessage, ensureElectronBinary } from './electron-binary';

const root = path.resolve(__dirname, '..');

function runElectron(binary: string, args: string[]): void {
  const env = { ...process.env };
  // Inherited from some tool shells, it would make the binary run as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, ['.', ...args], { cwd: root, stdio: 'inherit', env, windowsHide: false });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** Where the default browser can be asked to open a page; null where there is no display to show it on. */
export function browserOpener(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { command: string; args: string[] } | null {
  // rundll32 hands the address to the default browser without cmd.exe's quoting rules (`start` would need them).
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler'] };
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return { command: 'xdg-open', args: [] };
  return null;
}

function openInBrowser(url: string): void {
  const opener = browserOpener(process.platform, process.env);
  if (!opener) {
    process.stdout.write('这里没有图形界面，无法自动打开浏览器：请在本机的浏览器中打开上面的地址。\n');
    return;
  }
  const child = spawn(opener.command, [...opener.args, url], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stdout.write('没能自动打开浏览器：请在浏览器中打开上面的地址。\n'));
  child.unref();
}

/**
 * Where the desktop window cannot start: say in Chinese what failed and how to fix it, then serve the same app
 * in browser mode (`npm run web`'s options in `args`) and open it in the default browser. `npm run dev` ends here too.
 */
export async function startBrowserFallback(reason: string | null, args: string[]): Promise<void> {
  process.stderr.write(`${electronMissingMessage(reason)}\n`);
  // Loaded only now: the desktop path never opens the ledger in this process.
  const { runBrowserMode } = await import('../electron/web-main');
  const mode = await runBrowserMode(args);
  openInBrowser(mode.url);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const { binary, reason } = await ensureElectronBinary();
  if (binary) runElectron(binary, args);
  else await startBrowserFallback(reason, args);
}

if (require.main === module) void main();
