// Which Chromium the end-to-end tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium (Playwright's
// own browser download is not possible on the build machines), else Edge on Windows.
import fs from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function chromiumLaunchOptions(): LaunchOptions {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return { executablePath: fromEnv, args };
  const found = CANDIDATES.find((p) => fs.existsSync(p));
  if (found) return { executablePath: found, args };
  if (process.platform === 'win32') return { channel: 'msedge', args };
  throw new Error('找不到 Chromium：请安装（Debian: apt-get install -y chromium fonts-noto-cjk）或设置 CHROMIUM_PATH');
}
