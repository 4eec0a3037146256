// Whether node_modules/electron has its binary, found the way its index.js finds it but without requiring it:
// requiring 'electron' from Node starts a download when the binary is missing and throws when that fails.
// Used by `npm start` (scripts/start.ts) and `npm run dev` (scripts/dev.mjs), which both try electron's own
// install step first (since Electron 42 the package has no postinstall, so a fresh `npm install` has no binary).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ELECTRON_PACKAGE_DIR = path.resolve(__dirname, '..', 'node_modules', 'electron');

/** The executable electron's index.js would run, or null when it is not on disk (never downloaded). */
export function electronBinary(pkgDir: string = ELECTRON_PACKAGE_DIR, env: NodeJS.ProcessEnv = process.env): string | null {
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = path.join(override, relative || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return fs.existsSync(binary) ? binary : null;
  }
  if (!relative) return null;
  const binary = path.join(pkgDir, 'dist', relative);
  return fs.existsSync(binary) ? binary : null;
}

/** The reason in @electron/get's output ("TypeError: fetch failed" → "fetch failed"), without the stack. */
export function downloadFailureReason(output: string): string | null {
  const line = /^\s*(?:[A-Za-z]*Error|RequestError|HTTPError): (.+)$/m.exec(output);
  return line?.[1]?.trim() || null;
}

/** What a clerk or an IT helper reads when the desktop window cannot start: what failed and what to do. */
export function electronMissingMessage(reason: string | null, platform: NodeJS.Platform = process.platform): string {
  // cmd.exe keeps a space before && in the value, so Windows gets two commands.
  const setMirror = platform === 'win32' ? '先运行 set ELECTRON_MIRROR=镜像地址，再运行 npx install-electron' : 'ELECTRON_MIRROR=镜像地址 npx install-electron';
  return [
    `桌面程序无法启动：Electron 程序文件没有下载下来${reason ? `（${reason}）` : ''}，这台电脑可能没有联网，或网络不允许访问 Electron 的下载地址。`,
    `解决办法：把环境变量 ELECTRON_MIRROR 设为能访问的 Electron 镜像地址后重新安装 Electron（${setMirror}），再运行 npm start；`,
    '或者改用安装包（在能联网的电脑上用 npm run dist 生成）。',
    '现在先以浏览器模式启动同一个程序（同 npm run web）：',
  ].join('\n');
}

/** electron's install.js (what its launcher runs on first use), its output kept for the reason. */
export function installElectron(pkgDir: string = ELECTRON_PACKAGE_DIR): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(pkgDir, 'install.js')], { cwd: path.resolve(pkgDir, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ ok: false, output: `Error: ${error.message}` }));
    child.on('close', (code) => resolve({ ok: code === 0, output }));
  });
}

export interface EnsureDeps {
  find(): string | null;
  install(): Promise<{ ok: boolean; output: string }>;
  env: NodeJS.ProcessEnv;
  say(text: string): void;
}

const realEnsureDeps: EnsureDeps = {
  find: () => electronBinary(),
  install: () => installElectron(),
  env: process.env,
  say: (text) => process.stdout.write(text),
};

/**
 * The Electron binary, downloaded first by electron's own install step when it is missing; or null and the
 * reason (for electronMissingMessage) when it cannot be had. ELECTRON_SKIP_BINARY_DOWNLOAD means: do not try.
 */
export async function ensureElectronBinary(overrides: Partial<EnsureDeps> = {}): Promise<{ binary: string | null; reason: string | null }> {
  const deps: EnsureDeps = { ...realEnsureDeps, ...overrides };
  const found = deps.find();
  if (found) return { binary: found, reason: null };
  if (deps.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { binary: null, reason: '设置了 ELECTRON_SKIP_BINARY_DOWNLOAD' };
  deps.say('正在下载 Electron 程序文件（首次启动需要，约 100 MB，可按 Ctrl+C 取消）…\n');
  const download = await deps.install();
  const binary = deps.find();
  if (binary) return { binary, reason: null };
  return { binary: null, reason: downloadFailureReason(download.output) ?? (download.ok ? '下载后仍找不到程序文件' : null) };
}
