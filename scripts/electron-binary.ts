// Whether node_modules/electron has its binary, found the way its index.js finds it but without requiring it:
// requiring 'electron' from Node starts a download when the binary is missing and throws when that fails.
// Used by `npm start` (scripts/start.ts) and `npm run dev` (scripts/dev.mjs).
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
