// Which Chromium the end-to-end tests drive: the same choice the bulletin PDFs are printed with
// (CHROMIUM_PATH, else Debian's /usr/bin/chromium — Playwright's own browser download is not possible on the
// build machines — else Edge on Windows).
import type { LaunchOptions } from '@playwright/test';
import { chromiumLaunchOptions as bulletinChromium } from '../../electron/ledger/bulletins/pdf';

export function chromiumLaunchOptions(): LaunchOptions {
  return bulletinChromium();
}
