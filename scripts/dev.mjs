// `npm run dev`: the Vite dev server for the renderer, then the Electron main process pointed at it.
// Both are stopped together. When the Electron binary is missing (a fresh `npm install`: since Electron 42 the
// package downloads it only on first use), electron's own install step is tried first, as `npm start` does;
// only when that fails (no internet, a filtered network) does it say why and start browser mode instead —
// `npm start`'s own fallback, after building the renderer, since browser mode serves the built files.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Run by tsx (package.json "dev"), so the TypeScript modules `npm start` uses are shared, not copied.
import { ensureElectronBinary } from './electron-binary.ts';
import { startBrowserFallback } from './start.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEV_URL = 'http://127.0.0.1:5173';
const WAIT_MS = 60_000;

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
  process.exitCode = code;
}

process.on('SIGINT', () => stopAll(130));
process.on('SIGTERM', () => stopAll(143));
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill();
});

async function waitForServer(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return false;
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

/** No Electron: build the renderer (browser mode serves dist/renderer) and fall back as `npm start` does. */
async function browserFallback(reason, args) {
  const built = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    process.exitCode = built.status ?? 1;
    return;
  }
  await startBrowserFallback(reason, args);
}

async function main() {
  const args = process.argv.slice(2);
  const { binary, reason } = await ensureElectronBinary();
  if (!binary) {
    await browserFallback(reason, args);
    return;
  }

  // vite's own script run by this Node (22, from node_modules/.bin): no shell, so kill() reaches it on Windows too.
  const vite = spawn(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js')], { cwd: root, stdio: 'inherit' });
  children.push(vite);
  vite.on('exit', (code) => stopAll(code ?? 1));

  if (!(await waitForServer(DEV_URL, WAIT_MS))) {
    console.error(`Vite 开发服务器没有在 ${WAIT_MS / 1000} 秒内启动 (${DEV_URL} did not answer).`);
    stopAll(1);
    return;
  }

  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    stopAll(built.status ?? 1);
    return;
  }

  const env = { ...process.env, VITE_DEV_SERVER_URL: DEV_URL };
  // Inherited from some tool shells, it would make the binary run as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const electron = spawn(binary, ['.', ...args], { cwd: root, stdio: 'inherit', env });
  children.push(electron);
  electron.on('exit', (code) => stopAll(code ?? 0));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  stopAll(1);
});
