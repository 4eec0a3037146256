// `npm run dev`: the Vite dev server for the renderer, then the Electron main process pointed at it.
// Both are stopped together. Where the Electron binary could not be downloaded (the build machines of
// DESIGN.md), say so and point to browser mode instead of starting anything.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Run by tsx (package.json "dev"), so the TypeScript module `npm start` uses is shared, not copied.
import { electronBinary } from './electron-binary.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEV_URL = 'http://127.0.0.1:5173';
const WAIT_MS = 60_000;

const binary = electronBinary();
if (!binary) {
  console.error(
    [
      '找不到 Electron 程序（node_modules/electron 的二进制文件没有下载；npm start 会先尝试下载）。',
      '请改用浏览器模式：npm run web',
      '',
      'The Electron binary is missing (node_modules/electron was installed without its download).',
      'Use browser mode instead: npm run web',
    ].join('\n'),
  );
  process.exit(1);
}

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

async function main() {
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
  const electron = spawn(binary, ['.'], { cwd: root, stdio: 'inherit', env });
  children.push(electron);
  electron.on('exit', (code) => stopAll(code ?? 0));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  stopAll(1);
});
